"""What a spec's check finds does not depend on what the process solved before.

Solvers are reused from one classification to the next (a scope pushed and popped), and among the worlds
that fit a query z3's pick depends on how its context numbers terms; ``check_spec`` therefore runs in a
context of its own, and its output must be that of a fresh interpreter whatever came first.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import json, sys
import z3
from misalign_logic import check_spec, classify, load_spec
from misalign_logic.solve import backend

for path in sys.argv[2:]:
    if path == "noise":  # terms made and dropped in this thread's context, nothing solved
        ctx = backend._context().ctx
        kept = [z3.Or(z3.Bool(f"j{i}", ctx), z3.Bool(f"k{i}", ctx)) for i in range(3000)][::2]
        continue
    spec = load_spec(path)
    check_spec(spec)  # the history: other stories solved first, on the same thread
    for s in spec.scenarios:
        for scheme in spec.schemes:
            classify(s, scheme)
print(json.dumps(check_spec(load_spec(sys.argv[1])).to_dict(), sort_keys=True))
"""


def _run(target: Path, *history: Path | str) -> object:
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(target), *map(str, history)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)


def test_a_spec_checks_the_same_whatever_was_solved_before() -> None:
    target = ROOT / "corpus" / "instructgpt_harmful.toml"
    fresh = _run(target)
    assert _run(target, "noise") == fresh
    assert _run(target, *sorted((ROOT / "specs").glob("*.toml")), ROOT / "corpus" / "coastrunners.toml") == fresh
    assert _run(target, target, "noise") == fresh  # the same names, declared before, solved again


_ISOLATED = """
import json, sys
import misalign_logic as ml

spec = ml.load_spec(sys.argv[1])
if sys.argv[2] == "warm":  # this thread's cached analyses, each of whose solver has solved many queries
    for s in spec.scenarios:
        for scheme in spec.schemes:
            ml.classify(s, scheme)
with ml.isolated():
    told = [ml.classify(spec.scenarios[0], scheme) for scheme in reversed(spec.schemes)]
print(json.dumps([v.to_dict() for v in told], sort_keys=True))
"""


def test_classify_in_an_isolated_block_answers_as_a_fresh_process() -> None:
    # The cached analyses are per thread; a block run isolated must not reuse one made before it, whose
    # solver, having answered other queries, can pick another witness world among those that fit.
    target = str(ROOT / "corpus" / "instructgpt_harmful.toml")
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", _ISOLATED, target, history],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            ).stdout
        )
        for history in ("fresh", "warm")
    ]
    assert runs[0] == runs[1]
