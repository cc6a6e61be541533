"""Searching for adversarial scenarios: non-monotone flips, disagreements between schemes, pop quizzes.

Where the schemes are world-based the answer needs no search: a disagreement is one solver query
(:mod:`misalign_logic.solve.compare`), and a flip is ruled out by the monotonicity theorem; either way "none
exists" comes back as :class:`NoneExists`, a proof. Where a scheme reads the description, each search hands
a condition decided by the solver to :func:`hypothesis.find`, which generates scenarios with
:mod:`misalign_logic.strategies` until one meets it and then shrinks it to a minimal one (fewest and simplest
constraints). Results are returned as :class:`Found`, whose :meth:`Found.spec` is a spec file.

Determinism: a search draws from ``random.Random(seed)`` and saves nothing between runs (no example
database), so the same seed, story, schemes and limits give the same result with the same hypothesis and z3
versions. A different seed usually gives a different, equally minimal, result.
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Callable, Sequence
from typing import TypeVar

import attrs
import hypothesis
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from misalign_logic.model.errors import SolverUnknown
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme, label_set, parse_scheme
from misalign_logic.model.story import FactKind, Phase, Situation, Story
from misalign_logic.model.symbols import BUILTIN_FUNCTIONS
from misalign_logic.model.verdicts import Status
from misalign_logic.prose.telling import tell, tell_constraints
from misalign_logic.prose.words import count
from misalign_logic.solve import compare
from misalign_logic.solve.arguments import argument
from misalign_logic.solve.classify import DEFAULT_RLIMIT, Analysis
from misalign_logic.solve.compare import Parting, disagreement
from misalign_logic.solve.quiz import TellingKind, tell_without_cognition
from misalign_logic.spec.render import render_schemes, render_spec
from misalign_logic.testing.strategies import (
    WORLD_SYMBOLS,
    cognition_facts,
    facts,
    ground_facts,
    stories,
    world_facts,
)

__all__ = [
    "FOLK_HEURISTIC",
    "QUIZ_STORY",
    "Found",
    "NoneExists",
    "find_disagreement",
    "find_flip",
    "find_quiz",
    "find_quiz_from",
]

T = TypeVar("T")

#: The folk heuristic of the seed's appendix that reads the description rather than the world.
FOLK_HEURISTIC = Scheme("heuristic:training-vs-model")

#: The story pop quizzes are told over: the seed's pull-request story, reduced to its smallest form.
QUIZ_STORY = Story(
    name="pop-quiz",
    describe="An AI system writes pull requests from natural-language specifications; humans merge the useful ones.",
    situations=(
        Situation(
            "review", Phase.TRAINING, "training, where human programmers check whether its pull requests are useful"
        ),
        Situation("farm", Phase.DEPLOYMENT, "deployment, on the human farms"),
    ),
    actions=("useful_pr", "print_pr"),
    choices=("usefulness", "merge_probability"),
    descriptions=(
        ("useful_pr", "write useful pull requests"),
        ("print_pr", "submit pull requests that just add useless print statements"),
        ("usefulness", "how well the pull request implements the desired feature, as evaluated by a human programmer"),
        ("merge_probability", "the probability that the human programmer would choose to merge the pull request"),
    ),
)


@attrs.frozen
class NoneExists:
    """A proof that no scenario of the kind asked for exists.

    Attributes:
        story: the story searched (None when the proof holds for every story).
        schemes: the schemes the proof is about.
        proof: the proof in words.
    """

    story: Story | None
    schemes: tuple[Scheme, ...]
    proof: str

    def __str__(self) -> str:
        return f"no such scenario exists: {self.proof}"


@attrs.frozen
class Found:
    """What a search found: scenarios over one story, and the schemes that tell them apart.

    Attributes:
        story: the signature.
        scenarios: one scenario, or a pair whose second extends the first.
        schemes: the schemes the finding is about.
        note: one line saying what was found.
    """

    story: Story
    scenarios: tuple[Scenario, ...]
    schemes: tuple[Scheme, ...]
    note: str = ""

    def spec(self) -> str:
        """The finding as a complete spec file, loadable with :func:`~misalign_logic.parse_spec`: the story, the
        scenarios, ``[check]`` naming the schemes, and the ``[scheme.NAME]`` tables of the user's schemes among
        them, so that ``misalign-logic check`` reproduces the finding from this text alone."""
        text = render_spec(self.story, self.scenarios, self.schemes, comment=self.note)
        tables = render_schemes(self.schemes)
        return f"{text}\n{tables}" if tables else text

    def __str__(self) -> str:
        return self.spec()

    def __repr__(self) -> str:
        """The finding as a spec file, so it reads like one in a REPL, a notebook or a test failure."""
        return self.spec()


def _find(strategy: st.SearchStrategy[T], condition: Callable[[T], bool], seed: int, max_examples: int) -> T | None:
    """The minimal example of ``strategy`` meeting ``condition``, or None if none is found in the budget."""
    config = hypothesis.settings(
        database=None, max_examples=max_examples, deadline=None, suppress_health_check=list(hypothesis.HealthCheck)
    )
    try:
        return hypothesis.find(strategy, condition, settings=config, random=random.Random(seed))
    except NoSuchExample:
        return None


def _labels(scenario: Scenario, schemes: Sequence[Scheme]) -> list[tuple[Status, frozenset[Label]]]:
    analysis = Analysis(scenario, explain=False)
    return [(v.status, v.labels) for v in (analysis.classify(s) for s in schemes)]


def _pairs(
    story: Story | None,
    base: Callable[[Story], st.SearchStrategy[list[str]]],
    more: Callable[[Story], st.SearchStrategy[str]],
    max_more: int,
) -> st.SearchStrategy[tuple[Scenario, Scenario]]:
    """Pairs (scenario, refinement): the scenario's facts from ``base``, 1 to ``max_more`` more from ``more``."""
    pool = st.just(story) if story is not None else stories(max_training=1, max_deployment=1, max_actions=2)

    def pair(s: Story) -> st.SearchStrategy[tuple[Scenario, Scenario]]:
        first = base(s).map(lambda texts: Scenario.from_strings(s, "scenario-1", texts))
        return first.flatmap(
            lambda one: st.tuples(
                st.just(one),
                st.lists(more(s), min_size=1, max_size=max_more).map(lambda texts: one.refine("scenario-2", texts)),
            )
        )

    return pool.flatmap(pair)


