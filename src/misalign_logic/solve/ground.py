"""Lowering: an expression over a story becomes a ground formula, the one meaning every solving path reads.

This module is the only one in :mod:`misalign_logic.solve` that reads the expression syntax tree
(:mod:`misalign_logic.model.expr`). It lowers an expression, under a story and bindings of its variables, to a
*ground* formula: a DAG of the nodes of :mod:`misalign_logic.solve.nodes`, in which

* every application with constant arguments is an :data:`Atom`, its readable name, with the
  background axiom of docs/model.md applied ("the blueprint is what training actually used": ``design(c, s, a)``
  for a training situation ``s`` *is* the atom ``feedback(s, a)``), and one node per atom;
* a phase test (``training(s)``, ``deployment(s)``) is a :data:`TRUE` or :data:`FALSE` constant;
* a quantifier is the list of its instances (:class:`Instances`), one node per quantifier and bindings, so a
  condition that repeats a quantifier repeats one node;
* an application with an unknown argument, such as ``ideal(s, policy(s))``, is a :class:`Split`: the
  function, its arguments (ground terms) and the atom each case of the arguments' values names;
* amounts are integer nodes (:class:`Number`, :class:`Add`, :class:`Mul`, :class:`Total`) compared by
  :class:`Relation`.

Three readers share it: the compile stage (:mod:`misalign_logic.solve.compile`) records the facts and
equalities among its top-level conjuncts, the SMT printer (:mod:`misalign_logic.solve.encoding`) writes it as
SMT-LIB text, and the justifier (:mod:`misalign_logic.solve.justify`) evaluates it with reasons. None of them
knows what a variable, a domain, a phase or the background axiom is. The brute-force checker in
:mod:`misalign_logic.testing` does not use it, on purpose: it is the independent oracle.

A quantifier's body is compiled once into a *writer*, a function of the variables' bindings, so that its
instances are lowered without dispatching on each syntax node per instance. A body without quantifiers or
amounts is lowered once as a :class:`~misalign_logic.solve.nodes.Shape`, a formula over holes, and each
instance as the leaves that fill them: the atoms (or splits) its applications name and the values its
variables are bound to. Readers then write an instance from its leaves (the printer writes instances with the
same folded leaves once), and the nodes of an instance are made only when a reader asks for them.
"""

from __future__ import annotations

import itertools
import operator
import threading
from collections.abc import Callable
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
from misalign_logic.solve.nodes import (
    FALSE,
    TRUE,
    Add,
    Atom,
    Conj,
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
)

__all__ = ["Lowering", "clear_lowerings", "lowering"]


# From variable bindings to a node.
_Writer = Callable[[dict[str, str]], Ground]

# Where Lowering.conjuncts puts what it finds: two atoms stated equal, and any other conjunct; with the facts'
# list's append and their tag, its sink.
_Union = Callable[[Atom, Atom, Any], None]
_Other = Callable[[Ground], None]
_Sink = tuple[Callable[[tuple[Atom, Any, Any]], None], Any, _Union, _Other]

# A quantified conjunction of facts and equalities, compiled once so that its instances' facts are lowered
# without a node or a binding per instance: the variables bound outside it, the domains of its own, the
# constants its atoms name, and per conjunct (kind, atom's keyer, its function, other side). An instance's slots
# are the outside bindings, then its own, then the constants; a keyer makes an atom's key (see Lowering.app) from
# them. A lowering replaces each function with its maker of atoms not met before (Lowering._made).
_Key = Callable[[tuple[str, ...]], tuple[str, ...]]
_Leaf = tuple[int, _Key, Any, Any]
_Template = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[_Leaf, ...]]
_VALUE, _BOUND, _UNION = 0, 1, 2  # the atom has a value / the value a variable is bound to / another atom


