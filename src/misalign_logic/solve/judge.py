"""Judging a spec's answers: per respondent, coherence, the schemes that reproduce them, and why.

This is what ``misalign-logic judge`` prints: for each respondent (or group), whether any categorization
of worlds gives all of their answers (with the proof when none can), which members of the scheme family
bear every answer out, and which of those do it only by reading the description (a non-monotone flip).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from misalign_logic.model.judgments import Judgment, Strength, heard
from misalign_logic.model.notebook import Shown
from misalign_logic.model.priors import Probability
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Scheme, parse_scheme, scheme_family
from misalign_logic.model.specfile import Spec
from misalign_logic.model.verdicts import Verdict
from misalign_logic.solve.assess import Assessment, Bearing, assess
from misalign_logic.solve.check import Progress, SpecResult, check_spec
from misalign_logic.solve.classify import DEFAULT_RLIMIT, Analysis, isolated
from misalign_logic.solve.coherence import Coherence, coherence
from misalign_logic.solve.probability import probability

__all__ = ["JudgeResult", "Respondent", "judge_spec"]


@attrs.frozen
class Respondent(Shown):
    """One respondent's (or group's) answers and what the library decides about them.

    Attributes:
        name: the respondent.
        judgments: their judgments, in file order.
        coherence: whether any categorization of worlds gives all of them.
        assessments: per judgment, one assessment per scheme (scheme order).
        fitting: the schemes that bear out every judgment.
        flipping: the fitting schemes that flip non-monotonically along a refinement in this file.
        undecided: the schemes the solver gave up on for some judgment and that contradict none: they
            may or may not bear every judgment out, so they are neither fitting nor ruled out.
    """

    name: str
    judgments: tuple[Judgment, ...]
    coherence: Coherence
    assessments: tuple[tuple[Assessment, ...], ...]
    fitting: tuple[str, ...]
    flipping: tuple[str, ...]
    undecided: tuple[str, ...] = ()

    @property
    def description_based(self) -> tuple[str, ...]:
        """The fitting schemes that read the description, not only the world."""
        return tuple(s for s in self.fitting if not parse_scheme(s).world_based)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``coherent``, ``fitting_schemes``, the proof and each judgment's details."""
        return {
            "respondent": self.name,
            **self.coherence.to_dict(),
            "fitting_schemes": list(self.fitting),
            "fitting_description_based": list(self.description_based),
            "fitting_flips": list(self.flipping),
            "undecided_schemes": list(self.undecided),
            "judgments": [
                {**j.to_dict(), "text": str(j), "schemes": [a.to_dict() for a in row]}
                for j, row in zip(self.judgments, self.assessments, strict=True)
            ],
        }


@attrs.frozen
class JudgeResult(Shown):
    """Everything ``judge`` decides about one spec's judgments.

    Attributes:
        path: the spec's file.
        schemes: the scheme IDs judged against (the whole family unless narrowed).
        respondents: one per respondent, in order of first appearance.
        checked: the ``check`` result over the same schemes for the judged scenarios (verdicts, relations,
            flips).
    """

    path: str
    schemes: tuple[str, ...]
    respondents: tuple[Respondent, ...]
    checked: SpecResult

    @property
    def coherent(self) -> bool:
        """True when every respondent's answers are coherent."""
        return all(r.coherence.coherent is True for r in self.respondents)

    def to_dict(self) -> dict[str, Any]:
        """The ``judgments`` section of the JSON documents: one entry per respondent."""
        return {
            "judgments": [{**r.to_dict(), "file": self.path} for r in self.respondents],
            "flips": [{**f.to_dict(), "file": self.path} for f in self.checked.flips],
        }


