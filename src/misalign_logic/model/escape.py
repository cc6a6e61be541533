"""One rule for a name in terminal text: it stays on its line, and nothing in it is obeyed.

A name in a spec (a story's, a scenario's, a scheme's, a respondent's) may hold any character. In text
output each logical line is written through :func:`one_line`, which writes every control character (line
feeds, tabs, escape sequences, C1 controls, bidirectional overrides and isolates) as a ``\\u000a``-style
escape, so a name can neither start a line of its own that reads like output nor reorder or hide what a
terminal shows. JSON and TOML strings read such an escape back as the same character. HTML, Markdown, SVG
and CSV have their own writers (:mod:`misalign_logic.prose.markup`), which escape names in their own way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["CONTROL", "escape_controls", "one_line", "text_lines"]

#: Every C0 control (tab and line feed included), DEL, every C1 control, the line and paragraph separators,
#: and the bidirectional marks, overrides and isolates.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


#: What a stream of text must not pass on as written: the controls of :data:`CONTROL` but tab, line feed and the
#: line and paragraph separators (a text's own layout).
_STREAM = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """``text`` with every control character but tab and new line written as an escape (``\\u001b``): what a
    terminal receives from a command, and what a pytest report shows."""
    return _STREAM.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def one_line(text: str) -> str:
    """``text`` with every control character written as an escape: one line, shown as written."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def text_lines(lines: Iterable[str]) -> str:
    """Logical lines joined by line feeds, each kept to one line (:func:`one_line`)."""
    return "\n".join(one_line(line) for line in lines)
