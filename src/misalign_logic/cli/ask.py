"""``misalign-logic ask FILE --scenario S --scheme ID``: which facts would decide an ambiguous verdict."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from misalign_logic.cli.formats import add_format_option
from misalign_logic.cli.json_output import json_text
from misalign_logic.cli.scenario_option import add_scenario_options, chosen
from misalign_logic.cli.solver_options import add_solver_options
from misalign_logic.cli.worlds import _bound
from misalign_logic.model.errors import SolverUnknown
from misalign_logic.prose.questions import ask_text, question_text
from misalign_logic.solve.questions import MAX_CHECKS, MAX_SIZE, questions


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "ask",
        help="which facts, added to an ambiguous scenario, would force each label: the questions to ask",
        description="For an ambiguous verdict, every minimal set of ground facts (term = value) over the terms "
        "the scheme reads that, added to the scenario, forces each label, smallest first, told in the story's "
        "words. The search tries sets up to --max-size facts and stops after --max-checks solver checks, saying so.",
    )
    add_scenario_options(p)
    p.add_argument(
        "--max-size", type=_bound, default=MAX_SIZE, metavar="K", help=f"largest set tried (default {MAX_SIZE})"
    )
    p.add_argument(
        "--max-checks", type=_bound, default=MAX_CHECKS, metavar="N", help=f"most solver checks (default {MAX_CHECKS})"
    )
    add_format_option(p, "ask")
    add_solver_options(p, "the search then stops, saying so")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    spec, scenario, scheme = chosen(args)
    head = {"file": spec.path, "scenario": scenario.name, "scheme": scheme.id}
    try:
        found = questions(
            scenario,
            scheme,
            max_size=args.max_size,
            max_checks=args.max_checks,
            timeout=args.timeout,
            rlimit=args.rlimit,
        )
    except SolverUnknown as gave_up:
        if args.format == "json":
            out.write(json_text({**head, "unknown": gave_up.reason}))
        else:
            out.write(
                f"{spec.path}: scenario {scenario.name!r} under {scheme.id}: the solver gave up ({gave_up.reason})\n"
            )
        return 1
    if args.format == "json":
        doc = {
            **head,
            "labels": sorted(label.value for label in found.labels),
            "questions": [{**q.to_dict(), "text": question_text(q, scenario.story)} for q in found.questions],
            "max_size": found.max_size,
            "complete": found.complete,
            "stopped": found.stopped,
        }
        out.write(json_text(doc))
    else:
        out.write(ask_text(found, scenario.story, spec.path))
    return 0
