"""A quiz's first scenario: told without cognition so that the chosen schemes decide, or a proof there is none."""

from __future__ import annotations

import misalign_logic as ml
from misalign_logic.solve.quiz import TellingKind, tell_without_cognition
from misalign_logic.testing.search import QUIZ_STORY


def _schemes(*ids: str) -> tuple[ml.Scheme, ...]:
    return tuple(ml.parse_scheme(i) for i in ids)


def test_a_found_telling_forces_each_scheme_and_says_nothing_of_cognition() -> None:
    schemes = _schemes("generalization[standard=reasons]", "objective", "root-cause")
    telling = tell_without_cognition(QUIZ_STORY, schemes)
    assert telling.kind is TellingKind.FOUND
    scenario = ml.Scenario.from_strings(QUIZ_STORY, "one", telling.facts)
    assert not scenario.mentions_cognition
    assert [ml.classify(scenario, s).forced for s in schemes] == list(telling.labels)
    assert ml.classify(scenario, "heuristic:training-vs-model").forced is ml.Label.OUTER  # a failure point


def test_a_scheme_that_always_reads_cognition_admits_no_telling() -> None:
    telling = tell_without_cognition(QUIZ_STORY, _schemes("root-cause", "heuristic:deception"))
    assert telling.kind is TellingKind.NONE
    assert "heuristic:deception" in telling.reason
    assert "reason" in telling.reason


def test_a_budget_run_out_claims_nothing() -> None:
    telling = tell_without_cognition(QUIZ_STORY, _schemes("root-cause"), budget=0)
    assert telling.kind is TellingKind.UNKNOWN
    assert telling.facts == ()
