"""The expression language of constraints: parsing (see :mod:`misalign_logic.model.syntax`) and type checking.

Constraints are data: they are parsed here and never evaluated as Python. The grammar is in
:mod:`misalign_logic.model.syntax`. A variable without a domain takes its sort from where it is used
(``forall a: ideal(farm, a)``).
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping

import attrs

from misalign_logic.model.errors import Problem, SpecError
from misalign_logic.model.expr import (
    App,
    Arith,
    BoolLit,
    Compare,
    Connective,
    Const,
    Expr,
    IntLit,
    Not,
    Quantifier,
    Scale,
    Sum,
    Var,
)
from misalign_logic.model.limits import DEFAULT_LIMITS, raise_hint
from misalign_logic.model.story import BUILTIN_FUNCTIONS, MAX_LITERAL, STATIC_FUNCTIONS, Story, Symbol
from misalign_logic.model.syntax import MAX_DEPTH, Fail, Parser, Raw

__all__ = ["MACROS", "MAX_SUM", "Origin", "parse_condition", "parse_constraint", "parse_term"]

#: Names the language defines on top of the world's functions: ``failure(s)`` (a deployment situation where
#: the model does what the wishes reject) and ``mentions(SYMBOL)`` (a scheme's condition only: the scenario's
#: constraints mention SYMBOL; ``mentions(cognition)``: they mention some cognition symbol).
MACROS = frozenset({"failure", "mentions"})

#: Longest constraint text accepted, and deepest nesting; beyond them a spec is refused, not parsed.
MAX_LENGTH = DEFAULT_LIMITS["constraint_length"]
#: Most terms one ``sum`` adds up (the product of its domains' sizes): z3 gave up, under the default resource
#: limit, on a sum of 10,000 amounts with wide ranges, and decided one of 5,000 in 17 s (specs/README.md).
MAX_SUM = DEFAULT_LIMITS["sum_terms"]
#: Most instances one constraint's quantifiers may expand to (the product of their domains' sizes), so that
#: grounding a constraint stays bounded: ``forall s1, s2, s3: ...`` over 5,000 situations is refused.
MAX_GROUNDING = DEFAULT_LIMITS["grounding"]

_SORTS = ("Situation", "Action", "Choice", "Reason")


@attrs.frozen
class Origin:
    """Where a constraint's text starts: file, line and column of its first character (1-based)."""

    file: str = "<string>"
    line: int = 0
    column: int = 0

    def at(self, text: str, offset: int) -> tuple[int, int]:
        """Line and column of ``text[offset]`` when ``text`` starts at this origin."""
        if not self.line:
            return 0, offset + 1
        before = text[:offset]
        newlines = before.count("\n")
        if newlines:
            return self.line + newlines, offset - before.rfind("\n")
        return self.line, self.column + offset


