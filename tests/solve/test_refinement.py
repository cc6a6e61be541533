"""Non-monotone flips along refinements."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic import Label, RelationKind, Status
from misalign_logic.testing.bruteforce import brute_relate


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


def _with_an_equivalent_copy(quiz: ml.Spec) -> ml.Spec:
    """The pop quiz and a scenario equivalent to scenario-1 that mentions the model's reason, saying nothing."""
    text = Path(quiz.path).read_text(encoding="utf-8")
    text += '\n[[scenario]]\nname = "scenario-1-again"\nextends = "scenario-1"\n'
    text += 'constraints = ["reason(review) == reason(review)"]\n'
    return ml.parse_spec(text, "quiz-and-copy.toml")


def test_flips_are_every_refining_or_equivalent_pair_whose_labels_grew(quiz: ml.Spec) -> None:
    # The definition, read off the brute-force checker's relations: a pair (x, y) is a refinement when every
    # world of x is one of y, which equivalent scenarios are both ways.
    spec = _with_an_equivalent_copy(quiz)
    result = ml.check_spec(spec, explain=False)
    verdicts = {name: {v.scheme: v for v in told} for name, told in result.verdicts}
    expected = set()
    for x, y in itertools.permutations(spec.scenarios, 2):
        if brute_relate(x, y) not in (RelationKind.REFINES, RelationKind.EQUIVALENT):
            continue
        for scheme, v in verdicts[x.name].items():
            w = verdicts[y.name][scheme]
            decided = {v.status, w.status} <= {Status.FORCED, Status.AMBIGUOUS}
            if decided and not v.labels <= w.labels:
                expected.add((x.name, y.name, scheme))
    assert {(f.refined, f.base, f.scheme) for f in result.flips} == expected
    assert ("scenario-1-again", "scenario-1", "heuristic:training-vs-model") in expected  # the copy counts
    assert len(expected) == 3


def test_relations_on_the_pop_quiz_are_read_the_right_way_round(quiz: ml.Spec) -> None:
    one, two = quiz.scenarios[:2]
    assert ml.relate(two, one).kind is RelationKind.REFINES
    assert ml.relate(one, two).kind is RelationKind.REFINED_BY
    copy = _with_an_equivalent_copy(quiz).scenarios[-1]
    assert ml.relate(one, copy).kind is RelationKind.EQUIVALENT