def _any_facts(story: Story) -> st.SearchStrategy[list[str]]:
    """Part of a world's description (cognition included), with or without a stated failure point, or a few
    facts of the general grammar. Every label but ``none`` needs a failure point, so one is often stated."""
    cognition = (s.name for s in BUILTIN_FUNCTIONS.values() if s.cognition and s.drawn is not None)
    everything = (*WORLD_SYMBOLS, *cognition, *(f.name for f in story.facts))
    failure = st.sampled_from(story.deployment).map("not ideal({0}, policy({0}))".format)
    return st.one_of(
        st.tuples(failure, world_facts(story, everything)).map(lambda parts: [parts[0], *parts[1]]),
        world_facts(story, everything),
        st.lists(facts(story), max_size=3),
    )


def _more_facts(story: Story) -> st.SearchStrategy[str]:
    return st.one_of(cognition_facts(story), facts(story))


def find_flip(
    scheme: str | Scheme, story: Story | None = None, *, forced: bool = True, seed: int = 0, max_examples: int = 1000
) -> Found | NoneExists | None:
    """A minimal non-monotone flip of ``scheme``: a scenario and a consistent refinement that adds a label.

    Args:
        scheme: the scheme.
        story: the story to search over; small generated stories when None.
        forced: require the scheme to force a label on both scenarios, different ones (the seed's
            "1: outer, 2: inner"); otherwise any label the refinement gets that the scenario did not counts.
        seed: the search's random seed.
        max_examples: how many candidate pairs to try before giving up.

    Returns:
        For a world-based scheme, :class:`NoneExists` with the monotonicity theorem as the proof (a refinement's
        worlds are worlds of the scenario, and each keeps its label), without a search. For a scheme that
        reads the description, the pair (the refinement second) as a :class:`Found`: over a given story, first
        from the one comparison's candidate worlds (:func:`~misalign_logic.solve.compare.find_flip`), else from
        a hypothesis search; None when the search ran out of budget.
    """
    chosen = parse_scheme(scheme)
    if chosen.world_based:
        proof = (
            f"{chosen.id} labels each world by the world alone, and every world of a refinement is a world of "
            "the scenario it refines, so the refinement's labels are among the scenario's (the monotonicity "
            "theorem of docs/model.md): no refinement adds a label"
        )
        return NoneExists(story, (chosen,), proof)

    def flips(pair: tuple[Scenario, Scenario]) -> bool:
        (s1, l1), (s2, l2) = (_labels(s, [chosen])[0] for s in pair)
        if forced:
            return s1 is Status.FORCED and s2 is Status.FORCED and l1 != l2
        return s2 is not Status.INCONSISTENT and s2 is not Status.UNKNOWN and not l2 <= l1

    found = _solved_flip(chosen, story) if story is not None else None
    if found is None or not flips(found):
        found = _find(_pairs(story, _any_facts, _more_facts, 2), flips, seed, max_examples)
    if found is None:
        return None
    a, b = found
    return Found(
        a.story,
        (a, b),
        (chosen,),
        f"A non-monotone flip of {chosen.id}: {b.name} refines {a.name}, yet gets a label it did not allow.",
    )


