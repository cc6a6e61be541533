"""An independent evaluator that enumerates worlds in Python, with no solver, to check the solver's answers.

docs/model.md ("Checking the checker") asks that every SMT verdict on a small story agree with a brute-force
evaluator. This module implements docs/model.md's semantics a second time, directly over concrete worlds: the
expression language, the background axiom, failure points, every scheme family, the Gricean reading and the
relations between scenarios. It shares the parsed syntax (:mod:`misalign_logic.model.expr`) and the data model
(stories, scenarios, schemes, labels, verdict kinds) with the solver side, and nothing else: it does not read
the label definitions of :mod:`misalign_logic.model.conditions` nor the grounding of
:mod:`misalign_logic.solve.encoding`, so an error in either shows up as a disagreement.

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
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TypeAlias

import attrs

from misalign_logic.model.errors import MisalignLogicError
from misalign_logic.model.expr import App, BoolLit, Compare, Connective, Const, Expr, Not, Quantifier, Var
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme, parse_scheme
from misalign_logic.model.story import FactKind, Phase, Story
from misalign_logic.model.verdicts import RelationKind, Status, World

__all__ = [
    "BruteVerdict",
    "TooLarge",
    "brute_classify",
    "brute_default",
    "brute_forces",
    "brute_labels",
    "brute_relate",
    "count_leaves",
]

Value: TypeAlias = bool | str

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

    def _domain(self, sort: str) -> tuple[Value, ...]:
        if sort == "Bool":
            return (False, True)
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
        raise _Unassigned(atom, self._domain(_results(self.story)[func]))

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
            same = self.term(e.left, env) == self.term(e.right, env)
            return same if e.op == "==" else not same
        if isinstance(e, Quantifier):
            return self._quantified(e, 0, dict(env))
        value = self.term(e, env)
        assert isinstance(value, bool), e
        return value

    def _quantified(self, e: Quantifier, i: int, env: dict[str, str]) -> bool:
        if i == len(e.variables):
            return self.holds(e.body, env)
        name, domain = e.variables[i]
        if domain == "training":
            values = self.story.training
        elif domain == "deployment":
            values = self.story.deployment
        else:
            values = self.story.sort_values(domain)
        cases = (self._quantified(e, i + 1, {**env, name: v}) for v in values)
        return all(cases) if e.kind == "forall" else any(cases)

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


def _good_feedback(w: _World, standard: str, t: str) -> bool:
    """Whether the feedback in training situation ``t`` is good under ``standard``."""
    for a in w.story.actions:
        fb, ideal = w.read("feedback", (t, a)), w.read("ideal", (t, a))
        if standard == "outcomes":
            ok = fb == ideal
        elif standard == "reasons":
            if w.read("policy", (t,)) == a:
                ok = fb == (bool(ideal) and w.read("reason", (t,)) == "aligned")
            else:
                ok = fb == ideal
        else:  # verifiable: never punish the ideal action, never reward a bad action that could be exhibited
            ok = (not ideal or bool(fb)) and not (not ideal and w.read("exhibitable", (t, a)) and fb)
        if not ok:
            return False
    return True


def _label(w: _World, scheme: Scheme, mentions_cognition: bool) -> Label:
    failures = _failure_points(w)
    if not failures:
        return Label.NONE
    if scheme.family == "objective":
        choice = scheme.counterfactual
        if choice is None:
            read = w.read("choice", ())
            assert isinstance(read, str)
            choice = read
        outer = [bool(w.read("design", (choice, s, str(w.read("policy", (s,)))))) for s in failures]
        return Label.OUTER if all(outer) else Label.INNER if not any(outer) else Label.BOTH
    if scheme.family == "generalization":
        assert scheme.standard is not None
        bad = any(not _good_feedback(w, scheme.standard, t) for t in w.story.training)
        return Label.OUTER if bad else Label.INNER
    if scheme.family == "root-cause":
        feedback, generalization = w.read("fixes_feedback", ()), w.read("fixes_generalization", ())
        if feedback and not generalization:
            return Label.OUTER
        if generalization and not feedback:
            return Label.INNER
        return Label.BOTH
    if scheme.family == "heuristic:deception":
        deceived = any(w.read("reason", (t,)) == "deceptive" for t in w.story.training)
        return Label.INNER if deceived else Label.OUTER
    # heuristic:training-vs-model: the words of the scenario, not the world, decide.
    return Label.INNER if mentions_cognition else Label.OUTER


def _gricean(w: _World, mentioned: frozenset[str]) -> bool:
    """The Gricean defaults: every cognition symbol the scenario leaves unmentioned takes its default."""
    if "reason" not in mentioned and any(w.read("reason", (s.name,)) != "aligned" for s in w.story.situations):
        return False
    for fact in w.story.facts:
        if fact.kind is FactKind.COGNITION and fact.name not in mentioned:
            default: Value = False if fact.values is None else fact.values[0]
            if w.read(fact.name, ()) != default:
                return False
    return True


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


#: The labels each family can give at all (read off the definitions in :func:`_label`).
_CODOMAIN = {
    "objective": (Label.NONE, Label.OUTER, Label.INNER, Label.BOTH),
    "generalization": (Label.NONE, Label.OUTER, Label.INNER),
    "root-cause": (Label.NONE, Label.OUTER, Label.INNER, Label.BOTH),
    "heuristic:deception": (Label.NONE, Label.OUTER, Label.INNER),
    "heuristic:training-vs-model": (Label.NONE, Label.OUTER, Label.INNER),
}


def brute_classify(scenario: Scenario, scheme: str | Scheme) -> BruteVerdict:
    """Classify ``scenario`` under ``scheme`` by enumerating its worlds.

    For each label the scheme can give, the decision tree of "the world is one of the scenario's and gets
    this label" is searched depth first until a leaf where it holds (a witness) or until the tree is
    exhausted (no world gets the label). The search is exact; stopping at the first witness only saves time.

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
    witnesses, leaves = _witnesses(scenario.story, _reading(scenario, scheme), scheme, scenario.mentions_cognition)
    if not witnesses:
        return BruteVerdict(Status.INCONSISTENT, frozenset(), {}, leaves)
    status = Status.FORCED if len(witnesses) == 1 else Status.AMBIGUOUS
    return BruteVerdict(status, frozenset(witnesses), witnesses, leaves)


