"""Justification: the small reasons behind forced cores and deciding facts, and the explanations built on them.

The justifying evaluator (misalign_logic.solve.justify) is checked on its own (truths and reasons under a
scenario's compiled facts), then through the explanations it feeds: each is checked by enumeration
(``explanation_problems``), including cases where the first justification is larger than the minimal
explanation, so the shrinking after it is what makes the answer minimal.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
import misalign_logic.solve.classify as classify_module
from misalign_logic import Label, Status
from misalign_logic import strategies as mls
from misalign_logic.model.conditions import parsed_definitions
from misalign_logic.model.parse import parse_constraint
from misalign_logic.model.schemes import parse_scheme
from misalign_logic.solve.backend import clock
from misalign_logic.solve.classify import clear_cache
from misalign_logic.solve.justify import Justifier, Lit
from misalign_logic.testing.brute_explanations import explanation_problems
from tests.conftest import SPECS, enumerated, scaled

STORY = ml.Story.build(
    "tiny",
    situations={"train": "training", "test": "deployment", "later": "deployment"},
    actions=["good", "bad", "odd"],
    choices=["c1", "c2"],
)

WISHES = "forall s: ideal(s, good) and not ideal(s, bad)"


def _as_if_large(story: object) -> bool:
    """In place of classify's ``small_story``: every story counts as large, so deciding facts are shown
    needed by flipped worlds first."""
    return False


def scenario(*constraints: str, story: ml.Story = STORY) -> ml.Scenario:
    return ml.Scenario.from_strings(story, "s", constraints)


def justifier(s: ml.Scenario) -> tuple[ml.Analysis, Justifier]:
    analysis = ml.Analysis(s)
    return analysis, analysis._justify()


def texts(analysis: ml.Analysis, reason: frozenset[str]) -> list[str]:
    return sorted(analysis._by_lit[x].text for x in reason)


def test_a_stated_failure_is_true_by_the_statements_that_fix_it() -> None:
    s = scenario(WISHES, "policy(test) == bad", "policy(later) == good", "forall a: design(c1, test, a)")
    analysis, j = justifier(s)
    j.forget()
    value, reason = j.why(parse_constraint("exists s in deployment: not ideal(s, policy(s))", STORY))
    assert value is True
    assert texts(analysis, reason) == [WISHES, "policy(test) == bad"]


def test_an_open_atom_leaves_the_truth_undetermined_and_a_literal_keeps_its_root() -> None:
    analysis, j = justifier(scenario(WISHES, "feedback(train, odd) == ideal(train, odd)"))
    j.forget()
    assert j.why(parse_constraint("ideal(test, odd)", STORY)) == (Lit("ideal(test, odd)", True), frozenset())
    value, _ = j.why(parse_constraint("ideal(test, odd) or ideal(later, odd)", STORY))
    assert value is None
    # x -> x for two atoms stated equal: true whatever their value, because of the equality alone.
    value, reason = j.why(parse_constraint("ideal(train, odd) -> feedback(train, odd)", STORY))
    assert value is True
    assert texts(analysis, reason) == ["feedback(train, odd) == ideal(train, odd)"]


def test_cases_on_a_fixed_term_drop_the_statement_that_fixes_it() -> None:
    # Whatever the model does, the blueprint under c1 is the wishes, so no failure is endorsed: the
    # justification needs the equality and the wishes, not the statements of what the model does.
    stated = [WISHES, "policy(test) == bad", "policy(later) == good"]
    s = scenario(*stated, "forall s in deployment: forall a: design(c1, s, a) == ideal(s, a)")
    analysis, j = justifier(s)
    j.forget()
    endorsed = "exists s in deployment: not ideal(s, policy(s)) and design(c1, s, policy(s))"
    value, reason = j.why(parse_constraint(endorsed, STORY))
    assert value is False
    assert not {"policy(test) == bad", "policy(later) == good"} & set(texts(analysis, reason))


def test_in_a_world_a_reason_names_only_open_facts() -> None:
    j = justifier(scenario(WISHES, "policy(test) == bad"))[1]
    j.study({"fixes_feedback": True, "fixes_generalization": False})
    expr = parse_constraint("fixes_feedback and not fixes_generalization and not ideal(test, policy(test))", STORY)
    assert j.why(expr) == (True, frozenset({"fixes_feedback", "fixes_generalization"}))
    j.study({"fixes_feedback": False, "fixes_generalization": False})
    assert j.why(expr) == (False, frozenset({"fixes_feedback"}))


def test_a_flip_reads_again_only_what_the_changed_atom_decides() -> None:
    j = justifier(scenario(WISHES))[1]
    world = {f"reason({s})": "aligned" for s in ("train", "test", "later")}
    j.study(world)
    expr = parse_constraint("forall s: reason(s) == aligned", STORY)
    assert j.why(expr, keep=True)[0] is True
    deceptive = STORY.sort_values("Reason").index("deceptive")
    assert j.flip(expr, {"reason(test)": deceptive}, [])
    piece = j.ground(parse_constraint("reason(test) == aligned", STORY))
    assert not j.flip(expr, {"reason(test)": deceptive}, [piece])
    assert j.why(expr)[0] is True  # the world under study is unchanged


def test_a_justified_core_larger_than_the_minimal_one_is_shrunk() -> None:
    # The justification of "no failure is endorsed" reads ideal(test, bad) through its equality with
    # design(c1, test, bad), so it names the equality too; dropping it still forces inner.
    s = scenario(
        WISHES, "policy(test) == bad", "policy(later) == good", "forall a: design(c1, test, a) == ideal(test, a)"
    )
    scheme = parse_scheme("objective[counterfactual=c1]")
    analysis = ml.Analysis(s)
    goal = dict(parsed_definitions(STORY, scheme, analysis._mentioned))[Label.INNER]
    candidate = analysis._sufficient(goal)
    assert candidate is not None
    verdict = analysis.classify(scheme)
    assert verdict.forced is Label.INNER
    assert verdict.minimal
    assert len(verdict.core) <= len(candidate)
    assert explanation_problems(s, verdict) == []


@pytest.mark.parametrize("flips", [False, True])
def test_deciding_facts_drop_what_the_scenario_implies(flips: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # The outer witness has fixes_feedback and not fixes_generalization; the scenario says the first implies
    # the second's negation, so fixes_feedback alone decides outer, though a justification reads both (and
    # the world with fixes_generalization flipped breaks the scenario, so no flip shows it needed).
    if flips:
        monkeypatch.setattr(classify_module, "small_story", _as_if_large)
    s = scenario(WISHES, "policy(test) == bad", "fixes_feedback -> not fixes_generalization")
    verdict = ml.classify(s, "root-cause")
    assert verdict.status is Status.AMBIGUOUS
    outer = next(w for w in verdict.witnesses if w.label is Label.OUTER)
    assert dict(outer.decided_by) == {"fixes_feedback": True}
    assert explanation_problems(s, verdict) == []


def test_many_deciding_facts_cost_few_solver_checks() -> None:
    # Every unstated reason decides the reasons-standard's inner witness: one check per fact would cost
    # dozens; the flips of the witness world show each needed without the solver.
    n = 40
    story = ml.Story.build(
        "wide", {**{f"t{i}": "training" for i in range(n)}, "d": "deployment"}, ["good", "bad"], ["c1"]
    )
    stated = [WISHES, "forall t in training: forall a: feedback(t, a) == ideal(t, a)", "policy(d) == bad"]
    s = scenario(*stated, *(f"policy(t{i}) == good" for i in range(n)), story=story)
    with clock() as spent:
        verdict = ml.Analysis(s).classify("generalization[standard=reasons]")
    inner = next(w for w in verdict.witnesses if w.label is Label.INNER)
    assert len(inner.decided_by) == n
    assert spent.checks < n // 2


@pytest.fixture
def flipping(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Deciding facts shown needed by flips on every story, however small; counts the flips that did."""
    shown: list[int] = []
    flip = Justifier.flip

    def counted(self: Justifier, *args: Any) -> bool:
        found = flip(self, *args)
        shown.append(found)
        return found

    monkeypatch.setattr(classify_module, "small_story", _as_if_large)
    monkeypatch.setattr(Justifier, "flip", counted)
    return shown


