"""Every command's ``--format`` choices come from the one table (cli/formats.py), and each is written."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from misalign_logic.cli.formats import FORMATS
from misalign_logic.cli.main import _parser
from tests.conftest import SPECS


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    found = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(found.choices)


def test_every_format_option_is_the_tables() -> None:
    offered = {}
    for name, sub in _subcommands().items():
        for action in sub._actions:
            if "--format" in action.option_strings:
                offered[name] = tuple(action.choices or ())
                assert action.default == offered[name][0]
    assert offered == dict(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS["check"])
def test_check_writes_each_of_its_formats(fmt: str) -> None:
    argv = [sys.executable, "-m", "misalign_logic", "check", "--format", fmt, str(SPECS / "pop_quiz.toml")]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    if fmt == "json":
        assert json.loads(done.stdout)["files"]
    else:
        assert "scenario-1" in done.stdout


def test_a_format_a_command_does_not_write_is_refused_with_exit_2() -> None:
    argv = [sys.executable, "-m", "misalign_logic", "check", "--format", "html", str(SPECS / "pop_quiz.toml")]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 2
    assert "invalid choice: 'html'" in done.stderr
    assert "Traceback" not in done.stderr
