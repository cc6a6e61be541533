"""``misalign-logic export FILE --scenario S --scheme ID --format smt2``: the queries, for any SMT solver."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from misalign_logic.cli.formats import add_format_option
from misalign_logic.cli.scenario_option import add_scenario_options, chosen
from misalign_logic.cli.solver_options import add_solver_options
from misalign_logic.model.errors import MisalignLogicError, SolverUnknown
from misalign_logic.solve.export import export_scripts


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="write the SMT-LIB 2 queries behind a verdict, for another solver to replay",
        description="Write, per label of the scheme (or --label), two self-contained SMT-LIB 2 scripts: is the "
        "label possible (sat: yes), is it forced (unsat: yes). Comments say what each answer means, and "
        "'set-info :status' records the answer the library's verdict implies. On standard output the scripts "
        "are separated by (reset), so the stream is itself one script; with --output DIR, one file each.",
    )
    add_scenario_options(p)
    p.add_argument("--label", metavar="L", help="only the scripts about this label")
    add_format_option(p, "export")
    p.add_argument("--output", metavar="DIR", help="write one .smt2 file per script into DIR (made if missing)")
    add_solver_options(p, "no script is written (the expected answers come from the library's verdict)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    _, scenario, scheme = chosen(args)
    try:
        scripts = export_scripts(scenario, scheme, args.label, timeout=args.timeout, rlimit=args.rlimit)
    except SolverUnknown as gave_up:
        print(
            f"misalign-logic export: the solver gave up on the verdict ({gave_up.reason}); no script written",
            file=args.stderr,
        )
        return 1
    if args.output is None:
        out.write("\n(reset)\n".join(s.text for s in scripts))
        return 0
    folder = Path(args.output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for script in scripts:
            (folder / script.name).write_text(script.text, encoding="utf-8")
    except OSError as err:
        msg = f"cannot write to {args.output}: {err.strerror or err}"
        raise MisalignLogicError(msg) from None
    for script in scripts:
        out.write(f"{folder / script.name}: is {script.label.value} {script.question}? expected {script.expected}\n")
    return 0