class Lowering:
    """Lowers expressions over one story to ground formulas, one node per atom and per quantifier instance set.

    Args:
        story: the story whose constants, phases and symbols the expressions name.
    """

    def __init__(self, story: Story) -> None:
        self.story = story
        self.values: dict[str, tuple[str, ...]] = {}
        for sort in set(story.constant_sorts().values()):
            self.values[sort] = story.sort_values(sort)
        self.index = {sort: {v: i for i, v in enumerate(vals)} for sort, vals in self.values.items()}
        self._indices: dict[int, Index] = {}
        # Per enum sort, value name -> its node: a variable's binding is looked up once per instance.
        self._named = {sort: {v: self.value(i) for v, i in index.items()} for sort, index in self.index.items()}
        self.phases = {s.name: s.phase for s in story.situations}
        self.result = {name: sym.result for name, sym in story.symbols().items()}
        # The situations of each phase, made once (the story makes them afresh on every request).
        self._phases = {"training": story.training, "deployment": story.deployment}
        self.training = frozenset(self._phases["training"])
        self._apps: dict[tuple[str, ...], Ground] = {}  # (function, argument names) -> its atom or constant
        self._quantified: dict[tuple[Expr, tuple[tuple[str, str], ...]], Instances] = {}
        self._templates: dict[Quantifier, _Template | None] = {}  # per quantified statement, or None
        # Per quantifier body, its shape and the expressions of the leaves that fill it, or None (see _shaped).
        # Only syntax and nodes: a lowering must not refer to a writer, which refers to it (see lower()).
        self._shapes: dict[Expr, tuple[Shape, tuple[Expr, ...]] | None] = {}
        self._unshaped: dict[Expr, int] = {}  # per body without a shape yet, how many instances it has had
        self._writers: dict[Expr, _Writer] | None = None  # per syntax node, its writer, during lower()
        self._leaves: list[Expr] | None = None  # while a shape is made: the expressions of its holes' leaves
        # A lowering is shared by the analyses of a story in a thread; an explanation read later may lower in
        # another thread (see misalign_logic.solve.explaining): one lowering at a time.
        self._lock = threading.RLock()

    # -- atoms -----------------------------------------------------------------------------------

    def atom_name(self, func: str, args: tuple[str, ...]) -> tuple[str, str]:
        """The readable name and sort of the atom ``func(args)``, after the background axiom."""
        node = self.app((func, *args))
        assert type(node) is str, f"{func} is a phase test, not an unknown"
        return node, self.sort_of(node)

    def at(self, split: Split, values: tuple[int, ...]) -> Ground:
        """The node ``split`` names at these argument values (an atom, or a phase test's constant)."""
        values_of = self.values
        return self.app((split.func, *[values_of[s][k] for s, k in zip(split.sorts, values, strict=True)]))

    def sort_of(self, name: Atom) -> str:
        """The sort of the atom called ``name``."""
        return self.result[name.split("(", 1)[0]]

    def app(self, key: tuple[str, ...]) -> Ground:
        """The node of the ground application ``key`` = (function, argument names): its atom, or the constant a
        phase test is."""
        found = self._apps.get(key)
        return self._new_app(key) if found is None else found

    def _new_app(self, key: tuple[str, ...]) -> Ground:
        """:meth:`app` of a key not met before (the writers look the key up themselves first)."""
        func = key[0]
        found: Ground
        if func == "training" or func == "deployment":
            found = TRUE if self.phases[key[1]] is Phase(func) else FALSE
        elif func == "design" and key[2] in self.training:
            # The background axiom: the blueprint is what training actually used, so design(c, s, a) for a
            # training situation s is the atom feedback(s, a) itself.
            found = self.app(("feedback", *key[2:]))
        else:
            found = _name(key)
        self._apps[key] = found
        return found

    def domain(self, domain: str) -> tuple[str, ...]:
        """The constants a quantifier's domain ranges over."""
        found = self._phases.get(domain)
        return self.values[domain] if found is None else found

    def value(self, index: int) -> Index:
        """The node of value number ``index`` (of any enum sort: a term's sort is known where it is read)."""
        found = self._indices.get(index)
        if found is None:
            found = self._indices[index] = Index(index)
        return found

    # -- expressions -------------------------------------------------------------------------------

    def lower(self, expr: Expr, env: dict[str, str] | None = None) -> Ground:
        """``expr`` as a ground formula (or term); ``env`` binds its free variables to constant names."""
        with self._lock:
            if self._writers is not None:
                return self._walk(expr, env or {})
            # The writers live for one call: they refer to the lowering, which must not refer to them after it,
            # or the two would make a cycle that only the collector frees (with every table the lowering holds).
            self._writers = {}
            try:
                return self._walk(expr, env or {})
            finally:
                self._writers = None

    def _walk(self, e: Expr, env: dict[str, str]) -> Ground:
        """``e`` lowered once: the commonest statements (a fact, a comparison of atoms) directly, anything else
        by its writer. Compiling a writer costs more than it saves for an expression lowered once."""
        kind = type(e)
        if kind is App:
            names = constant_args(e, env)  # type: ignore[arg-type]
            if names is None:
                return self._bool(e)(env)  # an unknown argument: a split
            return self.app((e.func, *names))  # type: ignore[union-attr]
        if kind is Compare and e.left.sort != "Int":  # type: ignore[union-attr]
            same, negated = _equality(e)  # type: ignore[arg-type]
            node = same(self._walk(e.left, env), self._walk(e.right, env))  # type: ignore[union-attr]
            return Neg(node) if negated else node
        if kind is Const:
            return self._named[e.sort][e.name]  # type: ignore[union-attr]
        if kind is Not:
            return Neg(self._walk(e.arg, env))  # type: ignore[union-attr]
        return self._bool(e)(env)

    def _bool(self, e: Expr) -> _Writer:
        writers = self._writers
        assert writers is not None, "writers are made within lower()"
        found = writers.get(e)
        if found is None:
            found = writers[e] = self._writer(e)
        return found

    def _writer(self, e: Expr) -> _Writer:
        kind = type(e)
        leaves = self._leaves
        if leaves is not None and (kind is App or kind is Var):
            # Making a shape: the leaf is a hole, filled per instance by what the leaf's own writer makes (an
            # application with an unknown argument is a whole split).
            leaves.append(e)
            hole = Hole(len(leaves) - 1)
            return lambda env: hole
        if kind is App:
            return self._app_writer(e)  # type: ignore[arg-type]
        if kind is Const or kind is Var:
            return self._term(e)
        if kind is BoolLit:
            node = TRUE if e.value else FALSE  # type: ignore[union-attr]
            return lambda env: node
        if kind is Not:
            arg = self._bool(e.arg)  # type: ignore[union-attr]
            return lambda env: Neg(arg(env))
        if kind is Connective:
            return self._connective(e)  # type: ignore[arg-type]
        if kind is Compare:
            return self._compare(e)  # type: ignore[arg-type]
        if kind is Quantifier:
            quantifier = self._quantifier
            return lambda env: quantifier(e, env)  # type: ignore[arg-type]
        if kind is IntLit or kind is Arith or kind is Scale or kind is Sum:
            return self._amount(e)
        msg = f"not an expression the solver reads: {e!r}"
        raise TypeError(msg)

    def _connective(self, e: Connective) -> _Writer:
        parts = [self._bool(a) for a in e.args]
        if e.op == "and":
            return lambda env: Conj(tuple([p(env) for p in parts]))
        if e.op == "or":
            return lambda env: Disj(tuple([p(env) for p in parts]))
        first, second = parts
        if e.op == "->":
            return lambda env: Disj((Neg(first(env)), second(env)))
        return lambda env: Iff(first(env), second(env))

    def _compare(self, e: Compare) -> _Writer:
        left, right = self._bool(e.left), self._bool(e.right)
        if e.left.sort == "Int":
            op = e.op
            return lambda env: Relation(op, left(env), right(env))
        same, negated = _equality(e)
        if not negated:
            return lambda env: same(left(env), right(env))
        return lambda env: Neg(same(left(env), right(env)))

    def _term(self, e: Expr) -> _Writer:
        named = self._named[e.sort]
        if type(e) is Const:
            node = named[e.name]
            return lambda env: node
        name = e.name  # type: ignore[union-attr]
        return lambda env: named[env[name]]

    def _app_writer(self, e: App) -> _Writer:
        func = e.func
        get, app = self._apps.get, self._new_app
        if all(type(a) is Var or type(a) is Const for a in e.args):
            # The common case: the atom is known by name without lowering the arguments one by one; the
            # shapes conditions use most build the key directly.
            spec = [(type(a) is Var, a.name) for a in e.args]  # type: ignore[union-attr]
            shape = tuple(bound for bound, _ in spec)
            names = [n for _, n in spec]
            if shape == (True,):
                x = names[0]
                return lambda env: get((func, env[x])) or app((func, env[x]))
            if shape == (True, True):
                x, y = names
                return lambda env: get((func, env[x], env[y])) or app((func, env[x], env[y]))
            if shape == (True, False):
                x, c = names
                return lambda env: get((func, env[x], c)) or app((func, env[x], c))
            if shape == (False, True, True):
                c, x, y = names
                return lambda env: get((func, c, env[x], env[y])) or app((func, c, env[x], env[y]))
            general = self.app
            return lambda env: general((func, *[env[n] if bound else n for bound, n in spec]))
        terms = [self._bool(a) for a in e.args]
        sorts = tuple(a.sort for a in e.args)
        result = self.result[func]
        return lambda env: Split(func, tuple([t(env) for t in terms]), sorts, result)

    def _amount(self, e: Expr) -> _Writer:
        if isinstance(e, IntLit):
            node = Number(e.value)
            return lambda env: node
        if isinstance(e, Arith):
            left, right, op = self._bool(e.left), self._bool(e.right), e.op
            return lambda env: Add(op, left(env), right(env))
        if isinstance(e, Scale):
            arg, factor = self._bool(e.arg), e.factor
            return lambda env: Mul(factor, arg(env))
        assert isinstance(e, Sum)
        body, variables = self._bool(e.body), e.variables
        return lambda env: Total(tuple([body(x) for x in self._bindings(variables, env)]))

    def _bindings(self, variables: tuple[tuple[str, str], ...], env: dict[str, str]) -> list[dict[str, str]]:
        envs = [dict(env)]
        for name, domain in variables:
            values = self.domain(domain)
            envs = [{**x, name: v} for x in envs for v in values]
        return envs

    def _quantifier(self, e: Quantifier, env: dict[str, str]) -> Instances:
        key = (e, tuple(sorted(env.items())))
        found = self._quantified.get(key)
        if found is None:
            every = e.kind == "forall"
            bindings = self._bindings(e.variables, env)
            shaped = self._shaped(e.body, len(bindings))
            if shaped is None:
                body = self._bool(e.body)
                found = Instances(every, tuple([body(x) for x in bindings]))
            else:
                shape, exprs = shaped
                leaves = [self._bool(x) for x in exprs]
                found = Instances(
                    every, shape=shape, rows=tuple([tuple([leaf(x) for leaf in leaves]) for x in bindings])
                )
            self._quantified[key] = found
        return found

    def _shaped(self, body: Expr, instances: int) -> tuple[Shape, tuple[Expr, ...]] | None:
        """The shape of a quantifier's body and the expressions of its leaves, for ``instances`` more instances of it;
        None when it has none (it holds a quantifier or an amount), or while the body has had fewer
        than :data:`SHAPED_FROM` instances in all. The shape is made by the body's writers themselves, with a
        hole where each application and variable is: an instance filled in is what they write for it."""
        if body in self._shapes:
            return self._shapes[body]
        seen = self._unshaped.get(body, 0) + instances
        if seen < SHAPED_FROM:
            self._unshaped[body] = seen
            return None
        found = None
        if _flat(body):
            outer = self._writers, self._leaves
            self._writers, self._leaves = {}, []
            try:
                formula = self._bool(body)({})
                leaves = tuple(self._leaves)
            finally:
                self._writers, self._leaves = outer
            found = Shape(formula), leaves
        self._shapes[body] = found
        return found

    # -- the facts a constraint states ---------------------------------------------------------------

    def conjuncts(
        self, expr: Expr, facts: list[tuple[Atom, Any, Any]], tag: object, union: _Union, other: _Other
    ) -> None:
        """The conjuncts of ``expr``, lowered, in order: a conjunction and a universal quantifier are opened
        into their parts (a quantifier's instances). A fact about one atom that the lowering states without a
        node (each instance's of a quantified conjunction of facts and equalities, and ``f(...) == value``) is
        appended to ``facts`` as ``(atom, value, tag)``, a value being a bool or a value index; an equality of
        two such atoms is passed to ``union(atom, atom, tag)``; any other conjunct is lowered and passed to
        ``other``. What a scenario states of thousands of atoms costs no more than naming them."""
        with self._lock:
            outer, self._writers = self._writers, {}
            try:
                self._conjuncts(expr, {}, (facts.append, tag, union, other))
            finally:
                self._writers = outer

    def _conjuncts(self, e: Expr, env: dict[str, str], sink: _Sink) -> None:
        if type(e) is Connective and e.op == "and":
            for a in e.args:
                self._conjuncts(a, env, sink)
        elif type(e) is Quantifier and e.kind == "forall":
            if e not in self._templates:
                self._templates[e] = _template(e, self.index)
            template = self._templates[e]
            if template is not None:
                self._stated(template, env, sink)
                return
            for x in self._bindings(e.variables, env):
                self._conjuncts(e.body, x, sink)
        elif type(e) is Compare and e.op == "==" and type(e.left) is App and type(e.right) is Const:
            # The commonest statement, such as policy(t3) == a0: its fact, without a node.
            names = constant_args(e.left, env)
            atom = None if names is None else self.app((e.left.func, *names))
            if type(atom) is str:
                sink[0]((atom, self.index[e.right.sort][e.right.name], sink[1]))
            else:
                sink[3](self._walk(e, env))
        else:
            sink[3](self._walk(e, env))

    def _stated(self, template: _Template, env: dict[str, str], sink: _Sink) -> None:
        """Every instance's facts of a quantified conjunction of facts and equalities, in the order of its
        instances (the order fixes the compile stage's representatives and which clash it reports)."""
        free, domains, consts, leaves = self._made(template)
        fixed = [(env[v],) for v in free]
        get, index = self._apps.get, self.index
        add, tag, union, _ = sink
        # Each instance's slots come whole from the product: the outside bindings and the constants are
        # factors of one value each.
        for slots in itertools.product(*fixed, *(self.domain(d) for d in domains), *((c,) for c in consts)):
            for kind, keyed, new, other in leaves:
                key = keyed(slots)
                atom = get(key) or new(key)
                if kind == _UNION:
                    key = other[0](slots)
                    union(atom, get(key) or other[1](key), tag)  # type: ignore[arg-type]
                elif kind == _VALUE:
                    add((atom, other, tag))  # type: ignore[arg-type]
                else:  # _BOUND: equal to the value a variable is bound to
                    add((atom, index[other[0]][slots[other[1]]], tag))  # type: ignore[arg-type]

    def _made(self, template: _Template) -> _Template:
        """``template`` with, per atom it names, the function that makes the atom of a key not met before (for one
        call: a lowering must not keep what refers to it, see lower())."""
        free, domains, consts, leaves = template
        made: list[_Leaf] = []
        for kind, keyed, func, other in leaves:
            side = (other[0], self._maker(other[1])) if kind == _UNION else other
            made.append((kind, keyed, self._maker(func), side))
        return free, domains, consts, tuple(made)

    def _maker(self, func: str) -> Callable[[tuple[str, ...]], Ground]:
        """:meth:`app` of a key of ``func`` not met before: for a function the background axiom and the phase
        tests leave alone, its atom is its name."""
        if func in ("design", "training", "deployment"):
            return self._new_app
        apps = self._apps

        def new(key: tuple[str, ...]) -> Ground:
            found = apps[key] = _name(key)
            return found

        return new


