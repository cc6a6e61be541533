"""Benchmark parts for what a researcher's own tests pay: a property test, and quiz-sized stories from text.

* ``property``: a property test written the way a user writes one — hypothesis' ``@given`` drawing decided
  scenarios from :mod:`misalign_logic.strategies` (``scenarios(decided=True)``, a generated story each) and
  asserting with :mod:`misalign_logic.testing`'s helpers under every default scheme of the story. Reported:
  examples per second (median of runs, each from cleared caches, derandomized so every run draws the same
  examples), the same ``@given`` with an empty body (the decided generators' cost alone), and under cProfile
  the share of the test's time spent drawing, classifying and explaining.
* ``quizload``: quiz-sized stories read from spec text, a fresh story per classification (a story name of its
  own, so no cache of an earlier story applies): ``parse_spec`` of the text, then ``classify`` of its scenario
  with the default arguments, against clingo grounding and solving the same story from its program text
  (``peer.py``), alternately; the ratio is the median of the paired ratios.

Times are the process's CPU time (``time.process_time``), not wall time: on a shared machine a wall clock
also counts the time slices other processes take, a few milliseconds each, as long as a whole quiz-sized
classification.

Run one part alone with ``python benchmarks/run.py --mode property`` (or ``--mode quizload``), or this file
directly: ``python benchmarks/property.py [property|quizload] [--repeats N]``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import family
import peer
from hypothesis import HealthCheck, given, settings

from misalign_logic import Scenario, classify, default_schemes, parse_spec
from misalign_logic import strategies as mls
from misalign_logic.solve.classify import clear_cache
from misalign_logic.testing import assert_ambiguous, assert_forced

#: Examples per property-test run (the issue's measurement drew 300).
EXAMPLES = 300

# Where cProfile's time goes: functions by (file name ending, function name), counted by cumulative time.
_DRAWING = (("conjecture/data.py", "draw"),)
_BODY = (("benchmarks/property.py", "check_every_scheme"),)
_EXPLAINING = (
    ("solve/classify.py", "_witness"),
    ("solve/classify.py", "_proved"),
    ("solve/classify.py", "_sufficient"),
    ("solve/explaining.py", "explanation"),
)


def check_every_scheme(scenario: Scenario) -> None:
    """The property's body: under every default scheme a decided scenario is forced or ambiguous, and the
    assertion helpers confirm the label (a user's test of a taxonomy has this shape)."""
    for scheme in default_schemes(scenario.story):
        verdict = classify(scenario, scheme)
        if verdict.forced is not None:
            assert_forced(scenario, scheme, verdict.forced)
        else:
            assert_ambiguous(scenario, scheme, verdict.labels)


def _property(body: Callable[[Scenario], None], examples: int) -> Callable[[], None]:
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mls.scenarios(decided=True))
    def test(scenario: Scenario) -> None:
        body(scenario)

    return test


def _nothing(scenario: Scenario) -> None:
    del scenario


def _timed(body: Callable[[Scenario], None], examples: int) -> float:
    """Seconds for one run of the property from cleared caches."""
    clear_cache()
    test = _property(body, examples)
    start = time.process_time()
    test()
    return time.process_time() - start


def _cumulative(stats: pstats.Stats, wanted: tuple[tuple[str, str], ...]) -> float:
    """Summed cumulative seconds of the functions ``wanted`` (each counted once however deep it recurses)."""
    table = stats.stats  # type: ignore[attr-defined]
    return sum(
        row[3] for (file, _, name), row in table.items() if any(file.endswith(end) and name == fn for end, fn in wanted)
    )


