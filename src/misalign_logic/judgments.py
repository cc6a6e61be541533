"""Judgments: a person's answer about a scenario, and whether a scheme bears it out (DESIGN.md, "Judgments").

A judgment is ``(scenario, label, strength)``: ``certain`` (the scenario has a world and every world gets
the label), ``possible`` (some world gets it) or ``probable`` (``P(label) >= threshold`` under a named
prior). It may be attributed to a respondent (a person or a group) and may say that the respondent judged
the scenario *as heard* under the Gricean reading ("what was not said did not happen").
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import attrs

from misalign_logic.labels import gricean_defaults
from misalign_logic.parse import Origin
from misalign_logic.priors import Locate, Probability, ProbabilityStatus, Report, decimal, parse_probability
from misalign_logic.scenario import Constraint, Scenario
from misalign_logic.schemes import READINGS, Label, label_set
from misalign_logic.verdicts import Status, Verdict, World

__all__ = ["UNATTRIBUTED", "Assessment", "Bearing", "Judgment", "Strength", "assess", "heard"]

#: The respondent of a judgment that names none.
UNATTRIBUTED = "unattributed"

_KEYS = ("respondent", "scenario", "label", "strength", "prior", "threshold", "reading", "note")


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
        label: the label the respondent gave.
        strength: certain, possible or probable.
        respondent: who answered (a person or a group).
        prior: probable: the prior's name.
        threshold: probable: the least probability meant.
        reading: ``gricean`` when the respondent judged the scenario as heard, unsaid cognition at its defaults.
        note: free text (where the answer comes from).
        origin: where the judgment is declared.
    """

    scenario: str
    label: Label
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
        if self.reading not in READINGS:
            msg = f"unknown reading {self.reading!r}; use literal or gricean"
            raise ValueError(msg)

    @property
    def target(self) -> str:
        """The scenario judged: its name, marked when it was judged as heard."""
        return self.scenario if self.reading == "literal" else f"{self.scenario}[reading={self.reading}]"

    def __str__(self) -> str:
        if self.strength is Strength.PROBABLE:
            assert self.threshold is not None
            how = f"probable, P >= {decimal(self.threshold)} under {self.prior}"
        else:
            how = self.strength.value
        return f"{self.target}: {self.label.value} ({how})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        out: dict[str, Any] = {"respondent": self.respondent, "scenario": self.scenario, "label": self.label.value,
                               "strength": self.strength.value}
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
    extra = tuple(Constraint.parse(text, scenario.story, stated_in="(gricean default)")
                  for text in gricean_defaults(scenario.story, scenario.mentions))
    return Scenario(scenario.story, f"{scenario.name}[reading={reading}]", scenario.constraints + extra,
                    scenario.name, scenario.text)


class Bearing(enum.Enum):
    """What a scheme's verdict says about a judgment."""

    BORNE_OUT = "borne-out"  # the verdict makes the judgment true
    CONTRADICTED = "contradicted"  # the verdict makes it false
    OPEN = "open"  # probable: the probability interval straddles the threshold
    UNKNOWN = "unknown"  # the solver gave up; nothing is claimed

    def __str__(self) -> str:
        return self.value


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

    if verdict.status is Status.UNKNOWN:
        return said(Bearing.UNKNOWN, f"the solver gave up ({verdict.reason})")
    if verdict.status is Status.INCONSISTENT:
        return said(Bearing.CONTRADICTED, f"{judgment.target} has no world; these clash: " + " | ".join(core),
                    with_core=True)
    if judgment.strength is Strength.PROBABLE:
        if probability is None:
            msg = f"the probable judgment {judgment} needs its probability"
            raise ValueError(msg)
        return said(*_probable(judgment, probability))
    forced = verdict.forced
    if forced is not None:
        ok = forced is label
        return said(Bearing.BORNE_OUT if ok else Bearing.CONTRADICTED,
                    f"forced {forced.value} by: " + " | ".join(core), with_core=True)
    witnesses = {w.label: w for w in verdict.witnesses}
    if judgment.strength is Strength.CERTAIN:
        other = next((w for w in verdict.witnesses if w.label is not label), verdict.witnesses[0])
        return said(Bearing.CONTRADICTED, f"not forced: the worlds get {label_set(verdict.labels)}; a world gets "
                    f"{other.label.value} when {other.decided_by or other.world}", other.world)
    if label in witnesses:
        w = witnesses[label]
        return said(Bearing.BORNE_OUT, f"a world gets {label.value} when {w.decided_by or w.world}", w.world)
    return said(Bearing.CONTRADICTED, f"the worlds get only {label_set(verdict.labels)}")


