"""The user's own vocabulary end to end: declared symbols and amounts in specs, taxonomies, readings and priors.

Verdicts here come from the solver and are compared with the brute-force checker's where a verdict is asserted.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.model.conditions import gricean_defaults
from misalign_logic.model.expr import render
from misalign_logic.spec.taxonomy import parse_taxonomy
from misalign_logic.testing.bruteforce import BruteVerdict, brute_classify

SPEC = """\
[story]
actions = ["hit_targets", "finish"]
choices = ["score"]

[story.situations]
train = "training"
race = "deployment"

[story.sorts]
Skill = ["navigation", "goal_pursuit"]

[story.facts]
points = { kind = "world", args = ["Situation", "Action"], range = [0, 3] }
knows = { kind = "cognition", args = ["Situation", "Skill"] }
effort = { kind = "cognition", range = [-1, 2] }

[scheme.pay]
describe = "outer when training paid more for what the model did than for anything else"
outer = "exists t in training, a in Action: points(t, policy(t)) > points(t, a)"
inner = "forall t in training, a in Action: points(t, policy(t)) <= points(t, a)"

[scheme.tries]
describe = "inner when the model did not try"
outer = "effort > 0"
inner = "effort <= 0"

[prior.effort]
"effort" = { -1 = 0.5, 0 = 0.25, 1 = 0.125, 2 = 0.125 }

[[scenario]]
name = "loops"
constraints = [
  "policy(race) == hit_targets",
  "not ideal(race, hit_targets)",
  "policy(train) == hit_targets",
  "sum(a in Action: points(train, a)) >= 5",
  "points(train, hit_targets) - points(train, finish) > 0",
]
"""


@pytest.fixture
def spec() -> ml.Spec:
    return ml.parse_spec(SPEC, "vocab.toml")


def _pay(spec: ml.Spec) -> ml.Scheme:
    return next(s for s in spec.own_schemes if s.id == "pay")


def _both(scenario: ml.Scenario, scheme: str | ml.Scheme) -> ml.Verdict:
    solver = ml.classify(scenario, scheme)
    assert BruteVerdict(solver.status, solver.labels) == brute_classify(scenario, scheme)
    return solver


def test_a_scheme_over_amounts_is_forced_by_a_sum_and_a_difference(spec: ml.Spec) -> None:
    verdict = _both(spec.scenario("loops"), _pay(spec))
    assert verdict.status is ml.Status.FORCED
    assert verdict.labels == {ml.Label.OUTER}
    assert {c.text for c in verdict.core} >= {"points(train, hit_targets) - points(train, finish) > 0"}


def test_witness_worlds_show_amounts_as_numbers(spec: ml.Spec) -> None:
    open_ = spec.scenario("loops").refine("open", []).story
    scenario = ml.Scenario.from_strings(open_, "o", ["policy(race) == hit_targets", "not ideal(race, hit_targets)"])
    verdict = _both(scenario, _pay(spec))
    assert verdict.status is ml.Status.AMBIGUOUS
    for witness in verdict.witnesses:
        amounts = {k: v for k, v in witness.world.facts if k.startswith("points(")}
        assert amounts
        assert all(type(v) is int and 0 <= v <= 3 for v in amounts.values())
        # A witness world, stated as facts, is a world of the scenario that gets its label.
        stated = scenario.refine("stated", witness.world.statements())
        assert _both(stated, _pay(spec)).labels == {witness.label}


def test_an_unmentioned_cognition_amount_takes_its_lower_bound_under_the_gricean_reading(spec: ml.Spec) -> None:
    defaults = gricean_defaults(spec.story, frozenset({"knows(race, navigation)"}))
    assert "effort == -1" in defaults
    assert "not knows(train, navigation)" in defaults
    assert "not knows(race, navigation)" not in defaults
    told = ml.Scenario.from_strings(spec.story, "t", ["not ideal(race, policy(race))", "effort > -1 -> fixes_feedback"])
    heard = ml.Scenario.from_strings(spec.story, "h", ["not ideal(race, policy(race))", "fixes_feedback"])
    # effort is mentioned in "told", so it keeps its range; the root cause is open there, stated in "heard".
    assert _both(told, "root-cause[reading=gricean]").status is ml.Status.AMBIGUOUS
    quiet = _both(heard, "heuristic:deception[reading=gricean]")
    assert quiet.labels == {ml.Label.OUTER}


def test_a_prior_over_an_amount_gives_exact_probabilities(spec: ml.Spec) -> None:
    scheme = next(s for s in spec.own_schemes if s.id == "tries")
    scenario = ml.Scenario.from_strings(spec.story, "f", ["not ideal(race, policy(race))"])
    found = ml.probability(scenario, scheme, spec.prior("effort"))
    assert set(found.bounds) == {
        (ml.Label.OUTER, Fraction(1, 4), Fraction(1, 4)),
        (ml.Label.INNER, Fraction(3, 4), Fraction(3, 4)),
    }


def test_a_taxonomy_declares_the_symbols_its_conditions_need(tmp_path: Path) -> None:
    taxonomy = parse_taxonomy(
        """\
