"""Benchmark parts for what users feel beyond the family's table: small stories, explanations, cold start.

* ``small``: fresh classifications of pop-quiz-sized stories, one ``Analysis`` per call and this thread's
  caches cleared before each (what a property-based test pays for a scenario it has not seen),
  explanations off and on: the pop quiz itself (both scenarios, every scheme of its file), 100 scenarios
  drawn by the library's own strategy, and the family at N = 1 with M = 2 actions and C = 2 choices (the
  quiz's shape), paired with clingo's per-classify time on the same story.
* ``explain``: ``check_spec`` on the family's spec file (a base scenario and a refinement) at N = 100 and
  300, with and without explanations.
* ``cold``: the command ``misalign-logic check specs/pop_quiz.toml`` in a fresh process, and the import of
  the command line alone.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import family
import peer

from misalign_logic import Analysis, Scenario, check_spec, load_spec, parse_spec
from misalign_logic.model.schemes import Scheme, default_schemes
from misalign_logic.solve.backend import clock
from misalign_logic.solve.classify import clear_cache

ROOT = Path(__file__).parent.parent
_ENTRY = "from misalign_logic.cli import entry; entry()"


def _fresh(scenario: Scenario, scheme: str | Scheme, explain: bool) -> None:
    """One classification from cold, as for a scenario never seen: no cached analysis, proof solver or
    proved core of this thread is reused (each of those would make a repeated classification cheaper)."""
    clear_cache()
    Analysis(scenario, explain=explain).classify(scheme)


def _per_call(run: Callable[[], object], calls: int) -> float:
    """Seconds per call of ``run``, over ``calls`` calls in a row."""
    start = time.perf_counter()
    for _ in range(calls):
        run()
    return (time.perf_counter() - start) / calls


def _clingo(scheme: str, n: int, m: int, c: int) -> float:
    start = time.perf_counter()
    peer.labels(scheme, n, m, c)
    return time.perf_counter() - start


def small_mode(repeats: int, calls: int = 200) -> None:
    """Fresh classifications per second of quiz-sized stories, and the ratio to clingo on the same story."""
    quiz = load_spec(ROOT / "specs" / "pop_quiz.toml")
    jobs = [(s, scheme) for s in quiz.scenarios for scheme in quiz.schemes]
    print(f"\n== small stories: a fresh Analysis per classify, median of {repeats} runs of {calls} calls ==")
    for explain in (False, True):

        def quiz_round(explain: bool = explain) -> None:
            for s, scheme in jobs:
                _fresh(s, scheme, explain)

        per = statistics.median(_per_call(quiz_round, max(1, calls // len(jobs))) / len(jobs) for _ in range(repeats))
        print(
            f"pop quiz ({len(jobs)} scenario-scheme pairs), explain={explain}: {per * 1000:.2f} ms per classify,"
            f" {1 / per:.0f} classifications per second (target with explanations: >= 500)"
        )
    generated_mode(repeats)
    n, m, c = 1, 2, 2
    scenario = family.scenario(n, m, c)
    print(f"family N={n}, M={m}, C={c} (the quiz's shape), paired with clingo (one program per classify):")
    print(f"{'scheme':36} {'lib off':>9} {'lib on':>9} {'clingo':>9} {'off/cl':>7} {'on/cl':>7}")
    ratios: list[float] = []
    for scheme in family.SCHEMES:
        rows = []
        for _ in range(repeats):
            off = _per_call(lambda s=scheme: _fresh(scenario, s, False), calls // 4)
            on = _per_call(lambda s=scheme: _fresh(scenario, s, True), calls // 4)
            cl = _per_call(lambda s=scheme: peer.labels(s, n, m, c), calls // 4)
            rows.append((off, on, cl))
        off, on, cl = (statistics.median(r[k] for r in rows) for k in range(3))
        ratio = statistics.median(r[0] / r[2] for r in rows)
        ratios.append(ratio)
        print(
            f"{scheme:36} {off * 1000:7.2f}ms {on * 1000:7.2f}ms {cl * 1000:7.2f}ms {ratio:7.2f}"
            f" {statistics.median(r[1] / r[2] for r in rows):7.2f}"
        )
    print(f"lib / clingo with explanations off: {min(ratios):.2f} - {max(ratios):.2f} (target <= 0.5)")
    # The floor: z3's own time in those classifications (parsing, checks, models, cores), without the Python.
    with clock() as c:
        start = time.perf_counter()
        for scheme in family.SCHEMES:
            for _ in range(calls // 4):
                _fresh(scenario, scheme, False)
        whole = time.perf_counter() - start
    count = len(family.SCHEMES) * (calls // 4)
    print(
        f"inside z3, explanations off: {c.solver / count * 1000:.2f} ms of {whole / count * 1000:.2f} ms per classify"
        f" (parse {c.parse / count * 1000:.2f}, checks {c.check / count * 1000:.2f} in {c.checks / count:.1f} calls,"
        f" models and cores {c.read / count * 1000:.2f})"
    )


def explain_mode(sizes: list[int]) -> None:
    """check_spec with and without explanations on the family's spec, one run each, alternating."""
    print("\n== check_spec on the family's spec (base + refinement, every scheme of the file) ==")
    for n in sizes:
        spec = parse_spec(family.spec_text(n), f"family-{n}.toml")
        start = time.perf_counter()
        check_spec(spec, explain=False)
        off = time.perf_counter() - start
        start = time.perf_counter()
        check_spec(spec, explain=True)
        on = time.perf_counter() - start
        print(f"N={n}: without explanations {off:.2f} s, with {on:.2f} s, ratio {on / off:.1f} (target at N=300: <= 5)")