class _Checker:
    """Gives every raw node its sort, or fails with a message that says what to fix."""

    def __init__(self, story: Story, mentioned: frozenset[str] | None = None) -> None:
        self.story = story
        self.symbols = story.symbols()
        self.constants = story.constant_sorts()
        self.grounding = 1  # instances the enclosing quantifiers expand to
        # For a scheme's condition: the symbols the scenario mentions (None: not a condition, so a scenario's
        # own constraint, which cannot read the description).
        self.mentioned = mentioned
        self.domains: dict[str, str] = {}  # each variable in scope -> its domain (training, deployment, a sort)

    def suggest(self, name: str, scope: Iterable[str]) -> str:
        pool = [*self.symbols, *self.constants, *scope]
        close = difflib.get_close_matches(name, pool, n=1)
        return f"did you mean {close[0]!r}?" if close else ""

    def check(self, raw: Raw, scope: dict[str, str]) -> Expr:
        kind, off = raw[0], raw[1]
        if kind == "bool":
            return BoolLit(raw[2])
        if kind == "name":
            return self.name(raw[2], off, scope)
        if kind == "call":
            return self.call(raw[2], off, raw[3], scope)
        if kind == "not":
            return Not(self.boolean(raw[2], scope))
        if kind == "conn":
            return Connective(raw[2], tuple(self.boolean(a, scope) for a in raw[3]))
        if kind == "cmp":
            left, right = self.check(raw[3], scope), self.check(raw[4], scope)
            if left.sort != right.sort:
                raise Fail(off, f"cannot compare {_a(_sort_word(left.sort))} with {_a(_sort_word(right.sort))}")
            if raw[2] not in ("==", "!=") and left.sort != "Int":
                raise Fail(
                    off,
                    f"{raw[2]} compares amounts; {_describe(raw[3])} is {_a(_sort_word(left.sort))}",
                    "compare situations, actions, values and true/false statements with == or !=",
                )
            return Compare(raw[2], left, right)
        if kind in ("int", "arith", "mul", "neg", "sum"):
            return self.amount(raw, scope)
        return self.quant(raw, scope)

    def amount(self, raw: Raw, scope: dict[str, str]) -> Expr:
        """An integer term: a literal, a sum or difference, a literal times a term, or ``sum(...)``."""
        kind, off = raw[0], raw[1]
        if kind == "int":
            return self.literal(raw[2], off)
        if kind == "neg":
            arg = self.integer(raw[2], scope, "-")
            return IntLit(-arg.value) if isinstance(arg, IntLit) else Scale(-1, arg)
        if kind == "arith":
            return Arith(raw[2], self.integer(raw[3], scope, raw[2]), self.integer(raw[4], scope, raw[2]))
        if kind == "mul":
            left, right = self.integer(raw[2], scope, "*"), self.integer(raw[3], scope, "*")
            if isinstance(left, IntLit) and isinstance(right, IntLit):
                return self.literal(left.value * right.value, off)
            if isinstance(left, IntLit):
                return Scale(left.value, right)
            if isinstance(right, IntLit):
                return Scale(right.value, left)
            raise Fail(
                off,
                "cannot multiply two amounts: the language is linear",
                "multiply an amount by a number, e.g. 2 * points(t1, a)",
            )
        return self.quant(raw, scope)

    def literal(self, value: int, off: int) -> IntLit:
        if abs(value) > MAX_LITERAL:
            raise Fail(off, f"the number {value} is beyond ±10^12", "write a smaller number, or scale the amounts")
        return IntLit(value)

    def integer(self, raw: Raw, scope: dict[str, str], op: str) -> Expr:
        expr = self.check(raw, scope)
        if expr.sort != "Int":
            raise Fail(
                raw[1],
                f"{op} works on amounts; {_describe(raw)} is {_a(_sort_word(expr.sort))}",
                "declare an amount under [story.facts] with range = [lo, hi]",
            )
        return expr

    def boolean(self, raw: Raw, scope: dict[str, str]) -> Expr:
        expr = self.check(raw, scope)
        if expr.sort != "Bool":
            raise Fail(
                raw[1],
                f"{_describe(raw)} is {_a(_sort_word(expr.sort))}, not a true/false statement",
                "compare it with == to a value",
            )
        return expr

    def name(self, name: str, off: int, scope: dict[str, str]) -> Expr:
        if name in scope:
            return Var(name, scope[name])
        if name in self.constants:
            return Const(name, self.constants[name])
        sym = self.symbols.get(name)
        if sym is not None:
            if sym.args:
                raise Fail(off, f"{name} takes {len(sym.args)} argument(s): {name}({', '.join(sym.args)})")
            return App(name, (), sym.result)
        raise Fail(
            off,
            f"unknown name {name!r}",
            self.suggest(name, scope)
            or "declare it in the story: a situation under [story.situations], an action, a choice, "
            "or a fact under [story.facts]",
        )

    def call(self, name: str, off: int, raws: tuple[Raw, ...], scope: dict[str, str]) -> Expr:
        if name in MACROS and name not in self.symbols:
            return self.macro(name, off, raws, scope)
        sym = self.symbols.get(name)
        if sym is None:
            raise Fail(off, f"unknown function {name!r}", self.suggest(name, scope))
        if not sym.args:
            raise Fail(off, f"{name} takes no arguments", f"write {name} without parentheses")
        if len(raws) != len(sym.args):
            raise Fail(
                off,
                f"{name} takes {len(sym.args)} argument(s), got {len(raws)}",
                f"write {name}({', '.join(sym.args)})",
            )
        args = []
        for raw, sort in zip(raws, sym.args, strict=True):
            arg = self.check(raw, scope)
            if arg.sort != sort:
                raise Fail(
                    raw[1],
                    f"argument {_describe(raw)} of {name} is {_a(_sort_word(arg.sort))}, "
                    f"expected {_a(_sort_word(sort))}",
                )
            args.append(arg)
        if sym.only_in and "Situation" in sym.args:
            where = sym.args.index("Situation")
            self.only_in(name, sym, args[where], raws[where][1])
        if name in STATIC_FUNCTIONS:
            return App(name, tuple(args), "Bool")
        return App(name, tuple(args), sym.result)

    def only_in(self, name: str, sym: Symbol, arg: Expr, off: int) -> None:
        """Refuse a symbol given in one phase only (``feedback``: training) at a situation of the other phase."""
        other = "deployment" if sym.only_in == "training" else "training"
        given = f"{name} is only given in {sym.only_in} situations"
        if isinstance(arg, Const) and self.story.phase(arg.name).value == other:
            raise Fail(
                off, f"{given}; {arg.name} is a {other} situation", f"use {sym.instead} for what should happen there"
            )
        if isinstance(arg, Var) and self.domains.get(arg.name) == other:
            raise Fail(
                off,
                f"{given}; {arg.name} ranges over {other} situations",
                f"quantify over {sym.only_in}, or use {sym.instead} for what should happen in {other}",
            )

    def macro(self, name: str, off: int, raws: tuple[Raw, ...], scope: dict[str, str]) -> Expr:
        """``failure(s)``, expanded to the world's functions; ``mentions(SYMBOL)``, read off the scenario."""
        if len(raws) != 1:
            raise Fail(off, f"{name} takes 1 argument, got {len(raws)}", f"write {name}(SITUATION)")
        raw = raws[0]
        if name == "failure":
            s = self.check(raw, scope)
            if s.sort != "Situation":
                raise Fail(raw[1], f"argument of failure is {_a(_sort_word(s.sort))}, expected a situation")
            taken = App("policy", (s,), "Action")
            return Connective("and", (App("deployment", (s,), "Bool"), Not(App("ideal", (s, taken), "Bool"))))
        if self.mentioned is None:
            raise Fail(
                off,
                "mentions(...) reads a scenario's wording; only a scheme's conditions can use it",
                "state facts about the world here",
            )
        symbol = raw[2] if raw[0] == "name" else None
        if symbol == "cognition":
            return BoolLit(bool(self.mentioned & self.story.cognition_symbols))
        if symbol is None or symbol not in self.symbols or symbol in STATIC_FUNCTIONS:
            raise Fail(
                raw[1],
                "mentions takes the name of one of the world's functions or facts, or cognition",
                "write e.g. mentions(reason) or mentions(cognition)",
            )
        return BoolLit(symbol in self.mentioned)

    def quant(self, raw: Raw, scope: dict[str, str]) -> Expr:
        if raw[0] == "sum":
            _, _off, binders, body = raw
            kind = "sum"
        else:
            _, _off, kind, binders, body = raw
        inner = dict(scope)
        variables: list[tuple[str, str]] = []
        outer, outer_domains = self.grounding, dict(self.domains)
        for name, name_off, domain in binders:
            # A scheme's condition is written without knowing the story: its variables may hide the story's
            # situations, actions and facts (never the built-in functions or the sorts).
            hides = name in self.symbols if self.mentioned is None else name in BUILTIN_FUNCTIONS or name in MACROS
            if hides or (self.mentioned is None and name in self.constants):
                raise Fail(name_off, f"variable {name!r} hides a name of the story", "pick another variable name")
            if domain is None:
                sort = _infer(name, body, self.symbols, self.constants)
                if sort is None:
                    raise Fail(
                        name_off,
                        f"cannot tell what {name!r} ranges over",
                        f"write '{kind} {name} in SORT' with one of {', '.join(_SORTS)}",
                    )
                if sort in ("Bool", "Int"):  # the encodings ground variables over finite story sorts only
                    raise Fail(
                        name_off,
                        f"variable {name!r} would range over {'true/false' if sort == 'Bool' else 'amounts'}",
                        "variables range over situations, actions, choices, reasons or enum values; "
                        "write the two cases out",
                    )
                dom = sort
            else:
                dom, dom_off = domain
                if dom in ("training", "deployment"):
                    sort = "Situation"
                elif dom in _SORTS or dom in self.story.sort_names:
                    sort = dom
                elif any(f.name == dom and f.values is not None for f in self.story.facts):
                    sort = dom = f"fact:{dom}"
                else:
                    raise Fail(
                        dom_off,
                        f"unknown domain {dom!r}",
                        f"use one of {', '.join(_SORTS)}, training, deployment, an enum fact or a declared sort",
                    )
            inner[name] = sort
            self.domains[name] = dom
            variables.append((name, dom))
            self.grounding *= self.domain_size(dom)
            limit = self.story.limits.of("grounding")
            if self.grounding > limit:
                raise Fail(
                    name_off,
                    f"the quantifiers expand to {self.grounding} instances here; the limit is {limit}",
                    "quantify over smaller domains (training, deployment) or fewer variables, or "
                    + raise_hint("grounding", self.grounding),
                )
        try:
            if kind == "sum":
                terms = 1
                for _, dom in variables:
                    terms *= self.domain_size(dom)
                limit = self.story.limits.of("sum_terms")
                if terms > limit:
                    raise Fail(
                        _off,
                        f"the sum adds up {terms} terms; the limit is {limit}",
                        "sum over smaller domains (training, deployment, a sort) or fewer variables, or "
                        + raise_hint("sum_terms", terms),
                    )
                return Sum(tuple(variables), self.integer(body, inner, "sum"))
            return Quantifier(kind, tuple(variables), self.boolean(body, inner))
        finally:
            self.grounding, self.domains = outer, outer_domains

    def domain_size(self, domain: str) -> int:
        if domain == "training":
            return len(self.story.training)
        if domain == "deployment":
            return len(self.story.deployment)
        return len(self.story.sort_values(domain))


