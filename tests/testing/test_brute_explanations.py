"""Explanations checked by enumeration: cores, witness worlds and deciding facts, never by the solver itself.

``explanation_problems`` (misalign_logic.testing.brute_explanations) decides each claim of a verdict's
explanation with the brute-force evaluator: a forced core forces its label and no member can be dropped; an
inconsistent core has no world and no member can be dropped; each witness world is a world of the scenario
with its label; its deciding facts force that label and none can be dropped.

Inputs: every scenario of the bundled specs under every scheme of ``scheme_family`` (the bundled specs include
verdicts whose first unsat core from z3 is larger than the minimal one, so the minimization is checked), 40
generated scenarios (plain or ``decided=True``, which most schemes force a label on) under 3 drawn schemes each,
and 40 generated *forcing* refinements: a generated scenario
plus the facts of one of its brute-force witness worlds, which force that world's label (every one of them is a
forced verdict, with a core over many stated facts). ``HYPOTHESIS_PROFILE=long`` runs ten times as many.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.testing.brute_explanations import explanation_problems
from tests.conftest import SPECS, enumerated, scaled
from tests.testing.forcing import forcing

BUNDLED = sorted(SPECS.glob("*.toml"))


@pytest.fixture(scope="module")
def bundled() -> list[tuple[ml.Scenario, ml.Verdict, ml.Verdict]]:
    """Every bundled scenario and scheme: the explained verdict, and the unexplained one (z3's first core).

    One :class:`Analysis` per scenario classifies every scheme in turn, as ``check`` does.
    """
    out = []
    for path in BUNDLED:
        for scenario in ml.load_spec(path).scenarios:
            explained, quick = ml.Analysis(scenario), ml.Analysis(scenario, explain=False)
            for scheme in ml.scheme_family(scenario.story):
                out.append((scenario, explained.classify(scheme), quick.classify(scheme)))
    return out


def test_bundled_explanations_hold_by_enumeration(bundled: list[tuple[ml.Scenario, ml.Verdict, ml.Verdict]]) -> None:
    for scenario, verdict, _ in bundled:
        assert explanation_problems(scenario, verdict) == [], (scenario.name, verdict.scheme)
    statuses = {verdict.status for _, verdict, _ in bundled}
    assert {ml.Status.FORCED, ml.Status.AMBIGUOUS} <= statuses


def test_the_bundled_specs_need_core_minimization(bundled: list[tuple[ml.Scenario, ml.Verdict, ml.Verdict]]) -> None:
    # z3's first core is not always minimal (CoinRun under generalization[standard=reasons]: 5 constraints where
    # 4 suffice), so the test above checks what the minimization does, not only what z3 gives anyway. Should
    # the first cores all become minimal, this input no longer shows it: add a story whose first core is not.
    larger = [
        (scenario.name, verdict.scheme, len(quick.core), len(verdict.core))
        for scenario, verdict, quick in bundled
        if verdict.status is ml.Status.FORCED and len(quick.core) > len(verdict.core)
    ]
    assert larger


@settings(max_examples=scaled(40), deadline=None)
@given(st.one_of(mls.scenarios(), mls.scenarios(decided=True)), st.data())
def test_generated_explanations_hold_by_enumeration(scenario: ml.Scenario, data: st.DataObject) -> None:
    family = ml.scheme_family(scenario.story)
    for scheme in data.draw(st.lists(st.sampled_from(family), min_size=3, max_size=3, unique=True)):
        verdict = ml.classify(scenario, scheme)
        problems = enumerated(explanation_problems, scenario, verdict)
        assert problems == [], (scheme.id, [c.text for c in scenario.constraints], verdict.to_dict())


@settings(max_examples=scaled(40), deadline=None)
@given(forcing())
def test_forcing_refinements_are_forced_and_explained_by_enumeration(
    case: tuple[ml.Scenario, ml.Scheme, ml.Label],
) -> None:
    scenario, scheme, label = case
    verdict = ml.classify(scenario, scheme)
    assert verdict.forced is label, (scheme.id, [c.text for c in scenario.constraints], verdict.summary())
    assert enumerated(explanation_problems, scenario, verdict) == [], (scheme.id, verdict.to_dict())


# The checker must be able to fail: each planted mistake in a true explanation is found.


def _coinrun(scheme: str) -> tuple[ml.Scenario, ml.Verdict]:
    scenario = ml.load_spec(SPECS / "coinrun.toml").scenarios[0]
    return scenario, ml.classify(scenario, scheme)


def test_a_core_missing_a_member_is_found() -> None:
    scenario, verdict = _coinrun("generalization[standard=reasons]")
    assert verdict.forced is ml.Label.INNER
    for i in range(len(verdict.core)):
        short = attrs.evolve(verdict, core=verdict.core[:i] + verdict.core[i + 1 :])
        assert any("should force inner" in p for p in explanation_problems(scenario, short))


def test_a_core_with_a_redundant_member_is_found() -> None:
    scenario, verdict = _coinrun("generalization[standard=reasons]")
    extra = next(c for c in scenario.constraints if c not in verdict.core)
    padded = attrs.evolve(verdict, core=(*verdict.core, extra))
    assert explanation_problems(scenario, padded) == [
        f"{[c.text for c in padded.core]} is not minimal: without {extra.text!r} they still force inner"
    ]
    assert explanation_problems(scenario, attrs.evolve(padded, minimal=False)) == []


def test_a_core_member_the_scenario_does_not_state_is_found() -> None:
    scenario, verdict = _coinrun("root-cause")
    foreign = ml.Scenario.from_strings(scenario.story, "x", ["fixes_generalization"]).constraints[0]
    problems = explanation_problems(scenario, attrs.evolve(verdict, core=(*verdict.core, foreign)))
    assert "core member 'fixes_generalization' is neither a constraint of the scenario nor a default it reads" in (
        problems
    )


def test_an_inconsistent_core_is_minimized() -> None:
    # z3's first core has both constraints; the second alone has no world (policy(d) would be every action).
    story = ml.Story.build("tiny", {"t": "training", "d": "deployment"}, ["x", "y"], ["c"])
    texts = ["policy(d) == x", "not (exists a: policy(d) == a -> ideal(d, a))"]
    clash = ml.Scenario.from_strings(story, "clash", texts)
    first = ml.Analysis(clash, explain=False).classify("objective")
    verdict = ml.classify(clash, "objective")
    assert verdict.status is first.status is ml.Status.INCONSISTENT
    assert explanation_problems(clash, verdict) == []
    assert len(first.core) > len(verdict.core)  # the input shows what minimization does
    assert [c.text for c in verdict.core] == texts[1:]


def test_an_inconsistent_core_is_checked_both_ways() -> None:
    story = ml.Story.build("tiny", {"t": "training", "d": "deployment"}, ["x", "y"], ["c"])
    clash = ml.Scenario.from_strings(story, "clash", ["policy(d) == x", "ideal(d, x)", "policy(d) == y"])
    verdict = ml.classify(clash, "objective")
    assert verdict.status is ml.Status.INCONSISTENT
    assert explanation_problems(clash, verdict) == []
    assert explanation_problems(clash, attrs.evolve(verdict, core=clash.constraints)) == [
        f"{[c.text for c in clash.constraints]} is not minimal: without 'ideal(d, x)' they still have no world"
    ]
    assert explanation_problems(clash, attrs.evolve(verdict, core=verdict.core[:1])) == [
        "['policy(d) == x'] should have no world, but do not"
    ]


def test_wrong_witnesses_are_found(s1: ml.Scenario) -> None:
    verdict = ml.classify(s1, "heuristic:deception")
    assert verdict.status is ml.Status.AMBIGUOUS
    assert explanation_problems(s1, verdict) == []
    inner, outer = sorted(verdict.witnesses, key=lambda w: w.label.value)
    swapped = attrs.evolve(verdict, witnesses=(attrs.evolve(inner, world=outer.world), outer))
    assert any("is not a world of the scenario that only inner labels" in p for p in explanation_problems(s1, swapped))
    undecided = attrs.evolve(verdict, witnesses=(attrs.evolve(inner, decided_by=ml.World(())), outer))
    assert any("should force inner with the scenario" in p for p in explanation_problems(s1, undecided))
    padded = attrs.evolve(verdict, witnesses=(attrs.evolve(inner, decided_by=inner.world), outer))
    assert any("is not minimal" in p for p in explanation_problems(s1, padded))
    mislabelled = attrs.evolve(verdict, witnesses=(inner, attrs.evolve(outer, label=ml.Label.INNER)))
    assert any("are not the verdict's" in p for p in explanation_problems(s1, mislabelled))
