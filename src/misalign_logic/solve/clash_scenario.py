"""A gap or overlap world of a scheme cut down to a minimal scenario, written as a spec ``check`` accepts.

:mod:`misalign_logic.solve.categorization` finds a world where no label holds (a *gap*) or where several do (an
*overlap*), stating every atom the conditions read. Here that world's facts become a scenario's constraints,
and the one shrinking method (:func:`misalign_logic.solve.compare.shrink`) drops each fact while the scenario
still *forces* the world's value: every world of the scenario gets ``unlabelled`` (a gap) or the same ``A+B``
(an overlap), as a distinguishing scenario forces both schemes' labels. On return, dropping any one fact left
lets some world of the scenario get another value, so every fact stated is needed.
"""

from __future__ import annotations

import attrs

from misalign_logic.model.errors import MisalignLogicError
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme, value_of
from misalign_logic.model.story import Story
from misalign_logic.model.verdicts import Status, Verdict, World
from misalign_logic.solve.classify import Analysis
from misalign_logic.solve.compare import shrink, world_facts
from misalign_logic.solve.scope import analysis_limits, read_symbols
from misalign_logic.spec.render import render_schemes, render_spec

__all__ = ["ForcedClash", "forced_clash"]


@attrs.frozen
class ForcedClash:
    """A scenario whose every world has a gap's or an overlap's value under one scheme.

    Attributes:
        kind: ``"gap"`` or ``"overlap"``.
        scheme: the scheme.
        value: the value forced: ``unlabelled``, or the overlap's ``A+B``.
        scenario: the scenario, its stated facts minimal when ``minimal``.
        minimal: False when the solver gave up while shrinking (the facts force the value, but some may be
            droppable), or when the value is not forced.
        forced: True when every world of the scenario has the value. False only for a scheme that reads the
            wording, where stating a fact it needs would change what the scenario mentions: the scenario then
            states the world's other facts, unshrunk, and the value is one of its verdict's.
    """

    kind: str
    scheme: Scheme
    value: Label
    scenario: Scenario
    minimal: bool
    forced: bool = True

    @property
    def facts(self) -> tuple[str, ...]:
        """The scenario's stated facts, as written."""
        return tuple(c.text for c in self.scenario.constraints)

    def spec(self) -> str:
        """A complete spec file: the story, the scenario, ``[check]`` naming the scheme, its ``[scheme.X]`` table."""
        article = "An" if self.kind == "overlap" else "A"
        if not self.forced:
            claim = f"some world of scenario {self.scenario.name!r} is {self.value.value} (it cannot be forced"
            needed = "without changing what the scenario mentions)"
        else:
            claim = f"every world of scenario {self.scenario.name!r} is {self.value.value}"
            needed = "(no stated fact can be dropped)" if self.minimal else "(the solver gave up while shrinking it)"
        comment = f"{article} {self.kind} of {self.scheme.id}: {claim} {needed}."
        text = render_spec(self.scenario.story, [self.scenario], [self.scheme], comment)
        tables = render_schemes([self.scheme])
        return text + ("\n" + tables if tables else "")

    def to_dict(self) -> dict[str, object]:
        """``{"facts", "value", "forced", "minimal", "spec"}`` (the ``*_scenario`` entries of ``audit``'s JSON)."""
        return {
            "facts": list(self.facts),
            "value": self.value.value,
            "forced": self.forced,
            "minimal": self.minimal,
            "spec": self.spec(),
        }


def forced_clash(
    kind: str,
    scheme: Scheme,
    story: Story,
    world: World,
    mentioned: frozenset[str] = frozenset(),
    labels: frozenset[Label] = frozenset(),
) -> ForcedClash | None:
    """The facts of a gap or overlap ``world`` of ``story``, shrunk while they force its value.

    Args:
        kind: ``"gap"`` or ``"overlap"``.
        scheme: the scheme the world is a gap or an overlap of.
        story: the story the world is of.
        world: the world, over the atoms the scheme's conditions read.
        mentioned: the symbols a scenario must mention for the world to have its value.
        labels: the labels that hold at the world (none at a gap).

    Returns:
        The shrunk scenario; when the world's facts, stated, do not force its value (a scheme that reads the
        wording may need facts left unsaid), the unshrunk scenario that allows it, not forced; None when the
        solver gave up, or the value is not even possible there.
    """
    value = value_of(labels)  # unlabelled for a gap (no label holds), A+B for an overlap
    facts = world_facts(story, world, read_symbols(scheme, story), mentioned)

    def verdict(part: list[str]) -> Verdict | None:
        try:
            scenario = Scenario.from_strings(story, kind, part)
            return Analysis(scenario, explain=False, **analysis_limits()).classify(scheme)
        except MisalignLogicError:
            return None

    def forces(part: list[str]) -> bool | None:
        found = verdict(part) if part else None
        if found is not None and found.status is Status.UNKNOWN:
            return None  # the solver gave up: the shrinking stops, and says so
        return found is not None and found.status is Status.FORCED and found.labels == frozenset({value})

    whole = verdict(facts) if facts else None
    if whole is None or whole.status is Status.UNKNOWN or value not in whole.labels:
        return None
    if (whole.status, whole.labels) != (Status.FORCED, frozenset({value})):
        return ForcedClash(kind, scheme, value, Scenario.from_strings(story, kind, facts), False, forced=False)
    kept, minimal = shrink(facts, forces)
    return ForcedClash(kind, scheme, value, Scenario.from_strings(story, kind, kept), minimal)
