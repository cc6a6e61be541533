"""A story's signature: the finite sets a failure story is told over (docs/model.md, "Worlds")."""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from misalign_logic.model.errors import Problem, SpecError
from misalign_logic.model.limits import DEFAULT_LIMITS, Limits, active_limits, raise_hint
from misalign_logic.model.symbols import BUILTIN_FUNCTIONS, STATIC_FUNCTIONS, Symbol

# BUILTIN_FUNCTIONS, STATIC_FUNCTIONS and Symbol live in the registry (model/symbols.py) and are read from here too.
__all__ = [
    "BUILTIN_FUNCTIONS",
    "STATIC_FUNCTIONS",
    "Fact",
    "FactKind",
    "Phase",
    "Situation",
    "Story",
    "Symbol",
    "range_problems",
]

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")

# The documented limits on a story's size (specs/README.md, "Limits"); a spec file and Story alike keep them.
# Those in DEFAULT_LIMITS are defaults a user may raise (misalign_logic.model.limits).
MAX_SITUATIONS = DEFAULT_LIMITS["situations"]
MAX_ACTIONS = DEFAULT_LIMITS["actions"]
MAX_CHOICES = DEFAULT_LIMITS["choices"]
MAX_REASONS = DEFAULT_LIMITS["reasons"]
#: Most facts, and most values of one enum fact.
MAX_FACTS = DEFAULT_LIMITS["facts"]
MAX_VALUES = 64
#: Most design atoms of a world: situations times actions times choices.
MAX_ATOMS = DEFAULT_LIMITS["atoms"]
#: Most user sorts, and most values of one.
MAX_SORTS = 64
#: Largest magnitude of a declared range's bounds.
MAX_AMOUNT = 1_000_000
#: Largest magnitude of an integer literal, and of a product of literals (a sum of many amounts is compared
#: with numbers beyond one amount's range).
MAX_LITERAL = 10**12
#: Widest declared range of an amount (``hi - lo``): a witness world and the brute-force checker enumerate it.
MAX_RANGE_WIDTH = 10_000
#: Most ground terms of one declared symbol with arguments (the product of its argument sorts' sizes).
MAX_TERMS = DEFAULT_LIMITS["terms"]

#: The sorts a declared symbol's arguments may range over besides the story's own sorts.
ARGUMENT_SORTS = ("Situation", "Action", "Choice")

