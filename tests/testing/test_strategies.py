"""The hypothesis strategies: what they generate, that it reads back, and that failures shrink small."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import hypothesis
from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.model.expr import App, Compare, Quantifier, render
from misalign_logic.model.parse import parse_constraint
from tests.conftest import scaled


@settings(max_examples=scaled(100), deadline=None)
@given(mls.stories())
def test_stories_are_small(story: ml.Story) -> None:
    assert 1 <= len(story.training) <= 2
    assert 1 <= len(story.deployment) <= 2
    assert 2 <= len(story.actions) <= 3
    assert 1 <= len(story.choices) <= 2
    assert len([f for f in story.facts if f.kind is ml.FactKind.COGNITION]) <= 1
    assert len([f for f in story.facts if f.kind is ml.FactKind.WORLD]) <= 1


@settings(max_examples=scaled(100), deadline=None)
@given(mls.scenarios())
def test_scenarios_read_back_from_their_text(scenario: ml.Scenario) -> None:
    assert 1 <= len(scenario.constraints) <= 4
    for c in scenario.constraints:
        assert parse_constraint(c.text, scenario.story) == c.expr
        # Rendering the parsed expression gives text that parses to the same expression.
        assert parse_constraint(render(c.expr), scenario.story) == c.expr


@settings(max_examples=scaled(50), deadline=None)
@given(mls.scenarios().flatmap(lambda base: st.tuples(st.just(base), mls.refinements(base))))
def test_refinements_extend_their_base(pair: tuple[ml.Scenario, ml.Scenario]) -> None:
    base, refined = pair
    assert refined.extends == base.name
    assert refined.constraints[: len(base.constraints)] == base.constraints
    assert ml.relate(refined, base).kind in (ml.RelationKind.REFINES, ml.RelationKind.EQUIVALENT)


@settings(max_examples=scaled(50), deadline=None)
@given(
    mls.stories().flatmap(
        lambda story: mls.world_facts(story).map(lambda texts: ml.Scenario.from_strings(story, "w", texts))
    )
)
def test_world_facts_never_clash_and_never_mention_cognition(scenario: ml.Scenario) -> None:
    assert not scenario.mentions_cognition
    assert ml.classify(scenario, "objective", explain=False).status is not ml.Status.INCONSISTENT


@settings(max_examples=10, deadline=None)
@given(st.from_type(ml.Scenario), st.from_type(ml.Scheme), st.from_type(ml.Story))
def test_types_are_registered_through_the_entry_point(
    scenario: ml.Scenario, scheme: ml.Scheme, story: ml.Story
) -> None:
    assert isinstance(scenario, ml.Scenario)
    assert isinstance(scheme, ml.Scheme)
    assert isinstance(story, ml.Story)


#: One situation per phase, two actions, no facts: where a condition is common enough to find fast.
SMALL = mls.stories(max_training=1, max_deployment=1, max_actions=2, with_facts=False)


def _minimal(condition: Callable[[ml.Scenario], bool]) -> ml.Scenario:
    config = settings(database=None, max_examples=1000, deadline=None)
    return hypothesis.find(SMALL.flatmap(mls.scenarios), condition, settings=config, random=random.Random(0))


def test_a_forced_failure_shrinks_to_one_short_fact() -> None:
    found = _minimal(lambda s: ml.classify(s, "heuristic:training-vs-model", explain=False).forced is ml.Label.OUTER)
    assert [c.text for c in found.constraints] == ["not ideal(farm, policy(farm))"]


def test_an_ambiguous_scenario_shrinks_to_a_short_readable_one() -> None:
    found = _minimal(lambda s: ml.classify(s, "objective", explain=False).labels == {ml.Label.OUTER, ml.Label.INNER})
    texts = [c.text for c in found.constraints]
    assert len(texts) <= 2
    assert all(len(t) <= 40 for t in texts), texts


def test_an_inconsistent_scenario_shrinks_to_a_two_fact_clash() -> None:
    found = _minimal(lambda s: ml.classify(s, "objective", explain=False).status is ml.Status.INCONSISTENT)
    assert len(found.constraints) <= 2, [c.text for c in found.constraints]


def _two_atoms(op: str) -> Callable[[str], bool]:
    """Whether a constraint text is a quantifier over one comparison ``op`` between two applications."""
    return lambda text: bool(re.fullmatch(rf"(forall|exists) [^:]+: \w+\([^()]*\) {op} \w+\([^()]*\)", text))


def test_facts_compare_two_atoms_under_a_quantifier_both_ways() -> None:
    config = settings(database=None, max_examples=2000, deadline=None)
    story = hypothesis.find(SMALL, lambda _: True, settings=config, random=random.Random(0))
    for op in ("==", "!="):
        found = hypothesis.find(mls.facts(story), _two_atoms(op), settings=config, random=random.Random(0))
        expr = parse_constraint(found, story)
        assert isinstance(expr, Quantifier)
        assert isinstance(expr.body, Compare)
        assert (expr.body.op, type(expr.body.left), type(expr.body.right)) == (op, App, App)


@given(mls.scenarios(max_constraints=5))
@settings(max_examples=60, deadline=None)
def test_a_drawn_scenario_shows_itself_as_a_spec_file_that_loads_back(scenario: ml.Scenario) -> None:
    # What a falsifying example prints is a file `misalign-logic check` accepts: the story, then the scenario.
    again = ml.parse_spec(repr(scenario), "falsifying.toml")
    assert again.story == scenario.story
    (alone,) = again.scenarios
    assert [c.text for c in alone.constraints] == [c.text for c in scenario.constraints]
    verdict = ml.classify(alone, "generalization[standard=outcomes]", explain=False)
    assert verdict.labels == ml.classify(scenario, "generalization[standard=outcomes]", explain=False).labels
