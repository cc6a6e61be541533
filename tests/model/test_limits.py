"""The ``Limits`` a caller raises (or lowers), and the story that keeps them through later checks."""

from __future__ import annotations

import pytest

from misalign_logic import Limits, LimitsError, Scenario, SpecError, Story, heard, parse_spec
from misalign_logic.model.limits import DEFAULT_LIMITS, using_limits
from misalign_logic.model.scenario import instances
from misalign_logic.spec.limits import MAX_ATOMS, MAX_GROUNDING, MAX_SITUATIONS, MAX_SPEC_BYTES

SPEC = """[story]
actions = [{actions}]
choices = ["c"]
[story.situations]
s = "training"
t = "deployment"
[[scenario]]
name = "one"
constraints = ["policy(t) == a1"]
"""


def spec(actions: int) -> str:
    return SPEC.format(actions=", ".join(f'"a{i}"' for i in range(actions)))


@pytest.mark.parametrize("value", [0, -1, True, 2.5, "9", 10**13])
def test_a_limit_is_a_positive_whole_number(value: object) -> None:
    with pytest.raises(LimitsError, match="limit atoms must be a positive whole number"):
        Limits(atoms=value)  # type: ignore[arg-type]


def test_the_defaults_are_the_documented_limits() -> None:
    assert (MAX_SITUATIONS, MAX_ATOMS, MAX_GROUNDING, MAX_SPEC_BYTES) == (5_000, 40_000, 100_000, 5_000_000)
    assert all(Limits().of(name) == value for name, value in DEFAULT_LIMITS.items())
    assert Limits(atoms=7).over(Limits(atoms=9, situations=3)).given() == {"atoms": 7, "situations": 3}


def test_the_argument_raises_a_limit_and_its_absence_refuses() -> None:
    with pytest.raises(SpecError, match="the story has 65 actions; the limit is 64"):
        parse_spec(spec(65))
    loaded = parse_spec(spec(65), limits=Limits(actions=65))
    assert len(loaded.story.actions) == 65
    assert loaded.story.limits.of("actions") == 65
    with using_limits(Limits(actions=65)):
        assert len(parse_spec(spec(65)).story.actions) == 65


def test_a_limits_argument_of_another_type_is_refused() -> None:
    with pytest.raises(LimitsError, match=r"limits must be a misalign_logic\.Limits, not dict"):
        parse_spec(spec(2), limits={"actions": 65})  # type: ignore[arg-type]


def test_the_story_keeps_its_limits_for_refinements_and_readings() -> None:
    situations = {"s": "training", "t": "deployment"}
    story = Story.build("kept", situations, ["a", "x"], ["c"], limits=Limits(total_grounding=3))
    base = Scenario.from_strings(story, "base", ["forall y: ideal(s, y)"])
    with pytest.raises(SpecError) as refused:
        base.refine("more", ["forall y: ideal(t, y)"])
    assert "more than 3 instances in all (this one reaches 4)" in str(refused.value)
    assert "--limits total_grounding=4" in str(refused.value)
    with pytest.raises(SpecError, match="more than 3 instances in all"):  # the reading adds unsaid defaults
        heard(base, "gricean")
    roomy = Story.build("kept", situations, ["a", "x"], ["c"], limits=Limits(total_grounding=50))
    assert heard(Scenario.from_strings(roomy, "base", ["forall y: ideal(s, y)"]), "gricean").story.limits == Limits(
        total_grounding=50
    )


def test_a_story_with_raised_limits_is_written_with_them() -> None:
    loaded = parse_spec(spec(65), limits=Limits(actions=65, spec_bytes=10**7))
    written = repr(loaded.scenarios[0])
    assert written.endswith("\n[check.limits]\nactions = 65")
    assert "spec_bytes" not in written
    assert parse_spec(written).scenarios == loaded.scenarios


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("policy(t1) == a0", 1),
        ("forall s: ideal(s, a0)", 4),
        ("forall s in training: forall a: feedback(s, a) == ideal(s, a)", 2 * 3),
        ("policy(t1) == a0 and (forall s: forall a: ideal(s, a))", 4 * 3),
        ("not (forall s in deployment: ideal(s, a1)) or policy(t1) == a1", 2),
        ("(forall s: ideal(s, a0)) == (exists a: ideal(d1, a))", 4),
        ("forall s: (exists a: ideal(s, a)) -> (forall a: forall t: ideal(t, a))", 4 * 12),
    ],
)
def test_a_constraint_counts_the_instances_its_quantifiers_make(text: str, count: int) -> None:
    # Each quantifier multiplies its body's count by its domain's size; a connective or an equality counts as
    # its largest part (the measure total_grounding bounds).
    story = Story.build(
        "count", {"t1": "training", "t2": "training", "d1": "deployment", "d2": "deployment"}, ["a0", "a1", "a2"], ["c"]
    )
    scenario = Scenario.from_strings(story, "one", [text])
    assert instances(scenario.constraints[0].expr, story) == count