def _probable(judgment: Judgment, probability: Probability) -> tuple[Bearing, str]:
    threshold = judgment.threshold
    assert threshold is not None
    if probability.status is ProbabilityStatus.UNKNOWN:
        return Bearing.UNKNOWN, f"the solver gave up ({probability.reason})"
    if probability.status is ProbabilityStatus.INCONSISTENT:
        return Bearing.CONTRADICTED, f"no assignment of {judgment.prior} leaves {judgment.target} a world"
    lo, hi = probability.of(judgment.label)
    p = f"P({judgment.label.value}) = {decimal(lo)}" if lo == hi else \
        f"P({judgment.label.value}) in [{decimal(lo)}, {decimal(hi)}]"
    t = decimal(threshold)
    if lo >= threshold:
        return Bearing.BORNE_OUT, f"{p} >= {t} under {judgment.prior}"
    if hi < threshold:
        return Bearing.CONTRADICTED, f"{p} < {t} under {judgment.prior}"
    return Bearing.OPEN, f"{p}, which straddles {t}: unknowns outside {judgment.prior} decide"


def read_judgments(data: Any, scenarios: Iterable[str], priors: Iterable[str], loc: Locate, problem: Report,
                   path: str) -> tuple[Judgment, ...]:
    """Read the spec's ``[[judgment]]`` tables (see specs/README.md); report problems through ``problem``."""
    if data is None:
        return ()
    names, prior_names = list(scenarios), list(priors)
    if not isinstance(data, list):
        problem("judgment must be an array of tables", (loc.section("judgment")[0] + 1, 1),
                'write [[judgment]] with scenario = "...", label = "outer", strength = "certain"')
        return ()
    out = []
    for k, table in enumerate(data):
        span = loc.section("judgment", k)
        found = _read_one(table, span, names, prior_names, loc, problem, path)
        if found is not None:
            out.append(found)
    return tuple(out)


def _read_one(table: dict[str, Any], span: tuple[int, int], names: list[str], prior_names: list[str], loc: Locate,
              problem: Report, path: str) -> Judgment | None:
    count = 0

    def report(message: str, key: str, hint: str = "") -> None:
        nonlocal count
        count += 1
        problem(message, loc.key(key, span) if key else (span[0] + 1, 1), hint)

    def choose(key: str, allowed: list[str], what: str, default: str | None = None) -> str | None:
        value = table.get(key, default)
        if value is None:
            report(f"a [[judgment]] needs {key}", "", f"add {key} = \"{allowed[0] if allowed else '...'}\"")
            return None
        if value not in allowed:
            close = difflib.get_close_matches(str(value), allowed, n=1)
            report(f"judgment: {value!r} is not a {what}", key,
                   f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(allowed) or '(none declared)'}")
            return None
        return str(value)

    for key in table:
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            report(f"unknown key {key!r} in [[judgment]]", key,
                   f"did you mean {close[0]!r}?" if close else f"[[judgment]] takes {', '.join(_KEYS)}")
    scenario = choose("scenario", names, "scenario of this file")
    label = choose("label", [x.value for x in Label], "label")
    strength = choose("strength", [x.value for x in Strength], "strength")
    reading = choose("reading", list(READINGS), "reading", "literal")
    respondent = table.get("respondent", UNATTRIBUTED)
    if not isinstance(respondent, str) or not respondent.strip():
        report("respondent must be a name", "respondent", 'write respondent = "majority"')
    note = table.get("note", "")
    if not isinstance(note, str):
        report("note must be a string", "note")
    prior, threshold = table.get("prior"), None
    if strength == Strength.PROBABLE.value:
        if prior is None or "threshold" not in table:
            report("a probable judgment needs a prior and a threshold", "",
                   'add prior = "NAME" (a [prior.NAME] of this file) and threshold = 0.9')
        elif prior not in prior_names:
            close = difflib.get_close_matches(str(prior), prior_names, n=1)
            report(f"judgment: {prior!r} is not a prior of this file", "prior",
                   f"did you mean {close[0]!r}?" if close else f"the priors are {', '.join(prior_names) or '(none)'}")
        else:
            try:
                threshold = parse_probability(table["threshold"])
                if not threshold:
                    raise ValueError("a threshold of 0 says nothing")
            except ValueError as err:
                report(f"judgment threshold: {err}", "threshold", "write a number in (0, 1], such as 0.99")
    elif strength is not None and ("prior" in table or "threshold" in table):
        report(f"a {strength} judgment takes no prior or threshold", "prior" if "prior" in table else "threshold",
               'only strength = "probable" does')
    if count or scenario is None or label is None or strength is None or reading is None:
        return None
    line, column = span[0] + 1, 1
    return Judgment(scenario, Label(label), Strength(strength), respondent, prior if threshold else None,
                    threshold, reading, note, Origin(path, line, column))