@isolated()  # the output depends on the spec alone, not on what this thread solved before
def judge_spec(
    spec: Spec,
    schemes: Sequence[Scheme] | None = None,
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
    explain: bool = True,
    progress: Progress | None = None,
) -> JudgeResult:
    """Judge every respondent's judgments in ``spec``.

    Args:
        spec: a spec with ``[[judgment]]`` tables.
        schemes: the schemes to fit (default: :func:`scheme_family`, every scheme, parameter and reading).
        timeout: seconds per solver call.
        rlimit: z3 resource units per solver call.
        explain: minimal cores and deciding facts in the verdicts (False: faster on large stories).
        progress: told after each verdict of the judged scenarios (see :func:`check_spec`).

    Raises:
        SpecError: a scheme names a choice the story lacks.
        MonotonicityViolation: a world-based scheme flipped along a refinement (a bug of this library).
    """
    chosen = tuple(schemes or scheme_family(spec.story))
    # Verdicts, relations and flips of the judged scenarios only; probable judgments get their own numbers.
    named = {j.scenario for j in spec.judgments}
    judged = attrs.evolve(spec, scenarios=tuple(s for s in spec.scenarios if s.name in named), priors=())
    checked = check_spec(judged, chosen, timeout=timeout, rlimit=rlimit, explain=explain, progress=progress)
    verdicts: dict[str, tuple[Verdict, ...]] = dict(checked.verdicts)
    targets: dict[str, Scenario] = {}
    for j in spec.judgments:
        if j.target not in targets:
            targets[j.target] = heard(spec.scenario(j.scenario), j.reading)
        if j.target not in verdicts:
            analysis = Analysis(targets[j.target], timeout=timeout, rlimit=rlimit, explain=explain)
            verdicts[j.target] = tuple(analysis.classify(s) for s in chosen)
    chances = _probabilities(spec, chosen, targets, timeout, rlimit)
    flipped = {f.scheme for f in checked.flips}
    respondents = []
    for name in dict.fromkeys(j.respondent for j in spec.judgments):
        mine = tuple(j for j in spec.judgments if j.respondent == name)
        rows = tuple(
            tuple(assess(j, v, chances.get((j.target, j.prior or "", v.scheme))) for v in verdicts[j.target])
            for j in mine
        )
        fitting = tuple(s.id for k, s in enumerate(chosen) if all(r[k].bearing is Bearing.BORNE_OUT for r in rows))
        undecided = tuple(s.id for k, s in enumerate(chosen) if _undecided([r[k].bearing for r in rows]))
        respondents.append(
            Respondent(
                name,
                mine,
                coherence(mine, targets, timeout=timeout, rlimit=rlimit),
                rows,
                fitting,
                tuple(s for s in fitting if s in flipped),
                undecided,
            )
        )
    return JudgeResult(spec.path, tuple(s.id for s in chosen), tuple(respondents), checked)


def _undecided(bearings: Sequence[Bearing]) -> bool:
    """Whether a scheme's bearings on one respondent's judgments leave its fit open: the solver gave up on
    some judgment and no judgment is decided against it."""
    return Bearing.UNKNOWN in bearings and all(b in (Bearing.BORNE_OUT, Bearing.UNKNOWN) for b in bearings)


def _probabilities(
    spec: Spec, schemes: Sequence[Scheme], targets: dict[str, Scenario], timeout: float | None, rlimit: int | None
) -> dict[tuple[str, str, str], Probability]:
    """Each probable judgment's probability under its prior, per scheme (one analysis per scenario)."""
    out: dict[tuple[str, str, str], Probability] = {}
    analyses: dict[str, Analysis] = {}
    for j in spec.judgments:
        if j.strength is not Strength.PROBABLE or j.prior is None:
            continue
        prior = spec.prior(j.prior)
        if j.target not in analyses:
            analyses[j.target] = Analysis(targets[j.target], timeout=timeout, rlimit=rlimit, explain=False)
        for s in schemes:
            key = (j.target, prior.name, s.id)
            if key not in out:
                out[key] = probability(analyses[j.target], s, prior)
    return out
