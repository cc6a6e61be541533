"""Differential tests for schemes as data: hypothesis writes label conditions, and the solver's verdicts under
them must agree with the brute-force checker's, which reads the same conditions on concrete worlds
(docs/model.md, "Checking the checker"). Generated schemes may overlap or leave gaps: then both sides must
see the gap, and otherwise agree on the labels some world gets."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.solve.classify import NotACategorization
from misalign_logic.testing.bruteforce import BruteVerdict, Gap, brute_classify
from tests.conftest import enumerated, scaled

#: Story-independent statements a researcher's conditions are built from.
_ATOMS = (
    "exists t in training: reason(t) == deceptive",
    "fixes_feedback",
    "fixes_generalization",
    "exists s in deployment: failure(s) and design(choice, s, policy(s))",
    "forall t in training, a in Action: feedback(t, a) == ideal(t, a)",
    "exists s in Situation: exhibitable(s, policy(s))",
    "forall s in deployment: failure(s)",
    "mentions(reason)",
    "mentions(cognition)",
    "true",
    "false",
)

conditions = st.recursive(
    st.sampled_from(_ATOMS).map(lambda a: f"({a})"),
    lambda inner: st.one_of(
        inner.map(lambda a: f"(not {a})"),
        st.tuples(inner, st.sampled_from(("and", "or", "->", "<->")), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    ),
    max_leaves=4,
)


@st.composite
def user_schemes(draw: st.DrawFn) -> ml.Scheme:
    outer, inner, both = draw(conditions), draw(conditions), draw(st.one_of(st.just("false"), conditions))
    name = "gen-" + hashlib.sha256(f"{outer}|{inner}|{both}".encode()).hexdigest()[:16]
    scheme = ml.Scheme.define(name, outer=outer, inner=inner, both=both)
    return scheme.with_reading(draw(st.sampled_from(("literal", "gricean"))))


def _solver(scenario: ml.Scenario, scheme: ml.Scheme) -> BruteVerdict | str:
    try:
        verdict = ml.classify(scenario, scheme, explain=False)
    except NotACategorization:
        return "gap"
    assert verdict.status is not ml.Status.UNKNOWN, verdict.reason
    return BruteVerdict(verdict.status, verdict.labels)


def _brute(scenario: ml.Scenario, scheme: ml.Scheme) -> BruteVerdict | str:
    try:
        return enumerated(brute_classify, scenario, scheme)
    except Gap:
        return "gap"


@settings(max_examples=scaled(120), deadline=None)
@given(mls.scenarios(), user_schemes())
def test_generated_schemes_agree_with_enumeration(scenario: ml.Scenario, scheme: ml.Scheme) -> None:
    solver, brute = _solver(scenario, scheme), _brute(scenario, scheme)
    assert solver == brute, f"{scheme.family.conditions} on {[c.text for c in scenario.constraints]}"
