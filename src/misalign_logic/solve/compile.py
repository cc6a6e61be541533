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
that is not a conjunction, a universal quantifier, a literal or an equality is residual as a whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from misalign_logic.model.expr import App, BoolLit, Compare, Connective, Const, Expr, Not, Quantifier, Var

__all__ = ["Conflict", "Folding"]

# A ground atom is known by its readable name; a fixed value is a bool (boolean atom) or a value index.
Value = bool | int

_NONE: frozenset[str] = frozenset()


class Conflict(Exception):
    """Stated facts contradict each other; ``provenance`` names constraints that together do."""

    def __init__(self, provenance: frozenset[str]) -> None:
        super().__init__("stated facts contradict each other")
        self.provenance = provenance


class Folding:
    """Facts and aliases of the constraints that hold in every query, with their provenance.

    Args:
        atom_name: the readable name and sort of ``func(args)`` (after the background axiom).
        index: per enum sort, value name -> its index.
        domain: the constants a quantifier's domain ranges over.
    """

    def __init__(self, atom_name: Any, index: dict[str, dict[str, int]], domain: Any) -> None:
        self._atom_name = atom_name
        self._index = index
        self._domain = domain
        self._parent: dict[str, tuple[str, frozenset[str]]] = {}  # atom -> (parent, constraints on the link)
        self._fixed: dict[str, tuple[Value, frozenset[str]]] = {}  # root -> (value, constraints)
        self._facts: list[tuple[str, Value, str]] = []

    # -- building ---------------------------------------------------------------------------------

    def split(self, lit: str, expr: Expr) -> list[tuple[Expr, dict[str, str]]]:
        """Record the facts and equalities ``expr`` states (under selector ``lit``); returns the rest.

        The rest is a list of (sub-expression, variable bindings) whose conjunction, with the recorded facts
        and equalities, is equivalent to ``expr``.
        """
        rest: list[tuple[Expr, dict[str, str]]] = []
        for node, env in self._conjuncts(expr, {}):
            if not self._record(lit, node, env):
                rest.append((node, env))
        return rest

    def _conjuncts(self, e: Expr, env: dict[str, str]) -> Iterator[tuple[Expr, dict[str, str]]]:
        if isinstance(e, Connective) and e.op == "and":
            for a in e.args:
                yield from self._conjuncts(a, env)
        elif isinstance(e, Quantifier) and e.kind == "forall":
            envs = [env]
            for name, domain in e.variables:
                envs = [{**x, name: v} for x in envs for v in self._domain(domain)]
            for x in envs:
                yield from self._conjuncts(e.body, x)
        elif not (isinstance(e, BoolLit) and e.value):
            yield e, env

    def _record(self, lit: str, e: Expr, env: dict[str, str]) -> bool:
        """Record ``e`` as a fact or an equality if it is one; False when it is residual."""
        if isinstance(e, App):
            name = self._ground(e, env)
            if name is not None:
                self._facts.append((name, True, lit))
                return True
        elif isinstance(e, Not) and isinstance(e.arg, App):
            name = self._ground(e.arg, env)
            if name is not None:
                self._facts.append((name, False, lit))
                return True
        elif isinstance(e, Compare) and e.op == "==":
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
            self._facts.append((name, right.value, lit))
            return True
        if isinstance(right, Const | Var):
            value = right.name if isinstance(right, Const) else env[right.name]
            self._facts.append((name, self._index[right.sort][value], lit))
            return True
        return False

    def _ground(self, e: App, env: dict[str, str]) -> str | None:
        """The atom ``e`` names when its arguments are constants or bound variables, else None."""
        if e.func in ("training", "deployment"):
            return None  # a phase test, not an unknown of the world
        names = []
        for a in e.args:
            if isinstance(a, Const):
                names.append(a.name)
            elif isinstance(a, Var):
                names.append(env[a.name])
            else:
                return None
        name: str = self._atom_name(e.func, tuple(names))[0]
        return name

    def _union(self, a: str, b: str, lit: str) -> None:
        ra, pa = self.find(a)
        rb, pb = self.find(b)
        if ra != rb:
            self._parent[rb] = (ra, pa | pb | {lit})

    def close(self) -> None:
        """Fix every root a recorded fact names; raises :class:`Conflict` when two facts clash."""
        for name, value, lit in self._facts:
            root, path = self.find(name)
            known = self._fixed.get(root)
            why = path | {lit}
            if known is None:
                self._fixed[root] = (value, why)
            elif known[0] != value:
                raise Conflict(known[1] | why)
        self._facts = []

    # -- reading ----------------------------------------------------------------------------------

    def find(self, name: str) -> tuple[str, frozenset[str]]:
        """The representative of ``name`` and the constraints on the links that lead to it."""
        parent = self._parent
        if name not in parent:
            return name, _NONE
        chain = []
        node = name
        while node in parent:
            chain.append(node)
            node = self._parent[node][0]
        why: frozenset[str] = frozenset()
        for link in reversed(chain):  # nearest the root first; compress the path, carrying provenance
            why = self._parent[link][1] | why
            self._parent[link] = (node, why)
        return node, why

    def value(self, name: str) -> Value | None:
        """The value ``name`` is fixed to, or None when it is open."""
        known = self._fixed.get(self.find(name)[0])
        return None if known is None else known[0]

    def resolve(self, name: str) -> tuple[str, Value | None]:
        """The representative of ``name`` and the value it is fixed to (None when open)."""
        root = self.find(name)[0]
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
