"""Searching for adversarial scenarios: non-monotone flips, disagreements between schemes, pop quizzes.

Where the schemes are world-based the answer needs no search: a disagreement is one solver query
(:mod:`misalign_logic.solve.disagree`), and a flip is ruled out by the monotonicity theorem; either way "none
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

from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme, label_set, parse_scheme
from misalign_logic.model.story import Phase, Situation, Story
from misalign_logic.model.verdicts import RelationKind, Status
from misalign_logic.solve.classify import DEFAULT_RLIMIT, Analysis, relate
from misalign_logic.solve.disagree import Parting, disagreement
from misalign_logic.spec.render import prose, render_spec
from misalign_logic.testing.strategies import WORLD_SYMBOLS, cognition_facts, facts, stories, world_facts

__all__ = ["FOLK_HEURISTIC", "QUIZ_STORY", "Found", "NoneExists", "find_disagreement", "find_flip", "find_quiz"]

T = TypeVar("T")

#: The folk heuristic of the seed's appendix that reads the description rather than the world.
FOLK_HEURISTIC = Scheme("heuristic:training-vs-model")

#: The story pop quizzes are told over: the seed's pull-request story, reduced to its smallest form.
QUIZ_STORY = Story(
    name="pop-quiz",
    describe="An AI system writes pull requests; humans review them in training and merge them at deployment.",
    situations=(
        Situation("review", Phase.TRAINING, "a human programmer reviews a pull request written from a specification"),
        Situation("farm", Phase.DEPLOYMENT, "humans merge whatever pull requests the AI system writes"),
    ),
    actions=("useful_pr", "print_pr"),
    choices=("usefulness", "merge_probability"),
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
        """The finding as spec-file text, loadable with :func:`~misalign_logic.parse_spec`."""
        return render_spec(self.story, self.scenarios, self.schemes, comment=self.note)


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
    everything = (*WORLD_SYMBOLS, "reason", *(f.name for f in story.facts))
    failure = st.sampled_from(story.deployment).map("not ideal({0}, policy({0}))".format)
    return st.one_of(
        st.tuples(failure, world_facts(story, everything)).map(lambda parts: [parts[0], *parts[1]]),
        world_facts(story, everything),
        st.lists(facts(story), max_size=3),
    )


def _telling(story: Story) -> st.SearchStrategy[str]:
    """A cognition fact, shrinking toward the seed's own: the model deceived in training."""
    return st.one_of(st.sampled_from(story.training).map("reason({}) == deceptive".format), cognition_facts(story))


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
        reads the description, the pair (the refinement second) as a :class:`Found`, or None when the
        hypothesis search ran out of budget.
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

    When both schemes are world-based this is one solver query (:func:`~misalign_logic.solve.disagree.disagreement`)
    for a world they label differently; its facts are cut to a minimal set that still forces both labels.
    Only when a scheme reads the description (its label depends on the wording, not only on a world) does a
    hypothesis search try scenarios and shrink the first it finds.

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
    a, b = parse_scheme(scheme_a), parse_scheme(scheme_b)
    if a.world_based and b.world_based:
        told = story if story is not None else within.story if within is not None else None
        if told is None:
            msg = "find_disagreement between world-based schemes needs the story to search"
            raise ValueError(msg)
        return _disagreement_by_solver(a, b, told, within, rlimit)
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
        f"its {len(answer.facts)} stated facts are minimal: dropping any one unforces a label"
        if answer.facts
        else f"{within.name if within else 'the story'} already forces both"
    )
    note = f"{a.id} forces {la} and {b.id} forces {lb} on {scenario.name}; {stated}."
    scenarios = (base, scenario) if base is not None else (scenario,)
    return Found(story, scenarios, (a, b), note)


def find_quiz(
    schemes: Sequence[str | Scheme] = ("generalization[standard=outcomes]",),
    story: Story = QUIZ_STORY,
    *,
    seed: int = 0,
    max_examples: int = 1000,
) -> Found | None:
    """A pop quiz: two scenarios, the second extending the first, where the folk heuristic flips.

    The folk heuristic (:data:`FOLK_HEURISTIC`) forces ``outer`` on the first and ``inner`` on the second,
    while every scheme in ``schemes`` forces one label on the first and the same label on the second.

    Args:
        schemes: world-based schemes that must not flip (the folk heuristic itself is skipped if listed).
        story: the story; the seed's pull-request story by default.
        seed: the search's random seed.
        max_examples: how many candidate pairs to try before giving up.

    Returns:
        The quiz as a :class:`Found` (its schemes: the folk heuristic, then ``schemes``), or None.

    Raises:
        SpecError: a scheme ID is malformed or names a choice the story lacks.
        ValueError: a scheme in ``schemes`` is not world-based (it could flip too).
    """
    steady = [parse_scheme(s) for s in schemes]
    steady = [s for s in steady if s != FOLK_HEURISTIC]
    for s in steady:
        s.check_story(story)
        if not s.world_based:
            msg = f"{s.id} reads the description, not the world; a quiz needs world-based schemes to hold steady"
            raise ValueError(msg)
    checked = [FOLK_HEURISTIC, *steady]

    def is_quiz(pair: tuple[Scenario, Scenario]) -> bool:
        first = _labels(pair[0], checked)
        if first[0] != (Status.FORCED, frozenset({Label.OUTER})):
            return False
        if any(status is not Status.FORCED for status, _ in first[1:]):
            return False
        second = _labels(pair[1], checked)
        if second[0] != (Status.FORCED, frozenset({Label.INNER})) or second[1:] != first[1:]:
            return False
        return relate(pair[1], pair[0]).kind is RelationKind.REFINES

    found = _find(_pairs(story, world_facts, _telling, 1), is_quiz, seed, max_examples)
    if found is None:
        return None
    intro = (story.describe, "The same story, and one more thing is known about the model:")
    one, two = (attrs.evolve(s, text=_wrap(f"{intro[k]} {prose(s)}")) for k, s in enumerate(found))
    note = (
        f"A pop quiz (seed {seed}): is each failure outer or inner misalignment?\n"
        f"{two.name} is {one.name} plus more information, so it refines {one.name}. The folk heuristic "
        f"{FOLK_HEURISTIC.id} answers '1: outer, 2: inner';\n"
        + "".join(f"{s.id} gives both the same label.\n" for s in steady)
        + "Check it with: misalign-logic check FILE"
    )
    return Found(story, (one, two), tuple(checked), note)


def _wrap(text: str) -> str:
    return "\n" + textwrap.fill(text.strip(), width=100) + "\n"
