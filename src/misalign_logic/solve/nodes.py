"""The nodes of a ground formula: what an expression means for solving, as the lowering gives it.

:mod:`misalign_logic.solve.ground` makes them; the SMT printer (:mod:`misalign_logic.solve.encoding`), the compile
stage (:mod:`misalign_logic.solve.compile`) and the justifier (:mod:`misalign_logic.solve.justify`) read them. An atom
is its readable name, a string; every other node is an object of a class below, compared by identity.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "FALSE",
    "TRUE",
    "Add",
    "Atom",
    "Conj",
    "Constant",
    "Disj",
    "Ground",
    "Hole",
    "Iff",
    "Index",
    "Instances",
    "Mul",
    "Neg",
    "Node",
    "Number",
    "Relation",
    "Same",
    "Shape",
    "Split",
    "Total",
    "fill",
    "type_error",
]


class Node:
    """A node of a ground formula; nodes compare by identity (the lowering makes one per atom and quantifier)."""

    __slots__ = ()


class Constant(Node):
    """``true`` or ``false``: a literal, or a phase test."""

    __slots__ = ("value",)

    def __init__(self, value: bool) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "TRUE" if self.value else "FALSE"


TRUE, FALSE = Constant(True), Constant(False)


#: An unknown of a world: a ground application known by its readable name, after the background axiom, e.g.
#: ``ideal(farm, print_pr)``. An atom is its name, a string: the lowering makes one per ground application,
#: and a name costs neither an object of its own nor a place among the objects the garbage collector visits.
Atom = str

#: A node of a ground formula, or an atom.
Ground = Node | Atom


class Index(Node):
    """A known value of an enum sort, by its position among the sort's values."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index

    def __repr__(self) -> str:
        return f"Index({self.index})"


class Neg(Node):
    """Negation."""

    __slots__ = ("arg",)

    def __init__(self, arg: Ground) -> None:
        self.arg = arg


class Conj(Node):
    """Conjunction of its parts, in order."""

    __slots__ = ("args",)

    def __init__(self, args: tuple[Ground, ...]) -> None:
        self.args = args


class Disj(Node):
    """Disjunction of its parts, in order (an implication ``a -> b`` is ``Disj(Neg(a), b)``)."""

    __slots__ = ("args",)

    def __init__(self, args: tuple[Ground, ...]) -> None:
        self.args = args


class Iff(Node):
    """Equality of two booleans (``==`` between booleans, or ``<->``)."""

    __slots__ = ("left", "right")

    def __init__(self, left: Ground, right: Ground) -> None:
        self.left = left
        self.right = right


class Same(Node):
    """Equality of two enum terms (an :data:`Atom`, an :class:`Index` or a :class:`Split` each)."""

    __slots__ = ("left", "right")

    def __init__(self, left: Ground, right: Ground) -> None:
        self.left = left
        self.right = right


class Hole(Node):
    """A place in a :class:`Shape` that each instance fills with a leaf of its own: an atom, a phase test's
    constant, a :class:`Split`, or the :class:`Index` a variable is bound to."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index

    def __repr__(self) -> str:
        return f"Hole({self.index})"


class Shape:
    """A quantifier's body lowered once for all its instances: a formula of connectives, equalities and known
    values over :class:`Hole` s, which an instance's leaves fill (see :func:`fill`).

    Only a body without quantifiers or amounts has a shape: every instance of it is then the same formula over
    other leaves (an application with an unknown argument is one leaf, its :class:`Split`), so a reader can write
    an instance from its leaves alone. Shapes compare by identity.
    """

    __slots__ = ("formula",)

    def __init__(self, formula: Ground) -> None:
        self.formula = formula


class Instances(Node):
    """A quantifier under given bindings: the conjunction (``every``) or disjunction of its instances.

    A quantifier whose body has a :class:`Shape` keeps it and per instance the tuple of leaves that fill it
    (``rows``); its instances are made from them the first time a reader asks for them.
    """

    __slots__ = ("_instances", "every", "rows", "shape")

    def __init__(
        self,
        every: bool,
        instances: tuple[Ground, ...] | None = None,
        shape: Shape | None = None,
        rows: tuple[tuple[Ground, ...], ...] = (),
    ) -> None:
        assert (instances is None) is (shape is not None), "instances, or a shape and its rows"
        self.every = every
        self._instances = instances
        self.shape = shape
        self.rows = rows

    @property
    def instances(self) -> tuple[Ground, ...]:
        """The instances, in the order of the bindings."""
        found = self._instances
        if found is None:
            formula = self.shape.formula  # type: ignore[union-attr]
            found = self._instances = tuple([fill(formula, row) for row in self.rows])
        return found


class Split(Node):
    """``func`` applied to arguments some of which are unknown terms, as in ``ideal(s, policy(s))``.

    Its value is, in each case of the unknown arguments' values, that of the atom the case names
    (:meth:`Lowering.at`). ``args`` are ground terms: an :class:`Index` for a known argument, else an
    :data:`Atom` or a :class:`Split`; ``result`` is the sort of the function's values. A split holds no
    reference to its lowering, so a dropped lowering and its formulas are freed without the garbage collector.
    """

    __slots__ = ("args", "func", "result", "sorts")

    def __init__(self, func: str, args: tuple[Ground, ...], sorts: tuple[str, ...], result: str) -> None:
        self.func = func
        self.args = args
        self.sorts = sorts
        self.result = result


class Number(Node):
    """A known amount."""

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value


class Add(Node):
    """``left + right`` or ``left - right`` (``op``) over amounts."""

    __slots__ = ("left", "op", "right")

    def __init__(self, op: str, left: Ground, right: Ground) -> None:
        self.op = op
        self.left = left
        self.right = right


class Mul(Node):
    """A literal factor times an amount."""

    __slots__ = ("arg", "factor")

    def __init__(self, factor: int, arg: Ground) -> None:
        self.factor = factor
        self.arg = arg


class Total(Node):
    """The sum of amounts (a grounded ``sum(x in SORT: term)``)."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Ground, ...]) -> None:
        self.parts = parts


class Relation(Node):
    """A comparison of two amounts: ``op`` is one of ``== != < <= > >=``."""

    __slots__ = ("left", "op", "right")

    def __init__(self, op: str, left: Ground, right: Ground) -> None:
        self.op = op
        self.left = left
        self.right = right


def fill(n: Ground, row: tuple[Ground, ...]) -> Ground:
    """The formula ``n`` of a :class:`Shape` with its holes filled by ``row``: one instance, as the lowering makes
    it without a shape (new nodes, the row's leaves in the holes)."""
    kind = type(n)
    if kind is Hole:
        return row[n.index]  # type: ignore[union-attr, index]
    if kind is Conj:
        return Conj(tuple([fill(a, row) for a in n.args]))  # type: ignore[union-attr]
    if kind is Disj:
        return Disj(tuple([fill(a, row) for a in n.args]))  # type: ignore[union-attr]
    if kind is Neg:
        return Neg(fill(n.arg, row))  # type: ignore[union-attr]
    if kind is Iff:
        return Iff(fill(n.left, row), fill(n.right, row))  # type: ignore[union-attr]
    if kind is Same:
        return Same(fill(n.left, row), fill(n.right, row))  # type: ignore[union-attr]
    if kind is Constant or kind is Index:
        return n
    raise type_error(n, "a node of a shape")


def type_error(node: Any, what: str) -> TypeError:
    """The error a reader raises on a node it cannot read as ``what``."""
    return TypeError(f"not {what}: {node!r}")
