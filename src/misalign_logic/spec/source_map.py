"""Where each key and value of a TOML document is in its source text, which :mod:`tomllib` does not say.

:func:`source_map` scans a document that :mod:`tomllib` has already accepted and records, for every key path
(keys of tables, and indices into arrays and arrays of tables), the line and column of its key and of its
value. A string value also keeps its raw source, so a character of the *decoded* string (after escapes,
line continuations and the newline trimmed after an opening triple quote) can be traced back to the line
and column it was written at: that is how a constraint's error points inside a string.
"""

from __future__ import annotations

import bisect
import difflib
import re
import tomllib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Protocol

import attrs

from misalign_logic.model.errors import Problem

__all__ = ["Locate", "Locator", "SourceMap", "decode_problem", "source_map", "toml_type", "unknown_keys"]

Path = tuple[str | int, ...]

_WS = " \t"
# What the scanner steps over in one match: blanks and comments, with or without newlines; the rest of a basic
# string after its opening quote (a backslash and the character after it are one step); a bare value.
_BLANKS = re.compile(r"(?:[ \t]+|#[^\n]*)*")
_BLANKS_AND_LINES = re.compile(r"(?:[ \t\n]+|#[^\n]*)*")
_BASIC_REST = re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL)  # one character per step: no nested repeat
_BARE_VALUE = re.compile(r"[^,\]}\n#]*")
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_ESCAPE_LENGTH = {"u": 4, "U": 8, "x": 2}  # hex digits after \u, \U and TOML 1.1's \x


class _Malformed(Exception):
    """The scanner met text it does not understand; the caller falls back to no map."""


@attrs.frozen
class _Str:
    start: int  # offset of the first character after the opening quotes
    quote: str  # ', ", ''' or """


