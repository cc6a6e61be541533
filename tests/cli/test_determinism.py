"""The same spec gives byte-identical output: twice in one process, and in separate processes.

The separate processes run with different hash seeds, so an order taken from a set or a dict of strings
would show up as a difference. The solver's random seed is fixed in ``solve/backend.py``. ``check`` is run
as a user runs it, one command per process; the reports (HTML with the diagram, and Markdown) of every
bundled spec and of a diamond of refinements with four arrows are written by one process per hash seed.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from misalign_logic.cli import main
from tests.conftest import SPECS

ROOT = SPECS.parent
FILES = [str(p.relative_to(ROOT)) for p in sorted(SPECS.glob("*.toml"))]
#: The files whose reports are compared: the bundled specs and a diamond (four arrows, two of them flips).
REPORTED = [*FILES, "tests/data/diamond.toml"]


def in_process(*argv: str) -> tuple[int, bytes, bytes]:
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)  # the same relative paths as the subprocesses, since paths appear in the output
    try:
        code = main(list(argv), stdout=out, stderr=err)
    finally:
        os.chdir(cwd)
    return code, out.getvalue().encode(), err.getvalue().encode()


def in_subprocess(*argv: str, hash_seed: str) -> tuple[int, bytes, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-m", "misalign_logic", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_check_output_is_byte_identical_across_runs_and_processes(fmt: str) -> None:
    argv = ("check", *FILES, "--format", fmt)
    first = in_process(*argv)
    assert first[0] == 0, first[2]
    assert len(first[1]) > 1000
    assert in_process(*argv) == first
    assert in_subprocess(*argv, hash_seed="0") == first
    if fmt == "json":  # the text is rendered from the same results; one more process for the JSON suffices
        assert in_subprocess(*argv, hash_seed="4242") == first


def test_errors_are_byte_identical_across_processes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    text = (SPECS / "pop_quiz.toml").read_text()
    bad.write_text(text.replace("policy(farm) == print_pr", "policy(farm) == prnt_pr").replace("actions", "acts", 1))
    argv = ("check", str(bad), "--format", "json")
    first = in_process(*argv)
    assert first[0] == 2
    assert first[2].count(b"error:") >= 2
    assert in_subprocess(*argv, hash_seed="1") == in_subprocess(*argv, hash_seed="2") == first


# Writes every report of REPORTED (argv[1:]) in both formats into the current directory, with the CLI's main.
_WRITE_REPORTS = """
import sys
from pathlib import Path
from misalign_logic.cli import main
for i, spec in enumerate(sys.argv[1:]):
    for suffix in (".html", ".md"):
        code = main(["report", spec, "-o", f"{i}{suffix}"])
        assert code == 0, (spec, code)
"""


def _reports(out: Path, hash_seed: str) -> dict[str, bytes]:
    out.mkdir()
    specs = [str(ROOT / f) for f in REPORTED]
    done = subprocess.run(
        [sys.executable, "-c", _WRITE_REPORTS, *specs],
        cwd=out,
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_reports_and_diagrams_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    runs = [_reports(tmp_path / seed, seed) for seed in ("0", "1", "4242")]
    assert len(runs[0]) == 2 * len(REPORTED)
    assert all(b"<svg" in page for name, page in runs[0].items() if name.endswith(".html"))
    for run in runs[1:]:
        for name, page in run.items():
            assert page == runs[0][name], name
