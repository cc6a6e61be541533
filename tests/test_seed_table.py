"""The seed's table (DESIGN.md), a row per test, decided by the solver through the public API."""

from __future__ import annotations

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
