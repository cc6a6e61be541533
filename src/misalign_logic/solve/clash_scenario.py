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
from misalign_logic.model.verdicts import Status, World
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
            droppable).
    """

    kind: str
    scheme: Scheme
    value: Label
    scenario: Scenario
    minimal: bool

    @property
    def facts(self) -> tuple[str, ...]:
        """The scenario's stated facts, as written."""
        return tuple(c.text for c in self.scenario.constraints)

    def spec(self) -> str:
        """A complete spec file: the story, the scenario, ``[check]`` naming the scheme, its ``[scheme.X]`` table."""
        needed = "no stated fact can be dropped" if self.minimal else "the solver gave up while shrinking it"
        comment = (
            f"{'An' if self.kind == 'overlap' else 'A'} {self.kind} of {self.scheme.id}: every world of scenario {self.scenario.name!r} is "
            f"{self.value.value} ({needed})."
        )
        text = render_spec(self.scenario.story, [self.scenario], [self.scheme], comment)
        tables = render_schemes([self.scheme])
        return text + ("\n" + tables if tables else "")

    def to_dict(self) -> dict[str, object]:
        """``{"facts", "value", "minimal", "spec"}`` (the ``*_scenario`` entries of ``audit --format json``)."""
        return {"facts": list(self.facts), "value": self.value.value, "minimal": self.minimal, "spec": self.spec()}


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
        The shrunk scenario, or None when the world's facts, stated, do not force its value (a scheme that
        reads the wording may need facts left unsaid).
    """
    value = value_of(labels)  # unlabelled for a gap (no label holds), A+B for an overlap
    facts = world_facts(story, world, read_symbols(scheme, story), mentioned)

    def forces(part: list[str]) -> bool | None:
        if not part:
            return False
        try:
            scenario = Scenario.from_strings(story, kind, part)
            verdict = Analysis(scenario, explain=False, **analysis_limits()).classify(scheme)
        except MisalignLogicError:
            return False
        if verdict.status is Status.UNKNOWN:
            return None  # the solver gave up: the shrinking stops, and says so
        return verdict.status is Status.FORCED and verdict.labels == frozenset({value})

    if not forces(facts):
        return None
    kept, minimal = shrink(facts, forces)
    return ForcedClash(kind, scheme, value, Scenario.from_strings(story, kind, kept), minimal)
