"""The ``misalign-logic`` command: ``main(argv, stdout, stderr) -> exit status``.

Exit status: 0 when every question was decided, 1 when something was decided against the user (a
judgment contradicted) or the solver gave up on a verdict, 2 for a bad spec, bad usage or output that cannot
be written, 130 when interrupted, 141 when the reader of the output went away (as ``| head`` does).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import metadata
from typing import TextIO, cast

from misalign_logic.cli.commands import COMMANDS
from misalign_logic.cli.limits_option import add_limits_option
from misalign_logic.cli.output import Escaped
from misalign_logic.model.errors import MisalignLogicError, SpecError
from misalign_logic.model.limits import using_limits

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="misalign-logic",
        description="Decide whether a failure story forces 'outer' or 'inner' misalignment, under which scheme.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}", help="print the version and exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    for each in sub.choices.values():  # every subcommand reads specs, so every one takes the limits
        add_limits_option(each)
    return parser


def _version() -> str:
    """The installed distribution's version, from its metadata (what ``pip show misalign-logic`` says)."""
    try:
        return metadata.version("misalign-logic")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting.

    Args:
        argv: the arguments, without the program name (``sys.argv[1:]`` when None).
        stdout: where results go (``sys.stdout`` when None).
        stderr: where errors go (``sys.stderr`` when None).
    """
    out = cast(TextIO, Escaped(stdout if stdout is not None else sys.stdout, "standard output"))
    err = cast(TextIO, Escaped(stderr if stderr is not None else sys.stderr, "standard error"))
    parser = _parser()
    try:
        # argparse writes usage errors to sys.stderr, and --help and --version to sys.stdout
        old_out, old_err, sys.stdout, sys.stderr = sys.stdout, sys.stderr, out, err
        try:
            args = parser.parse_args(argv)
        finally:
            sys.stdout, sys.stderr = old_out, old_err
    except SystemExit as exit_:
        return int(exit_.code or 0)
    args.stderr = err  # for notes a command gives beside its result
    try:
        with using_limits(args.limits):
            status = int(args.run(args, out))
        out.flush()  # a full disk shows here, while the error can still be reported
        return status
    except BrokenPipeError:
        return _PIPE_CLOSED
    except SpecError as error:
        print(str(error), file=err)
        return 2
    except MisalignLogicError as error:
        print(f"misalign-logic: error: {error}", file=err)
        return 2
    except KeyboardInterrupt:
        print("misalign-logic: interrupted", file=err)
        return 130
    finally:
        err.flush()


#: The exit status when the output's reader has gone away: 128 + SIGPIPE, as a shell reports it.
_PIPE_CLOSED = 141


def entry() -> None:
    """Console-script entry point."""
    status = main()
    try:
        sys.stdout.flush()
    except OSError:
        # The failure is reported already (or the reader is gone); Python would flush again at exit and print
        # a traceback, so what is left goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise SystemExit(status)
