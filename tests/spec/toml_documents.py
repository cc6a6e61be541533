"""Hypothesis strategies for TOML documents: random ones shaped like specs, and mutations of real specs."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

SPECS = Path(__file__).resolve().parent.parent.parent / "specs"
#: Examples per fuzz test: a short run by default, a long one with MISALIGN_FUZZ_EXAMPLES=20000 (see README.md).
FUZZ_EXAMPLES = int(os.environ.get("MISALIGN_FUZZ_EXAMPLES", "100"))
SPEC_TEXTS = tuple(p.read_text() for p in sorted(SPECS.glob("*.toml")))

_BARE = re.compile(r"[A-Za-z0-9_-]+\Z")
# Words of the spec format and the expression language, so random documents often get past the first checks.
VOCABULARY = (
    "story",
    "scenario",
    "check",
    "name",
    "describe",
    "situations",
    "actions",
    "choices",
    "reasons",
    "facts",
    "phase",
    "kind",
    "values",
    "text",
    "extends",
    "constraints",
    "schemes",
    "training",
    "deployment",
    "cognition",
    "world",
    "aligned",
    "deceptive",
    "a",
    "b",
    "s1",
    "s2",
)
EXPRESSION_WORDS = (
    "policy(s1)",
    "ideal(s1, a)",
    "design(c, s1, a)",
    "feedback(s1, a)",
    "reason(s1)",
    "choice",
    "forall",
    "exists",
    "x",
    "in",
    "Situation",
    ":",
    "==",
    "!=",
    "->",
    "<->",
    "and",
    "or",
    "not",
    "(",
    ")",
    ",",
    "true",
    "false",
    "a",
    "b",
    "s1",
    "s2",
    "c",
    "aligned",
    "deceptive",
    "training",
)


def basic_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes and backslashes escaped, control characters as \\uXXXX."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch < " " or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    return key if _BARE.match(key) else basic_string(key)


def toml_value(value: Any) -> str:
    """``value`` as an inline TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        if "'" not in value and not any(ch < " " or ch == "\x7f" for ch in value):
            return f"'{value}'"  # a literal string: no escapes at all
        return basic_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(table: dict[str, Any], prefix: tuple[str, ...] = ()) -> str:
    """A whole document: plain values first, then sub-tables as [headers] and lists of tables as [[headers]]."""
    lines, later = [], []
    for key, value in table.items():
        path = (*prefix, key)
        header = ".".join(toml_key(k) for k in path)
        if isinstance(value, dict):
            later.append(f"\n[{header}]\n{toml_document(value, path)}")
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            later.extend(f"\n[[{header}]]\n{toml_document(v, path)}" for v in value)
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    return "\n".join(lines) + "".join(later) + "\n"


keys = st.one_of(st.sampled_from(VOCABULARY), st.text(min_size=1, max_size=8))
scalars = st.one_of(
    st.sampled_from(VOCABULARY),
    st.lists(st.sampled_from(EXPRESSION_WORDS), max_size=8).map(" ".join),
    st.text(max_size=12),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats().filter(math.isfinite),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)
#: Data for a whole document: a table of 1 to 6 keys (what :func:`written` writes and tomllib must read back).
tables = st.dictionaries(keys, values, min_size=1, max_size=6)


def _plain(text: str) -> bool:
    """No control character but tab: the text can go in a literal string as it is."""
    return not any((ch < " " and ch != "\t") or ch == "\x7f" for ch in text)


