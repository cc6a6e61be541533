"""Hostile input on taxonomies, ``audit`` and survey answers, run as a user runs it: each is refused with a
located error and exit status 2 (never a traceback, never a hang), or read as what it is."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SPECS

QUIZ = str(SPECS / "pop_quiz.toml")
COINRUN = str(SPECS / "coinrun.toml")
SCHEME = '[scheme.x]\nouter = "true"\ninner = "false"\n'


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "misalign_logic", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    done.seconds = time.perf_counter() - start  # type: ignore[attr-defined]
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _refused(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    for text in expected:
        assert text in done.stderr, done.stderr


@pytest.fixture(params=["audit", "check --taxonomy", "judge --answers"])
def reading(request: pytest.FixtureRequest) -> list[str]:
    """A command line that reads one more file, named last: ``audit FILE``, ``check SPEC --taxonomy FILE``."""
    return {
        "audit": ["audit"],
        "check --taxonomy": ["check", COINRUN, "--taxonomy"],
        "judge --answers": ["judge", QUIZ, "--answers"],
    }[request.param]


def test_a_device_is_refused_unread(reading: list[str]) -> None:
    done = _run(*reading, "/dev/zero")
    _refused(done, "/dev/zero: error: the ", "is not a regular file but a character device")
    assert done.seconds < 30  # type: ignore[attr-defined]


def test_a_fifo_is_refused_without_waiting_for_a_writer(reading: list[str], tmp_path: Path) -> None:
    fifo = tmp_path / "file"
    os.mkfifo(fifo)
    _refused(_run(*reading, str(fifo)), "is not a regular file but a FIFO (named pipe)")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[scheme]]\nouter = "true"\ninner = "false"\n', "t.toml:1:1: error: scheme must be a table of schemes"),
        ("scheme = 1\n", "t.toml:1:1: error: scheme must be a table of schemes, not an integer"),
        ("a" + ".a" * 20000 + " = 1\n", "t.toml:1:1: error: a dotted key has more than 64 parts"),
        ("".join(f"[scheme.s{i}]\nouter = 'true'\ninner = 'false'\n" for i in range(3000)), "the limit is 100"),
        (SCHEME + '[[expect]]\nscenario = "a"\nlabel = "outer"\nspec = "a\\u0000b"\n', "t.toml:7:1: error: spec "),
        (SCHEME + "[[expect]]\nscheme = " + "[" * 800 + "]" * 800 + "\n", "t.toml:1:1: error: the TOML is nested"),
    ],
    ids=["array-of-schemes", "scheme-integer", "dotted-key", "3000-schemes", "nul-in-path", "deep-array"],
)
@pytest.mark.parametrize("command", ["audit", "check"])
def test_a_malformed_taxonomy_is_refused_with_its_location(
    command: str, text: str, message: str, tmp_path: Path
) -> None:
    (tmp_path / "t.toml").write_text(text, encoding="utf-8")
    args = ["audit", "t.toml", "--scope", "1"] if command == "audit" else ["check", COINRUN, "--taxonomy", "t.toml"]
    done = subprocess.run(
        [sys.executable, "-m", "misalign_logic", *args], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, done.stderr
    assert message in done.stderr


def test_a_byte_order_mark_begins_a_taxonomy(tmp_path: Path) -> None:
    (tmp_path / "t.toml").write_bytes(b"\xef\xbb\xbf" + SCHEME.encode())
    done = _run("check", COINRUN, "--taxonomy", str(tmp_path / "t.toml"))
    assert done.returncode == 0, done.stderr
    assert "forced outer" in done.stdout


def test_invalid_utf8_in_a_taxonomy_is_located(tmp_path: Path) -> None:
    (tmp_path / "t.toml").write_bytes(b'[scheme.x]\nouter = "tr\xff"\ninner = "false"\n')
    _refused(_run("check", COINRUN, "--taxonomy", str(tmp_path / "t.toml")), "t.toml:2:12: error: the taxonomy is not")


def test_a_scheme_reading_mentions_of_many_symbols_is_refused_by_its_limit(tmp_path: Path) -> None:
    facts = "".join(f'f{i} = "cognition"\n' for i in range(16))
    text = Path(COINRUN).read_text(encoding="utf-8")
    text = text.replace("[story.situations]", f"[story.facts]\n{facts}\n[story.situations]", 1)
    text += '\n[scheme.cg]\ninner = "mentions(cognition)"\nouter = "not mentions(cognition)"\n'
    (tmp_path / "cog.toml").write_text(text, encoding="utf-8")
    done = _run("audit", str(tmp_path / "cog.toml"), "--scope", "1")
    _refused(done, "wordings of every story would be explored", "the limit is 8 symbols")


def test_audit_mentions_feedback_with_a_constraint_it_accepts(tmp_path: Path) -> None:
    (tmp_path / "fb.toml").write_text('[scheme.fb]\ninner = "mentions(feedback)"\nouter = "not mentions(feedback)"\n')
    done = _run("audit", str(tmp_path / "fb.toml"), "--scope", "1")
    assert done.returncode == 1, done.stderr  # not a world-based scheme: a flip, shown as a spec that loads
    assert "world-based: NO" in done.stdout
    assert "feedback(t, a1) == feedback(t, a1)" in done.stdout or "feedback(t1, a1)" in done.stdout


# -- survey answers -----------------------------------------------------------------------------------


def test_a_cell_over_the_csv_size_limit_is_located(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text('respondent,scenario,answer\n\nr1,scenario-1,"' + "x" * 140_000 + '"\n')
    _refused(_run("judge", QUIZ, "--answers", str(tmp_path / "a.csv")), "a.csv:3:1: error: the row cannot be read")


def test_one_respondent_with_500_rows_is_refused_by_the_limit(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("respondent,scenario,answer\n" + "r1,scenario-1,outer\n" * 500)
    done = _run("judge", QUIZ, "--answers", str(tmp_path / "a.csv"))
    _refused(done, "respondent 'r1' gave 500 answers; the limit is 100")
    assert done.seconds < 30  # type: ignore[attr-defined]


def test_a_csv_error_gives_the_file_line_after_a_cell_spanning_lines(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text('respondent,scenario,answer\n"r\n1",scenario-1,outer\n"r\n2",scenario-9,outer\n')
    _refused(_run("judge", QUIZ, "--answers", str(tmp_path / "a.csv")), "a.csv:4:1: error: 'scenario-9'")


def test_grounding_is_bounded_across_a_scenarios_constraints(tmp_path: Path) -> None:
    # Each constraint expands to 91,125 instances, under the per-constraint limit; twelve of them are refused.
    situations = "".join(f's{i} = "training"\n' for i in range(44)) + 'd = "deployment"\n'
    one = '"forall x in Situation, y in Situation, z in Situation: policy(x) == policy(y) or policy(z) == a0"'
    text = f'[story]\nactions = ["a0", "a1"]\nchoices = ["c"]\n[story.situations]\n{situations}'
    listed = ",\n".join([one] * 12)
    text += f'[[scenario]]\nname = "big"\nconstraints = [\n{listed}\n]\n'
    (tmp_path / "big.toml").write_text(text, encoding="utf-8")
    done = _run("check", str(tmp_path / "big.toml"))
    _refused(done, "big.toml:55:2: error: scenario 'big': its constraints' quantifiers expand to more than 200000")
    assert done.seconds < 30  # type: ignore[attr-defined]
