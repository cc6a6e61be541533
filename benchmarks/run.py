"""Benchmark: the library against its own solver time and an answer-set-programming peer.

    python benchmarks/run.py            # every size (1, 10, 100, 500, 2000), the quiz and the --jobs modes
    python benchmarks/run.py --quick    # sizes 1, 10, 100, fewer repetitions: a smoke run

Per size it prints, per scheme: the library's end-to-end ``classify`` time (median; a fresh classify
each run: grounding, parsing, checks and the verdict, with ``explain=False``, which is what the peer
computes), the solver-only time inside the same calls (seconds inside z3's check calls, from the
library's clock), the clingo peer's time (brave consequences over ``label/1``: ground + solve), their
ratios, and ``explain=True`` (minimal cores and deciding facts) where it finishes in reasonable time.
Then per size: all schemes on one ``Analysis`` (shared grounding), and peak memory (tracemalloc's peak of
Python allocations while classifying every scheme with explanations off, and the process's maximum
resident set size from ``resource.getrusage`` so far, which includes z3's own heap).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import importlib
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import family
import peer

classify_module = importlib.import_module("misalign_logic.classify")
from misalign_logic import Analysis, Scenario, Verdict, check_many, check_spec, classify, load_spec  # noqa: E402
from misalign_logic._solver import clock  # noqa: E402
from misalign_logic.cli import main as main_cli  # noqa: E402

ROOT = Path(__file__).parent.parent


def median_time(run: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def library(scenario: Scenario, scheme: str, explain: bool, repeats: int) -> tuple[float, float, str]:
    """Median end-to-end and solver-only (z3 check) seconds of a fresh classify, and the verdict."""
    ends, solver, summary = [], [], ""
    for _ in range(repeats):
        classify_module._analysis.cache_clear()  # a fresh Analysis: measure the grounding too
        with clock() as c:
            start = time.perf_counter()
            verdict = classify(scenario, scheme, explain=explain)
            ends.append(time.perf_counter() - start)
        solver.append(c.check)
        summary = verdict.summary()
    return statistics.median(ends), statistics.median(solver), summary


def every_scheme(scenario: Scenario) -> list[Verdict]:
    """Every scheme of the family on one Analysis: the grounding and the solver are shared."""
    analysis = Analysis(scenario, explain=False)
    return [analysis.classify(s) for s in family.SCHEMES]


def on_built(scenario: Scenario, scheme: str, repeats: int) -> float:
    """Median seconds of classifying ``scheme`` on an Analysis whose scenario is already grounded."""
    times = []
    for _ in range(repeats):
        analysis = Analysis(scenario, explain=False)
        start = time.perf_counter()
        analysis.classify(scheme)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bruteforce_column() -> Callable[[object, str], object] | None:
    """The brute-force checker's classify, when this checkout has one."""
    try:
        module = importlib.import_module("misalign_logic.bruteforce")
    except ImportError:
        return None
    return getattr(module, "classify", None)


def family_mode(sizes: list[int], repeats: int, explain_max: int) -> dict[int, dict[str, float]]:
    brute = bruteforce_column()
    print("== generated family: N training + N deployment situations, M=4 actions, C=2 choices ==")
    print("times in seconds (median of repeats); lib = classify(..., explain=False) from cold;"
          " z3 = time inside z3 check calls of that classify; built = the same scheme on an Analysis"
          " whose scenario is already grounded (what a second scheme costs); explain = lib with explain=True")
    if brute is None:
        print("brute-force column skipped: misalign_logic.bruteforce is not in this checkout")
    totals: dict[int, dict[str, float]] = {}
    for n in sizes:
        scenario = family.scenario(n)
        reps = repeats if n <= 500 else max(1, repeats // 2)
        print(f"\n-- N={n} ({len(scenario.constraints)} constraints, {reps} repeats) --")
        head = (f"{'scheme':36} {'verdict':30} {'lib':>8} {'z3':>8} {'clingo':>8} {'lib/z3':>7} {'lib/cl':>7}"
                f" {'built':>8}")
        head += f" {'explain':>8}" + (f" {'brute':>8}" if brute else "")
        print(head)
        totals[n] = {}
        clingo_sum = 0.0
        for scheme in family.SCHEMES:
            lib, z3_time, summary = library(scenario, scheme, False, reps)
            want = set(summary.split("{")[-1].rstrip("}").split(", ")) if "{" in summary else {summary.split()[-1]}
            got = peer.labels(scheme, n)
            agree = "" if got == want else f"  PEER DISAGREES: {sorted(got)}"
            clingo_t = median_time(functools.partial(peer.labels, scheme, n), reps)
            explained = (f"{library(scenario, scheme, True, 1)[0]:8.3f}" if n <= explain_max else f"{'-':>8}")
            built = on_built(scenario, scheme, reps)
            row = (f"{scheme:36} {summary:30} {lib:8.3f} {z3_time:8.3f} {clingo_t:8.3f} {lib / z3_time:7.2f}"
                   f" {lib / clingo_t:7.2f} {built:8.3f} {explained}")
            if brute is not None:
                brute_t = median_time(functools.partial(brute, scenario, scheme), 1) if n <= 10 else None
                row += f" {brute_t:8.3f}" if brute_t is not None else f" {'-':>8}"
            print(row + agree)
            totals[n][scheme] = lib
            clingo_sum += clingo_t
        analysis_all = median_time(functools.partial(every_scheme, scenario), reps)
        tracemalloc.start()
        analysis = Analysis(scenario, explain=False)
        for s in family.SCHEMES:
            analysis.classify(s)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        del analysis
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"all {len(family.SCHEMES)} schemes on one Analysis: {analysis_all:.3f} s"
              f" (clingo, one program per scheme: {clingo_sum:.3f} s, ratio {analysis_all / clingo_sum:.2f});"
              f" peak Python memory (tracemalloc) {peak / 2**20:.1f} MiB; max RSS so far {rss:.0f} MiB")
    if 500 in totals and 2000 in totals:
        print("\ngrowth time(N=2000)/time(N=500): "
              + ", ".join(f"{s} {totals[2000][s] / totals[500][s]:.2f}" for s in family.SCHEMES))
    return totals


