"""The SMT printer of ground formulas: what the solver is told, as SMT-LIB text.

An expression is lowered once to a ground formula (:mod:`misalign_logic.solve.ground`: atoms with the
background axiom applied, phase tests folded, quantifiers as their instances, unknown arguments as case
splits); this module writes that formula, folding the atoms the compile stage fixed or aliased
(:mod:`misalign_logic.solve.compile`). It knows nothing of variables, phases or domains.

Every unknown of a world is an *atom* known by its readable form, e.g. ``policy(farm)`` or
``ideal(farm, print_pr)``, and written in SMT-LIB as a short numbered symbol (``w12``). An enum-valued
atom is one-hot: a boolean per value (``w12_0`` …) with exactly one true, so the whole query is
propositional and z3 needs no arithmetic (measured: integers in ``0..k-1`` made the checks about five
times slower). Grounded quantifiers longer than a few hundred characters are defined once under a name
and shared, so a scheme's failure points are not repeated in each label and its negation. Text is
built here, without z3, and handed to :mod:`misalign_logic.solve.backend` to parse once: building terms one by
one through z3's Python API costs far more than solving them. Declarations, assertions and named terms are
written by :mod:`misalign_logic.solve.smtlib`.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from misalign_logic.model.expr import Expr
from misalign_logic.model.story import Story
from misalign_logic.solve.compile import Folding
from misalign_logic.solve.ground import Lowering
from misalign_logic.solve.ground import lowering as lowering_of
from misalign_logic.solve.nodes import (
    Add,
    Conj,
    Constant,
    Disj,
    Ground,
    Hole,
    Iff,
    Index,
    Instances,
    Mul,
    Neg,
    Number,
    Relation,
    Same,
    Shape,
    Split,
    Total,
    type_error,
)
from misalign_logic.solve.smtlib import amount as declare_amount
from misalign_logic.solve.smtlib import declare, exactly_one, named

__all__ = ["Encoder", "Read", "conj", "disj", "gc_paused", "neg"]

TRUE, FALSE = "true", "false"


def conj(parts: Iterable[str]) -> str:
    """Conjunction, folding constants."""
    kept = []
    for p in parts:
        if p == FALSE:
            return FALSE
        if p != TRUE:
            kept.append(p)
    if not kept:
        return TRUE
    return kept[0] if len(kept) == 1 else f"(and {' '.join(kept)})"


def disj(parts: Iterable[str]) -> str:
    """Disjunction, folding constants."""
    kept = []
    for p in parts:
        if p == TRUE:
            return TRUE
        if p != FALSE:
            kept.append(p)
    if not kept:
        return FALSE
    return kept[0] if len(kept) == 1 else f"(or {' '.join(kept)})"


def neg(part: str) -> str:
    """Negation, folding constants."""
    if part == TRUE:
        return FALSE
    if part == FALSE:
        return TRUE
    if part.startswith("(not ") and part.endswith(")"):
        inner = part[5:-1]
        if _balanced(inner):
            return inner
    return f"(not {part})"


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


def iff(a: str, b: str) -> str:
    """Equivalence, folding constants and a formula's equivalence with itself (two atoms the facts alias)."""
    if a == b:
        return TRUE
    if a == TRUE:
        return b
    if b == TRUE:
        return a
    if a == FALSE:
        return neg(b)
    if b == FALSE:
        return neg(a)
    return f"(= {a} {b})"


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector during a grounding, restoring it afterwards.

    A grounding allocates many small containers and makes no cycles; the collections they trigger scan
    every live object, so their cost grows with the story (measured: about a sixth of the grounding's
    time at 2,000 + 2,000 situations, a few per cent at 500 + 500). If the collector was off, it stays off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: Grounded quantifiers longer than this are named by a definition and shared; shorter ones are inlined.
_SHARE_ABOVE = 400

#: Case splits at least this long are named too (a split is repeated in a scheme's every label); a shorter
#: one, such as a single case ``(not w3)``, costs less written out than its definition does.
_NAME_ABOVE = 24

#: Texts of a shape's instances kept per encoder, by the texts of their leaves (see Encoder._rows); an instance
#: whose leaves are written differently from every kept one is written from the shape.
_SHAPED_KEPT = 4096

