"""Scenarios: named conjunctions of constraints over one story, each constraint kept with its source text."""

from __future__ import annotations

import json
from collections.abc import Iterable

import attrs

from misalign_logic.model.expr import Expr, mentioned_symbols
from misalign_logic.model.parse import Origin, parse_constraint
from misalign_logic.model.story import Story

__all__ = ["Constraint", "Scenario"]


def _quoted(text: str) -> str:
    """A TOML basic string: JSON's string escapes are a subset of TOML's."""
    return json.dumps(text, ensure_ascii=False)


@attrs.frozen(cache_hash=True)
class Constraint:
    """One stated fact of a scenario.

    Attributes:
        text: the source text, as written.
        expr: the parsed, typed expression.
        origin: where the text starts in its spec file.
        stated_in: the scenario that states it (a refinement inherits its base's constraints).
    """

    text: str
    expr: Expr = attrs.field(repr=False)
    origin: Origin = attrs.field(default=Origin(), eq=False)
    stated_in: str = ""

    @classmethod
    def parse(cls, text: str, story: Story, origin: Origin | None = None, stated_in: str = "") -> Constraint:
        """Parse ``text`` over ``story``; raises :class:`~misalign_logic.SpecError` when malformed."""
        return cls(text, parse_constraint(text, story, origin), origin or Origin(), stated_in)

    def __str__(self) -> str:
        return self.text


@attrs.frozen(cache_hash=True, repr=False)
class Scenario:
    """A named failure story: the worlds that satisfy all of its constraints (and the background axiom).

    Attributes:
        story: the signature.
        name: the scenario's name.
        constraints: every constraint, inherited ones first.
        extends: the name of the scenario this one refines by construction, if any.
        text: the story in prose, as a person would tell it.
    """

    story: Story = attrs.field(repr=False)
    name: str
    constraints: tuple[Constraint, ...]
    extends: str | None = None
    text: str = attrs.field(default="", eq=False, repr=False)

    @classmethod
    def from_strings(
        cls, story: Story, name: str, constraints: Iterable[str], extends: Scenario | None = None, text: str = ""
    ) -> Scenario:
        """Build a scenario from constraint texts.

        Args:
            story: the signature the constraints are written over.
            name: the scenario's name.
            constraints: constraint texts in the expression language.
            extends: a scenario whose constraints this one keeps (so this one refines it).
            text: the story in prose.

        Raises:
            SpecError: a constraint is malformed.
        """
        own = tuple(Constraint.parse(c, story, stated_in=name) for c in constraints)
        if extends is not None:
            if extends.story != story:
                msg = f"scenario {name!r} extends {extends.name!r}, which is told over another story"
                raise ValueError(msg)
            own = extends.constraints + own
        return cls(story, name, own, extends.name if extends else None, text)

    def refine(self, name: str, constraints: Iterable[str], text: str = "") -> Scenario:
        """A new scenario: this one plus more constraints (so it refines this one)."""
        return Scenario.from_strings(self.story, name, constraints, extends=self, text=text)

    @property
    def own_constraints(self) -> tuple[Constraint, ...]:
        """The constraints this scenario adds to the one it extends."""
        return tuple(c for c in self.constraints if c.stated_in in ("", self.name))

    @property
    def mentions(self) -> frozenset[str]:
        """The world functions and facts the scenario's constraints mention."""
        found: set[str] = set()
        for c in self.constraints:
            found |= mentioned_symbols(c.expr)
        return frozenset(found)

    def __repr__(self) -> str:
        """The scenario as spec text, so a falsifying example or a notebook cell reads as a spec file.

        The spec writer lives in the spec room, which this value type must not import; the text here is the
        same ``[[scenario]]`` table that :func:`~misalign_logic.render_spec` writes, after a comment naming the
        story.
        """
        lines = [f"# over story {self.story.name!r}", "[[scenario]]", f"name = {_quoted(self.name)}"]
        if self.extends is not None:
            lines.append(f"extends = {_quoted(self.extends)}")
        own = self.own_constraints if self.extends is not None else self.constraints
        lines.append("constraints = [")
        lines += [f"    {_quoted(c.text)}," for c in own]
        lines.append("]")
        return "\n".join(lines)

    @property
    def mentions_cognition(self) -> bool:
        """Whether the scenario talks about the model's internals (``reason`` or a cognition fact)."""
        return bool(self.mentions & self.story.cognition_symbols)