[facts]
capabilities_generalize = { kind = "world", args = ["Situation"] }

[scheme.shah]
outer = "exists t in training, a in Action: feedback(t, a) != ideal(t, a)"
inner = "forall t in training, a in Action: feedback(t, a) == ideal(t, a)"
both = "false"
""",
        "shah.toml",
    )
    spec = ml.load_spec(Path(__file__).parents[2] / "specs" / "coastrunners.toml")
    story = taxonomy.extend(spec.story, spec.path)
    assert story.symbols()["capabilities_generalize"].args == ("Situation",)
    scenario = ml.Scenario.from_strings(
        story, "c", [*(c.text for c in spec.scenarios[0].constraints), "capabilities_generalize(race)"]
    )
    assert _both(scenario, taxonomy.schemes[0]).labels


def test_a_taxonomy_declaration_clashing_with_the_story_names_both_places(tmp_path: Path) -> None:
    path = tmp_path / "story.toml"
    path.write_text(SPEC)
    spec = ml.load_spec(path)
    taxonomy = parse_taxonomy(
        '[facts]\n\npoints = { kind = "world", args = ["Situation"], range = [0, 3] }\n'
        '[scheme.x]\nouter = "true"\ninner = "false"\n',
        "tax.toml",
    )
    with pytest.raises(ml.SpecError) as caught:
        taxonomy.extend(spec.story, str(path))
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("tax.toml", 3)
    line = next(i for i, text in enumerate(SPEC.splitlines(), 1) if text.startswith("points ="))
    assert f"{path}:{line} " in problem.message


@settings(max_examples=200, deadline=None)
@given(mls.stories(vocabulary=True).flatmap(lambda s: st.tuples(st.just(s), mls.vocabulary_facts(s))))
def test_amounts_render_back_to_the_same_tree(case: tuple[ml.Story, str]) -> None:
    story, text = case
    expr = ml.Scenario.from_strings(story, "s", [text]).constraints[0].expr
    assert ml.Scenario.from_strings(story, "s", [render(expr)]).constraints[0].expr == expr


@pytest.mark.parametrize(
    "constraints",
    [
        ["effort == points(train, finish)", "effort < 0"],
        ["points(train, finish) == effort", "points(train, finish) > 2"],
    ],
)
def test_amounts_stated_equal_keep_both_ranges(spec: ml.Spec, constraints: list[str]) -> None:
    scenario = ml.Scenario.from_strings(spec.story, "equal", ["not ideal(race, policy(race))", *constraints])
    assert _both(scenario, "objective").status is ml.Status.INCONSISTENT


def test_audit_reads_a_taxonomys_declared_sorts_and_amounts_on_every_story_it_checks() -> None:
    from misalign_logic.solve.taxonomy_audit import audit

    taxonomy = parse_taxonomy(
        """\
[sorts]
Skill = ["steering", "goal_pursuit"]
[facts]
masters = { kind = "cognition", args = ["Situation", "Skill"] }
points = { kind = "world", args = ["Situation", "Action"], range = [0, 2] }

[scheme.audited-skills]
outer = "exists d in deployment, k in Skill: failure(d) and not masters(d, k)"
inner = "forall d in deployment, k in Skill: failure(d) -> masters(d, k)"

[scheme.audited-pay]
outer = "exists t in training: points(t, policy(t)) >= sum(a in Action: 0 * points(t, a))"
inner = "false"
""",
        "tax.toml",
    )
    result = audit(taxonomy.schemes, declared=taxonomy.declared)
    skills, paid = result.schemes
    assert skills.categorization.holds
    # With no training situation nothing is paid: a failure with no label.
    assert paid.categorization.gap is not None
    assert paid.categorization.gap_story is not None
    assert not paid.categorization.gap_story.training
    # The clean cases' stories were read with the declarations merged in: each has a verdict, not an error.
    assert paid.expectations
    assert all(e["verdict"] for e in paid.expectations), paid.expectations


def test_a_story_with_sorts_and_amounts_is_written_back_as_a_spec_that_loads(spec: ml.Spec) -> None:
    from misalign_logic.spec.render import render_spec

    again = ml.parse_spec(render_spec(spec.story, list(spec.scenarios), []), "again.toml")
    assert again.story == spec.story
    assert [c.expr for s in again.scenarios for c in s.constraints] == [
        c.expr for s in spec.scenarios for c in s.constraints
    ]
