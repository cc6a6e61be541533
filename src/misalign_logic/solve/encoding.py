"""Grounding: constraints over a finite story become quantifier-free SMT-LIB text.

Every unknown of a world is an *atom* known by its readable form, e.g. ``policy(farm)`` or
``ideal(farm, print_pr)``, and written in SMT-LIB as a short numbered symbol (``w12``). An enum-valued
atom is one-hot: a boolean per value (``w12_0`` …) with exactly one true, so the whole query is
propositional and z3 needs no arithmetic (measured: integers in ``0..k-1`` made the checks about five
times slower). Grounded quantifiers longer than a few hundred characters are defined once under a name
and shared, so a scheme's failure points are not repeated in each label and its negation. Text is
built here, without z3, and handed to :mod:`misalign_logic.solve.backend` to parse once: building terms one by
one through z3's Python API costs far more than solving them.

A quantifier's body is compiled once into a *writer*, a function of the variables' bindings, so that its
instances are written without dispatching on each node per instance; text written once (a constraint as
written) is walked instead.

The background axiom of docs/model.md ("the blueprint is what training actually used") is applied by
construction: ``design(c, s, a)`` for a training situation ``s`` *is* the atom ``feedback(s, a)``.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

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
    constant_args,
)
from misalign_logic.model.story import Phase, Story
from misalign_logic.solve.compile import Folding
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
    """Equivalence, folding constants."""
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

# What a text reads: an atom's name, or a folded case split, kept as (function, argument sorts, argument
# values with -1 for "every value") and spelled out into atom names only when a witness world is read.
Read = str | tuple[str, tuple[str, ...], tuple[int, ...]]

# A grounded quantifier: its text (or definition name), the atoms the text names, the atoms it depends on.
_Defined = tuple[str, dict[str, str], frozenset[Read]]

# A ground application: "true"/"false" for a phase test, else (atom name, sort, SMT text or folded
# value, the atom declared for it or None).
_Ground = str | tuple[str, str, Any, str | None]

# A grounded enum-valued term: an int when the value is known; otherwise, per value, the SMT text of
# "the term has that value".
Term = int | tuple[str, ...]

# A compiled node: from variable bindings to its SMT text (a boolean node) or its grounded term.
_Writer = Callable[[dict[str, str]], Any]


class Encoder:
    """Turns typed expressions over one story into SMT-LIB text, remembering the atoms it used.

    Atoms are declared with :meth:`declarations`, once each, with the one-hot constraint of enum atoms,
    so texts can be parsed one after another into the same solver.
    """

    def __init__(self, story: Story) -> None:
        self.story = story
        # Facts and aliases to fold while writing (see misalign_logic.solve.compile), or None.
        self.folding: Folding | None = None
        self.values: dict[str, tuple[str, ...]] = {}
        for sort in set(story.constant_sorts().values()):
            self.values[sort] = story.sort_values(sort)
        self.index = {sort: {v: i for i, v in enumerate(vals)} for sort, vals in self.values.items()}
        self.phases = {s.name: s.phase for s in story.situations}
        symbols = story.symbols()
        self.result = {name: sym.result for name, sym in symbols.items()}
        # The situations of each phase, made once (the story makes them afresh on every request).
        self._phases = {"training": story.training, "deployment": story.deployment}
        self.training = frozenset(self._phases["training"])
        self.used: dict[str, str] = {}  # atom name -> result sort, since the last declarations()
        self.declared: set[str] = set()
        # Every world atom the texts since the last take_reads() depend on, through definitions too.
        self.reads: set[Read] = set()
        # Grounded quantifiers are named once and shared (a scheme's failure points, say, appear in every
        # label of every scheme): key -> (SMT name, the world atoms its definition reads).
        self._defined: dict[tuple[Expr, tuple[tuple[str, str], ...]], _Defined] = {}
        self._pending: list[str] = []  # definitions created since the last declarations()
        self._shared = 0  # how many case splits have been named
        self._smt: dict[str, str | tuple[str, ...]] = {}  # readable atom name -> its SMT symbol(s)
        # Ground applications already seen: (function, argument names) -> their text.
        self._applied: dict[tuple[str, ...], _Ground] = {}
        self._named: dict[str, tuple[str, str, Any, str | None]] = {}  # the same, by atom name
        self._writers: dict[Expr, _Writer] | None = None  # per node, its writer, during formula() (see _bool)
        self._splits: dict[tuple[Any, ...], tuple[Any, dict[str, str], frozenset[Read]]] = {}

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
        if func == "design" and args[1] in self.training:
            func, args = "feedback", args[1:]
        return (f"{func}({', '.join(args)})" if args else func), self.result[func]

    def namer(self, func: str) -> Callable[[tuple[str, ...]], str]:
        """The function from argument names to the readable name of the atom ``func`` of them makes: what
        :meth:`atom_name` gives, without the background axiom's test for a function it cannot apply to."""
        if func == "design":
            return lambda args: self.atom_name(func, args)[0]
        return lambda args: f"{func}({', '.join(args)})" if args else func

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

    def sort_of(self, name: str) -> str:
        """The sort of the atom called ``name``."""
        return self.result[name.split("(", 1)[0]]

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

    # -- expressions -------------------------------------------------------------------------------

    def formula(self, expr: Expr, env: dict[str, str] | None = None) -> str:
        """A boolean expression as SMT-LIB text; ``env`` binds variables to constant names."""
        if self._writers is not None:
            return self._walk(expr, env or {})
        # The writers live for one call: they refer to the encoder, which must not refer to them after it, or
        # the two would make a cycle that only the collector frees (with every table the encoder holds).
        self._writers = {}
        try:
            return self._walk(expr, env or {})
        finally:
            self._writers = None

    def _walk(self, e: Expr, env: dict[str, str]) -> str:
        if isinstance(e, App):  # most frequent first: grounding visits atoms most
            text: str = self._walk_apply(e, env)
            return text
        if isinstance(e, BoolLit):
            return TRUE if e.value else FALSE
        if isinstance(e, Not):
            return neg(self._walk(e.arg, env))
        if isinstance(e, Connective):
            parts = [self._walk(a, env) for a in e.args]
            if e.op == "and":
                return conj(parts)
            if e.op == "or":
                return disj(parts)
            if e.op == "->":
                return disj([neg(parts[0]), parts[1]])
            return iff(parts[0], parts[1])
        if isinstance(e, Compare):
            if e.left.sort == "Int":
                return self.compare_amounts(e, env)
            if e.left.sort == "Bool":
                same = iff(self._walk(e.left, env), self._walk(e.right, env))
            else:
                same = self.equal(self._walk_term(e.left, env), self._walk_term(e.right, env))
            return same if e.op == "==" else neg(same)
        if isinstance(e, Quantifier):
            return self._quantifier(e, env)
        if isinstance(e, Var):  # a boolean variable cannot be bound by the parser; kept for completeness
            return env[e.name]
        msg = f"not a boolean expression: {e!r}"
        raise TypeError(msg)

    def _walk_term(self, e: Expr, env: dict[str, str]) -> Term:
        if isinstance(e, Const):
            return self.index[e.sort][e.name]
        if isinstance(e, Var):
            return self.index[e.sort][env[e.name]]
        if isinstance(e, App):
            term: Term = self._walk_apply(e, env)
            return term
        msg = f"not a term: {e!r}"
        raise TypeError(msg)

    def _walk_apply(self, e: App, env: dict[str, str]) -> Any:
        # Fast path, the common case: every argument is a constant or a bound variable, so the atom is
        # known by name without grounding the arguments one by one.
        names = constant_args(e, env)
        if names is None:
            args = [self._walk_term(a, env) for a in e.args]
            sorts = [a.sort for a in e.args]
            if self.folding is not None:
                self._shadow(e, args, sorts)
            return self.apply(e.func, args, sorts)
        return self._use(self._ground((e.func, *names)))

    # A quantifier's body is compiled once into a function of the bindings (a writer), so writing its
    # thousands of instances does not dispatch on each node's kind per instance. A writer writes exactly what
    # the walk above writes, with the same side effects in the same order; the walk stays for text written
    # once (a constraint as written), where compiling would cost more than it saves.

    def _bool(self, e: Expr) -> _Writer:
        writers = self._writers
        assert writers is not None, "writers are made within formula()"
        found = writers.get(e)
        if found is None:
            found = writers[e] = self._bool_writer(e)
        return found

    def _bool_writer(self, e: Expr) -> _Writer:
        if isinstance(e, App):
            return self._app_writer(e)
        if isinstance(e, BoolLit):
            text = TRUE if e.value else FALSE
            return lambda env: text
        if isinstance(e, Not):
            arg = self._bool(e.arg)
            return lambda env: neg(arg(env))
        if isinstance(e, Connective):
            parts = [self._bool(a) for a in e.args]
            if e.op == "and":
                return lambda env: conj([p(env) for p in parts])
            if e.op == "or":
                return lambda env: disj([p(env) for p in parts])
            first, second = parts
            if e.op == "->":
                return lambda env: disj([neg(first(env)), second(env)])
            return lambda env: iff(first(env), second(env))
        if isinstance(e, Compare):
            if e.left.sort == "Int":
                return functools.partial(self.compare_amounts, e)
            if e.left.sort == "Bool":
                left, right = self._bool(e.left), self._bool(e.right)
                if e.op == "==":
                    return lambda env: iff(left(env), right(env))
                return lambda env: neg(iff(left(env), right(env)))
            tl, tr = self._term(e.left), self._term(e.right)
            equal = self.equal
            if e.op == "==":
                return lambda env: equal(tl(env), tr(env))
            return lambda env: neg(equal(tl(env), tr(env)))
        if isinstance(e, Quantifier):
            quantifier = self._quantifier
            return lambda env: quantifier(e, env)
        if isinstance(e, Var):  # a boolean variable cannot be bound by the parser; kept for completeness
            name = e.name
            return lambda env: env[name]
        return functools.partial(_fail, f"not a boolean expression: {e!r}")

    def _term(self, e: Expr) -> Callable[[dict[str, str]], Term]:
        if isinstance(e, Const):
            value = self.index[e.sort][e.name]
            return lambda env: value
        if isinstance(e, Var):
            index, name = self.index[e.sort], e.name
            return lambda env: index[env[name]]
        if isinstance(e, App):
            app: Callable[[dict[str, str]], Term] = self._bool(e)
            return app
        return functools.partial(_fail, f"not a term: {e!r}")

    def _app_writer(self, e: App) -> _Writer:
        func = e.func
        if all(type(a) is Var or type(a) is Const for a in e.args):
            # The common case: the atom is known by name without grounding the arguments one by one.
            return self._atom_writer(func, [(type(a) is Var, a.name) for a in e.args])  # type: ignore[union-attr]
        terms = [self._term(a) for a in e.args]
        sorts = [a.sort for a in e.args]
        shadow, apply = self._shadow, self.apply

        def write(env: dict[str, str]) -> Any:
            args = [t(env) for t in terms]
            if self.folding is not None:
                shadow(e, args, sorts)
            return apply(func, args, sorts)

        return write

    def _atom_writer(self, func: str, spec: list[tuple[bool, str]]) -> _Writer:
        """The writer of ``func`` applied to variables and constants (``spec``: per argument, whether it is a
        variable, and its name); the shapes the conditions use most build the ground key directly."""
        get, ground, use = self._applied.get, self._ground, self._use
        shape = tuple(bound for bound, _ in spec)
        names = [n for _, n in spec]
        if shape == (True,):
            x = names[0]
            return lambda env: use(get((func, env[x])) or ground((func, env[x])))
        if shape == (True, True):
            x, y = names
            return lambda env: use(get((func, env[x], env[y])) or ground((func, env[x], env[y])))
        if shape == (True, False):
            x, c = names
            return lambda env: use(get((func, env[x], c)) or ground((func, env[x], c)))
        if shape == (False, True, True):
            c, x, y = names
            return lambda env: use(get((func, c, env[x], env[y])) or ground((func, c, env[x], env[y])))
        return lambda env: use(ground((func, *[env[n] if bound else n for bound, n in spec])))

    # -- amounts: integer terms, written as SMT-LIB linear integer arithmetic --------------------------

    def compare_amounts(self, e: Compare, env: dict[str, str]) -> str:
        """A comparison of two amounts; folded to true/false when both are known numbers."""
        left, right = self.amount(e.left, env), self.amount(e.right, env)
        known = _value(left), _value(right)
        if known[0] is not None and known[1] is not None:
            return TRUE if _COMPARE[e.op](known[0], known[1]) else FALSE
        if e.op == "!=":
            return f"(not (= {left} {right}))"
        return f"({'=' if e.op == '==' else e.op} {left} {right})"

    def amount(self, e: Expr, env: dict[str, str]) -> str:
        """An integer term as SMT-LIB text (a numeral when it is known)."""
        if isinstance(e, IntLit):
            return _number(e.value)
        if isinstance(e, App):
            text: str = self._walk_apply(e, env)
            return text
        if isinstance(e, Arith):
            left, right = self.amount(e.left, env), self.amount(e.right, env)
            a, b = _value(left), _value(right)
            if a is not None and b is not None:
                return _number(a + b if e.op == "+" else a - b)
            return f"({e.op} {left} {right})"
        if isinstance(e, Scale):
            arg = self.amount(e.arg, env)
            known = _value(arg)
            return _number(e.factor * known) if known is not None else f"(* {_number(e.factor)} {arg})"
        if isinstance(e, Sum):
            envs = [dict(env)]
            for name, domain in e.variables:
                envs = [{**x, name: v} for x in envs for v in self.domain(domain)]
            parts = [self.amount(e.body, x) for x in envs]
            if not parts:
                return "0"
            return parts[0] if len(parts) == 1 else f"(+ {' '.join(parts)})"
        msg = f"not an amount: {e!r}"
        raise TypeError(msg)

    def _quantifier(self, e: Quantifier, env: dict[str, str]) -> str:
        key = (e, tuple(sorted(env.items())))
        found = self._defined.get(key)
        if found is None:
            outer_used, outer_reads = self.used, self.reads
            self.used, self.reads = {}, set()
            text = self._expand(e, env)
            used, reads = self.used, frozenset(self.reads)
            outer_used.update(used)  # in place: copying the outer record per instance would be quadratic
            self.used, self.reads = outer_used, outer_reads
            if len(text) < _SHARE_ABOVE:
                found = (text, used, reads)
            else:
                name = f"|d#{len(self._defined)}|"
                self._pending.append(named(name, text))
                found = (name, {}, reads)
            self._defined[key] = found
        text, used, reads = found
        self.reads |= reads
        for atom, sort in used.items():
            self.used.setdefault(atom, sort)
        return text

    def _expand(self, e: Quantifier, env: dict[str, str]) -> str:
        envs = [dict(env)]
        for name, domain in e.variables:
            values = self.domain(domain)
            envs = [{**x, name: v} for x in envs for v in values]
        # Every instance is written, even past one that folds the whole to a constant: the atoms an
        # expression reads (a witness world's atoms) do not depend on what the facts fold.
        body = self._bool(e.body)
        parts = [body(x) for x in envs]
        return conj(parts) if e.kind == "forall" else disj(parts)

    def domain(self, domain: str) -> tuple[str, ...]:
        """The constants a quantifier's domain ranges over."""
        found = self._phases.get(domain)
        return self.values[domain] if found is None else found

    def equal(self, a: Term, b: Term) -> str:
        """Equality of two grounded enum terms."""
        if isinstance(a, int):
            return (TRUE if a == b else FALSE) if isinstance(b, int) else b[a]
        if isinstance(b, int):
            return a[b]
        return disj(conj([x, y]) for x, y in zip(a, b, strict=True))

    def _shadow(self, e: App, args: list[Term], sorts: list[str]) -> None:
        """Record as read the atoms an unfolded case split would read.

        ``ideal(s, policy(s))`` with ``policy(s)`` fixed reads one ``ideal`` atom once folded, where the
        unfolded split reads one per action; a witness world shows what the scheme reads, folded or not.
        """
        folded = False
        values = []
        for a, t in zip(e.args, args, strict=True):
            if type(a) is App:
                folded = folded or type(t) is int
                values.append(-1)
            else:
                values.append(t if isinstance(t, int) else -1)
        if folded:
            self.reads.add((e.func, tuple(sorts), tuple(values)))

    def readings(self, reads: Iterable[Read]) -> dict[str, tuple[str, str, Any, str | None]]:
        """Per atom ``reads`` stand for (folded case splits spelled out): its name, its sort, its SMT text or
        folded value, and the atom the solver has for it (None when folded), as :meth:`resolve` gives them."""
        out: dict[str, tuple[str, str, Any, str | None]] = {}
        applied, named = self._applied, self._named
        for r in reads:
            if isinstance(r, str):
                if r not in out:
                    found = named.get(r)
                    if found is None:
                        sort = self.sort_of(r)
                        found = (r, sort, *self.resolve(r, sort))
                    out[r] = found
                continue
            func, sorts, values = r
            options = [self.values[s] if v < 0 else (self.values[s][v],) for s, v in zip(sorts, values, strict=True)]
            for key in itertools.product((func,), *options):  # ground keys: (function, argument names)
                grounded = applied.get(key)
                if isinstance(grounded, tuple):
                    out[grounded[0]] = grounded
                else:
                    name, sort = self.atom_name(func, key[1:])
                    out[name] = (name, sort, *self.resolve(name, sort))
        return out

    def _ground(self, key: tuple[str, ...]) -> _Ground:
        """The ground application ``key`` = (function, argument names), remembered."""
        found = self._applied.get(key)
        if found is None:
            func, names = key[0], key[1:]
            if func in ("training", "deployment"):
                found = TRUE if self.phases[names[0]] is Phase(func) else FALSE
            else:
                name, sort = self.atom_name(func, names)
                found = self._named[name] = (name, sort, *self.resolve(name, sort))
            self._applied[key] = found
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

    def _use(self, found: _Ground) -> Any:
        if isinstance(found, str):
            return found
        name, sort, smt, declared = found
        self.reads.add(name)
        if declared is not None and declared not in self.used:
            self.used[declared] = sort
        return smt

    def apply(self, func: str, args: list[Term], sorts: list[str]) -> Any:
        """``func`` applied to grounded arguments; unknown arguments are split by cases.

        Returns SMT text for a boolean function, a :data:`Term` for an enum-valued one.
        """
        for i, arg in enumerate(args):
            if isinstance(arg, tuple):  # e.g. ideal(farm, policy(farm)): case split on policy(farm)
                return self._split(func, args, sorts, i)
        values = self.values
        names = tuple([values[s][a] for s, a in zip(sorts, args, strict=True)])  # type: ignore[index]
        return self._use(self._ground((func, *names)))

    def _split(self, func: str, args: list[Term], sorts: list[str], i: int) -> Any:
        """``func(args)`` by cases on the unknown argument ``args[i]``; remembered, since a scheme's labels
        repeat the same split (``ideal(s, policy(s))`` in its failure point, outer and inner)."""
        key = (func, *args)
        found = self._splits.get(key)
        if found is None:
            outer_used, outer_reads = self.used, self.reads
            self.used, self.reads = {}, set()
            arg = args[i]
            assert isinstance(arg, tuple)
            cases = [(arg[k], self.apply(func, [*args[:i], k, *args[i + 1 :]], sorts)) for k in range(len(arg))]
            if self.result[func] == "Int":  # an amount by cases: the value of the case that holds
                result: Any = cases[-1][1]
                for c, b in reversed(cases[:-1]):
                    result = f"(ite {c} {b} {result})"
            elif self.result[func] == "Bool":
                result = self._share(disj(conj([c, b]) for c, b in cases))
            else:
                width = len(self.values[self.result[func]])
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


def _fail(message: str, env: dict[str, str]) -> Any:
    raise TypeError(message)


def _has(term: Term, k: int) -> str:
    """The SMT text of "``term`` has value number ``k``"."""
    if isinstance(term, int):
        return TRUE if term == k else FALSE
    return term[k]
