"""Queries any SMT solver can replay: per label, "is it possible?" and "is it forced?" as SMT-LIB 2 scripts.

Each script stands alone (declarations, the scenario's constraints as stated, the label's condition, one
satisfiability check), written by :mod:`misalign_logic.solve.queries`, and records the answer the library's verdict
implies with ``set-info :status``: a label is possible exactly when the verdict lists it, and forced when
the verdict is forced to it (or the scenario has no world, where every label is vacuously forced).
"""

from __future__ import annotations

import re

import attrs

from misalign_logic.model.errors import SolverUnknown, SpecError
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.verdicts import Status
from misalign_logic.solve.arguments import scenario_argument, scheme_argument, solver_limits
from misalign_logic.solve.classify import classify
from misalign_logic.solve.queries import LabelQuery
from misalign_logic.solve.session import DEFAULT_RLIMIT

__all__ = ["QUESTIONS", "Script", "export_scripts"]

#: The questions asked per label, in order.
QUESTIONS = ("possible", "forced")


@attrs.frozen
class Script:
    """One exported query.

    Attributes:
        label: the label asked about.
        question: ``possible`` or ``forced``.
        expected: the answer the library's verdict implies, ``sat`` or ``unsat``.
        text: the SMT-LIB 2 script.
        name: a file name for it (letters, digits, ``.``, ``-`` and ``_`` only).
    """

    label: Label
    question: str
    expected: str
    text: str = attrs.field(repr=False)
    name: str


def _slug(text: str) -> str:
    """``text`` as a safe part of a file name: any other character becomes ``_``."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", text).strip(".") or "_"


def _expected(status: Status, labels: frozenset[Label], label: Label, question: str) -> str:
    if question == "possible":
        return "sat" if label in labels else "unsat"
    forced = status is Status.INCONSISTENT or (status is Status.FORCED and labels == frozenset({label}))
    return "unsat" if forced else "sat"


def export_scripts(
    scenario: Scenario,
    scheme: str | Scheme,
    label: str | Label | None = None,
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
) -> tuple[Script, ...]:
    """The SMT-LIB 2 scripts of ``scenario`` under ``scheme``: is each label (or ``label``) possible, forced?

    Raises:
        SpecError: a bad argument, or a label the scheme does not give.
        SolverUnknown: the library's solver gave up on the verdict the expected answers come from.
    """
    solver_limits(timeout, rlimit)
    scenario, scheme = scenario_argument(scenario), scheme_argument(scheme)
    scheme.check_story(scenario.story)
    query = LabelQuery(scenario, scheme)
    labels = [x for x in Label if x in query.labels]
    if label is not None:
        wanted = next((x for x in labels if x.value == str(getattr(label, "value", label))), None)
        if wanted is None:
            msg = f"scheme {scheme.id} gives no label {str(getattr(label, 'value', label))!r}"
            raise SpecError.at(msg, hint=f"its labels are {', '.join(x.value for x in labels)}")
        labels = [wanted]
    verdict = classify(scenario, scheme, explain=False, timeout=timeout, rlimit=rlimit)
    if verdict.status is Status.UNKNOWN:
        raise SolverUnknown(verdict.reason)
    stem = f"{_slug(scenario.name)}.{_slug(scheme.id)}"
    return tuple(
        Script(
            x,
            q,
            expected := _expected(verdict.status, verdict.labels, x, q),
            query.script(x, q, expected),
            f"{stem}.{x.value}.{q}.smt2",
        )
        for x in labels
        for q in QUESTIONS
    )
