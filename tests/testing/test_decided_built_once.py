"""The decided generators build their strategies once per story, not per example.

hypothesis validates a strategy the first time it is drawn from; strategies made inside a ``@composite`` per
example were validated per example. Equal strategies draw the same, so building them once changes no example.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import hypothesis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.testing import decided

_DRAWS = 40


def _story(name: str) -> ml.Story:
    return ml.Story.build(name, {"t0": "training", "d0": "deployment", "d1": "deployment"}, ["a0", "a1"], ["c0"])


def _counted(made: list[str], name: str, make: Callable[..., Any]) -> Callable[..., Any]:
    """``make``, recording ``name`` in ``made`` at each call."""

    def build(*args: Any, **kwargs: Any) -> Any:
        made.append(name)
        return make(*args, **kwargs)

    return build


def test_a_story_gets_its_strategies_once() -> None:
    story = _story("built-once")
    assert mls.scenarios(story, decided=True) is mls.scenarios(story, decided=True)
    assert decided.decided_facts(story) is decided.decided_facts(story)


def test_drawing_many_examples_builds_few_strategies(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []

    for name in ("tuples", "sampled_from", "booleans", "none"):
        monkeypatch.setattr(decided.st, name, _counted(made, name, getattr(st, name)))
    stated = decided._STATED  # the group switch each group's draw starts from
    monkeypatch.setattr(decided, "_STATED", st.integers(0, 3).map(bool))
    monkeypatch.setattr(decided._STATED, "flatmap", _counted(made, "flatmap", decided._STATED.flatmap))
    for cached in (decided._stated, decided._group_values, decided._value):
        cached.cache_clear()
    drawn: list[ml.Scenario] = []

    @settings(max_examples=_DRAWS, derandomize=True, database=None, suppress_health_check=list(hypothesis.HealthCheck))
    @given(mls.scenarios(_story("counted"), decided=True))
    def draw(scenario: ml.Scenario) -> None:
        drawn.append(scenario)

    draw()
    assert stated is not None
    assert len(drawn) >= _DRAWS // 2
    # Per kind of group (two failing-point counts make two kinds of blueprint group) and per set of values:
    # a few dozen strategies at most, where building per example made several per draw.
    assert 0 < len(made) <= 30, sorted(made)


def test_drawing_many_stories_builds_no_strategy_per_story(monkeypatch: pytest.MonkeyPatch) -> None:
    from misalign_logic.testing import strategies as made_here

    made: list[str] = []

    for name in ("none", "sampled_from", "one_of", "just"):
        monkeypatch.setattr(made_here.st, name, _counted(made, name, getattr(st, name)))
    drawn: list[ml.Story] = []

    @settings(max_examples=_DRAWS, derandomize=True, database=None, suppress_health_check=list(hypothesis.HealthCheck))
    @given(mls.stories())
    def draw(story: ml.Story) -> None:
        drawn.append(story)

    draw()
    assert len(drawn) >= _DRAWS // 2
    assert any(story.facts for story in drawn)  # the optional facts were drawn
    assert made == []
