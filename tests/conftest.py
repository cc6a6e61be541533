from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import hypothesis
import pytest
from hypothesis import settings

import misalign_logic as ml
from misalign_logic.testing.bruteforce import TooLarge

SPECS = Path(__file__).resolve().parent.parent / "specs"


def lab_story(first: str) -> str:
    """A small story of its own (the judgment and prior tests share it), whose first scenario is ``first``.

    Two situations, two actions, two readings of the design objective, a cognition and a world fact; the
    first scenario says the model takes the risky action at launch, which reading ``spec_a`` rewards.
    """
    return f"""
[story]
actions = ["safe", "risky"]
choices = ["spec_a", "spec_b"]
[story.situations]
drill = "training"
launch = "deployment"
[story.facts]
planned = "cognition"
weather = {{ kind = "world", values = ["calm", "storm"] }}

[[scenario]]
name = "{first}"
constraints = [
    "forall s: ideal(s, safe) and not ideal(s, risky)",
    "policy(launch) == risky",
    "design(spec_a, launch, risky)",
    "not design(spec_b, launch, risky)",
]
"""


# Hypothesis profiles. "default" keeps the suite fast; "long" (HYPOTHESIS_PROFILE=long) runs ten times as
# many examples for a thorough search. Neither saves examples between runs, so a run is reproducible from
# the printed seed alone.
settings.register_profile("default", database=None, print_blob=True)
settings.register_profile("long", database=None, print_blob=True)
# Under continuous integration (CI set) the default run is derandomized: the same examples every run, so a
# result does not depend on the draw. Random exploration stays the default on a developer's machine.
settings.register_profile("ci", database=None, print_blob=True, derandomize=True)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
settings.load_profile(PROFILE)

#: How many times the default example counts the chosen profile runs.
SCALE = 10 if PROFILE == "long" else 1


def scaled(examples: int) -> int:
    """An example count for the chosen profile: as given by default, ten times as many under "long"."""
    return examples * SCALE


T = TypeVar("T")


def enumerated(decide: Callable[..., T], *args: object) -> T:
    """``decide(*args)`` by the brute-force checker; a generated story too large to enumerate is discarded.

    Such stories are rare (constraints over every situation and action leave too many partial worlds); they
    are not counted as agreeing, only left out, wherever a generated example meets the checker.
    """
    try:
        return decide(*args)
    except TooLarge:
        hypothesis.reject()


@pytest.fixture(scope="session")
def quiz() -> ml.Spec:
    return ml.load_spec(SPECS / "pop_quiz.toml")


@pytest.fixture(scope="session")
def s1(quiz: ml.Spec) -> ml.Scenario:
    return quiz.scenario("scenario-1")


@pytest.fixture(scope="session")
def s2(quiz: ml.Spec) -> ml.Scenario:
    return quiz.scenario("scenario-2")
