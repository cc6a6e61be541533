"""Ctrl-C during a solver call is an interruption, never the solver giving up: the command stops with exit
status 130 and writes nothing more (docs/reference/limits.md)."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from misalign_logic.cli import main
from misalign_logic.solve import backend
from tests.conftest import SPECS

#: A check z3 takes many seconds over: 13 pigeons in 12 holes, as SMT-LIB text to the library's backend.
_HARD = """
import sys
from misalign_logic.solve.backend import Backend
n = 12
decl = "".join(f"(declare-const p{i}_{j} Bool)" for i in range(n + 1) for j in range(n))
rows = "".join(f"(assert (or {' '.join(f'p{i}_{j}' for j in range(n))}))" for i in range(n + 1))
cols = "".join(
    f"(assert (not (and p{i}_{j} p{k}_{j})))" for j in range(n) for i in range(n + 1) for k in range(i + 1, n + 1)
)
b = Backend(rlimit=None)
b.add(decl + rows + cols)
print("ready", flush=True)
print(b.check(), b.reason_unknown, flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is a POSIX signal")
def test_ctrl_c_during_a_check_raises_keyboard_interrupt_not_unknown() -> None:
    # z3 catches SIGINT itself during a check and answers "unknown"; that answer must not pass for one.
    child = subprocess.Popen(
        [sys.executable, "-c", _HARD],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.default_int_handler),
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
        time.sleep(1.0)  # well inside the check, which takes far longer
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert "KeyboardInterrupt: interrupted from keyboard" in err
    assert "unknown" not in out


def test_an_interrupted_report_exits_130_and_writes_no_page(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def interrupted(self: backend.Backend, assumptions: object = ()) -> backend.Outcome:
        backend._raise_if_interrupted("interrupted from keyboard")  # what z3 answers after a Ctrl-C
        raise AssertionError("not reached")

    monkeypatch.setattr(backend.Backend, "check", interrupted)
    page = tmp_path / "page.html"
    err = io.StringIO()
    status = main(["report", str(SPECS / "pop_quiz.toml"), "-o", str(page)], stdout=io.StringIO(), stderr=err)
    assert status == 130
    assert "interrupted" in err.getvalue()
    assert not page.exists()
