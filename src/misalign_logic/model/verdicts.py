"""What the solver decides, as frozen values that hold no solver object (docs/model.md, "Verdicts")."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from misalign_logic.model.notebook import Shown
from misalign_logic.model.scenario import Constraint
from misalign_logic.model.schemes import Label, label_set
from misalign_logic.model.unknown import UNKNOWN_VALUE, Decision

__all__ = ["Explanation", "Relation", "RelationKind", "Status", "Verdict", "Witness", "World"]

Value = bool | int | str  # an amount is an int


class Status(Decision):
    """The kind of a verdict."""

    FORCED = "forced"  # every world of the scenario gets the same label
    AMBIGUOUS = "ambiguous"  # worlds of the scenario disagree; witnesses show one world per label
    INCONSISTENT = "inconsistent"  # the scenario has no world; the core shows the clash
    UNKNOWN = UNKNOWN_VALUE  # the solver gave up (timeout or limit); nothing is claimed


@attrs.frozen
class World(Mapping[str, Value]):
    """A world, or the part of one that matters, as readable facts: ``{"policy(farm)": "print_pr", ...}``.

    Booleans are ``True``/``False``; enum-valued facts are value names; amounts are integers.
    """

    facts: tuple[tuple[str, Value], ...]

    @classmethod
    def of(cls, facts: Mapping[str, Value]) -> World:
        """A world from a mapping, with its facts in a stable order."""
        return cls(tuple(sorted(facts.items())))

    def __getitem__(self, key: str) -> Value:
        for k, v in self.facts:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def statements(self) -> list[str]:
        """The facts as statements of the expression language: ``policy(farm) == print_pr``, ``not ideal(...)``."""
        out = []
        for k, v in self.facts:
            if v is True:
                out.append(k)
            elif v is False:
                out.append(f"not {k}")
            else:
                out.append(f"{k} == {v}")
        return out

    def __str__(self) -> str:
        return ", ".join(self.statements())


@attrs.frozen
class Witness:
    """A world of the scenario that gets ``label``, and the unknowns of it that settle the label.

    ``decided_by`` is a minimal set of the world's facts that, added to the scenario, force ``label``.
    """

    label: Label
    world: World
    decided_by: World


#: A verdict's explanation: its core, its witnesses and whether the core was shown minimal.
Explanation = tuple[tuple[Constraint, ...], tuple["Witness", ...], bool]

# Stands for a part of an explanation not computed yet (an ``attrs.evolve`` of a pending verdict copies it,
# so that the parts the copy was given are kept and only the others are computed).
_LATER: Any = type("_Later", (), {"__repr__": lambda self: "<later>"})()


@attrs.frozen(eq=False, repr=False)
class Verdict(Shown):
    """What a scheme says about a scenario, and why.

    The status and labels are decided first; the explanation (``core``, ``witnesses``, ``minimal``) may be
    left to a ``pending`` function that computes it when one of them is first read, so a caller that only
    looks at the status never waits for it. Equality, hashing and pickling read the explanation, so a
    pickled verdict carries it and no solver object.

    Attributes:
        scenario: the scenario's name.
        scheme: the scheme's ID.
        status: forced, ambiguous, inconsistent or unknown.
        labels: the labels the scenario's worlds get (one when forced; empty when inconsistent or unknown).
        core: forced: a minimal set of the scenario's constraints that still forces the label;
            inconsistent: a minimal set that has no world. Empty otherwise.
        witnesses: ambiguous: one witness world per label.
        reason: unknown: why the solver gave up.
        remedy: under the generalization scheme, the seed's remedy for a forced label.
        minimal: whether ``core`` was shrunk to a minimal set (false when explanations were off, so the
            solver's first core is given, or when the solver gave up while shrinking).
    """

    scenario: str
    scheme: str
    status: Status
    labels: frozenset[Label] = frozenset()
    _core: tuple[Constraint, ...] = attrs.field(default=(), alias="core")
    _witnesses: tuple[Witness, ...] = attrs.field(default=(), alias="witnesses")
    reason: str = ""
    remedy: str = ""
    _minimal: bool = attrs.field(default=True, alias="minimal")
    # Computes (core, witnesses, minimal) on first read; None once they are known.
    _pending: Callable[[], Explanation] | None = attrs.field(default=None, alias="pending", kw_only=True)

    @classmethod
    def later(
        cls,
        scenario: str,
        scheme: str,
        status: Status,
        labels: frozenset[Label],
        pending: Callable[[], Explanation],
        remedy: str = "",
    ) -> Verdict:
        """A verdict whose explanation ``pending`` computes when ``core``, ``witnesses`` or ``minimal`` is read."""
        return cls(scenario, scheme, status, labels, _LATER, _LATER, remedy=remedy, minimal=_LATER, pending=pending)

    def _settle(self) -> None:
        pending = self._pending
        if pending is not None:
            found = pending()
            # Frozen to callers; filled in once, as if given to the constructor (a part given already stays).
            for name, value in zip(("_core", "_witnesses", "_minimal"), found, strict=True):
                if getattr(self, name) is _LATER:
                    object.__setattr__(self, name, value)
            object.__setattr__(self, "_pending", None)

    @property
    def core(self) -> tuple[Constraint, ...]:
        """Forced: a minimal set of the constraints that still forces the label; inconsistent: the clash."""
        self._settle()
        return self._core

    @property
    def witnesses(self) -> tuple[Witness, ...]:
        """Ambiguous: one witness world per label."""
        self._settle()
        return self._witnesses

    @property
    def minimal(self) -> bool:
        """Whether ``core`` was shrunk to a minimal set."""
        self._settle()
        return self._minimal

    @property
    def explained(self) -> bool:
        """Whether the explanation is computed already (reading ``core`` or ``witnesses`` computes it)."""
        return self._pending is None

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.scenario,
            self.scheme,
            self.status,
            self.labels,
            self.core,
            self.witnesses,
            self.reason,
            self.remedy,
            self.minimal,
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Verdict)
        return self._fields() == other._fields()

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        names = ("scenario", "scheme", "status", "labels", "core", "witnesses", "reason", "remedy", "minimal")
        return f"Verdict({', '.join(f'{n}={v!r}' for n, v in zip(names, self._fields(), strict=True))})"

    def __reduce__(self) -> tuple[type[Verdict], tuple[Any, ...]]:
        # Pickled (and copied) with its explanation computed: the pending function holds solver state.
        return (Verdict, self._fields())

    @property
    def forced(self) -> Label | None:
        """The label every world gets, or None when the verdict is not forced."""
        if self.status is Status.FORCED:
            label: Label = next(iter(self.labels))
            return label
        return None

    @property
    def deciding(self) -> tuple[str, ...]:
        """Ambiguous: the unknowns that decide between the labels (e.g. ``choice``, ``reason(review)``)."""
        seen: dict[str, None] = {}
        for w in self.witnesses:
            for k in w.decided_by:
                seen.setdefault(k)
        return tuple(seen)

    def sorted_labels(self) -> list[str]:
        """The labels as sorted strings."""
        return sorted(label.value for label in self.labels)

    def summary(self) -> str:
        """One short phrase: ``forced outer``, ``ambiguous {inner, outer}``, ``inconsistent``, ``unknown``."""
        if self.status is Status.FORCED:
            return f"forced {self.forced}"
        if self.status is Status.AMBIGUOUS:
            return f"ambiguous {label_set(self.labels)}"
        return str(self.status)

    def __str__(self) -> str:
        return f"{self.scenario} under {self.scheme}: {self.summary()}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: scheme, status, labels, and the explanation in structured form."""
        out: dict[str, Any] = {"scheme": self.scheme, "status": self.status.value, "labels": self.sorted_labels()}
        if self.core:
            out["core"] = [c.text for c in self.core]
            out["core_facts"] = [
                {
                    "text": c.text,
                    "file": c.origin.file,
                    "line": c.origin.line,
                    "column": c.origin.column,
                    "stated_in": c.stated_in,
                }
                for c in self.core
            ]
            out["core_minimal"] = self.minimal
        if self.witnesses:
            out["witnesses"] = {
                w.label.value: {"world": dict(w.world), "decided_by": dict(w.decided_by)} for w in self.witnesses
            }
            out["deciding"] = list(self.deciding)
        if self.reason:
            out["reason"] = self.reason
        if self.remedy:
            out["remedy"] = self.remedy
        return out


class RelationKind(Decision):
    """How the worlds of scenario ``a`` relate to those of scenario ``b``."""

    EQUIVALENT = "equivalent"  # the same worlds
    REFINES = "refines"  # every world of a is a world of b, not conversely: a tells more
    REFINED_BY = "refined-by"  # every world of b is a world of a, not conversely
    INCOMPARABLE = "incomparable"  # they share a world, and each has a world the other lacks
    DISJOINT = "disjoint"  # no world of one is a world of the other
    UNKNOWN = UNKNOWN_VALUE  # the solver gave up before deciding


@attrs.frozen
class Relation(Shown):
    """The relation of scenario ``a`` to scenario ``b``, with witness worlds.

    Attributes:
        a: the first scenario's name.
        b: the second scenario's name.
        kind: equivalent, refines, refined-by, incomparable or disjoint.
        only_a: a world of ``a`` that is not a world of ``b`` (why ``a`` does not refine ``b``), if any.
        only_b: a world of ``b`` that is not a world of ``a``, if any.
        shared: a world of both, if any.
    """

    a: str
    b: str
    kind: RelationKind
    only_a: World | None = None
    only_b: World | None = None
    shared: World | None = None
    reason: str = ""

    def __str__(self) -> str:
        return f"{self.a} {self.kind.value} {self.b}"

    def reversed(self) -> Relation:
        """The same relation read from ``b`` to ``a``: the kind and the one-sided witnesses swap."""
        flip = {RelationKind.REFINES: RelationKind.REFINED_BY, RelationKind.REFINED_BY: RelationKind.REFINES}
        return Relation(
            self.b, self.a, flip.get(self.kind, self.kind), self.only_b, self.only_a, self.shared, self.reason
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        out: dict[str, Any] = {"a": self.a, "b": self.b, "relation": self.kind.value}
        for key in ("only_a", "only_b", "shared"):
            world = getattr(self, key)
            if world is not None:
                out[key] = dict(world)
        if self.reason:
            out["reason"] = self.reason
        return out
