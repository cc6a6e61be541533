"""A generated fuzz, in the slow suite: mutated spec, taxonomy and survey files through every command.

Each input is a bundled file with a few random edits (bytes dropped, repeated or swapped, lines repeated,
hostile tokens inserted). Every command must end with a documented exit status (0, 1 or 2: specs/README.md)
within 20 seconds and never with an exception other than the errors it reports. Most inputs run in-process
(``main(argv)``) for speed, a few as a user runs them. The counts per surface are printed (``-s``).
"""

from __future__ import annotations

import io
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from misalign_logic.cli import main
from tests.conftest import SPECS

ROOT = Path(__file__).resolve().parents[2]
TAXONOMIES = sorted((ROOT / "examples" / "taxonomies").glob("*.toml"))
ANSWERS = ROOT / "examples" / "pop_quiz_answers.csv"
#: Tokens that have broken a reader before: TOML structure, deep nesting, limits, names, encodings.
TOKENS = [
    b"[[scheme]]\n",
    b"scheme = 1\n",
    b"[" * 300,
    b'"\\u0000"',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"a." * 100 + b"a = 1\n",
    b'"\n',
    b"\r\n",
    b"forall s, t, u: ",
    b"mentions(cognition)",
    b"mentions(feedback)",
    b'"' + b"x" * 1000 + b'"',
    b",,,\n",
    b"\x00",
    b"1e999999",
    b"\n[[scenario]]\n",
    b'\n[story.facts]\nplan = "cognition"\n',
]
#: Seconds an input may take before the run counts as a hang.
HANG = 20
#: Seconds each surface is fuzzed for (the whole file stays within about three minutes).
BUDGET = 35


def _mutated(seed: bytes, rng: random.Random) -> bytes:
    data = bytearray(seed)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        kind = rng.randrange(6)
        if kind == 0 and data:
            del data[at : at + rng.randint(1, 20)]
        elif kind == 1:
            data[at:at] = rng.choice(TOKENS)
        elif kind == 2 and data:
            data[at:at] = data[at : at + rng.randint(1, 40)] * rng.randint(2, 5)
        elif kind == 3 and data:
            lines = bytes(data).split(b"\n")
            k = rng.randrange(len(lines))
            lines.insert(k, lines[rng.randrange(len(lines))])
            data = bytearray(b"\n".join(lines))
        elif kind == 4 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        else:
            k = rng.randrange(len(data) + 1)
            data[at:at], data[k:k] = data[k : k + 10], b""
    return bytes(data)


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang


def _run(argv: list[str]) -> int:
    """``main(argv)`` in-process, stopped as a hang after :data:`HANG` seconds."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG)
    try:
        return main(argv, stdout=io.StringIO(), stderr=io.StringIO())
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _fuzz(seeds: list[bytes], commands: Callable[[Path], Iterator[list[str]]], tmp: Path, rng: random.Random) -> int:
    """Run mutated inputs through ``commands`` for :data:`BUDGET` seconds; returns how many inputs were tried."""
    tried = 0
    deadline = time.monotonic() + BUDGET
    while time.monotonic() < deadline:
        path = tmp / f"input-{tried}{'.csv' if seeds[0].startswith(b'respondent') else '.toml'}"
        path.write_bytes(_mutated(rng.choice(seeds), rng))
        for argv in commands(path):
            try:
                status = _run(argv)
            except _Hang:
                pytest.fail(f"{argv} ran past {HANG} s on {path.read_bytes()[:2000]!r}")
            except Exception as err:  # any escape is the failure this fuzz looks for
                pytest.fail(f"{argv} raised {type(err).__name__}: {err} on {path.read_bytes()[:2000]!r}")
            assert status in (0, 1, 2), (argv, status)
        path.unlink()
        tried += 1
    return tried


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the hang guard needs SIGALRM")
def test_mutated_files_through_every_command(tmp_path: Path) -> None:
    rng = random.Random(27)
    specs = [p.read_bytes() for p in sorted(SPECS.glob("*.toml"))]
    taxonomies = [p.read_bytes() for p in TAXONOMIES]
    quiz = str(SPECS / "pop_quiz.toml")

    def spec_commands(path: Path) -> Iterator[list[str]]:
        yield ["check", str(path), "--rlimit", "200000"]
        if rng.random() < 0.2:
            yield ["explain", str(path), "--rlimit", "200000"]
            yield ["judge", str(path), "--rlimit", "200000"]
            yield ["atlas", str(path), "--format", "json", "--rlimit", "200000"]
            yield ["report", str(path), "-o", str(path.with_suffix(".md")), "--rlimit", "200000"]

    def taxonomy_commands(path: Path) -> Iterator[list[str]]:
        yield ["check", quiz, "--taxonomy", str(path), "--no-explain", "--rlimit", "200000"]
        if rng.random() < 0.2:
            yield ["audit", str(path), "--scope", "1", "--rlimit", "2000000"]

    def answer_commands(path: Path) -> Iterator[list[str]]:
        yield ["judge", quiz, "--answers", str(path), "--no-explain", "--rlimit", "200000"]

    counts = {
        "spec": _fuzz(specs, spec_commands, tmp_path, rng),
        "taxonomy": _fuzz(taxonomies, taxonomy_commands, tmp_path, rng),
        "answers": _fuzz([ANSWERS.read_bytes()], answer_commands, tmp_path, rng),
    }
    print(f"fuzzed inputs per surface: {counts}")
    assert all(n >= 50 for n in counts.values()), counts


@pytest.mark.slow
def test_a_few_mutated_specs_as_a_user_runs_them(tmp_path: Path) -> None:
    rng = random.Random(2027)
    seed = (SPECS / "pop_quiz.toml").read_bytes()
    for k in range(5):
        path = tmp_path / f"spec-{k}.toml"
        path.write_bytes(_mutated(seed, rng))
        done = subprocess.run(
            [sys.executable, "-m", "misalign_logic", "check", str(path)],
            capture_output=True,
            text=True,
            timeout=HANG + 10,
            check=False,
        )
        assert done.returncode in (0, 1, 2), done.stderr
        assert "Traceback" not in done.stderr, done.stderr
