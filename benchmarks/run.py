"""Benchmark: the library against its own solver time and an answer-set-programming peer.

    python benchmarks/run.py            # every size (1, 10, 100, 500, 2000), the quiz and the --jobs modes
    python benchmarks/run.py --quick    # sizes 1, 10, 100, fewer repetitions: a smoke run

Per size it prints, per scheme: the library's end-to-end ``classify`` time (median; a fresh classify
each run: grounding, parsing, checks and the verdict, with ``explain=False``, which is what the peer
computes), the time inside z3's check calls of the same calls and the time inside z3 at all (parsing,
checks, model and core reads), both from the library's clock, the clingo peer's time (brave consequences
over ``label/1``: ground + solve), and their ratios. The library and the peer run alternately and each
ratio is the median of the per-pair ratios, so that both sides of a ratio see the same machine. Then
``explain=True`` (minimal cores and deciding facts) where it finishes in reasonable time, and the
brute-force checker on the smallest sizes, each checked to agree with the library. Per size: all schemes
on one ``Analysis`` (shared grounding), and peak memory (tracemalloc's peak of Python allocations while
classifying every scheme with explanations off, and the process's maximum resident set size from
``resource.getrusage`` so far, which includes z3's own heap).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import gc
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

import attrs

sys.path.insert(0, str(Path(__file__).parent))

import enumeration
import family
import peer
import property as prop
import small
import text

classify_module = importlib.import_module("misalign_logic.solve.classify")
from misalign_logic import Analysis, Scenario, Verdict, check_many, check_spec, classify, load_spec  # noqa: E402
from misalign_logic.cli import main as main_cli  # noqa: E402
from misalign_logic.solve.backend import clock  # noqa: E402
from misalign_logic.testing.bruteforce import TooLarge, brute_classify  # noqa: E402

ROOT = Path(__file__).parent.parent


def median_time(run: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@attrs.frozen
class Row:
    """One scheme at one size: medians of the library's times and of the peer's, and of their ratios."""

    lib: float  # a fresh classify, end to end
    checks: float  # inside z3's check calls of that classify
    inside: float  # inside z3 at all: parsing, checks, model and core reads
    clingo: float  # the peer, ground + solve
    per_check: float  # median over runs of lib / checks
    per_inside: float  # median over runs of lib / inside
    per_clingo: float  # median over runs of lib / clingo, each pair run back to back
    inside_per_clingo: float  # median over runs of inside / clingo
    summary: str  # the library's verdict


def library(scenario: Scenario, scheme: str, explain: bool) -> tuple[float, float, float, str]:
    """Seconds of one fresh classify: end to end, in z3's checks, in z3 at all; and the verdict.

    "In z3 at all" adds z3's parsing of the text and its model and core reads to the checks: z3's own work,
    without the library's Python.
    """
    classify_module.clear_cache()  # a fresh Analysis: measure the grounding too
    with clock() as c:
        start = time.perf_counter()
        verdict = classify(scenario, scheme, explain=explain)
        end = time.perf_counter() - start
    return end, c.check, c.solver, verdict.summary()


def measure(scenario: Scenario, scheme: str, n: int, repeats: int) -> Row:
    """The library and the peer on one row, run alternately so that both see the same machine.

    The machine's speed drifts between runs (it is shared); each ratio is taken between a library run and
    the peer run right after it, and the ratios' median is reported next to the times' medians.
    """
    runs = []
    summary = ""
    for _ in range(repeats):
        lib, checks, inside, summary = library(scenario, scheme, False)
        start = time.perf_counter()
        peer.labels(scheme, n)
        runs.append((lib, checks, inside, time.perf_counter() - start))
    lib, checks, inside, clingo = (statistics.median(r[i] for r in runs) for i in range(4))
    return Row(
        lib,
        checks,
        inside,
        clingo,
        statistics.median(r[0] / r[1] for r in runs),
        statistics.median(r[0] / r[2] for r in runs),
        statistics.median(r[0] / r[3] for r in runs),
        statistics.median(r[2] / r[3] for r in runs),
        summary,
    )


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


def brute_force(scenario: Scenario, scheme: str, want: set[str]) -> str:
    """The brute-force checker's time (one run), or why it has none; it must agree with the library."""
    start = time.perf_counter()
    try:
        found = brute_classify(scenario, scheme)
    except TooLarge:
        return f"{'>cap':>8}"
    took = time.perf_counter() - start
    labels = {label.value for label in found.labels}
    return f"{took:8.3f}" + ("" if labels == want else f" BRUTE FORCE DISAGREES: {sorted(labels)}")


