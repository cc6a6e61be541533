"""Judgments on a story of their own: loading, bearing out by a scheme, coherence, fitting."""

from __future__ import annotations

import pytest

import misalign_logic as ml
from misalign_logic import Bearing, Label, RelationKind
from tests.conftest import lab_story

STORY = (
    lab_story("base")
    + """
[[scenario]]
name = "told-more"
extends = "base"
constraints = ["reason(drill) == deceptive"]

[[scenario]]
name = "other"
extends = "base"
constraints = ["reason(drill) == aligned"]

[[scenario]]
name = "stormy"
extends = "base"
constraints = ["weather == storm"]

[[scenario]]
name = "same"
constraints = [
    "policy(launch) == risky",
    "not design(spec_b, launch, risky)",
    "design(spec_a, launch, risky)",
    "forall s: not ideal(s, risky) and ideal(s, safe)",
]

[[scenario]]
name = "nothing"
constraints = ["policy(launch) == risky", "policy(launch) == safe"]

[prior.p]
"reason(drill)" = { deceptive = 0.1, aligned = 0.9 }
"""
)


def judged(*answers: str) -> ml.Spec:
    """The story with one [[judgment]] per answer, written ``scenario label strength [reading]``."""
    tables = []
    for answer in answers:
        scenario, label, strength, *rest = answer.split()
        table = f'[[judgment]]\nrespondent = "r"\nscenario = "{scenario}"\nlabel = "{label}"\nstrength = "{strength}"\n'
        if strength == "probable":
            table += 'prior = "p"\nthreshold = 0.9\n'
        if rest:
            table += f'reading = "{rest[0]}"\n'
        tables.append(table)
    return ml.parse_spec(STORY + "\n".join(tables), "answers.toml")


def only(spec: ml.Spec) -> ml.Respondent:
    (respondent,) = ml.judge_spec(spec).respondents
    return respondent


def test_certain_answers_on_a_refinement_conflict() -> None:
    r = only(judged("base outer certain", "told-more inner certain"))
    assert r.coherence.coherent is False
    conflict = r.coherence.conflicts[0]
    assert conflict.relation is RelationKind.REFINES
    assert r.coherence.proof.startswith("told-more refines base: every world of told-more is a world of base")
    assert conflict.world is not None
    assert conflict.world["reason(drill)"] == "deceptive"
    # Only description-based schemes can give these answers.
    assert r.fitting
    assert all(not ml.parse_scheme(s).world_based for s in r.fitting)


def test_certain_answers_on_disjoint_scenarios_are_coherent() -> None:
    r = only(judged("other outer certain", "told-more inner certain"))
    assert r.coherence.coherent is True
    assert "heuristic:deception" in r.fitting


def test_sharing_a_world_is_enough_to_conflict() -> None:
    r = only(judged("stormy outer certain", "told-more inner certain"))
    assert r.coherence.coherent is False
    assert r.coherence.conflicts[0].relation is RelationKind.INCOMPARABLE
    world = r.coherence.conflicts[0].world
    assert world is not None
    assert (world["weather"], world["reason(drill)"]) == ("storm", "deceptive")


def test_equivalent_scenarios_conflict() -> None:
    r = only(judged("base outer certain", "same inner certain"))
    assert r.coherence.conflicts[0].relation is RelationKind.EQUIVALENT
    assert "have the same worlds" in r.coherence.proof


def test_one_scenario_judged_two_ways() -> None:
    r = only(judged("base outer certain", "base inner certain"))
    assert r.coherence.coherent is False
    assert "base is judged twice" in r.coherence.proof


def test_a_possible_label_needs_a_world_left_for_it() -> None:
    r = only(judged("base inner certain", "told-more outer possible"))
    assert r.coherence.coherent is False
    assert r.coherence.conflicts[0].relation is RelationKind.REFINES
    assert "no world of told-more is left to be outer" in r.coherence.proof


