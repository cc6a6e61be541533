"""Differential tests for schemes as data: hypothesis writes label conditions, and the solver's verdicts under
them must agree with the brute-force checker's, which reads the same conditions on concrete worlds
(docs/model.md, "Checking the checker"). Generated schemes may overlap or leave gaps: both sides must then
agree on the values the worlds get (``unlabelled``, ``A+B``), over the default labels and declared label sets."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.testing.bruteforce import BruteVerdict, brute_classify
from misalign_logic.testing.scheme_strategies import conditions as scheme_conditions
from tests.conftest import enumerated, scaled

#: The library's own generator of a researcher's conditions (statements under not, and, or, ->, <->).
conditions = scheme_conditions()


@st.composite
def user_schemes(draw: st.DrawFn) -> ml.Scheme:
    outer, inner, both = draw(conditions), draw(conditions), draw(st.one_of(st.just("false"), conditions))
    name = "gen-" + hashlib.sha256(f"{outer}|{inner}|{both}".encode()).hexdigest()[:16]
    scheme = ml.Scheme.define(name, outer=outer, inner=inner, both=both)
    return scheme.with_reading(draw(st.sampled_from(("literal", "gricean"))))


def _solver(scenario: ml.Scenario, scheme: ml.Scheme) -> BruteVerdict:
    verdict = ml.classify(scenario, scheme, explain=False)
    assert verdict.status is not ml.Status.UNKNOWN, verdict.reason
    return BruteVerdict(verdict.status, verdict.labels)


def _brute(scenario: ml.Scenario, scheme: ml.Scheme) -> BruteVerdict:
    """The brute-force checker's verdict (over values: a gap or an overlap is a value, not an error)."""
    return enumerated(brute_classify, scenario, scheme)


@settings(max_examples=scaled(120), deadline=None)
@given(mls.scenarios(), user_schemes())
def test_generated_schemes_agree_with_enumeration(scenario: ml.Scenario, scheme: ml.Scheme) -> None:
    solver, brute = _solver(scenario, scheme), enumerated(brute_classify, scenario, scheme)
    assert solver == brute, f"{scheme.family.conditions} on {[c.text for c in scenario.constraints]}"


@settings(max_examples=scaled(120), deadline=None)
@given(mls.scenarios(), mls.user_schemes())
def test_declared_label_sets_agree_with_enumeration(scenario: ml.Scenario, scheme: ml.Scheme) -> None:
    """Verdicts over values, for schemes with their own labels, overlaps and gaps included."""
    solver, brute = _solver(scenario, scheme), enumerated(brute_classify, scenario, scheme)
    assert solver == brute, f"{scheme.family.conditions} on {[c.text for c in scenario.constraints]}"
    assert all(v.parts or v is ml.Label.UNLABELLED for v in solver.labels)


def test_a_gap_and_an_overlap_are_values_with_witnesses() -> None:
    """A world no condition holds at is ``unlabelled``; one where two hold is ``A+B``: verdicts, not errors."""
    story = ml.Story.build("gaps", {"t1": "training", "d1": "deployment"}, ("a1", "a2"), ("c1",))
    scheme = ml.Scheme.define(
        "test-gap-overlap",
        labels=["spec-gaming", "misgeneralization"],
        conditions={"spec-gaming": "fixes_feedback", "misgeneralization": "fixes_generalization"},
    )
    scenario = ml.Scenario.from_strings(story, "open", ["not ideal(d1, policy(d1))"])
    verdict = ml.classify(scenario, scheme)
    values = {"misgeneralization", "misgeneralization+spec-gaming", "spec-gaming", "unlabelled"}
    assert verdict.summary() == "ambiguous {" + ", ".join(sorted(values)) + "}"
    assert {w.label.value for w in verdict.witnesses} == values
    assert enumerated(brute_classify, scenario, scheme).labels == verdict.labels
    gap = next(w for w in verdict.witnesses if w.label is ml.Label.UNLABELLED)
    assert gap.world["fixes_feedback"] is False
    assert gap.world["fixes_generalization"] is False
    forced = ml.classify(scenario.refine("both", ["fixes_feedback", "fixes_generalization"]), scheme)
    assert forced.summary() == "forced misgeneralization+spec-gaming"
    assert [c.text for c in forced.core] == ["not ideal(d1, policy(d1))", "fixes_feedback", "fixes_generalization"]
