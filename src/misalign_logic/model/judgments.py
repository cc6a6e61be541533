"""Judgments: a person's answer about a scenario (docs/model.md, "Judgments").

A judgment is ``(scenario, label, strength)``: ``certain`` (the scenario has a world and every world gets
the label), ``possible`` (some world gets it) or ``probable`` (``P(label) >= threshold`` under a named
prior). It may be attributed to a respondent (a person or a group) and may say that the respondent judged
the scenario *as heard* under the Gricean reading ("what was not said did not happen").

The seed's quiz offers a third answer, *ambiguous*: both ``outer`` and ``inner`` are possible and neither is
certain. A judgment records it with ``label=None`` (written ``label = "ambiguous"`` in a spec); its strength is
``possible``, since it claims two possibilities (and that neither label is forced, which follows from them).
"""

from __future__ import annotations

import enum
from fractions import Fraction
from typing import Any

import attrs

from misalign_logic.model.conditions import gricean_constraints
from misalign_logic.model.families import READINGS
from misalign_logic.model.parse import Origin
from misalign_logic.model.priors import decimal
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label

__all__ = ["AMBIGUOUS", "UNATTRIBUTED", "Judgment", "Strength", "heard"]

#: The respondent of a judgment that names none.
UNATTRIBUTED = "unattributed"

#: The answer "ambiguous": both outer and inner are possible, neither is certain.
AMBIGUOUS = "ambiguous"


class Strength(enum.Enum):
    """How sure a judgment is."""

    CERTAIN = "certain"  # the label is forced: every world of the scenario gets it
    POSSIBLE = "possible"  # some world of the scenario gets the label
    PROBABLE = "probable"  # P(label) >= threshold under a named prior

    def __str__(self) -> str:
        return self.value


@attrs.frozen
class Judgment:
    """One answer: ``scenario`` gets ``label``, with ``strength``.

    Attributes:
        scenario: the scenario's name.
        label: the label the respondent gave, or None for the answer "ambiguous" (outer and inner both
            possible, neither certain).
        strength: certain, possible or probable.
        respondent: who answered (a person or a group).
        prior: probable: the prior's name.
        threshold: probable: the least probability meant.
        reading: ``gricean`` when the respondent judged the scenario as heard, unsaid cognition at its defaults.
        note: free text (where the answer comes from).
        origin: where the judgment is declared.
    """

    scenario: str
    label: Label | None
    strength: Strength
    respondent: str = UNATTRIBUTED
    prior: str | None = None
    threshold: Fraction | None = None
    reading: str = "literal"
    note: str = ""
    origin: Origin = attrs.field(default=Origin(), eq=False)

    def __attrs_post_init__(self) -> None:
        probable = self.strength is Strength.PROBABLE
        if probable != (self.prior is not None) or probable != (self.threshold is not None):
            msg = "a probable judgment needs a prior and a threshold, and only a probable one takes them"
            raise ValueError(msg)
        if self.threshold is not None and not 0 < self.threshold <= 1:
            msg = f"threshold {self.threshold} is not in (0, 1]"
            raise ValueError(msg)
        if self.label is None and self.strength is not Strength.POSSIBLE:
            msg = f"the answer {AMBIGUOUS!r} says outer and inner are both possible; its strength is 'possible'"
            raise ValueError(msg)
        if self.reading not in READINGS:
            msg = f"unknown reading {self.reading!r}; use literal or gricean"
            raise ValueError(msg)

    @property
    def answer(self) -> str:
        """The answer as given: a label's name, or ``ambiguous``."""
        return AMBIGUOUS if self.label is None else self.label.value

    @property
    def labels(self) -> tuple[Label, ...]:
        """The labels the judgment claims (possible ones for ``ambiguous``: outer and inner)."""
        return (Label.OUTER, Label.INNER) if self.label is None else (self.label,)

    @property
    def target(self) -> str:
        """The scenario judged: its name, marked when it was judged as heard."""
        return self.scenario if self.reading == "literal" else f"{self.scenario}[reading={self.reading}]"

    def __str__(self) -> str:
        if self.strength is Strength.PROBABLE:
            assert self.threshold is not None
            how = f"probable, P >= {decimal(self.threshold)} under {self.prior}"
        elif self.label is None:
            how = "outer and inner possible, neither certain"
        else:
            how = self.strength.value
        return f"{self.target}: {self.answer} ({how})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        out: dict[str, Any] = {
            "respondent": self.respondent,
            "scenario": self.scenario,
            "label": self.answer,
            "strength": self.strength.value,
        }
        if self.prior is not None and self.threshold is not None:
            out.update(prior=self.prior, threshold=decimal(self.threshold))
        if self.reading != "literal":
            out["reading"] = self.reading
        if self.note:
            out["note"] = self.note
        return out


def heard(scenario: Scenario, reading: str) -> Scenario:
    """The scenario as heard under ``reading``: under ``gricean``, plus the defaults of unsaid cognition."""
    if reading == "literal":
        return scenario
    extra = gricean_constraints(scenario.story, scenario.mentioned_terms)
    return Scenario(
        scenario.story,
        f"{scenario.name}[reading={reading}]",
        scenario.constraints + extra,
        scenario.name,
        scenario.text,
    )
