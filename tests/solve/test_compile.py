"""The compile stage: stated facts and equalities folded before solving, and the proofs that survive it."""

from __future__ import annotations

import gc
import weakref

import pytest

import misalign_logic as ml
from misalign_logic import Label, Status
from misalign_logic.solve.compile import Folding, Inconsistent
from misalign_logic.solve.ground import Lowering
from misalign_logic.testing.bruteforce import brute_classify
from tests.solve.test_classify import STORY, scenario


def _without(s: ml.Scenario, dropped: ml.Constraint) -> ml.Scenario:
    """``s`` without its first constraint equal to ``dropped`` (a verdict's core may come from an analysis of
    an equal copy of ``s``, so not by identity)."""
    at = s.constraints.index(dropped)
    return ml.Scenario(s.story, s.name, s.constraints[:at] + s.constraints[at + 1 :])


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


def _folded(s: ml.Scenario) -> Folding:
    """The compiled facts and aliases of ``s`` (closed: raises :class:`Inconsistent` on a clash)."""
    fold = Folding(Lowering(s.story))
    for i, c in enumerate(s.constraints):
        fold.split(f"c#{i}", c.expr)
    fold.close()
    return fold


def test_compile_records_the_facts_and_equalities_of_a_quantified_statement_instance_by_instance() -> None:
    # Compile reads the ground formula: a quantifier is its instances, a phase test a constant, and the
    # background axiom has made design in training the feedback atom.
    fold = _folded(
        scenario(
            "forall s: ideal(s, good) and not ideal(s, bad)",
            "forall t in training: forall a: feedback(t, a) == ideal(t, a)",
            "forall s in deployment: forall a: design(c1, s, a) == ideal(s, a)",
            "forall s in deployment: (forall a: (design(c2, s, a) and true))",
            "forall s: policy(s) == good and reason(s) == aligned",
            "forall s: training(s) or ideal(s, good)",
        )
    )
    assert [fold.value(f"ideal({s}, {a})") for s in ("train", "test") for a in ("good", "bad")] == [1, 0, 1, 0]
    assert fold.find("ideal(train, bad)") == ("feedback(train, bad)", {"c#1"})
    assert fold.value("feedback(train, bad)") is False
    assert fold.find("ideal(test, good)") == ("design(c1, test, good)", {"c#2"})
    assert fold.value("design(c1, test, bad)") is False
    assert fold.value("design(c2, test, bad)") is True
    assert fold.value("policy(test)") == 0
    assert fold.value("reason(train)") == 0
    # A constraint that is not a fact or an equality stays residual, instance by instance: a disjunction.
    stated = scenario("forall s: training(s) or ideal(s, good)").constraints[0].expr
    assert len(Folding(Lowering(STORY)).split("c#0", stated)) == 2


def test_a_quantified_statement_clashes_with_a_fact_through_its_instance() -> None:
    s = scenario(
        "forall s: policy(s) == good", "forall a: ideal(train, a) == feedback(train, a)", "policy(test) == bad"
    )
    with pytest.raises(Inconsistent) as clash:
        _folded(s)
    assert clash.value.provenance == {"c#0", "c#2"}


def test_a_dropped_analysis_frees_its_encoder_and_fact_table_without_the_collector() -> None:
    # Freed by reference counting as soon as the analysis goes: a cycle through them would keep every table
    # of a large story alive until a full collection, which then walks them all.
    s = scenario("forall s: ideal(s, good) and not ideal(s, bad)", "forall a: feedback(train, a) == ideal(train, a)")
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        analysis = ml.Analysis(s, explain=True)
        for scheme in ("objective", "generalization[standard=reasons]", "root-cause"):
            analysis.classify(scheme)
        held = [weakref.ref(analysis._s.enc), weakref.ref(analysis._fold)]
        del analysis
        assert [ref() for ref in held] == [None, None]
    finally:
        if was_enabled:
            gc.enable()


def test_a_quantified_difference_between_two_atoms_is_not_folded_as_an_equality(quiz: ml.Spec) -> None:
    # Each feedback differs from the wish, yet one is stated equal to it: no world, under every scheme. Folding
    # the != as an == would find worlds (and, with the quiz's other facts, a core that does not hold).
    differ = "forall a: feedback(review, a) != ideal(review, a)"
    same = "feedback(review, useful_pr) == ideal(review, useful_pr)"
    others = [c.text for c in quiz.scenarios[0].constraints if "feedback" not in c.text]
    for extra in ([], others):
        s = ml.Scenario.from_strings(quiz.story, "differs", [differ, same, *extra])
        for scheme in ml.default_schemes(quiz.story):
            verdict = ml.classify(s, scheme)
            assert verdict.status is Status.INCONSISTENT, (scheme.id, extra, verdict.summary())
            assert [c.text for c in verdict.core] == [differ, same]
            assert brute_classify(s, scheme).status is Status.INCONSISTENT
    alone = ml.Scenario.from_strings(quiz.story, "differs", [differ])
    assert ml.classify(alone, "generalization[standard=outcomes]").labels == {Label.OUTER, Label.NONE}


_TYPED = """\
[story]
actions = ["good", "bad"]
choices = ["c1"]

[story.situations]
train = "training"
test = "deployment"

[story.facts]
weather = { kind = "world", values = ["sun", "rain"] }
points = { kind = "world", range = [0, 3] }
effort = { kind = "world", range = [0, 3] }

[[scenario]]
name = "typed"
constraints = [
    "feedback(train, good) and weather == rain and points == 1 and not feedback(train, bad)",
    "points + effort >= 3",
]
"""


def test_facts_of_one_constraint_keep_their_own_values_and_types() -> None:
    # The facts one constraint states share a record per value; True and 1 are equal keys, so a record keyed
    # by the value alone would give the enum the boolean's True. (An equality of amounts stays residual.)
    s = ml.parse_spec(_TYPED).scenarios[0]
    fold = _folded(s)
    found = [fold.value(a) for a in ("feedback(train, good)", "weather", "points", "feedback(train, bad)")]
    assert [(type(v).__name__, v) for v in found] == [("bool", True), ("int", 1), ("NoneType", None), ("bool", False)]
    verdict = ml.classify(s, "objective", explain=True)
    assert verdict.status is Status.AMBIGUOUS
    assert verdict.labels == brute_classify(s, "objective").labels
