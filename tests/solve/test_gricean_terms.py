"""The Gricean reading defaults each cognition ground term the scenario does not mention (docs/model.md,
"Readings"): saying why the model acted in one situation says nothing about another, which keeps its default;
a quantifier mentions the term for every situation it covers. The solver and the brute-force checker, which
finds the mentioned terms on its own, agree."""

from __future__ import annotations

import pytest

import misalign_logic as ml
from misalign_logic.model.conditions import gricean_defaults
from misalign_logic.testing.bruteforce import brute_classify

SPEC = """
[story]
actions = ["good", "bad"]
choices = ["rd"]
[story.situations]
t1 = "training"
t2 = "training"
d = "deployment"
[story.facts]
knew = "cognition"
mood = { kind = "cognition", values = ["calm", "tense"] }

[[scenario]]
name = "said-t1"
constraints = ["reason(t1) == aligned", "policy(d) == bad", "not ideal(d, bad)"]

[[scenario]]
name = "said-all-training"
constraints = ["forall s in training: reason(s) == aligned", "policy(d) == bad", "not ideal(d, bad)"]

[[scenario]]
name = "said-t2-deceptive"
constraints = ["reason(t2) == deceptive", "policy(d) == bad", "not ideal(d, bad)"]

[[scenario]]
name = "said-deployment-deceptive"
constraints = ["forall s in deployment: reason(s) == deceptive", "policy(d) == bad", "not ideal(d, bad)"]

[[scenario]]
name = "said-mood"
constraints = ["mood == tense -> knew", "policy(d) == bad", "not ideal(d, bad)"]
"""

DECEPTION = "heuristic:deception[reading=gricean]"


@pytest.fixture(scope="module")
def spec() -> ml.Spec:
    return ml.parse_spec(SPEC)


def test_the_mentioned_terms_are_ground(spec: ml.Spec) -> None:
    assert spec.scenario("said-t1").mentioned_terms == {"reason(t1)"}
    assert spec.scenario("said-all-training").mentioned_terms == {"reason(t1)", "reason(t2)"}
    assert spec.scenario("said-mood").mentioned_terms == {"mood", "knew"}
    # A quantifier over deployment mentions the term in deployment only; training keeps its defaults.
    assert spec.scenario("said-deployment-deceptive").mentioned_terms == {"reason(d)"}


def test_the_defaults_leave_out_only_the_mentioned_terms(spec: ml.Spec) -> None:
    story = spec.story
    assert gricean_defaults(story, frozenset({"reason(t1)"})) == (
        "reason(t2) == aligned",
        "reason(d) == aligned",
        "not knew",
        "mood == calm",
    )
    assert gricean_defaults(story, frozenset())[0] == "forall s in Situation: reason(s) == aligned"
    assert gricean_defaults(story, frozenset({"mood", "knew", "reason(t1)", "reason(t2)", "reason(d)"})) == ()


@pytest.mark.parametrize(
    ("scenario", "summary"),
    [
        # Saying t1 was aligned leaves t2 at its default: a Gricean listener hears no deception at all.
        ("said-t1", "forced outer"),
        ("said-all-training", "forced outer"),
        ("said-t2-deceptive", "forced inner"),
        ("said-deployment-deceptive", "forced outer"),
        ("said-mood", "forced outer"),
    ],
)
def test_solver_and_brute_force_agree_per_ground_term(spec: ml.Spec, scenario: str, summary: str) -> None:
    verdict = ml.classify(spec.scenario(scenario), DECEPTION)
    assert verdict.summary() == summary
    brute = brute_classify(spec.scenario(scenario), DECEPTION)
    assert (brute.status, brute.labels) == (verdict.status, verdict.labels)


def test_the_explanation_never_supposes_an_unsaid_deception(spec: ml.Spec) -> None:
    text = ml.explain(ml.classify(spec.scenario("said-t1"), DECEPTION), spec.scenario("said-t1")).text()
    assert "deceive" not in text.split("outer means")[0]
    assert "reason(t2) == aligned" in text  # the default that decides, shown as the reading's


def test_a_gricean_judgment_hears_the_same_defaults(spec: ml.Spec) -> None:
    heard = ml.heard(spec.scenario("said-t1"), "gricean")
    added = [c.text for c in heard.constraints if c.stated_in == "(gricean default)"]
    assert added == ["reason(t2) == aligned", "reason(d) == aligned", "not knew", "mood == calm"]
