"""The one module that talks to z3.

It takes SMT-LIB text (built by :mod:`misalign_logic.solve.encoding`), checks it under named assumptions, and
hands back plain Python values: an outcome, the names in an unsat core, the values of named atoms. No z3
object leaves this module.

The hot paths call z3's C API through ``z3core`` directly: a check under a thousand assumptions would
otherwise cast each one through the Python wrappers, and reading a model through ``ModelRef`` costs a
Python object per atom.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs
import z3
from z3 import z3core

from misalign_logic.model.unknown import Decision
from misalign_logic.solve.smtlib import DECLARATION

__all__ = ["Backend", "Clock", "Outcome", "clock", "fresh_context"]


class Outcome(Decision):
    """What one solver call found."""

    SAT = "sat"  # there is a world; its values can be read with Backend.values
    UNSAT = "unsat"  # there is none; Backend.core names assumptions that suffice for that
    UNKNOWN = "unknown"  # the solver gave up; Backend.reason_unknown says why


@attrs.define
class Clock:
    """Seconds spent inside z3 while a :func:`clock` is running, by kind of call."""

    parse: float = 0.0  # parsing SMT-LIB text and asserting it
    check: float = 0.0  # satisfiability checks
    read: float = 0.0  # reading models and cores
    checks: int = 0  # how many checks

    @property
    def solver(self) -> float:
        """Time in z3 proper: parsing, checking and reading, without the library's own Python work."""
        return self.parse + self.check + self.read


# The running clock, or None: the hooks below cost one global lookup when nobody measures.
_clock: Clock | None = None


@contextlib.contextmanager
def clock() -> Iterator[Clock]:
    """Measure the time spent inside z3 calls until the block ends (for benchmarks; not thread-safe)."""
    global _clock
    outer, _clock = _clock, Clock()
    try:
        yield _clock
    finally:
        _clock = outer


_SAT, _UNSAT = z3.Z3_L_TRUE, z3.Z3_L_FALSE


def _unchecked(wrapper: object) -> Any:
    """The bare C function behind a ``z3core`` wrapper, for loops that read a model or a core item by item.

    The wrapper checks the context's error code after every call; these reads cannot fail on handles made
    here, and the check costs as much as the read.
    """
    defaults = getattr(wrapper, "__defaults__", None) or ()
    return getattr(defaults[-1], "f", wrapper) if defaults else wrapper


_const_interp = _unchecked(z3core.Z3_model_get_const_interp)
_bool_value = _unchecked(z3core.Z3_get_bool_value)
_string_symbol = _unchecked(z3core.Z3_mk_string_symbol)
_func_decl = _unchecked(z3core.Z3_mk_func_decl)
_inc_ref = _unchecked(z3core.Z3_inc_ref)
_decl_to_ast = _unchecked(z3core.Z3_func_decl_to_ast)
_vector_get = _unchecked(z3core.Z3_ast_vector_get)
_ast_id = _unchecked(z3core.Z3_get_ast_id)
_app = _unchecked(z3core.Z3_mk_app)


class _Context:
    """One z3 context per thread, with the handles made in it, reused by every backend of that thread.

    Making a context costs about a millisecond, most of a small classification; z3 contexts are not
    thread-safe, so each thread gets its own and no object made in one reaches another thread.
    """

    def __init__(self) -> None:
        self.ctx = z3.Context()
        self.bool_sort = z3.BoolSort(self.ctx)
        # Constant name -> its declaration's C handle, and its constant's C handle; referenced once and
        # kept for the context's life (names repeat from one classification to the next: ``w0``, ``c#0``).
        self.decls: dict[str, object] = {}
        self.consts: dict[str, object] = {}
        self.names: dict[int, str] = {}  # term id of a constant -> its name
        # Solvers whose backend is gone, ready for the next, by (timeout, rlimit, small, sat); see Backend.
        self.spare: dict[tuple[int | None, int | None, bool, bool], list[_Pooled]] = {}

    def decl(self, name: str) -> object:
        """The C handle of the declaration of boolean constant ``name``, made once per context."""
        decl = self.decls.get(name)
        if decl is None:
            ctx = self.ctx.ref()
            decl = self.decls[name] = _func_decl(ctx, _string_symbol(ctx, name.encode()), 0, None, self.bool_sort.ast)
            _inc_ref(ctx, _decl_to_ast(ctx, decl))
        return decl

    def const(self, name: str) -> object:
        """The C handle of boolean constant ``name``, made once per context; its id maps back to the name."""
        found = self.consts.get(name)
        if found is None:
            ctx = self.ctx.ref()
            found = self.consts[name] = _app(ctx, self.decl(name), 0, None)
            _inc_ref(ctx, found)
            self.names[_ast_id(ctx, found)] = name
        return found


