"""Spec text to verdict: the library and the clingo peer each from a file, in fresh processes.

    python benchmarks/text.py                        # N = 500, 2000, 8000, 32000; two schemes
    python benchmarks/text.py --sizes 500 2000 --pairs 7
    python benchmarks/text.py --profile 500          # where the library's time goes, cProfile
    python benchmarks/text.py --growth --pairs 3     # the library's growth per 4x step, from paired runs

Each run is a fresh interpreter, as a user's is: the library's run imports the library (not timed), then times
reading the spec file, loading it (``load_spec``: TOML, the story, parsing every constraint into a
``Scenario``) and ``classify(scenario, scheme)`` as a user calls it (the status and labels; cores and witness
worlds are computed when something reads them), or with ``--explain now`` ``classify(..., explain=False)``
(witness worlds read at once, without deciding facts, the earlier measurement); the peer's run imports clingo
(not timed), then times ``Control.load`` of the program file (clingo's parse), grounding and solving for the
brave consequences over ``label/1``. The runs alternate library, clingo, library, ...; each ratio is the
median of the per-pair ratios. Both must give the same labels. From N = 8000 the spec raises the documented
limits in its own ``[check.limits]`` table, as a user whose story outgrows the defaults would. The library's
peak memory is its process's maximum resident set size (``resource.getrusage``), z3's heap included.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import family

#: The schemes the text-to-verdict targets name.
SCHEMES = ("generalization[standard=reasons]", "objective")
SIZES = (500, 2000, 8000, 32000)


def spec_text(n: int, scheme: str) -> str:
    """The family's scenario at size ``n`` as a spec file that checks ``scheme``; above the documented
    limits (from N = 2500) it raises them in ``[check.limits]``."""
    situations = "\n".join([f't{i} = "training"' for i in range(n)] + [f'd{i} = "deployment"' for i in range(n)])
    body = ",\n".join(f'    "{t}"' for t in family.constraint_texts(n))
    limits = ""
    if n > 2000:
        sits = 2 * n
        limits = (
            f"\n[check.limits]\nsituations = {sits}\natoms = {sits * 8}\ngrounding = {sits * 4}\n"
            f"total_grounding = {sits * 16}\n"
        )
    return (
        f'[story]\nname = "family-{n}"\nactions = ["a0", "a1", "a2", "a3"]\nchoices = ["c0", "c1"]\n\n'
        f"[story.situations]\n{situations}\n\n"
        f'[[scenario]]\nname = "base"\nconstraints = [\n{body}\n]\n\n'
        f'[check]\nschemes = ["{scheme}"]\n{limits}'
    )


#: What ``--explain`` passes to ``classify``: the default (explanations when read), or witness worlds at once.
EXPLAIN = {"later": None, "now": False}


def _library(path: str, scheme: str, explain: str = "later") -> dict[str, object]:
    from misalign_logic import classify, load_spec

    start = time.perf_counter()
    spec = load_spec(path)
    loaded = time.perf_counter()
    verdict = classify(spec.scenarios[0], scheme, explain=EXPLAIN[explain])
    end = time.perf_counter()
    labels = sorted(label.value for label in verdict.labels)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"total": end - start, "load": loaded - start, "labels": labels, "rss": rss}


def _clingo(path: str) -> dict[str, object]:
    import clingo

    start = time.perf_counter()
    ctl = clingo.Control(["--enum-mode=brave", "--models=0", "--warn=none"])
    ctl.load(path)
    ctl.ground([("base", [])])
    last: list[clingo.Symbol] = []
    with ctl.solve(yield_=True) as handle:
        for model in handle:
            last = model.symbols(shown=True)
    end = time.perf_counter()
    return {"total": end - start, "labels": sorted(str(s.arguments[0]) for s in last)}


def _run(*argv: str) -> dict[str, float | list[str]]:
    """One fresh interpreter running this file as a worker; its JSON answer."""
    done = subprocess.run([sys.executable, __file__, "--worker", *argv], check=True, capture_output=True, text=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def measure(n: int, scheme: str, pairs: int, where: Path, explain: str = "later") -> dict[str, float]:
    """``pairs`` alternating runs of the library and the peer on the family at size ``n``."""
    spec, program = where / f"family-{n}.toml", where / f"family-{n}.lp"
    spec.write_text(spec_text(n, scheme))
    import peer

    program.write_text(peer.program(scheme, n))
    lib_runs, peer_runs = [], []
    for _ in range(pairs):
        lib_runs.append(_run("lib", str(spec), scheme, explain))
        peer_runs.append(_run("clingo", str(program)))
        if lib_runs[-1]["labels"] != peer_runs[-1]["labels"]:
            sys.exit(f"N={n} {scheme}: the library says {lib_runs[-1]['labels']}, clingo {peer_runs[-1]['labels']}")
    med = statistics.median
    return {
        "lib": med(float(r["total"]) for r in lib_runs),  # type: ignore[arg-type]
        "load": med(float(r["load"]) for r in lib_runs),  # type: ignore[arg-type]
        "clingo": med(float(r["total"]) for r in peer_runs),  # type: ignore[arg-type]
        "ratio": med(float(a["total"]) / float(b["total"]) for a, b in zip(lib_runs, peer_runs, strict=True)),  # type: ignore[arg-type]
        "low": min(float(a["total"]) / float(b["total"]) for a, b in zip(lib_runs, peer_runs, strict=True)),  # type: ignore[arg-type]
        "high": max(float(a["total"]) / float(b["total"]) for a, b in zip(lib_runs, peer_runs, strict=True)),  # type: ignore[arg-type]
        "rss": max(float(r["rss"]) for r in lib_runs),  # type: ignore[arg-type]
        "bytes": spec.stat().st_size,
        "labels": " ".join(lib_runs[0]["labels"]),  # type: ignore[arg-type]
    }


def table(sizes: list[int], pairs: int, big_pairs: int, huge_pairs: int, explain: str = "later") -> None:
    """The text-to-verdict table, then growth per 4x step."""
    print(
        f"explanations {explain}; python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average"
        f" {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    print(
        "| N | scheme | labels | spec MB | lib: text -> verdict (s) | of it text -> Scenario (s) | clingo (s)"
        " | lib / clingo, median (min - max) | lib max RSS (MB) | pairs |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    seen: dict[tuple[int, str], dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            for scheme in SCHEMES:
                k = pairs if n <= 2000 else big_pairs if n <= 8000 else huge_pairs
                row = seen[n, scheme] = measure(n, scheme, k, Path(tmp), explain)
                print(
                    f"| {n} | {scheme} | {row['labels']} | {row['bytes'] / 1e6:.2f} | {row['lib']:.3f}"
                    f" | {row['load']:.3f} | {row['clingo']:.3f} | **{row['ratio']:.2f}** ({row['low']:.2f} -"
                    f" {row['high']:.2f}) | {row['rss'] / 2**20:.0f} | {k} |",
                    flush=True,
                )
    print("\ngrowth per 4x step (ratio of the medians): lib total; lib text -> Scenario; clingo")
    for scheme in SCHEMES:
        for a, b in itertools.pairwise(sizes):
            if b == 4 * a:
                x, y = seen[a, scheme], seen[b, scheme]
                print(
                    f"  {scheme:34} N {a} -> {b}: {y['lib'] / x['lib']:.2f}; {y['load'] / x['load']:.2f};"
                    f" {y['clingo'] / x['clingo']:.2f}"
                )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def growth(sizes: list[int], pairs: int, explain: str = "later") -> None:
    """The library's growth per 4x step from back-to-back pairs of fresh runs at N and 4N, alternating which
    goes first: unlike a ratio of medians taken minutes apart, it carries no drift of a shared machine."""
    print(
        f"growth per 4x step, library alone, median of {pairs} back-to-back pairs (min - max): total; text -> Scenario"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for scheme in SCHEMES:
            files = {}
            for n in sizes:
                files[n] = Path(tmp) / f"family-{n}.toml"
                files[n].write_text(spec_text(n, scheme))
            for a, b in itertools.pairwise(sizes):
                totals, loads = [], []
                for i in range(pairs):
                    order = (a, b) if i % 2 == 0 else (b, a)
                    runs = {n: _run("lib", str(files[n]), scheme, explain) for n in order}
                    totals.append(float(runs[b]["total"]) / float(runs[a]["total"]))  # type: ignore[arg-type]
                    loads.append(float(runs[b]["load"]) / float(runs[a]["load"]))  # type: ignore[arg-type]
                print(
                    f"  {scheme:34} N {a} -> {b}: {statistics.median(totals):.2f} ({min(totals):.2f} -"
                    f" {max(totals):.2f}); {statistics.median(loads):.2f} ({min(loads):.2f} - {max(loads):.2f})",
                    flush=True,
                )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def profile(n: int, scheme: str, explain: str = "later") -> None:
    """cProfile of one fresh load + classify at size ``n`` (in this process: run it as its own command)."""
    import cProfile
    import pstats

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "family.toml"
        path.write_text(spec_text(n, scheme))
        import misalign_logic  # noqa: F401  (imported before the profile: a user's import is not per story)

        prof = cProfile.Profile()
        prof.enable()
        _library(str(path), scheme, explain)
        prof.disable()
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--pairs", type=int, default=5, help="paired runs per row up to N = 2000 (default 5)")
    parser.add_argument("--big-pairs", type=int, default=3, help="paired runs per row at 2000 < N <= 8000 (default 3)")
    parser.add_argument("--huge-pairs", type=int, default=1, help="paired runs per row above N = 8000 (default 1)")
    parser.add_argument("--profile", type=int, metavar="N", help="profile the library at N instead")
    parser.add_argument("--growth", action="store_true", help="the library's growth per 4x step, paired, instead")
    parser.add_argument("--scheme", default=SCHEMES[0], help="the scheme profiled")
    parser.add_argument(
        "--explain",
        choices=sorted(EXPLAIN),
        default="later",
        help="later: classify as a user calls it (explanations when read, the default); now: explain=False,"
        " witness worlds read at once",
    )
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        who, path, *rest = args.worker
        print(json.dumps(_library(path, *rest) if who == "lib" else _clingo(path)))
    elif args.profile:
        profile(args.profile, args.scheme, args.explain)
    elif args.growth:
        growth(args.sizes, args.pairs, args.explain)
    else:
        table(args.sizes, args.pairs, args.big_pairs, args.huge_pairs, args.explain)


if __name__ == "__main__":
    main()
