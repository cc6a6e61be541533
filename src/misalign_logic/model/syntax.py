"""The syntax of the expression language: a tokenizer and a recursive-descent parser.

The parser yields raw tuples ``(kind, offset, ...)``; :mod:`misalign_logic.model.parse` gives them sorts. Grammar,
loosest first::

    formula  := implies ("<->" implies)*
    implies  := disj ("->" implies)?            # right-associative
    disj     := conj ("or" conj)*
    conj     := unary ("and" unary)*
    unary    := "not" unary | quant | compare
    quant    := ("forall" | "exists") binder ("," binder)* ":" formula
    binder   := NAME ("in" DOMAIN)?             # DOMAIN: a sort, "training" or "deployment"
    compare  := amount (("==" | "!=" | "<" | "<=" | ">" | ">=") amount)?
    amount   := product (("+" | "-") product)*   # an integer term, or a single atom of any sort
    product  := signed ("*" signed)*             # linear: the parser's typing wants a literal factor
    signed   := "-" signed | atom
    atom     := "(" formula ")" | "true" | "false" | INTEGER | sum
              | NAME ("(" formula ("," formula)* ")")?
    sum      := "sum" "(" binder ("," binder)* ":" amount ")"
"""

from __future__ import annotations

import re
from typing import Any

import attrs

__all__ = ["COMPARISONS", "MAX_DEPTH", "Fail", "Parser", "Raw"]

# Each level of nesting costs the recursive-descent parser about eight Python frames; 64 levels stay well inside
# Python's default recursion limit even when the caller's own stack is deep.
MAX_DEPTH = 64

_TOKEN = re.compile(
    r"\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<int>[0-9]+)|(?P<op><->|->|==|!=|<=|>=|[(),:<>+*-])"
    r"|(?P<bad>=|&&|\|\||!|&|\||\S))"
)
_KEYWORDS = frozenset({"forall", "exists", "in", "and", "or", "not", "true", "false", "sum"})
#: The comparisons; ``<``, ``<=``, ``>`` and ``>=`` are between amounts.
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
#: Longest integer literal, in digits: a longer one is refused before it is converted (the typing then
#: refuses one beyond 10^12).
_MAX_DIGITS = 13
_BAD_HINTS = {
    "=": "compare with ==",
    "&&": "write 'and'",
    "&": "write 'and'",
    "||": "write 'or'",
    "|": "write 'or'",
    "!": "write 'not' (or != for 'differs from')",
}


