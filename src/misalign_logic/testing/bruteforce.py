"""An independent evaluator that enumerates worlds in Python, with no solver, to check the solver's answers.

docs/model.md ("Checking the checker") asks that every SMT verdict on a small story agree with a brute-force
evaluator. This module implements docs/model.md's semantics a second time, directly over concrete worlds: the
expression language, the background axiom, failure points, every scheme family, the Gricean reading and the
relations between scenarios. It shares the parsed syntax (:mod:`misalign_logic.model.expr`), the data model
(stories, scenarios, schemes, labels, verdict kinds) and the registry of scheme families
(:mod:`misalign_logic.model.families`: each label's condition as text) with the solver side, and nothing else:
it evaluates every scheme's conditions directly, its own way (failure points in Python, conditions read on a
concrete world); it does not read :mod:`misalign_logic.model.conditions` (how the solver composes and parses
them) nor the grounding of :mod:`misalign_logic.solve.encoding`, so an error in either shows up as a
disagreement. That the registry's built-in conditions say what docs/model.md says is checked against
hand-written definitions in the tests.

How worlds are enumerated. A world assigns a value to every ground atom (``policy(farm)``,
``ideal(farm, print_pr)``, ``choice``, ...). Most atoms cannot change a label: only those the scenario's
constraints or the scheme's definition read can. So the worlds are enumerated lazily, as a decision tree:
the constraints and then the label are evaluated on a partial world, and reading an atom that has no value
yet stops the evaluation and branches on every value of that atom. A leaf is reached when every constraint
and the label evaluate without reading an unassigned atom; every completion of the leaf's partial world
then has the same membership and label (they read nothing else), and since unread atoms are unconstrained
every leaf stands for at least one complete world. The leaves partition the worlds, so the label set is
exact. Only atoms the evaluation actually reads are ever enumerated.

The background axiom (for every training situation ``s``, every action and choice,
``design(c, s, a) == feedback(s, a)``) is applied when an atom is read: ``design(c, s, a)`` with ``s`` in
training reads ``feedback(s, a)``. That is the whole content of the axiom: every other assignment of the
``design`` atoms of training situations is excluded, and the remaining atoms stay free.

Use it only on tiny stories: the tree can grow exponentially with the atoms read.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TypeAlias

import attrs

from misalign_logic.model.errors import MisalignLogicError
from misalign_logic.model.expr import (
    App,
    Arith,
    BoolLit,
    Compare,
    Connective,
    Const,
    Expr,
    IntLit,
    Not,
    Quantifier,
    Scale,
    Sum,
    Var,
)
from misalign_logic.model.families import READINGS
from misalign_logic.model.parse import parse_condition, parse_term
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme, parse_scheme
from misalign_logic.model.story import FactKind, Phase, Story
from misalign_logic.model.verdicts import RelationKind, Status, World

__all__ = [
    "BruteVerdict",
    "Gap",
    "TooLarge",
    "brute_classify",
    "brute_default",
    "brute_forces",
    "brute_labels",
    "brute_relate",
    "brute_worlds",
    "count_leaves",
]

Value: TypeAlias = bool | int | str

# The comparisons of the expression language, on concrete values.
_ORDER: dict[str, Callable[[Value, Value], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,  # type: ignore[operator]
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
}

#: Largest number of decision-tree leaves one call explores before refusing (the story is not tiny).
MAX_LEAVES = 50_000


class _Unassigned(Exception):
    """Raised when evaluation reads an atom the partial world has no value for."""

    def __init__(self, atom: str, values: tuple[Value, ...]) -> None:
        super().__init__(atom)
        self.atom = atom
        self.values = values


class TooLarge(MisalignLogicError):
    """The enumeration exceeded :data:`MAX_LEAVES` leaves."""


@attrs.frozen
class BruteVerdict:
    """What enumeration found: a status and label set comparable to :class:`~misalign_logic.Verdict`'s.

    Attributes:
        status: forced, ambiguous or inconsistent (never unknown: enumeration always finishes).
        labels: the labels the scenario's worlds get.
        witnesses: a partial world per label, holding exactly the atoms read to settle it.
        leaves: how many leaves the enumeration visited.
    """

    status: Status
    labels: frozenset[Label]
    witnesses: Mapping[Label, World] = attrs.field(factory=dict, eq=False)
    leaves: int = attrs.field(default=0, eq=False)


class _World:
    """A partial world over one story: reading an atom without a value raises :class:`_Unassigned`."""

    def __init__(self, story: Story, values: dict[str, Value]) -> None:
        self.story = story
        self.values = values
        self.training = frozenset(story.training)

    def _domain(self, func: str, sort: str) -> tuple[Value, ...]:
        if sort == "Bool":
            return (False, True)
        if sort == "Int":  # an amount: every value of its declared range
            lo, hi = self.story.amount_range(func)
            return tuple(range(lo, hi + 1))
        return self.story.sort_values(sort)

    def read(self, func: str, args: tuple[str, ...]) -> Value:
        """The value of ``func(args)``, after the axiom and the situations' fixed phases."""
        if func in ("training", "deployment"):
            return self.story.phase(args[0]) is Phase(func)
        if func == "design" and args[1] in self.training:
            func, args = "feedback", args[1:]  # the blueprint is what training actually used
        atom = f"{func}({', '.join(args)})" if args else func
        if atom in self.values:
            return self.values[atom]
        raise _Unassigned(atom, self._domain(func, _results(self.story)[func]))

    # -- the expression language over this world --------------------------------------------------

    def holds(self, e: Expr, env: Mapping[str, str]) -> bool:
        """The truth of boolean expression ``e`` with variables bound by ``env``."""
        if isinstance(e, BoolLit):
            return e.value
        if isinstance(e, Not):
            return not self.holds(e.arg, env)
        if isinstance(e, Connective):
            if e.op == "and":
                return all(self.holds(a, env) for a in e.args)
            if e.op == "or":
                return any(self.holds(a, env) for a in e.args)
            if e.op == "->":
                return (not self.holds(e.args[0], env)) or self.holds(e.args[1], env)
            return self.holds(e.args[0], env) == self.holds(e.args[1], env)
        if isinstance(e, Compare):
            return _ORDER[e.op](self.term(e.left, env), self.term(e.right, env))
        if isinstance(e, Quantifier):
            return self._quantified(e, 0, dict(env))
        value = self.term(e, env)
        assert isinstance(value, bool), e
        return value

    def _bindings(self, variables: tuple[tuple[str, str], ...], env: Mapping[str, str]) -> Iterator[dict[str, str]]:
        """Every binding of ``variables`` over their domains, extending ``env``, first variable slowest."""
        story = self.story
        domains = [
            story.training if d == "training" else story.deployment if d == "deployment" else story.sort_values(d)
            for _, d in variables
        ]
        for values in itertools.product(*domains):
            yield {**env, **dict(zip((n for n, _ in variables), values, strict=True))}

    def _quantified(self, e: Quantifier, i: int, env: dict[str, str]) -> bool:
        cases = (self.holds(e.body, x) for x in self._bindings(e.variables, env))
        return all(cases) if e.kind == "forall" else any(cases)

    def amount(self, e: Expr, env: Mapping[str, str]) -> int:
        """The value of an integer term in this world."""
        if isinstance(e, IntLit):
            return e.value
        if isinstance(e, Arith):
            left, right = self.amount(e.left, env), self.amount(e.right, env)
            return left + right if e.op == "+" else left - right
        if isinstance(e, Scale):
            return e.factor * self.amount(e.arg, env)
        if isinstance(e, Sum):
            return sum(self.amount(e.body, x) for x in self._bindings(e.variables, env))
        value = self.term(e, env)
        assert isinstance(value, int), e
        assert not isinstance(value, bool), e
        return value

    def term(self, e: Expr, env: Mapping[str, str]) -> Value:
        """The value of a term: a constant's name, a boolean, or the value an atom has in this world."""
        if isinstance(e, Const):
            return e.name
        if isinstance(e, Var):
            return env[e.name]
        if isinstance(e, App):
            args = tuple(self.term(a, env) for a in e.args)
            assert all(isinstance(a, str) for a in args), e
            return self.read(e.func, args)  # type: ignore[arg-type]
        if isinstance(e, IntLit | Arith | Scale | Sum):
            return self.amount(e, env)
        return self.holds(e, env)


