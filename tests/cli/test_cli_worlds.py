"""``misalign-logic worlds``, ``ask`` and ``export`` as a user runs them: a fresh process, its output, its status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SPECS

QUIZ = str(SPECS / "pop_quiz.toml")


def cli(*argv: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "misalign_logic", *argv]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


def test_worlds_lists_each_projected_world_with_its_label() -> None:
    done = cli("worlds", QUIZ, "--scenario", "scenario-1", "--scheme", "heuristic:deception")
    assert (done.returncode, done.stderr) == (0, "")
    assert "world 1: outer\n" in done.stdout
    assert "  reason(review) == aligned\n" in done.stdout
    assert "world 2: inner\n" in done.stdout
    assert "  reason(review) == deceptive\n" in done.stdout
    assert done.stdout.endswith("2 world(s): every one\n")


def test_worlds_says_when_the_limit_cut_the_list() -> None:
    done = cli("worlds", QUIZ, "--scenario", "scenario-1", "--scheme", "root-cause", "--limit", "1")
    assert done.returncode == 0
    assert done.stdout.count("world ") == 1
    assert "more worlds exist: raise --limit (now 1)" in done.stdout


def test_worlds_counts_exactly_or_says_at_least() -> None:
    done = cli("worlds", QUIZ, "--scenario", "scenario-1", "--scheme", "root-cause", "--count")
    assert done.returncode == 0
    assert "  both   2\n" in done.stdout
    argv = ["--project", "exhibitable(farm, print_pr)", "--project", "exhibitable(farm, useful_pr)"]
    capped = cli("worlds", QUIZ, "--scenario", "scenario-1", "--scheme", "root-cause", "--count", "--bound", "3", *argv)
    # Two free booleans: four worlds per label, one more than the bound counts.
    assert "  both   at least 4\n" in capped.stdout
    assert "  none   0\n" in capped.stdout


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--scenario", "nope", "--scheme", "objective"], "no scenario named 'nope'"),
        (["--scenario", "scenario-1", "--scheme", "objective[standard=x]"], "standard"),
        (["--scenario", "scenario-1", "--scheme", "objective", "--label", "sideways"], "gives no label 'sideways'"),
        (["--scenario", "scenario-1", "--scheme", "objective", "--project", "policy(moon)"], "not a ground term"),
        (["--scenario", "scenario-1", "--scheme", "objective", "--limit", "-3"], "expected a whole number"),
        (["--scenario", "scenario-1", "--scheme", "objective", "--count", "--bound", "0"], "expected a whole number"),
        (["--scenario", "scenario-1", "--scheme", "objective", "--rlimit", "-1"], "--rlimit"),
    ],
)
def test_worlds_errors_exit_2_without_a_traceback(argv: list[str], says: str) -> None:
    done = cli("worlds", QUIZ, *argv)
    assert done.returncode == 2
    assert says in done.stderr
    assert "Traceback" not in done.stderr


def test_worlds_escapes_what_the_spec_names(tmp_path: Path) -> None:
    text = (SPECS / "coinrun.toml").read_text().replace('name = "coinrun"', 'name = "coin\\u001b[2Jrun"')
    path = tmp_path / "coinrun.toml"
    path.write_text(text)
    done = cli("worlds", str(path), "--scenario", "coin\x1b[2Jrun", "--scheme", "objective", "--project", "label")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert "coin\\x1b[2Jrun" in done.stdout  # shown as an escape, not obeyed


def test_worlds_never_shows_unknown_as_an_answer() -> None:
    done = cli("worlds", QUIZ, "--scenario", "scenario-1", "--scheme", "objective", "--rlimit", "1")
    assert done.returncode == 1
    assert "the solver gave up after 0 world(s)" in done.stdout
    assert "the list is incomplete" in done.stdout
    counted = cli("worlds", QUIZ, "--scenario", "scenario-1", "--scheme", "objective", "--rlimit", "1", "--count")
    assert counted.returncode == 1
    assert "gave up" in counted.stdout


def test_ask_names_the_detail_that_separates_the_quiz_scenarios() -> None:
    done = cli("ask", QUIZ, "--scenario", "scenario-1", "--scheme", "generalization[standard=reasons]")
    assert (done.returncode, done.stderr) == (0, "")
    assert "ambiguous {inner, outer}" in done.stdout
    assert "  outer: reason(review) == deceptive\n" in done.stdout
    assert "the model chose to write useful pull requests in order to deceive its overseers" in done.stdout
    assert "every minimal set of at most 3 fact(s) is listed" in done.stdout
    forced = cli("ask", QUIZ, "--scenario", "scenario-2", "--scheme", "heuristic:deception")
    assert "forced inner: there is nothing to ask" in forced.stdout


def test_ask_says_when_it_stopped_and_when_the_solver_gave_up() -> None:
    short = cli("ask", QUIZ, "--scenario", "scenario-1", "--scheme", "root-cause", "--max-checks", "4")
    assert short.returncode == 0
    assert "stopped after 4 solver checks" in short.stdout
    assert "the list may be incomplete" in short.stdout
    gave_up = cli("ask", QUIZ, "--scenario", "scenario-1", "--scheme", "root-cause", "--rlimit", "1")
    assert gave_up.returncode == 1
    assert "the solver gave up" in gave_up.stdout
    assert "forced" not in gave_up.stdout
    assert "ambiguous" not in gave_up.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["--scenario", "nope", "--scheme", "objective"],
        ["--scenario", "scenario-1", "--scheme", "objective", "--max-size", "0"],
    ],
)
def test_ask_errors_exit_2(argv: list[str]) -> None:
    done = cli("ask", QUIZ, *argv)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_export_writes_scripts_a_solver_replays(tmp_path: Path) -> None:
    done = cli("export", QUIZ, "--scenario", "scenario-1", "--scheme", "heuristic:deception", "--format", "smt2")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.count("(check-sat)") == 6  # none, outer, inner: possible? forced?
    assert done.stdout.count("\n(reset)\n") == 5
    assert "; Is the label 'inner' forced?" in done.stdout
    z3 = subprocess.run(
        [sys.executable, "-c", "import sys, z3; s = z3.Solver(); print(s.from_string(sys.stdin.read()))"],
        input=done.stdout.split("\n(reset)\n")[4],  # is inner possible?
        capture_output=True,
        text=True,
        check=False,
    )
    assert "(set-info :status sat)" in done.stdout.split("\n(reset)\n")[4]
    assert z3.returncode == 0, z3.stderr
    folder = tmp_path / "queries"
    written = cli(
        "export",
        QUIZ,
        "--scenario",
        "scenario-2",
        "--scheme",
        "heuristic:deception",
        "--label",
        "inner",
        "--output",
        str(folder),
    )
    assert written.returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "scenario-2.heuristic_deception.inner.forced.smt2",
        "scenario-2.heuristic_deception.inner.possible.smt2",
    ]
    assert "(set-info :status unsat)" in (folder / "scenario-2.heuristic_deception.inner.forced.smt2").read_text()


@pytest.mark.parametrize(
    ("argv", "status", "says"),
    [
        (["--scenario", "nope", "--scheme", "objective"], 2, "no scenario named"),
        (["--scenario", "scenario-1", "--scheme", "objective", "--label", "sideways"], 2, "gives no label"),
        (["--scenario", "scenario-1", "--scheme", "objective", "--format", "smt3"], 2, "invalid choice"),
        (["--scenario", "scenario-1", "--scheme", "objective", "--rlimit", "1"], 1, "gave up"),
    ],
)
def test_export_errors(argv: list[str], status: int, says: str) -> None:
    done = cli("export", QUIZ, *argv)
    assert done.returncode == status
    assert says in done.stderr
    assert "Traceback" not in done.stderr
    assert "(check-sat)" not in done.stdout
