"""A story's signature: the finite sets a failure story is told over (docs/model.md, "Worlds")."""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from misalign_logic.model.errors import Problem, SpecError

__all__ = ["BUILTIN_FUNCTIONS", "Fact", "FactKind", "Phase", "Situation", "Story", "Symbol"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

#: Words of the expression language that cannot name anything in a story.
RESERVED = frozenset(
    {"forall", "exists", "in", "and", "or", "not", "true", "false", "Situation", "Action", "Choice", "Reason"}
)


class Phase(enum.Enum):
    """When a situation happens."""

    TRAINING = "training"  # the model is trained on it; feedback is given and the blueprint equals the feedback
    DEPLOYMENT = "deployment"  # after training, evaluation runs included; failures happen here


class FactKind(enum.Enum):
    """What a user fact is about: the seed's "training process vs learned model" split."""

    COGNITION = "cognition"  # the model's internals: why it acts, what it knows
    WORLD = "world"  # anything else: the environment, the overseers, the training set-up


@attrs.frozen
class Situation:
    """A named situation and the phase it belongs to."""

    name: str
    phase: Phase
    describe: str = ""


@attrs.frozen
class Fact:
    """An extra named unknown of a story: a boolean, or a finite enum when ``values`` is given."""

    name: str
    kind: FactKind
    values: tuple[str, ...] | None = None
    describe: str = ""

    @property
    def is_bool(self) -> bool:
        """True for a boolean fact."""
        return self.values is None


@attrs.frozen
class Symbol:
    """A function of the world: its argument sorts, result sort, and whether it is about cognition."""

    name: str
    args: tuple[str, ...]
    result: str
    cognition: bool = False


#: The functions every world interprets (docs/model.md, table "function / objective / role").
#: ``training`` and ``deployment`` are not unknowns: they read a situation's declared phase.
BUILTIN_FUNCTIONS: Mapping[str, Symbol] = {
    s.name: s
    for s in (
        Symbol("policy", ("Situation",), "Action"),
        Symbol("ideal", ("Situation", "Action"), "Bool"),
        Symbol("design", ("Choice", "Situation", "Action"), "Bool"),
        Symbol("feedback", ("Situation", "Action"), "Bool"),
        Symbol("reason", ("Situation",), "Reason", cognition=True),
        Symbol("exhibitable", ("Situation", "Action"), "Bool"),
        Symbol("choice", (), "Choice"),
        Symbol("fixes_feedback", (), "Bool"),
        Symbol("fixes_generalization", (), "Bool"),
        Symbol("training", ("Situation",), "Bool"),
        Symbol("deployment", ("Situation",), "Bool"),
    )
}

#: Functions whose value is fixed by the story rather than left to the world.
STATIC_FUNCTIONS = frozenset({"training", "deployment"})

DEFAULT_REASONS = ("aligned", "deceptive")


def _fact_sort(fact: Fact) -> str:
    return "Bool" if fact.values is None else f"fact:{fact.name}"


@attrs.frozen(cache_hash=True)
class Story:
    """The finite signature of a failure story.

    Build one directly or with :meth:`Story.build`; the constructor checks that every name is a valid,
    unique identifier and raises :class:`SpecError` otherwise.

    Attributes:
        name: a short name for the story.
        situations: the situations, each with its phase.
        actions: the actions the model may take in any situation.
        choices: the counterfactual readings of the design objective; at least one.
        reasons: why the model may take an action; the first is the "aligned" default.
        facts: extra user unknowns tagged cognition or world.
        describe: one sentence about the story.
        descriptions: optional wording for actions, choices and reasons, as ``(name, words)`` pairs; an
            action's words are a verb phrase ("write a useful pull request"), used by explanations.
    """

    name: str
    situations: tuple[Situation, ...]
    actions: tuple[str, ...]
    choices: tuple[str, ...]
    reasons: tuple[str, ...] = DEFAULT_REASONS
    facts: tuple[Fact, ...] = ()
    describe: str = ""
    descriptions: tuple[tuple[str, str], ...] = ()

    def __attrs_post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            raise SpecError(problems)

    @classmethod
    def build(
        cls,
        name: str,
        situations: Mapping[str, str | Phase],
        actions: Iterable[str],
        choices: Iterable[str],
        reasons: Iterable[str] = DEFAULT_REASONS,
        facts: Mapping[str, str | FactKind | tuple[str | FactKind, Iterable[str]]] | None = None,
    ) -> Story:
        """Build a story from plain Python values.

        Args:
            name: the story's name.
            situations: situation name to phase (``"training"`` or ``"deployment"``).
            actions: action names.
            choices: counterfactual choice names (at least one).
            reasons: reason names; ``aligned`` and ``deceptive`` by default.
            facts: fact name to kind (``"cognition"`` or ``"world"``) for a boolean, or to
                ``(kind, values)`` for an enum.

        Returns:
            The story.

        Raises:
            SpecError: a name is invalid or used twice, or a set is empty.
        """
        built: list[Fact] = []
        for fname, spec in (facts or {}).items():
            if isinstance(spec, tuple):
                kind, values = spec
                built.append(Fact(fname, FactKind(kind), tuple(values)))
            else:
                built.append(Fact(fname, FactKind(spec)))
        return cls(
            name=name,
            situations=tuple(Situation(n, Phase(p)) for n, p in situations.items()),
            actions=tuple(actions),
            choices=tuple(choices),
            reasons=tuple(reasons),
            facts=tuple(built),
        )

    def _problems(self) -> Iterable[Problem]:
        seen: dict[str, str] = {}
        groups = (
            ("situation", [s.name for s in self.situations]),
            ("action", list(self.actions)),
            ("choice", list(self.choices)),
            ("reason", list(self.reasons)),
            ("fact", [f.name for f in self.facts]),
        )
        for what, names in groups:
            if not names and what not in ("fact",):
                yield Problem(f"the story declares no {what}s", hint=f"declare at least one {what}")
            for n in names:
                if not _NAME.match(n) or n in RESERVED or n in BUILTIN_FUNCTIONS or n in ("failure", "mentions"):
                    yield Problem(
                        f"{n!r} cannot name a {what}",
                        hint="use letters, digits and underscores, starting with a letter, and not a keyword "
                        "or built-in function name",
                    )
                elif n in seen:
                    yield Problem(f"{n!r} names both a {seen[n]} and a {what}", hint="give each thing its own name")
                else:
                    seen[n] = what
        for needed in ("aligned", "deceptive"):
            if needed not in self.reasons:
                yield Problem(
                    f"the reasons must include {needed!r}",
                    hint="the schemes read reason(s) == aligned and reason(s) == deceptive",
                )
        for f in self.facts:
            if f.values is not None:
                if not f.values:
                    yield Problem(f"fact {f.name!r} has no values", hint="list its values, or drop them for a boolean")
                if len(set(f.values)) != len(f.values):
                    yield Problem(f"fact {f.name!r} lists a value twice")
                for v in f.values:
                    if not _NAME.match(v) or v in RESERVED:
                        yield Problem(f"{v!r} cannot be a value of fact {f.name!r}")
                    elif v in seen:
                        yield Problem(f"value {v!r} of fact {f.name!r} is already a {seen[v]}")
                    else:
                        seen[v] = f"value of fact {f.name!r}"

    # -- lookups used by the parser and the encodings --------------------------------------------

    def sort_values(self, sort: str) -> tuple[str, ...]:
        """The values of a finite sort (``Situation``, ``Action``, ``Choice``, ``Reason`` or ``fact:NAME``)."""
        if sort == "Situation":
            return tuple(s.name for s in self.situations)
        if sort == "Action":
            return self.actions
        if sort == "Choice":
            return self.choices
        if sort == "Reason":
            return self.reasons
        if sort.startswith("fact:"):
            values = self.fact(sort[5:]).values
            assert values is not None
            return values
        msg = f"no finite sort named {sort!r}"
        raise KeyError(msg)

    def fact(self, name: str) -> Fact:
        """The user fact called ``name``."""
        for f in self.facts:
            if f.name == name:
                return f
        msg = f"no fact named {name!r}"
        raise KeyError(msg)

    def symbols(self) -> dict[str, Symbol]:
        """Every function of a world: the built-ins and the user facts."""
        table = dict(BUILTIN_FUNCTIONS)
        for f in self.facts:
            table[f.name] = Symbol(f.name, (), _fact_sort(f), cognition=f.kind is FactKind.COGNITION)
        return table

    def constant_sorts(self) -> Mapping[str, str]:
        """Each constant name (situation, action, choice, reason, enum value) to its sort (read-only).

        Built once per story: the parser asks for it per constraint, and rebuilding it each time made
        reading a scenario quadratic in the story's size.
        """
        return _tables(self)[0]

    def description(self, name: str) -> str:
        """The ``describe`` words given for a situation, action, choice, reason or fact, or ``""``."""
        for key, words in self.descriptions:
            if key == name:
                return words
        for situation in self.situations:
            if situation.name == name:
                return situation.describe
        for fact in self.facts:
            if fact.name == name:
                return fact.describe
        return ""

    def phase(self, situation: str) -> Phase:
        """The phase of the situation called ``situation``."""
        found = _tables(self)[1].get(situation)
        if found is None:
            msg = f"no situation named {situation!r}"
            raise KeyError(msg)
        return found

    @property
    def training(self) -> tuple[str, ...]:
        """Names of the training situations."""
        return tuple(s.name for s in self.situations if s.phase is Phase.TRAINING)

    @property
    def deployment(self) -> tuple[str, ...]:
        """Names of the deployment situations."""
        return tuple(s.name for s in self.situations if s.phase is Phase.DEPLOYMENT)

    @property
    def cognition_symbols(self) -> frozenset[str]:
        """Symbols about the model's internals: ``reason`` and every fact tagged cognition."""
        return frozenset(n for n, s in self.symbols().items() if s.cognition)


@functools.lru_cache(maxsize=64)
def _tables(story: Story) -> tuple[Mapping[str, str], Mapping[str, Phase]]:
    """A story's constant sorts and situation phases, built once per story (stories are immutable)."""
    table: dict[str, str] = {}
    for s in story.situations:
        table[s.name] = "Situation"
    for name in story.actions:
        table[name] = "Action"
    for name in story.choices:
        table[name] = "Choice"
    for name in story.reasons:
        table[name] = "Reason"
    for f in story.facts:
        for v in f.values or ():
            table[v] = _fact_sort(f)
    phases = {s.name: s.phase for s in story.situations}
    return MappingProxyType(table), MappingProxyType(phases)
