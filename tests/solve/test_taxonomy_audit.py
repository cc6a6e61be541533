"""What ``audit`` concludes about a scheme: its expectations read strictly, its scope's every shape checked,
and overlaps found with the labels that overlap."""

from __future__ import annotations

import misalign_logic as ml
from misalign_logic.solve.audit import categorization, stories
from misalign_logic.solve.taxonomy_audit import audit


def test_a_certain_expectation_needs_the_label_forced_not_only_possible() -> None:
    # Splitting on exhibitable(t, policy(t)) leaves CoinRun ambiguous: the seed's clean case (certain inner)
    # must fail, though inner is among CoinRun's labels.
    scheme = ml.Scheme.define(
        "exhibitable-split",
        outer="forall t in training: exhibitable(t, policy(t))",
        inner="exists t in training: not exhibitable(t, policy(t))",
    )
    (done,) = audit([scheme], scope=1).schemes
    rows = {e["scenario"]: e for e in done.expectations}
    assert rows["coinrun"]["verdict"].startswith("ambiguous")
    assert rows["coinrun"]["holds"] is False
    assert not done.ok


def test_the_scope_has_one_more_action_than_its_n() -> None:
    # Labelled in every world with at most two actions, a gap with three: at scope 2 (up to 3 actions) this
    # is no categorization, though it is one in every story with up to 2 actions.
    scheme = ml.Scheme.define(
        "two-actions-at-most",
        outer="forall a in Action, b in Action, c in Action: a == b or b == c or a == c",
        inner="false",
    )
    assert categorization(scheme, [s for s in stories(2) if len(s.actions) <= 2]).holds
    found = categorization(scheme, stories(2))
    assert not found.holds
    assert found.gap is not None
    assert found.overlap is None


def test_an_overlap_names_the_two_labels_and_a_world_meeting_both() -> None:
    scheme = ml.Scheme.define(
        "feedback-both-ways", outer="fixes_feedback", inner="fixes_feedback or fixes_generalization"
    )
    found = categorization(scheme, stories(1))
    assert found.overlap is not None
    assert found.overlap_labels == {ml.Label.OUTER, ml.Label.INNER}
    assert found.overlap["fixes_feedback"] is True
    sound = ml.Scheme.define("feedback-one-way", outer="fixes_feedback", inner="not fixes_feedback")
    assert categorization(sound, stories(1)).holds
