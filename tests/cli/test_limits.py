"""Size limits a user raises: ``--limits`` on every command, a ``[check.limits]`` table, and the refusal's text."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from misalign_logic.cli.commands import COMMANDS
from misalign_logic.cli.main import main

_ENTRY = "from misalign_logic.cli import entry; entry()"


def spec(actions: int, table: str = "") -> str:
    """A small story with ``actions`` actions; the policy fails at its deployment situation ``t``."""
    names = ", ".join(f'"a{i}"' for i in range(actions))
    return (
        f'[story]\nname = "big"\nactions = [{names}]\nchoices = ["c"]\n\n[story.situations]\ns = "training"\n'
        f't = "deployment"\n\n[[scenario]]\nname = "one"\nconstraints = ["policy(t) == a1", "not ideal(t, a1)",'
        f' "policy(s) == a0"]\n\n[check]\nschemes = ["heuristic:deception"]\n{table}'
    )


def command(*argv: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-c", _ENTRY, *argv], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """A spec of 65 actions: one more than the default limit."""
    path = tmp_path / "big.toml"
    path.write_text(spec(65))
    return path


def test_a_story_beyond_a_limit_is_refused_with_how_to_raise_it(big: Path) -> None:
    done = command("check", str(big))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"{big}:3:1: error: the story has 65 actions; the limit is 64\n  hint: split the story, or merge"
        " names that play the same part, or raise the limit with --limits actions=65 (Python:"
        " limits=Limits(actions=65)), or in the spec file's [check.limits] table: actions = 65\n"
    )


def test_the_flag_raises_a_limit(big: Path) -> None:
    done = command("check", str(big), "--limits", "actions=65")
    assert (done.returncode, done.stderr) == (0, "")
    assert "ambiguous" in done.stdout


def test_the_table_raises_a_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(spec(65, "\n[check.limits]\nactions = 1_000\n"))
    done = command("check", str(path), "--format", "json")
    assert (done.returncode, done.stderr) == (0, "")


def test_the_flag_takes_precedence_over_the_table(tmp_path: Path) -> None:
    path = tmp_path / "small.toml"
    path.write_text(spec(3, "\n[check.limits]\nactions = 2\n"))
    lowered = command("check", str(path))
    assert lowered.returncode == 2
    assert "the story has 3 actions; the limit is 2" in lowered.stderr
    assert command("check", str(path), "--limits", "actions=3").returncode == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("situations=0", "limit situations must be a positive whole number up to 10**12, got 0"),
        ("situations=-5", "limit situations must be a positive whole number up to 10**12, got '-5'"),
        ("situations=many", "limit situations must be a positive whole number up to 10**12, got 'many'"),
        ("situatons=9", "unknown limit 'situatons': did you mean 'situations'?"),
        ("situations", "expected NAME=VALUE, got 'situations'"),
        ("atoms=9,atoms=10", "limit atoms is given twice"),
    ],
)
def test_a_bad_flag_is_a_usage_error(big: Path, value: str, message: str) -> None:
    done = command("check", str(big), "--limits", value)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"argument --limits: {message}" in done.stderr


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("situations = 0", "limit situations must be a positive whole number up to 10**12, got 0"),
        ('situations = "many"', "limit situations must be a positive whole number up to 10**12, got 'many'"),
        ("situatons = 9", "unknown limit 'situatons': did you mean 'situations'?"),
        ("spec_bytes = 9", "spec_bytes cannot be raised in the file it limits"),
    ],
)
def test_a_bad_table_entry_is_located(tmp_path: Path, table: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    text = spec(3, f"\n[check.limits]\nactions = 9\n{table}\n")
    path.write_text(text)
    where = text.splitlines().index(table) + 1
    done = command("check", str(path))
    assert done.returncode == 2
    assert f"{path}:{where}:1: error: {message}" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("name", sorted(c.__name__.rsplit(".", 1)[-1] for c in COMMANDS))
def test_every_command_takes_the_limits(name: str) -> None:
    err = io.StringIO()
    assert main([name, "--limits", "bogus=1", "x.toml"], stdout=io.StringIO(), stderr=err) == 2
    assert "argument --limits: unknown limit 'bogus'" in err.getvalue()
