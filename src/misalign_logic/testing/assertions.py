"""Assertions for your own test suite: consistency proofs about a taxonomy, checked by the solver.

Each helper asks the solver and raises :class:`AssertionError` when the answer is not the one claimed. The
message is the verdict's own explanation: the stated constraints that force another label (quoted, with
their file and line when they come from a spec), or one witness world per label and the unknowns that
decide between them, or the clash that leaves the scenario without a world. For example::

    from misalign_logic.testing import assert_forced

    def test_the_quiz_is_outer_under_merge_probability():
        assert_forced(scenario_1, "objective[counterfactual=merge_probability]", "outer")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from misalign_logic.model.judgments import Judgment, heard
from misalign_logic.model.scenario import Constraint, Scenario
from misalign_logic.model.schemes import Label, Scheme, label_set
from misalign_logic.model.verdicts import Relation, RelationKind, Status, Verdict, World
from misalign_logic.solve.classify import classify, relate
from misalign_logic.solve.coherence import Coherence, coherence

__all__ = ["assert_ambiguous", "assert_coherent", "assert_forced", "assert_refines", "explain"]

# Let pytest hide this module's frames from tracebacks: the failure is at the caller's assertion.
__tracebackhide__ = True


def _where(c: Constraint) -> str:
    o = c.origin
    return f"{o.file}:{o.line}:{o.column}" if o.line else (c.stated_in or "stated")


def _world(world: World | None) -> str:
    if world is None:
        return "(none)"
    return "; ".join(world.statements()) or "(any world)"


def explain(verdict: Verdict) -> str:
    """The verdict and why, in a few lines: its core constraints quoted, or its witnesses and deciding unknowns.

    Args:
        verdict: a verdict from :func:`~misalign_logic.solve.classify`.

    Returns:
        Readable text, for an assertion message or a report.
    """
    lines = [f"{verdict.scenario} under {verdict.scheme}: {verdict.summary()}"]
    if verdict.status is Status.FORCED:
        lines.append(f"  these stated constraints force {verdict.forced}:")
    elif verdict.status is Status.INCONSISTENT:
        lines.append("  no world satisfies these stated constraints together:")
    lines += [f"    {c.text!r}  ({_where(c)})" for c in verdict.core]
    if verdict.status is Status.AMBIGUOUS:
        lines.append(f"  decided by: {', '.join(verdict.deciding) or '(nothing stated)'}")
        for w in verdict.witnesses:
            lines.append(f"  a world where it is {w.label}: {_world(w.decided_by)}")
            lines.append(f"    (whole world: {_world(w.world)})")
    if verdict.status is Status.UNKNOWN:
        lines.append(f"  the solver gave up: {verdict.reason}")
    if verdict.remedy:
        lines.append(f"  remedy: {verdict.remedy}")
    return "\n".join(lines)


def _label(label: str | Label) -> Label:
    return label if isinstance(label, Label) else Label(label)


def assert_forced(
    scenario: Scenario, scheme: str | Scheme, label: str | Label, *, timeout: float | None = None
) -> Verdict:
    """Assert that every world of ``scenario`` gets ``label`` under ``scheme``.

    Args:
        scenario: the scenario.
        scheme: a scheme or scheme ID.
        label: ``none``, ``outer``, ``inner`` or ``both``.
        timeout: seconds per solver call; a verdict the solver gave up on fails the assertion.

    Returns:
        The verdict, for further checks.

    Raises:
        AssertionError: the label is not forced; the message explains what the solver found instead.
    """
    verdict = classify(scenario, scheme, timeout=timeout)
    wanted = _label(label)
    if verdict.forced is not wanted:
        msg = f"expected forced {wanted}, got {verdict.summary()}\n{explain(verdict)}"
        raise AssertionError(msg)
    return verdict


def assert_ambiguous(
    scenario: Scenario,
    scheme: str | Scheme,
    labels: Iterable[str | Label] | None = None,
    *,
    timeout: float | None = None,
) -> Verdict:
    """Assert that the worlds of ``scenario`` get more than one label under ``scheme`` (exactly ``labels`` if given).

    Args:
        scenario: the scenario.
        scheme: a scheme or scheme ID.
        labels: the exact label set expected, or None for any two or more.
        timeout: seconds per solver call; a verdict the solver gave up on fails the assertion.

    Returns:
        The verdict, for further checks.

    Raises:
        AssertionError: the verdict is not ambiguous (or not over ``labels``); the message explains it.
    """
    verdict = classify(scenario, scheme, timeout=timeout)
    wanted = None if labels is None else frozenset(_label(x) for x in labels)
    if verdict.status is not Status.AMBIGUOUS or (wanted is not None and verdict.labels != wanted):
        expected = "ambiguous" if wanted is None else f"ambiguous {label_set(wanted)}"
        msg = f"expected {expected}, got {verdict.summary()}\n{explain(verdict)}"
        raise AssertionError(msg)
    return verdict


def assert_refines(a: Scenario, b: Scenario, *, timeout: float | None = None) -> Relation:
    """Assert that every world of ``a`` is a world of ``b`` (``a`` refines ``b`` or is equivalent to it).

    Returns:
        The relation, for further checks.

    Raises:
        AssertionError: some world of ``a`` is not a world of ``b``; the message shows one.
    """
    relation = relate(a, b, timeout=timeout)
    if relation.kind not in (RelationKind.REFINES, RelationKind.EQUIVALENT):
        msg = (
            f"expected {a.name} to refine {b.name}, but {a.name} {relation.kind.value} {b.name}"
            + (f" ({relation.reason})" if relation.reason else "")
            + f"\n  a world of {a.name} that is not one of {b.name}: {_world(relation.only_a)}"
        )
        raise AssertionError(msg)
    return relation


def assert_coherent(
    judgments: Sequence[Judgment],
    scenarios: Iterable[Scenario] | Mapping[str, Scenario],
    *,
    timeout: float | None = None,
) -> Coherence:
    """Assert that some categorization of worlds makes every judgment true (docs/model.md, "Judgments").

    Args:
        judgments: the judgments, e.g. one respondent's answers.
        scenarios: the scenarios judged (by name), or a mapping from name to scenario.
        timeout: seconds per solver call; an undecided answer fails the assertion.

    Returns:
        The coherence result, with a witness world per possible judgment.

    Raises:
        AssertionError: the judgments are incoherent (the message is the proof, and every other conflict
            found) or the question was left undecided (the message says why).
    """
    named = dict(scenarios) if isinstance(scenarios, Mapping) else {s.name: s for s in scenarios}
    targets = {j.target: heard(named[j.scenario], j.reading) for j in judgments}
    result = coherence(judgments, targets, timeout=timeout)
    if result.coherent is not True:
        lines = [
            "expected the judgments to be coherent, but "
            + (
                "no categorization of worlds makes them all true:"
                if result.coherent is False
                else f"it was left undecided: {result.reason}"
            )
        ]
        for conflict in result.conflicts:
            lines.append("  " + "; ".join(f"'{j}'" for j in conflict.judgments))
            lines.append(f"    {conflict.proof}")
        raise AssertionError("\n".join(lines))
    return result