#: A quantifier's body is lowered through its shape, when it has one, once it has had this many instances in
#: all (under every binding of the variables outside it): fewer cost less lowered instance by instance than a
#: shape costs to make (a story drawn per example of a property-based test has a few situations).
SHAPED_FROM = 16

_local = threading.local()

#: How many stories' lowerings a thread keeps (the most recently used).
_KEPT = 8

#: Quantifier instance sets a lowering remembers before it starts afresh: a property-based test lowers
#: thousands of drawn scenarios over one story, and their statements are rarely lowered twice.
_REMEMBERED = 200_000


def lowering(story: Story) -> Lowering:
    """This thread's lowering of ``story``, shared by every scenario over it: a scheme's label conditions are
    lowered once per story, not once per scenario (the lowering does not depend on what a scenario states)."""
    kept: dict[Story, Lowering] | None = getattr(_local, "kept", None)
    if kept is None:
        kept = _local.kept = {}
    found = kept.pop(story, None)
    if found is None or len(found._quantified) > _REMEMBERED:
        found = Lowering(story)
    kept[story] = found  # the most recently used last
    if len(kept) > _KEPT:
        del kept[next(iter(kept))]
    return found


def clear_lowerings() -> None:
    """Forget this thread's lowerings (the next scenario over a story lowers its conditions afresh)."""
    _local.kept = None


