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

The splitting reads the constraint's ground formula (:mod:`misalign_logic.solve.ground`), whatever scheme or
constraint it comes from: a node that is not a conjunction, a universal quantifier's instances, a literal or
an equality of atoms is residual as a whole.
"""

from __future__ import annotations

from collections.abc import Iterable

from misalign_logic.model.expr import Expr
from misalign_logic.solve.ground import Lowering
from misalign_logic.solve.nodes import TRUE, Conj, Constant, Ground, Iff, Index, Instances, Neg, Same

__all__ = ["Folding", "Inconsistent"]

# A ground atom is known by its readable name; a fixed value is a bool (boolean atom) or a value index.
Value = bool | int

_NONE: frozenset[str] = frozenset()


class Inconsistent(Exception):
    """Stated facts contradict each other, so the scenario is inconsistent (its verdict's status); ``provenance``
    names constraints that together do."""

    def __init__(self, provenance: frozenset[str]) -> None:
        super().__init__("stated facts contradict each other")
        self.provenance = provenance


class Folding:
    """Facts and aliases of the constraints that hold in every query, with their provenance.

    Args:
        lowering: the story's lowering, which gives each constraint's ground formula.
    """

    def __init__(self, lowering: Lowering) -> None:
        self.lowering = lowering
        self._parent: dict[str, tuple[str, frozenset[str]]] = {}  # atom -> (parent, constraints on the link)
        self._fixed: dict[str, tuple[Value, frozenset[str]]] = {}  # root -> (value, constraints)
        self._facts: list[tuple[str, Value, frozenset[str]]] = []  # atom, value, {the constraint stating it}
        self._single: dict[str, frozenset[str]] = {}  # selector -> the set of it alone

    # -- building ---------------------------------------------------------------------------------

    def split(self, lit: str, expr: Expr) -> list[Ground]:
        """Record the facts and equalities ``expr`` states (under selector ``lit``); returns the rest.

        The rest is a list of ground formulas whose conjunction, with the recorded facts and equalities, is
        equivalent to ``expr``.
        """
        rest: list[Ground] = []
        single = self._alone(lit)
        split = self._split
        self.lowering.conjuncts(expr, self._facts, single, self._union, lambda n: split(single, n, rest))
        return rest

    def _split(self, single: frozenset[str], n: Ground, rest: list[Ground]) -> None:
        kind = type(n)
        if kind is Conj:
            for a in n.args:  # type: ignore[union-attr]
                self._split(single, a, rest)
        elif kind is Instances and n.every:  # type: ignore[union-attr]
            for a in n.instances:  # type: ignore[union-attr]
                self._split(single, a, rest)
        elif n is not TRUE and not self._record(single, n):
            rest.append(n)

    def _record(self, single: frozenset[str], n: Ground) -> bool:
        """Record ``n`` as a fact or an equality if it is one; False when it is residual."""
        kind = type(n)
        if kind is str:  # an atom
            self._facts.append((n, True, single))  # type: ignore[arg-type]
            return True
        if kind is Neg:
            arg = n.arg  # type: ignore[union-attr]
            if type(arg) is str:
                self._facts.append((arg, False, single))
                return True
            return False
        if kind is Iff or kind is Same:
            left, right = n.left, n.right  # type: ignore[union-attr]
            return self._equality(single, left, right) or self._equality(single, right, left)
        return False

    def _equality(self, single: frozenset[str], left: Ground, right: Ground) -> bool:
        if type(left) is not str:
            return False
        kind = type(right)
        if kind is str:
            self._union(left, right, single)  # type: ignore[arg-type]
            return True
        if kind is Constant or kind is Index:
            value = right.value if kind is Constant else right.index  # type: ignore[union-attr]
            self._facts.append((left, value, single))  # type: ignore[arg-type]
            return True
        return False

    def _union(self, a: str, b: str, single: frozenset[str]) -> None:
        ra, pa = self.find(a)
        rb, pb = self.find(b)
        if ra != rb:
            self._parent[rb] = (ra, pa | pb | single if pa or pb else single)

    def _alone(self, lit: str) -> frozenset[str]:
        found = self._single.get(lit)
        if found is None:
            found = self._single[lit] = frozenset((lit,))
        return found

    def close(self) -> None:
        """Fix every root a recorded fact names; raises :class:`Inconsistent` when two facts clash."""
        parent, fixed = self._parent, self._fixed
        # A quantified statement fixes thousands of atoms to one value for one reason: they share one record
        # (keyed by the value's type too: True and 1 are equal keys, but an enum's value 1 is not a boolean).
        records: dict[tuple[type, Value, frozenset[str]], tuple[Value, frozenset[str]]] = {}
        for name, value, single in self._facts:
            link = parent.get(name)  # find()'s two commonest cases inline: a root, and a root's child
            root, path = (name, _NONE) if link is None else link if link[0] not in parent else self.find(name)
            if path:
                entry = (value, path | single)
            else:
                entry = records.setdefault((type(value), value, single), (value, single))
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
