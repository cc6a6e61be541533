"""The backend's model reads: uncompacted, and z3's global setting left as the caller had it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import z3

from misalign_logic import Scenario, Story, classify
from misalign_logic.model.verdicts import Status
from misalign_logic.solve import backend
from misalign_logic.solve.classify import isolated


def _ambiguous() -> Scenario:
    story = Story.build("compact", {"t": "training", "d": "deployment"}, ["good", "bad"], ["c"])
    return Scenario.from_strings(story, "open", ["policy(d) == bad"])


@pytest.fixture
def compact_setting() -> Iterator[None]:
    was = z3.get_param("model.compact")
    try:
        yield
    finally:
        z3.set_param("model.compact", was)


@pytest.mark.parametrize("setting", ["true", "false"])
@pytest.mark.usefixtures("compact_setting")
def test_the_global_setting_is_left_as_the_caller_had_it(setting: str) -> None:
    z3.set_param("model.compact", setting)
    with isolated():
        verdict = classify(_ambiguous(), "objective", explain=True)
    assert verdict.status is Status.AMBIGUOUS
    assert verdict.witnesses
    assert z3.get_param("model.compact") == setting


@pytest.mark.usefixtures("compact_setting")
def test_models_are_read_uncompacted(monkeypatch: pytest.MonkeyPatch) -> None:
    z3.set_param("model.compact", "true")
    seen: list[str] = []
    read = z3.Solver.model

    def spy(solver: z3.Solver) -> z3.ModelRef:
        seen.append(z3.get_param("model.compact"))
        return read(solver)

    monkeypatch.setattr(z3.Solver, "model", spy)
    with isolated():
        classify(_ambiguous(), "objective", explain=True)
    assert seen
    assert set(seen) == {"false"}
    assert z3.get_param("model.compact") == "true"


@pytest.mark.usefixtures("compact_setting")
def test_a_failed_read_still_restores_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    z3.set_param("model.compact", "true")

    def failing(solver: z3.Solver) -> z3.ModelRef:
        raise z3.Z3Exception("model is not available")

    monkeypatch.setattr(z3.Solver, "model", failing)
    solver = z3.SimpleSolver()
    solver.check()
    with pytest.raises(z3.Z3Exception):
        backend._uncompacted(solver)
    assert z3.get_param("model.compact") == "true"