@attrs.define
class _Pooled:
    """A solver kept for the next backend, with the names its parser has declared.

    A scoped solver (the plain kernel, on small texts) is used inside one ``push`` and handed back with a
    ``pop``: making a kernel again after ``reset`` costs about 0.3 ms, most of a small classification's
    time in z3, while a pop costs microseconds. What a pop leaves behind is the parser's declarations
    (they belong to the parser, not to the assertion scopes), so a name it knows is not declared again.
    """

    solver: z3.Solver
    scoped: bool
    declared: set[str] = attrs.Factory(set)


#: A pooled solver whose parser knows more names than this is dropped rather than kept.
_MAX_DECLARED = 50_000

# A declaration as the encoder writes it (smtlib.py): a boolean constant, or an amount's integer one.
_DECLARATION = DECLARATION

_local = threading.local()


def _context() -> _Context:
    """This thread's context, made on first use."""
    found: _Context | None = getattr(_local, "context", None)
    if found is None:
        found = _local.context = _Context()
    return found


@contextlib.contextmanager
def fresh_context() -> Iterator[None]:
    """Solve the block in a z3 context of its own, made for it (about 5 ms).

    Where several worlds fit a query, the one z3 finds depends on how it numbers terms, and the numbering on
    every term the context made before; a fresh context makes what the block finds depend on the block
    alone. Backends made in the block keep their context after it ends.
    """
    with entered(_Context()):
        yield


def apart() -> object:
    """A z3 context of its own, not entered yet: solve in it with :func:`entered`, as often as needed."""
    return _Context()


@contextlib.contextmanager
def entered(context: object) -> Iterator[None]:
    """Solve the block in ``context`` (from :func:`apart`), then return to this thread's own.

    What is solved in one context does not change what another finds, so a computation left for later and
    run in a context of its own finds what it would have found at once, whatever ran in between.
    """
    assert isinstance(context, _Context)
    outer = getattr(_local, "context", None)
    _local.context = context
    try:
        yield
    finally:
        _local.context = outer


def _declare(declared: set[str], match: re.Match[str]) -> str:
    """The declaration ``match`` if the parser does not know its name yet, else nothing."""
    name = match.group(1).strip("|")
    if name in declared:
        return ""
    declared.add(name)
    return match.group(0)


def _raise_if_interrupted(reason: str) -> None:
    """Raise KeyboardInterrupt when z3 stopped because the user pressed Ctrl-C.

    During a check z3 handles SIGINT itself: it cancels the check and Python never sees the signal. The
    interruption must reach the caller as one, never as the solver giving up with some other reason.
    """
    if "interrupted from keyboard" in reason:
        raise KeyboardInterrupt(reason)


# Whether z3 compacts the models it hands out, a global parameter (see _uncompacted), and the lock under which the
# backends of every thread turn it off and back.
_COMPACT = "model.compact"
_compact_lock = threading.Lock()


def _uncompacted(solver: z3.Solver) -> z3.ModelRef:
    """The model of ``solver``'s last satisfiable check, not compacted.

    Compacting a model (``model.compact``, on by default) looks for auxiliary functions to inline and drop; the
    library's texts declare named constants only, which it keeps with their values, so it changes nothing
    read here, and it costs as much as a small check: half of a model read (the texts a property-based test
    sends, replayed alone: 1.24 ms of model reads per example compacted, 0.62 uncompacted). z3 reads the
    setting from its global parameters only (a solver's own parameters refuse the key), so it is turned off
    for the one call and put back as it was, under a lock shared by the library's threads; another user of
    z3 in the process that reads a model during those microseconds gets it uncompacted, with the same values.
    """
    with _compact_lock:
        was = z3.get_param(_COMPACT)
        z3core.Z3_global_param_set(_COMPACT, "false")
        try:
            return solver.model()
        finally:
            z3core.Z3_global_param_set(_COMPACT, was)