def _infer(var: str, raw: Raw, symbols: Mapping[str, Symbol], constants: Mapping[str, str]) -> str | None:
    """The sort ``var`` must have from the places it occurs in ``raw``, or None when nothing says."""
    kind = raw[0]
    if kind == "call" and raw[2] == "failure" and raw[2] not in symbols:
        arg = raw[3][0] if raw[3] else None
        if arg is not None and arg[0] == "name" and arg[2] == var:
            return "Situation"
    if kind == "call":
        sym = symbols.get(raw[2])
        for i, arg in enumerate(raw[3]):
            if arg[0] == "name" and arg[2] == var and sym is not None and i < len(sym.args):
                return str(sym.args[i])
            found = _infer(var, arg, symbols, constants)
            if found:
                return found
        return None
    if kind == "cmp":
        for mine, other in ((raw[3], raw[4]), (raw[4], raw[3])):
            if mine[0] == "name" and mine[2] == var:
                if other[0] == "name" and other[2] in constants:
                    return constants[other[2]]
                if other[0] in ("name", "call") and other[2] in symbols:
                    return str(symbols[other[2]].result)
        return _infer(var, raw[3], symbols, constants) or _infer(var, raw[4], symbols, constants)
    if kind == "not":
        return _infer(var, raw[2], symbols, constants)
    if kind == "conn":
        for arg in raw[3]:
            found = _infer(var, arg, symbols, constants)
            if found:
                return found
        return None
    if kind in ("quant", "sum"):
        binders, body = (raw[3], raw[4]) if kind == "quant" else (raw[2], raw[3])
        if any(b[0] == var for b in binders):
            return None  # shadowed
        return _infer(var, body, symbols, constants)
    if kind in ("arith", "mul"):
        for arg in raw[-2:]:
            found = _infer(var, arg, symbols, constants)
            if found:
                return found
        return None
    if kind == "neg":
        return _infer(var, raw[2], symbols, constants)
    return None


