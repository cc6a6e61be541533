"""Checking a whole spec: every scenario under every scheme, the relations, and the flips."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import attrs

from misalign_logic.model.errors import SpecError
from misalign_logic.model.flips import Flip, flips
from misalign_logic.model.priors import Probability, ProbabilityStatus
from misalign_logic.model.schemes import Scheme
from misalign_logic.model.story import Story
from misalign_logic.model.verdicts import Relation, RelationKind, Status, Verdict
from misalign_logic.solve.classify import DEFAULT_RLIMIT, Analysis, relate
from misalign_logic.solve.probability import probability
from misalign_logic.spec.load import Spec

__all__ = ["SpecResult", "applies", "check_spec"]


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


def check_spec(
    spec: Spec,
    schemes: Sequence[Scheme] | None = None,
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
    explain: bool = True,
    applicable_only: bool = False,
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

    Raises:
        SpecError: a scheme names a choice the story lacks (unless ``applicable_only``).
        MonotonicityViolation: a world-based scheme flipped along a refinement (a bug of this library).
    """
    chosen = list(schemes or spec.schemes)
    if applicable_only:
        chosen = [s for s in chosen if applies(s, spec.story)]
    for scheme in chosen:
        scheme.check_story(spec.story)
    verdicts = []
    for scenario in spec.scenarios:
        analysis = Analysis(scenario, timeout=timeout, rlimit=rlimit, explain=explain)
        verdicts.append((scenario.name, tuple(analysis.classify(s) for s in chosen)))
    chances = []
    for scenario in spec.scenarios if spec.priors else ():
        quick = Analysis(scenario, timeout=timeout, rlimit=rlimit, explain=False)
        chances += [probability(quick, s, p) for p in spec.priors for s in chosen]
    relations = []
    for a, b in itertools.combinations(spec.scenarios, 2):
        rel = relate(a, b, timeout=timeout, rlimit=rlimit)
        if rel.kind is RelationKind.REFINED_BY:
            rel = rel.reversed()
        relations.append(rel)
    found = flips(dict(verdicts), relations)
    return SpecResult(spec.path, spec.story.name, tuple(verdicts), tuple(relations), tuple(found), tuple(chances))