def _solved_flip(scheme: Scheme, story: Story) -> tuple[Scenario, Scenario] | None:
    """A flip the one comparison finds on ``story`` from the solver's worlds (None: none found that way)."""
    try:
        found = compare.find_flip(scheme, [story])
    except SolverUnknown:
        return None
    if found is None:
        return None
    kept = [c.text for c in found.base.constraints]
    added = [c.text for c in found.refined.constraints if c.stated_in == found.refined.name]

    def pair(base: list[str], more: list[str]) -> tuple[Scenario, Scenario] | None:
        if not more:
            return None
        one = Scenario.from_strings(story, "scenario-1", base)
        return one, one.refine("scenario-2", more)

    def flips(base: list[str], more: list[str]) -> bool:
        both = pair(base, more)
        return both is not None and all(status in _DECIDED for status, _ in _pair_labels(both, scheme))

    # Shrunk as every comparison's finding is: the first scenario's facts, then the added ones.
    kept, _ = compare.shrink(kept, lambda part: flips(part, added) and _flipped(pair(part, added), scheme))
    added, _ = compare.shrink(added, lambda part: flips(kept, part) and _flipped(pair(kept, part), scheme))
    return pair(kept, added)


_DECIDED = (Status.FORCED, Status.AMBIGUOUS)


def _pair_labels(pair: tuple[Scenario, Scenario], scheme: Scheme) -> list[tuple[Status, frozenset[Label]]]:
    return [_labels(s, [scheme])[0] for s in pair]


def _flipped(pair: tuple[Scenario, Scenario] | None, scheme: Scheme) -> bool:
    """Whether the refinement (second) gets a label the scenario (first) did not allow."""
    if pair is None:
        return False
    (_, first), (_, second) = _pair_labels(pair, scheme)
    return not second <= first


def find_disagreement(
    scheme_a: str | Scheme,
    scheme_b: str | Scheme,
    story: Story | None = None,
    *,
    within: Scenario | None = None,
    seed: int = 0,
    max_examples: int = 1000,
    rlimit: int | None = DEFAULT_RLIMIT,
) -> Found | NoneExists | None:
    """A scenario that two schemes force to different labels, its stated facts minimal, or a proof of none.

    When both schemes are world-based this is one solver query (:func:`~misalign_logic.solve.compare.disagreement`)
    for a world they label differently; its facts are cut to a minimal set that still forces both labels.
    When a scheme reads the description (its label depends on the wording, not only on a world), the one
    comparison (:func:`~misalign_logic.solve.compare.find_distinction`) first tries the solver's worlds of the
    story, written with each wording; only when it finds none (or no story is given) does a hypothesis search
    try scenarios and shrink the first it finds.

    Args:
        scheme_a: the first scheme.
        scheme_b: the second scheme.
        story: the story; required for world-based schemes, small generated stories for a search when None.
        within: a scenario whose worlds alone are searched (world-based schemes); the result refines it.
        seed: the search's random seed (description-based schemes).
        max_examples: how many candidate scenarios to try before giving up (description-based schemes).
        rlimit: z3 resource units per solver call (world-based schemes).

    Returns:
        The scenario as a :class:`Found`; :class:`NoneExists` when the solver proved that no world is
        labelled differently; None when the hypothesis search ran out of budget (no claim is made).

    Raises:
        SpecError: a scheme ID is malformed or names a choice the story lacks.
        ValueError: world-based schemes without a story; the solver gave up.
    """
    if story is not None:
        story = argument(story, Story, "story", "pass spec.story, or None for small generated stories")
    a, b = parse_scheme(scheme_a), parse_scheme(scheme_b)
    if a.world_based and b.world_based:
        told = story if story is not None else within.story if within is not None else None
        if told is None:
            msg = "find_disagreement between world-based schemes needs the story to search"
            raise ValueError(msg)
        return _disagreement_by_solver(a, b, told, within, rlimit)
    if story is not None and within is None:
        try:
            parting = compare.find_distinction(a, b, [story])
        except SolverUnknown:
            parting = None
        if parting is not None:
            scenario = Scenario.from_strings(story, "scenario-1", [c.text for c in parting.scenario.constraints])
            return Found(story, (scenario,), (a, b), f"{a.id} and {b.id} force different labels on {scenario.name}.")
    pool = st.just(story) if story is not None else stories(max_training=1, max_deployment=1, max_actions=2)

    def disagree(scenario: Scenario) -> bool:
        (sa, la), (sb, lb) = _labels(scenario, [a, b])
        return sa is Status.FORCED and sb is Status.FORCED and la != lb

    strategy = pool.flatmap(lambda s: _any_facts(s).map(lambda texts: Scenario.from_strings(s, "scenario-1", texts)))
    found = _find(strategy, disagree, seed, max_examples)
    if found is None:
        return None
    return Found(found.story, (found,), (a, b), f"{a.id} and {b.id} force different labels on {found.name}.")