@functools.lru_cache(maxsize=64)
def _results(story: Story) -> dict[str, str]:
    return {name: symbol.result for name, symbol in story.symbols().items()}


# -- the schemes, over a world (docs/model.md, "Schemes") ---------------------------------------------


def _failure_points(w: _World) -> list[str]:
    """Deployment situations where the model does what the wishes reject."""
    out = []
    for s in w.story.deployment:
        taken = w.read("policy", (s,))
        assert isinstance(taken, str)
        if not w.read("ideal", (s, taken)):
            out.append(s)
    return out


@functools.lru_cache(maxsize=256)
def _conditions(story: Story, scheme: Scheme, mentioned: frozenset[str]) -> tuple[tuple[Label, Expr], ...]:
    """The scheme's label conditions from the registry, with its parameters filled in, parsed over ``story``.

    Read at a world with a failure point; the failure point itself is this module's own (:func:`_failure_points`).
    A statement-valued parameter (the standard) is the registry's text for it, said of the condition's ``t``; a
    term-valued one (the counterfactual) is parsed as a variable and its value, a term parsed on its own, is
    put in its place: this evaluator reads constants by name and variables from the environment, so no
    quantifier of the condition can capture the value.
    """
    family = scheme.family
    out = []
    for label in map(Label, family.label_names):
        text = family.condition(label.value)
        holes: dict[str, Expr] = {}
        for p in family.parameters:
            if p.sort == "Bool":
                text = text.replace("{" + p.name + "}", p.text(scheme.param(p.name)))
            elif "{" + p.name + "}" in text:
                hole = f"param_{p.name}_" + "_" * text.count("_")  # longer than any name the text uses
                text = text.replace("{" + p.name + "}", hole)
                holes[hole] = parse_term(p.text(scheme.param(p.name)), story)
        free = {hole: (value.sort, value.sort) for hole, value in holes.items()}
        out.append((label, _put(parse_condition(text, story, mentioned, free=free), holes)))
    return tuple(out)