def _sort_word(sort: str) -> str:
    """The sort as a noun after "a": "true/false statement", "value of mood", "action"."""
    if sort == "Bool":
        return "true/false statement"
    if sort.startswith("fact:"):
        return f"value of {sort[5:]}"
    if sort == "Int":
        return "amount"
    if sort not in _SORTS:  # a user sort keeps its own spelling
        return f"value of sort {sort}"
    return sort.lower()


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _describe(raw: Raw) -> str:
    if raw[0] in ("name", "call"):
        return repr(raw[2])
    return "this expression"


@functools.lru_cache(maxsize=4096)
def _syntax(text: str) -> Raw:
    """The syntax tree of ``text`` before types (a pure function of the text: the same label condition is
    parsed over every story a property-based test draws); raises :class:`Fail`, which is never cached."""
    parser = Parser(text)
    if parser.peek().kind == "end":
        raise Fail(0, "empty constraint", "write a statement such as policy(farm) == print_pr")
    raw = parser.formula()
    tok = parser.peek()
    if tok.kind != "end":
        raise Fail(
            tok.offset,
            f"unexpected {tok.text!r} after a complete expression",
            "join statements with 'and', or put them in separate constraints",
        )
    return raw


def _run(
    text: str,
    story: Story,
    origin: Origin,
    boolean: bool,
    mentioned: frozenset[str] | None = None,
    free: Mapping[str, tuple[str, str]] | None = None,
) -> Expr:
    try:
        if len(text) > story.limits.of("constraint_length"):
            raise Fail(
                0,
                f"constraint is {len(text)} characters long; the limit is {story.limits.of('constraint_length')}",
                "split it into several constraints, or " + raise_hint("constraint_length", len(text)),
            )
        raw = _syntax(text)
        checker = _Checker(story, mentioned)
        scope = {name: sort for name, (sort, _) in (free or {}).items()}
        checker.domains.update({name: domain for name, (_, domain) in (free or {}).items()})
        return checker.boolean(raw, scope) if boolean else checker.check(raw, scope)
    except Fail as fail:
        line, column = origin.at(text, fail.offset)
        msg = f"in {text.strip()!r}: {fail.message}" if len(text) <= 200 else fail.message
        raise SpecError(Problem(msg, origin.file, line, column, fail.hint)) from None
    except RecursionError:
        line, column = origin.at(text, 0)
        problem = Problem(
            f"expression nested too deeply (the limit is {MAX_DEPTH} levels)",
            origin.file,
            line,
            column,
            "split it into constraints",
        )
        raise SpecError(problem) from None


