"""Reading the ``[prior.NAME]`` tables of a spec file (specs/README.md, "Priors")."""

from __future__ import annotations

from typing import Any

from misalign_logic.model.errors import ProblemSink
from misalign_logic.model.parse import Origin
from misalign_logic.model.priors import Prior, read_prior
from misalign_logic.model.story import Story
from misalign_logic.spec.source_map import Locate

__all__ = ["read_priors"]


def read_priors(data: Any, story: Story, loc: Locate, problem: ProblemSink, path: str) -> tuple[Prior, ...]:
    """Read the spec's ``[prior.NAME]`` tables (see specs/README.md)."""
    if data is None:
        return ()
    if not isinstance(data, dict):
        problem(
            "prior must be a table of named priors",
            (loc.section("prior")[0] + 1, 1),
            'write [prior.NAME] with lines like "reason(review)" = { deceptive = 0.01, aligned = 0.99 }',
        )
        return ()
    priors = []
    for name, table in data.items():
        span = loc.section(f"prior.{name}")

        def where(key: str, span: tuple[int, int] = span) -> Origin:
            line, column = loc.key(key, span) if key else (span[0] + 1, 1)
            return Origin(path, line, column)

        if not isinstance(table, dict):
            problem(f"prior {name!r} must be a table", (span[0] + 1, 1), f"write [prior.{name}]")
            continue
        prior = read_prior(name, table, story, where, problem)
        if prior is not None:
            priors.append(prior)
    return tuple(priors)
