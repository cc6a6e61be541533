"""``P(label | scenario)`` under a prior, exactly (docs/model.md, "Priors").

Every assignment of the prior's unknowns is classified on its own; an assignment the scenario rules out is
dropped and the rest renormalized (conditioning on the scenario); a forced label adds the assignment's weight
to both bounds of that label, an ambiguous verdict only to the upper bound of each of its labels, because
unknowns outside the prior still move it.
"""

from __future__ import annotations

from fractions import Fraction

from misalign_logic.model.priors import Prior, Probability, ProbabilityStatus
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import BUILTIN_LABELS, Label, Scheme, parse_scheme
from misalign_logic.model.verdicts import Status
from misalign_logic.solve.arguments import argument
from misalign_logic.solve.classify import DEFAULT_RLIMIT, Analysis

__all__ = ["probability"]


def probability(
    scenario: Scenario | Analysis,
    scheme: str | Scheme,
    prior: Prior,
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
) -> Probability:
    """``P(label | scenario)`` for each label of ``scheme`` under ``prior``, exactly.

    Args:
        scenario: the scenario, or an :class:`Analysis` of it to reuse (built with ``explain=False`` is fastest).
        scheme: a scheme or scheme ID.
        prior: the prior; its unknowns must be the scenario's story's.
        timeout: seconds per solver call (when ``scenario`` is a scenario).
        rlimit: z3 resource units per solver call (when ``scenario`` is a scenario).

    Returns:
        A :class:`Probability`: exact bounds, or inconsistent (no assignment of positive weight leaves the
        scenario a world), or unknown (the solver gave up on some assignment).

    Raises:
        SpecError: the scheme is malformed, or the prior names something the story lacks.
    """
    prior = argument(prior, Prior, "prior", "take one from a spec: spec.priors[0], or build it with Prior")
    analysis = (
        scenario
        if isinstance(scenario, Analysis)
        else Analysis(scenario, timeout=timeout, rlimit=rlimit, explain=False)
    )
    scheme = parse_scheme(scheme)
    name = analysis.scenario.name
    lo: dict[Label, Fraction] = {}
    hi: dict[Label, Fraction] = {}
    total = Fraction(0)
    for weight, given in prior.assignments():
        verdict = analysis.classify(scheme, given=given)
        if verdict.status is Status.UNKNOWN:
            return Probability(name, scheme.id, prior.name, ProbabilityStatus.UNKNOWN, reason=verdict.reason)
        if verdict.status is Status.INCONSISTENT:
            continue
        total += weight
        for label in verdict.labels:
            hi[label] = hi.get(label, Fraction(0)) + weight
            if verdict.status is Status.FORCED:
                lo[label] = lo.get(label, Fraction(0)) + weight
    if not total:
        return Probability(name, scheme.id, prior.name, ProbabilityStatus.INCONSISTENT)
    # The built-in labels in their order, then a scheme's own labels and values by name.
    order = [*(label for label in Label if label in hi), *sorted((x for x in hi if x not in BUILTIN_LABELS), key=str)]
    bounds = tuple((label, lo.get(label, Fraction(0)) / total, hi[label] / total) for label in order)
    return Probability(name, scheme.id, prior.name, ProbabilityStatus.KNOWN, bounds)
