"""A quantifier's body lowered once as a shape (solve/ground.py; solve/nodes.py ``Shape``): its instances, filled
in, are the nodes the writers make without it, and the printer writes them alike, folded or not."""

from __future__ import annotations

from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic.model.conditions import parsed_definitions
from misalign_logic.model.parse import parse_constraint
from misalign_logic.solve import ground
from misalign_logic.solve.compile import Folding, Inconsistent
from misalign_logic.solve.encoding import Encoder
from misalign_logic.solve.ground import Lowering
from misalign_logic.solve.nodes import Ground, Instances, Node
from misalign_logic.testing import strategies
from tests.solve.test_classify import STORY
from tests.solve.test_encoding import _encoder


def _structure(n: Any) -> Any:
    """A ground formula as nested tuples, a quantifier's instances spelled out: equal for equal formulas."""
    if isinstance(n, str | int | bool) or n is None:
        return n
    if isinstance(n, tuple):
        return tuple(_structure(x) for x in n)
    if isinstance(n, Instances):
        return ("Instances", n.every, _structure(n.instances))
    assert isinstance(n, Node), n
    return (type(n).__name__, *(_structure(getattr(n, s)) for s in type(n).__slots__))


def _written(scenario: ml.Scenario, scheme: ml.Scheme) -> list[tuple[Any, ...]]:
    """Per constraint and per label condition of ``scheme``: its ground formula, its text, the atoms it reads
    and the declarations it needs, over a fresh lowering, folding what the scenario states."""
    story = scenario.story
    low = Lowering(story)
    fold: Folding | None = Folding(low)
    for i, c in enumerate(scenario.constraints):
        fold.split(f"c#{i}", c.expr)  # type: ignore[union-attr]
    try:
        fold.close()  # type: ignore[union-attr]
    except Inconsistent:
        fold = None
    encoder = Encoder(story, low)
    encoder.folding = fold
    exprs = [c.expr for c in scenario.constraints]
    exprs += [e for _, e in parsed_definitions(story, scheme.with_reading("literal"), scenario.mentions)]
    out = []
    for e in exprs:
        node = low.lower(e)
        out.append((_structure(node), encoder.text(node), encoder.take_reads(), encoder.declarations()))
    return out


def _unshaped() -> Any:
    """No body has a shape: every instance is lowered by the writers, as nodes, and printed by walking them."""
    return mock.patch.object(ground, "_flat", return_value=False)


def _shaped() -> Any:
    """Every quantifier whose body has a shape is lowered through it, however few its instances (a story as
    small as the drawn ones has fewer than the lowering's threshold)."""
    return mock.patch.object(ground, "SHAPED_FROM", 1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), bound=st.booleans())
def test_shaped_instances_are_the_writers_instances_and_are_written_alike(data: st.DataObject, bound: bool) -> None:
    # Names that collide with the variables schemes and constraints bind, every operator of the language.
    story = data.draw(strategies.stories(bound_names=bound, vocabulary=not bound))
    scenario = data.draw(strategies.scenarios(story, max_constraints=5))
    scheme = data.draw(strategies.schemes(story))
    with _shaped():
        shaped = _written(scenario, scheme)
    with _unshaped():
        walked = _written(scenario, scheme)
    assert shaped == walked
    assert _written(scenario, scheme) == walked  # the lowering's own choice, by the number of instances


@_shaped()
def test_a_body_of_connectives_and_atoms_has_a_shape_and_others_do_not() -> None:
    low = Lowering(STORY)

    def node(text: str) -> Ground:
        return low.lower(parse_constraint(text, STORY))

    shaped = node("forall a: policy(train) == a -> (feedback(train, a) <-> ideal(train, a) and training(train))")
    assert isinstance(shaped, Instances)
    assert shaped.shape is not None
    assert shaped._instances is None  # made only when a reader asks for them
    assert len(shaped.rows) == len(shaped.instances) == len(STORY.actions)
    assert shaped._instances is not None
    # A case split is one leaf: its node fills the hole, and the printer writes it, with what it reads, per row.
    split = node("exists s: not ideal(s, policy(s)) and design(c1, s, policy(s))")
    assert isinstance(split, Instances)
    assert split.shape is not None
    assert [type(leaf).__name__ for leaf in split.rows[0]] == ["Split", "Split"]
    within = node("forall s: exists a: ideal(s, a)")  # a quantifier within (amounts have no shape either)
    assert isinstance(within, Instances)
    assert within.shape is None


def _printed(stated: str, text: str) -> tuple[str, frozenset[object], str]:
    encoder = _encoder(stated)
    encoder.take_reads()
    written = encoder.formula(parse_constraint(text, STORY))
    return written, encoder.take_reads(), encoder.declarations()


def test_a_body_with_few_instances_in_all_is_lowered_without_its_shape() -> None:
    text = "forall a: feedback(train, a) == ideal(train, a)"
    small = Lowering(STORY).lower(parse_constraint(text, STORY))
    assert isinstance(small, Instances)
    assert small.shape is None
    wide = ml.Story.build("wide", {"train": "training"}, [f"a{i}" for i in range(ground.SHAPED_FROM)], ["c1"])
    large = Lowering(wide).lower(parse_constraint(text, wide))
    assert isinstance(large, Instances)
    assert large.shape is not None
    # A body lowered under many bindings of an outer variable, a few instances each, is shaped once it has had
    # enough in all.
    many = ml.Story.build("many", {f"t{i}": "training" for i in range(ground.SHAPED_FROM)}, ["good", "bad"], ["c1"])
    outer = Lowering(many).lower(parse_constraint("forall t in training: not (forall a: feedback(t, a))", many))
    assert isinstance(outer, Instances)
    inner = [i.arg for i in outer.instances]  # type: ignore[attr-defined]
    assert inner[0].shape is None
    assert inner[-1].shape is not None


@_shaped()
def test_instances_written_alike_still_read_and_declare_their_own_atoms() -> None:
    # Every instance folds to true here, so the printer writes the first and reuses its text for the others;
    # a witness world shows every atom the formula reads, and the atoms the solver is told of are declared.
    stated = "forall a: feedback(train, a) == ideal(train, a)"
    text = "forall a: feedback(train, a) == ideal(train, a) or policy(test) == a"
    written, reads, declared = _printed(stated, text)
    assert written == "true"
    for action in STORY.actions:
        assert {f"feedback(train, {action})", f"ideal(train, {action})"} <= reads
    assert "policy(test)" in reads
    assert declared.count("(declare-const w") == 4  # one atom per alias, and policy(test)'s one-hot values
    with _unshaped():
        assert _printed(stated, text) == (written, reads, declared)
