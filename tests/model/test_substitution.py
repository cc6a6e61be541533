"""Scheme parameters, readings and Gricean defaults are put into syntax trees without capture.

A story may name its situations, actions, choices, reasons and facts like the variables schemes bind (``s``,
``t``, ``a``, ``c``, ``x``): every scheme must then still mean what it says, checked against the brute-force
checker, which evaluates the conditions its own way.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.model.conditions import gricean_constraints, instantiate
from misalign_logic.model.expr import App, Compare, Const, Expr, Quantifier, Var, render, substitute, walk
from misalign_logic.model.parse import parse_condition, parse_constraint
from misalign_logic.model.schemes import Label
from misalign_logic.testing.bruteforce import BruteVerdict, brute_classify
from tests.conftest import enumerated, scaled
from tests.testing.test_bruteforce_user_schemes import _brute, _solver, user_schemes

STORY = ml.Story.build("bound", {"t": "training", "x": "deployment"}, ["a", "y"], ["s", "c"])


def test_a_binder_is_renamed_apart_from_a_name_it_would_capture() -> None:
    body = parse_condition(
        "exists s in deployment: design(k, s, policy(s))", STORY, frozenset(), free={"k": ("Choice", "Choice")}
    )
    put = substitute(body, {"k": Const("s", "Choice")})
    assert isinstance(put, Quantifier)
    ((name, _),) = put.variables
    assert name == "s_"
    assert render(put) == "exists s_ in deployment: design(s, s_, policy(s_))"
    # Written back, it reads as the same tree: the binder no longer hides a name it must not.
    assert parse_condition(render(put), STORY, frozenset()) == put


def test_a_binder_that_captures_nothing_keeps_its_name_and_shadowing_is_respected() -> None:
    body = parse_condition(
        "exists s in deployment: design(k, s, policy(s))", STORY, frozenset(), free={"k": ("Choice", "Choice")}
    )
    assert render(substitute(body, {"k": Const("c", "Choice")})) == "exists s in deployment: design(c, s, policy(s))"
    shadowed = Quantifier("forall", (("k", "Choice"),), Compare("==", Var("k", "Choice"), App("choice", (), "Choice")))
    assert substitute(shadowed, {"k": Const("c", "Choice")}) == shadowed


def test_kept_variables_stay_bound_where_the_value_lands() -> None:
    standard = parse_condition(
        "forall a in Action: feedback(t, a) == ideal(t, a)", STORY, frozenset(), free={"t": ("Situation", "training")}
    )
    template = parse_condition("exists t in training: not h", STORY, frozenset(), free={"h": ("Bool", "Bool")})
    put = substitute(template, {"h": standard}, frozenset({"t"}))
    assert render(put) == "exists t in training: not (forall a in Action: feedback(t, a) == ideal(t, a))"


def test_the_counterfactual_named_like_the_variable_stays_the_choice() -> None:
    outer = instantiate(STORY, ml.parse_scheme("objective[counterfactual=s]"), Label.OUTER, frozenset())
    chosen = {n for n in _nodes(outer) if isinstance(n, App) and n.func == "design"}
    assert chosen
    assert all(d.args[0] == Const("s", "Choice") for d in chosen)


def _nodes(e: Expr) -> list[Expr]:
    return list(walk(e))


@settings(max_examples=scaled(40), deadline=None)
@given(mls.stories(bound_names=True, words=False))
def test_gricean_defaults_read_back_from_their_text(story: ml.Story) -> None:
    for c in gricean_constraints(story, frozenset()):
        assert parse_constraint(c.text, story) == c.expr


def _agree(scenario: ml.Scenario) -> None:
    for scheme in ml.scheme_family(scenario.story):
        solver = ml.classify(scenario, scheme, explain=False)
        brute = enumerated(brute_classify, scenario, scheme)
        assert solver.status is not ml.Status.UNKNOWN, solver.reason
        assert BruteVerdict(solver.status, solver.labels) == brute, (
            f"{scheme.id} over {scenario.story.choices} on {[c.text for c in scenario.constraints]}: "
            f"solver {solver.summary()}, brute force {brute.status} {sorted(map(str, brute.labels))}"
        )


@settings(max_examples=scaled(60), deadline=None)
@given(mls.stories(bound_names=True).flatmap(mls.scenarios))
def test_every_builtin_scheme_agrees_with_enumeration_when_names_are_variables(scenario: ml.Scenario) -> None:
    _agree(scenario)


@settings(max_examples=scaled(30), deadline=None)
@given(mls.stories(bound_names=True).flatmap(lambda s: mls.scenarios(s, decided=True)))
def test_decided_scenarios_agree_with_enumeration_when_names_are_variables(scenario: ml.Scenario) -> None:
    _agree(scenario)


@settings(max_examples=scaled(60), deadline=None)
@given(mls.stories(bound_names=True).flatmap(mls.scenarios), user_schemes(), st.data())
def test_user_schemes_agree_with_enumeration_when_names_are_variables(
    scenario: ml.Scenario, scheme: ml.Scheme, data: st.DataObject
) -> None:
    assert _solver(scenario, scheme) == _brute(scenario, scheme), scheme.family.conditions
