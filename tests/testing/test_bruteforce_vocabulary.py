"""Differential tests over the user's own vocabulary: declared sorts, symbols with arguments and amounts.

Stories from ``stories(vocabulary=True)`` declare the sort ``Skill`` (whose value ``x`` is also a name the
templates bind, so they are renamed apart), and some of ``points(Situation, Action)`` (an amount in 0..2),
``knows(Situation, Skill)`` (cognition), ``effort`` (a cognition amount in -1..1) and ``bonus(Skill)``;
scenarios use every amount operator. Every scheme of ``scheme_family(story)`` (both readings, so the Gricean
defaults of cognition terms with arguments and of amounts too) must get the same verdict from the solver and
from the brute-force checker, which enumerates the declared ranges.
"""

from __future__ import annotations

import hypothesis
from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.model.expr import Arith, Compare, IntLit, Scale, Sum, walk
from misalign_logic.testing.bruteforce import BruteVerdict, brute_classify, brute_relate
from tests.conftest import enumerated, scaled

_STORIES = mls.stories(vocabulary=True, max_actions=2)


def _agree(scenario: ml.Scenario) -> None:
    for scheme in ml.scheme_family(scenario.story):
        solver = ml.classify(scenario, scheme, explain=False)
        brute = enumerated(brute_classify, scenario, scheme)
        assert solver.status is not ml.Status.UNKNOWN, solver.reason
        assert BruteVerdict(solver.status, solver.labels) == brute, (
            f"{scheme.id} on {[c.text for c in scenario.constraints]}: solver {solver.summary()}, "
            f"brute force {brute.status} {sorted(map(str, brute.labels))} (witnesses {dict(brute.witnesses)})"
        )


def _operators(scenario: ml.Scenario) -> None:
    """Record which amount constructs the example uses, so a run shows they were drawn."""
    for c in scenario.constraints:
        for node in walk(c.expr):
            if isinstance(node, Arith | Scale | Sum | IntLit):
                hypothesis.event(type(node).__name__ if not isinstance(node, Arith) else f"Arith {node.op}")
            elif isinstance(node, Compare) and node.left.sort == "Int":
                hypothesis.event(f"compare {node.op}")


def _scenarios(story: ml.Story, most: int) -> st.SearchStrategy[ml.Scenario]:
    """Scenarios mixing statements over the declared vocabulary with the general grammar's."""
    either = st.one_of(mls.vocabulary_facts(story), mls.facts(story))
    return st.lists(either, min_size=1, max_size=most).map(lambda texts: ml.Scenario.from_strings(story, "v", texts))


@settings(max_examples=scaled(120), deadline=None)
@given(_STORIES.flatmap(lambda story: _scenarios(story, 4)))
def test_every_scheme_agrees_with_enumeration_over_declared_vocabulary(scenario: ml.Scenario) -> None:
    _operators(scenario)
    _agree(scenario)


@settings(max_examples=scaled(40), deadline=None)
@given(
    _STORIES.flatmap(
        lambda story: _scenarios(story, 3).flatmap(
            lambda base: st.tuples(st.just(base), mls.refinements(base, max_constraints=2))
        )
    )
)
def test_refinements_over_declared_vocabulary_agree_with_enumeration(pair: tuple[ml.Scenario, ml.Scenario]) -> None:
    base, refined = pair
    _agree(refined)
    assert ml.relate(refined, base).kind is enumerated(brute_relate, refined, base)


@settings(max_examples=scaled(30), deadline=None)
@given(_STORIES.flatmap(lambda story: st.tuples(st.just(story), mls.cognition_facts(story))))
def test_gricean_defaults_of_declared_cognition_agree(case: tuple[ml.Story, str]) -> None:
    story, said = case
    failing = f"not ideal({story.deployment[0]}, policy({story.deployment[0]}))"
    scenario = ml.Scenario.from_strings(story, "said", [failing, said])
    for scheme in ("heuristic:deception[reading=gricean]", "heuristic:training-vs-model[reading=gricean]"):
        solver = ml.classify(scenario, scheme, explain=False)
        assert BruteVerdict(solver.status, solver.labels) == enumerated(brute_classify, scenario, scheme)


def test_the_strategy_draws_every_amount_construct() -> None:
    """The templates cover every construct of amounts: a run that drew none would check nothing."""
    wanted = {"points", "knows", "effort", "bonus"}
    story = hypothesis.find(_STORIES, lambda s: wanted <= {f.name for f in s.facts})
    seen: set[str] = set()

    @settings(max_examples=300, deadline=None, database=None)
    @given(mls.vocabulary_facts(story))
    def collect(text: str) -> None:
        for node in walk(ml.Scenario.from_strings(story, "s", [text]).constraints[0].expr):
            if (isinstance(node, Compare) and node.left.sort == "Int") or isinstance(node, Arith):
                seen.add(node.op)
            elif isinstance(node, Scale | Sum):
                seen.add(type(node).__name__)

    collect()
    assert seen >= {"<", "<=", ">", ">=", "==", "!=", "+", "-", "Scale", "Sum"}
