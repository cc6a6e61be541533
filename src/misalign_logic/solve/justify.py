"""Justifying evaluation: a condition's truth under the compiled facts, with a small reason for it.

An explanation needs a few facts that settle a label, not every fact the label reads. Evaluating the label's
condition's ground formula (:mod:`misalign_logic.solve.ground`) in Python, under the facts
:mod:`misalign_logic.solve.compile` fixed and, optionally, a witness
world's values of the open atoms, gives its truth (true, false, or undetermined when an open atom it needs
has no value) and a *sufficient reason*: a set of atoms whose values alone settle that truth. A true ``or``
(or ``exists``) is justified by one true disjunct, the one with the smallest reason; a false ``and`` (or
``forall``) by one false conjunct; anything else by all its parts. The semantics are the lowering's, as for
the SMT printer: an unknown argument such as ``policy(s)`` in ``ideal(s, policy(s))`` is split by cases
(decided when every case agrees).

The evaluation is three-valued and monotone: a value it finds holds in every world that agrees with the
reason's atoms, so the reason is sufficient. The reason's facts are candidates for a core or for deciding
facts; the caller still certifies them (a solver check, or a concrete world).

With a witness world the evaluator can also answer "what if one open atom had another value" without
walking the whole condition again: each quantifier's instances are kept with their values and the open
atoms they read, and only the instances that read a changed atom are evaluated anew (:meth:`Justifier.flip`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from misalign_logic.model.expr import Expr
from misalign_logic.solve.compile import Folding
from misalign_logic.solve.nodes import (
    Conj,
    Constant,
    Disj,
    Ground,
    Iff,
    Index,
    Instances,
    Neg,
    Node,
    Relation,
    Same,
    Split,
    type_error,
)

__all__ = ["Justifier", "Reason", "Truth"]

# A fixed or assigned value: a bool (boolean atom) or a value index (enum atom).
Value = bool | int


class Lit(NamedTuple):
    """An undetermined truth that equals an open boolean root (``positive``) or its negation."""

    root: str
    positive: bool


#: What settles a truth: the readable names of the world's open atoms it reads (in a world under study), or
#: the constraints whose facts and equalities it reads (under the compiled facts alone).
Reason = frozenset[str]

#: A truth (True, False, a :class:`Lit`, or None: undetermined) and its reason (empty when undetermined).
Truth = tuple[bool | Lit | None, Reason]

_EMPTY: Reason = frozenset()
_UNDETERMINED: Truth = (None, _EMPTY)

# An atom, resolved once: its alias root, its fixed value (None when open), its sort.
_Resolved = tuple[str, Value | None, str]

#: Most cases an undetermined quantifier instance is split into (see Justifier._by_cases).
_MOST_CASES = 8

# A quantifier's instances under the base assignment: their truths, and the open roots each read.
_Kept = tuple[list[Truth], list[frozenset[str]], dict[str, list[int]]]


def _union(parts: Iterable[Truth]) -> Reason:
    return _EMPTY.union(*(r for _, r in parts))


def _all(parts: Sequence[Truth]) -> Truth:
    """A conjunction's truth: false by its false part with the smallest reason (or by a literal and its
    negation), true by all parts."""
    false = [r for v, r in parts if v is False]
    if false:
        return False, min(false, key=len)
    open_ = [p for p in parts if p[0] is not True]
    if not open_:
        return True, _union(parts)
    return _open(parts, open_, False)


def _any(parts: Sequence[Truth]) -> Truth:
    """A disjunction's truth: true by its true part with the smallest reason (or by a literal and its
    negation), false by all parts."""
    true = [r for v, r in parts if v is True]
    if true:
        return True, min(true, key=len)
    open_ = [p for p in parts if p[0] is not False]
    if not open_:
        return False, _union(parts)
    return _open(parts, open_, True)


def _open(parts: Sequence[Truth], open_: list[Truth], disjunction: bool) -> Truth:
    """A conjunction (disjunction) whose other parts are true (false): settled when two of the ``open_``
    parts are a literal and its negation; a literal when it is the only one."""
    seen: dict[tuple[str, bool], Reason] = {}
    for v, r in open_:
        if type(v) is Lit:
            other = seen.get((v.root, not v.positive))
            if other is not None:
                return disjunction, r | other
            seen.setdefault((v.root, v.positive), r)
    if len(open_) == 1 and type(open_[0][0]) is Lit:
        return open_[0][0], _union(parts)
    return _UNDETERMINED


def _negated(found: Truth) -> Truth:
    value, reason = found
    if value is None:
        return found
    if type(value) is Lit:
        return Lit(value.root, not value.positive), reason
    return not value, reason


class Justifier:
    """Evaluates conditions over one story under a scenario's compiled facts, with reasons.

    Args:
        encoder: the story's encoder (an :class:`~misalign_logic.solve.encoding.Encoder`), for its lowering and
            the values of each sort.
        folding: the scenario's compiled facts and aliases.
    """

    def __init__(self, encoder: Any, folding: Folding) -> None:
        self._enc = encoder
        self._lower = encoder.lowering
        self._fold = folding
        self._ground: dict[str, _Resolved] = {}
        self._terms: list[set[str]] = []  # fixed roots read, per quantifier instance (compiled facts alone)
        self._loose: dict[str, Value] = {}  # fixed root -> a case tried instead of its value (see _instance)
        self._sort: dict[str, str] = {}  # open root -> its sort, for the roots read so far
        self._because: dict[str, Reason] = {}  # atom -> the constraints that fix it or alias it to its root
        self._world = False  # whether a world is under study (else the compiled facts alone)
        self._values: dict[str, Value] = {}  # open root -> its value in the world under study
        self._changed: dict[str, Value] = {}  # open root -> a value tried instead (see flip)
        self._track: list[set[str]] = []  # open roots read, per quantifier instance being evaluated
        self._instances: dict[Instances, _Kept] | None = None

    # -- the world under study ----------------------------------------------------------------------

    def root(self, atom: str) -> tuple[str, Value | None]:
        """The alias root of ``atom`` and its fixed value (None when open)."""
        return self._fold.resolve(atom)

    def study(self, facts: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        """Evaluate from now on in the world with these readable facts (open atoms only count); forget the
        instances kept for :meth:`flip`."""
        self._world = True
        self._values = {}
        self.add(facts)
        self._instances = None

    def add(self, facts: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        """Add readable facts about open atoms to the world under study (their values do not change)."""
        pairs = facts.items() if isinstance(facts, Mapping) else facts
        enc = self._enc
        for atom, value in pairs:
            root, fixed = self._fold.resolve(atom)
            if fixed is None and root not in self._values:
                sort = enc.sort_of(atom)
                # An amount keeps its number; nothing here reads it (comparisons of amounts stay undetermined).
                self._values[root] = value if isinstance(value, bool) or sort == "Int" else enc.index[sort][value]

    def forget(self) -> None:
        """Evaluate from now on under the compiled facts alone."""
        self._world = False
        self._values = {}
        self._instances = None

    # -- evaluation ---------------------------------------------------------------------------------

    def ground(self, expr: Expr | Ground) -> Ground:
        """The ground formula of ``expr`` (a ground formula is its own)."""
        return expr if isinstance(expr, Node | str) else self._lower.lower(expr)

    def why(self, expr: Expr | Ground, *, keep: bool = False) -> Truth:
        """``expr``'s truth in the world under study, and a sufficient reason for it.

        With ``keep``, every quantifier's instances are kept (with the open atoms each read) so that
        :meth:`flip` can evaluate ``expr`` again after a change, reading only the instances it affects.
        """
        node = self.ground(expr)
        if keep:
            self._instances = {}
        try:
            return self._bool(node)
        finally:
            self._track, self._terms = [], []

    def reads(self, node: Ground) -> tuple[bool | Lit | None, frozenset[str]]:
        """``node``'s truth in the world under study, and every open root it read."""
        self._track.append(set())
        instances, self._instances = self._instances, None  # what is kept is the condition's alone
        try:
            value = self._bool(node)[0]
        finally:
            found = self._track.pop()
            self._instances = instances
        return value, frozenset(found)

    def flip(self, expr: Expr | Ground, changed: Mapping[str, Value], pieces: Iterable[Ground]) -> bool:
        """Whether the world under study, with the open roots in ``changed`` given those values instead,
        satisfies every one of ``pieces`` and makes ``expr`` false.

        ``expr`` must have been evaluated with ``why(expr, keep=True)`` in this world: only the kept
        instances that read a changed root are evaluated again.
        """
        node = self.ground(expr)
        self._changed = dict(changed)
        instances, self._instances = self._instances, None
        try:
            for piece in pieces:
                if self._bool(piece)[0] is not True:
                    return False
            self._instances = instances
            return self._bool(node)[0] is False
        finally:
            self._changed = {}
            self._instances = instances
            self._track = []

    def _bool(self, n: Ground) -> Truth:
        kind = type(n)
        if kind is str:  # an atom
            return self._read(n)  # type: ignore[arg-type]
        if kind is Neg:
            return _negated(self._bool(n.arg))  # type: ignore[union-attr]
        if kind is Conj:
            return _all([self._bool(a) for a in n.args])  # type: ignore[union-attr]
        if kind is Disj:
            return _any([self._bool(a) for a in n.args])  # type: ignore[union-attr]
        if kind is Instances:
            return self._quantifier(n)  # type: ignore[arg-type]
        if kind is Same:
            return self._same(self._term(n.left), self._term(n.right))  # type: ignore[union-attr]
        if kind is Iff:
            return self._same(self._bool(n.left), self._bool(n.right))  # type: ignore[union-attr]
        if kind is Constant:
            return n.value, _EMPTY  # type: ignore[union-attr]
        if kind is Split:
            return self._split(n)  # type: ignore[arg-type]
        if kind is Relation:
            # Amounts are not evaluated here: undetermined is sound (the caller certifies with the solver).
            return _UNDETERMINED
        raise type_error(n, "a boolean formula")

    @staticmethod
    def _same(a: tuple[Any, Reason], b: tuple[Any, Reason]) -> Truth:
        """Whether two truths (or two values of an enum) are equal."""
        x, y = a[0], b[0]
        if x is None or y is None:
            return _UNDETERMINED
        if type(x) is Lit or type(y) is Lit:
            if type(x) is Lit and type(y) is Lit:
                return (x.positive == y.positive, a[1] | b[1]) if x.root == y.root else _UNDETERMINED
            lit, other = (x, y) if type(x) is Lit else (y, x)
            return Lit(lit.root, lit.positive == other), a[1] | b[1]
        return x == y, a[1] | b[1]

    def _quantifier(self, q: Instances) -> Truth:
        kept = self._instances
        found = None
        if kept is not None:
            found = kept.get(q)
            if found is None and not self._changed:  # under a change, nothing new is kept
                found = kept[q] = self._instantiate(q)
        if found is None:
            if self._world:
                parts = [self._bool(x) for x in q.instances]
            else:
                return self._settled(q)
        else:
            truths, reads, by_root = found
            parts = truths
            if self._changed:
                again = sorted({i for r in self._changed for i in by_root.get(r, ())})
                if again:
                    parts = list(truths)
                    for i in again:
                        parts[i] = self._bool(q.instances[i])
            if self._track:
                self._track[-1].update(*reads)
        return _all(parts) if q.every else _any(parts)

    def _settled(self, q: Instances) -> Truth:
        """``q`` under the compiled facts alone, with the smallest reason found.

        Instances are split by cases when that settles them, or settles them on fewer statements: on the
        open atoms an undetermined instance reads (``x -> x`` is true, with ``feedback(t, a)`` stated equal to
        ``ideal(t, a)``), and, when every instance's reason counts (a true ``forall``, a false ``exists``), on
        the fixed terms an instance's arguments read (``not ideal(s, policy(s)) and design(c, s, policy(s))``
        is false for every action when the design is stated equal to the wishes, whatever ``policy(s)`` is
        stated to be).
        """
        instances = q.instances
        found = [self._instance(x) for x in instances]
        parts = [truth for truth, _, _ in found]
        for i, (truth, read, _) in enumerate(found):
            if truth[0] is None:
                cases = self._cases_of(instances[i], [r for r in read if r not in self._values], self._values)
                parts[i] = truth if cases is None else cases
        every = q.every
        result = _all(parts) if every else _any(parts)
        if result[0] is not every:  # one instance settles it (the smallest), or nothing does
            return result
        for i, (_, _, terms) in enumerate(found):
            free = [r for r in terms if r not in self._loose]
            if free and parts[i][1]:
                cases = self._cases_of(instances[i], free, self._loose)
                if cases is not None and cases[0] == parts[i][0] and len(cases[1]) <= len(parts[i][1]):
                    parts[i] = cases  # on a tie the cases win: their statements are more often shared
        return _all(parts) if every else _any(parts)

    def _instance(self, body: Ground) -> tuple[Truth, set[str], set[str]]:
        """An instance's truth, with the open roots it read and the fixed terms its arguments read."""
        self._track.append(set())
        self._terms.append(set())
        try:
            found = self._bool(body)
        finally:
            read, terms = self._track.pop(), self._terms.pop()
        if self._track:
            self._track[-1].update(read)
        if self._terms:
            self._terms[-1].update(terms)
        return found, read, terms

    def _cases_of(self, body: Ground, roots: list[str], into: dict[str, Value]) -> Truth | None:
        """``body`` evaluated once per assignment of ``roots`` (written into ``into``): its truth when every
        case settles it the same way, with their reasons; None otherwise, or when there are too many cases."""
        roots = sorted(roots)
        sizes = [2 if self._sort[r] == "Bool" else len(self._lower.values[self._sort[r]]) for r in roots]
        if not roots or math.prod(sizes) > _MOST_CASES:
            return None
        cases: list[Truth] = []
        try:
            for combo in itertools.product(*(range(k) for k in sizes)):
                for r, k in zip(roots, combo, strict=True):
                    into[r] = k == 0 if self._sort[r] == "Bool" else k
                found = self._bool(body)
                if type(found[0]) is not bool or (cases and found[0] != cases[0][0]):
                    return None
                cases.append(found)
        finally:
            for r in roots:
                into.pop(r, None)
        return cases[0][0], _union(cases)

    def _instantiate(self, q: Instances) -> _Kept:
        """The instances of ``q``, each evaluated with the open roots it reads."""
        truths: list[Truth] = []
        reads: list[frozenset[str]] = []
        by_root: dict[str, list[int]] = {}
        for i, x in enumerate(q.instances):
            self._track.append(set())
            try:
                truths.append(self._bool(x))
            finally:
                found = frozenset(self._track.pop())
            reads.append(found)
            for r in found:
                by_root.setdefault(r, []).append(i)
        return truths, reads, by_root

    def _term(self, n: Ground) -> tuple[Value | None, Reason]:
        kind = type(n)
        if kind is Index:
            return n.index, _EMPTY  # type: ignore[union-attr, return-value]
        if kind is str:
            return self._read(n)  # type: ignore[arg-type]
        if kind is Split:
            return self._split(n)  # type: ignore[arg-type]
        raise type_error(n, "a term")

    def _split(self, n: Split) -> tuple[Any, Reason]:
        return self._cases(n, [self._term(a) for a in n.args])

    def _cases(self, n: Split, terms: list[tuple[Value | None, Reason]]) -> tuple[Any, Reason]:
        """``n`` at argument values some of which may be undetermined: split by cases, as the SMT printer does;
        the result is determined when every case gives the same value."""
        for i, (value, _) in enumerate(terms):
            if value is None:
                cases = [
                    self._cases(n, [*terms[:i], (k, _EMPTY), *terms[i + 1 :]])
                    for k in range(len(self._lower.values[n.sorts[i]]))
                ]
                first = cases[0][0]
                if first is None or any(v != first or type(v) is not type(first) for v, _ in cases):
                    return _UNDETERMINED
                return first, _union(cases)
        node = self._lower.at(n, tuple(v for v, _ in terms))
        found: tuple[Any, Reason] = self._read(node) if type(node) is str else self._bool(node)
        if found[0] is None:
            return _UNDETERMINED
        return found[0], found[1].union(*(r for _, r in terms))

    def _path(self, atom: str) -> Reason:
        return self._fold.find(atom)[1]

    def _provenance(self, atom: str) -> Reason:
        found = self._because.get(atom)
        if found is None:
            found = self._because[atom] = self._fold.provenance((atom,))
        return found

    def _read(self, name: str) -> tuple[Any, Reason]:
        found = self._ground.get(name)
        if found is None:
            found = self._ground[name] = (*self._fold.resolve(name), self._lower.sort_of(name))
        root, fixed, sort = found
        if fixed is not None:  # a stated fact: free in a world under study, else its constraints
            if self._world:
                return fixed, _EMPTY
            if self._terms and sort != "Bool":  # a fixed term, such as policy(s)
                self._terms[-1].add(root)
                self._sort.setdefault(root, sort)
            if root in self._loose:  # a case of a fixed term (see _instance): the reason is the link to the root
                return self._loose[root], self._path(name)
            return fixed, self._provenance(name)
        if self._track:
            self._track[-1].add(root)
            self._sort.setdefault(root, sort)
        value = self._changed.get(root) if self._changed else None
        if value is None:
            value = self._values.get(root)
        if not self._world:  # the root's value, if any, is a case: the reason is the link to the root
            if value is None:
                return (Lit(root, True), self._provenance(name)) if sort == "Bool" else _UNDETERMINED
            return value, self._provenance(name)
        if value is None:
            return _UNDETERMINED
        return value, frozenset((name,))
