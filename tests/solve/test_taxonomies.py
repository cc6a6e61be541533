"""Schemes as data (docs/model.md, "Schemes as data"): user schemes, the seed's schemes rewritten by hand, and
what ``audit`` proves about them."""

from __future__ import annotations

from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.solve.audit import categorization, find_distinction, find_flip, stories
from misalign_logic.spec.render import render_schemes, render_spec
from misalign_logic.spec.taxonomy import load_taxonomy, parse_taxonomy
from tests.conftest import SPECS as SPEC_DIR

SPECS = sorted(SPEC_DIR.glob("*.toml"))

SEED_SCHEMES = Path(__file__).parent.parent / "data" / "seed_schemes.toml"

#: Each hand-written scheme of tests/data/seed_schemes.toml and the built-in it rewrites.
REWRITES = {
    "my-objective": "objective",
    "my-generalization-outcomes": "generalization[standard=outcomes]",
    "my-generalization-reasons": "generalization[standard=reasons]",
    "my-generalization-verifiable": "generalization[standard=verifiable]",
    "my-root-cause": "root-cause",
    "my-deception": "heuristic:deception",
    "my-training-vs-model": "heuristic:training-vs-model",
}


def _counterfactual_rewrite(choice: str) -> str:
    endorsed = f"(exists s in deployment: failure(s) and design({choice}, s, policy(s)))"
    departed = f"(exists s in deployment: failure(s) and not design({choice}, s, policy(s)))"
    return (
        f'[scheme.my-objective-{choice}]\nouter = "{endorsed} and not {departed}"\n'
        f'inner = "{departed} and not {endorsed}"\nboth = "{endorsed} and {departed}"\n'
    )


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_the_seed_schemes_rewritten_by_hand_give_the_built_ins_verdicts(path: Path) -> None:
    load_taxonomy(SEED_SCHEMES)
    text = path.read_text(encoding="utf-8")
    spec = ml.load_spec(path)
    # A counterfactual names a story's choice, so its rewrite lives in the spec's own [scheme] tables.
    own = ml.parse_spec(text + "\n" + "\n".join(_counterfactual_rewrite(c) for c in spec.story.choices), str(path))
    pairs = list(REWRITES.items()) + [
        (f"my-objective-{c}", f"objective[counterfactual={c}]") for c in spec.story.choices
    ]
    compared = 0
    for scenario in own.scenarios:
        for mine, builtin in pairs:
            for reading in ("literal", "gricean"):
                a = ml.classify(scenario, f"{mine}[reading={reading}]", explain=False)
                b = ml.classify(scenario, ml.parse_scheme(builtin).with_reading(reading), explain=False)
                assert (a.status, a.labels) == (b.status, b.labels), (scenario.name, mine, reading)
                compared += 1
    assert compared == len(own.scenarios) * len(pairs) * 2


def test_the_rewrites_are_equivalent_to_the_built_ins_within_the_scope() -> None:
    load_taxonomy(SEED_SCHEMES)
    for mine, builtin in REWRITES.items():
        assert find_distinction(ml.parse_scheme(mine), ml.parse_scheme(builtin), stories(2)) is None, mine


def test_differing_schemes_get_a_distinguishing_spec_that_loads_and_differs() -> None:
    load_taxonomy(SEED_SCHEMES)
    a, b = ml.parse_scheme("my-deception"), ml.parse_scheme("my-generalization-outcomes")
    found = find_distinction(a, b, stories(2))
    assert found is not None
    assert found.a.status is ml.Status.FORCED
    assert found.b.status is ml.Status.FORCED
    assert found.a.labels != found.b.labels
    # Minimal: dropping any stated fact makes the forced verdicts agree or no longer forced.
    facts = [c.text for c in found.scenario.constraints]
    for i in range(len(facts)):
        smaller = ml.Scenario.from_strings(found.scenario.story, "s", facts[:i] + facts[i + 1 :])
        va, vb = ml.classify(smaller, a), ml.classify(smaller, b)
        assert not (va.status is vb.status is ml.Status.FORCED and va.labels != vb.labels)


def test_a_scheme_with_a_gap_only_on_two_deployment_situations_is_caught_by_the_scope() -> None:
    scheme = ml.Scheme.define("all-failures-outer", outer="forall s in deployment: failure(s)", inner="false")
    small = categorization(scheme, stories(1))
    assert small.holds  # one deployment situation: a failure there is every failure
    found = categorization(scheme, stories(2))
    assert not found.holds
    assert found.gap is not None
    assert found.overlap is None
    assert found.gap_story is not None
    assert len(found.gap_story.deployment) == 2


def test_an_overlap_is_found_and_named() -> None:
    scheme = ml.Scheme.define("always-both-ways", outer="true", inner="fixes_feedback")
    found = categorization(scheme, stories(1))
    assert found.overlap is not None
    assert found.overlap_labels == {ml.Label.OUTER, ml.Label.INNER}
    assert found.overlap["fixes_feedback"] is True


def test_a_scheme_that_reads_the_description_gets_a_verified_flip() -> None:
    scheme = ml.Scheme.define("mentions-reason", inner="mentions(reason)", outer="not mentions(reason)")
    assert not scheme.world_based
    flip = find_flip(scheme, stories(2))
    assert flip is not None
    assert not flip.refined_verdict.labels <= flip.base_verdict.labels
    assert ml.relate(flip.refined, flip.base).kind in (ml.RelationKind.REFINES, ml.RelationKind.EQUIVALENT)
    assert find_flip(ml.parse_scheme("heuristic:deception[reading=gricean]"), stories(1)) is not None
    assert find_flip(ml.parse_scheme("heuristic:deception"), stories(1)) is None


