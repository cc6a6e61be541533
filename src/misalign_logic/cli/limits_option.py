"""``--limits NAME=VALUE,...``, which every subcommand takes: size limits raised beyond the documented defaults.

The limits apply to every spec the command loads, over each file's own ``[check.limits]`` table. A bad value
(an unknown name, zero, a negative or non-numeric value) is a usage error (exit status 2).
"""

from __future__ import annotations

import argparse
from typing import Any

from misalign_logic.model.limits import LIMIT_NAMES, Limits, LimitsError

__all__ = ["add_limits_option", "limits"]


def add_limits_option(parser: Any) -> None:
    """Add ``--limits NAME=VALUE,...`` (default: the documented limits, or the file's ``[check.limits]``)."""
    parser.add_argument(
        "--limits",
        type=limits,
        default=Limits(),
        metavar="NAME=VALUE,...",
        help=f"raise (or lower) size limits for the specs read, over their [check.limits] tables; names: "
        f"{', '.join(LIMIT_NAMES)} (e.g. --limits situations=40000,atoms=400000)",
    )


def limits(text: str) -> Limits:
    """The limits ``NAME=VALUE,...`` names, as an argparse type."""
    try:
        return Limits.parse(text)
    except LimitsError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
