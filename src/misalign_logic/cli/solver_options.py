"""``--timeout`` and ``--rlimit``, which every solving subcommand takes, and ``--jobs``, as argparse types.

A bad value (``nan``, ``-1``, ``soon``) is a usage error (exit status 2), never a traceback from the solver.
"""

from __future__ import annotations

import argparse
from typing import Any

from misalign_logic.solve.classify import DEFAULT_RLIMIT


def add_solver_options(parser: Any, gave_up: str = "the verdict is then 'unknown'") -> None:
    """Add ``--timeout SECONDS`` (default: none) and ``--rlimit UNITS`` (default: ``DEFAULT_RLIMIT``).

    Args:
        parser: the subcommand's parser.
        gave_up: what the subcommand reports when a limit is hit, for the help text.
    """
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=None,
        metavar="SECONDS",
        help=f"give up on a solver call after this long; {gave_up} (default: no clock limit, so "
        "that the output does not depend on the machine)",
    )
    parser.add_argument(
        "--rlimit",
        type=units,
        default=DEFAULT_RLIMIT,
        metavar="UNITS",
        help=f"z3 resource units per solver call, a limit on work that gives the same result on "
        f"every machine (default {DEFAULT_RLIMIT}; 0: no limit)",
    )


def seconds(text: str) -> float:
    """A positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1e6:  # also refuses nan and inf
        msg = f"expected a positive number of seconds below 1e6, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def units(text: str) -> int | None:
    """A number of resource units below z3's 32-bit ceiling; 0 means no limit (None)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value < 2**32:
        msg = f"expected a whole number of units from 0 (no limit) to 2**32 - 1, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value or None


def worker_processes(text: str) -> int:
    """A positive number of worker processes (a bad one is a usage error, exit status 2)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        msg = f"expected a positive number of worker processes, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value