def _disagreement_by_solver(
    a: Scheme, b: Scheme, story: Story, within: Scenario | None, rlimit: int | None
) -> Found | NoneExists:
    answer = disagreement(a, b, story, within=within, rlimit=rlimit)
    if answer.parting is Parting.UNKNOWN:
        msg = f"the solver gave up comparing {a.id} and {b.id} ({answer.reason})"
        raise ValueError(msg)
    if answer.parting is Parting.NONE:
        return NoneExists(story, (a, b), answer.proof)
    base = None
    if within is not None:
        # Written on its own (its inherited facts as its own), so the spec needs no scenario it extends.
        base = Scenario.from_strings(story, within.name, [c.text for c in within.constraints], text=within.text)
    scenario = (
        base.refine("disagreement", answer.facts)
        if base is not None
        else Scenario.from_strings(story, "disagreement", answer.facts)
    )
    la, lb = (label_set(labels) for labels in answer.labels)
    stated = (
        f"its {count(len(answer.facts), 'stated fact')} {'is' if len(answer.facts) == 1 else 'are'} minimal: "
        "dropping any one unforces a label"
        if answer.facts
        else f"{within.name if within else 'the story'} already forces both"
    )
    note = f"{a.id} forces {la} and {b.id} forces {lb} on {scenario.name}; {stated}."
    scenarios = (base, scenario) if base is not None else (scenario,)
    return Found(story, scenarios, (a, b), note)


def _cognition_facts(story: Story) -> list[str]:
    """One-fact statements about the model's cognition, the seed's own first: it deceived in training."""
    out = [f"reason({t}) == {r}" for r in story.reasons[1:] for t in story.training]
    for fact in story.facts:
        if fact.kind is FactKind.COGNITION:
            for atom, values in ground_facts(story, fact):  # what differs from the Gricean default
                out += [atom] if values is None else [f"{atom} == {v}" for v in values[1:]]
    return out