def parse_constraint(text: str, story: Story, origin: Origin | None = None) -> Expr:
    """Parse and type-check a constraint (a true/false statement) over ``story``.

    Args:
        text: the constraint, e.g. ``"forall a: feedback(review, a) == ideal(review, a)"``.
        story: the signature its names come from.
        origin: where ``text`` starts in a spec file, for error locations.

    Returns:
        The typed expression.

    Raises:
        SpecError: the text is malformed, names something unknown, or mixes sorts.
    """
    return _run(text, story, origin or Origin(), boolean=True)


def parse_condition(
    text: str,
    story: Story,
    mentioned: frozenset[str],
    origin: Origin | None = None,
    free: Mapping[str, tuple[str, str]] | None = None,
) -> Expr:
    """Parse a scheme's label condition over ``story``, for a scenario that mentions the symbols ``mentioned``.

    As :func:`parse_constraint`, and: ``mentions(SYMBOL)`` becomes true or false by ``mentioned``, and the
    condition's variables may hide names of the story (a scheme is written for every story). ``free`` names
    the variables the text may use without binding them, each with its sort and domain (a scheme's parameter,
    filled in later by :func:`~misalign_logic.model.expr.substitute`).

    Raises:
        SpecError: the text is malformed, names something unknown, or mixes sorts.
    """
    return _run(text, story, origin or Origin(), boolean=True, mentioned=mentioned, free=free)


def parse_term(text: str, story: Story, origin: Origin | None = None) -> Expr:
    """Parse a term of any sort (e.g. ``reason(review)`` for a prior's unknown)."""
    return _run(text, story, origin or Origin(), boolean=False)