def _put(e: Expr, values: Mapping[str, Expr]) -> Expr:
    """``e`` with each variable named in ``values`` replaced by its value."""
    if isinstance(e, Var):
        return values.get(e.name, e)
    if isinstance(e, App):
        return App(e.func, tuple(_put(a, values) for a in e.args), e.sort)
    if isinstance(e, Not):
        return Not(_put(e.arg, values))
    if isinstance(e, Connective):
        return Connective(e.op, tuple(_put(a, values) for a in e.args))
    if isinstance(e, Compare):
        return Compare(e.op, _put(e.left, values), _put(e.right, values))
    if isinstance(e, Quantifier):
        return Quantifier(e.kind, e.variables, _put(e.body, values))
    return e


def _gricean(w: _World, said: frozenset[tuple[str, tuple[str, ...]]]) -> bool:
    """The Gricean defaults, per ground term: every cognition term the scenario does not mention (``said``)
    takes its default: ``reason(s)`` aligned, a boolean fact false, an enum fact its first value."""
    for s in w.story.situations:
        if ("reason", (s.name,)) not in said and w.read("reason", (s.name,)) != "aligned":
            return False
    for fact in w.story.facts:
        if fact.kind is not FactKind.COGNITION:
            continue
        default: Value = fact.default()
        for args in itertools.product(*(w.story.sort_values(a) for a in fact.args)):
            if (fact.name, args) not in said and w.read(fact.name, args) != default:
                return False
    return True


