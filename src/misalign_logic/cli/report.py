"""``misalign-logic report FILE -o OUT``: one self-contained HTML or Markdown page for a spec."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from misalign_logic.cli.solver_options import add_solver_options
from misalign_logic.cli.taxonomy_option import add_taxonomy_option, added, taxonomies, with_taxonomies
from misalign_logic.model.errors import MisalignLogicError
from misalign_logic.model.schemes import parse_scheme
from misalign_logic.model.verdicts import RelationKind, Status
from misalign_logic.prose.report import build_report
from misalign_logic.spec.answers import read_answers
from misalign_logic.spec.load import load_spec

_FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help="write one self-contained page (HTML or Markdown) for a spec",
        description="Write a page with the scenarios, a table of verdicts, the explanations, the "
        "relations and a refinement diagram (inline SVG). The format follows OUT's extension.",
    )
    p.add_argument("file", metavar="FILE", help="a spec file (TOML)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the page to write: OUT.html or OUT.md")
    p.add_argument(
        "--scheme",
        action="append",
        default=[],
        metavar="ID",
        help="a scheme ID (repeatable; default: the file's [check] schemes, or every scheme)",
    )
    p.add_argument(
        "--answers",
        metavar="CSV",
        default=None,
        help="a survey's answers (respondent,scenario,answer[,strength]) to judge in place of the file's "
        "[[judgment]] tables, with a bar chart of the respondents each scheme reproduces",
    )
    add_taxonomy_option(p)
    add_solver_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    target = Path(args.output)
    kind = _FORMATS.get(target.suffix.lower())
    if kind is None:
        msg = f"cannot tell the format of {args.output!r}: name it .html or .md"
        raise MisalignLogicError(msg)
    found = taxonomies(args)
    spec = with_taxonomies(load_spec(args.file), found)
    answers = None if args.answers is None else read_answers(args.answers, [s.name for s in spec.scenarios])
    schemes = list(added([parse_scheme(s) for s in args.scheme], found)) if args.scheme else None
    report = build_report(spec, schemes, timeout=args.timeout, rlimit=args.rlimit, answers=answers)
    page = report.html() if kind == "html" else report.markdown()
    try:
        target.write_text(page, encoding="utf-8")
    except OSError as err:
        msg = f"cannot write {args.output!r}: {err.strerror or err}"
        raise MisalignLogicError(msg) from None
    unknown = any(v.status is Status.UNKNOWN for _, vs in report.verdicts for v in vs)
    unknown |= any(r.kind is RelationKind.UNKNOWN for r in report.relations)
    out.write(
        f"wrote {target} ({len(report.verdicts)} scenario(s), {len(report.schemes)} scheme(s), "
        f"{len(report.flips)} flip(s))\n"
    )
    return 1 if unknown else 0
