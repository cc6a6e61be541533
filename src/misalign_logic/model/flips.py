"""Non-monotone flips: a refinement that adds a label (docs/model.md, "Monotonicity theorem").

If ``b`` refines ``a`` (every world of ``b`` is a world of ``a``) and ``b`` is consistent, a world-based
scheme can only give ``b`` labels that ``a`` already allowed. A description-based heuristic can break
this; such a pair is a *non-monotone flip*. For a world-based scheme a flip would contradict the theorem,
so it is reported as a bug of this library, loudly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from misalign_logic.model.errors import MisalignLogicError
from misalign_logic.model.schemes import Label, label_set, parse_scheme
from misalign_logic.model.verdicts import Relation, RelationKind, Status, Verdict

__all__ = ["Flip", "MonotonicityViolation", "flips"]


class MonotonicityViolation(MisalignLogicError, RuntimeError):
    """A world-based scheme gave a refinement a label its base did not allow: a bug in this library."""


@attrs.frozen
class Flip:
    """Scheme ``scheme`` gives the refinement ``refined`` a label its base ``base`` did not allow.

    Attributes:
        refined: the refining scenario (it tells more).
        base: the scenario it refines.
        scheme: the scheme's ID.
        refined_labels: the labels the scheme gives ``refined``.
        base_labels: the labels the scheme gives ``base``.
    """

    refined: str
    base: str
    scheme: str
    refined_labels: frozenset[Label]
    base_labels: frozenset[Label]

    @property
    def added(self) -> frozenset[Label]:
        """The labels the refinement gained."""
        return self.refined_labels - self.base_labels

    def sentence(self) -> str:
        """``b refines a, yet gets {…} where a allowed only {…}`` (the flip without its scheme)."""
        return (
            f"{self.refined} refines {self.base}, yet gets {label_set(self.refined_labels)} "
            f"where {self.base} allowed only {label_set(self.base_labels)}"
        )

    def __str__(self) -> str:
        return f"{self.scheme}: {self.sentence()}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "refined": self.refined,
            "base": self.base,
            "scheme": self.scheme,
            "refined_labels": sorted(x.value for x in self.refined_labels),
            "base_labels": sorted(x.value for x in self.base_labels),
        }


def _decided(verdict: Verdict) -> bool:
    return verdict.status in (Status.FORCED, Status.AMBIGUOUS)


def flips(verdicts: Mapping[str, Sequence[Verdict]], relations: Iterable[Relation]) -> list[Flip]:
    """The non-monotone flips among already computed verdicts.

    Args:
        verdicts: scenario name to its verdicts (matched by scheme ID across scenarios).
        relations: relations between those scenarios (``refines``, ``refined-by`` and ``equivalent`` pairs are read).

    Returns:
        One :class:`Flip` per refining pair and description-based scheme whose labels grew.

    Raises:
        MonotonicityViolation: a world-based scheme flipped, which the theorem rules out.
    """
    pairs: list[tuple[str, str]] = []
    for r in relations:
        if r.kind in (RelationKind.REFINES, RelationKind.EQUIVALENT):
            pairs.append((r.a, r.b))
        if r.kind in (RelationKind.REFINED_BY, RelationKind.EQUIVALENT):
            pairs.append((r.b, r.a))
    found = []
    for refined, base in pairs:
        by_scheme = {v.scheme: v for v in verdicts.get(base, ())}
        for v in verdicts.get(refined, ()):
            w = by_scheme.get(v.scheme)
            if w is None or not (_decided(v) and _decided(w)) or v.labels <= w.labels:
                continue
            flip = Flip(refined, base, v.scheme, v.labels, w.labels)
            if parse_scheme(v.scheme).world_based:
                msg = f"monotonicity violated, which is a bug in misalign_logic: {flip}"
                raise MonotonicityViolation(msg)
            found.append(flip)
    return found
