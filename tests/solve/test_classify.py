"""Verdicts on small hand-made stories: each status, cores, witnesses and relations."""

from __future__ import annotations

import pytest

import misalign_logic as ml
from misalign_logic import Label, RelationKind, Status

STORY = ml.Story.build(
    "tiny",
    situations={"train": "training", "test": "deployment"},
    actions=["good", "bad"],
    choices=["c1", "c2"],
    facts={"knows": "cognition", "weather": ("world", ["sun", "rain"])},
)


def scenario(*constraints: str, name: str = "s") -> ml.Scenario:
    return ml.Scenario.from_strings(STORY, name, constraints)


BASE = ("forall s: ideal(s, good) and not ideal(s, bad)", "policy(test) == bad")


def test_no_failure_point_is_forced_none() -> None:
    verdict = ml.classify(scenario("forall s: ideal(s, good)", "policy(test) == good"), "root-cause")
    assert verdict.forced is Label.NONE


def test_forced_core_is_minimal_and_quoted() -> None:
    s = scenario(*BASE, "weather == sun", "forall a: design(c1, test, a)")
    verdict = ml.classify(s, "objective[counterfactual=c1]")
    assert verdict.forced is Label.OUTER
    # "weather == sun" plays no part; every other constraint is needed.
    assert [c.text for c in verdict.core] == [*BASE, "forall a: design(c1, test, a)"]
    assert verdict.minimal


def test_a_core_that_was_not_shrunk_is_not_called_minimal() -> None:
    """With explanations off the core is the solver's first one: a verdict must not claim it minimal."""
    s = scenario(*BASE, "weather == sun", "forall a: design(c1, test, a)")
    verdict = ml.classify(s, "objective[counterfactual=c1]", explain=False)
    assert verdict.forced is Label.OUTER
    assert not verdict.minimal
    assert verdict.to_dict()["core_minimal"] is False


def test_inconsistent_scenario_reports_the_clash() -> None:
    s = scenario(*BASE, "weather == sun", "weather == rain")
    verdict = ml.classify(s, "objective")
    assert verdict.status is Status.INCONSISTENT
    assert verdict.labels == frozenset()
    assert [c.text for c in verdict.core] == ["weather == sun", "weather == rain"]


def test_background_axiom_ties_design_to_feedback_in_training() -> None:
    s = scenario("feedback(train, bad)", "not design(c2, train, bad)")
    assert ml.classify(s, "objective").status is Status.INCONSISTENT


def test_ambiguous_witnesses_are_worlds_with_each_label() -> None:
    s = scenario(*BASE, "design(c1, test, bad)", "not design(c2, test, bad)")
    verdict = ml.classify(s, "objective")
    assert verdict.status is Status.AMBIGUOUS
    by_label = {w.label: w for w in verdict.witnesses}
    assert by_label[Label.OUTER].world["choice"] == "c1"
    assert by_label[Label.INNER].world["choice"] == "c2"
    assert dict(by_label[Label.OUTER].decided_by) == {"choice": "c1"}


def test_objective_both_when_failure_points_split() -> None:
    story = ml.Story.build("two", {"t": "training", "d1": "deployment", "d2": "deployment"}, ["g", "b"], ["c"])
    s = ml.Scenario.from_strings(
        story,
        "s",
        [
            "forall s: ideal(s, g) and not ideal(s, b)",
            "policy(d1) == b",
            "policy(d2) == b",
            "design(c, d1, b)",
            "not design(c, d2, b)",
        ],
    )
    assert ml.classify(s, "objective[counterfactual=c]").forced is Label.BOTH


def test_verifiable_standard_reads_exhibitable() -> None:
    common = (*BASE, "policy(train) == good", "feedback(train, good)", "feedback(train, bad)")
    hidden = scenario(*common, "not exhibitable(train, bad)")
    shown = scenario(*common, "exhibitable(train, bad)")
    assert ml.classify(hidden, "generalization[standard=verifiable]").forced is Label.INNER
    assert ml.classify(shown, "generalization[standard=verifiable]").forced is Label.OUTER
    assert ml.classify(hidden, "generalization[standard=outcomes]").forced is Label.OUTER


def test_gricean_reading_adds_defaults_for_unmentioned_cognition() -> None:
    s = scenario(*BASE)
    assert ml.classify(s, "heuristic:deception").status is Status.AMBIGUOUS
    verdict = ml.classify(s, "heuristic:deception[reading=gricean]")
    assert verdict.forced is Label.OUTER
    assert "forall s in Situation: reason(s) == aligned" in [c.text for c in verdict.core]


def test_training_vs_model_reads_the_description() -> None:
    assert ml.classify(scenario(*BASE), "heuristic:training-vs-model").forced is Label.OUTER
    assert ml.classify(scenario(*BASE, "knows or not knows"), "heuristic:training-vs-model").forced is Label.INNER


