"""What z3 itself costs on the library's input, and whether another way in would cost less.

    python benchmarks/floor.py          # N = 500 (about half a minute)
    python benchmarks/floor.py --n 100

Prints medians, each against a baseline measured in the same process:

1. Handing terms to z3 from Python: the same conjunction of K clauses ``(or a (not b))`` parsed from SMT-LIB
   text (the library's way) and built through z3's bare C functions (no Python wrappers, no error checks).
2. The library's own text for the family's scenario and the ``objective`` scheme at size N, captured as the
   library hands it to z3: parsing, the first check, the model; then the same text with the one-hot
   constraints of enum atoms written as ``at-most`` instead of pairwise exclusions, and the same text under
   other solver configurations.
"""

from __future__ import annotations

import argparse
import importlib
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import z3
from z3 import z3core

sys.path.insert(0, str(Path(__file__).parent))

import family

from misalign_logic import classify

_solver = importlib.import_module("misalign_logic.solve.backend")
bare = _solver._unchecked  # the C function behind a z3core wrapper, without its error check
classify_module = importlib.import_module("misalign_logic.solve.classify")


def median(run: Callable[[], float], repeats: int) -> float:
    """Median of the seconds ``run`` reports over ``repeats`` calls."""
    return statistics.median(run() for _ in range(repeats))


def by_text(k: int) -> float:
    ctx = z3.Context()
    solver = z3.SolverFor("QF_LIA", ctx=ctx)
    start = time.perf_counter()
    declarations = "\n".join(f"(declare-const w{i} Bool)" for i in range(2 * k))
    body = " ".join(f"(or w{i} (not w{k + i}))" for i in range(k))
    solver.from_string(f"{declarations}\n(assert (and {body}))")
    return time.perf_counter() - start


def by_c_api(k: int) -> float:
    ctx = z3.Context()
    solver = z3.SolverFor("QF_LIA", ctx=ctx)
    mk_const, mk_symbol = bare(z3core.Z3_mk_const), bare(z3core.Z3_mk_string_symbol)
    mk_not, mk_or, mk_and, inc_ref = (
        bare(z3core.Z3_mk_not),
        bare(z3core.Z3_mk_or),
        bare(z3core.Z3_mk_and),
        bare(z3core.Z3_inc_ref),
    )
    start = time.perf_counter()
    c, sort = ctx.ref(), z3.BoolSort(ctx)
    atoms = []
    for i in range(2 * k):
        atom = mk_const(c, mk_symbol(c, f"w{i}".encode()), sort.ast)
        inc_ref(c, atom)
        atoms.append(atom)
    pair = z3.Ast * 2
    clauses = []
    for i in range(k):
        negated = mk_not(c, atoms[k + i])
        inc_ref(c, negated)
        clause = mk_or(c, 2, pair(atoms[i], negated))
        inc_ref(c, clause)
        clauses.append(clause)
    conjunction = mk_and(c, k, (z3.Ast * k)(*clauses))
    inc_ref(c, conjunction)
    z3core.Z3_solver_assert(c, solver.solver, conjunction)
    return time.perf_counter() - start


def captured_text(n: int) -> str:
    """The SMT-LIB text the library hands to z3 for the family's scenario and ``objective`` at size n."""
    texts: list[str] = []
    original = _solver.Backend.add

    def record(self: object, text: str) -> None:
        texts.append(text)
        original(self, text)

    _solver.Backend.add = record
    try:
        classify_module.clear_cache()
        classify(family.scenario(n), "objective", explain=False)
    finally:
        _solver.Backend.add = original
    return "\n".join(texts)


def at_most(text: str) -> str:
    """``text`` with each enum atom's pairwise exclusions replaced by one ``at-most 1`` constraint."""
    kept = [line for line in text.split("\n") if not line.startswith("(assert (not (and w")]
    return "\n".join(
        re.sub(r"^\(assert \(or (w\d+_0 [^()]*)\)\)$", r"\g<0>\n(assert ((_ at-most 1) \1))", line) for line in kept
    )


def in_z3(text: str, make: Callable[[z3.Context], z3.Solver]) -> tuple[float, float, float]:
    """Seconds to parse ``text``, check it under the scenario's assumptions, and fetch the model."""
    ctx = z3.Context()
    solver = make(ctx)
    assumptions = [z3.Bool(name, ctx) for name in re.findall(r"\(declare-const \|(c#\d+)\| Bool\)", text)]
    start = time.perf_counter()
    solver.from_string(text)
    parsed = time.perf_counter()
    assert solver.check(*assumptions) == z3.sat
    checked = time.perf_counter()
    solver.model()
    return parsed - start, checked - parsed, time.perf_counter() - checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="the family's size for part 2 (default 500)")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, z3 {z3.get_version_string()}, median of {args.repeats}")

    k = 8 * args.n * 4  # about as many clauses as the family's atoms at this size
    runs = [(by_text(k), by_c_api(k)) for _ in range(args.repeats)]
    text_t, api_t = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    print(
        f"\n1. {k} clauses into z3: SMT-LIB text {text_t:.4f} s; bare C API {api_t:.4f} s"
        f" (C API / text: median {statistics.median(r[1] / r[0] for r in runs):.2f})"
    )

    text = captured_text(args.n)
    print(f"\n2. the library's text for N={args.n}, objective: {len(text) / 1e6:.2f} MB")
    variants: dict[str, tuple[str, Callable[[z3.Context], z3.Solver]]] = {
        "as the library does (QF_LIA, pairwise one-hot)": (text, lambda c: z3.SolverFor("QF_LIA", ctx=c)),
        "at-most one-hot": (at_most(text), lambda c: z3.SolverFor("QF_LIA", ctx=c)),
        "QF_FD": (text, lambda c: z3.SolverFor("QF_FD", ctx=c)),
        "plain Solver()": (text, lambda c: z3.Solver(ctx=c)),
        "SimpleSolver()": (text, lambda c: z3.SimpleSolver(ctx=c)),
    }
    # Variants alternate within each repeat, so that each ratio compares runs made side by side.
    trials = [[in_z3(body, make) for body, make in variants.values()] for _ in range(args.repeats)]
    for i, name in enumerate(variants):
        parse, check, model = (statistics.median(trial[i][j] for trial in trials) for j in range(3))
        ratio = statistics.median(sum(trial[i]) / sum(trial[0]) for trial in trials)
        print(
            f"   {name:48} parse {parse:.4f}  first check {check:.4f}  model {model:.4f}"
            f"  sum {parse + check + model:.4f}  ({ratio:.2f} x the library's way)"
        )


if __name__ == "__main__":
    main()