def _name(key: tuple[str, ...]) -> Atom:
    """The readable name of the atom ``key`` = (function, argument names) is, e.g. ``ideal(farm, print_pr)``: the
    spelling of :func:`~misalign_logic.model.expr.ground_name`, written out here for the lowering's every atom
    (tests/solve/test_ground.py checks that the two agree)."""
    return f"{key[0]}({', '.join(key[1:])})" if len(key) > 1 else key[0]


def _flat(e: Expr) -> bool:
    """Whether ``e`` is made of connectives, equalities and applications (to variables, constants and other
    applications) alone: no quantifier and no amount. Such a body has a shape."""
    kind = type(e)
    if kind is App:
        return all(type(a) is Var or type(a) is Const or (type(a) is App and _flat(a)) for a in e.args)  # type: ignore[union-attr]
    if kind is Var or kind is Const or kind is BoolLit:
        return True
    if kind is Not:
        return _flat(e.arg)  # type: ignore[union-attr]
    if kind is Connective:
        return all(_flat(a) for a in e.args)  # type: ignore[union-attr]
    if kind is Compare:
        return e.left.sort != "Int" and _flat(e.left) and _flat(e.right)  # type: ignore[union-attr]
    return False


def _equality(e: Compare) -> tuple[type[Iff] | type[Same], bool]:
    """The node an equality or a difference of two booleans or two enum terms is made of, and whether it is
    negated (a difference)."""
    return (Iff if e.left.sort == "Bool" else Same), e.op == "!="


