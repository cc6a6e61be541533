"""The benchmark's instruments and peer: the solver clock counts real checks, the clingo peer agrees."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from misalign_logic import Analysis, Scenario, Status, classify
from misalign_logic.solve.backend import clock
from misalign_logic.solve.encoding import gc_paused

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))

import family


def test_clock_counts_the_checks_of_a_classify() -> None:
    scenario = family.scenario(3)
    with clock() as inside:
        verdict = classify(scenario, "objective", explain=False)
    assert verdict.status is Status.AMBIGUOUS
    assert inside.checks >= 3  # a label, another label, then no third
    assert inside.check > 0
    assert inside.parse > 0
    assert inside.solver >= inside.check


def test_clock_is_off_outside_the_block() -> None:
    with clock() as inside:
        pass
    classify(family.scenario(2), "root-cause", explain=False)
    assert inside.checks == 0


@pytest.mark.parametrize("n", [1, 2, 5])
def test_clingo_peer_finds_the_same_labels(n: int) -> None:
    import peer  # clingo is a test dependency (pyproject.toml): without it this fails rather than skips

    analysis = Analysis(family.scenario(n), explain=False)
    for scheme in family.SCHEMES:
        labels = {label.value for label in analysis.classify(scheme).labels}
        assert peer.labels(scheme, n) == labels, scheme


def test_witness_worlds_read_enum_atoms_by_name() -> None:
    verdict = Analysis(family.scenario(2), explain=False).classify("heuristic:deception")
    assert verdict.status is Status.AMBIGUOUS
    reasons = {w.label.value: w.world["reason(t1)"] for w in verdict.witnesses}
    assert reasons == {"inner": "deceptive", "outer": "aligned"}
    assert all(w.world["policy(d0)"] == "a1" for w in verdict.witnesses)


def test_witness_worlds_read_every_value_of_an_enum_atom() -> None:
    # Reading stops at the one-hot value that is true: the last value, and an atom left open, read right too.
    stated = [t for t in family.constraint_texts(2) if not t.startswith("policy(d")]
    texts = [*stated, "policy(d1) == a3", "policy(d0) != a0 and policy(d0) != a1"]
    scenario = Scenario.from_strings(family.story(2), "late values", texts)
    verdict = Analysis(scenario, explain=False).classify("heuristic:deception")
    assert verdict.status is Status.AMBIGUOUS
    for witness in verdict.witnesses:
        assert witness.world["policy(d1)"] == "a3"
        assert witness.world["policy(d0)"] in {"a2", "a3"}
    reasons = {w.label.value: w.world["reason(t1)"] for w in verdict.witnesses}
    assert reasons["inner"] == "deceptive"
    assert reasons["outer"] == "aligned"


@pytest.mark.parametrize("enabled", [True, False])
def test_grounding_restores_the_garbage_collector(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        Analysis(family.scenario(2), explain=False).classify("objective")  # a fresh grounding, not a cached one
        assert gc.isenabled() is enabled
        paused = []

        def fail_inside() -> None:
            with gc_paused():
                paused.append(gc.isenabled())
                raise RuntimeError

        with pytest.raises(RuntimeError):
            fail_inside()
        assert paused == [False]
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()


def _script(*args: str) -> str:
    bench = Path(__file__).parent.parent / "benchmarks"
    done = subprocess.run(
        [sys.executable, str(bench / args[0]), *args[1:]], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_benchmark_runs_and_its_peers_agree() -> None:
    out = _script("run.py", "--mode", "family", "--sizes", "1", "--repeats", "1")
    assert "DISAGREES" not in out
    assert out.count("ambiguous") + out.count("forced") == len(family.SCHEMES)


def test_floor_benchmark_runs() -> None:
    out = _script("floor.py", "--n", "2", "--repeats", "1")
    assert "C API / text" in out
    assert out.count("x the library's way") == 5
