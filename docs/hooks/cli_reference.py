"""MkDocs hook: writes the command-line reference from the ``argparse`` parsers while the site is built.

A page holding the line ``<!-- cli-reference -->`` gets, in its place, one section per subcommand with the
help ``misalign-logic COMMAND --help`` prints, so the reference cannot drift from the parsers.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

MARKER = "<!-- cli-reference -->"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    # Imported here: the hook module is loaded by MkDocs before the package may be importable in tests.
    from misalign_logic.cli.commands import COMMANDS

    top = argparse.ArgumentParser(prog="misalign-logic")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return dict(sub.choices)


def cli_reference() -> str:
    """The reference as Markdown: a section per subcommand, its description and its ``--help`` text."""
    # A fixed width, so the page does not depend on the terminal that builds it.
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        parts = []
        for name, parser in _subcommands().items():
            help_text = parser.format_help().rstrip().replace("```", "` ` `")
            parts.append(f"## `misalign-logic {name}`\n\n```text\n{help_text}\n```\n")
        return "\n".join(parts)
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """MkDocs event: put the generated reference where the page asks for it."""
    return markdown.replace(MARKER, cli_reference()) if MARKER in markdown else markdown