def find_quiz(
    schemes: Sequence[str | Scheme] = ("generalization[standard=outcomes]",),
    story: Story = QUIZ_STORY,
    *,
    seed: int = 0,
    budget: int = 500,
    rlimit: int | None = DEFAULT_RLIMIT,
    within: Scenario | None = None,
) -> Found | NoneExists:
    """A pop quiz shaped like the seed's: two scenarios, the second adding one fact about the model's cognition.

    Scenario 1 says what the model did in every situation and what the designers wished there, has a failure
    point, and leaves the model's cognition unsaid; it states whatever else (never cognition) makes each
    scheme in ``schemes`` force a label, and no more (:func:`~misalign_logic.solve.quiz.tell_without_cognition`).
    Scenario 2 extends it by one cognition fact, so the folk heuristic (:data:`FOLK_HEURISTIC`) answers
    "1: outer, 2: inner" while each scheme in ``schemes`` forces the same label on both. Both are told in the
    story's ``describe`` words.

    Args:
        schemes: world-based schemes that must hold steady (the folk heuristic itself is skipped if listed).
        story: the story; the seed's pull-request story by default.
        seed: which cognition fact scenario 2 adds (the seed's "it deceived in training" for 0, then the
            other reasons and the story's cognition facts in turn).
        budget: how many tellings of scenario 1 the solver may try.
        rlimit: z3 resource units per solver call.
        within: a scenario of the user's file (the story as told) that the quiz must not contradict: both
            scenarios of the quiz are consistent with its facts.

    Returns:
        The quiz as a :class:`Found` (its schemes: the folk heuristic, then ``schemes``), or
        :class:`NoneExists` with the proof when no scenario 1 makes every scheme force a label.

    Raises:
        SpecError: a scheme ID is malformed or names a choice the story lacks.
        ValueError: a scheme in ``schemes`` is not world-based (it could flip too).
        SolverUnknown: the solver gave up, or the budget ran out, before an answer.
    """
    steady = _steady(schemes, story)
    kept = tuple(c.text for c in within.constraints) if within is not None else ()
    telling = tell_without_cognition(story, steady, budget=budget, rlimit=rlimit, within=kept)
    if telling.kind is TellingKind.NONE:
        return NoneExists(story, steady, telling.reason)
    if telling.kind is TellingKind.UNKNOWN:
        raise SolverUnknown(telling.reason)
    one = Scenario.from_strings(story, "scenario-1", telling.facts)
    options = _cognition_facts(story)
    if kept:
        # Scenario 2 must not contradict the file's facts either (they may speak of cognition).
        told = Scenario.from_strings(story, "told", [*kept, *telling.facts])
        options = [f for f in options if _consistent(told.refine("trial", [f]), rlimit)]
        if not options:
            why = f"every one-fact detail about the model's cognition contradicts {within.name if within else ''}"
            return NoneExists(story, steady, why)
    added = options[seed % len(options)]
    two = one.refine("scenario-2", [added])
    one = attrs.evolve(one, text=_wrap(f"{story.describe} {tell(story, telling.facts)}"))
    more = "The same story, and one more thing is known about the model:"
    two = attrs.evolve(two, text=_wrap(f"{more} {tell(story, [added], telling.facts)}"))
    note = (
        "A pop quiz: is each failure outer or inner misalignment, or is it ambiguous?\n"
        f"{two.name} is {one.name} plus one fact about the model's cognition, so it refines {one.name}. The folk "
        f"heuristic {FOLK_HEURISTIC.id} answers '1: outer, 2: inner';\n"
        + "".join(f"{s.id} forces {label.value} on both.\n" for s, label in zip(steady, telling.labels, strict=True))
        + "Check it with: misalign-logic check FILE"
    )
    return Found(story, (one, two), (FOLK_HEURISTIC, *steady), note)


def _steady(schemes: Sequence[str | Scheme], story: Story) -> tuple[Scheme, ...]:
    """The schemes a quiz must hold steady (the folk heuristic left out), checked against ``story``."""
    steady = tuple(s for s in (parse_scheme(x) for x in schemes) if s != FOLK_HEURISTIC)
    for s in steady:
        s.check_story(story)
        if not s.world_based:
            msg = f"{s.id} reads the description, not the world; a quiz needs world-based schemes to hold steady"
            raise ValueError(msg)
    return steady


def find_quiz_from(
    scenario: Scenario,
    schemes: Sequence[str | Scheme] = ("generalization[standard=outcomes]",),
    *,
    seed: int = 0,
    rlimit: int | None = DEFAULT_RLIMIT,
) -> Found | NoneExists:
    """A pop quiz shaped like the seed's whose scenario 1 is ``scenario``, every stated fact kept.

    Scenario 2 adds one fact about the model's cognition, the first (after ``seed`` skips) that is consistent
    with ``scenario``, so the folk heuristic (:data:`FOLK_HEURISTIC`) answers "1: outer, 2: inner", while each
    scheme in ``schemes``, which must force a label on ``scenario``, forces the same one on both (the
    monotonicity theorem, docs/model.md; checked here too).

    Args:
        scenario: the user's scenario, told as scenario 1 in its own ``text`` (or its facts in the story's words).
        schemes: world-based schemes that must hold steady.
        seed: how many consistent cognition facts to skip before the one scenario 2 adds.
        rlimit: z3 resource units per solver call.

    Returns:
        The quiz as a :class:`Found` (its schemes: the folk heuristic, then ``schemes``), or :class:`NoneExists`
        with the reason when ``scenario`` cannot be such a scenario 1.

    Raises:
        SpecError: a scheme ID is malformed or names a choice the story lacks.
        ValueError: a scheme in ``schemes`` is not world-based.
        SolverUnknown: the solver gave up before an answer.
    """
    story = scenario.story
    steady = _steady(schemes, story)
    stated = [c.text for c in scenario.constraints]
    # Written on its own (inherited facts as its own), so the quiz needs no scenario it extends.
    one = Scenario.from_strings(story, "scenario-1", stated)
    why_not = _not_a_first_scenario(scenario.name, one, steady, rlimit)
    if why_not:
        return NoneExists(story, steady, why_not)
    two, added = _one_cognition_fact_more(one, seed, rlimit)
    if two is None:
        why = f"every one-fact detail about the model's cognition contradicts {scenario.name} or leaves no failure"
        return NoneExists(story, steady, why)
    labels = [_forced(two, s, rlimit) for s in steady]
    told = scenario.text.strip() or " ".join(x for x in (story.describe, tell_constraints(story, stated)) if x)
    one = attrs.evolve(one, text=_wrap(told))
    more = "The same story, and one more thing is known about the model:"
    two = attrs.evolve(two, text=_wrap(f"{more} {tell(story, [added], stated)}"))
    note = (
        f"A pop quiz on {scenario.name}: is each failure outer or inner misalignment, or is it ambiguous?\n"
        f"{one.name} is {scenario.name} as stated; {two.name} adds one fact about the model's cognition, so it "
        f"refines {one.name}. The folk heuristic {FOLK_HEURISTIC.id} answers '1: outer, 2: inner';\n"
        + "".join(f"{s.id} forces {label} on both.\n" for s, label in zip(steady, labels, strict=True))
        + "Check it with: misalign-logic check FILE"
    )
    return Found(story, (one, two), (FOLK_HEURISTIC, *steady), note)