@attrs.define
class SourceMap:
    """Lines and columns (1-based) of the keys and values of one TOML document."""

    text: str
    keys: dict[Path, int] = attrs.field(factory=dict)  # offset of the key (or of the array element)
    values: dict[Path, int] = attrs.field(factory=dict)  # offset of the value's first character
    strings: dict[Path, _Str] = attrs.field(factory=dict)
    _starts: list[int] = attrs.field(factory=list)

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column of the character at ``offset`` of the (``\\r\\n``-normalized) text."""
        if not self._starts:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def key(self, path: Path) -> tuple[int, int] | None:
        """Where the key ``path`` (or array element) is written, or None when it is not in the document."""
        found = self.keys.get(path)
        return None if found is None else self.position(found)

    def value(self, path: Path) -> tuple[int, int] | None:
        """Where the value at ``path`` starts, or None."""
        found = self.values.get(path)
        return None if found is None else self.position(found)

    def in_string(self, path: Path, index: int) -> tuple[int, int] | None:
        """Where character ``index`` of the decoded string at ``path`` was written, or None."""
        found = self.strings.get(path)
        if found is None:
            return None
        return self.position(_raw_offset(self.text, found, index))


def _raw_offset(text: str, s: _Str, index: int) -> int:
    """The source offset of character ``index`` of the decoded string ``s``."""
    pos = s.start
    if len(s.quote) == 3 and text.startswith("\n", pos):
        pos += 1  # TOML trims a newline right after the opening delimiter
    basic = s.quote[0] == '"'
    decoded = 0
    while pos < len(text):
        if basic and text[pos] == "\\":
            nxt = text[pos + 1 : pos + 2]
            if len(s.quote) == 3 and nxt and nxt in " \t\n" and _continues(text, pos + 1):
                pos += 1  # a line-ending backslash: it and the blanks after it stand for nothing
                while pos < len(text) and text[pos] in " \t\n":
                    pos += 1
                continue
        if decoded == index:
            break
        if basic and text[pos] == "\\":
            pos += 2 + _ESCAPE_LENGTH.get(text[pos + 1 : pos + 2], 0)
        else:
            pos += 1
        decoded += 1
    return pos


def _continues(text: str, pos: int) -> bool:
    """Whether a backslash before ``pos`` ends a line: only blanks stand between it and a newline."""
    while pos < len(text) and text[pos] in _WS:
        pos += 1
    return pos < len(text) and text[pos] == "\n"


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.map = SourceMap(text)
        self.tables: dict[Path, int] = {}  # array-of-tables path -> entries so far

    def skip(self, newlines: bool) -> None:
        """Past blanks and comments (and newlines when ``newlines``): one regular-expression match, not a
        Python step per character (a large spec is mostly such runs)."""
        self.pos = (_BLANKS_AND_LINES if newlines else _BLANKS).match(self.text, self.pos).end()  # type: ignore[union-attr]

    def key(self) -> list[tuple[str, int]]:
        """A dotted key: its parts and their offsets."""
        parts = []
        while True:
            self.skip(False)
            start = self.pos
            quote = self.text[start : start + 1]
            if quote in ("'", '"'):
                end = self.string_end(quote, start + 1)
                # the quoted key's own escapes: let tomllib decode them
                name = next(iter(tomllib.loads(f"{self.text[start:end]} = 0")))
                self.pos = end
            else:
                while self.pos < len(self.text) and self.text[self.pos] in _BARE:
                    self.pos += 1
                name = self.text[start : self.pos]
                if not name:
                    raise _Malformed
            parts.append((name, start))
            self.skip(False)
            if self.text[self.pos : self.pos + 1] != ".":
                return parts
            self.pos += 1

    def string_end(self, quote: str, pos: int) -> int:
        """Offset just past the string whose content starts at ``pos``."""
        if quote == '"':  # the common case, in one match: escapes are two characters, the first a backslash
            m = _BASIC_REST.match(self.text, pos)
            if m is None:
                raise _Malformed
            return m.end()
        if quote == "'":
            end = self.text.find("'", pos)
            if end < 0:
                raise _Malformed
            return end + 1
        while pos < len(self.text):
            if quote[0] == '"' and self.text[pos] == "\\":
                pos += 2
                continue
            if self.text.startswith(quote, pos):
                end = pos + len(quote)
                if len(quote) == 3:  # up to two quotes may end the content of a triple-quoted string
                    while end < len(self.text) and self.text[end] == quote[0] and end - pos < 5:
                        end += 1
                return end
            pos += 1
        raise _Malformed

    def value(self, path: Path) -> None:
        start = self.pos
        self.map.values[path] = start
        head = self.text[start : start + 3]
        for quote in ('"""', "'''", '"', "'"):
            if head.startswith(quote):
                self.map.strings[path] = _Str(start + len(quote), quote)
                self.pos = self.string_end(quote, start + len(quote))
                return
        if head[:1] == "[":
            self.pos += 1
            index = 0
            while True:
                self.skip(True)
                if self.text[self.pos : self.pos + 1] == "]":
                    self.pos += 1
                    return
                self.map.keys[(*path, index)] = self.pos
                self.value((*path, index))
                index += 1
                self.skip(True)
                if self.text[self.pos : self.pos + 1] == ",":
                    self.pos += 1
        elif head[:1] == "{":
            self.pos += 1
            while True:
                self.skip(True)
                if self.text[self.pos : self.pos + 1] == "}":
                    self.pos += 1
                    return
                self.pair(path)
                self.skip(True)
                if self.text[self.pos : self.pos + 1] == ",":
                    self.pos += 1
        else:
            self.pos = _BARE_VALUE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos == start:
                raise _Malformed

    def pair(self, table: Path) -> None:
        parts = self.key()
        path = table
        for name, offset in parts:
            path = (*path, name)
            self.map.keys.setdefault(path, offset)
        if self.text[self.pos : self.pos + 1] != "=":
            raise _Malformed
        self.pos += 1
        self.skip(False)
        self.value(path)

    def header(self) -> Path:
        double = self.text.startswith("[[", self.pos)
        self.pos += 2 if double else 1
        parts = self.key()
        self.pos += 2 if double else 1
        path: Path = ()
        for k, (name, offset) in enumerate(parts):
            path = (*path, name)
            last = k == len(parts) - 1
            if last and double:
                index = self.tables.get(path, 0)
                self.tables[path] = index + 1
                path = (*path, index)
            elif path in self.tables:  # a sub-table of the latest entry of an array of tables
                path = (*path, self.tables[path] - 1)
            self.map.keys.setdefault(path, offset)
        return path

    def scan(self) -> SourceMap:
        table: Path = ()
        while True:
            self.skip(True)
            if self.pos >= len(self.text):
                return self.map
            if self.text[self.pos] == "[":
                table = self.header()
            else:
                self.pair(table)


# A run of key parts joined by dots: bare, "basic" or 'literal'. The parts are separated by a dot that no part
# can contain, so the match is linear.
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\\\n]*"|'[^'\n]*')"""


def long_dotted_key(text: str, most: int) -> tuple[int, int] | None:
    """The line (and column 1) where a dotted key of more than ``most`` parts is written, or None.

    :mod:`tomllib` takes time quadratic in a dotted key's parts (20,000 parts: half a minute), so such a key
    is found first with one linear scan. A string value written like a dotted key would be found too; no
    spec has one so long.
    """
    if text.count(".") < most:  # too few dots for such a key anywhere: no scan
        return None
    # Spaces around the dots go first, and a key starts only after a character that cannot end a part or a
    # dot: so each run of parts is scanned once, and the whole scan stays linear.
    packed = re.sub(r"[ \t]*\.[ \t]*", ".", text)
    m = re.search(rf"""(?<![A-Za-z0-9_."'-])(?:{_KEY_PART}\.){{{most}}}{_KEY_PART}""", packed)
    return None if m is None else (packed.count("\n", 0, m.start()) + 1, 1)


