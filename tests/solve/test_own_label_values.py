"""Values under a scheme's own labels, through the Python API: priors, the label type, and the brute-force checker."""

from __future__ import annotations

import pickle
import subprocess
import sys
from fractions import Fraction

import pytest

import misalign_logic as ml
from misalign_logic.model.schemes import Label, value_of
from misalign_logic.testing.bruteforce import brute_classify
from tests.conftest import enumerated

STORY = ml.Story.build("values", {"t1": "training", "d1": "deployment"}, ("a1", "a2"), ("c1",))


@pytest.fixture(scope="module")
def scheme() -> ml.Scheme:
    return ml.Scheme.define(
        "values-test",
        labels={"gaming": "the feedback was wrong", "slip": "changing the inductive bias would have helped"},
        conditions={"gaming": "fixes_feedback", "slip": "fixes_generalization"},
    )


def test_values_are_labels_joined_sorted_and_interned() -> None:
    assert value_of([Label("b"), Label("a")]) is Label("a+b")
    assert value_of([]) is Label.UNLABELLED
    assert value_of([Label.OUTER]) is Label.OUTER
    assert pickle.loads(pickle.dumps(Label("a+b"))) is Label("a+b")
    assert Label("a+b").parts == (Label("a"), Label("b"))
    assert not Label("a+b").categorizes
    assert not Label.UNLABELLED.categorizes
    assert Label("gaming").categorizes
    assert list(Label) == [Label.NONE, Label.OUTER, Label.INNER, Label.BOTH]


def test_a_prior_gives_each_value_its_probability(scheme: ml.Scheme) -> None:
    scenario = ml.Scenario.from_strings(STORY, "open", ["not ideal(d1, policy(d1))", "fixes_generalization"])
    prior = ml.Prior.build(STORY, "p", {"fixes_feedback": "1/4"})
    p = ml.probability(scenario, scheme, prior)
    assert p.of(Label("gaming+slip")) == (Fraction(1, 4), Fraction(1, 4))
    assert p.of(Label("slip")) == (Fraction(3, 4), Fraction(3, 4))
    assert p.of(Label("gaming")) == (0, 0)


@pytest.mark.parametrize(
    ("facts", "summary"),
    [
        (["fixes_feedback", "not fixes_generalization"], "forced gaming"),
        (["not fixes_feedback", "not fixes_generalization"], "forced unlabelled"),
        (["fixes_feedback"], "ambiguous {gaming, gaming+slip}"),
        ([], "ambiguous {gaming, gaming+slip, slip, unlabelled}"),
        (["fixes_feedback", "not fixes_feedback"], "inconsistent"),
    ],
)
def test_verdicts_over_values_match_enumeration(scheme: ml.Scheme, facts: list[str], summary: str) -> None:
    scenario = ml.Scenario.from_strings(STORY, "s", ["not ideal(d1, policy(d1))", *facts])
    verdict = ml.classify(scenario, scheme)
    assert verdict.summary() == summary
    brute = enumerated(brute_classify, scenario, scheme)
    assert (brute.status, brute.labels) == (verdict.status, verdict.labels)


def test_a_world_without_a_failure_is_none_under_own_labels(scheme: ml.Scheme) -> None:
    scenario = ml.Scenario.from_strings(STORY, "fine", ["ideal(d1, policy(d1))"])
    assert ml.classify(scenario, scheme).summary() == "forced none"
    assert enumerated(brute_classify, scenario, scheme).labels == frozenset({Label.NONE})


def test_a_value_named_like_a_label_keeps_the_labels_condition() -> None:
    """Finding the value ``g`` (g alone) first must not make later values read ``g`` as "g and not h".

    Run in a fresh process, where z3 finds the value ``g`` first (which value comes first depends on what the
    z3 context made before).
    """
    script = """
import misalign_logic as ml
from misalign_logic.solve.classify import Analysis
story = ml.Story.build("v", {"t1": "training", "d1": "deployment"}, ("a1", "a2"), ("c1",))
scheme = ml.Scheme.define("vv", labels=["g", "h"], conditions={"g": "fixes_feedback", "h": "fixes_generalization"})
scenario = ml.Scenario.from_strings(story, "s", ["not ideal(d1, policy(d1))"])
analysis = Analysis(scenario, explain=False)
print(analysis.classify(scheme).summary())
print(analysis.classify(scheme, given=["fixes_feedback"]).summary())
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["ambiguous {g, g+h, h, unlabelled}", "ambiguous {g, g+h}"]
