"""One solver query for where two world-based schemes part: minimal facts, or a proof that they never do."""

from __future__ import annotations

import itertools

import pytest

import misalign_logic as ml
from misalign_logic.solve.disagree import Parting, disagreement
from misalign_logic.testing.search import QUIZ_STORY
from tests.conftest import SPECS

WORLD_BASED = [s for s in ml.default_schemes(QUIZ_STORY) if s.world_based]


def _forced(scenario: ml.Scenario, scheme: ml.Scheme) -> ml.Label | None:
    return ml.classify(scenario, scheme, explain=False).forced


@pytest.mark.parametrize(
    ("a", "b"), list(itertools.combinations(WORLD_BASED, 2)), ids=lambda s: s.id if isinstance(s, ml.Scheme) else ""
)
def test_every_pair_of_built_in_schemes_parts_on_a_scenario_with_minimal_facts(a: ml.Scheme, b: ml.Scheme) -> None:
    answer = disagreement(a, b, QUIZ_STORY)
    assert answer.parting is Parting.FOUND
    assert answer.minimal
    scenario = answer.scenario()
    got = (_forced(scenario, a), _forced(scenario, b))
    assert got[0] is not None
    assert got[1] is not None
    assert got[0] is not got[1]
    assert (frozenset({got[0]}), frozenset({got[1]})) == answer.labels
    # Drop-one minimality, checked independently of the search: without any one fact a label is unforced.
    for k in range(len(answer.facts)):
        fewer = ml.Scenario.from_strings(QUIZ_STORY, "fewer", answer.facts[:k] + answer.facts[k + 1 :])
        assert (_forced(fewer, a), _forced(fewer, b)) != got, answer.facts[k]


def test_a_scheme_never_parts_from_itself_and_the_answer_is_a_proof() -> None:
    answer = disagreement("root-cause", "root-cause", QUIZ_STORY)
    assert answer.parting is Parting.NONE
    assert "unsatisfiable" in answer.proof
    with pytest.raises(ValueError, match="no disagreement"):
        answer.scenario()


def test_within_a_scenario_that_forces_both_labels_no_disagreement_is_a_proof() -> None:
    one = ml.load_spec(SPECS / "pop_quiz.toml").scenarios[0]
    # Seed table rows 2 and 4: both force inner on scenario 1, so no world of it is labelled differently.
    answer = disagreement(
        "objective[counterfactual=usefulness]", "generalization[standard=outcomes]", one.story, within=one
    )
    assert answer.parting is Parting.NONE
    assert "scenario 'scenario-1'" in answer.proof


def test_within_a_scenario_the_result_refines_it() -> None:
    one = ml.load_spec(SPECS / "pop_quiz.toml").scenarios[0]
    answer = disagreement("heuristic:deception", "generalization[standard=reasons]", one.story, within=one)
    assert answer.parting is Parting.FOUND
    scenario = answer.scenario()
    assert ml.relate(scenario, one).kind in (ml.RelationKind.REFINES, ml.RelationKind.EQUIVALENT)
    assert _forced(scenario, "heuristic:deception") is not _forced(scenario, "generalization[standard=reasons]")
    assert _forced(scenario, "heuristic:deception") is not None


def test_a_description_based_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="reads the description"):
        disagreement("heuristic:training-vs-model", "root-cause", QUIZ_STORY)


def test_the_solver_giving_up_is_unknown_not_a_proof() -> None:
    answer = disagreement("objective", "generalization[standard=reasons]", QUIZ_STORY, rlimit=1)
    assert answer.parting is Parting.UNKNOWN
    assert answer.proof == ""
