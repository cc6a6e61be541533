"""Whether a scheme's verdict bears out a judgment (docs/model.md, "Judgments")."""

from __future__ import annotations

from typing import Any

import attrs

from misalign_logic.model.judgments import Judgment, Strength
from misalign_logic.model.priors import Probability, ProbabilityStatus, decimal
from misalign_logic.model.schemes import Label, label_set
from misalign_logic.model.unknown import UNKNOWN_VALUE, Decision
from misalign_logic.model.verdicts import Status, Verdict, World

__all__ = ["Assessment", "Bearing", "assess"]


class Bearing(Decision):
    """What a scheme's verdict says about a judgment."""

    BORNE_OUT = "borne-out"  # the verdict makes the judgment true
    CONTRADICTED = "contradicted"  # the verdict makes it false
    OPEN = "open"  # probable: the probability interval straddles the threshold
    UNKNOWN = UNKNOWN_VALUE  # the solver gave up; nothing is claimed


@attrs.frozen
class Assessment:
    """Whether one scheme bears out one judgment, and why.

    Attributes:
        judgment: the judgment.
        scheme: the scheme's ID.
        bearing: borne out, contradicted, open or unknown.
        why: the reason in words.
        core: the stated facts that force the verdict's label (or clash, when the scenario has no world).
        world: a witness world that settles it, when the verdict is ambiguous.
        probability: probable judgments: the probability under the judgment's prior.
    """

    judgment: Judgment
    scheme: str
    bearing: Bearing
    why: str
    core: tuple[str, ...] = ()
    world: World | None = None
    probability: Probability | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        out: dict[str, Any] = {"scheme": self.scheme, "bearing": self.bearing.value, "why": self.why}
        if self.core:
            out["core"] = list(self.core)
        if self.world is not None:
            out["world"] = dict(self.world)
        if self.probability is not None:
            out["probability"] = self.probability.to_dict()
        return out


def assess(judgment: Judgment, verdict: Verdict, probability: Probability | None = None) -> Assessment:
    """Does ``verdict`` (a scheme's, on the judged scenario) bear ``judgment`` out?

    Args:
        judgment: the judgment.
        verdict: the scheme's verdict on the scenario the judgment is about (as heard).
        probability: for a probable judgment, the scheme's probability under the judgment's prior.

    Raises:
        ValueError: a probable judgment without its probability.
    """
    label, scheme = judgment.label, verdict.scheme
    core = tuple(c.text for c in verdict.core)

    def said(bearing: Bearing, why: str, world: World | None = None, with_core: bool = False) -> Assessment:
        return Assessment(judgment, scheme, bearing, why, core if with_core else (), world, probability)

    if not verdict.status.decided:
        return said(Bearing.UNKNOWN, f"the solver gave up ({verdict.reason})")
    if verdict.status is Status.INCONSISTENT:
        return said(
            Bearing.CONTRADICTED, f"{judgment.target} has no world; these clash: " + " | ".join(core), with_core=True
        )
    if judgment.strength is Strength.PROBABLE:
        if probability is None:
            msg = f"the probable judgment {judgment} needs its probability"
            raise ValueError(msg)
        return said(*_probable(judgment, probability))
    if label is None:
        bearing, why = _ambiguous(verdict)
        return said(bearing, why, with_core=verdict.forced is not None)
    forced = verdict.forced
    if forced is not None:
        ok = forced is label
        return said(
            Bearing.BORNE_OUT if ok else Bearing.CONTRADICTED,
            f"forced {forced.value} by: " + " | ".join(core),
            with_core=True,
        )
    witnesses = {w.label: w for w in verdict.witnesses}
    if judgment.strength is Strength.CERTAIN:
        other = next((w for w in verdict.witnesses if w.label is not label), verdict.witnesses[0])
        return said(
            Bearing.CONTRADICTED,
            f"not forced: the worlds get {label_set(verdict.labels)}; a world gets "
            f"{other.label.value} when {other.decided_by or other.world}",
            other.world,
        )
    if label in witnesses:
        w = witnesses[label]
        return said(Bearing.BORNE_OUT, f"a world gets {label.value} when {w.decided_by or w.world}", w.world)
    return said(Bearing.CONTRADICTED, f"the worlds get only {label_set(verdict.labels)}")


def _ambiguous(verdict: Verdict) -> tuple[Bearing, str]:
    """The answer "ambiguous": outer and inner both possible, so neither is forced."""
    forced = verdict.forced
    if forced is not None:
        core = " | ".join(c.text for c in verdict.core)
        return Bearing.CONTRADICTED, f"not ambiguous: forced {forced.value} by: {core}"
    missing = [label.value for label in (Label.OUTER, Label.INNER) if label not in verdict.labels]
    if missing:
        return Bearing.CONTRADICTED, f"the worlds get {label_set(verdict.labels)}, never {' or '.join(missing)}"
    witnesses = "; ".join(f"{w.label.value} when {w.decided_by or w.world}" for w in verdict.witnesses)
    return Bearing.BORNE_OUT, f"the worlds get {label_set(verdict.labels)}: {witnesses}"


def _probable(judgment: Judgment, probability: Probability) -> tuple[Bearing, str]:
    threshold = judgment.threshold
    assert threshold is not None
    assert judgment.label is not None, "an ambiguous answer is never probable"
    if not probability.status.decided:
        return Bearing.UNKNOWN, f"the solver gave up ({probability.reason})"
    if probability.status is ProbabilityStatus.INCONSISTENT:
        return Bearing.CONTRADICTED, f"no assignment of {judgment.prior} leaves {judgment.target} a world"
    lo, hi = probability.of(judgment.label)
    p = (
        f"P({judgment.label.value}) = {decimal(lo)}"
        if lo == hi
        else f"P({judgment.label.value}) in [{decimal(lo)}, {decimal(hi)}]"
    )
    t = decimal(threshold)
    if lo >= threshold:
        return Bearing.BORNE_OUT, f"{p} >= {t} under {judgment.prior}"
    if hi < threshold:
        return Bearing.CONTRADICTED, f"{p} < {t} under {judgment.prior}"
    return Bearing.OPEN, f"{p}, which straddles {t}: unknowns outside {judgment.prior} decide"
