"""Checking a whole spec: every scenario under every scheme, the relations, and the flips."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import attrs

from misalign_logic.classify import Analysis, relate
from misalign_logic.refinement import Flip, flips
from misalign_logic.schemes import Scheme
from misalign_logic.spec import Spec
from misalign_logic.verdicts import Relation, RelationKind, Status, Verdict

__all__ = ["SpecResult", "check_spec"]


@attrs.frozen
class SpecResult:
    """Everything ``check`` decides about one spec.

    Attributes:
        path: the spec's file.
        story: the story's name.
        verdicts: per scenario (file order), its verdicts (scheme order).
        relations: one per pair of scenarios; a refining pair is reported from the refining side.
        flips: the non-monotone flips among the verdicts.
    """

    path: str
    story: str
    verdicts: tuple[tuple[str, tuple[Verdict, ...]], ...]
    relations: tuple[Relation, ...]
    flips: tuple[Flip, ...]

    @property
    def complete(self) -> bool:
        """False when the solver gave up on some verdict or relation."""
        return not any(v.status is Status.UNKNOWN for _, vs in self.verdicts for v in vs) and not any(
            r.kind is RelationKind.UNKNOWN for r in self.relations)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of this spec: scenarios with verdicts, relations, flips."""
        return {
            "scenarios": [{"name": name, "file": self.path, "verdicts": [v.to_dict() for v in vs]}
                          for name, vs in self.verdicts],
            "relations": [{**r.to_dict(), "file": self.path} for r in self.relations],
            "flips": [{**f.to_dict(), "file": self.path} for f in self.flips],
        }


def check_spec(spec: Spec, schemes: Sequence[Scheme] | None = None, *, timeout: float | None = None,
               rlimit: int | None = None) -> SpecResult:
    """Classify every scenario of ``spec`` under ``schemes`` (default: the spec's) and relate each pair.

    Raises:
        SpecError: a scheme names a choice the story lacks.
        MonotonicityViolation: a world-based scheme flipped along a refinement (a bug of this library).
    """
    chosen = list(schemes or spec.schemes)
    for scheme in chosen:
        scheme.check_story(spec.story)
    verdicts = []
    for scenario in spec.scenarios:
        analysis = Analysis(scenario, timeout=timeout, rlimit=rlimit)
        verdicts.append((scenario.name, tuple(analysis.classify(s) for s in chosen)))
    relations = []
    for a, b in itertools.combinations(spec.scenarios, 2):
        rel = relate(a, b, timeout=timeout, rlimit=rlimit)
        if rel.kind is RelationKind.REFINED_BY:
            rel = relate(b, a, timeout=timeout, rlimit=rlimit)
        relations.append(rel)
    found = flips(dict(verdicts), relations)
    return SpecResult(spec.path, spec.story.name, tuple(verdicts), tuple(relations), tuple(found))
