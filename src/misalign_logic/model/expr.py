"""The typed expressions constraints are made of, and how they read back as text.

A constraint is parsed (see :mod:`misalign_logic.model.parse`) into these frozen nodes. Every node knows its
sort: ``Bool``, a story sort (``Situation``, ``Action``, ``Choice``, ``Reason``, a user sort), ``fact:NAME`` or
``Int`` (an amount).
Quantifiers range over finite sorts, so every expression has a finite grounding.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs

__all__ = [
    "App",
    "Arith",
    "BoolLit",
    "Compare",
    "Connective",
    "Const",
    "Expr",
    "IntLit",
    "Not",
    "Quantifier",
    "Scale",
    "Sum",
    "Var",
    "abstract",
    "fresh",
    "ground_name",
    "names",
    "substitute",
]


@attrs.frozen(cache_hash=True)
class Const:
    """A named constant: a situation, action, choice, reason or enum value."""

    name: str
    sort: str


@attrs.frozen(cache_hash=True)
class BoolLit:
    """``true`` or ``false``."""

    value: bool
    sort: str = "Bool"


@attrs.frozen(cache_hash=True)
class Var:
    """A variable bound by a quantifier."""

    name: str
    sort: str


@attrs.frozen(cache_hash=True)
class App:
    """A function of the world applied to arguments, e.g. ``policy(farm)`` or ``choice``."""

    func: str
    args: tuple[Expr, ...]
    sort: str


@attrs.frozen(cache_hash=True)
class Not:
    """Negation."""

    arg: Expr
    sort: str = "Bool"


@attrs.frozen(cache_hash=True)
class Connective:
    """``and``, ``or``, ``->`` (implies) or ``<->`` (if and only if) over booleans."""

    op: str
    args: tuple[Expr, ...]
    sort: str = "Bool"


@attrs.frozen(cache_hash=True)
class Compare:
    """``==`` or ``!=`` between two terms of the same sort."""

    op: str
    left: Expr
    right: Expr
    sort: str = "Bool"


@attrs.frozen(cache_hash=True)
class IntLit:
    """An integer literal (an amount)."""

    value: int
    sort: str = "Int"


@attrs.frozen(cache_hash=True)
class Arith:
    """``left + right`` or ``left - right`` between amounts."""

    op: str
    left: Expr
    right: Expr
    sort: str = "Int"


@attrs.frozen(cache_hash=True)
class Scale:
    """A literal times an amount, ``factor * arg``: the one product the language has, so amounts stay linear."""

    factor: int
    arg: Expr
    sort: str = "Int"


@attrs.frozen(cache_hash=True)
class Sum:
    """``sum(x in D, ...: body)``: the amount ``body`` added up over every binding of the variables.

    Domains are as a quantifier's: a sort, or ``training`` / ``deployment``.
    """

    variables: tuple[tuple[str, str], ...]
    body: Expr
    sort: str = "Int"


@attrs.frozen(cache_hash=True)
class Quantifier:
    """``forall`` or ``exists`` over variables, each ranging over a domain.

    A domain is a sort, or ``training`` / ``deployment`` for the situations of that phase.
    """

    kind: str
    variables: tuple[tuple[str, str], ...]
    body: Expr
    sort: str = "Bool"


Expr = Const | BoolLit | Var | App | Not | Connective | Compare | Quantifier | IntLit | Arith | Scale | Sum

_PRECEDENCE = {"<->": 1, "->": 2, "or": 3, "and": 4}
# Amounts bind tighter than comparisons (6): a sum or difference at 7, a product at 8, a signed term at 9.
_ADDITIVE, _PRODUCT, _SIGNED = 7, 8, 9


def _render_amount(expr: IntLit | Arith | Scale | Sum, parent: int) -> str:
    if isinstance(expr, IntLit):
        text = str(expr.value)
        return f"({text})" if expr.value < 0 and parent >= _SIGNED else text
    if isinstance(expr, Arith):
        # "-" is left-associative: its right operand needs parentheses at equal precedence.
        text = f"{render(expr.left, _ADDITIVE)} {expr.op} {render(expr.right, _ADDITIVE + 1)}"
        return f"({text})" if parent > _ADDITIVE else text
    if isinstance(expr, Scale):
        if expr.factor == -1:
            text = f"-{render(expr.arg, _SIGNED)}"
            return f"({text})" if parent >= _SIGNED else text
        text = f"{render(IntLit(expr.factor), _SIGNED)} * {render(expr.arg, _PRODUCT + 1)}"
        return f"({text})" if parent > _PRODUCT else text
    binders = ", ".join(f"{n} in {d}" for n, d in expr.variables)
    return f"sum({binders}: {render(expr.body)})"


def ground_name(func: str, args: tuple[str, ...] | list[str]) -> str:
    """The name of the ground term ``func(args)``, as a constraint writes it: ``ideal(farm, print_pr)``, or ``func``
    alone without arguments. Every layer knows an atom by this name (the lowering, a world's facts, the terms a
    scenario mentions): it is spelled here only, so that two spellings cannot make two atoms of one."""
    return f"{func}({', '.join(args)})" if args else func


def render(expr: Expr, parent: int = 0) -> str:
    """Write ``expr`` back in the expression language, with only the parentheses it needs."""
    if isinstance(expr, Const | Var):
        return expr.name
    if isinstance(expr, BoolLit):
        return "true" if expr.value else "false"
    if isinstance(expr, App):
        if not expr.args:
            return expr.func
        return f"{expr.func}({', '.join(render(a) for a in expr.args)})"
    if isinstance(expr, Not):
        return f"not {render(expr.arg, 6)}"
    if isinstance(expr, Compare):
        text = f"{render(expr.left, 6)} {expr.op} {render(expr.right, 6)}"
        return f"({text})" if parent >= 6 else text
    if isinstance(expr, IntLit | Arith | Scale | Sum):
        return _render_amount(expr, parent)
    if isinstance(expr, Connective):
        prec = _PRECEDENCE[expr.op]
        # "->" is right-associative: the left operand needs parentheses at equal precedence.
        parts = [render(a, prec + (1 if i == 0 or expr.op != "->" else 0)) for i, a in enumerate(expr.args)]
        text = f" {expr.op} ".join(parts)
        return f"({text})" if parent > prec else text
    binders = ", ".join(f"{n} in {d}" for n, d in expr.variables)
    text = f"{expr.kind} {binders}: {render(expr.body)}"
    return f"({text})" if parent > 0 else text


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of ``expr``, parents before children."""
    yield expr
    if isinstance(expr, App):
        for a in expr.args:
            yield from walk(a)
    elif isinstance(expr, Not):
        yield from walk(expr.arg)
    elif isinstance(expr, Connective):
        for a in expr.args:
            yield from walk(a)
    elif isinstance(expr, Compare):
        yield from walk(expr.left)
        yield from walk(expr.right)
    elif isinstance(expr, Quantifier | Sum):
        yield from walk(expr.body)
    elif isinstance(expr, Arith):
        yield from walk(expr.left)
        yield from walk(expr.right)
    elif isinstance(expr, Scale):
        yield from walk(expr.arg)