def test_possible_labels_on_the_base_and_certain_on_the_refinement_are_coherent() -> None:
    r = only(judged("base outer possible", "base inner possible", "told-more inner certain"))
    assert r.coherence.coherent is True
    witnesses = {str(j): w for j, w in r.coherence.witnesses}
    assert witnesses["base: outer (possible)"]["reason(drill)"] != "deceptive"
    assert "heuristic:deception" in r.fitting


def test_a_scenario_without_worlds_takes_no_label() -> None:
    r = only(judged("nothing outer possible"))
    assert r.coherence.coherent is False
    assert "nothing has no world" in r.coherence.proof


def test_probable_is_checked_as_possible_and_says_so() -> None:
    r = only(judged("base outer probable", "told-more inner certain"))
    assert r.coherence.coherent is True
    assert r.coherence.caveats
    # P(outer | base) = 0.9 under the prior: borne out at threshold 0.9.
    assert "heuristic:deception" in r.fitting
    (row, _) = r.assessments
    deception = next(a for a in row if a.scheme == "heuristic:deception")
    assert deception.bearing is Bearing.BORNE_OUT
    assert deception.why == "P(outer) = 0.9 >= 0.9 under p"


def test_the_gricean_answer_judges_the_scenario_as_heard() -> None:
    r = only(judged("base outer certain gricean", "told-more inner certain"))
    assert r.coherence.coherent is True
    assert "heuristic:deception" in r.fitting
    heard = ml.heard(ml.parse_spec(STORY).scenario("base"), "gricean")
    assert "forall s in Situation: reason(s) == aligned" in [c.text for c in heard.constraints]
    assert "not planned" in [c.text for c in heard.constraints]


def test_assessments_say_why(s1: ml.Scenario) -> None:
    certain = ml.Judgment("scenario-1", Label.OUTER, ml.Strength.CERTAIN)
    forced = ml.assess(certain, ml.classify(s1, "objective[counterfactual=merge_probability]"))
    assert forced.bearing is Bearing.BORNE_OUT
    assert "forall a: design(merge_probability, farm, a)" in forced.core
    open_ = ml.assess(certain, ml.classify(s1, "heuristic:deception"))
    assert open_.bearing is Bearing.CONTRADICTED
    assert open_.world is not None
    assert open_.world["reason(review)"] == "deceptive"
    possible = ml.Judgment("scenario-1", Label.OUTER, ml.Strength.POSSIBLE)
    witness = ml.assess(possible, ml.classify(s1, "heuristic:deception"))
    assert witness.bearing is Bearing.BORNE_OUT
    assert witness.why == "a world gets outer when reason(review) == aligned"
    assert ml.assess(possible, ml.classify(s1, "generalization[standard=outcomes]")).bearing is Bearing.CONTRADICTED
    gave_up = ml.assess(possible, ml.Verdict("scenario-1", "objective", ml.Status.UNKNOWN, reason="timeout"))
    assert gave_up.bearing is Bearing.UNKNOWN


def test_a_judgment_checks_its_own_fields() -> None:
    with pytest.raises(ValueError, match="needs a prior and a threshold"):
        ml.Judgment("s", Label.OUTER, ml.Strength.PROBABLE)


@pytest.mark.parametrize(
    ("table", "message", "where"),
    [
        ('scenario = "bse"\nlabel = "outer"\nstrength = "certain"', "did you mean 'base'?", (2, 1)),
        ('scenario = "base"\nlabel = "outr"\nstrength = "certain"', "'outr' is not a label", (3, 1)),
        ('scenario = "base"\nlabel = "outer"\nstrength = "sure"', "'sure' is not a strength", (4, 1)),
        ('scenario = "base"\nlabel = "outer"\nstrength = "probable"', "needs a prior and a threshold", (1, 1)),
        (
            'scenario = "base"\nlabel = "outer"\nstrength = "probable"\nprior = "q"\nthreshold = 0.9',
            "'q' is not a prior of this file",
            (5, 1),
        ),
        (
            'scenario = "base"\nlabel = "outer"\nstrength = "probable"\nprior = "p"\nthreshold = 0',
            "a threshold of 0 says nothing",
            (6, 1),
        ),
        ('scenario = "base"\nlabel = "outer"\nstrength = "certain"\nprior = "p"', "takes no prior", (5, 1)),
        ('scenario = "base"\nlabel = "outer"\nstrength = "certain"\nreason = "x"', "unknown key 'reason'", (5, 1)),
        ('label = "outer"\nstrength = "certain"', "needs scenario", (1, 1)),
    ],
)
def test_bad_judgments_are_located(table: str, message: str, where: tuple[int, int]) -> None:
    offset = STORY.count("\n")
    with pytest.raises(ml.SpecError) as caught:
        ml.parse_spec(STORY + "[[judgment]]\n" + table + "\n", "bad.toml")
    err = caught.value
    assert message in str(err)
    assert (err.file, err.line - offset, err.column) == ("bad.toml", *where)