def family_mode(sizes: list[int], repeats: int, explain_max: int, brute_max: int) -> None:
    print("== generated family: N training + N deployment situations, M=4 actions, C=2 choices ==")
    print(
        "times in seconds (median of repeats); lib = classify(..., explain=False) from cold;"
        " z3 = time inside z3's check calls of that classify; in z3 = time inside z3 at all (parsing the"
        " text, checks, model and core reads: z3's own work, without the library's Python);"
        " built = the same scheme on an Analysis whose scenario is already grounded (what a second scheme"
        f" costs); explain = lib with explain=True; brute = the brute-force checker, one run, N <= {brute_max}"
        " (>cap: more leaves than it explores)"
    )
    totals: dict[int, dict[str, tuple[float, float, float]]] = {}
    for n in sizes:
        scenario = family.scenario(n)
        reps = repeats if n <= 500 else max(1, repeats // 2)
        print(f"\n-- N={n} ({len(scenario.constraints)} constraints, {reps} repeats) --")
        print(
            f"{'scheme':36} {'verdict':30} {'lib':>8} {'z3':>8} {'in z3':>8} {'clingo':>8} {'lib/z3':>7}"
            f" {'lib/in z3':>9} {'lib/cl':>7} {'in z3/cl':>8} {'built':>8} {'explain':>8} {'brute':>8}"
        )
        totals[n] = {}
        clingo_sum = 0.0
        for scheme in family.SCHEMES:
            row = measure(scenario, scheme, n, reps)
            summary = row.summary
            want = set(summary.split("{")[-1].rstrip("}").split(", ")) if "{" in summary else {summary.split()[-1]}
            got = peer.labels(scheme, n)
            agree = "" if got == want else f"  PEER DISAGREES: {sorted(got)}"
            explained = f"{library(scenario, scheme, True)[0]:8.3f}" if n <= explain_max else f"{'-':>8}"
            built = on_built(scenario, scheme, reps)
            brute = brute_force(scenario, scheme, want) if n <= brute_max else f"{'-':>8}"
            print(
                f"{scheme:36} {summary:30} {row.lib:8.3f} {row.checks:8.3f} {row.inside:8.3f} {row.clingo:8.3f}"
                f" {row.per_check:7.2f} {row.per_inside:9.2f} {row.per_clingo:7.2f} {row.inside_per_clingo:8.2f}"
                f" {built:8.3f} {explained} {brute}{agree}"
            )
            totals[n][scheme] = (row.lib, row.checks, row.inside)
            clingo_sum += row.clingo
        analysis_all = median_time(functools.partial(every_scheme, scenario), reps)
        tracemalloc.start()
        analysis = Analysis(scenario, explain=False)
        for s in family.SCHEMES:
            analysis.classify(s)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        del analysis
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"all {len(family.SCHEMES)} schemes on one Analysis: {analysis_all:.3f} s"
            f" (clingo, one program per scheme: {clingo_sum:.3f} s, ratio {analysis_all / clingo_sum:.2f});"
            f" peak Python memory (tracemalloc) {peak / 2**20:.1f} MiB; max RSS so far {rss:.0f} MiB"
        )
    if 500 in totals and 2000 in totals:
        print("\ngrowth time(N=2000)/time(N=500), lib (z3 checks; in z3):")
        for s in family.SCHEMES:
            big, small = totals[2000][s], totals[500][s]
            print(f"  {s:36} {big[0] / small[0]:5.2f} ({big[1] / small[1]:.2f}; {big[2] / small[2]:.2f})")
        paired_growth(repeats)


def paired_growth(repeats: int) -> None:
    """Growth t(2000) / t(500) from back-to-back pairs, the library's and clingo's.

    The ratio of two medians taken minutes apart carries the machine's drift between them; a pair of runs
    made one after the other does not, so the median of the pairs' ratios is the steadier figure. Each run
    starts after a full collection, so that neither pays for the other's garbage, and the pairs alternate
    which size goes first.
    """
    print(f"\ngrowth, paired: median of {repeats} ratios t(2000) / t(500), each pair run back to back")
    small, big = family.scenario(500), family.scenario(2000)
    for scheme in family.SCHEMES:
        lib, peer_runs = [], []
        for i in range(repeats):
            times = {}
            for n, scenario in ((500, small), (2000, big)) if i % 2 == 0 else ((2000, big), (500, small)):
                gc.collect()
                times[n] = library(scenario, scheme, False)[0]
            lib.append(times[2000] / times[500])
            a = median_time(lambda s=scheme: peer.labels(s, 500), 1)
            b = median_time(lambda s=scheme: peer.labels(s, 2000), 1)
            peer_runs.append(b / a)
        print(f"  {scheme:36} lib {statistics.median(lib):5.2f}   clingo {statistics.median(peer_runs):5.2f}")


def quiz_mode(repeats: int) -> None:
    path = ROOT / "specs" / "pop_quiz.toml"
    spec = load_spec(path)
    check_spec(spec)  # warm: imports and first-call costs are not what this measures
    t = median_time(lambda: check_spec(spec), repeats)
    cli = median_time(lambda: main_cli(["check", str(path)], stdout=io.StringIO()), repeats)
    print(
        f"\n== check specs/pop_quiz.toml, every scheme, in process after import: check_spec {t:.4f} s,"
        f" the command (misalign_logic.cli.main, loading the file and printing) {cli:.4f} s; median of"
        f" {repeats} (target < 0.1 s) =="
    )


