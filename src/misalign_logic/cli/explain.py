"""``misalign-logic explain FILE``: each verdict of a spec in plain sentences."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from misalign_logic.cli.formats import add_format_option
from misalign_logic.cli.json_output import json_text
from misalign_logic.cli.solver_options import add_solver_options
from misalign_logic.cli.taxonomy_option import add_taxonomy_option, added, taxonomies, with_taxonomies
from misalign_logic.model.errors import MisalignLogicError
from misalign_logic.model.schemes import parse_scheme
from misalign_logic.model.verdicts import Status
from misalign_logic.prose.explain import explain
from misalign_logic.solve.classify import Analysis
from misalign_logic.spec.load import load_spec


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "explain",
        help="say in plain sentences why each scenario gets its verdict",
        description="Explain each verdict: the stated facts that force it, or a short story per "
        "label and the unknowns that decide between them, and the seed's remedy.",
    )
    p.add_argument("file", metavar="FILE", help="a spec file (TOML)")
    p.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="NAME",
        help="a scenario to explain (repeatable; default: every scenario)",
    )
    p.add_argument(
        "--scheme",
        action="append",
        default=[],
        metavar="ID",
        help="a scheme ID such as 'generalization[standard=reasons]' (repeatable; default: the file's "
        "[check] schemes, or every scheme)",
    )
    add_format_option(p, "explain")
    add_taxonomy_option(p)
    add_solver_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    found = taxonomies(args)
    spec = with_taxonomies(load_spec(args.file), found)
    schemes = list(added([parse_scheme(s) for s in args.scheme], found)) if args.scheme else list(spec.schemes)
    for scheme in schemes:
        scheme.check_story(spec.story)
    try:
        scenarios = [spec.scenario(n) for n in args.scenario] or list(spec.scenarios)
    except KeyError as err:
        raise MisalignLogicError(err.args[0]) from None
    unknown = False
    doc: list[dict[str, Any]] = []
    for k, scenario in enumerate(scenarios):
        analysis = Analysis(scenario, timeout=args.timeout, rlimit=args.rlimit, explain=True)
        for j, scheme in enumerate(schemes):
            verdict = analysis.classify(scheme)
            unknown |= verdict.status is Status.UNKNOWN
            explanation = explain(verdict, scenario)
            if args.format == "json":
                doc.append({"scenario": scenario.name, **verdict.to_dict(), "explanation": explanation.to_dict()})
            else:
                out.write(("\n" if k or j else "") + explanation.text())
    if args.format == "json":
        out.write(json_text({"file": spec.path, "verdicts": doc}, ensure_ascii=False))
    return 1 if unknown else 0