#: Words of the expression language that cannot name anything in a story.
RESERVED = frozenset(
    {
        "forall",
        "exists",
        "in",
        "and",
        "or",
        "not",
        "true",
        "false",
        "sum",
        "Situation",
        "Action",
        "Choice",
        "Reason",
        "Bool",
        "Int",
    }
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
    """An extra named unknown of a story, declared by the user (docs/model.md, "The user's own vocabulary").

    A boolean; a finite enum when ``values`` is given; an amount (an integer within ``range``, both bounds
    included) when ``range`` is given. With ``args`` it is a function of them: one unknown per ground term,
    e.g. ``points(t1, hit_targets)``; each argument is ``Situation``, ``Action``, ``Choice`` or a user sort.
    """

    name: str
    kind: FactKind
    values: tuple[str, ...] | None = None
    describe: str = ""
    args: tuple[str, ...] = ()
    range: tuple[int, int] | None = None

    @property
    def is_bool(self) -> bool:
        """True for a boolean fact."""
        return self.values is None and self.range is None

    @property
    def sort(self) -> str:
        """Its value's sort: ``Bool``, ``Int`` (an amount) or ``fact:NAME`` (an enum)."""
        return _fact_sort(self)

    def default(self) -> bool | str | int:
        """Its Gricean default (docs/model.md, "Readings"): false, the first value, or the range's lower bound."""
        if self.range is not None:
            return self.range[0]
        return False if self.values is None else self.values[0]


DEFAULT_REASONS = ("aligned", "deceptive")


#: Names the expression language defines beside the world's functions.
_LANGUAGE = frozenset({"failure", "mentions", "training", "deployment", "cognition"})


def range_problems(name: str, bounds: tuple[int, int]) -> Iterable[Problem]:
    """An empty range, or one beyond the documented limits (:data:`MAX_AMOUNT`, :data:`MAX_RANGE_WIDTH`)."""
    lo, hi = bounds
    if lo > hi:
        yield Problem(f"the range of {name!r} is empty: [{lo}, {hi}]", hint=f"write range = [{hi}, {lo}]")
    elif max(abs(lo), abs(hi)) > MAX_AMOUNT:
        yield Problem(
            f"the range of {name!r} reaches beyond ±{MAX_AMOUNT}: [{lo}, {hi}]",
            hint="measure the amount in larger units",
        )
    elif hi - lo > MAX_RANGE_WIDTH:
        yield Problem(
            f"the range of {name!r} holds {hi - lo + 1} values; the limit is {MAX_RANGE_WIDTH + 1}",
            hint="measure the amount in larger units, or narrow its range",
        )


def _fact_sort(fact: Fact) -> str:
    if fact.range is not None:
        return "Int"
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
        sorts: the user's own finite sorts, as ``(name, values)`` pairs: what declared symbols take as
            arguments and quantifiers range over.
        limits: the size limits the story and its scenarios are checked against (by default those of the
            innermost :func:`~misalign_logic.model.limits.using_limits`, else the documented ones); not part
            of the story's identity.
    """

    name: str
    situations: tuple[Situation, ...]
    actions: tuple[str, ...]
    choices: tuple[str, ...]
    reasons: tuple[str, ...] = DEFAULT_REASONS
    facts: tuple[Fact, ...] = ()
    describe: str = ""
    descriptions: tuple[tuple[str, str], ...] = ()
    sorts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    limits: Limits = attrs.field(factory=active_limits, eq=False, repr=False)

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
        facts: Mapping[str, str | FactKind | tuple[str | FactKind, Iterable[str]] | Fact] | None = None,
        sorts: Mapping[str, Iterable[str]] | None = None,
        limits: Limits | None = None,
    ) -> Story:
        """Build a story from plain Python values.

        Args:
            name: the story's name.
            situations: situation name to phase (``"training"`` or ``"deployment"``).
            actions: action names.
            choices: counterfactual choice names (at least one).
            reasons: reason names; ``aligned`` and ``deceptive`` by default.
            facts: fact name to kind (``"cognition"`` or ``"world"``) for a boolean, or to
                ``(kind, values)`` for an enum, or to a :class:`Fact` (a symbol with arguments, an amount).
            sorts: the user's own finite sorts: name to values.
            limits: size limits raised beyond the documented defaults (by default those in force).

        Returns:
            The story.

        Raises:
            SpecError: a name is invalid or used twice, or a set is empty.
        """
        built: list[Fact] = []
        for fname, spec in (facts or {}).items():
            if isinstance(spec, Fact):
                built.append(attrs.evolve(spec, name=fname))
            elif isinstance(spec, tuple):
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
            sorts=tuple((n, tuple(v)) for n, v in (sorts or {}).items()),
            limits=active_limits() if limits is None else limits.over(active_limits()),
        )

    def _sizes(self) -> Iterable[Problem]:
        """The groups of names beyond their limit, and a world with too many design atoms."""
        groups = (
            ("situations", len(self.situations)),
            ("actions", len(self.actions)),
            ("choices", len(self.choices)),
            ("reasons", len(self.reasons)),
            ("facts", len(self.facts)),
        )
        for what, size in groups:
            limit = self.limits.of(what)
            if size > limit:
                yield Problem(
                    f"the story has {size} {what}; the limit is {limit}",
                    hint=f"split the story, or {raise_hint(what, size)}",
                )
        for f in self.facts:
            if len(f.values or ()) > MAX_VALUES:
                yield Problem(
                    f"the story has {len(f.values or ())} values of fact {f.name!r}; the limit is {MAX_VALUES}",
                    hint="split the story",
                )
        atoms = len(self.situations) * len(self.actions) * len(self.choices)
        if atoms > self.limits.of("atoms"):
            yield Problem(
                f"situations × actions × choices is {atoms}; the limit is {self.limits.of('atoms')}",
                hint="a world has that many design atoms: use fewer situations, actions or choices, or "
                + raise_hint("atoms", atoms),
            )

    def _problems(self) -> Iterable[Problem]:
        yield from self._sizes()
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
        yield from self._sort_problems(seen)
        for f in self.facts:
            yield from self._signature_problems(f)
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

    def _sort_problems(self, seen: dict[str, str]) -> Iterable[Problem]:
        """Invalid, clashing or empty user sorts and sort values (``seen``: every name met so far)."""
        if len(self.sorts) > MAX_SORTS:
            yield Problem(f"the story has {len(self.sorts)} sorts; the limit is {MAX_SORTS}", hint="merge sorts")
        for name, values in self.sorts:
            if not _NAME.match(name) or name in RESERVED or name in BUILTIN_FUNCTIONS or name in _LANGUAGE:
                yield Problem(
                    f"{name!r} cannot name a sort",
                    hint="Situation, Action, Choice, Reason, Bool and Int are built in; pick another name",
                )
            elif name in seen:
                yield Problem(f"{name!r} names both a {seen[name]} and a sort", hint="give each thing its own name")
            else:
                seen[name] = "sort"
            if not values:
                yield Problem(f"sort {name!r} has no values", hint=f'list them: {name} = ["a", "b"]')
            if len(values) > MAX_VALUES:
                yield Problem(f"sort {name!r} has {len(values)} values; the limit is {MAX_VALUES}")
            for v in values:
                if not _NAME.match(v) or v in RESERVED or v in BUILTIN_FUNCTIONS or v in _LANGUAGE:
                    yield Problem(f"{v!r} cannot be a value of sort {name!r}")
                elif v in seen:
                    yield Problem(f"value {v!r} of sort {name!r} is already a {seen[v]}")
                else:
                    seen[v] = f"value of sort {name!r}"

    def _signature_problems(self, f: Fact) -> Iterable[Problem]:
        """A fact's unknown argument sorts, too many ground terms, or a bad range."""
        own = {name: len(values) for name, values in self.sorts}
        sizes = {"Situation": len(self.situations), "Action": len(self.actions), "Choice": len(self.choices)}
        terms = 1
        for arg in f.args:
            if arg not in own and arg not in sizes:
                yield Problem(
                    f"fact {f.name!r} takes an argument of unknown sort {arg!r}",
                    hint="use Situation, Action, Choice or a sort declared under [story.sorts]",
                )
            terms *= own.get(arg, sizes.get(arg, 1))
        if terms > self.limits.of("terms"):
            yield Problem(
                f"fact {f.name!r} has {terms} ground terms; the limit is {self.limits.of('terms')}",
                hint="give it fewer arguments, or arguments over smaller sorts, or " + raise_hint("terms", terms),
            )
        if f.range is None:
            return
        if f.values is not None:
            yield Problem(f"fact {f.name!r} has both values and a range", hint="an enum has values, an amount a range")
        yield from range_problems(f.name, f.range)

    # -- lookups used by the parser and the encodings --------------------------------------------

    def sort_values(self, sort: str) -> tuple[str, ...]:
        """The values of a finite sort (``Situation``, ``Action``, ``Choice``, ``Reason`` or ``fact:NAME``)."""
        if sort == "Situation":
            return _phase_names(self)[0]
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
        for name, own in self.sorts:
            if name == sort:
                return own
        msg = f"no finite sort named {sort!r}"
        raise KeyError(msg)

    def fact(self, name: str) -> Fact:
        """The user fact called ``name``."""
        for f in self.facts:
            if f.name == name:
                return f
        msg = f"no fact named {name!r}"
        raise KeyError(msg)

    def symbols(self) -> Mapping[str, Symbol]:
        """Every function of a world: the built-ins and the user facts (read-only, made once per story)."""
        return _symbols(self)

    def amount_range(self, name: str) -> tuple[int, int]:
        """The declared range ``(lo, hi)`` of the amount called ``name``."""
        found = self.fact(name).range
        if found is None:
            msg = f"fact {name!r} is not an amount"
            raise KeyError(msg)
        return found

    @property
    def sort_names(self) -> tuple[str, ...]:
        """The names of the user's own sorts."""
        return tuple(name for name, _ in self.sorts)

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
        return _phase_names(self)[1]

    @property
    def deployment(self) -> tuple[str, ...]:
        """Names of the deployment situations."""
        return _phase_names(self)[2]

    @property
    def cognition_symbols(self) -> frozenset[str]:
        """Symbols about the model's internals: ``reason`` and every fact tagged cognition."""
        return _cognition(self)


@functools.lru_cache(maxsize=256)
def _symbols(story: Story) -> Mapping[str, Symbol]:
    """A story's symbols, built once per story: the grounding, the parser and the parses stories share ask for
    them per story and scheme, a property-based test for every story it draws."""
    table = dict(BUILTIN_FUNCTIONS)
    for f in story.facts:
        table[f.name] = Symbol(f.name, f.args, _fact_sort(f), cognition=f.kind is FactKind.COGNITION)
    return MappingProxyType(table)


@functools.lru_cache(maxsize=256)
def _cognition(story: Story) -> frozenset[str]:
    return frozenset(n for n, s in story.symbols().items() if s.cognition)


@functools.lru_cache(maxsize=64)
def _phase_names(story: Story) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A story's situations, its training and its deployment situations, by name: made once per story (the
    parser and the grounding ask per quantifier, and a scan per constraint made reading a scenario quadratic)."""
    every = tuple(s.name for s in story.situations)
    training = tuple(s.name for s in story.situations if s.phase is Phase.TRAINING)
    return every, training, tuple(s.name for s in story.situations if s.phase is Phase.DEPLOYMENT)


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
    for sort, values in story.sorts:
        for v in values:
            table[v] = sort
    phases = {s.name: s.phase for s in story.situations}
    return MappingProxyType(table), MappingProxyType(phases)
