"""Justifying evaluation: a condition's truth under the compiled facts, with a small reason for it.

An explanation needs a few facts that settle a label, not every fact the label reads. Evaluating the label's
condition in Python, under the facts :mod:`misalign_logic.solve.compile` fixed and, optionally, a witness
world's values of the open atoms, gives its truth (true, false, or undetermined when an open atom it needs
has no value) and a *sufficient reason*: a set of atoms whose values alone settle that truth. A true ``or``
(or ``exists``) is justified by one true disjunct, the one with the smallest reason; a false ``and`` (or
``forall``) by one false conjunct; anything else by all its parts. The semantics are the encoder's
(:mod:`misalign_logic.solve.encoding`): the background axiom through ``atom_name``, phase tests as
constants, an unknown argument such as ``policy(s)`` in ``ideal(s, policy(s))`` split by cases (decided when
every case agrees).

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
from misalign_logic.model.story import Phase
from misalign_logic.solve.compile import Folding

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

# A ground application, resolved once: a phase test's bool, or (atom name, its alias root, fixed value or
# None, its sort).
_Ground = bool | tuple[str, str, Value | None, str]

#: Most cases an undetermined quantifier instance is split into (see Justifier._by_cases).
_MOST_CASES = 8

# A quantifier's instances under the base assignment: their bindings, truths, and the open roots each read.
_Instances = tuple[list[dict[str, str]], list[Truth], list[frozenset[str]], dict[str, list[int]]]


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
        encoder: the story's encoder (an :class:`~misalign_logic.solve.encoding.Encoder`), for atom names
            (with the background axiom), value indices, phases and quantifier domains.
        folding: the scenario's compiled facts and aliases.
    """

    def __init__(self, encoder: Any, folding: Folding) -> None:
        self._enc = encoder
        self._fold = folding
        self._ground: dict[tuple[str, ...], _Ground] = {}
        self._terms: list[set[str]] = []  # fixed roots read, per quantifier instance (compiled facts alone)
        self._loose: dict[str, Value] = {}  # fixed root -> a case tried instead of its value (see _instance)
        self._sort: dict[str, str] = {}  # open root -> its sort, for the roots read so far
        self._because: dict[str, Reason] = {}  # atom -> the constraints that fix it or alias it to its root
        self._world = False  # whether a world is under study (else the compiled facts alone)
        self._values: dict[str, Value] = {}  # open root -> its value in the world under study
        self._changed: dict[str, Value] = {}  # open root -> a value tried instead (see flip)
        self._track: list[set[str]] = []  # open roots read, per quantifier instance being evaluated
        self._instances: dict[tuple[Quantifier, tuple[tuple[str, str], ...]], _Instances] | None = None

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

    def why(self, expr: Expr, *, keep: bool = False) -> Truth:
        """``expr``'s truth in the world under study, and a sufficient reason for it.

        With ``keep``, every quantifier's instances are kept (with the open atoms each read) so that
        :meth:`flip` can evaluate ``expr`` again after a change, reading only the instances it affects.
        """
        if keep:
            self._instances = {}
        try:
            return self._bool(expr, {})
        finally:
            self._track, self._terms = [], []

    def reads(self, expr: Expr, env: Mapping[str, str]) -> tuple[bool | Lit | None, frozenset[str]]:
        """``expr``'s truth under ``env`` in the world under study, and every open root it read."""
        self._track.append(set())
        instances, self._instances = self._instances, None  # what is kept is the condition's alone
        try:
            value = self._bool(expr, dict(env))[0]
        finally:
            found = self._track.pop()
            self._instances = instances
        return value, frozenset(found)

    def flip(self, expr: Expr, changed: Mapping[str, Value], pieces: Iterable[tuple[Expr, Mapping[str, str]]]) -> bool:
        """Whether the world under study, with the open roots in ``changed`` given those values instead,
        satisfies every one of ``pieces`` and makes ``expr`` false.

        ``expr`` must have been evaluated with ``why(expr, keep=True)`` in this world: only the kept
        instances that read a changed root are evaluated again.
        """
        self._changed = dict(changed)
        instances, self._instances = self._instances, None
        try:
            for piece, env in pieces:
                if self._bool(piece, dict(env))[0] is not True:
                    return False
            self._instances = instances
            return self._bool(expr, {})[0] is False
        finally:
            self._changed = {}
            self._instances = instances
            self._track = []

    def _bool(self, e: Expr, env: dict[str, str]) -> Truth:
        kind = type(e)
        if kind is App:
            return self._apply(e, env)  # type: ignore[arg-type]
        if kind is Not:
            return _negated(self._bool(e.arg, env))  # type: ignore[union-attr]
        if kind is Connective:
            return self._connective(e, env)  # type: ignore[arg-type]
        if kind is Compare:
            return self._compare(e, env)  # type: ignore[arg-type]
        if kind is Quantifier:
            return self._quantifier(e, env)  # type: ignore[arg-type]
        if kind is BoolLit:
            return bool(e.value), _EMPTY  # type: ignore[union-attr]
        msg = f"not a boolean expression: {e!r}"
        raise TypeError(msg)

    def _connective(self, e: Connective, env: dict[str, str]) -> Truth:
        parts = [self._bool(a, env) for a in e.args]
        if e.op == "and":
            return _all(parts)
        if e.op == "or":
            return _any(parts)
        if e.op == "->":
            return _any([_negated(parts[0]), parts[1]])
        return self._same(parts[0], parts[1])

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

    def _compare(self, e: Compare, env: dict[str, str]) -> Truth:
        if e.left.sort == "Int":
            # Amounts are not evaluated here: undetermined is sound (the caller certifies with the solver).
            return _UNDETERMINED
        if e.left.sort == "Bool":
            found = self._same(self._bool(e.left, env), self._bool(e.right, env))
        else:
            found = self._same(self._term(e.left, env), self._term(e.right, env))
        return found if e.op == "==" else _negated(found)

    def _quantifier(self, e: Quantifier, env: dict[str, str]) -> Truth:
        kept = self._instances
        found = None
        if kept is not None:
            key = (e, tuple(sorted(env.items())))
            found = kept.get(key)
            if found is None and not self._changed:  # under a change, nothing new is kept
                found = kept[key] = self._instantiate(e, env)
        if found is None:
            if self._world:
                parts = [self._bool(e.body, x) for x in self._bindings(e, env)]
            else:
                return self._settled(e, env)
        else:
            bindings, truths, reads, by_root = found
            parts = truths
            if self._changed:
                again = sorted({i for r in self._changed for i in by_root.get(r, ())})
                if again:
                    parts = list(truths)
                    for i in again:
                        parts[i] = self._bool(e.body, bindings[i])
            if self._track:
                self._track[-1].update(*reads)
        return _all(parts) if e.kind == "forall" else _any(parts)

    def _settled(self, e: Quantifier, env: dict[str, str]) -> Truth:
        """``e`` under the compiled facts alone, with the smallest reason found.

        Instances are split by cases when that settles them, or settles them on fewer statements: on the
        open atoms an undetermined instance reads (``x -> x`` is true, with ``feedback(t, a)`` stated equal to
        ``ideal(t, a)``), and, when every instance's reason counts (a true ``forall``, a false ``exists``), on
        the fixed terms an instance's arguments read (``not ideal(s, policy(s)) and design(c, s, policy(s))``
        is false for every action when the design is stated equal to the wishes, whatever ``policy(s)`` is
        stated to be).
        """
        bindings = self._bindings(e, env)
        found = [self._instance(e.body, x) for x in bindings]
        parts = [truth for truth, _, _ in found]
        for i, (truth, read, _) in enumerate(found):
            if truth[0] is None:
                cases = self._cases_of(e.body, bindings[i], [r for r in read if r not in self._values], self._values)
                parts[i] = truth if cases is None else cases
        every = e.kind == "forall"
        result = _all(parts) if every else _any(parts)
        if result[0] is not every:  # one instance settles it (the smallest), or nothing does
            return result
        for i, (_, _, terms) in enumerate(found):
            free = [r for r in terms if r not in self._loose]
            if free and parts[i][1]:
                cases = self._cases_of(e.body, bindings[i], free, self._loose)
                if cases is not None and cases[0] == parts[i][0] and len(cases[1]) <= len(parts[i][1]):
                    parts[i] = cases  # on a tie the cases win: their statements are more often shared
        return _all(parts) if every else _any(parts)

    def _instance(self, body: Expr, env: dict[str, str]) -> tuple[Truth, set[str], set[str]]:
        """An instance's truth, with the open roots it read and the fixed terms its arguments read."""
        self._track.append(set())
        self._terms.append(set())
        try:
            found = self._bool(body, env)
        finally:
            read, terms = self._track.pop(), self._terms.pop()
        if self._track:
            self._track[-1].update(read)
        if self._terms:
            self._terms[-1].update(terms)
        return found, read, terms

    def _cases_of(self, body: Expr, env: dict[str, str], roots: list[str], into: dict[str, Value]) -> Truth | None:
        """``body`` evaluated once per assignment of ``roots`` (written into ``into``): its truth when every
        case settles it the same way, with their reasons; None otherwise, or when there are too many cases."""
        roots = sorted(roots)
        sizes = [2 if self._sort[r] == "Bool" else len(self._enc.values[self._sort[r]]) for r in roots]
        if not roots or math.prod(sizes) > _MOST_CASES:
            return None
        cases: list[Truth] = []
        try:
            for combo in itertools.product(*(range(k) for k in sizes)):
                for r, k in zip(roots, combo, strict=True):
                    into[r] = k == 0 if self._sort[r] == "Bool" else k
                found = self._bool(body, env)
                if type(found[0]) is not bool or (cases and found[0] != cases[0][0]):
                    return None
                cases.append(found)
        finally:
            for r in roots:
                into.pop(r, None)
        return cases[0][0], _union(cases)

    def _instantiate(self, e: Quantifier, env: dict[str, str]) -> _Instances:
        """The instances of ``e`` under ``env``, each evaluated with the open roots it reads."""
        bindings = self._bindings(e, env)
        truths: list[Truth] = []
        reads: list[frozenset[str]] = []
        by_root: dict[str, list[int]] = {}
        for i, x in enumerate(bindings):
            self._track.append(set())
            try:
                truths.append(self._bool(e.body, x))
            finally:
                found = frozenset(self._track.pop())
            reads.append(found)
            for r in found:
                by_root.setdefault(r, []).append(i)
        return bindings, truths, reads, by_root

    def _bindings(self, e: Quantifier, env: dict[str, str]) -> list[dict[str, str]]:
        envs = [env]
        for name, domain in e.variables:
            envs = [{**x, name: v} for x in envs for v in self._enc.domain(domain)]
        return envs

    def _term(self, e: Expr, env: dict[str, str]) -> tuple[Value | None, Reason]:
        kind = type(e)
        if kind is Const:
            return self._enc.index[e.sort][e.name], _EMPTY  # type: ignore[union-attr]
        if kind is Var:
            return self._enc.index[e.sort][env[e.name]], _EMPTY  # type: ignore[union-attr]
        if kind is App:
            return self._apply(e, env)  # type: ignore[arg-type]
        msg = f"not a term: {e!r}"
        raise TypeError(msg)

    def _apply(self, e: App, env: dict[str, str]) -> tuple[Any, Reason]:
        names = constant_args(e, env)
        if names is None:
            terms = [self._term(a, env) for a in e.args]
            return self._cases(e.func, terms, [a.sort for a in e.args])
        return self._read(e.func, names)

    def _cases(self, func: str, terms: list[tuple[Value | None, Reason]], sorts: list[str]) -> tuple[Any, Reason]:
        """``func`` at argument values some of which may be undetermined: split by cases, as the encoder does;
        the result is determined when every case gives the same value."""
        for i, (value, _) in enumerate(terms):
            if value is None:
                cases = [
                    self._cases(func, [*terms[:i], (k, _EMPTY), *terms[i + 1 :]], sorts)
                    for k in range(len(self._enc.values[sorts[i]]))
                ]
                first = cases[0][0]
                if first is None or any(v != first or type(v) is not type(first) for v, _ in cases):
                    return _UNDETERMINED
                return first, _union(cases)
        names = tuple(self._enc.value_name(s, v) for s, (v, _) in zip(sorts, terms, strict=True))
        value, reason = self._read(func, names)
        if value is None:
            return _UNDETERMINED
        return value, reason.union(*(r for _, r in terms))

    def _path(self, atom: str) -> Reason:
        return self._fold.find(atom)[1]

    def _provenance(self, atom: str) -> Reason:
        found = self._because.get(atom)
        if found is None:
            found = self._because[atom] = self._fold.provenance((atom,))
        return found

    def _read(self, func: str, names: tuple[str, ...]) -> tuple[Any, Reason]:
        key = (func, *names)
        found = self._ground.get(key)
        if found is None:
            if func in ("training", "deployment"):
                found = self._enc.phases[names[0]] is Phase(func)
            else:
                name, sort = self._enc.atom_name(func, names)
                found = (name, *self._fold.resolve(name), sort)
            self._ground[key] = found
        if isinstance(found, bool):
            return found, _EMPTY
        name, root, fixed, sort = found
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
