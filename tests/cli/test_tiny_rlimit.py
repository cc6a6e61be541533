"""Every long-running command under a tiny ``--rlimit``: what did not finish is reported unknown, never as an
answer the unlimited run would contradict."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SPECS

QUIZ = str(SPECS / "pop_quiz.toml")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "taxonomies"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "misalign_logic", *args], capture_output=True, text=True, timeout=300, check=False
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("rlimit", ["1", "300"])
def test_atlas_cells_are_the_unlimited_ones_or_unknown(rlimit: str) -> None:
    def cells(*more: str) -> list[dict[str, object]]:
        rows = json.loads(_run("atlas", QUIZ, "--format", "json", *more).stdout)["rows"]
        return [cell for row in rows for cell in row["cells"]]

    full, tight = cells(), cells("--rlimit", rlimit)
    assert any(c["status"] == "unknown" for c in tight)
    assert all(t == f or t["status"] == "unknown" for t, f in zip(tight, full, strict=True))


def test_judge_fitting_schemes_under_a_tiny_rlimit_are_a_subset_and_the_rest_undecided() -> None:
    def respondents(*more: str) -> list[dict[str, list[str]]]:
        return json.loads(_run("judge", QUIZ, "--format", "json", *more).stdout)["judgments"]  # type: ignore[no-any-return]

    for full, tight in zip(respondents(), respondents("--rlimit", "300"), strict=True):
        assert set(tight["fitting_schemes"]) <= set(full["fitting_schemes"])
        assert set(full["fitting_schemes"]) - set(tight["fitting_schemes"]) <= set(tight["undecided_schemes"])
    assert any(r["undecided_schemes"] for r in respondents("--rlimit", "300"))


def test_quiz_under_a_tiny_rlimit_says_the_solver_gave_up() -> None:
    done = _run("quiz", "--rlimit", "1")
    assert "the solver gave up" in done.stdout + done.stderr
    assert "[[scenario]]" not in done.stdout


def test_audit_under_a_tiny_limit_says_it_did_not_finish() -> None:
    done = _run("audit", str(EXAMPLES / "overlapping.toml"), "--scope", "1", "--rlimit", "1")
    assert done.returncode == 1
    assert "audit: unknown: the solver gave up before the audit finished" in done.stderr
    assert "categorization:" not in done.stdout  # neither "holds" nor "FAILS"


def test_audit_under_a_generous_limit_gives_the_unlimited_answer() -> None:
    args = ("audit", str(EXAMPLES / "overlapping.toml"), "--scope", "1", "--format", "json")
    assert json.loads(_run(*args, "--rlimit", "4000000000").stdout) == json.loads(_run(*args).stdout)
