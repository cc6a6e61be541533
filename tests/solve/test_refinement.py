"""Non-monotone flips along refinements."""

from __future__ import annotations

import pytest

import misalign_logic as ml
from misalign_logic import Label, RelationKind, Status


def test_quiz_flip_is_the_training_vs_model_heuristic(quiz: ml.Spec) -> None:
    result = ml.check_spec(quiz)
    assert [(f.refined, f.base, f.scheme) for f in result.flips] == [
        ("scenario-2", "scenario-1", "heuristic:training-vs-model")
    ]
    assert result.flips[0].added == {Label.INNER}


def test_world_based_flip_fails_loudly() -> None:
    bogus = {
        "b": [ml.Verdict("b", "objective", Status.FORCED, frozenset({Label.INNER}))],
        "a": [ml.Verdict("a", "objective", Status.FORCED, frozenset({Label.OUTER}))],
    }
    with pytest.raises(ml.MonotonicityViolation, match="bug"):
        ml.flips(bogus, [ml.Relation("b", "a", RelationKind.REFINES)])


def test_unknown_or_inconsistent_verdicts_are_not_flips() -> None:
    verdicts = {
        "b": [ml.Verdict("b", "heuristic:training-vs-model", Status.UNKNOWN, reason="timeout")],
        "a": [ml.Verdict("a", "heuristic:training-vs-model", Status.FORCED, frozenset({Label.OUTER}))],
    }
    assert ml.flips(verdicts, [ml.Relation("b", "a", RelationKind.REFINES)]) == []


def test_the_gricean_reading_is_not_world_based(quiz: ml.Spec) -> None:
    assert ml.parse_scheme("heuristic:deception").world_based
    assert not ml.parse_scheme("heuristic:deception[reading=gricean]").world_based
    # Under the whole family the Gricean flips are reported, not raised as a bug.
    result = ml.check_spec(quiz, ml.scheme_family(quiz.story))
    flipped = {f.scheme for f in result.flips}
    assert "heuristic:deception[reading=gricean]" in flipped
    assert all(not ml.parse_scheme(s).world_based for s in flipped)