def survey_mode(respondents: int, repeats: int) -> None:
    """``judge --answers`` on the pop quiz for a large survey, against the bundled 8-respondent one."""
    quiz = str(ROOT / "specs" / "pop_quiz.toml")
    small_survey = str(ROOT / "examples" / "pop_quiz_answers.csv")
    answers = ("outer", "inner", "ambiguous")
    with tempfile.TemporaryDirectory() as where:
        large = Path(where) / "answers.csv"
        rows = ["respondent,scenario,answer"]
        for k in range(respondents):
            rows += [f"r{k},scenario-1,{answers[k % 3]}", f"r{k},scenario-2,{answers[k // 3 % 3]}"]
        large.write_text("\n".join(rows) + "\n")

        def judge(path: str) -> None:
            main_cli(["judge", quiz, "--answers", path], stdout=io.StringIO(), stderr=io.StringIO())

        judge(small_survey)  # warm: imports and first-call costs are not what this measures
        t_small = median_time(lambda: judge(small_survey), repeats)
        t_large = median_time(lambda: judge(str(large)), repeats)
    print(
        f"\n== judge --answers on the pop quiz, every scheme of the family, median of {repeats}: {respondents}"
        f" respondents {t_large:.2f} s ({respondents / t_large:.0f}/s), the bundled 8 {t_small:.3f} s; per"
        f" respondent {t_large / respondents * 1000:.2f} ms vs {t_small / 8 * 1000:.2f} ms"
        f" ({(t_large / respondents) / (t_small / 8):.2f}x) (target: 1,000 respondents in seconds) =="
    )


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
    print(
        f"load average now {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (other work on the machine"
        " takes cores from the workers)"
    )
    print(
        f"\n== check of {count} generated specs (N={n}): --jobs 1 {t1:.2f} s, 2 warm workers {t2:.2f} s"
        f" (speed-up {t1 / t2:.2f}x), --jobs 2 with pool start-up {cold2:.2f} s ({t1 / cold2:.2f}x);"
        f" {os.cpu_count()} CPUs (target >= 1.6x) =="
    )
    print(
        f"CPU seconds: --jobs 1 {cpu1:.2f} in {t1:.2f} s wall ({cpu1 / t1:.0%} of one core);"
        f" --jobs 2 {cpu2:.2f} summed over both workers in {cold2:.2f} s wall ({cpu2 / cold2:.0%} of one core,"
        " 200 % would be both cores)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 1, 10, 100 and fewer repetitions")
    parser.add_argument("--sizes", type=int, nargs="+", help="the values of N (default 1 10 100 500 2000)")
    parser.add_argument("--repeats", type=int, help="runs per median (default 5; 3 with --quick)")
    parser.add_argument(
        "--explain-max", type=int, default=100, help="largest N for the explain=True column (default 100)"
    )
    parser.add_argument("--brute-max", type=int, default=10, help="largest N for the brute-force column (default 10)")
    parser.add_argument(
        "--mode",
        choices=(
            "all",
            "family",
            "quiz",
            "jobs",
            "small",
            "explain",
            "cold",
            "survey",
            "worlds",
            "property",
            "quizload",
            "text",
        ),
        default="all",
    )
    args = parser.parse_args()
    sizes = args.sizes or ([1, 10, 100] if args.quick else [1, 10, 100, 500, 2000])
    repeats = args.repeats or (3 if args.quick else 5)
    import z3

    print(
        f"python {sys.version.split()[0]}, z3 {z3.get_version_string()}, {os.cpu_count()} CPUs,"
        f" load average {os.getloadavg()[0]:.2f}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    if args.mode in ("all", "family"):
        family_mode(sizes, repeats, args.explain_max, args.brute_max)
    if args.mode in ("all", "quiz"):
        quiz_mode(20 if not args.quick else 5)
    if args.mode in ("all", "survey"):
        survey_mode(1000, 3)
    if args.mode in ("all", "small"):
        small.small_mode(3 if args.quick else 5, 60 if args.quick else 200)
    if args.mode in ("all", "explain"):
        small.explain_mode([10, 30] if args.quick else [100, 300])
    if args.mode in ("all", "cold"):
        small.cold_mode(3 if args.quick else 7)
    if args.mode in ("all", "worlds"):
        enumeration.worlds_mode(args.sizes or [50, 500])
    if args.mode in ("all", "property"):
        prop.property_mode(2 if args.quick else 3, 100 if args.quick else prop.EXAMPLES)
    if args.mode in ("all", "quizload"):
        prop.quizload_mode(1 if args.quick else 2)
    if args.mode == "text":  # not in "all": N = 32000 takes clingo minutes
        text.table(args.sizes or list(text.SIZES), repeats, 3, 1)
    if args.mode in ("all", "jobs"):
        jobs_mode(40 if args.quick else 200, 10)  # N=10: small specs, where process overhead weighs most


if __name__ == "__main__":
    main()
