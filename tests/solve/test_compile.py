"""The compile stage: stated facts and equalities folded before solving, and the proofs that survive it."""

from __future__ import annotations

import misalign_logic as ml
from misalign_logic import Label, Status
from tests.solve.test_classify import STORY, scenario


def _without(s: ml.Scenario, dropped: ml.Constraint) -> ml.Scenario:
    return ml.Scenario(s.story, s.name, tuple(c for c in s.constraints if c is not dropped))


def test_a_clash_through_an_alias_names_the_fact_on_each_side_and_the_equality() -> None:
    # feedback(train, good) is an alias of ideal(train, good); the two facts fix them differently.
    s = scenario(
        "forall a: feedback(train, a) == ideal(train, a)",
        "weather == sun",
        "feedback(train, good)",
        "not ideal(train, good)",
    )
    verdict = ml.classify(s, "objective")
    assert verdict.status is Status.INCONSISTENT
    assert [c.text for c in verdict.core] == [
        "forall a: feedback(train, a) == ideal(train, a)",
        "feedback(train, good)",
        "not ideal(train, good)",
    ]
    assert verdict.minimal


def test_every_forced_core_of_the_quiz_is_minimal_by_dropping_each_member(s1: ml.Scenario, s2: ml.Scenario) -> None:
    checked = 0
    for s in (s1, s2):
        for scheme in ml.default_schemes(s.story):
            verdict = ml.classify(s, scheme)
            if verdict.status is not Status.FORCED:
                continue
            assert verdict.minimal
            for member in verdict.core:
                # Without any one member the label is no longer forced (or the scenario gains a world).
                again = ml.classify(_without(s, member), scheme, explain=False)
                assert again.forced is not verdict.forced, (scheme.id, member.text)
            checked += 1
    assert checked >= 8


def test_folded_facts_keep_the_witness_world_whole() -> None:
    # policy(test) is fixed, so the split ideal(test, policy(test)) folds to one atom; the witness world
    # still shows every atom the scheme reads, as it would unfolded.
    s = scenario("forall s: ideal(s, good) and not ideal(s, bad)", "policy(test) == bad")
    verdict = ml.classify(s, "objective")
    assert verdict.status is Status.AMBIGUOUS
    world = verdict.witnesses[0].world
    assert {"ideal(test, good)", "ideal(test, bad)", "policy(test)", "choice"} <= set(world)
    assert world["policy(test)"] == "bad"
    assert {w.label for w in verdict.witnesses} >= {Label.OUTER, Label.INNER}


def test_a_story_builds_its_constant_table_once() -> None:
    assert STORY.constant_sorts() is STORY.constant_sorts()
    assert STORY.constant_sorts()["rain"] == "fact:weather"