def _shares(examples: int) -> str:
    """The share of the property's time spent drawing, classifying and explaining, under cProfile."""
    clear_cache()
    test = _property(check_every_scheme, examples)
    profile = cProfile.Profile()
    profile.runcall(test)
    stats = pstats.Stats(profile)
    whole = stats.total_tt  # type: ignore[attr-defined]
    drawing, body, explaining = (_cumulative(stats, w) for w in (_DRAWING, _BODY, _EXPLAINING))
    return (
        f"under cProfile ({whole:.2f} s): drawing {drawing / whole:.0%}; classifying and asserting"
        f" {body / whole:.0%}, of which explaining {explaining / whole:.0%}; the rest (hypothesis' engine)"
        f" {(whole - drawing - body) / whole:.0%}"
    )


def property_mode(repeats: int, examples: int = EXAMPLES) -> None:
    """Examples per second of a user's property test, and where its time goes."""
    print(f"\n== property test: @given(scenarios(decided=True)), every default scheme, {examples} examples ==")
    runs = [(_timed(check_every_scheme, examples), _timed(_nothing, examples)) for _ in range(repeats)]
    whole = statistics.median(r[0] for r in runs)
    drawing = statistics.median(r[1] for r in runs)
    print(
        f"median of {repeats}: {examples / whole:.0f} examples per second ({whole:.2f} s; target >= 200);"
        f" drawing alone (an empty body): {examples / drawing:.0f} examples per second ({drawing:.2f} s)"
    )
    print(_shares(examples))


def quiz_spec_text(k: int) -> str:
    """The family's scenario at N = 1, M = 2, C = 2 (the quiz's shape) as a spec file, story named apart."""
    story = family.story(1, 2, 2)
    situations = "\n".join(f'{x.name} = {{ phase = "{x.phase.value}" }}' for x in story.situations)
    body = ",\n".join(f'    "{t}"' for t in family.constraint_texts(1, 2, 2))
    return (
        f'[story]\nname = "quiz-{k}"\nactions = ["a0", "a1"]\nchoices = ["c0", "c1"]\n\n'
        f"[story.situations]\n{situations}\n\n"
        f'[[scenario]]\nname = "base"\nconstraints = [\n{body}\n]\n'
    )


def _load_and_classify(k: int, scheme: str) -> tuple[float, float, frozenset[str]]:
    start = time.process_time()
    scenario = parse_spec(quiz_spec_text(k), f"quiz-{k}.toml").scenarios[0]
    loaded = time.process_time()
    verdict = classify(scenario, scheme)
    done = time.process_time()
    return loaded - start, done - loaded, frozenset(x.value for x in verdict.labels)


def quizload_mode(repeats: int, calls: int = 60) -> None:
    """Spec text to verdict on quiz-sized stories, a fresh story each time, against clingo per story."""
    print(f"\n== quiz-sized stories from text, a fresh story per classify, median of {repeats} x {calls} pairs ==")
    print(f"{'scheme':36} {'load':>8} {'classify':>9} {'clingo':>8} {'ratio':>6}")
    ratios: list[float] = []
    k = 0
    for scheme in family.SCHEMES:
        rows: list[tuple[float, float, float]] = []
        for _ in range(repeats * calls):
            k += 1
            load, run, labels = _load_and_classify(k, scheme)
            start = time.process_time()
            want = peer.labels(scheme, 1, 2, 2)
            rows.append((load, run, time.process_time() - start))
            assert labels == want, (scheme, labels, want)
        load, run, cl = (statistics.median(r[i] for r in rows) for i in range(3))
        ratio = statistics.median((r[0] + r[1]) / r[2] for r in rows)
        ratios.append(ratio)
        print(f"{scheme:36} {load * 1e3:6.2f}ms {run * 1e3:7.2f}ms {cl * 1e3:6.2f}ms {ratio:6.2f}")
    print(f"(load + classify) / clingo: {min(ratios):.2f} - {max(ratios):.2f} (target <= 1.0); labels agreed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", choices=("property", "quizload", "both"), default="both")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if args.mode in ("property", "both"):
        property_mode(args.repeats)
    if args.mode in ("quizload", "both"):
        quizload_mode(args.repeats)


if __name__ == "__main__":
    main()