def test_relations() -> None:
    a = scenario(*BASE, name="a")
    b = scenario(*BASE, "weather == sun", name="b")
    c = scenario(*BASE, "weather == rain", name="c")
    a2 = scenario("policy(test) == bad", "forall s: ideal(s, good) and not ideal(s, bad)", name="a2")
    assert ml.relate(b, a).kind is RelationKind.REFINES
    assert ml.relate(a, b).kind is RelationKind.REFINED_BY
    assert ml.relate(b, c).kind is RelationKind.DISJOINT
    assert ml.relate(a, a2).kind is RelationKind.EQUIVALENT
    d = scenario("weather == sun", name="d")
    e = scenario("knows", name="e")
    rel = ml.relate(d, e)
    assert rel.kind is RelationKind.INCOMPARABLE
    assert rel.only_a is not None
    assert rel.only_a["knows"] is False
    assert rel.shared is not None


def test_tiny_timeout_gives_unknown_never_a_guess() -> None:
    s = scenario(*BASE)
    verdict = ml.Analysis(s, rlimit=1).classify("objective")
    assert verdict.status is Status.UNKNOWN
    assert verdict.labels == frozenset()
    assert verdict.reason


def test_unknown_scheme_and_choice_are_spec_errors() -> None:
    s = scenario(*BASE)
    with pytest.raises(ml.SpecError, match="unknown scheme"):
        ml.classify(s, "objectiv")
    with pytest.raises(ml.SpecError, match="no choice 'c9'"):
        ml.classify(s, "objective[counterfactual=c9]")
    with pytest.raises(ml.SpecError, match="standard"):
        ml.classify(s, "generalization")


def test_scheme_ids_round_trip() -> None:
    for scheme in ml.scheme_family(STORY):
        assert ml.parse_scheme(scheme.id) == scheme


def test_given_constraints_narrow_a_verdict_without_changing_the_scenario() -> None:
    s = scenario(*BASE)
    analysis = ml.Analysis(s)
    assert analysis.classify("heuristic:deception").status is Status.AMBIGUOUS
    given = analysis.classify("heuristic:deception", given=["reason(train) == deceptive"])
    assert given.forced is Label.INNER
    assert "reason(train) == deceptive" in [c.text for c in given.core]
    assert analysis.classify("heuristic:deception").status is Status.AMBIGUOUS


def test_share_world() -> None:
    a = scenario(*BASE, name="a")
    b = scenario(*BASE, "weather == sun", name="b")
    c = scenario("weather == rain", name="c")
    world = ml.share_world([a], [b])
    assert world is not None
    assert world["weather"] == "rain"
    assert ml.share_world([b], [a]) is None
    assert ml.share_world([b, c]) is None


def test_story_names_that_look_like_variables_still_classify() -> None:
    # The schemes' own definitions quantify with variables s, t and a; a story may use those names.
    story = ml.Story.build("names", {"t": "training", "s": "deployment"}, ["a", "t_"], ["s_", "c"])
    s = ml.Scenario.from_strings(
        story,
        "x",
        [
            "forall x: ideal(x, a) and not ideal(x, t_)",
            "policy(s) == t_",
            "forall y: feedback(t, y) == ideal(t, y)",
            "policy(t) == a",
        ],
    )
    for scheme in ml.scheme_family(story):
        assert ml.classify(s, scheme).status in (Status.FORCED, Status.AMBIGUOUS), scheme.id
    assert ml.classify(s, "generalization[standard=outcomes]").forced is Label.INNER
    assert ml.classify(s, "heuristic:deception[reading=gricean]").forced is Label.OUTER
    assert ml.classify(s, "objective[counterfactual=s_]").status is Status.AMBIGUOUS


def test_a_reversed_relation_is_the_relation_computed_the_other_way() -> None:
    a = scenario(*BASE, name="a")
    b = scenario(*BASE, "weather == sun", name="b")
    d = scenario("weather == sun", name="d")
    e = scenario("knows", name="e")
    for x, y in ((a, b), (b, a), (d, e)):
        back, direct = ml.relate(x, y).reversed(), ml.relate(y, x)
        assert (back.a, back.b, back.kind) == (direct.a, direct.b, direct.kind)
        for side in ("only_a", "only_b", "shared"):
            assert (getattr(back, side) is None) == (getattr(direct, side) is None), side


def test_a_minimization_past_its_budget_gives_the_core_unshrunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shrinking a core makes at most MAX_SHRINK_CHECKS checks; past them the core is given as found and
    marked not minimal, never passed off as minimal. (A core this thread proved before is remembered, so
    the cache is cleared first.)"""
    from misalign_logic.solve import session
    from misalign_logic.solve.classify import clear_cache

    s = scenario(*BASE, "weather == sun", "forall a: design(c1, test, a)")
    clear_cache()
    monkeypatch.setattr(session, "MAX_SHRINK_CHECKS", 1)
    verdict = ml.Analysis(s).classify("objective[counterfactual=c1]")
    assert verdict.forced is Label.OUTER
    assert not verdict.minimal
    assert {c.text for c in verdict.core} >= {*BASE, "forall a: design(c1, test, a)"}
    monkeypatch.setattr(session, "MAX_SHRINK_CHECKS", 256)
    assert ml.Analysis(s).classify("objective[counterfactual=c1]").minimal
