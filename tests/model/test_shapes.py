"""Constraints read by shape (each distinct shape parsed once) give what parsing each one alone gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from misalign_logic import Limits, SpecError, Story
from misalign_logic.model import shapes
from misalign_logic.model.parse import Origin, parse_constraint
from misalign_logic.model.shapes import ShapeReader, clear_shapes
from misalign_logic.strategies import facts, stories

# Constants named like the variables constraints bind (s, t, a, x, c), so that a template's holes sit
# next to binders of the same spelling.
STORY = Story.build(
    "names",
    {"s": "training", "t": "deployment", "u": "training", "v": "deployment"},
    ["a", "x", "b"],
    ["c", "k"],
    facts={"mood": ("cognition", ["calm", "sad"]), "knew": "cognition"},
)

TEXTS = [
    "policy(s) == a",
    "policy(u) == x",
    "policy(t) != b",
    "design(c, t, a) == ideal(t, a)",
    "design(k, v, x) == ideal(v, x)",
    "design(k, v, x) == ideal(t, x)",
    "forall a2: feedback(s, a2) == ideal(s, a2)",
    "forall a2: feedback(u, a2) == ideal(u, a2)",
    "exists y in Action: design(c, t, y) and not ideal(t, y)",
    "exists y in Action: design(k, v, y) and not ideal(v, y)",
    "forall z in training: policy(z) == a -> reason(z) == aligned",
    "forall z in training: policy(z) == x -> reason(z) == deceptive",
    "mood == calm or knew",
    "mood == sad or knew",
    "(policy(s) == a) <-> (policy(u) == a)",
    "(policy(u) == b) <-> (policy(s) == b)",
    "reason(s) == deceptive",
    "reason(u) == aligned",
    "failure(t)",
    "failure(v)",
]


def test_shapes_parse_as_each_constraint_alone() -> None:
    reader = ShapeReader(STORY)
    for text in TEXTS:
        assert reader.parse(text) == parse_constraint(text, STORY), text


def test_a_shape_of_another_phase_gets_the_error_it_gets_alone() -> None:
    """``feedback`` is read only in training: a deployment situation in a training constraint's shape."""
    reader = ShapeReader(STORY)
    reader.parse("feedback(s, a) == true", Origin("f.toml", 3, 5))
    with pytest.raises(SpecError) as alone:
        parse_constraint("feedback(t, a) == true", STORY, Origin("f.toml", 4, 5))
    with pytest.raises(SpecError) as shaped:
        reader.parse("feedback(t, a) == true", Origin("f.toml", 4, 5))
    assert str(shaped.value) == str(alone.value)
    assert "feedback is only given in training situations" in str(shaped.value)


def test_a_shape_with_constants_of_another_sort_gets_the_error_it_gets_alone() -> None:
    reader = ShapeReader(STORY)
    reader.parse("policy(s) == a")
    with pytest.raises(SpecError) as shaped:
        reader.parse("policy(a) == s")
    with pytest.raises(SpecError) as alone:
        parse_constraint("policy(a) == s", STORY)
    assert str(shaped.value) == str(alone.value)


def test_a_constraint_beyond_the_story_length_limit_is_refused() -> None:
    story = Story.build(
        "short", {"s": "training", "t": "deployment"}, ["a"], ["c"], limits=Limits(constraint_length=20)
    )
    reader = ShapeReader(story)
    reader.parse("policy(s) == a")
    with pytest.raises(SpecError, match="constraint is 21 characters long; the limit is 20"):
        reader.parse("policy(t) == a       ")


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_drawn_constraints_parse_as_each_alone(data: st.DataObject) -> None:
    story = data.draw(stories())
    texts = data.draw(st.lists(facts(story), min_size=1, max_size=12))
    reader = ShapeReader(story)
    for text in texts:
        assert reader.parse(text) == parse_constraint(text, story), text


def _outcome(reader: ShapeReader | None, text: str, story: Story) -> object:
    """What reading ``text`` gives (with ``reader``, or alone), or the text of the error it raises."""
    try:
        return reader.parse(text) if reader is not None else parse_constraint(text, story)
    except SpecError as refused:
        return str(refused)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_shape_read_over_another_story_parses_as_the_constraint_alone(data: st.DataObject) -> None:
    # Templates are shared between stories that read a shape's words alike; each story's reading must still be
    # what parsing the constraint over that story gives, error or tree, also for another story's constraints.
    clear_shapes()
    drawn = data.draw(st.lists(stories(bound_names=data.draw(st.booleans())), min_size=2, max_size=3))
    texts = [t for story in drawn for t in data.draw(st.lists(facts(story), min_size=1, max_size=6))]
    for story in drawn:
        reader = ShapeReader(story)
        for text in texts:
            assert _outcome(reader, text, story) == _outcome(None, text, story), text


def test_a_template_shared_with_a_larger_story_is_refused_beyond_its_limits() -> None:
    clear_shapes()
    limits = Limits(grounding=4)
    small = Story.build("small", {"s": "training", "t": "deployment"}, ["a"], ["c"], limits=limits)
    wide = Story.build(
        "wide", {f"d{i}": "deployment" for i in range(6)} | {"s": "training"}, ["a"], ["c"], limits=limits
    )
    text = "forall z in deployment: policy(z) == a"
    assert ShapeReader(small).parse(text) == parse_constraint(text, small)
    with pytest.raises(SpecError, match="grounding"):
        ShapeReader(wide).parse(text)


def test_a_template_is_shared_with_a_story_that_reads_its_words_alike() -> None:
    clear_shapes()
    one = Story.build("one", {"s": "training", "t": "deployment"}, ["a", "b"], ["c"])
    two = Story.build("two", {"u": "training", "v": "deployment"}, ["a", "b"], ["c"])
    ShapeReader(one).parse("forall z in deployment: policy(z) == a")
    assert len(shapes._SHARED) == 1
    assert ShapeReader(two).parse("forall z in deployment: policy(z) == b") == parse_constraint(
        "forall z in deployment: policy(z) == b", two
    )
    assert len(shapes._SHARED) == 1  # read from the shared template, not parsed again