def quiz_mode(repeats: int) -> None:
    path = ROOT / "specs" / "pop_quiz.toml"
    spec = load_spec(path)
    check_spec(spec)  # warm: imports and first-call costs are not what this measures
    t = median_time(lambda: check_spec(spec), repeats)
    cli = median_time(lambda: main_cli(["check", str(path)], stdout=io.StringIO()), repeats)
    print(f"\n== check specs/pop_quiz.toml, every scheme, in process after import: check_spec {t:.4f} s,"
          f" the command (misalign_logic.cli.main, loading the file and printing) {cli:.4f} s; median of"
          f" {repeats} (target < 0.1 s) ==")


def cpu_seconds(who: int) -> float:
    """User plus system CPU seconds of this process or of its reaped children (``resource.RUSAGE_*``)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def jobs_mode(count: int, n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(count):
            path = Path(tmp) / f"spec{i:03}.toml"
            path.write_text(family.spec_text(n, seed=i))
            files.append(str(path))
        cpu = cpu_seconds(resource.RUSAGE_SELF)
        t1 = median_time(lambda: check_many(files, jobs=1), 1)
        cpu1 = cpu_seconds(resource.RUSAGE_SELF) - cpu
        with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
            check_many(files[:2], executor=pool)  # start the workers: pool start-up is not per-batch work
            t2 = median_time(lambda: check_many(files, executor=pool), 1)
        children = cpu_seconds(resource.RUSAGE_CHILDREN)
        cold2 = median_time(lambda: check_many(files, jobs=2), 1)
        cpu2 = cpu_seconds(resource.RUSAGE_CHILDREN) - children
    print(f"load average now {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (other work on the machine"
          " takes cores from the workers)")
    print(f"\n== check of {count} generated specs (N={n}): --jobs 1 {t1:.2f} s, 2 warm workers {t2:.2f} s"
          f" (speed-up {t1 / t2:.2f}x), --jobs 2 with pool start-up {cold2:.2f} s ({t1 / cold2:.2f}x);"
          f" {os.cpu_count()} CPUs (target >= 1.6x) ==")
    print(f"CPU seconds: --jobs 1 {cpu1:.2f} in {t1:.2f} s wall ({cpu1 / t1:.0%} of one core);"
          f" --jobs 2 {cpu2:.2f} summed over both workers in {cold2:.2f} s wall ({cpu2 / cold2:.0%} of one core,"
          " 200 % would be both cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 1, 10, 100 and fewer repetitions")
    parser.add_argument("--sizes", type=int, nargs="+", help="the values of N (default 1 10 100 500 2000)")
    parser.add_argument("--repeats", type=int, help="runs per median (default 5; 3 with --quick)")
    parser.add_argument("--explain-max", type=int, default=100,
                        help="largest N for the explain=True column (default 100)")
    parser.add_argument("--mode", choices=("all", "family", "quiz", "jobs"), default="all")
    args = parser.parse_args()
    sizes = args.sizes or ([1, 10, 100] if args.quick else [1, 10, 100, 500, 2000])
    repeats = args.repeats or (3 if args.quick else 5)
    import z3

    print(f"python {sys.version.split()[0]}, z3 {z3.get_version_string()}, {os.cpu_count()} CPUs,"
          f" load average {os.getloadavg()[0]:.2f}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    if args.mode in ("all", "family"):
        family_mode(sizes, repeats, args.explain_max)
    if args.mode in ("all", "quiz"):
        quiz_mode(20 if not args.quick else 5)
    if args.mode in ("all", "jobs"):
        jobs_mode(40 if args.quick else 200, 10)  # N=10: small specs, where process overhead weighs most


if __name__ == "__main__":
    main()