def _said(scenario: Scenario) -> frozenset[tuple[str, tuple[str, ...]]]:
    """Every ground atom the constraints mention, found by expanding each quantifier case by case: an atom
    under ``forall s in training`` is mentioned once for each training ``s``; a term as an argument stands
    for every value of its sort."""
    story = scenario.story
    found: set[tuple[str, tuple[str, ...]]] = set()

    def visit(e: Expr, env: Mapping[str, str]) -> None:
        if isinstance(e, Quantifier | Sum):
            domains = [
                story.training if d == "training" else story.deployment if d == "deployment" else story.sort_values(d)
                for _, d in e.variables
            ]
            for values in itertools.product(*domains):
                visit(e.body, {**env, **dict(zip((n for n, _ in e.variables), values, strict=True))})
            return
        if isinstance(e, App):
            options = [
                (a.name,)
                if isinstance(a, Const)
                else (env[a.name],)
                if isinstance(a, Var)
                else story.sort_values(a.sort)
                for a in e.args
            ]
            found.update((e.func, args) for args in itertools.product(*options))
        children = (
            e.args
            if isinstance(e, App | Connective)
            else (e.arg,)
            if isinstance(e, Not)
            else (e.left, e.right)
            if isinstance(e, Compare | Arith)
            else (e.arg,)
            if isinstance(e, Scale)
            else ()
        )
        for child in children:
            visit(child, env)

    for c in scenario.constraints:
        visit(c.expr, {})
    return frozenset(found)


# -- enumeration --------------------------------------------------------------------------------------


_Check = Callable[[_World], bool]


def _leaves(
    story: Story, checks: Sequence[_Check], goal: Callable[[_World], object]
) -> Iterator[tuple[object, dict[str, Value]]]:
    """Every leaf of the decision tree of ``all(checks) and goal``: its result and the partial world it read.

    A leaf where some check is false yields ``False``. A check found true on a partial world is true on
    every extension of it, so a branch resumes at the first check not yet known to hold.
    """
    stack: list[tuple[dict[str, Value], int]] = [({}, 0)]
    count = 0
    while stack:
        values, done = stack.pop()
        w = _World(story, values)
        try:
            while done < len(checks) and checks[done](w):
                done += 1
            result = goal(w) if done == len(checks) else False
        except _Unassigned as missing:
            stack.extend(({**values, missing.atom: v}, done) for v in reversed(missing.values))
            continue
        count += 1
        if count > MAX_LEAVES:
            msg = f"more than {MAX_LEAVES} leaves: the story is too large to enumerate"
            raise TooLarge(msg)
        yield result, values


def _constraints(scenario: Scenario) -> list[_Check]:
    return [functools.partial(_holds, c.expr) for c in scenario.constraints]


def _holds(e: Expr, w: _World) -> bool:
    return w.holds(e, {})


class Gap(MisalignLogicError):
    """Kept for callers that catch it: a world no label's condition holds at now has the value ``unlabelled``."""


def brute_classify(scenario: Scenario, scheme: str | Scheme) -> BruteVerdict:
    """Classify ``scenario`` under ``scheme`` by enumerating its worlds.

    For each label the scheme can give, the decision tree of "the world is one of the scenario's and gets
    this label" is searched depth first until a leaf where it holds (a witness) or until the tree is
    exhausted (no world gets the label). A user's scheme may not be a categorization, so its worlds are
    enumerated and each gets its value (docs/model.md, "Values"): the labels whose conditions, read on the
    concrete world as the registry writes them, hold there (``unlabelled`` when none does, ``A+B`` when
    several do), or ``none`` without a failure point. The search is exact; stopping at the first witness only
    saves time.

    Args:
        scenario: a scenario over a tiny story.
        scheme: a scheme or scheme ID.

    Returns:
        The status (forced, ambiguous or inconsistent) and label set, as :func:`~misalign_logic.solve.classify`
        should find them, with a partial witness world per label.

    Raises:
        TooLarge: the enumeration needs more than :data:`MAX_LEAVES` leaves.
    """
    scheme = parse_scheme(scheme)
    witnesses, leaves = _witnesses(scenario, _reading(scenario, scheme), scheme)
    if not witnesses:
        return BruteVerdict(Status.INCONSISTENT, frozenset(), {}, leaves)
    status = Status.FORCED if len(witnesses) == 1 else Status.AMBIGUOUS
    return BruteVerdict(status, frozenset(witnesses), witnesses, leaves)


def _reading(scenario: Scenario, scheme: Scheme) -> list[_Check]:
    """The scenario's constraints, and under a reading that reads the description its defaults, as checks."""
    checks = _constraints(scenario)
    if READINGS[scheme.reading].reads_description:
        said = _said(scenario)
        checks.append(lambda w: _gricean(w, said))
    return checks