def negate(e: Expr) -> Expr:
    """The negation of ``e``: its argument when ``e`` is itself a negation, so no double negation is built."""
    return e.arg if isinstance(e, Not) else Not(e)


def constant_args(e: App, env: Mapping[str, str]) -> tuple[str, ...] | None:
    """The constants ``e``'s arguments name under ``env`` (a bound variable names its value), or None when an
    argument is itself an application, an unknown such as ``policy(s)`` in ``ideal(s, policy(s))``."""
    names = []
    for a in e.args:
        kind = type(a)
        if kind is Var:
            names.append(env[a.name])  # type: ignore[union-attr]
        elif kind is Const:
            names.append(a.name)  # type: ignore[union-attr]
        else:
            return None
    return tuple(names)


def mentioned_symbols(*exprs: Expr) -> frozenset[str]:
    """The world functions and facts ``exprs`` mention (what a description-based reading looks at)."""
    found: set[str] = set()
    stack = list(exprs)  # walk()'s nodes without its generators: a scenario's every constraint is walked
    while stack:
        node = stack.pop()
        if isinstance(node, App):
            found.add(node.func)
            stack += node.args
        elif isinstance(node, Not):
            stack.append(node.arg)
        elif isinstance(node, Connective):
            stack += node.args
        elif isinstance(node, Compare | Arith):
            stack += (node.left, node.right)
        elif isinstance(node, Quantifier | Sum):
            stack.append(node.body)
        elif isinstance(node, Scale):
            stack.append(node.arg)
    return frozenset(found)


def names(expr: Expr) -> frozenset[str]:
    """Every name ``expr`` uses: its constants', variables' (bound or free) and functions'."""
    found: set[str] = set()
    for node in walk(expr):
        if isinstance(node, Const | Var):
            found.add(node.name)
        elif isinstance(node, App):
            found.add(node.func)
        elif isinstance(node, Quantifier | Sum):
            found.update(n for n, _ in node.variables)
    return frozenset(found)


