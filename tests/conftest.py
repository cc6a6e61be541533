from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

import misalign_logic as ml

SPECS = Path(__file__).resolve().parent.parent / "specs"

# Hypothesis profiles. "default" keeps the suite fast; "long" (HYPOTHESIS_PROFILE=long) runs ten times as
# many examples for a thorough search. Neither saves examples between runs, so a run is reproducible from
# the printed seed alone.
settings.register_profile("default", database=None, print_blob=True)
settings.register_profile("long", database=None, print_blob=True)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.load_profile(PROFILE)

#: How many times the default example counts the chosen profile runs.
SCALE = 10 if PROFILE == "long" else 1


def scaled(examples: int) -> int:
    """An example count for the chosen profile: as given by default, ten times as many under "long"."""
    return examples * SCALE


@pytest.fixture(scope="session")
def quiz() -> ml.Spec:
    return ml.load_spec(SPECS / "pop_quiz.toml")


@pytest.fixture(scope="session")
def s1(quiz: ml.Spec) -> ml.Scenario:
    return quiz.scenario("scenario-1")


@pytest.fixture(scope="session")
def s2(quiz: ml.Spec) -> ml.Scenario:
    return quiz.scenario("scenario-2")