def source_map(text: str) -> SourceMap:
    """Map the keys and values of ``text``, a document :func:`tomllib.loads` accepts.

    Returns:
        The map. Offsets are into ``text`` with ``\\r\\n`` replaced by ``\\n`` (as :mod:`tomllib` reads it),
        which leaves every line and column unchanged. When the scan fails (it should not on valid TOML; a
        document nested too deeply for recursion is one case), the map is empty and callers fall back to
        coarser locations.
    """
    normalized = text.replace("\r\n", "\n")
    try:
        return _Scanner(normalized).scan()
    except (_Malformed, IndexError, RecursionError):
        return SourceMap(normalized)


def decode_problem(err: tomllib.TOMLDecodeError, text: str, path: str) -> Problem:
    """The problem :mod:`tomllib` found, located and worded for a spec's author."""
    m = _TOML_AT.search(str(err))
    lines = text.replace("\r\n", "\n").split("\n")
    # Without a position tomllib means "at end of document": point just past the last character.
    where = (int(m.group(1)), int(m.group(2))) if m else (len(lines), len(lines[-1]) + 1)
    message = _TOML_AT.sub("", str(err)).replace("(at end of document)", "at the end of the file").strip()
    hint = "check quotes, brackets and commas on that line"
    if message.startswith(("Cannot overwrite", "Cannot declare")):
        # tomllib points past the value; the key written twice is the news, so point at it.
        line = lines[where[0] - 1]
        where = (where[0], len(line) - len(line.lstrip()) + 1)
        message += " (a key or table given twice)"
        hint = "each name may appear once in a table: is a situation, fact or table declared twice?"
    return Problem(f"not valid TOML: {message}", path, *where, hint)


def toml_type(value: object) -> str:
    """How TOML calls the type of ``value``, for messages."""
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "an array", dict: "a table"}
    # Floats are read as Decimal, so that a probability keeps its exact decimal value.
    return "a float" if isinstance(value, Decimal) else names.get(type(value), "a date or time")


class Locate(Protocol):
    """Finds tables and keys in spec source: what the readers of priors and judgments need of a :class:`Locator`."""

    def section(self, name: str, index: int = 0) -> tuple[int, int]: ...

    def key(self, key: str, span: tuple[int, int]) -> tuple[int, int]: ...


class Locator:
    """Finds tables, keys and strings in TOML source by their text: coarser than :class:`SourceMap`, but it
    needs no scan, so it also serves where the map has no entry."""

    def __init__(self, text: str) -> None:
        # TOML ends lines with \n or \r\n only; str.splitlines would also split at \x85, \u2028 and others.
        self.lines = text.replace("\r\n", "\n").removesuffix("\n").split("\n")
        self.headers: list[tuple[int, str, bool]] = []  # (line index, name, is array-of-tables)
        for i, line in enumerate(self.lines):
            m = _HEADER.match(line)
            if m:
                self.headers.append((i, m.group(2), m.group(1) == "[["))

    def section(self, name: str, index: int = 0) -> tuple[int, int]:
        """Line range (0-based, end exclusive) of the ``index``-th table called ``name`` and its sub-tables."""
        count = -1
        for k, (i, header, _) in enumerate(self.headers):
            if header == name:
                count += 1
                if count == index:
                    end = len(self.lines)
                    for j, other, _ in self.headers[k + 1 :]:
                        if not other.startswith(name + "."):
                            end = j
                            break
                    return i, end
        return 0, len(self.lines)

    def key(self, key: str, span: tuple[int, int]) -> tuple[int, int]:
        """1-based line and column of ``key =`` within ``span``, or of the span's start."""
        pattern = re.compile(rf"^\s*(?:[\w.\"-]+\.)?[\"']?{re.escape(key)}[\"']?\s*=")
        inline = re.compile(rf"[{{,]\s*{re.escape(key)}\s*=")
        for i in range(*span):
            m = pattern.match(self.lines[i]) or inline.search(self.lines[i])
            if m:
                col = self.lines[i].find(key, m.start())
                return i + 1, col + 1
        return span[0] + 1, 1

    def string(self, value: str, span: tuple[int, int], after: int = 0) -> tuple[int, int]:
        """1-based line and column of the first character of string ``value`` in ``span`` at or after ``after``."""
        first = value.split("\n", 1)[0]
        for i in range(max(span[0], after), span[1]):
            line = self.lines[i]
            for quote in ('"""', "'''", '"', "'"):
                col = line.find(quote + first)
                if col >= 0 and first:
                    return i + 1, col + len(quote) + 1
        return span[0] + 1, 1


def unknown_keys(table: Iterable[str], allowed: Iterable[str], what: str) -> Iterator[tuple[str, str, str]]:
    """Each key of ``table`` that ``what`` (e.g. ``[[judgment]]``) does not take: the key, the message, and a
    hint (the closest allowed key, or the keys it takes). The caller locates and reports them."""
    allowed = tuple(allowed)
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"{what} takes {', '.join(allowed)}"
            yield key, f"unknown key {key!r} in {what}", hint
