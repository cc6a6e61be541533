"""The one writer of SMT-LIB commands: declarations, assertions and named terms (and the reader of declarations).

Every other module of the solve room asks this one for the text of a command, so the dialect (every constant
boolean but an amount's integer; ``|...|`` quoted symbols; a named term as a declared constant equal to, or
implying, its term) is written in one place. Terms themselves (``(and ...)``, an atom's boolean) are built by
:mod:`misalign_logic.solve.encoding`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = [
    "DECLARATION",
    "amount",
    "assertion",
    "check_sat",
    "declare",
    "declared",
    "exactly_one",
    "named",
    "quoted",
]

#: A declaration as :func:`declare` or :func:`amount` writes it: a boolean constant, or an amount's integer one.
DECLARATION = re.compile(r"\(declare-const (\|[^|]*\||[^\s()|]+) (?:Bool|Int)\)")


def quoted(name: str) -> str:
    """``name`` as an SMT-LIB symbol: ``|name|`` (any character but ``|`` and ``\\``)."""
    return f"|{name}|"


def declare(symbol: str) -> str:
    """The declaration of the boolean constant ``symbol`` (already a symbol: see :func:`quoted`)."""
    return f"(declare-const {symbol} Bool)"


def amount(symbol: str, lo: str, hi: str) -> Iterator[str]:
    """Commands declaring the integer constant ``symbol`` (an amount) and asserting ``lo <= symbol <= hi``
    (numerals as SMT-LIB writes them)."""
    yield f"(declare-const {symbol} Int)"
    yield assertion(f"(<= {lo} {symbol} {hi})")


def assertion(term: str) -> str:
    """The assertion of ``term``."""
    return f"(assert {term})"


def check_sat() -> str:
    """The command that asks whether the assertions have a model (a script's question)."""
    return "(check-sat)"


def named(symbol: str, term: str, *, implies: bool = False) -> str:
    """``symbol`` declared and asserted equal to ``term`` (with ``implies``: only implying it, a selector that
    an assumption turns on)."""
    op = "=>" if implies else "="
    return f"{declare(symbol)} {assertion(f'({op} {symbol} {term})')}"


def exactly_one(symbols: list[str]) -> Iterator[str]:
    """Commands declaring the booleans ``symbols`` (a one-hot value) and asserting that exactly one holds."""
    yield from (declare(s) for s in symbols)
    yield assertion(f"(or {' '.join(symbols)})")
    yield from (assertion(f"(not (and {a} {b}))") for i, a in enumerate(symbols) for b in symbols[i + 1 :])


def declared(text: str) -> Iterable[str]:
    """The symbols ``text`` declares."""
    return DECLARATION.findall(text)
