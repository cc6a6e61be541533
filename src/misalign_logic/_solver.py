"""The one module that talks to z3.

It takes SMT-LIB text (built by :mod:`misalign_logic.encoding`), checks it under named assumptions, and
hands back plain Python values: an outcome, the names in an unsat core, the values of named atoms. No z3
object leaves this module.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence

import z3

__all__ = ["Backend", "Outcome"]

_DEFINE = re.compile(r"\(define-fun (\|[^|]*\||[^\s()|]+) \(\) (?:Int|Bool)\s+(true|false|\d+)\)")


class Outcome(enum.Enum):
    """What one solver call found."""

    SAT = "sat"  # there is a world; its values can be read with Backend.values
    UNSAT = "unsat"  # there is none; Backend.core names assumptions that suffice for that
    UNKNOWN = "unknown"  # the solver gave up; Backend.reason_unknown says why


class Backend:
    """An incremental z3 solver fed with SMT-LIB text and queried under named boolean assumptions.

    Args:
        timeout: milliseconds per check, or None for no limit.
        rlimit: z3 resource units per check (a machine-independent work limit), or None.
        seed: the random seed; fixed so that the same input gives the same models.
    """

    def __init__(self, timeout: int | None = None, rlimit: int | None = None, seed: int = 0) -> None:
        self._ctx = z3.Context()
        self._solver = z3.SolverFor("QF_LIA", ctx=self._ctx)
        self._solver.set("random_seed", seed)
        self._timeout = None if timeout is None else max(1, int(timeout))
        if self._timeout is not None:
            self._solver.set("timeout", self._timeout)
        self._rlimit = rlimit
        self._consts: dict[str, z3.BoolRef] = {}
        self._model: z3.ModelRef | None = None
        self._core: list[str] = []
        self._reason = ""

    def add(self, text: str) -> None:
        """Parse SMT-LIB declarations and assertions and assert them."""
        if text:
            self._solver.add(z3.parse_smt2_string(text, ctx=self._ctx))

    def _lit(self, name: str) -> z3.BoolRef:
        lit = self._consts.get(name)
        if lit is None:
            lit = self._consts[name] = z3.Bool(name, self._ctx)
        return lit

    def check(self, assumptions: Sequence[str] = ()) -> Outcome:
        """Check the assertions together with the named boolean atoms in ``assumptions``."""
        self._model = None
        self._core = []
        ceiling = 0
        if self._rlimit is not None:
            # rlimit counts cumulatively in a context; raise the ceiling by the budget of this check.
            ceiling = self._rlimit + _used_rlimit(self._solver)
            self._solver.set("rlimit", ceiling)
        try:
            result = self._solver.check(*[self._lit(a) for a in assumptions])
        except z3.Z3Exception as err:  # e.g. interrupted: report it as the solver giving up
            self._reason = str(err)
            return Outcome.UNKNOWN
        if result == z3.sat:
            self._model = self._solver.model()
            return Outcome.SAT
        if result == z3.unsat:
            self._core = [str(c) for c in self._solver.unsat_core()]
            return Outcome.UNSAT
        self._reason = self._solver.reason_unknown() or "unknown"
        if self._rlimit is not None and _used_rlimit(self._solver) >= ceiling:
            # z3 says only "canceled"; name the limit that stopped it, so the user knows which to raise.
            self._reason = f"resource limit of {self._rlimit} units per query reached; raise the rlimit"
        elif self._reason == "canceled" and self._timeout is not None:
            self._reason = f"timeout of {self._timeout} ms per query reached; raise the timeout"
        return Outcome.UNKNOWN

    def core(self) -> list[str]:
        """The assumptions named in the last unsat answer's core."""
        return list(self._core)

    @property
    def reason_unknown(self) -> str:
        """Why the last check gave up."""
        return self._reason

    def values(self, atoms: Iterable[str], ints: frozenset[str] | set[str]) -> dict[str, int | bool]:
        """Values of named atoms in the last model; ``ints`` says which atoms are integers.

        Atoms the model leaves unassigned are unconstrained; they get ``False`` or ``0``.
        """
        assert self._model is not None, "values() needs a satisfiable check first"
        wanted = list(atoms)
        out: dict[str, int | bool] = {}
        if len(wanted) > 64:  # one C call for the whole model beats one call per atom
            for m in _DEFINE.finditer(self._model.sexpr()):
                name, value = m.group(1).strip("|"), m.group(2)
                out[name] = value == "true" if value in ("true", "false") else int(value)
            return {a: out.get(a, 0 if a in ints else False) for a in wanted}
        for a in wanted:
            if a in ints:
                v = self._model.eval(z3.Int(a, self._ctx), model_completion=True)
                out[a] = v.as_long()
            else:
                v = self._model.eval(z3.Bool(a, self._ctx), model_completion=True)
                out[a] = z3.is_true(v)
        return out


def _used_rlimit(solver: z3.Solver) -> int:
    # Iterating z3's statistics yields (key, value) pairs, not keys.
    for key, value in solver.statistics():
        if key == "rlimit count":
            return int(value)
    return 0