def _value_at(w: _World, conditions: Mapping[Label, Expr]) -> Label:
    """A concrete world's value: ``none`` without a failure point, else the labels whose conditions hold, as one
    (the label, ``unlabelled`` or ``A+B``), computed here from the conditions' truth, not by the solver's rule."""
    if not _failure_points(w):
        return Label.NONE
    held = sorted(label.value for label, e in conditions.items() if w.holds(e, {}))
    if not held:
        return Label.UNLABELLED
    return Label("+".join(held))


def _labels_of(w: _World, conditions: Mapping[Label, Expr]) -> frozenset[Label]:
    """The value of a concrete world, as a set of one (see :func:`_value_at`)."""
    return frozenset({_value_at(w, conditions)})


def _witnesses(scenario: Scenario, checks: Sequence[_Check], scheme: Scheme) -> tuple[dict[Label, World], int]:
    """A partial witness world per value some world passing ``checks`` gets, and the leaves visited.

    For a seed's scheme (each a categorization) the decision tree of "the world passes the checks and gets this
    label" is searched per label, depth first, until a leaf where it holds (a witness) or until the tree is
    exhausted. A user's scheme may give a world several labels or none, so its whole tree is enumerated once,
    each leaf giving its value.
    """
    conditions = dict(_conditions(scenario.story, scheme, scenario.mentions))
    witnesses: dict[Label, World] = {}
    leaves = 0
    if not scheme.family.builtin:
        for value, values in _leaves(scenario.story, checks, lambda w: _value_at(w, conditions)):
            leaves += 1
            if isinstance(value, Label) and value not in witnesses:
                witnesses[value] = World.of(values)
        return witnesses, leaves
    wanted = [Label.NONE, *(label for label, e in conditions.items() if e != BoolLit(False))]
    for label in wanted:

        def gets(w: _World, label: Label = label) -> bool:
            if label is Label.NONE:
                return not _failure_points(w)  # settled without reading what the scheme looks at
            if not _failure_points(w):
                return False
            return w.holds(conditions[label], {})

        for holds, values in _leaves(scenario.story, checks, gets):
            leaves += 1
            if holds:
                witnesses[label] = World.of(values)
                break
    return witnesses, leaves


def brute_relate(a: Scenario, b: Scenario) -> RelationKind:
    """How the worlds of ``a`` relate to those of ``b``, by enumeration (docs/model.md, "Refinement").

    ``a`` refines ``b`` when every world of ``a`` is one of ``b`` and not conversely; equivalent when they have
    the same worlds; disjoint when they share none (and neither is contained in the other); otherwise
    incomparable.

    Raises:
        ValueError: the scenarios are told over different stories.
        TooLarge: the enumeration needs more than :data:`MAX_LEAVES` leaves.
    """
    if a.story != b.story:
        msg = f"cannot relate {a.name!r} and {b.name!r}: they are told over different stories"
        raise ValueError(msg)
    in_a, in_b = _constraints(a), _constraints(b)
    seen = {result for result, _ in _leaves(a.story, (), lambda w: (all(c(w) for c in in_a), all(c(w) for c in in_b)))}
    only_a, only_b, shared = (True, False) in seen, (False, True) in seen, (True, True) in seen
    if not only_a and not only_b:
        return RelationKind.EQUIVALENT
    if not only_a:
        return RelationKind.REFINES
    if not only_b:
        return RelationKind.REFINED_BY
    return RelationKind.INCOMPARABLE if shared else RelationKind.DISJOINT


def count_leaves(scenario: Scenario, scheme: str | Scheme) -> int:
    """How many decision-tree leaves :func:`brute_classify` visits (a measure of a story's size)."""
    return brute_classify(scenario, scheme).leaves