def _template(e: Quantifier, index: dict[str, dict[str, int]]) -> _Template | None:
    """``e`` compiled for :meth:`Lowering._stated`, or None when a conjunct is not a fact or an equality of
    atoms (its instances are then lowered one by one)."""
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
            return None  # a difference, or amounts: an equality of amounts keeps both declared ranges
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

    def keyer(func: str, slots: list[tuple[int, int]]) -> _Key:
        """The key of an atom (see Lowering.app) from an instance's slots."""
        at = [position(x) for x in slots]
        if len(at) == 1:
            i = at[0]
            return lambda xs: (func, xs[i])
        if len(at) == 2:
            i, j = at
            return lambda xs: (func, xs[i], xs[j])
        if len(at) == 3:
            i, j, k = at
            return lambda xs: (func, xs[i], xs[j], xs[k])
        if not at:
            key = (func,)
            return lambda xs: key
        pick = operator.itemgetter(*at)
        return lambda xs: (func, *pick(xs))

    leaves: list[_Leaf] = []
    for kind, (func, slots), other in raw:
        side: Any = other
        if kind == _UNION:
            side = (keyer(*other), other[0])
        elif kind == _BOUND:
            side = (other[0], position(other[1]))
        leaves.append((kind, keyer(func, slots), func, side))
    return tuple(free), tuple(d for _, d in own), tuple(consts), tuple(leaves)
