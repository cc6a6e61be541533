"""Checking a whole spec: every scenario under every scheme, the relations, and the flips."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from misalign_logic.model.errors import SpecError
from misalign_logic.model.flips import Flip, flips
from misalign_logic.model.priors import Probability, ProbabilityStatus
from misalign_logic.model.schemes import Scheme
from misalign_logic.model.specfile import Spec
from misalign_logic.model.story import Story
from misalign_logic.model.verdicts import Relation, RelationKind, Status, Verdict
from misalign_logic.solve.arguments import schemes_argument
from misalign_logic.solve.classify import DEFAULT_RLIMIT, Analysis, isolated, relate
from misalign_logic.solve.probability import probability

__all__ = ["Progress", "SpecResult", "applies", "check_spec"]

#: Told how far a long run is: (steps done, steps in all, what was just done). It must not write to stdout.
Progress = Callable[[int, int, str], None]


@attrs.frozen
class SpecResult:
    """Everything ``check`` decides about one spec.

    Attributes:
        path: the spec's file.
        story: the story's name.
        verdicts: per scenario (file order), its verdicts (scheme order).
        relations: one per pair of scenarios; a refining pair is reported from the refining side.
        flips: the non-monotone flips among the verdicts.
        probabilities: under each of the spec's priors, per scenario and scheme, ``P(label | scenario)``.
    """

    path: str
    story: str
    verdicts: tuple[tuple[str, tuple[Verdict, ...]], ...]
    relations: tuple[Relation, ...]
    flips: tuple[Flip, ...]
    probabilities: tuple[Probability, ...] = ()

    @property
    def complete(self) -> bool:
        """False when the solver gave up on some verdict or relation."""
        return (
            not any(v.status is Status.UNKNOWN for _, vs in self.verdicts for v in vs)
            and not any(r.kind is RelationKind.UNKNOWN for r in self.relations)
            and not any(p.status is ProbabilityStatus.UNKNOWN for p in self.probabilities)
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of this spec: scenarios with verdicts, relations, flips.

        A verdict under the spec's priors carries ``"under_priors": {PRIOR: {"status": ..., "probability":
        {"outer": [lo, hi], ...}}}`` with exact decimal strings.
        """
        chances: dict[tuple[str, str], dict[str, Any]] = {}
        for p in self.probabilities:
            chances.setdefault((p.scenario, p.scheme), {})[p.prior] = p.to_dict()

        def verdict(v: Verdict) -> dict[str, Any]:
            found = chances.get((v.scenario, v.scheme))
            return {**v.to_dict(), "under_priors": found} if found else v.to_dict()

        return {
            "scenarios": [
                {"name": name, "file": self.path, "verdicts": [verdict(v) for v in vs]} for name, vs in self.verdicts
            ],
            "relations": [{**r.to_dict(), "file": self.path} for r in self.relations],
            "flips": [{**f.to_dict(), "file": self.path} for f in self.flips],
        }


def applies(scheme: Scheme, story: Story) -> bool:
    """Whether ``scheme`` can classify the story's worlds (it names no choice the story lacks)."""
    try:
        scheme.check_story(story)
    except SpecError:
        return False
    return True


@isolated()  # the output depends on the spec alone, not on what this thread solved before
def check_spec(
    spec: Spec,
    schemes: Sequence[Scheme] | None = None,
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
    explain: bool = True,
    applicable_only: bool = False,
    progress: Progress | None = None,
) -> SpecResult:
    """Classify every scenario of ``spec`` under ``schemes`` (default: the spec's) and relate each pair.

    Args:
        spec: the spec.
        schemes: the schemes (default: the spec's own).
        timeout: seconds per solver call, or None for no limit.
        rlimit: z3 resource units per solver call, or None for no limit.
        explain: compute minimal cores and witnesses' deciding facts (False: the same labels, faster).
        applicable_only: leave out the schemes that name a choice the story lacks, instead of raising —
            for running one list of schemes over many stories.
        progress: told after each verdict, probability and relation.

    Raises:
        SpecError: a scheme names a choice the story lacks (unless ``applicable_only``).
        MonotonicityViolation: a world-based scheme flipped along a refinement (a bug of this library).
    """
    chosen = list(schemes_argument(schemes) if schemes else spec.schemes)
    if applicable_only:
        chosen = [s for s in chosen if applies(s, spec.story)]
    for scheme in chosen:
        scheme.check_story(spec.story)
    count = len(spec.scenarios)
    total = count * len(chosen) * (1 + len(spec.priors)) + count * (count - 1) // 2
    done = itertools.count(1)

    def step(what: str) -> None:
        if progress is not None:
            progress(next(done), total, what)

    verdicts = []
    for scenario in spec.scenarios:
        analysis = Analysis(scenario, timeout=timeout, rlimit=rlimit, explain=explain)
        told: list[Verdict] = []
        for s in chosen:
            told.append(analysis.classify(s))
            step(f"{scenario.name}: {s.id}")
        verdicts.append((scenario.name, tuple(told)))
    chances = []
    for scenario in spec.scenarios if spec.priors else ():
        quick = Analysis(scenario, timeout=timeout, rlimit=rlimit, explain=False)
        for p in spec.priors:
            for s in chosen:
                chances.append(probability(quick, s, p))
                step(f"{scenario.name}: {s.id} under {p.name}")
    relations = []
    for a, b in itertools.combinations(spec.scenarios, 2):
        rel = relate(a, b, timeout=timeout, rlimit=rlimit)
        step(f"{a.name} and {b.name}")
        if rel.kind is RelationKind.REFINED_BY:
            rel = rel.reversed()
        relations.append(rel)
    found = flips(dict(verdicts), relations)
    return SpecResult(spec.path, spec.story.name, tuple(verdicts), tuple(relations), tuple(found), tuple(chances))