def test_a_flip_spec_text_loads_back() -> None:
    scheme = ml.Scheme.define("mentions-cognition", inner="mentions(cognition)", outer="not mentions(cognition)")
    flip = find_flip(scheme, stories(1))
    assert flip is not None
    text = render_spec(flip.base.story, [flip.base, flip.refined], [scheme]) + "\n" + render_schemes([scheme])
    spec = ml.parse_spec(text, "flip.toml")
    base, refined = (ml.classify(s, scheme) for s in spec.scenarios)
    assert not refined.labels <= base.labels


def test_malformed_conditions_are_located() -> None:
    text = '[scheme.bad]\nouter = "true"\ninner = "exists t in training: reason(t) = deceptive"\n'
    with pytest.raises(ml.SpecError) as err:
        parse_taxonomy(text, "bad.toml")
    problem = err.value.problems[0]
    assert (problem.file, problem.line, problem.column) == ("bad.toml", 3, 42)
    assert "compare with ==" in problem.hint
    with pytest.raises(ml.SpecError, match="unknown function 'idael'"):
        ml.Scheme.define("typo", outer="exists s in deployment: idael(s, policy(s))", inner="false")
    with pytest.raises(ml.SpecError, match="only a scheme's conditions"):
        ml.Scenario.from_strings(load_story(), "x", ["mentions(reason)"])
    with pytest.raises(ml.SpecError, match="built-in scheme"):
        ml.Scheme.define("objective", outer="true", inner="false")
    with pytest.raises(ml.SpecError, match="needs inner"):
        parse_taxonomy('[scheme.half]\nouter = "true"\n', "half.toml")


def test_a_scheme_applied_to_a_story_without_its_name_is_a_located_error() -> None:
    text = (
        SPECS[0].read_text(encoding="utf-8")
        + '\n[scheme.own]\nouter = "fixes_feedback"\ninner = "not fixes_feedback"\n'
    )
    spec = ml.parse_spec(text, "own.toml")
    assert ml.parse_scheme("own") in spec.schemes


def load_story() -> ml.Story:
    return ml.Story.build("tiny", {"t": "training", "d": "deployment"}, ["x", "y"], ["c"])


def test_the_seed_families_are_categorizations_by_their_form_alone() -> None:
    # Classification then asks no extra solver question for them (solve/categorization.py).
    from misalign_logic.model.conditions import exclusive_by_form, parsed_definitions

    spec = ml.load_spec(SPECS[0])
    for scheme in ml.default_schemes(spec.story):
        for mentioned in (frozenset(), spec.story.cognition_symbols):
            assert exclusive_by_form(parsed_definitions(spec.story, scheme, mentioned)), scheme.id
    overlapping = ml.Scheme.define("overlap-by-form", outer="true", inner="fixes_feedback")
    assert not exclusive_by_form(parsed_definitions(spec.story, overlapping, frozenset()))


def test_a_user_scheme_crosses_processes_and_reads_back_by_name() -> None:
    import pickle

    scheme = ml.Scheme.define("pickled-scheme", outer="fixes_feedback", inner="not fixes_feedback")
    assert pickle.loads(pickle.dumps(scheme)) == scheme
    assert ml.parse_scheme("pickled-scheme[reading=gricean]").family == scheme.family


def test_a_spec_s_own_scheme_with_a_typo_is_located_in_the_spec() -> None:
    text = SPECS[0].read_text(encoding="utf-8") + '\n[scheme.typo]\nouter = "true"\ninner = "fixes_feedbak"\n'
    with pytest.raises(ml.SpecError) as err:
        ml.parse_spec(text, "typo.toml")
    problem = err.value.problems[0]
    assert problem.line == text.count("\n")
    assert problem.column == 10
    assert "unknown name 'fixes_feedbak'" in problem.message
    assert "fixes_feedback" in problem.hint


def test_mentions_matches_a_whole_symbol_not_a_part_of_one() -> None:
    # Cognition facts `plan` and `planned`: a scenario that states only `planned` does not mention `plan`.
    text = """
[story]
actions = ["safe", "risky"]
choices = ["spec_a"]
[story.situations]
drill = "training"
launch = "deployment"
[story.facts]
plan = "cognition"
planned = "cognition"

[[scenario]]
name = "says-planned"
constraints = ["policy(launch) == risky", "not ideal(launch, risky)", "planned"]

[[scenario]]
name = "says-plan"
constraints = ["policy(launch) == risky", "not ideal(launch, risky)", "plan"]

[scheme.says-plan]
inner = "mentions(plan)"
outer = "not mentions(plan)"
"""
    spec = ml.parse_spec(text, "plans.toml")
    (scheme,) = [s for s in spec.schemes if s.id == "says-plan"]
    planned, plan = (ml.classify(s, scheme) for s in spec.scenarios)
    assert (planned.status, planned.labels) == (ml.Status.FORCED, {ml.Label.OUTER})
    assert (plan.status, plan.labels) == (ml.Status.FORCED, {ml.Label.INNER})
