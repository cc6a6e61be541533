"""The one place that says which output formats each command writes, and adds its ``--format`` option.

A command writes ``text`` by default; ``json`` is its result's ``to_dict()``; ``html`` and ``markdown`` are
what the result shows through the display registry (:func:`misalign_logic.model.notebook.shows`). Adding a
format to a command is one entry here and the branch of the command that writes it.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

__all__ = ["FORMATS", "add_format_option"]

#: Per command, the formats ``--format`` accepts, the default first.
FORMATS: Mapping[str, tuple[str, ...]] = {
    "check": ("text", "json"),
    "explain": ("text", "json"),
    "judge": ("text", "json"),
    "audit": ("text", "json"),
    "atlas": ("text", "json", "html"),
    "worlds": ("text", "json"),
    "ask": ("text", "json"),
    "export": ("smt2",),
}


def add_format_option(parser: argparse.ArgumentParser, command: str) -> None:
    """Add ``--format`` to ``command``'s parser, with the formats :data:`FORMATS` gives it."""
    formats = FORMATS[command]
    parser.add_argument("--format", choices=formats, default=formats[0], help=f"output format (default {formats[0]})")
