"""What the command writes, and how it ends, when the terminal, the pipe or the disk is hostile.

Each test runs ``misalign-logic`` the way a user does: in a fresh process, through a shell-like pipe or
redirection, and reads its exit status and standard error.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from misalign_logic.cli import main
from tests.conftest import SPECS

QUIZ = str(SPECS / "pop_quiz.toml")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def command(*argv: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "misalign_logic", *argv],
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,  # type: ignore[call-overload]
    )


ESCAPES = "\x1b]0;owned\x07\x1b[2J\u202eevil\x9b31m"


def spec_with_escapes(tmp_path: Path) -> Path:
    path = tmp_path / "escapes.toml"
    name = json.dumps(f"s{ESCAPES}")  # a TOML basic string reads JSON's escapes the same way
    path.write_text(
        f'[story]\nname = {name}\nactions = ["act"]\nchoices = ["rd"]\n[story.situations]\ntrain = "training"\n'
        f'[[scenario]]\nname = {name}\nconstraints = ["policy(train) == act"]\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("command_name", ["check", "explain"])
def test_text_output_shows_control_characters_from_names_instead_of_obeying_them(
    tmp_path: Path, command_name: str
) -> None:
    code, out, err = run(command_name, str(spec_with_escapes(tmp_path)), "--scheme", "objective")
    assert code == 0, err
    assert not any(ch in out for ch in "\x1b\x07\u202e\x9b")
    assert "\\u001b]0;owned\\u0007" in out
    assert "\\u202eevil" in out


def test_json_output_with_escaped_names_reads_back_as_the_names(tmp_path: Path) -> None:
    code, out, _ = run("explain", str(spec_with_escapes(tmp_path)), "--scheme", "objective", "--format", "json")
    assert code == 0
    assert json.loads(out)["verdicts"][0]["scenario"] == f"s{ESCAPES}"


def test_errors_show_control_characters_escaped(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[story]\nactions = ["a\\u001b[2J"]\n', encoding="utf-8")
    code, _, err = run("check", str(path))
    assert code == 2
    assert "\x1b" not in err
    assert "'a\\x1b[2J' cannot name an action" in err


def test_a_reader_that_goes_away_ends_the_command_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "misalign_logic", "check", QUIZ, QUIZ, QUIZ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # as `| head -0` does: nobody reads
    err = process.stderr.read().decode()
    assert process.wait(timeout=300) == 141
    assert err == ""


def test_a_full_disk_is_a_located_error_with_status_2() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "misalign_logic", "check", QUIZ],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    assert done.returncode == 2
    assert done.stderr == "misalign-logic: error: cannot write to standard output: No space left on device\n"


def test_the_default_schemes_are_said_and_are_the_nine_literal_ones() -> None:
    _, out, _ = run("check", QUIZ, "--format", "json")
    schemes = {v["scheme"] for entry in json.loads(out)["scenarios"] for v in entry["verdicts"]}
    assert len(schemes) == 9
    assert not any("gricean" in s for s in schemes)


def test_judge_under_a_resource_limit_names_the_undecided_schemes() -> None:
    _, out, _ = run("judge", QUIZ, "--rlimit", "100")
    block = out.split("ambiguous-then-inner:", 1)[1].split("\n\n", 1)[0]
    assert "no scheme of the family" not in block
    assert "undecided (the solver gave up" in block
    assert "heuristic:deception" in block
    _, out, _ = run("judge", QUIZ, "--rlimit", "100", "--format", "json")
    entry = next(j for j in json.loads(out)["judgments"] if j["respondent"] == "ambiguous-then-inner")
    assert entry["fitting_schemes"] == []
    assert "heuristic:deception" in entry["undecided_schemes"]
    # Without the limit the same respondent is reproduced, and nothing is undecided.
    _code, out, _ = run("judge", QUIZ, "--format", "json")
    entry = next(j for j in json.loads(out)["judgments"] if j["respondent"] == "ambiguous-then-inner")
    assert entry["fitting_schemes"] == ["heuristic:deception"]
    assert entry["undecided_schemes"] == []


def test_the_largest_documented_resource_limit_decides() -> None:
    code, out, err = run("check", QUIZ, "--rlimit", str(2**32 - 1), "--scheme", "objective[counterfactual=usefulness]")
    assert code == 0, err
    assert "forced inner" in out
    assert "unknown" not in out
    code, _, err = run("check", QUIZ, "--rlimit", str(2**32))
    assert code == 2
    assert "--rlimit" in err