def _consistent(scenario: Scenario, rlimit: int | None) -> bool:
    """Whether ``scenario`` has a world; raises when the solver gives up."""
    verdict = Analysis(scenario, explain=False, rlimit=rlimit).classify(FOLK_HEURISTIC)
    if verdict.status is Status.UNKNOWN:
        raise SolverUnknown(f"the solver gave up on whether {scenario.name} has a world")
    return verdict.status is not Status.INCONSISTENT


def _forced(scenario: Scenario, scheme: Scheme, rlimit: int | None) -> str:
    """The label ``scheme`` forces on ``scenario`` ("" when none); raises when the solver gives up."""
    verdict = Analysis(scenario, explain=False, rlimit=rlimit).classify(scheme)
    if verdict.status is Status.UNKNOWN:
        raise SolverUnknown(f"the solver gave up on {scheme.id} for {scenario.name}")
    return verdict.forced.value if verdict.forced is not None else ""


def _not_a_first_scenario(name: str, one: Scenario, steady: tuple[Scheme, ...], rlimit: int | None) -> str:
    """Why ``one`` cannot open a quiz ("" when it can): it must say nothing of cognition, force a failure point
    and let each steady scheme force a label."""
    if one.mentions_cognition:
        terms = ", ".join(sorted(one.mentions & one.story.cognition_symbols))
        return (
            f"{name} already speaks of the model's cognition ({terms}), so the folk heuristic says inner on it; "
            "scenario 1 of a quiz says nothing about cognition"
        )
    folk = Analysis(one, explain=False, rlimit=rlimit).classify(FOLK_HEURISTIC)
    if folk.status is Status.UNKNOWN:
        raise SolverUnknown(f"the solver gave up on {FOLK_HEURISTIC.id} for {name}")
    if folk.status is Status.INCONSISTENT:
        return f"{name} has no world: its stated facts contradict each other"
    if folk.forced is not Label.OUTER:
        return (
            f"{name} does not force a failure point (some of its worlds have none), so no scheme can call it "
            "outer for certain; state what the model did at deployment and that the designers did not want it"
        )
    for scheme in steady:
        if not _forced(one, scheme, rlimit):
            verdict = Analysis(one, explain=False, rlimit=rlimit).classify(scheme)
            return (
                f"{scheme.id} leaves {name} {verdict.status.value} {label_set(verdict.labels)}; a quiz needs each "
                "chosen scheme to force a label on scenario 1 (then no added detail about the model can change it)"
            )
    return ""


def _one_cognition_fact_more(one: Scenario, seed: int, rlimit: int | None) -> tuple[Scenario | None, str]:
    """``one`` plus the ``seed``-th cognition fact (cycling) on which the folk heuristic forces inner."""
    fitting = []
    for fact in _cognition_facts(one.story):
        two = one.refine("scenario-2", [fact])
        if _forced(two, FOLK_HEURISTIC, rlimit) == Label.INNER.value:
            fitting.append((two, fact))
    if not fitting:
        return None, ""
    return fitting[seed % len(fitting)]


def _wrap(text: str) -> str:
    return "\n" + textwrap.fill(text.strip(), width=100) + "\n"
