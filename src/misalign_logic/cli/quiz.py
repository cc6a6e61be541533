"""``misalign-logic quiz [FILE]``: write a pop quiz shaped like the seed's, on the user's story, and its page."""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from misalign_logic.cli.solver_options import add_solver_options
from misalign_logic.cli.taxonomy_option import add_taxonomy_option, added, taxonomies
from misalign_logic.model.errors import MisalignLogicError, SolverUnknown, SpecError
from misalign_logic.model.schemes import Scheme, parse_scheme
from misalign_logic.prose.quiz_page import quiz_page, verdicts_by_answers
from misalign_logic.spec.load import load_spec, load_story, parse_spec

if TYPE_CHECKING:
    from misalign_logic.testing.search import Found, NoneExists

_DEFAULT = "generalization[standard=outcomes]"


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "quiz",
        help="write a pop quiz like the seed's: the folk heuristic flips, world-based schemes do not",
        description="Write two scenarios over FILE's story (default: the seed's pull-request story), told in "
        "its describe words. Scenario 1 says what the model did in every situation and what the designers "
        "wished there, has a failure point, and says nothing about the model's cognition; scenario 2 adds one "
        "fact about its cognition. heuristic:training-vs-model answers 'outer' then 'inner', while each --scheme "
        "forces the same label on both. The result is a spec file that 'misalign-logic check' confirms; when "
        "no such quiz exists for the schemes, the reason is printed (exit status 1).",
    )
    p.add_argument("file", nargs="?", default=None, metavar="FILE", help="a spec file whose story to use")
    p.add_argument(
        "--from",
        dest="start",
        default=None,
        metavar="SCENARIO",
        help="make FILE's scenario SCENARIO scenario 1, every stated fact kept and told in its own words; scenario 2 "
        "adds one fact about the model's cognition (when it cannot open a quiz, the reason is printed)",
    )
    p.add_argument(
        "--scheme",
        action="append",
        default=[],
        metavar="ID",
        help=f"a world-based scheme that must force one label on both scenarios (repeatable; default {_DEFAULT})",
    )
    p.add_argument("--schemes", default=None, metavar="A,B", help="the same, comma-separated")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="which cognition fact scenario 2 adds (default 0)")
    p.add_argument("-o", "--output", default=None, metavar="FILE", help="write the quiz here (default: stdout)")
    p.add_argument("--html", default=None, metavar="OUT.html", help="also write the quiz as a self-contained page")
    add_taxonomy_option(p)
    add_solver_options(p, "the quiz is then not written")
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


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as err:
        msg = f"cannot write {path}: {err.strerror or err}"
        raise MisalignLogicError(msg) from None


def _schemes(args: argparse.Namespace) -> list[Scheme]:
    """The schemes to hold steady: those named, then every scheme of the ``--taxonomy`` files (the default
    scheme only when neither names any)."""
    ids = [*args.scheme, *(_split(args.schemes) if args.schemes else [])]
    named = [parse_scheme(s) for s in ids]
    return list(added(named, taxonomies(args))) or [parse_scheme(_DEFAULT)]


def _find(args: argparse.Namespace, schemes: list[Scheme]) -> tuple[Found | NoneExists, str]:
    """The quiz (or why there is none) and the name of what it was made from."""
    # The search runs on hypothesis; imported here so that other commands start without it.
    from misalign_logic.testing.search import QUIZ_STORY, find_quiz, find_quiz_from

    if args.start is None:
        if args.file is None:
            return find_quiz(schemes, QUIZ_STORY, seed=args.seed, rlimit=args.rlimit), f"story {QUIZ_STORY.name!r}"
        told = load_story(args.file)
        # The file's first scenario is the story as told: the quiz contradicts none of its facts.
        within = told.scenarios[0] if told.scenarios else None
        found = find_quiz(schemes, told.story, seed=args.seed, rlimit=args.rlimit, within=within)
        return found, f"story {told.story.name!r}"
    if args.file is None:
        msg = "--from names a scenario of FILE; give the spec FILE too"
        raise MisalignLogicError(msg)
    spec = load_spec(args.file)
    names = [s.name for s in spec.scenarios]
    if args.start not in names:
        close = difflib.get_close_matches(args.start, names, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"the scenarios are {', '.join(names)}"
        raise SpecError.at(f"--from names no scenario of the spec: {args.start!r}", spec.path, hint=hint)
    found = find_quiz_from(spec.scenario(args.start), schemes, seed=args.seed, rlimit=args.rlimit)
    return found, f"scenario {args.start!r} of {spec.path}"


def run(args: argparse.Namespace, out: TextIO) -> int:
    from misalign_logic.testing.search import Found

    schemes = _schemes(args)
    try:
        found, source = _find(args, schemes)
    except SolverUnknown as gave_up:
        out.write(f"no quiz written: {gave_up.reason}\n")
        return 1
    except ValueError as err:
        if isinstance(err, SpecError):
            raise
        raise MisalignLogicError(str(err)) from None
    if not isinstance(found, Found):
        out.write(f"no quiz exists for {', '.join(s.id for s in schemes)} on {source}: {found.proof}\n")
        return 1
    text = found.spec()
    if args.output is None:
        out.write(text)
    else:
        _write(args.output, text)
        out.write(f"wrote {args.output}: {found.note.splitlines()[0]}\n")
    if args.html is not None:
        spec = parse_spec(text, args.output or "<quiz>")
        page = quiz_page(spec, verdicts_by_answers(spec, timeout=args.timeout, rlimit=args.rlimit))
        _write(args.html, page)
        if args.output is not None:
            out.write(f"wrote {args.html}: the quiz page\n")
    return 0
