"""Generated scenarios are valid over any valid story, even one whose names are the strategies' variables."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies


@pytest.mark.parametrize(
    ("situations", "actions", "choices"),
    [
        ({"t1": "training", "d1": "deployment"}, ["a", "b"], ["c1"]),
        ({"t1": "training", "d1": "deployment"}, ["x", "y"], ["c"]),
        ({"a": "training", "s_": "deployment", "s": "training"}, ["t", "a_"], ["c", "c_"]),
    ],
)
def test_scenarios_work_over_a_story_that_uses_the_variable_names(
    situations: dict[str, str], actions: list[str], choices: list[str]
) -> None:
    story = ml.Story.build("names", situations, actions, choices)

    @settings(max_examples=150, suppress_health_check=list(HealthCheck), deadline=None)
    @given(strategies.scenarios(story, max_constraints=3), st.data())
    def generated(scenario: ml.Scenario, data: st.DataObject) -> None:
        assert scenario.story == story

    generated()
