"""The seed's table (docs/model.md), a row per test, decided by the solver through the public API."""

from __future__ import annotations

from fractions import Fraction

import pytest

import misalign_logic as ml
from misalign_logic import Label, Status

from .conftest import SPECS

OUTER, INNER, BOTH = Label.OUTER, Label.INNER, Label.BOTH


def labels(scenario: ml.Scenario, scheme: str) -> tuple[Status, frozenset[Label]]:
    verdict = ml.classify(scenario, scheme)
    return verdict.status, verdict.labels


def test_row_1_objective_with_the_choice_open_is_ambiguous(s1: ml.Scenario, s2: ml.Scenario) -> None:
    for scenario in (s1, s2):
        verdict = ml.classify(scenario, "objective")
        assert (verdict.status, verdict.labels) == (Status.AMBIGUOUS, {OUTER, INNER})
        # The seed's free variable: the counterfactual the designers "meant".
        assert verdict.deciding == ("choice",)


def test_row_2_usefulness_counterfactual_forces_inner(s1: ml.Scenario, s2: ml.Scenario) -> None:
    for scenario in (s1, s2):
        assert labels(scenario, "objective[counterfactual=usefulness]") == (Status.FORCED, {INNER})


def test_row_3_merge_probability_counterfactual_forces_outer(s1: ml.Scenario, s2: ml.Scenario) -> None:
    for scenario in (s1, s2):
        assert labels(scenario, "objective[counterfactual=merge_probability]") == (Status.FORCED, {OUTER})


def test_row_4_good_outcomes_feedback_forces_inner(s1: ml.Scenario, s2: ml.Scenario) -> None:
    for scenario in (s1, s2):
        assert labels(scenario, "generalization[standard=outcomes]") == (Status.FORCED, {INNER})


def test_row_5_good_reasons_feedback_is_ambiguous_then_outer(s1: ml.Scenario, s2: ml.Scenario) -> None:
    v1 = ml.classify(s1, "generalization[standard=reasons]")
    assert (v1.status, v1.labels) == (Status.AMBIGUOUS, {OUTER, INNER})
    assert v1.deciding == ("reason(review)",)
    v2 = ml.classify(s2, "generalization[standard=reasons]")
    assert (v2.status, v2.labels) == (Status.FORCED, {OUTER})
    assert "reason(review) == deceptive" in [c.text for c in v2.core]
    assert "feedback process" in v2.remedy


def test_row_11_root_cause_with_both_counterfactuals_open(s1: ml.Scenario, s2: ml.Scenario) -> None:
    for scenario in (s1, s2):
        assert labels(scenario, "root-cause") == (Status.AMBIGUOUS, {OUTER, INNER, BOTH})


def test_scenario_2_refines_scenario_1(s1: ml.Scenario, s2: ml.Scenario) -> None:
    assert ml.relate(s2, s1).kind is ml.RelationKind.REFINES
    back = ml.relate(s1, s2)
    assert back.kind is ml.RelationKind.REFINED_BY
    # The witness: a world of scenario 1 where the model was not deceiving.
    assert back.only_a is not None
    assert back.only_a["reason(review)"] != "deceptive"


CLEAN_CASE_SCHEMES = [
    "objective",
    "objective[counterfactual=programmatic]",
    "generalization[standard=outcomes]",
    "generalization[standard=reasons]",
    "root-cause",
]


@pytest.mark.parametrize("scheme", CLEAN_CASE_SCHEMES)
def test_coastrunners_is_forced_outer(scheme: str) -> None:
    scenario = ml.load_spec(SPECS / "coastrunners.toml").scenario("coastrunners")
    assert labels(scenario, scheme) == (Status.FORCED, {OUTER})


@pytest.mark.parametrize("scheme", CLEAN_CASE_SCHEMES)
def test_coinrun_is_forced_inner(scheme: str) -> None:
    scenario = ml.load_spec(SPECS / "coinrun.toml").scenario("coinrun")
    assert labels(scenario, scheme) == (Status.FORCED, {INNER})


def test_row_6_training_vs_model_flips_along_the_refinement(quiz: ml.Spec, s1: ml.Scenario, s2: ml.Scenario) -> None:
    assert labels(s1, "heuristic:training-vs-model") == (Status.FORCED, {OUTER})
    assert labels(s2, "heuristic:training-vs-model") == (Status.FORCED, {INNER})
    result = ml.check_spec(quiz, [ml.parse_scheme("heuristic:training-vs-model")])
    assert [(f.refined, f.base, f.scheme, f.added) for f in result.flips] == [
        ("scenario-2", "scenario-1", "heuristic:training-vs-model", {INNER})
    ]


def test_row_7_deception_heuristic_is_ambiguous_then_inner(s1: ml.Scenario, s2: ml.Scenario) -> None:
    v1 = ml.classify(s1, "heuristic:deception")
    assert (v1.status, v1.labels) == (Status.AMBIGUOUS, {OUTER, INNER})
    assert v1.deciding == ("reason(review)",)
    assert labels(s2, "heuristic:deception") == (Status.FORCED, {INNER})


def test_row_8_gricean_deception_heuristic_is_outer_then_inner(s1: ml.Scenario, s2: ml.Scenario) -> None:
    v1 = ml.classify(s1, "heuristic:deception[reading=gricean]")
    assert (v1.status, v1.labels) == (Status.FORCED, {OUTER})
    # What was not said did not happen: the default "the model was aligned" is part of the reason.
    assert "forall s in Situation: reason(s) == aligned" in [c.text for c in v1.core]
    assert labels(s2, "heuristic:deception[reading=gricean]") == (Status.FORCED, {INNER})


def test_row_9_deception_heuristic_under_the_prior(quiz: ml.Spec, s1: ml.Scenario, s2: ml.Scenario) -> None:
    prior = quiz.prior("deception-is-rare")
    p1 = ml.probability(s1, "heuristic:deception", prior)
    assert p1.of(OUTER) == (Fraction(99, 100), Fraction(99, 100))
    assert p1.of(INNER) == (Fraction(1, 100), Fraction(1, 100))
    p2 = ml.probability(s2, "heuristic:deception", prior)
    # Scenario 2 rules out the aligned assignment; renormalized, the deceptive one carries everything.
    assert p2.of(INNER) == (Fraction(1), Fraction(1))
    assert p2.of(OUTER) == (Fraction(0), Fraction(0))


def test_row_10_the_majority_answer_is_incoherent_because_s2_refines_s1(quiz: ml.Spec) -> None:
    result = ml.judge_spec(quiz)
    majority = next(r for r in result.respondents if r.name == "majority")
    assert majority.coherence.coherent is False
    conflict = majority.coherence.conflicts[0]
    assert conflict.relation is ml.RelationKind.REFINES
    assert "scenario-2 refines scenario-1" in majority.coherence.proof
    assert conflict.world is not None
    assert conflict.world["reason(review)"] == "deceptive"
    assert conflict.world["policy(farm)"] == "print_pr"
    # No world-based member of the family reproduces the answer; the ones that do read the description.
    assert majority.fitting
    assert not [s for s in majority.fitting if ml.parse_scheme(s).world_based]
    assert "heuristic:training-vs-model" in majority.fitting
    assert "heuristic:training-vs-model" in majority.flipping