class _Writer:
    """Writes a table as TOML in styles drawn as it goes, so one table has many spellings.

    Strings come out basic, literal, multi-line basic (escapes, real line breaks, a line continuation) or
    multi-line literal; integers decimal, hexadecimal, signed or with underscores; keys bare or quoted;
    sub-tables as ``[headers]``, dotted keys or inline tables; lists of tables as ``[[headers]]`` or inline;
    arrays on one line or several, with trailing commas and comments; comments and blank lines between
    entries; spaces or tabs around ``=``.
    """

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def choose(self, *options: str) -> str:
        return self.draw(st.sampled_from(options))

    def key(self, key: str) -> str:
        if _BARE.match(key) and self.choose("bare", "bare", "quoted") == "bare":
            return key
        if "'" not in key and _plain(key):
            return self.choose(basic_string(key), f"'{key}'")
        return basic_string(key)

    def string(self, text: str) -> str:
        styles = ["basic", "multi-basic"]
        if "'" not in text and _plain(text):
            styles.append("literal")
        if "'''" not in text and not text.endswith("'") and _plain(text.replace("\n", "")):
            styles.append("multi-literal")
        style = self.choose(*styles)
        if style == "basic":
            return basic_string(text)
        if style == "literal":
            return f"'{text}'"
        if style == "multi-literal":
            return "'''" + self._opening(text) + text + "'''"
        return self._multiline_basic(text)

    def _multiline_basic(self, text: str) -> str:
        out = []
        for ch in text:
            if ch in '"\\':
                out.append("\\" + ch)
            elif ch == "\n":
                out.append(self.choose("\n", "\\n"))  # a real line break or its escape
            elif ch < " " or ch == "\x7f":
                out.append(self.choose(f"\\U{ord(ch):08X}", f"\\u{ord(ch):04X}"))
            else:
                out.append(ch)
        # A line continuation before a non-blank character: the backslash, the line break and the blanks
        # after it vanish from the value.
        spots = [i for i, ch in enumerate(text) if not ch.isspace()]
        if spots and self.draw(st.booleans()):
            i = self.draw(st.sampled_from(spots))
            out[i] = "\\\n" + self.choose("", "  ", "\t") + out[i]
        return '"""' + self._opening(text) + "".join(out) + '"""'

    def _opening(self, text: str) -> str:
        """What follows a multi-line string's opening quotes. A line break there is trimmed, so a value that
        starts with one gets a second, or its own would vanish from what the document means."""
        return "\n" if text.startswith("\n") else self.choose("", "\n")

    def scalar(self, value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            style = self.choose("decimal", "hex", "underscores", "signed")
            if style == "hex" and value >= 0:
                return hex(value)
            if style == "underscores" and abs(value) >= 1000:
                return f"{value:_d}"
            if style == "signed" and value >= 0:
                return f"+{value}"
            return str(value)
        if isinstance(value, float):
            return repr(value)
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, list):
            return self.array(value)
        return "{" + ", ".join(f"{self.key(k)} = {self.scalar(v)}" for k, v in value.items()) + "}"

    def array(self, items: list[Any]) -> str:
        written = [self.scalar(v) for v in items]
        if not written or self.draw(st.booleans()):
            return "[" + ", ".join(written) + (self.choose("", ",") if written else "") + "]"
        return "\n".join(["[", *(f"  {w},{self.comment()}" for w in written), "]"])

    def comment(self) -> str:
        return self.choose("", "", "  # " + self.choose(*VOCABULARY))

    def equals(self) -> str:
        return self.choose(" = ", "=", " =\t", "\t= ")

    def table(self, table: dict[str, Any], prefix: tuple[str, ...]) -> str:
        """Plain and dotted entries, then sub-tables as [headers] and lists of tables as [[headers]]."""
        lines, later = [], []
        for key, value in table.items():
            path = (*prefix, key)
            header = ".".join(self.key(k) for k in path)
            lines.extend([""] * self.draw(st.integers(0, 1)))
            if self.choose("", "", "comment") == "comment":
                lines.append("# " + self.choose(*VOCABULARY))
            many = isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
            style = self.choose("header", "dotted", "inline") if isinstance(value, dict) else "header"
            if isinstance(value, dict) and style == "header":
                later.append(f"\n[{header}]{self.comment()}\n{self.table(value, path)}")
            elif isinstance(value, dict) and style == "dotted" and value and _dottable(value):
                lines.extend(self.dotted(self.key(key), value))
            elif many and self.draw(st.booleans()):
                later.extend(f"\n[[{header}]]\n{self.table(v, path)}" for v in value)
            else:
                lines.append(f"{self.key(key)}{self.equals()}{self.scalar(value)}{self.comment()}")
        return "\n".join(lines) + "".join(later) + "\n"

    def dotted(self, key: str, table: dict[str, Any]) -> list[str]:
        out = []
        for k, v in table.items():
            if isinstance(v, dict) and v:
                out.extend(self.dotted(f"{key}.{self.key(k)}", v))
            else:
                out.append(f"{key}.{self.key(k)}{self.equals()}{self.scalar(v)}")
        return out


def _dottable(table: dict[str, Any]) -> bool:
    """Whether ``table`` can be written with dotted keys: no list in it holds a table."""
    for v in table.values():
        if isinstance(v, list) and any(isinstance(x, dict) for x in v):
            return False
        if isinstance(v, dict) and not _dottable(v):
            return False
    return True


@st.composite
def written(draw: st.DrawFn, data: st.SearchStrategy[dict[str, Any]] = tables) -> tuple[dict[str, Any], str]:
    """A table and a TOML document that means it, in styles drawn per entry (see :class:`_Writer`)."""
    table = draw(data)
    text = _Writer(draw).table(table, ())
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")  # tomllib reads CRLF as LF, in multi-line strings too
    return table, text


#: Whole documents, each a real one: tomllib reads back the table it was written from (tests check that).
documents = written().map(lambda pair: pair[1])


@st.composite
def mutated_specs(draw: st.DrawFn) -> str:
    """A bundled spec with a few characters or lines deleted, duplicated, swapped or replaced."""
    text = draw(st.sampled_from(SPEC_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.splitlines(keepends=True)
        op = draw(
            st.sampled_from(
                (
                    "delete-char",
                    "duplicate-char",
                    "swap-chars",
                    "insert-char",
                    "delete-line",
                    "duplicate-line",
                    "swap-lines",
                )
            )
        )
        if op.endswith("line") or op.endswith("lines"):
            if len(lines) < 2:
                continue
            i = draw(st.integers(0, len(lines) - 2))
            if op == "delete-line":
                del lines[i]
            elif op == "duplicate-line":
                lines.insert(i, lines[i])
            else:
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
            text = "".join(lines)
            continue
        if len(text) < 2:
            continue
        i = draw(st.integers(0, len(text) - 2))
        if op == "delete-char":
            text = text[:i] + text[i + 1 :]
        elif op == "duplicate-char":
            text = text[:i] + text[i] + text[i:]
        elif op == "swap-chars":
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        else:
            text = text[:i] + draw(st.sampled_from("[]{}\"'=,.#\n\\ (x0")) + text[i:]
    return text
