"""The ``misalign-logic`` command: ``main(argv, stdout, stderr) -> exit status``.

Exit status: 0 when every question was decided, 1 when something was decided against the user (a
judgment contradicted) or the solver gave up on a verdict, 2 for a bad spec or bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from misalign_logic.cli.commands import COMMANDS
from misalign_logic.model.errors import MisalignLogicError, SpecError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="misalign-logic",
        description="Decide whether a failure story forces 'outer' or 'inner' misalignment, under which scheme.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting.

    Args:
        argv: the arguments, without the program name (``sys.argv[1:]`` when None).
        stdout: where results go (``sys.stdout`` when None).
        stderr: where errors go (``sys.stderr`` when None).
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = _parser()
    try:
        old_err, sys.stderr = sys.stderr, err  # argparse writes usage errors to sys.stderr
        try:
            args = parser.parse_args(argv)
        finally:
            sys.stderr = old_err
    except SystemExit as exit_:
        return int(exit_.code or 0)
    args.stderr = err  # for notes a command gives beside its result
    try:
        return int(args.run(args, out))
    except SpecError as error:
        print(str(error), file=err)
        return 2
    except MisalignLogicError as error:
        print(f"misalign-logic: error: {error}", file=err)
        return 2
    except KeyboardInterrupt:
        print("misalign-logic: interrupted", file=err)
        return 130


def entry() -> None:
    """Console-script entry point."""
    raise SystemExit(main())
