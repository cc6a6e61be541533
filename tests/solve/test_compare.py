"""The one comparison: where two schemes part (one query; minimal facts, or a proof that they never do), and
its one shrinking method, checked for minimality by the brute-force checker."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic.solve.audit import stories
from misalign_logic.solve.compare import Parting, disagreement, find_distinction, shrink
from misalign_logic.testing.bruteforce import brute_classify
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


def _brute_forced(scenario: ml.Scenario, scheme: ml.Scheme) -> ml.Label | None:
    verdict = brute_classify(scenario, scheme)
    return next(iter(verdict.labels)) if verdict.status is ml.Status.FORCED else None


@pytest.mark.parametrize(
    ("a", "b"), list(itertools.combinations(WORLD_BASED, 2)), ids=lambda s: s.id if isinstance(s, ml.Scheme) else ""
)
def test_the_facts_of_a_parting_are_minimal_by_brute_force(a: ml.Scheme, b: ml.Scheme) -> None:
    answer = disagreement(a, b, QUIZ_STORY)
    got = (_brute_forced(answer.scenario(), a), _brute_forced(answer.scenario(), b))
    assert (frozenset({got[0]}), frozenset({got[1]})) == answer.labels
    for k in range(len(answer.facts)):
        fewer = ml.Scenario.from_strings(QUIZ_STORY, "fewer", answer.facts[:k] + answer.facts[k + 1 :])
        assert (_brute_forced(fewer, a), _brute_forced(fewer, b)) != got, answer.facts[k]


def test_a_distinction_in_a_scope_is_minimal_by_brute_force() -> None:
    a, b = ml.parse_scheme("heuristic:training-vs-model"), ml.parse_scheme("generalization[standard=outcomes]")
    found = find_distinction(a, b, stories(1))
    assert found is not None
    scenario = found.scenario
    got = (_brute_forced(scenario, a), _brute_forced(scenario, b))
    assert None not in got
    assert got[0] is not got[1]
    assert (found.a.forced, found.b.forced) == got
    facts = [c.text for c in scenario.constraints]
    for k in range(len(facts)):
        fewer = ml.Scenario.from_strings(scenario.story, "fewer", facts[:k] + facts[k + 1 :])
        pair = (_brute_forced(fewer, a), _brute_forced(fewer, b)) if len(facts) > 1 else (None, None)
        assert None in pair or pair[0] is pair[1], facts[k]


@given(st.lists(st.integers(0, 9), max_size=8, unique=True), st.sets(st.integers(0, 9)))
def test_shrink_keeps_exactly_what_a_monotone_property_needs(items: list[int], needed: set[int]) -> None:
    kept, minimal = shrink(items, lambda part: needed & set(items) <= set(part))
    assert minimal
    assert kept == [x for x in items if x in needed]


@given(st.lists(st.integers(0, 9), min_size=1, max_size=8, unique=True), st.integers(0, 9))
def test_shrink_stops_when_the_property_cannot_tell(items: list[int], after: int) -> None:
    calls = []

    def holds(part: list[int]) -> bool | None:
        calls.append(part)
        return None if len(calls) > after else True

    kept, minimal = shrink(items, holds)
    assert minimal is (after >= len(items))
    assert len(kept) == max(len(items) - after, 0) or minimal
