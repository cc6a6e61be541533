"""Relations between scenarios (docs/model.md, "Refinement"): whether one's worlds are the other's.

A relation negates a scenario, so its stated facts cannot be folded as a classification folds them; its
constraints are written as they are, in a solver of their own.
"""

from __future__ import annotations

from collections.abc import Sequence

from misalign_logic.model.errors import SolverUnknown
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.verdicts import Relation, RelationKind, World
from misalign_logic.solve.arguments import scenario_argument
from misalign_logic.solve.backend import Outcome
from misalign_logic.solve.encoding import Read, conj, gc_paused, neg
from misalign_logic.solve.session import DEFAULT_RLIMIT, GaveUp, Session
from misalign_logic.solve.smtlib import named, quoted

__all__ = ["relate", "share_world"]


def _membership(s: Session, scenarios: Sequence[Scenario]) -> frozenset[Read]:
    """Define ``in#i`` / ``out#i`` for each scenario (all its constraints hold / not all hold)."""
    body = []
    for i, scenario in enumerate(scenarios):
        if scenario.story != s.enc.story:
            msg = f"scenario {scenario.name!r} is told over another story than {scenarios[0].name!r}"
            raise ValueError(msg)
        with gc_paused():
            text = conj(s.enc.formula(c.expr) for c in scenario.constraints)
        body.append(named(quoted(f"in#{i}"), text))
        body.append(named(quoted(f"out#{i}"), neg(text)))
    return s.add(body)


def share_world(
    inside: Sequence[Scenario],
    outside: Sequence[Scenario] = (),
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
) -> World | None:
    """A world of every scenario in ``inside`` and of none in ``outside``, or None when there is none.

    The world is given over the atoms the scenarios' constraints mention.

    Raises:
        SolverUnknown: the solver gave up.
        ValueError: the scenarios are told over different stories, or ``inside`` is empty.
    """
    if not inside:
        msg = "share_world needs at least one scenario inside"
        raise ValueError(msg)
    s = Session(inside[0].story, timeout, rlimit)
    atoms = _membership(s, [*inside, *outside])
    wanted = [f"in#{i}" for i in range(len(inside))] + [f"out#{len(inside) + j}" for j in range(len(outside))]
    try:
        return s.world(atoms) if s.check(wanted) is Outcome.SAT else None
    except GaveUp as gave_up:
        raise SolverUnknown(gave_up.reason) from None


def relate(a: Scenario, b: Scenario, *, timeout: float | None = None, rlimit: int | None = DEFAULT_RLIMIT) -> Relation:
    """How the worlds of ``a`` relate to those of ``b`` (docs/model.md, "Refinement").

    Returns:
        A :class:`Relation`: equivalent, refines (``a`` refines ``b``), refined-by, incomparable, disjoint,
        or unknown when the solver gave up; with a witness world for each direction that fails.

    Raises:
        ValueError: the scenarios are told over different stories.
    """
    a, b = scenario_argument(a, "the first scenario"), scenario_argument(b, "the second scenario")
    if a.story != b.story:
        msg = f"cannot relate {a.name!r} and {b.name!r}: they are told over different stories"
        raise ValueError(msg)
    s = Session(a.story, timeout, rlimit)
    atoms = _membership(s, [a, b])

    def world(assumptions: list[str]) -> World | None:
        return s.world(atoms) if s.check(assumptions) is Outcome.SAT else None

    try:
        only_a, only_b, shared = world(["in#0", "out#1"]), world(["in#1", "out#0"]), world(["in#0", "in#1"])
    except GaveUp as gave_up:
        return Relation(a.name, b.name, RelationKind.UNKNOWN, reason=gave_up.reason)
    if shared is None and only_a is not None and only_b is not None:
        kind = RelationKind.DISJOINT
    elif only_a is None and only_b is None:
        kind = RelationKind.EQUIVALENT
    elif only_a is None:
        kind = RelationKind.REFINES
    elif only_b is None:
        kind = RelationKind.REFINED_BY
    else:
        kind = RelationKind.INCOMPARABLE
    return Relation(a.name, b.name, kind, only_a, only_b, shared)
