"""Benchmark part ``worlds``: how fast ``ml.worlds`` lists the family's projected worlds.

Per size N (default 50 and 500) and per scheme, the time to ground the scenario and the scheme once (the
first world), then the rate at which further distinct worlds come (each one a solver check, a model read,
a re-check in Python of the scenario and the label in the world, and a blocking clause), over ``LIMIT``
worlds or all of them when there are fewer. The family leaves half the training situations' reasons open,
so the schemes that read reasons have far more projected worlds than any list reaches.
"""

from __future__ import annotations

import time

import family

import misalign_logic as ml

#: Worlds listed per size and scheme.
LIMIT = 50

#: Schemes measured: one that reads few terms, and two that read every training situation's reason.
SCHEMES = ("objective", "heuristic:deception", "generalization[standard=reasons]")


def worlds_mode(sizes: list[int], limit: int = LIMIT) -> None:
    """Print, per size and scheme, the time to the first world and the worlds per second after it."""
    print("\nworlds: ml.worlds on the family, projected onto the terms each scheme reads")
    print(f"{'N':>5}  {'scheme':34} {'terms':>6} {'listed':>7} {'first (s)':>10} {'worlds/s':>9}")
    for n in sizes:
        scenario = family.scenario(n)
        for scheme in SCHEMES:
            start = time.perf_counter()
            listed = ml.worlds(scenario, scheme, limit=limit)
            first = next(listed)
            ready = time.perf_counter()
            rest = sum(1 for _ in listed)
            done = time.perf_counter()
            rate = rest / (done - ready) if rest else float("nan")
            terms = len(first.world)
            print(f"{n:>5}  {scheme:34} {terms:>6} {rest + 1:>7} {ready - start:>10.3f} {rate:>9.1f}")