def brute_forces(
    scenario: Scenario,
    scheme: str | Scheme,
    label: Label | None,
    given: Sequence[Expr] = (),
    *,
    constraints: Sequence[Expr] | None = None,
) -> bool:
    """Whether the worlds of ``scenario`` where every expression of ``given`` holds all get ``label``.

    The building block for checking explanations by enumeration. There must be such a world; with ``label``
    None the question is the opposite: whether there is none (the facts are inconsistent).

    Args:
        scenario: the scenario; a description-based scheme reads its words whatever ``constraints`` says.
        scheme: a scheme or scheme ID.
        label: the label every world must get, or None for "no world at all".
        given: extra boolean expressions over the scenario's story (e.g. a witness world's facts).
        constraints: read these instead of the scenario's constraints and its reading's defaults (e.g. a
            core, which lists the defaults it uses among its members); the reading then adds nothing.

    Raises:
        TooLarge: the enumeration needs more than :data:`MAX_LEAVES` leaves.
    """
    scheme = parse_scheme(scheme)
    stated = _reading(scenario, scheme) if constraints is None else [functools.partial(_holds, e) for e in constraints]
    # The given facts first: they are mostly single atoms, so they settle atoms the constraints would branch on.
    checks = [functools.partial(_holds, e) for e in given] + stated
    conditions = dict(_conditions(scenario.story, scheme, scenario.mentions))
    only = frozenset() if label is None else frozenset({label})

    # Depth first, stopping at the first world that refutes the claim: a world with another label (or any
    # world, when there should be none); then, for a label, one world that has it.
    if any(found for found, _ in _leaves(scenario.story, checks, lambda w: _labels_of(w, conditions) != only)):
        return False
    return label is None or any(
        found for found, _ in _leaves(scenario.story, checks, lambda w: label in _labels_of(w, conditions))
    )


def brute_labels(scenario: Scenario, scheme: str | Scheme, given: Sequence[Expr] = ()) -> frozenset[Label]:
    """The labels ``scheme`` gives the worlds of ``scenario`` where every expression of ``given`` holds too.

    Raises:
        TooLarge: the enumeration needs more than :data:`MAX_LEAVES` leaves.
    """
    scheme = parse_scheme(scheme)
    checks = [functools.partial(_holds, e) for e in given] + _reading(scenario, scheme)
    return frozenset(_witnesses(scenario, checks, scheme)[0])


def brute_default(scenario: Scenario, expr: Expr) -> bool:
    """Whether the Gricean reading's defaults for ``scenario`` alone entail ``expr`` (docs/model.md, "Readings").

    Every world where each cognition term the scenario leaves unmentioned has its default satisfies ``expr``;
    a stated constraint is not needed for it.

    Raises:
        TooLarge: the enumeration needs more than :data:`MAX_LEAVES` leaves.
    """
    said = _said(scenario)
    refuted = _leaves(scenario.story, [lambda w: _gricean(w, said)], lambda w: not w.holds(expr, {}))
    return not any(result for result, _ in refuted)


def brute_worlds(scenario: Scenario, scheme: str | Scheme, terms: Sequence[str]) -> dict[Label, frozenset[World]]:
    """Per label, the scenario's worlds that get it, projected onto the ground atoms ``terms``, by enumeration.

    The independent count behind ``worlds --count``: each leaf of the decision tree (see the module's
    docstring) settles the constraints and every label's condition; a projected term the leaf did not read
    is free there, so the leaf stands for every value of it.

    Raises:
        TooLarge: the enumeration needs more than :data:`MAX_LEAVES` leaves.
    """
    scheme = parse_scheme(scheme)
    conditions = dict(_conditions(scenario.story, scheme, scenario.mentions))
    found: dict[Label, set[World]] = {}
    probe = _World(scenario.story, {})
    domains = {}
    for term in terms:
        func, _, rest = term.partition("(")
        args = tuple(a.strip() for a in rest.rstrip(")").split(",")) if rest else ()
        try:
            probe.read(func, args)
        except _Unassigned as missing:
            domains[missing.atom] = missing.values
    for labels, values in _leaves(scenario.story, _reading(scenario, scheme), lambda w: _labels_of(w, conditions)):
        if not labels:
            continue
        fixed = {t: values[t] for t in terms if t in values}
        free = [t for t in terms if t not in values]
        for combo in itertools.product(*(domains[t] for t in free)):
            world = World.of({**fixed, **dict(zip(free, combo, strict=True))})
            for label in labels:  # type: ignore[attr-defined]
                found.setdefault(label, set()).add(world)
    return {label: frozenset(ws) for label, ws in found.items()}