class Fail(Exception):
    def __init__(self, offset: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.hint = hint


@attrs.frozen
class _Tok:
    kind: str  # "name", "op" or "end"
    text: str
    offset: int


def _tokenize(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while True:
        m = _TOKEN.match(text, pos)
        if m is None:  # only trailing whitespace is left
            tokens.append(_Tok("end", "", len(text)))
            return tokens
        kind = m.lastgroup
        assert kind is not None
        start = m.start(kind)
        word = m.group(kind)
        if kind == "bad":
            hint = _BAD_HINTS.get(word, "the language has names, integers, ( ) , : == != < <= > >= + - * -> <->")
            raise Fail(start, f"unexpected {word!r}", hint)
        tokens.append(_Tok(kind, word, start))
        pos = m.end()


# Raw syntax before types are known: (kind, offset, ...).
Raw = tuple[Any, ...]


class Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok:
        return self.tokens[self.i]

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, text: str) -> _Tok:
        tok = self.peek()
        if tok.text != text or tok.kind == "end":
            found = "the end of the constraint" if tok.kind == "end" else repr(tok.text)
            raise Fail(tok.offset, f"expected {text!r}, found {found}")
        return self.take()

    def deeper(self, offset: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Fail(offset, f"expression nested more than {MAX_DEPTH} levels deep", "split it into constraints")

    def formula(self) -> Raw:
        self.deeper(self.peek().offset)
        left, chained = self.implies(), 0
        while self.peek().text == "<->":
            off = self.take().offset
            # A chain nests to the left, ((a <-> b) <-> c) <-> d: each link is one level deeper.
            self.deeper(off)
            chained += 1
            left = ("conn", off, "<->", (left, self.implies()))
        self.depth -= 1 + chained
        return left

    def implies(self) -> Raw:
        left = self.disj()
        if self.peek().text == "->":
            off = self.take().offset
            self.deeper(off)
            right = self.implies()
            self.depth -= 1
            return ("conn", off, "->", (left, right))
        return left

    # Each precedence level below is one Python frame per level of parentheses, so they are written out rather
    # than shared through a helper (which would cost a frame more): a deep caller's stack must still hold
    # MAX_DEPTH levels.

    def disj(self) -> Raw:
        first = self.conj()
        args = [first]
        while self.peek().kind == "name" and self.peek().text == "or":
            self.take()
            args.append(self.conj())
        return first if len(args) == 1 else ("conn", first[1], "or", tuple(args))

    def conj(self) -> Raw:
        first = self.unary()
        args = [first]
        while self.peek().kind == "name" and self.peek().text == "and":
            self.take()
            args.append(self.unary())
        return first if len(args) == 1 else ("conn", first[1], "and", tuple(args))

    def unary(self) -> Raw:
        tok = self.peek()
        if tok.kind == "name" and tok.text == "not":
            self.take()
            self.deeper(tok.offset)
            arg = self.unary()
            self.depth -= 1
            return ("not", tok.offset, arg)
        if tok.kind == "name" and tok.text in ("forall", "exists"):
            return self.quant()
        return self.compare()

    def quant(self) -> Raw:
        tok = self.take()
        binders = self.binders(tok)
        self.expect(":")
        return ("quant", tok.offset, tok.text, binders, self.formula())

    def binders(self, tok: _Tok) -> tuple[Any, ...]:
        """``NAME ("in" DOMAIN)?`` separated by commas, after ``tok`` (a quantifier or ``sum``)."""
        binders = []
        while True:
            name = self.take()
            if name.kind != "name" or name.text in _KEYWORDS:
                raise Fail(name.offset, f"expected a variable name after {tok.text!r}")
            domain = None
            if self.peek().text == "in":
                self.take()
                dom = self.take()
                if dom.kind != "name":
                    raise Fail(dom.offset, "expected a domain after 'in'", "a sort, 'training' or 'deployment'")
                domain = (dom.text, dom.offset)
            binders.append((name.text, name.offset, domain))
            if self.peek().text != ",":
                break
            self.take()
        return tuple(binders)

    def compare(self) -> Raw:
        left = self.amount()
        tok = self.peek()
        if tok.kind == "op" and tok.text in COMPARISONS:
            self.take()
            return ("cmp", tok.offset, tok.text, left, self.amount())
        return left

    def amount(self) -> Raw:
        left = self.product()
        while self.peek().kind == "op" and self.peek().text in ("+", "-"):
            tok = self.take()
            left = ("arith", tok.offset, tok.text, left, self.product())
        return left

    def product(self) -> Raw:
        left = self.signed()
        while self.peek().kind == "op" and self.peek().text == "*":
            tok = self.take()
            left = ("mul", tok.offset, left, self.signed())
        return left

    def signed(self) -> Raw:
        """An atom after any number of signs, read in a loop (not a frame per sign)."""
        signs = []
        while self.peek().kind == "op" and self.peek().text == "-":
            signs.append(self.take().offset)
            self.deeper(signs[-1])
        node = self.atom()
        for offset in reversed(signs):
            node = ("neg", offset, node)
        self.depth -= len(signs)
        return node

    def sum(self, tok: _Tok) -> Raw:
        self.expect("(")
        binders = self.binders(tok)
        self.expect(":")
        self.deeper(tok.offset)
        body = self.amount()
        self.depth -= 1
        self.expect(")")
        return ("sum", tok.offset, binders, body)

    def atom(self) -> Raw:
        tok = self.take()
        if tok.text == "(" and tok.kind == "op":
            inner = self.formula()
            self.expect(")")
            return inner
        if tok.kind == "int":
            if len(tok.text) > _MAX_DIGITS:
                raise Fail(tok.offset, f"integer {tok.text[:20]}... is too large", "amounts are small integers")
            return ("int", tok.offset, int(tok.text))
        if tok.kind == "name" and tok.text == "sum":
            return self.sum(tok)
        if tok.kind != "name" or tok.text in _KEYWORDS - {"true", "false"}:
            found = "the end of the constraint" if tok.kind == "end" else repr(tok.text)
            raise Fail(tok.offset, f"expected a name, true, false or '(', found {found}")
        if tok.text in ("true", "false"):
            return ("bool", tok.offset, tok.text == "true")
        if self.peek().text == "(":
            self.take()
            args = [self.formula()]
            while self.peek().text == ",":
                self.take()
                args.append(self.formula())
            self.expect(")")
            return ("call", tok.offset, tok.text, tuple(args))
        return ("name", tok.offset, tok.text)