# What a text reads: an atom's name, or a folded case split, kept as (function, argument sorts, argument
# values with -1 for "every value") and spelled out into atom names only when a witness world is read.
Read = str | tuple[str, tuple[str, ...], tuple[int, ...]]

# A grounded quantifier: its text (or definition name), the atoms the text names, the atoms it depends on.
_Defined = tuple[str, dict[str, str], frozenset[Read]]

# A grounded enum-valued term: an int when the value is known; otherwise, per value, the SMT text of
# "the term has that value".
Term = int | tuple[str, ...]


class Encoder:
    """Turns typed expressions over one story into SMT-LIB text, remembering the atoms it used.

    Atoms are declared with :meth:`declarations`, once each, with the one-hot constraint of enum atoms,
    so texts can be parsed one after another into the same solver.
    """

    def __init__(self, story: Story, lowering: Lowering | None = None) -> None:
        self.story = story
        # The story's lowering (see misalign_logic.solve.ground), shared with the compile stage that folds.
        self.lowering = lowering_of(story) if lowering is None else lowering
        # Facts and aliases to fold while writing (see misalign_logic.solve.compile), or None.
        self.folding: Folding | None = None
        self.values = self.lowering.values
        self.index = self.lowering.index
        self.sort_of = self.lowering.sort_of  # the sort of the atom called name
        self.used: dict[str, str] = {}  # atom name -> result sort, since the last declarations()
        self.declared: set[str] = set()
        # Every world atom the texts since the last take_reads() depend on, through definitions too.
        self.reads: set[Read] = set()
        # Grounded quantifiers are named once and shared (a scheme's failure points, say, appear in every
        # label of every scheme): node -> (SMT text or name, the atoms its text names, the world atoms it reads).
        self._defined: dict[Instances, _Defined] = {}
        self._written = 0  # quantifier instance sets written (their count names the shared ones, d#K)
        self._inside = 0  # how many quantifiers the writing is within
        self._pending: list[str] = []  # definitions created since the last declarations()
        self._shared = 0  # how many case splits have been named
        self._smt: dict[str, str | tuple[str, ...]] = {}  # readable atom name -> its SMT symbol(s)
        # Atoms written so far, by name: what it is written as and the atom declared for it (see resolve), its sort.
        self._atoms: dict[str, tuple[Any, str | None, str]] = {}
        self._fixed_records: dict[tuple[Any, str | None, str], tuple[Any, str | None, str]] = {}
        self._splits: dict[tuple[Any, ...], tuple[Any, dict[str, str], frozenset[Read]]] = {}
        # Per shape, the text of an instance per tuple of its leaves' texts (see _rows); the leaves' texts of
        # the instance being written, read by text() and term() at the shape's holes.
        self._shaped: dict[Shape, dict[tuple[Any, ...], str]] = {}
        self._holes: tuple[Any, ...] = ()

    # -- atoms -----------------------------------------------------------------------------------

    def atom(self, func: str, args: tuple[str, ...]) -> str | tuple[str, ...]:
        """``func(args)`` as SMT text, recorded as used; the axiom maps training design to feedback.

        A boolean atom is one symbol; an enum atom is its tuple of one-hot value symbols.
        """
        name, sort = self.atom_name(func, args)
        if name not in self.used:
            self.used[name] = sort
            self.reads.add(name)
        return self.smt(name, sort)

    def atom_name(self, func: str, args: tuple[str, ...]) -> tuple[str, str]:
        """The readable name and sort of the atom ``func(args)``, after the background axiom."""
        return self.lowering.atom_name(func, args)

    def smt(self, name: str, sort: str | None = None) -> str | tuple[str, ...]:
        """The SMT symbol of atom ``name`` (for an enum atom, its one-hot symbols, one per value).

        Symbols are short numbered names, not the readable ones: the text is a third the size, and both
        building and parsing it cost in proportion to its size.
        """
        found = self._smt.get(name)
        if found is None:
            i = len(self._smt)
            sort = sort or self.sort_of(name)
            if sort == "Bool":
                found = f"w{i}"
            elif sort == "Int":  # an amount: an SMT integer, named apart so no solver sees one name in two sorts
                found = f"n{i}"
            else:
                found = tuple(f"w{i}_{k}" for k in range(len(self.values[sort])))
            self._smt[name] = found
        return found

    def symbols(self, name: str) -> tuple[str, ...]:
        """The boolean symbols to read for atom ``name``: itself, or its one-hot values in order."""
        found = self.smt(name)
        return (found,) if isinstance(found, str) else found

    def fact(self, name: str, value: str | bool | int) -> str:
        """The SMT text of "atom ``name`` has ``value``" (a value name for an enum atom)."""
        found = self.smt(name)
        if isinstance(found, str):
            if self.sort_of(name) == "Int":
                return f"(= {found} {_number(int(value))})"
            return found if value else f"(not {found})"
        return found[self.index[self.sort_of(name)][str(value)]]

    def touch(self, name: str, sort: str) -> None:
        """Record that the next text refers to atom ``name``, already known to be of ``sort``."""
        self.used.setdefault(name, sort)
        self.reads.add(name)

    def take_reads(self) -> frozenset[Read]:
        """The world atoms the texts built since the last call depend on; starts a new record."""
        found, self.reads = frozenset(self.reads), set()
        return found

    def declarations(self) -> str:
        """Declarations for every atom first used since the last call, with one-hot constraints for enums.

        The solver keeps declarations across texts, so each atom is declared once. Definitions of shared
        subformulas created since the last call come last, after the atoms they use.
        """
        out: list[str] = []
        for name, sort in self.used.items():
            if name in self.declared:
                continue
            self.declared.add(name)
            found = self.smt(name, sort)
            if sort == "Int":  # values stay within the declared range in every world
                lo, hi = self.story.amount_range(name.split("(", 1)[0])
                out += declare_amount(str(found), _number(lo), _number(hi))
                continue
            if isinstance(found, str):
                out.append(declare(found))
                continue
            hot = list(found)
            out += exactly_one(hot)
        self.used = {}
        out += self._pending
        self._pending = []
        return "\n".join(out)

    def value_name(self, sort: str, value: int) -> str:
        """The readable name of value number ``value`` of ``sort``."""
        return self.values[sort][value]

    # -- printing a ground formula ----------------------------------------------------------------------

    def formula(self, expr: Expr, env: dict[str, str] | None = None) -> str:
        """A boolean expression as SMT-LIB text; ``env`` binds variables to constant names."""
        return self.text(self.lowering.lower(expr, env))

    def text(self, n: Ground) -> str:
        """A ground formula (see :mod:`misalign_logic.solve.ground`) as SMT-LIB text, fixed atoms folded."""
        kind = type(n)
        if kind is str:  # an atom, the most frequent: grounding visits atoms most (what _use does, inline)
            found: tuple[Any, str | None, str] = self._atoms.get(n) or self._resolved(n)  # type: ignore[arg-type]
            self.reads.add(n)  # type: ignore[arg-type]
            if found[1] is not None and found[1] not in self.used:
                self.used[found[1]] = found[2]
            text: str = found[0]
            return text
        if kind is Conj:
            return conj([self.text(a) for a in n.args])  # type: ignore[union-attr]
        if kind is Instances:
            return self._quantifier(n)  # type: ignore[arg-type]
        if kind is Neg:
            return neg(self.text(n.arg))  # type: ignore[union-attr]
        if kind is Disj:
            return disj([self.text(a) for a in n.args])  # type: ignore[union-attr]
        if kind is Same:
            return self.equal(self.term(n.left), self.term(n.right))  # type: ignore[union-attr]
        if kind is Iff:
            return iff(self.text(n.left), self.text(n.right))  # type: ignore[union-attr]
        if kind is Constant:
            return TRUE if n.value else FALSE  # type: ignore[union-attr]
        if kind is Split:
            split: str = self._split_term(n)  # type: ignore[arg-type]
            return split
        if kind is Relation:
            return self.compare_amounts(n)  # type: ignore[arg-type]
        if kind is Hole:
            hole: str = self._holes[n.index]  # type: ignore[union-attr, index]
            return hole
        raise type_error(n, "a boolean formula")

    def term(self, n: Ground) -> Term:
        """A ground enum term: its value index when known, else per value the SMT text of "it has that value"."""
        kind = type(n)
        if kind is Index:
            return n.index  # type: ignore[union-attr, return-value]
        if kind is str:
            found: Term = self._use(n)  # type: ignore[arg-type]
            return found
        if kind is Split:
            split: Term = self._split_term(n)  # type: ignore[arg-type]
            return split
        if kind is Hole:
            hole: Term = self._holes[n.index]  # type: ignore[union-attr, index]
            return hole
        raise type_error(n, "a term")

    # -- amounts: integer terms, written as SMT-LIB linear integer arithmetic --------------------------

    def compare_amounts(self, n: Relation) -> str:
        """A comparison of two amounts; folded to true/false when both are known numbers."""
        left, right = self.amount(n.left), self.amount(n.right)
        known = _value(left), _value(right)
        if known[0] is not None and known[1] is not None:
            return TRUE if _COMPARE[n.op](known[0], known[1]) else FALSE
        if n.op == "!=":
            return f"(not (= {left} {right}))"
        return f"({'=' if n.op == '==' else n.op} {left} {right})"

    def amount(self, n: Ground) -> str:
        """An integer term as SMT-LIB text (a numeral when it is known)."""
        kind = type(n)
        if kind is Number:
            return _number(n.value)  # type: ignore[union-attr]
        if kind is str or kind is Split:
            text: str = self._use(n) if kind is str else self._split_term(n)  # type: ignore[arg-type]
            return text
        if kind is Add:
            left, right = self.amount(n.left), self.amount(n.right)  # type: ignore[union-attr]
            a, b = _value(left), _value(right)
            if a is not None and b is not None:
                return _number(a + b if n.op == "+" else a - b)  # type: ignore[union-attr]
            return f"({n.op} {left} {right})"  # type: ignore[union-attr]
        if kind is Mul:
            arg = self.amount(n.arg)  # type: ignore[union-attr]
            known = _value(arg)
            factor = n.factor  # type: ignore[union-attr]
            return _number(factor * known) if known is not None else f"(* {_number(factor)} {arg})"
        if kind is Total:
            parts = [self.amount(x) for x in n.parts]  # type: ignore[union-attr]
            if not parts:
                return "0"
            return parts[0] if len(parts) == 1 else f"(+ {' '.join(parts)})"
        raise type_error(n, "an amount")

    def _quantifier(self, n: Instances) -> str:
        found = self._defined.get(n)
        if found is None:
            outer_used, outer_reads = self.used, self.reads
            self.used, self.reads = {}, set()
            # Every instance is written, even past one that folds the whole to a constant: the atoms an
            # expression reads (a witness world's atoms) do not depend on what the facts fold.
            write = self.text
            self._inside += 1
            try:
                parts = [write(x) for x in n.instances] if n.shape is None else self._rows(n.shape, n.rows)
            finally:
                self._inside -= 1
            text = conj(parts) if n.every else disj(parts)
            used, reads = self.used, frozenset(self.reads)
            outer_used.update(used)  # in place: copying the outer record per instance would be quadratic
            self.used, self.reads = outer_used, outer_reads
            number, self._written = self._written, self._written + 1
            if len(text) >= _SHARE_ABOVE:
                name = f"|d#{number}|"
                self._pending.append(named(name, text))
                self._defined[n] = (name, {}, reads)
                text, used = name, {}
            elif not self._inside:
                # Kept for the next formula that reads it (label conditions share their quantifiers). One
                # within another quantifier is read again only through it, which is kept: keeping every inner
                # one would hold a record per instance of the outer for nothing.
                self._defined[n] = (text, used, reads)
        else:
            text, used, reads = found
        self.reads |= reads
        for atom, sort in used.items():
            self.used.setdefault(atom, sort)
        return text

    def _rows(self, shape: Shape, rows: tuple[tuple[Ground, ...], ...]) -> list[str]:
        """The text of each instance of a shaped quantifier, from its leaves: what :meth:`text` writes for the
        instance's formula, since the shape's formula names no atom and its text depends on the leaves' texts
        alone. Each leaf is written here, with what it reads (an atom, a split and the atoms its cases name);
        instances whose leaves are written alike (folded to the same values, say) share one text."""
        texts = self._shaped.get(shape)
        if texts is None:
            texts = self._shaped[shape] = {}
        atoms, resolved, reads, used = self._atoms, self._resolved, self.reads, self.used
        out = []
        for row in rows:
            key: list[Any] = []
            for leaf in row:
                if type(leaf) is str:  # an atom: recorded as read and used, as text() and term() do
                    found = atoms.get(leaf) or resolved(leaf)
                    reads.add(leaf)
                    if found[1] is not None and found[1] not in used:
                        used[found[1]] = found[2]
                    key.append(found[0])
                elif type(leaf) is Index:
                    key.append(leaf.index)
                elif type(leaf) is Split:  # written here, with what it reads: its text or term is the leaf's
                    key.append(self._split_term(leaf))
                else:  # a phase test's constant
                    key.append(TRUE if leaf.value else FALSE)  # type: ignore[union-attr]
            holes = tuple(key)
            text = texts.get(holes)
            if text is None:
                self._holes = holes
                text = self.text(shape.formula)
                if len(texts) < _SHAPED_KEPT:
                    texts[holes] = text
            out.append(text)
        return out

    def domain(self, domain: str) -> tuple[str, ...]:
        """The constants a quantifier's domain ranges over."""
        return self.lowering.domain(domain)

    def equal(self, a: Term, b: Term) -> str:
        """Equality of two grounded enum terms."""
        if isinstance(a, int):
            return (TRUE if a == b else FALSE) if isinstance(b, int) else b[a]
        if isinstance(b, int):
            return a[b]
        if a == b:  # one atom, or two the facts alias
            return TRUE
        return disj(conj([x, y]) for x, y in zip(a, b, strict=True))

    def _shadow(self, n: Split, args: list[Any]) -> None:
        """Record as read the atoms an unfolded case split would read.

        ``ideal(s, policy(s))`` with ``policy(s)`` fixed reads one ``ideal`` atom once folded, where the
        unfolded split reads one per action; a witness world shows what the scheme reads, folded or not.
        """
        folded = False
        values = []
        for a, t in zip(n.args, args, strict=True):
            if type(a) is not Index:
                folded = folded or type(t) is int
                values.append(-1)
            else:
                values.append(t if isinstance(t, int) else -1)
        if folded:
            self.reads.add((n.func, n.sorts, tuple(values)))

    def readings(self, reads: Iterable[Read]) -> dict[str, tuple[str, str, Any, str | None]]:
        """Per atom ``reads`` stand for (folded case splits spelled out): its name, its sort, its SMT text or
        folded value, and the atom the solver has for it (None when folded), as :meth:`resolve` gives them."""
        out: dict[str, tuple[str, str, Any, str | None]] = {}
        app = self.lowering.app
        for r in reads:
            if isinstance(r, str):
                if r not in out:
                    smt, declared, sort = self._resolved(r)
                    out[r] = (r, sort, smt, declared)
                continue
            func, sorts, values = r
            options = [self.values[s] if v < 0 else (self.values[s][v],) for s, v in zip(sorts, values, strict=True)]
            for key in itertools.product((func,), *options):  # ground keys: (function, argument names)
                node = app(key)
                if type(node) is str:
                    smt, declared, sort = self._resolved(node)
                    out[node] = (node, sort, smt, declared)
        return out

    def _resolved(self, name: str) -> tuple[Any, str | None, str]:
        """What atom ``name`` is written as and the atom declared for it (see :meth:`resolve`), and its sort."""
        found = self._atoms.get(name)
        if found is None:
            sort = self.sort_of(name)
            found = (*self.resolve(name, sort), sort)
            if found[1] is None:  # a fixed value: one record per value and sort, shared by the atoms it fixes
                found = self._fixed_records.setdefault(found, found)
            self._atoms[name] = found
        return found

    def resolve(self, name: str, sort: str) -> tuple[Any, str | None]:
        """What atom ``name`` is written as: its SMT text (or its fixed value, folded: "true"/"false" or a
        value index), and the atom to declare for it (its alias representative; None when fixed)."""
        if self.folding is None:
            return self.smt(name, sort), name
        root, value = self.folding.resolve(name)
        if value is None:
            return self.smt(root, sort), root
        if sort == "Bool":
            return (TRUE if value else FALSE), None
        return value, None

    def _use(self, name: str) -> Any:
        smt, declared, sort = self._atoms.get(name) or self._resolved(name)
        self.reads.add(name)
        if declared is not None and declared not in self.used:
            self.used[declared] = sort
        return smt

    def _use_node(self, n: Ground) -> Any:
        """What a case of a split names: an atom's SMT text or folded value, or a phase test's constant."""
        if type(n) is str:
            return self._use(n)
        return self.text(n)

    def _split_term(self, n: Split) -> Any:
        """A split's value: SMT text for a boolean function, a :data:`Term` for an enum-valued one."""
        args = [self.term(a) for a in n.args]
        if self.folding is not None:
            self._shadow(n, args)
        return self.apply(n, args)

    def apply(self, n: Split, args: list[Term]) -> Any:
        """The split ``n`` at grounded arguments; unknown arguments are split by cases."""
        for i, arg in enumerate(args):
            if isinstance(arg, tuple):  # e.g. ideal(farm, policy(farm)): case split on policy(farm)
                return self._split(n, args, i)
        return self._use_node(self.lowering.at(n, tuple(args)))  # type: ignore[arg-type]

    def _split(self, n: Split, args: list[Term], i: int) -> Any:
        """``n`` by cases on the unknown argument ``args[i]``; remembered, since a scheme's labels repeat the
        same split (``ideal(s, policy(s))`` in its failure point, outer and inner)."""
        key = (n.func, *args)
        found = self._splits.get(key)
        if found is None:
            outer_used, outer_reads = self.used, self.reads
            self.used, self.reads = {}, set()
            arg = args[i]
            assert isinstance(arg, tuple)
            cases = [(arg[k], self.apply(n, [*args[:i], k, *args[i + 1 :]])) for k in range(len(arg))]
            result_sort = n.result
            if result_sort == "Int":  # an amount by cases: the value of the case that holds
                result: Any = cases[-1][1]
                for c, b in reversed(cases[:-1]):
                    result = f"(ite {c} {b} {result})"
            elif result_sort == "Bool":
                result = self._share(disj(conj([c, b]) for c, b in cases))
            else:
                width = len(self.values[result_sort])
                result = tuple(self._share(disj(conj([c, _has(b, j)]) for c, b in cases)) for j in range(width))
            found = self._splits[key] = (result, self.used, frozenset(self.reads))
            self.used, self.reads = outer_used, outer_reads
        result, used, reads = found
        self.reads |= reads
        for atom, sort in used.items():
            self.used.setdefault(atom, sort)
        return result

    def _share(self, text: str) -> str:
        """A name for ``text`` unless it is short: a split's cases are written once, however often it is used."""
        if len(text) < _NAME_ABOVE:
            return text
        name = f"|p#{self._shared}|"
        self._shared += 1
        self._pending.append(named(name, text))
        return name


_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "==": int.__eq__,
    "!=": int.__ne__,
    "<": int.__lt__,
    "<=": int.__le__,
    ">": int.__gt__,
    ">=": int.__ge__,
}


def _number(value: int) -> str:
    """An SMT-LIB numeral: a negative one is written ``(- n)``."""
    return str(value) if value >= 0 else f"(- {-value})"


def _value(text: str) -> int | None:
    """The number an SMT-LIB amount text is, or None when it is not a numeral."""
    if text.isdigit():
        return int(text)
    if text.startswith("(- ") and text[3:-1].isdigit() and text.endswith(")"):
        return -int(text[3:-1])
    return None


def _has(term: Term, k: int) -> str:
    """The SMT text of "``term`` has value number ``k``"."""
    if isinstance(term, int):
        return TRUE if term == k else FALSE
    return term[k]