def cold_mode(repeats: int) -> None:
    """The command in a fresh interpreter, as a user starts it, and the import of the command line."""
    quiz = str(ROOT / "specs" / "pop_quiz.toml")
    script = Path(sys.executable).parent / "misalign-logic"  # the console script a user runs
    command = [str(script), "check", quiz] if script.exists() else [sys.executable, "-c", _ENTRY, "check", quiz]
    importing = [sys.executable, "-c", "import misalign_logic.cli"]
    bare = [sys.executable, "-c", "pass"]
    times: dict[str, list[float]] = {"check": [], "import": [], "python": []}
    for _ in range(repeats):
        for name, argv in (("check", command), ("import", importing), ("python", bare)):
            start = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    check, imported, python = (statistics.median(times[k]) for k in ("check", "import", "python"))
    print(
        f"\n== cold start, median of {repeats} fresh processes: `check specs/pop_quiz.toml` {check:.3f} s;"
        f" importing the command line {imported:.3f} s; python itself {python:.3f} s =="
    )


def _generated(count: int) -> list[tuple[Scenario, Scheme]]:
    """``count`` scenarios drawn by the library's own strategy (derandomized, so every run draws the same),
    each with the nine default schemes of its story: what a property-based test of a taxonomy classifies."""
    from hypothesis import HealthCheck, given, settings

    from misalign_logic.strategies import scenarios

    drawn: list[Scenario] = []

    @settings(max_examples=count, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(scenarios(max_constraints=6))
    def draw(scenario: Scenario) -> None:
        drawn.append(scenario)

    draw()
    return [(s, scheme) for s in drawn[:count] for scheme in default_schemes(s.story)]


def generated_mode(repeats: int, count: int = 100) -> None:
    """Fresh classifications per second of generated stories, explanations off and on."""
    jobs = _generated(count)
    stories = len({s for s, _ in jobs})
    for explain in (False, True):
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            for s, scheme in jobs:
                _fresh(s, scheme, explain)
            runs.append((time.perf_counter() - start) / len(jobs))
        per = statistics.median(runs)
        print(
            f"generated stories ({stories} drawn scenarios under their stories' default schemes, {len(jobs)} pairs),"
            f" explain={explain}: {per * 1000:.2f} ms per classify, {1 / per:.0f} classifications per second"
        )
