"""Checks a verdict's explanation by enumeration, never by the solver that produced it.

docs/model.md ("Verdicts") says what each explanation claims:

* **forced(L)**: the core is a set of the scenario's constraints (and, under the Gricean reading, of its
  defaults) that still forces ``L``; when the verdict says it is minimal, dropping any member lets a world get
  another label.
* **inconsistent**: the core has no world; when minimal, dropping any member gives one.
* **ambiguous**: each witness world is a world of the scenario that gets its label (its facts settle the label);
  its ``decided_by`` facts are facts of that world which, added to the scenario, force the label, and none of
  them can be dropped.

Every claim is decided by :mod:`misalign_logic.testing.bruteforce`, which enumerates worlds in Python.
"""

from __future__ import annotations

from collections.abc import Sequence

from misalign_logic.model.expr import Expr
from misalign_logic.model.parse import parse_constraint
from misalign_logic.model.scenario import Constraint, Scenario
from misalign_logic.model.schemes import Label, Scheme, parse_scheme
from misalign_logic.model.verdicts import Status, Verdict, Witness, World
from misalign_logic.testing.bruteforce import brute_default, brute_forces, brute_labels

__all__ = ["explanation_problems"]

#: What the solver's side writes in ``stated_in`` for a default the Gricean reading adds.
GRICEAN_DEFAULT = "(gricean default)"


def explanation_problems(scenario: Scenario, verdict: Verdict) -> list[str]:
    """What enumeration finds wrong with ``verdict``'s explanation of ``scenario``: empty when every claim holds.

    Args:
        scenario: the scenario the verdict is about, over a tiny story.
        verdict: a verdict computed with ``explain=True``.

    Returns:
        One sentence per claim that does not hold, quoting the facts involved.

    Raises:
        TooLarge: the story is too large to enumerate.
    """
    if verdict.status is Status.UNKNOWN:
        return []
    scheme = parse_scheme(verdict.scheme)
    if verdict.status is Status.AMBIGUOUS:
        problems = _witness_labels(verdict)
        for witness in verdict.witnesses:
            problems += _witness_problems(scenario, scheme, witness)
        return problems
    problems = _membership_problems(scenario, scheme, verdict.core)
    claim = f"force {verdict.forced}" if verdict.forced else "have no world"
    members = [(c.text, c.expr) for c in verdict.core]
    return problems + _set_problems(scenario, scheme, members, verdict.forced, verdict.minimal, claim)


def _witness_labels(verdict: Verdict) -> list[str]:
    labels = [w.label for w in verdict.witnesses]
    if len(set(labels)) != len(labels) or frozenset(labels) != verdict.labels:
        return [f"the witnesses' labels {sorted(map(str, labels))} are not the verdict's {verdict.sorted_labels()}"]
    return []


def _membership_problems(scenario: Scenario, scheme: Scheme, core: Sequence[Constraint]) -> list[str]:
    """Core members that are neither stated constraints nor defaults of the scheme's reading."""
    problems = []
    for c in core:
        if c in scenario.constraints:
            continue
        default = scheme.reading == "gricean" and c.stated_in == GRICEAN_DEFAULT
        if not (default and brute_default(scenario, c.expr)):
            problems.append(f"core member {c.text!r} is neither a constraint of the scenario nor a default it reads")
    return problems


def _set_problems(
    scenario: Scenario,
    scheme: Scheme,
    members: Sequence[tuple[str, Expr]],
    label: Label | None,
    minimal: bool,
    claim: str,
    with_scenario: bool = False,
) -> list[str]:
    """Whether ``members`` force ``label`` (None: have no world) and, if ``minimal``, no member can be dropped.

    The members are read alone (a core, which lists the reading's defaults it uses), or ``with_scenario``:
    added to the scenario under the scheme's reading (deciding facts).
    """

    def holds(kept: Sequence[Expr]) -> bool:
        if with_scenario:
            return brute_forces(scenario, scheme, label, kept)
        return brute_forces(scenario, scheme.with_reading("literal"), label, constraints=kept)

    texts = [text for text, _ in members]
    exprs = [e for _, e in members]
    if not holds(exprs):
        return [f"{texts} should {claim}, but do not"]
    if not minimal:
        return []
    return [
        f"{texts} is not minimal: without {texts[i]!r} they still {claim}"
        for i in range(len(members))
        if holds([*exprs[:i], *exprs[i + 1 :]])
    ]


def _witness_problems(scenario: Scenario, scheme: Scheme, witness: Witness) -> list[str]:
    problems = []
    world = [e for _, e in _facts(scenario, witness.world)]
    if not brute_forces(scenario, scheme, witness.label, world):
        found = sorted(map(str, brute_labels(scenario, scheme, world)))
        problems.append(
            f"the {witness.label} witness world {witness.world} is not a world of the scenario that only "
            f"{witness.label} labels: its worlds get {found}"
        )
    extra = [f"{k} = {v}" for k, v in witness.decided_by.facts if (k, v) not in witness.world.facts]
    if extra:
        problems.append(f"the {witness.label} witness is decided by facts its world lacks: {extra}")
    claim = f"force {witness.label} with the scenario"
    decided = _facts(scenario, witness.decided_by)
    return problems + _set_problems(scenario, scheme, decided, witness.label, True, claim, with_scenario=True)


def _facts(scenario: Scenario, world: World) -> list[tuple[str, Expr]]:
    return [(statement, parse_constraint(statement, scenario.story)) for statement in world.statements()]
