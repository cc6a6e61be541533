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
3. A quiz-sized classification's calls into z3 (the family at N = 1, M = 2, C = 2, explanations off),
   captured and replayed alone on a solver reused by push and pop as the library does: what the
   classification would cost if the library's Python took no time, against clingo's whole classify.
4. What a lookup costs as tables grow: random reads from a dict of atom names, a dict of ints and a list,
   at the sizes of the family's atoms at N = 500 and N = 2000 (per read, and the ratio). Grounding reads
   each atom a few times from tables this size; when a read costs more in a larger table, no design that
   keeps a table entry per atom grows linearly.
"""

from __future__ import annotations

import argparse
import importlib
import random
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
import peer

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


def captured_calls(scheme: str) -> list[tuple[str, object]]:
    """The calls into z3 of one fresh small classification: texts added, checks (their assumptions) and
    models fetched, in order."""
    calls: list[tuple[str, object]] = []
    backend = _solver.Backend
    add, check, fetch = backend.add, backend.check, backend._fetch

    def on_add(self: object, text: str) -> None:
        calls.append(("add", text))
        add(self, text)

    def on_check(self: object, assumptions: object = ()) -> object:
        calls.append(("check", tuple(assumptions)))  # type: ignore[call-overload]
        return check(self, assumptions)

    def on_fetch(self: object) -> None:
        if getattr(self, "_sat", False) and getattr(self, "_model", None) is None:
            calls.append(("model", None))
        fetch(self)

    backend.add, backend.check, backend._fetch = on_add, on_check, on_fetch  # type: ignore[assignment, method-assign]
    try:
        classify_module.Analysis(family.scenario(1, 2, 2), explain=False).classify(scheme)
    finally:
        backend.add, backend.check, backend._fetch = add, check, fetch  # type: ignore[method-assign]
    return calls


def replay(calls: list[tuple[str, object]], solver: z3.Solver, ctx: z3.Context, rounds: int) -> float:
    """Seconds per replay of ``calls`` on ``solver``, each inside a pushed scope; the solver's parser knows
    the names already (see :func:`declare`), as the library's reused solvers do."""
    declared = re.compile(r"\(declare-const (\|[^|]*\||[^\s()|]+) Bool\)")
    ops: list[tuple[str, object]] = []
    for kind, arg in calls:
        if kind == "add":
            ops.append((kind, declared.sub("", str(arg))))
        elif kind == "check":
            names = [z3.Bool(n, ctx) for n in arg]  # type: ignore[union-attr]
            ops.append((kind, names))
        else:
            ops.append((kind, None))
    start = time.perf_counter()
    for _ in range(rounds):
        solver.push()
        for kind, arg in ops:
            if kind == "add":
                solver.from_string(arg)  # type: ignore[arg-type]
            elif kind == "check":
                solver.check(*arg)  # type: ignore[misc]
            else:
                solver.model()
        solver.pop()
    return (time.perf_counter() - start) / rounds


def declare(calls: list[tuple[str, object]], solver: z3.Solver) -> None:
    """Declare every name ``calls`` use in ``solver``'s parser (declarations outlive the scope)."""
    solver.push()
    solver.from_string("\n".join(str(arg) for kind, arg in calls if kind == "add"))
    solver.pop()


def small_floor(repeats: int, rounds: int = 200) -> None:
    """Part 3: a small classification's z3 calls alone, against clingo's whole classify and the library's."""
    print("\n3. a quiz-sized classification (family N=1, M=2, C=2, explanations off), per classify:")
    print(f"   {'scheme':36} {'z3 calls':>9} {'library':>9} {'clingo':>9} {'z3/clingo':>10} {'lib/clingo':>11}")
    ctx = z3.Context()
    scenario = family.scenario(1, 2, 2)
    for scheme in family.SCHEMES:
        solver = z3.SimpleSolver(ctx=ctx)
        solver.set(random_seed=0, phase_selection=0)
        calls = captured_calls(scheme)
        declare(calls, solver)
        rows = []
        for _ in range(repeats):
            z3_alone = replay(calls, solver, ctx, rounds)
            start = time.perf_counter()
            for _ in range(rounds):
                classify_module.Analysis(scenario, explain=False).classify(scheme)
            lib = (time.perf_counter() - start) / rounds
            start = time.perf_counter()
            for _ in range(rounds):
                peer.labels(scheme, 1, 2, 2)
            clingo = (time.perf_counter() - start) / rounds
            rows.append((z3_alone, lib, clingo))
        z3_t, lib_t, cl_t = (statistics.median(r[k] for r in rows) for k in range(3))
        z3_ratio, lib_ratio = (statistics.median(r[k] / r[2] for r in rows) for k in range(2))
        print(
            f"   {scheme:36} {z3_t * 1000:7.3f}ms {lib_t * 1000:7.3f}ms {cl_t * 1000:7.3f}ms"
            f" {z3_ratio:10.2f} {lib_ratio:11.2f}"
        )
        kinds = [kind for kind, _ in calls]
        print(f"   {'':36} ({kinds.count('add')} text, {kinds.count('check')} checks, {kinds.count('model')} models)")


def lookups(size: int, kind: str) -> float:
    """Nanoseconds per random read from a table of ``size`` entries keyed like atoms (or by int, or a list)."""
    rng = random.Random(0)
    table: dict[object, int] | list[int]
    if kind == "atom names":
        keys: list[object] = [f"ideal(t{i}, a{i % 4})" for i in range(size)]
        table = {k: i for i, k in enumerate(keys)}
    elif kind == "ints":
        keys = [rng.randrange(1 << 40) for _ in range(size)]
        table = {k: i for i, k in enumerate(keys)}
    else:
        keys = list(range(size))
        table = [rng.randrange(1 << 40) for _ in range(size)]
    order = keys[:]
    rng.shuffle(order)
    read = table.__getitem__
    start = time.perf_counter()
    for k in order:
        read(k)  # type: ignore[arg-type]
    return (time.perf_counter() - start) / size * 1e9


def table_growth(repeats: int) -> None:
    """Part 4: the cost of one random read at the family's atom counts for N = 500 and N = 2000."""
    small, large = 11_250, 45_000
    print(
        f"\n4. one random read from a table of {small:,} and of {large:,} entries (the family's atoms, N=500 and 2000):"
    )
    for kind in ("atom names", "ints", "a list"):
        runs = [(lookups(small, kind), lookups(large, kind)) for _ in range(repeats)]
        a, b = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        ratio = statistics.median(r[1] / r[0] for r in runs)
        print(
            f"   {kind:12} {a:6.1f} ns and {b:6.1f} ns per read: {ratio:.2f} x per read,"
            f" {4 * ratio:.1f} x for 4 x the reads"
        )


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
    small_floor(args.repeats)
    table_growth(args.repeats)


if __name__ == "__main__":
    main()