TIGHT = """
[story]
actions = ["go"]
choices = ["c"]
[story.situations]
t = "training"
d = "deployment"

[[scenario]]
name = "everything-said"
constraints = [
    "ideal(t, go) or ideal(d, go) or exhibitable(t, go) or exhibitable(d, go) or fixes_feedback",
    "fixes_generalization or not fixes_generalization",
    "policy(t) == go and (feedback(t, go) or design(c, d, go)) and choice == c",
    "reason(t) == aligned <-> reason(d) == deceptive",
]

[[scenario]]
name = "one-world"
constraints = [
    "ideal(t, go) and ideal(d, go) and exhibitable(t, go) and exhibitable(d, go)",
    "fixes_feedback and fixes_generalization",
    "policy(t) == go and feedback(t, go) and design(c, d, go) and choice == c",
    "reason(t) == aligned and reason(d) == aligned",
]
"""


def tight(scenario: str) -> ml.Coherence:
    answers = "".join(
        f'[[judgment]]\nscenario = "{scenario}"\nlabel = "{label}"\nstrength = "possible"\n'
        for label in ("outer", "inner")
    )
    spec = ml.parse_spec(TIGHT + answers)
    return ml.coherence(spec.judgments, {s.name: s for s in spec.scenarios})


def test_possible_labels_get_different_worlds_when_every_unknown_is_mentioned() -> None:
    found = tight("everything-said")
    assert found.coherent is True
    (_, first), (_, second) = found.witnesses
    assert first != second


def test_no_guess_when_different_worlds_cannot_be_found() -> None:
    found = tight("one-world")
    assert found.coherent is None
    assert "different worlds" in found.reason


def test_ambiguous_then_inner_is_coherent_and_reproduced_by_the_deception_heuristic() -> None:
    r = only(judged("base ambiguous possible", "told-more inner certain"))
    assert str(r.judgments[0]) == "base: ambiguous (outer and inner possible, neither certain)"
    assert r.coherence.coherent is True
    assert "heuristic:deception" in r.fitting
    deception = next(a for a in r.assessments[0] if a.scheme == "heuristic:deception")
    assert deception.bearing is Bearing.BORNE_OUT
    forced = next(a for a in r.assessments[0] if a.scheme == "objective[counterfactual=spec_a]")
    assert forced.bearing is Bearing.CONTRADICTED
    assert forced.why.startswith("not ambiguous: forced")


def test_ambiguous_on_a_refinement_of_a_certain_answer_is_incoherent() -> None:
    r = only(judged("base inner certain", "told-more ambiguous possible"))
    assert r.coherence.coherent is False
    assert "no world of told-more is left to be outer" in r.coherence.proof
    assert "part of the answer 'told-more: ambiguous" in r.coherence.proof


def test_ambiguous_can_leave_out_its_strength_but_cannot_be_certain() -> None:
    base = STORY + '[[judgment]]\nscenario = "base"\nlabel = "ambiguous"\n'
    (judgment,) = ml.parse_spec(base, "answers.toml").judgments
    assert judgment.label is None
    assert judgment.strength is ml.Strength.POSSIBLE
    with pytest.raises(ml.SpecError, match="the answer 'ambiguous' is a possible one"):
        ml.parse_spec(base + 'strength = "certain"\n', "answers.toml")