def _reading(scenario: Scenario, scheme: Scheme) -> list[_Check]:
    """The scenario's constraints, and under the Gricean reading its defaults, as checks on a world."""
    checks = _constraints(scenario)
    if scheme.reading == "gricean":
        mentioned = scenario.mentions
        checks.append(lambda w: _gricean(w, mentioned))
    return checks


def _witnesses(
    story: Story, checks: Sequence[_Check], scheme: Scheme, cognition: bool
) -> tuple[dict[Label, World], int]:
    """A partial witness world per label some world passing ``checks`` gets, and the leaves visited.

    For each label the scheme can give, the decision tree of "the world passes the checks and gets this label"
    is searched depth first until a leaf where it holds (a witness) or until the tree is exhausted.
    """
    witnesses: dict[Label, World] = {}
    leaves = 0
    for wanted in _CODOMAIN[scheme.family]:

        def gets(w: _World, wanted: Label = wanted) -> bool:
            if wanted is Label.NONE:
                return not _failure_points(w)  # settled without reading what the scheme looks at
            return _label(w, scheme, cognition) is wanted

        for holds, values in _leaves(story, checks, gets):
            leaves += 1
            if holds:
                witnesses[wanted] = World.of(values)
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
    cognition = scenario.mentions_cognition

    def gets(w: _World) -> Label:
        return _label(w, scheme, cognition) if _failure_points(w) else Label.NONE

    # Depth first, stopping at the first world that refutes the claim: a world with another label (or any
    # world, when there should be none); then, for a label, one world that has it.
    if any(found for found, _ in _leaves(scenario.story, checks, lambda w: gets(w) is not label)):
        return False
    return label is None or any(found for found, _ in _leaves(scenario.story, checks, lambda w: gets(w) is label))


def brute_labels(scenario: Scenario, scheme: str | Scheme, given: Sequence[Expr] = ()) -> frozenset[Label]:
    """The labels ``scheme`` gives the worlds of ``scenario`` where every expression of ``given`` holds too.

    Raises:
        TooLarge: the enumeration needs more than :data:`MAX_LEAVES` leaves.
    """
    scheme = parse_scheme(scheme)
    checks = [functools.partial(_holds, e) for e in given] + _reading(scenario, scheme)
    return frozenset(_witnesses(scenario.story, checks, scheme, scenario.mentions_cognition)[0])


def brute_default(scenario: Scenario, expr: Expr) -> bool:
    """Whether the Gricean reading's defaults for ``scenario`` alone entail ``expr`` (docs/model.md, "Readings").

    Every world where each cognition term the scenario leaves unmentioned has its default satisfies ``expr``;
    a stated constraint is not needed for it.

    Raises:
        TooLarge: the enumeration needs more than :data:`MAX_LEAVES` leaves.
    """
    mentioned = scenario.mentions
    refuted = _leaves(scenario.story, [lambda w: _gricean(w, mentioned)], lambda w: not w.holds(expr, {}))
    return not any(result for result, _ in refuted)
