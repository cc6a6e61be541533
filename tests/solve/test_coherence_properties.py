"""Judgments against every categorization, tested on generated scenarios and judgments.

Sizes: stories from ``strategies.stories()``; two or three scenarios of 1-4 generated constraints (the last may
refine the first); 1-4 generated judgments. Default counts are given per test (ten times as many under
``HYPOTHESIS_PROFILE=long``).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.testing import assert_coherent
from misalign_logic.testing.bruteforce import brute_classify, brute_relate
from tests.conftest import enumerated, scaled

# Two scenarios over one story, and a third that refines the first: judged scenarios that share worlds.
TRIPLES = mls.stories().flatmap(
    lambda story: st.tuples(mls.scenarios(story, name="a"), mls.scenarios(story, name="b")).flatmap(
        lambda ab: mls.refinements(ab[0], name="c").map(lambda c: (*ab, c))
    )
)


@settings(max_examples=scaled(40), deadline=None)
@given(TRIPLES, st.data())
def test_a_world_based_schemes_own_answers_are_coherent(
    scenarios: tuple[ml.Scenario, ...], data: st.DataObject
) -> None:
    # A world-based scheme is a categorization of worlds, so the answers it gives are jointly satisfiable.
    scheme = data.draw(mls.world_based_schemes(scenarios[0].story))
    answers = []
    for scenario in scenarios:
        verdict = ml.classify(scenario, scheme, explain=False)
        if verdict.forced is not None:
            answers.append(ml.Judgment(scenario.name, verdict.forced, ml.Strength.CERTAIN))
        answers += [ml.Judgment(scenario.name, label, ml.Strength.POSSIBLE) for label in verdict.labels]
        if {ml.Label.OUTER, ml.Label.INNER} <= verdict.labels:
            answers.append(ml.Judgment(scenario.name, None, ml.Strength.POSSIBLE))  # the answer "ambiguous"
    if answers:
        assert_coherent(answers, scenarios)


@settings(max_examples=scaled(40), deadline=None)
@given(TRIPLES, st.data())
def test_a_world_based_scheme_bears_out_ambiguous_exactly_when_its_verdict_is(
    scenarios: tuple[ml.Scenario, ...], data: st.DataObject
) -> None:
    scheme = data.draw(mls.world_based_schemes(scenarios[0].story))
    scenario = scenarios[2]
    verdict = ml.classify(scenario, scheme, explain=False)
    bearing = ml.assess(ml.Judgment(scenario.name, None, ml.Strength.POSSIBLE), verdict).bearing
    expected = verdict.status is ml.Status.AMBIGUOUS and {ml.Label.OUTER, ml.Label.INNER} <= verdict.labels
    assert bearing is (ml.Bearing.BORNE_OUT if expected else ml.Bearing.CONTRADICTED)


@settings(max_examples=scaled(60), deadline=None)
@given(TRIPLES.flatmap(lambda three: st.tuples(st.just(three), mls.judgments(three, strengths=[ml.Strength.CERTAIN]))))
def test_certain_judgments_conflict_exactly_when_enumeration_says_so(
    case: tuple[tuple[ml.Scenario, ...], list[ml.Judgment]],
) -> None:
    # docs/model.md: certain judgments with different labels are jointly impossible exactly when their scenarios
    # share a world (and one on a scenario without a world cannot hold). Decided here by enumeration alone.
    scenarios, judgments = case
    named = {s.name: s for s in scenarios}
    empty = {n for n, s in named.items() if enumerated(brute_classify, s, "objective").status is ml.Status.INCONSISTENT}
    clash = any(j.scenario in empty for j in judgments)
    for i, first in enumerate(judgments):
        for second in judgments[i + 1 :]:
            a, b = named[first.scenario], named[second.scenario]
            if first.label is not second.label and a.name not in empty and b.name not in empty:
                clash |= enumerated(brute_relate, a, b) is not ml.RelationKind.DISJOINT
    result = ml.coherence(judgments, named)
    assert result.coherent is (not clash), (judgments, result.proof)


def test_the_quiz_answers_are_incoherent(s1: ml.Scenario, s2: ml.Scenario) -> None:
    answers = [
        ml.Judgment("scenario-1", ml.Label.OUTER, ml.Strength.CERTAIN),
        ml.Judgment("scenario-2", ml.Label.INNER, ml.Strength.CERTAIN),
    ]
    with pytest.raises(AssertionError, match="scenario-2 refines scenario-1") as failure:
        assert_coherent(answers, [s1, s2])
    assert "A categorization that depends only on what happened gives that world one label" in str(failure.value)
    assert assert_coherent(answers[:1], {"scenario-1": s1}).coherent is True
