"""``misalign-logic quiz``: write a new pop quiz where the folk heuristic flips and world-based schemes do not."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from misalign_logic.model.errors import MisalignLogicError, SpecError
from misalign_logic.model.schemes import parse_scheme
from misalign_logic.testing.search import FOLK_HEURISTIC, find_quiz


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "quiz",
        help="write a new pop quiz: two scenarios where the folk heuristic flips",
        description=f"Search for two scenarios, the second extending the first, where {FOLK_HEURISTIC.id} "
        "says 'outer' then 'inner' while each chosen world-based scheme forces the same label on both. "
        "The result is a spec file that 'misalign-logic check' confirms.",
    )
    p.add_argument(
        "--schemes",
        default="generalization[standard=outcomes]",
        metavar="A,B",
        help="comma-separated world-based scheme IDs that must not flip (default: generalization[standard=outcomes])",
    )
    p.add_argument("--seed", type=int, default=0, metavar="N", help="random seed of the search (default 0)")
    p.add_argument(
        "--max-examples",
        type=int,
        default=1000,
        metavar="N",
        help="candidate pairs to try before giving up (default 1000)",
    )
    p.add_argument("-o", "--output", default=None, metavar="FILE", help="write the quiz here (default: stdout)")
    p.set_defaults(run=run)


def _split(text: str) -> list[str]:
    """Scheme IDs separated by commas outside brackets: ``objective[counterfactual=a,reading=gricean],root-cause``."""
    out, depth, current = [], 0, ""
    for ch in text:
        depth += (ch == "[") - (ch == "]")
        if ch == "," and depth == 0:
            out.append(current.strip())
            current = ""
        else:
            current += ch
    out.append(current.strip())
    return [s for s in out if s]


def run(args: argparse.Namespace, out: TextIO) -> int:
    schemes = [parse_scheme(s) for s in _split(args.schemes)]
    try:
        found = find_quiz(schemes, seed=args.seed, max_examples=args.max_examples)
    except ValueError as err:
        if isinstance(err, SpecError):
            raise
        raise MisalignLogicError(str(err)) from None
    if found is None:
        out.write(
            f"no quiz found in {args.max_examples} candidates with seed {args.seed}; "
            "try another seed, more examples, or other schemes\n"
        )
        return 1
    text = found.spec()
    if args.output is None:
        out.write(text)
    else:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as err:
            msg = f"cannot write {args.output}: {err.strerror or err}"
            raise MisalignLogicError(msg) from None
        out.write(f"wrote {args.output}: {found.note.splitlines()[0]}\n")
    return 0