def fresh(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name`` followed by as few ``_`` as make it differ from every name in ``taken``."""
    used = set(taken)
    while name in used:
        name += "_"
    return name


def abstract(expr: Expr, holes: Mapping[str, str]) -> Expr:
    """``expr`` with each constant named in ``holes`` replaced by a free variable ``holes[name]`` of its sort.

    The inverse of :func:`substitute` with constants: a constraint's shape, made once and instantiated with
    other constants. The variables' names should be ones no binder can have (not identifiers), so that
    substituting them back captures nothing.
    """
    if isinstance(expr, Const):
        hole = holes.get(expr.name)
        return expr if hole is None else Var(hole, expr.sort)
    if isinstance(expr, App):
        return App(expr.func, tuple(abstract(a, holes) for a in expr.args), expr.sort) if expr.args else expr
    if isinstance(expr, Not):
        return Not(abstract(expr.arg, holes))
    if isinstance(expr, Connective):
        return Connective(expr.op, tuple(abstract(a, holes) for a in expr.args))
    if isinstance(expr, Compare | Arith):
        return attrs.evolve(expr, left=abstract(expr.left, holes), right=abstract(expr.right, holes))
    if isinstance(expr, Scale):
        return Scale(expr.factor, abstract(expr.arg, holes))
    if isinstance(expr, Quantifier | Sum):
        return attrs.evolve(expr, body=abstract(expr.body, holes))
    return expr


def substitute(expr: Expr, mapping: Mapping[str, Expr], keep: frozenset[str] = frozenset()) -> Expr:
    """``expr`` with each free variable named in ``mapping`` replaced by its expression, without capture.

    A quantifier of ``expr`` whose variable shares a name with a constant or free variable of a replacement is
    renamed apart first (``exists s: design(c, s, ...)`` with ``c := s`` becomes ``exists s_: design(s, s_, ...)``),
    so that the result also reads back from its text (:func:`render`) with the same meaning.

    Args:
        expr: the expression.
        mapping: variable name -> the expression that replaces it.
        keep: free variables of the replacements that are meant to be bound where they land (a parameter
            written over the variable ``t`` of the condition it is put in); binders of these names are kept.
    """
    if not mapping:
        return expr
    visible = frozenset().union(*(names(e) for e in mapping.values())) - keep
    return _subst(expr, dict(mapping), visible)


def _subst(expr: Expr, mapping: dict[str, Expr], visible: frozenset[str]) -> Expr:
    if isinstance(expr, Var):
        return mapping.get(expr.name, expr)
    if isinstance(expr, App):
        return App(expr.func, tuple(_subst(a, mapping, visible) for a in expr.args), expr.sort) if expr.args else expr
    if isinstance(expr, Not):
        return Not(_subst(expr.arg, mapping, visible))
    if isinstance(expr, Connective):
        return Connective(expr.op, tuple(_subst(a, mapping, visible) for a in expr.args))
    if isinstance(expr, Compare):
        return Compare(expr.op, _subst(expr.left, mapping, visible), _subst(expr.right, mapping, visible))
    if isinstance(expr, Arith):
        return Arith(expr.op, _subst(expr.left, mapping, visible), _subst(expr.right, mapping, visible))
    if isinstance(expr, Scale):
        return Scale(expr.factor, _subst(expr.arg, mapping, visible))
    if not isinstance(expr, Quantifier | Sum):
        return expr
    inner = {k: v for k, v in mapping.items() if k not in {n for n, _ in expr.variables}}  # shadowed ones stay
    if not any(isinstance(n, Var) and n.name in inner for n in walk(expr.body)):
        return expr
    variables = []
    for name, domain in expr.variables:
        if name in visible:  # the binder would capture a name of a replacement: rename it apart
            new = fresh(name, visible | names(expr.body) | set(inner))
            inner[name] = Var(new, _sort_of(expr.body, name))
            name = new
        variables.append((name, domain))
    if isinstance(expr, Sum):
        return Sum(tuple(variables), _subst(expr.body, inner, visible))
    return Quantifier(expr.kind, tuple(variables), _subst(expr.body, inner, visible), expr.sort)


def _sort_of(body: Expr, name: str) -> str:
    """The sort of the variable ``name`` where ``body`` uses it (unused: any sort serves)."""
    return next((n.sort for n in walk(body) if isinstance(n, Var) and n.name == name), "Bool")
