"""``--no-explain`` and progress on stderr, through the command as a user runs it."""

from __future__ import annotations

import io
import json

from misalign_logic.cli import main
from misalign_logic.cli.progress import StderrProgress
from tests.conftest import SPECS


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _verdicts(doc: dict) -> dict:  # type: ignore[type-arg]
    return {(s["name"], v["scheme"]): (v["status"], v["labels"]) for s in doc["scenarios"] for v in s["verdicts"]}


def test_no_explain_gives_the_same_verdicts_without_deciding_facts() -> None:
    path = str(SPECS / "pop_quiz.toml")
    full, quick = io.StringIO(), io.StringIO()
    assert main(["check", path, "--format", "json"], stdout=full, stderr=io.StringIO()) == 0
    assert main(["check", path, "--format", "json", "--no-explain"], stdout=quick, stderr=io.StringIO()) == 0
    explained, bare = json.loads(full.getvalue()), json.loads(quick.getvalue())
    assert _verdicts(explained) == _verdicts(bare)
    deciding = [v["deciding"] for s in bare["scenarios"] for v in s["verdicts"] if v["status"] == "ambiguous"]
    assert deciding
    assert all(d == [] for d in deciding)
    assert any(v["deciding"] for s in explained["scenarios"] for v in s["verdicts"] if v["status"] == "ambiguous")


def test_progress_goes_to_a_terminals_stderr_never_to_stdout() -> None:
    out, err = io.StringIO(), _Terminal()
    assert main(["check", str(SPECS / "pop_quiz.toml"), "--format", "json"], stdout=out, stderr=err) == 0
    json.loads(out.getvalue())  # stdout is the JSON document alone
    assert "[" in err.getvalue()
    assert "/" in err.getvalue()
    assert err.getvalue().endswith("\n")


def test_a_quick_run_off_a_terminal_prints_no_progress() -> None:
    err = io.StringIO()
    assert main(["check", str(SPECS / "pop_quiz.toml")], stdout=io.StringIO(), stderr=err) == 0
    assert err.getvalue() == ""


def test_a_long_run_off_a_terminal_tells_how_far_it_is() -> None:
    err = io.StringIO()
    progress = StderrProgress(err, after=0.0, every=0.0)
    progress(1, 4, "first")
    progress(4, 4, "last")
    assert err.getvalue().splitlines()[-1].startswith("misalign-logic: 4/4 done")
