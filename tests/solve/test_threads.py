"""classify from several threads at once: each thread's solver lives in a z3 context of its own."""

from __future__ import annotations

import concurrent.futures

from misalign_logic import Scenario, classify
from misalign_logic.model.schemes import default_schemes


def test_eight_threads_classify_one_scenario(s1: Scenario, s2: Scenario) -> None:
    schemes = [s.id for s in default_schemes(s1.story)]
    expected = {(s.name, scheme): classify(s, scheme) for s in (s1, s2) for scheme in schemes}

    def run(round_: int) -> dict[tuple[str, str], object]:
        out = {}
        for i in range(len(schemes)):
            scheme = schemes[(i + round_) % len(schemes)]  # each thread in its own order
            for s in (s1, s2):
                out[s.name, scheme] = classify(s, scheme)
        return out

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, range(16)))
    assert all(r == expected for r in results)
