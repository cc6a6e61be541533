from __future__ import annotations

from pathlib import Path

import pytest

import misalign_logic as ml

SPECS = Path(__file__).resolve().parent.parent / "specs"


@pytest.fixture(scope="session")
def quiz() -> ml.Spec:
    return ml.load_spec(SPECS / "pop_quiz.toml")


@pytest.fixture(scope="session")
def s1(quiz: ml.Spec) -> ml.Scenario:
    return quiz.scenario("scenario-1")


@pytest.fixture(scope="session")
def s2(quiz: ml.Spec) -> ml.Scenario:
    return quiz.scenario("scenario-2")
