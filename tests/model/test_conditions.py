"""Label conditions parsed over a story (model/conditions.py): one parse shared by stories of one vocabulary."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.model import conditions
from misalign_logic.model.conditions import parsed_definitions
from misalign_logic.model.errors import SpecError
from misalign_logic.model.limits import Limits


def _story(name: str, **changes: object) -> ml.Story:
    given = {
        "situations": {"t1": "training", "d1": "deployment"},
        "actions": ["a1", "a2"],
        "choices": ["c1", "c2"],
    }
    given.update(changes)
    return ml.Story.build(name, **given)  # type: ignore[arg-type]


def test_stories_that_name_things_alike_share_one_parse() -> None:
    conditions.clear_definitions()
    scheme = ml.parse_scheme("objective[counterfactual=c1]")
    first = parsed_definitions(_story("one"), scheme, frozenset())
    assert parsed_definitions(_story("two"), scheme, frozenset()) is first
    # Another name for a situation the conditions do not write changes nothing they read.
    again = parsed_definitions(_story("three", situations={"x": "training", "d1": "deployment"}), scheme, frozenset())
    assert again is first
    conditions.clear_definitions()  # as after the registry's texts change
    assert parsed_definitions(_story("two"), scheme, frozenset()) is not first


def test_a_story_without_a_name_the_conditions_write_is_refused_after_one_that_has_it() -> None:
    conditions.clear_definitions()
    scheme = ml.parse_scheme("generalization[standard=reasons]")
    parsed_definitions(_story("with"), scheme, frozenset())
    with pytest.raises(SpecError, match="aligned"):
        parsed_definitions(_story("without", reasons=["honest", "scheming"]), scheme, frozenset())


def test_a_situation_of_another_phase_is_another_vocabulary() -> None:
    # Feedback is read only in training: the same condition parses over one story and is refused over the
    # other, where t1 is a deployment situation.
    conditions.clear_definitions()
    scheme = ml.Scheme.define("rewarded-t1", outer="feedback(t1, a1)", inner="not feedback(t1, a1)")
    parsed_definitions(_story("train"), scheme, frozenset())
    deployed = _story("deploy", situations={"t1": "deployment", "d1": "training"})
    with pytest.raises(SpecError, match="feedback"):
        parsed_definitions(deployed, scheme, frozenset())


def test_a_story_with_lower_limits_is_another_vocabulary() -> None:
    conditions.clear_definitions()
    scheme = ml.parse_scheme("objective")
    wide = {f"d{i}": "deployment" for i in range(6)} | {"t1": "training"}
    parsed_definitions(_story("roomy", situations=wide), scheme, frozenset())
    with pytest.raises(SpecError, match="grounding"):
        parsed_definitions(_story("tight", situations=wide, limits=Limits(grounding=3)), scheme, frozenset())
    # A limit no count of instances shows: the length of a condition's text.
    with pytest.raises(SpecError, match="characters long"):
        parsed_definitions(_story("short", situations=wide, limits=Limits(constraint_length=20)), scheme, frozenset())


def test_a_shared_parse_is_refused_to_a_larger_story_beyond_the_limits() -> None:
    # One vocabulary, one set of limits: a story with more situations than the limits allow one quantifier is
    # parsed over itself, and refused as it would be without the shared parse.
    conditions.clear_definitions()
    scheme = ml.parse_scheme("objective")
    limits = Limits(grounding=4)
    small = parsed_definitions(_story("small", limits=limits), scheme, frozenset())
    wide = {f"d{i}": "deployment" for i in range(6)} | {"t1": "training"}
    with pytest.raises(SpecError, match="grounding"):
        parsed_definitions(_story("wide", situations=wide, limits=limits), scheme, frozenset())
    assert parsed_definitions(_story("small again", limits=limits), scheme, frozenset()) is small


def _alarm_spec(declared: str, name: str, scheme: bool = True) -> ml.Spec:
    table = """
[scheme.alarmed]
outer = "exists s in deployment: alarm(s)"
inner = "not (exists s in deployment: alarm(s))"
"""
    return ml.parse_spec(
        f"""
[story]
name = "{name}"
actions = ["a1", "a2"]
choices = ["c1"]

[story.situations]
t1 = "training"
d1 = "deployment"

[story.facts]
alarm = {declared}

[[scenario]]
name = "s"
constraints = ["policy(d1) == a1"]
"""
        + (table if scheme else "")
    )


def test_a_fact_the_conditions_name_is_part_of_the_vocabulary() -> None:
    # The same condition over a boolean fact parses, over an amount of the same name it is refused.
    conditions.clear_definitions()
    boolean = _alarm_spec('{ kind = "world", args = ["Situation"] }', "bool")
    scheme = boolean.own_schemes[0]
    parsed_definitions(boolean.story, scheme, frozenset())
    amount = _alarm_spec('{ kind = "world", args = ["Situation"], range = [0, 3] }', "amount", scheme=False)
    with pytest.raises(SpecError, match="alarm"):
        parsed_definitions(amount.story, scheme, frozenset())


#: A scheme whose conditions read whether a scenario mentions symbols that are not about cognition.
_SAYS = ml.Scheme.define("says", outer="mentions(policy) and not mentions(reason)", inner="mentions(reason)")


def test_scenarios_that_mention_what_the_conditions_do_not_read_share_one_parse() -> None:
    conditions.clear_definitions()
    story = _story("one")
    scheme = ml.parse_scheme("objective[counterfactual=c1]")
    first = parsed_definitions(story, scheme, frozenset({"policy"}))
    assert parsed_definitions(_story("two"), scheme, frozenset({"reason", "feedback"})) is first
    said = parsed_definitions(story, _SAYS, frozenset({"policy"}))
    assert parsed_definitions(_story("two"), _SAYS, frozenset({"policy", "ideal"})) is said
    assert parsed_definitions(_story("two"), _SAYS, frozenset({"ideal"})) != said


@settings(max_examples=60, deadline=None)
@given(st.lists(mls.stories(bound_names=True), min_size=2, max_size=4), st.data())
def test_a_shared_parse_is_the_parse_of_the_story_itself(stories: list[ml.Story], data: st.DataObject) -> None:
    conditions.clear_definitions()
    for story in stories:
        for scheme in (*ml.default_schemes(story), _SAYS):
            # What the scenario mentions: any of the story's symbols (a parse reads some of them).
            mentioned = data.draw(st.frozensets(st.sampled_from(sorted(story.symbols()))))
            shared = _outcome(parsed_definitions, story, scheme, mentioned)
            assert shared == _outcome(conditions._definitions, story, scheme, mentioned)


def _outcome(parse: Callable[..., object], *args: object) -> object:
    """What ``parse(*args)`` gives, or the text of the error it raises."""
    try:
        return parse(*args)
    except SpecError as refused:
        return str(refused)
