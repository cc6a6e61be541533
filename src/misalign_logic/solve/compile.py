"""Compiling a scenario before solving: stated facts and equalities are resolved in Python.

Most of what a scenario states is a fact about one atom (``policy(t3) == a0``, ``not ideal(s, a1)`` for
every ``s``) or an equality between two atoms (``feedback(t, a) == ideal(t, a)``). Sending those to the
solver costs parsing and clauses for nothing a solver needs to search. The compile stage grounds each
constraint's top-level conjunction into:

* a **fact table**: atom -> value, each with the constraints that fixed it (its provenance);
* **aliases**: a union-find over atoms stated equal, each link with the constraint that stated it;
* the **residual**: whatever is left of a constraint (a disjunction, a negated equality, ...).

The encoder (:mod:`misalign_logic.solve.encoding`) then folds fixed atoms into constants and aliased atoms
into their representative while it writes the residual and the label conditions, so only what is still
open reaches z3, and only atoms a residual clause or a label reads become solver variables. Because the
scenario's own constraints hold in every query an :class:`~misalign_logic.solve.classify.Analysis`
asks, the folding is sound for all of them; a proof names the provenance of every folded atom it read
(see :meth:`Folding.provenance`) beside the solver's core over residual selectors.

One walker over the expression AST does the splitting, whatever scheme or constraint it meets: a node
that is not a conjunction, a universal quantifier, a literal or an equality is residual as a whole. A
universal quantifier over a conjunction of facts and equalities (``forall t in training: forall a:
feedback(t, a) == ideal(t, a)``) is compiled once into a template, and its instances are recorded from it in
the walk's order, without walking the expression per instance.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterable
from typing import Any

from misalign_logic.model.expr import (
    App,
    BoolLit,
    Compare,
    Connective,
    Const,
    Expr,
    Not,
    Quantifier,
    Var,
    constant_args,
)

__all__ = ["Folding", "Inconsistent"]

# A ground atom is known by its readable name; a fixed value is a bool (boolean atom) or a value index.
Value = bool | int

_NONE: frozenset[str] = frozenset()

# A quantified conjunction of facts and equalities, compiled once so that its instances are recorded without
# walking the expression per instance: the variables bound outside it, the domains of its own, the constants
# its atoms name, and per conjunct (kind, function, argument picker, other side). An instance's slots are the
# outside bindings, then its own, then the constants; a picker takes an atom's arguments from them.
_Pick = Callable[[tuple[str, ...]], tuple[str, ...]]
_Namer = Callable[[tuple[str, ...]], str]
_Leaf = tuple[int, str, _Pick, Any]
_Template = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[_Leaf, ...]]
_VALUE, _BOUND, _UNION = 0, 1, 2  # the atom has a value / the value a variable is bound to / another atom


class Inconsistent(Exception):
    """Stated facts contradict each other, so the scenario is inconsistent (its verdict's status); ``provenance``
    names constraints that together do."""

    def __init__(self, provenance: frozenset[str]) -> None:
        super().__init__("stated facts contradict each other")
        self.provenance = provenance


class Folding:
    """Facts and aliases of the constraints that hold in every query, with their provenance.

    Args:
        namer: per function, the function from argument names to the readable name of the atom they make
            (after the background axiom).
        index: per enum sort, value name -> its index.
        domain: the constants a quantifier's domain ranges over.
    """

    def __init__(self, namer: Callable[[str], _Namer], index: dict[str, dict[str, int]], domain: Any) -> None:
        self._namer = functools.cache(namer)
        self._index = index
        self._domain = domain
        self._parent: dict[str, tuple[str, frozenset[str]]] = {}  # atom -> (parent, constraints on the link)
        self._fixed: dict[str, tuple[Value, frozenset[str]]] = {}  # root -> (value, constraints)
        self._facts: list[tuple[str, Value, frozenset[str]]] = []  # atom, value, {the constraint stating it}
        self._templates: dict[Quantifier, _Template | None] = {}  # per quantified node, or None
        self._single: dict[str, frozenset[str]] = {}  # selector -> the set of it alone

    # -- building ---------------------------------------------------------------------------------

    def split(self, lit: str, expr: Expr) -> list[tuple[Expr, dict[str, str]]]:
        """Record the facts and equalities ``expr`` states (under selector ``lit``); returns the rest.

        The rest is a list of (sub-expression, variable bindings) whose conjunction, with the recorded facts
        and equalities, is equivalent to ``expr``.
        """
        rest: list[tuple[Expr, dict[str, str]]] = []
        self._split(lit, expr, {}, rest)
        return rest

    def _split(self, lit: str, e: Expr, env: dict[str, str], rest: list[tuple[Expr, dict[str, str]]]) -> None:
        if isinstance(e, Connective) and e.op == "and":
            for a in e.args:
                self._split(lit, a, env, rest)
        elif isinstance(e, Quantifier) and e.kind == "forall":
            if e not in self._templates:
                self._templates[e] = _template(e, self._index)
            template = self._templates[e]
            if template is not None:
                self._instances(lit, template, env)
                return
            envs = [env]
            for name, domain in e.variables:
                envs = [{**x, name: v} for x in envs for v in self._domain(domain)]
            for x in envs:
                self._split(lit, e.body, x, rest)
        elif not (isinstance(e, BoolLit) and e.value) and not self._record(lit, e, env):
            rest.append((e, env))

    def _instances(self, lit: str, template: _Template, env: dict[str, str]) -> None:
        """Record every instance of a quantified conjunction of facts and equalities, in the order the walk
        over its instances would (the order fixes the union-find's representatives and a conflict's report)."""
        free, domains, consts, leaves = template
        fixed = [(env[v],) for v in free]
        facts = self._facts
        union = self._union
        index = self._index
        single = self._alone(lit)
        named = [(kind, self._namer(func), pick, other) for kind, func, pick, other in leaves]
        # Each instance's slots come whole from the product: the outside bindings and the constants are
        # factors of one value each.
        for slots in itertools.product(*fixed, *(self._domain(d) for d in domains), *((c,) for c in consts)):
            for kind, name, pick, other in named:
                atom = name(pick(slots))
                if kind == _UNION:
                    union(atom, self._namer(other[0])(other[1](slots)), lit)
                elif kind == _VALUE:
                    facts.append((atom, other, single))
                else:  # _BOUND: equal to the value a variable is bound to
                    facts.append((atom, index[other[0]][slots[other[1]]], single))

    def _record(self, lit: str, e: Expr, env: dict[str, str]) -> bool:
        """Record ``e`` as a fact or an equality if it is one; False when it is residual."""
        if isinstance(e, App):
            name = self._ground(e, env)
            if name is not None:
                self._facts.append((name, True, self._alone(lit)))
                return True
        elif isinstance(e, Not) and isinstance(e.arg, App):
            name = self._ground(e.arg, env)
            if name is not None:
                self._facts.append((name, False, self._alone(lit)))
                return True
        elif isinstance(e, Compare) and e.op == "==" and e.left.sort != "Int":
            # Amounts stay in the residual: aliasing two of them would drop one's declared range.
            return self._equality(lit, e.left, e.right, env) or self._equality(lit, e.right, e.left, env)
        return False

    def _equality(self, lit: str, left: Expr, right: Expr, env: dict[str, str]) -> bool:
        if not isinstance(left, App):
            return False
        name = self._ground(left, env)
        if name is None:
            return False
        if isinstance(right, App):
            other = self._ground(right, env)
            if other is None:
                return False
            self._union(name, other, lit)
            return True
        if isinstance(right, BoolLit):
            self._facts.append((name, right.value, self._alone(lit)))
            return True
        if isinstance(right, Const | Var):
            value = right.name if isinstance(right, Const) else env[right.name]
            self._facts.append((name, self._index[right.sort][value], self._alone(lit)))
            return True
        return False

    def _ground(self, e: App, env: dict[str, str]) -> str | None:
        """The atom ``e`` names when its arguments are constants or bound variables, else None."""
        if e.func in ("training", "deployment"):
            return None  # a phase test, not an unknown of the world
        names = constant_args(e, env)
        return None if names is None else self._namer(e.func)(names)

    def _union(self, a: str, b: str, lit: str) -> None:
        ra, pa = self.find(a)
        rb, pb = self.find(b)
        if ra != rb:
            self._parent[rb] = (ra, pa | pb | self._alone(lit) if pa or pb else self._alone(lit))

    def _alone(self, lit: str) -> frozenset[str]:
        found = self._single.get(lit)
        if found is None:
            found = self._single[lit] = frozenset((lit,))
        return found

    def close(self) -> None:
        """Fix every root a recorded fact names; raises :class:`Inconsistent` when two facts clash."""
        parent, fixed = self._parent, self._fixed
        for name, value, single in self._facts:
            link = parent.get(name)  # find()'s two commonest cases inline: a root, and a root's child
            root, path = (name, _NONE) if link is None else link if link[0] not in parent else self.find(name)
            entry = (value, path | single if path else single)
            known = fixed.setdefault(root, entry)
            if known[0] != value:
                raise Inconsistent(known[1] | entry[1])
        self._facts = []

    # -- reading ----------------------------------------------------------------------------------

    def find(self, name: str) -> tuple[str, frozenset[str]]:
        """The representative of ``name`` and the constraints on the links that lead to it."""
        parent = self._parent
        link = parent.get(name)
        if link is None:
            return name, _NONE
        if link[0] not in parent:  # a root's child, as path compression leaves most atoms
            return link
        chain = []
        node = name
        while node in parent:
            chain.append(node)
            node = self._parent[node][0]
        why: frozenset[str] = frozenset()
        for atom in reversed(chain):  # nearest the root first; compress the path, carrying provenance
            why = self._parent[atom][1] | why
            self._parent[atom] = (node, why)
        return node, why

    def value(self, name: str) -> Value | None:
        """The value ``name`` is fixed to, or None when it is open."""
        known = self._fixed.get(self.find(name)[0])
        return None if known is None else known[0]

    def resolve(self, name: str) -> tuple[str, Value | None]:
        """The representative of ``name`` and the value it is fixed to (None when open)."""
        link = self._parent.get(name)
        root = name if link is None else link[0] if link[0] not in self._parent else self.find(name)[0]
        known = self._fixed.get(root)
        return root, None if known is None else known[0]

    def provenance(self, atoms: Iterable[object]) -> frozenset[str]:
        """The constraints whose facts and equalities fix or alias ``atoms``."""
        out: set[str] = set()
        seen: set[frozenset[str]] = set()
        for a in atoms:
            if not isinstance(a, str):
                continue  # a folded split's other cases: read by nothing once folded
            root, path = self.find(a)
            known = self._fixed.get(root)
            for part in (path, known[1] if known else frozenset()):
                if part and part not in seen:
                    seen.add(part)
                    out |= part
        return frozenset(out)


def _template(e: Quantifier, index: dict[str, dict[str, int]]) -> _Template | None:
    """``e`` compiled for :meth:`Folding._instances`, or None when a conjunct is not a fact or an equality
    (the walk then grounds it instance by instance)."""
    own: list[tuple[str, str]] = []
    body: Expr = e
    while isinstance(body, Quantifier) and body.kind == "forall":
        own += body.variables
        body = body.body
    conjuncts: list[Expr] = []
    stack = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, Connective) and node.op == "and":
            stack += reversed(node.args)
        elif not (isinstance(node, BoolLit) and node.value):
            conjuncts.append(node)
    names = [n for n, _ in own]
    if len(set(names)) < len(names):
        return None  # a variable bound twice: the walk's bindings shadow each other
    free: list[str] = []
    consts: list[str] = []

    def slot(a: Expr) -> tuple[int, int] | None:
        """Where an argument's constant is found: (0, i) bound outside, (1, i) bound here, (2, i) named."""
        if isinstance(a, Var):
            if a.name in names:
                return 1, names.index(a.name)
            if a.name not in free:
                free.append(a.name)
            return 0, free.index(a.name)
        if isinstance(a, Const):
            if a.name not in consts:
                consts.append(a.name)
            return 2, consts.index(a.name)
        return None

    def atom(a: Expr) -> tuple[str, list[tuple[int, int]]] | None:
        if not isinstance(a, App) or a.func in ("training", "deployment"):
            return None
        slots = [slot(x) for x in a.args]
        return None if None in slots else (a.func, slots)  # type: ignore[return-value]

    raw: list[tuple[int, tuple[str, list[tuple[int, int]]], Any]] = []
    for c in conjuncts:
        if isinstance(c, App | Not):
            found = atom(c if isinstance(c, App) else c.arg)
            if found is None:
                return None
            raw.append((_VALUE, found, isinstance(c, App)))
            continue
        if not (isinstance(c, Compare) and c.op == "==") or c.left.sort == "Int":
            return None
        for left, right in ((c.left, c.right), (c.right, c.left)):
            found = atom(left)
            if found is None:
                continue
            if isinstance(right, App):
                other = atom(right)
                if other is not None:
                    raw.append((_UNION, found, other))
                    break
            elif isinstance(right, BoolLit):
                raw.append((_VALUE, found, right.value))
                break
            elif isinstance(right, Const):
                raw.append((_VALUE, found, index[right.sort][right.name]))
                break
            elif isinstance(right, Var):
                raw.append((_BOUND, found, (right.sort, slot(right))))
                break
        else:
            return None
    offset = (0, len(free), len(free) + len(names))

    def position(where: tuple[int, int]) -> int:
        return offset[where[0]] + where[1]

    def picker(slots: list[tuple[int, int]]) -> _Pick:
        at = [position(x) for x in slots]
        if len(at) == 1:
            i = at[0]
            return lambda xs: (xs[i],)
        if not at:
            return lambda xs: ()
        pick: _Pick = operator.itemgetter(*at)
        return pick

    leaves: list[_Leaf] = []
    for kind, (func, slots), other in raw:
        side: Any = other
        if kind == _UNION:
            side = (other[0], picker(other[1]))
        elif kind == _BOUND:
            side = (other[0], position(other[1]))
        leaves.append((kind, func, picker(slots), side))
    return tuple(free), tuple(d for _, d in own), tuple(consts), tuple(leaves)