class Backend:
    """An incremental z3 solver fed with SMT-LIB text and queried under named boolean assumptions.

    Each backend has a solver of its own in its thread's z3 context (see :class:`_Context`); a backend is
    used only from the thread that made it.

    Args:
        timeout: milliseconds per check, or None for no limit.
        rlimit: z3 resource units per check (a machine-independent work limit), or None.
        seed: the random seed; fixed so that the same input gives the same models.
        small: the text will be small (a compiled residual, or a small story as written): use the plain
            SMT kernel, scoped and reused (see :class:`_Pooled`).
        sat: the text is large and checked under many assumptions (a proof on constraints as written): use
            z3's SAT-based solver for finite domains (the text is propositional).
    """

    def __init__(
        self,
        timeout: int | None = None,
        rlimit: int | None = None,
        seed: int = 0,
        *,
        small: bool = False,
        sat: bool = False,
    ) -> None:
        self._shared = _context()
        self._ctx = self._shared.ctx
        self._timeout = None if timeout is None else max(1, int(timeout))
        self._rlimit = rlimit
        self._owner = threading.get_ident()
        self._key = (self._timeout, rlimit, small, sat) if seed == 0 else None
        spare = self._shared.spare.get(self._key) if self._key else None
        if spare:
            self._pooled = spare.pop()
        else:
            # On the small residual a compiled scenario leaves, the plain SMT kernel: the per-check set-up of
            # a logic-specific solver (QF_LIA: about 1 ms a check) costs more than the search. On a large
            # text (constraints as written, for proofs and relations) QF_LIA's preprocessing pays: about a
            # quarter of the plain kernel's time per check, measured at 300 + 300 situations.
            # A proof's checks on a large text, under assumptions, are about twice as fast again in the SAT
            # solver (QF_FD) as in QF_LIA's kernel, measured at 300 + 300 situations.
            logic = "QF_FD" if sat else "QF_LIA"
            solver = z3.SimpleSolver(ctx=self._ctx) if small else z3.SolverFor(logic, ctx=self._ctx)
            # Decisions try false first (phase_selection 0; the SAT solver's phase always_false): an unknown
            # the query leaves free is false in the model, whatever the context solved before (with phase
            # caching, it depended on that history). z3 reads rlimit as a budget on top of the context's
            # count at the start of each check.
            params: dict[str, int | str] = {"random_seed": seed}
            params.update({"phase": "always_false"} if sat and not small else {"phase_selection": 0})
            if self._timeout is not None:
                params["timeout"] = self._timeout
            if rlimit is not None:
                params["rlimit"] = rlimit
            solver.set(**params)
            # Only the plain kernel is scoped: QF_LIA's preprocessing, which pays on large texts, runs only
            # while the solver has never been pushed.
            self._pooled = _Pooled(solver, small)
        self._solver = self._pooled.solver
        if self._pooled.scoped:
            self._solver.push()
        self._arrays: dict[tuple[str, ...], object] = {}
        self._model: z3.ModelRef | None = None
        self._sat = False  # the last check was sat; its model is fetched only when read
        self._kept: dict[int, z3.ModelRef] = {}
        self._core: list[str] = []
        self._reason = ""

    def __del__(self) -> None:
        # Hand the solver back to this thread's context, emptied (assertions and models gone; parameters
        # kept): a scoped one by popping its scope, any other by a reset. Not when the backend dies in
        # another thread, the spare list is full, or the parser knows too many names.
        pooled = getattr(self, "_pooled", None)
        if pooled is None or self._key is None or threading.get_ident() != self._owner or sys.is_finalizing():
            return
        if self._ctx.ref() is None:  # the context went first (a collected cycle): nothing to reset in
            return
        spare = self._shared.spare.setdefault(self._key, [])
        if len(spare) < 4 and len(pooled.declared) <= _MAX_DECLARED:
            self._kept.clear()
            self._model = None
            if pooled.scoped:
                pooled.solver.pop(pooled.solver.num_scopes())
            else:
                pooled.solver.reset()
            spare.append(pooled)

    def add(self, text: str) -> None:
        """Parse SMT-LIB declarations and assertions and assert them."""
        if not text:
            return
        start = time.perf_counter() if _clock is not None else 0.0
        pooled = self._pooled
        if pooled.scoped:
            text = _DECLARATION.sub(lambda m: _declare(pooled.declared, m), text)
        # Straight into the solver: no vector of parsed terms to wrap and assert one by one in Python.
        try:
            self._solver.from_string(text)
        except z3.Z3Exception:
            self._key = None  # its parser's declarations are no longer known: not pooled again
            raise
        if _clock is not None:
            _clock.parse += time.perf_counter() - start

    def _assumptions(self, names: Sequence[str]) -> object:
        key = tuple(names)
        array = self._arrays.get(key)
        if array is None:
            array = (z3.Ast * len(key))(*(self._shared.const(n) for n in key))
            if len(self._arrays) > 64:  # witness checks use one-off sets; keep the cache bounded
                self._arrays.clear()
            self._arrays[key] = array
        return array

    def check(self, assumptions: Sequence[str] = ()) -> Outcome:
        """Check the assertions together with the named boolean atoms in ``assumptions``."""
        self._model = None
        self._sat = False
        self._core = []
        array = self._assumptions(assumptions)
        start = time.perf_counter()
        try:
            result = z3core.Z3_solver_check_assumptions(self._ctx.ref(), self._solver.solver, len(assumptions), array)
        except z3.Z3Exception as err:  # e.g. out of memory: report it as the solver giving up
            _raise_if_interrupted(str(err))
            self._reason = str(err)
            return Outcome.UNKNOWN
        finally:
            if _clock is not None:
                _clock.check += time.perf_counter() - start
                _clock.checks += 1
        if result == _SAT:
            # Deletion-based minimization makes many sat checks whose models nobody reads; building a
            # model costs more than a small check, so it waits for values() or keep().
            self._sat = True
            return Outcome.SAT
        if result == _UNSAT:
            start = time.perf_counter() if _clock is not None else 0.0
            self._core = self._unsat_core()
            if _clock is not None:
                _clock.read += time.perf_counter() - start
            return Outcome.UNSAT
        self._reason = self._solver.reason_unknown() or "unknown"
        _raise_if_interrupted(self._reason)
        if self._reason == "canceled":
            # z3 says only "canceled"; name the limit that stopped it, so the user knows which to raise. The
            # clock tells them apart: a timeout stops a check only once its time is spent.
            spent = (time.perf_counter() - start) * 1000
            if self._timeout is not None and (self._rlimit is None or spent >= 0.9 * self._timeout):
                self._reason = f"timeout of {self._timeout} ms per query reached; raise the timeout"
            elif self._rlimit is not None:
                self._reason = f"resource limit of {self._rlimit} units per query reached; raise the rlimit"
        return Outcome.UNKNOWN

    def _unsat_core(self) -> list[str]:
        # By term id, not by printing each term: the pretty-printer costs more than the check.
        ctx = self._ctx.ref()
        vector = z3core.Z3_solver_get_unsat_core(ctx, self._solver.solver)
        z3core.Z3_ast_vector_inc_ref(ctx, vector)
        try:
            ids = {_ast_id(ctx, _vector_get(ctx, vector, i)) for i in range(z3core.Z3_ast_vector_size(ctx, vector))}
        finally:
            z3core.Z3_ast_vector_dec_ref(ctx, vector)
        names = self._shared.names
        return [names[i] for i in ids if i in names]

    def core(self) -> list[str]:
        """The assumptions named in the last unsat answer's core."""
        return list(self._core)

    @property
    def reason_unknown(self) -> str:
        """Why the last check gave up."""
        return self._reason

    def _fetch(self) -> None:
        if self._sat and self._model is None:
            start = time.perf_counter() if _clock is not None else 0.0
            self._model = _uncompacted(self._solver)
            if _clock is not None:
                _clock.read += time.perf_counter() - start

    def keep(self) -> int:
        """Keep the last model so that :meth:`values` can read it after later checks; returns its key."""
        self._fetch()
        assert self._model is not None, "keep() needs a satisfiable check first"
        key = len(self._kept)
        self._kept[key] = self._model
        return key

    def forget(self) -> None:
        """Drop every kept model."""
        self._kept.clear()

    def values(self, atoms: Iterable[str], kept: int | None = None) -> dict[str, bool]:
        """Values of named boolean atoms in the last model (or a kept one).

        Atoms the model leaves unassigned are unconstrained; they get ``False``.
        """
        names = list(atoms)
        return {a: k == 0 for a, k in zip(names, self.first_true([(a,) for a in names], kept), strict=True)}

    def integers(self, atoms: Iterable[str], kept: int | None = None) -> list[int]:
        """Values of named integer constants (amounts) in the last model (or a kept one).

        A constant the model leaves unassigned is unconstrained but for its range, which the text asserts, so
        every amount the caller reads is assigned.
        """
        if kept is None:
            self._fetch()
        model = self._model if kept is None else self._kept[kept]
        assert model is not None, "integers() needs a satisfiable check first"
        out = []
        for name in atoms:
            value = model.eval(z3.Int(name, ctx=self._ctx), model_completion=True)
            out.append(value.as_long())
        return out

    def first_true(self, groups: Iterable[Sequence[str]], kept: int | None = None) -> list[int]:
        """Per group of boolean atoms, the position of the first one true in the last (or a kept) model.

        -1 when none is (atoms the model leaves unassigned count as false). An enum atom's one-hot values
        are one group: reading stops at the value it has, instead of reading every value.
        """
        if kept is None:
            self._fetch()
        model = self._model if kept is None else self._kept[kept]
        assert model is not None, "first_true() needs a satisfiable check first"
        start = time.perf_counter() if _clock is not None else 0.0
        ctx, ref = self._ctx.ref(), model.model
        handles = self._shared.decls
        out: list[int] = []
        for group in groups:
            found = -1
            for i, a in enumerate(group):
                handle = handles.get(a)  # inline first: this loop reads thousands of atoms
                if handle is None:
                    handle = self._shared.decl(a)
                value = _const_interp(ctx, ref, handle)
                if value.value is not None and _bool_value(ctx, value) == _SAT:
                    found = i
                    break
            out.append(found)
        if _clock is not None:
            _clock.read += time.perf_counter() - start
        return out