def test_deciding_facts_shown_by_flips_hold_by_enumeration(flipping: list[int]) -> None:
    for path in sorted(SPECS.glob("*.toml")):
        for s in ml.load_spec(path).scenarios:
            analysis = ml.Analysis(s)
            for scheme in ml.scheme_family(s.story):
                verdict = analysis.classify(scheme)
                assert explanation_problems(s, verdict) == [], (s.name, scheme.id)
    assert sum(flipping) > 10  # the flips decided, not only the solver


@settings(max_examples=scaled(30), deadline=None)
@given(st.one_of(mls.scenarios(), mls.scenarios(decided=True)), st.data())
def test_generated_deciding_facts_shown_by_flips_hold_by_enumeration(
    scenario: ml.Scenario, data: st.DataObject
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(classify_module, "small_story", _as_if_large)
        family = ml.scheme_family(scenario.story)
        for scheme in data.draw(st.lists(st.sampled_from(family), min_size=3, max_size=3, unique=True)):
            verdict = ml.Analysis(scenario).classify(scheme)
            assert enumerated(explanation_problems, scenario, verdict) == [], (scheme.id, verdict.to_dict())


@pytest.mark.parametrize("scheme", ["objective[counterfactual=c1]", "objective[counterfactual=c2]", "root-cause"])
def test_a_shared_prover_gives_the_same_core_every_time(scheme: str) -> None:
    stated = [WISHES, "policy(test) == bad", "forall a: design(c1, test, a)", "not design(c2, test, bad)"]
    s = scenario(*stated, "fixes_feedback", "fixes_generalization", "policy(later) == good")
    first = ml.Analysis(s).classify(scheme)
    assert first.status is Status.FORCED
    assert first.minimal
    clear_cache()
    again = [ml.Analysis(s).classify(scheme) for _ in range(3)]
    assert all(v.core == first.core for v in again)
    assert explanation_problems(s, first) == []
