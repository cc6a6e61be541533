"""Grounding: constraints over a finite story become quantifier-free SMT-LIB text.

Every unknown of a world becomes one named SMT constant (an *atom*) whose name is its readable form,
e.g. ``policy(farm)`` or ``ideal(farm, print_pr)``; enum-valued atoms are integers in ``0..k-1``. Text is
built here, without z3, and handed to :mod:`misalign_logic._solver` to parse once: building terms one by
one through z3's Python API costs far more than solving them.

The background axiom of DESIGN.md ("the blueprint is what training actually used") is applied by
construction: ``design(c, s, a)`` for a training situation ``s`` *is* the atom ``feedback(s, a)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from misalign_logic.expr import App, BoolLit, Compare, Connective, Const, Expr, Not, Quantifier, Var
from misalign_logic.story import Phase, Story

__all__ = ["Encoder", "conj", "disj", "neg"]

TRUE, FALSE = "true", "false"


#: Prefix of every world atom's SMT name, so that no story name can meet an SMT-LIB built-in (``choice``).
ATOM_PREFIX = "w."


def q(name: str) -> str:
    """The SMT-LIB symbol for the atom with readable name ``name``."""
    return f"|{ATOM_PREFIX}{name}|"


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


#: Grounded quantifiers longer than this are named by a definition and shared; shorter ones are inlined.
_SHARE_ABOVE = 400

# A grounded quantifier: its text (or definition name), the atoms the text names, the atoms it depends on.
_Defined = tuple[str, dict[str, str], frozenset[str]]

# A grounded enum-valued term: an int when the value is known, an SMT expression otherwise.
Term = int | str


class Encoder:
    """Turns typed expressions over one story into SMT-LIB text, remembering the atoms it used.

    Atoms are declared with :meth:`declarations`; integer atoms get their range constraint the first time
    they are declared, so texts can be parsed one after another into the same solver.
    """

    def __init__(self, story: Story) -> None:
        self.story = story
        self.values: dict[str, tuple[str, ...]] = {}
        for sort in set(story.constant_sorts().values()):
            self.values[sort] = story.sort_values(sort)
        self.index = {sort: {v: i for i, v in enumerate(vals)} for sort, vals in self.values.items()}
        self.phases = {s.name: s.phase for s in story.situations}
        symbols = story.symbols()
        self.result = {name: sym.result for name, sym in symbols.items()}
        self.training = frozenset(story.training)
        self.used: dict[str, str] = {}  # atom name -> result sort, since the last declarations()
        self.ranged: set[str] = set()
        # Every world atom the texts since the last take_reads() depend on, through definitions too.
        self.reads: set[str] = set()
        # Grounded quantifiers are named once and shared (a scheme's failure points, say, appear in every
        # label of every scheme): key -> (SMT name, the world atoms its definition reads).
        self._defined: dict[tuple[Expr, tuple[tuple[str, str], ...]], _Defined] = {}
        self._aux_used: set[str] = set()  # older definitions referenced since the last declarations()
        self._pending: list[str] = []  # definitions created since the last declarations()
        self._fresh: set[str] = set()  # their names

    # -- atoms -----------------------------------------------------------------------------------

    def atom(self, func: str, args: tuple[str, ...]) -> str:
        """The SMT symbol of ``func(args)``, recorded as used; the axiom maps training design to feedback."""
        if func == "design" and args[1] in self.training:
            func, args = "feedback", args[1:]
        name = f"{func}({', '.join(args)})" if args else func
        if name not in self.used:
            self.used[name] = self.result[func]
            self.reads.add(name)
        return q(name)

    def touch(self, name: str, sort: str) -> None:
        """Record that the next text refers to atom ``name``, already known to be of ``sort``."""
        self.used.setdefault(name, sort)
        self.reads.add(name)

    def take_reads(self) -> frozenset[str]:
        """The world atoms the texts built since the last call depend on; starts a new record."""
        found, self.reads = frozenset(self.reads), set()
        return found

    def declarations(self) -> str:
        """Declarations for every atom used since the last call, and ranges for new integer atoms.

        Definitions of shared subformulas created since the last call come last, after what they use.
        """
        out = [f"(declare-const {name} Bool)" for name in self._aux_used]
        self._aux_used = set()
        for name, sort in self.used.items():
            if sort == "Bool":
                out.append(f"(declare-const {q(name)} Bool)")
                continue
            out.append(f"(declare-const {q(name)} Int)")
            if name not in self.ranged:
                self.ranged.add(name)
                out.append(f"(assert (and (<= 0 {q(name)}) (< {q(name)} {len(self.index[sort])})))")
        self.used = {}
        out += self._pending
        self._pending, self._fresh = [], set()
        return "\n".join(out)

    def value_name(self, sort: str, value: int) -> str:
        """The readable name of value number ``value`` of ``sort``."""
        return self.values[sort][value]

    # -- expressions -------------------------------------------------------------------------------

    def formula(self, expr: Expr, env: dict[str, str] | None = None) -> str:
        """A boolean expression as SMT-LIB text; ``env`` binds variables to constant names."""
        return self._bool(expr, env or {})

    def _bool(self, e: Expr, env: dict[str, str]) -> str:
        if isinstance(e, BoolLit):
            return TRUE if e.value else FALSE
        if isinstance(e, Not):
            return neg(self._bool(e.arg, env))
        if isinstance(e, Connective):
            parts = [self._bool(a, env) for a in e.args]
            if e.op == "and":
                return conj(parts)
            if e.op == "or":
                return disj(parts)
            if e.op == "->":
                return disj([neg(parts[0]), parts[1]])
            return iff(parts[0], parts[1])
        if isinstance(e, Compare):
            if e.left.sort == "Bool":
                same = iff(self._bool(e.left, env), self._bool(e.right, env))
            else:
                same = self.equal(self._term(e.left, env), self._term(e.right, env))
            return same if e.op == "==" else neg(same)
        if isinstance(e, Quantifier):
            return self._quantifier(e, env)
        if isinstance(e, App):
            return self._apply(e, env)
        if isinstance(e, Var):  # a boolean variable cannot be bound by the parser; kept for completeness
            return env[e.name]
        msg = f"not a boolean expression: {e!r}"
        raise TypeError(msg)

    def _quantifier(self, e: Quantifier, env: dict[str, str]) -> str:
        key = (e, tuple(sorted(env.items())))
        found = self._defined.get(key)
        if found is None:
            outer_used, outer_reads = self.used, self.reads
            self.used, self.reads = {}, set()
            text = self._ground(e, env)
            used, reads = self.used, frozenset(self.reads)
            self.used, self.reads = {**outer_used, **used}, outer_reads
            if len(text) < _SHARE_ABOVE:
                found = (text, used, reads)
            else:
                name = f"|d#{len(self._defined)}|"
                self._pending.append(f"(declare-const {name} Bool) (assert (= {name} {text}))")
                self._fresh.add(name)
                found = (name, {}, reads)
            self._defined[key] = found
        text, used, reads = found
        self.reads |= reads
        for atom, sort in used.items():
            self.used.setdefault(atom, sort)
        if not used and text.startswith("|d#") and text not in self._fresh:
            self._aux_used.add(text)
        return text

    def _ground(self, e: Quantifier, env: dict[str, str]) -> str:
        envs = [dict(env)]
        for name, domain in e.variables:
            values = self.domain(domain)
            envs = [{**x, name: v} for x in envs for v in values]
        parts = (self._bool(e.body, x) for x in envs)
        return conj(parts) if e.kind == "forall" else disj(parts)

    def domain(self, domain: str) -> tuple[str, ...]:
        """The constants a quantifier's domain ranges over."""
        if domain == "training":
            return self.story.training
        if domain == "deployment":
            return self.story.deployment
        return self.values[domain]

    def equal(self, a: Term, b: Term) -> str:
        """Equality of two grounded enum terms."""
        if isinstance(a, int) and isinstance(b, int):
            return TRUE if a == b else FALSE
        return f"(= {a} {b})"

    def _term(self, e: Expr, env: dict[str, str]) -> Term:
        if isinstance(e, Const):
            return self.index[e.sort][e.name]
        if isinstance(e, Var):
            return self.index[e.sort][env[e.name]]
        if isinstance(e, App):
            return self._apply(e, env)
        msg = f"not a term: {e!r}"
        raise TypeError(msg)

    def _apply(self, e: App, env: dict[str, str]) -> str:
        args = [self._term(a, env) for a in e.args]
        return self.apply(e.func, list(args), [a.sort for a in e.args])

    def apply(self, func: str, args: list[Term], sorts: list[str]) -> str:
        """``func`` applied to grounded arguments; unknown arguments are split by cases."""
        for i, arg in enumerate(args):
            if isinstance(arg, str):  # e.g. ideal(farm, policy(farm)): case split on policy(farm)
                cases = []
                for k in range(len(self.index[sorts[i]])):
                    body = self.apply(func, [*args[:i], k, *args[i + 1:]], sorts)
                    cases.append((f"(= {arg} {k})", body))
                if self.result[func] == "Bool":
                    return disj(conj([c, b]) for c, b in cases)
                text = cases[-1][1]
                for c, b in reversed(cases[:-1]):
                    text = f"(ite {c} {b} {text})"
                return text
        names = tuple(self.value_name(s, a) for s, a in zip(sorts, args, strict=True))  # type: ignore[arg-type]
        if func in ("training", "deployment"):
            return TRUE if self.phases[names[0]] is Phase(func) else FALSE
        return self.atom(func, names)
