"""Scenarios: named conjunctions of constraints over one story, each constraint kept with its source text."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from misalign_logic.model.errors import SpecError
from misalign_logic.model.expr import (
    App,
    Arith,
    Compare,
    Connective,
    Const,
    Expr,
    Not,
    Quantifier,
    Scale,
    Sum,
    Var,
    ground_name,
    mentioned_symbols,
)
from misalign_logic.model.limits import DEFAULT_LIMITS, raise_hint
from misalign_logic.model.notebook import shown_as
from misalign_logic.model.parse import Origin, parse_constraint
from misalign_logic.model.shapes import ShapeReader
from misalign_logic.model.story import Story

__all__ = ["Constraint", "Scenario"]


#: Most instances the quantifiers of one scenario's constraints expand to, all together: each constraint is
#: bounded by ``MAX_GROUNDING`` on its own, and a dozen of them near that bound would take gigabytes to ground.
MAX_TOTAL_GROUNDING = DEFAULT_LIMITS["total_grounding"]


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

    def __attrs_post_init__(self) -> None:
        total = 0
        limit = self.story.limits.of("total_grounding")
        for c in self.constraints:
            total += instances(c.expr, self.story)
            if total > limit:
                msg = (
                    f"scenario {self.name!r}: its constraints' quantifiers expand to more than "
                    f"{limit} instances in all (this one reaches {total})"
                )
                o = c.origin
                hint = "quantify over smaller domains (training, deployment), or split the scenario, or " + raise_hint(
                    "total_grounding", _total(self.constraints, self.story)
                )
                raise SpecError.at(msg, o.file, o.line, o.column, hint)

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
        reader = ShapeReader(story)
        own = tuple(Constraint(c, reader.parse(c), Origin(), name) for c in constraints)
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
        return mentioned_symbols(*(c.expr for c in self.constraints))

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """How hypothesis (and IPython) print a scenario: the spec file of :meth:`__repr__`, not the calls that
        built it, so a falsifying example can be pasted into a file and checked."""
        printer.text(repr(self))

    def __repr__(self) -> str:
        """The scenario as a complete spec file — its story, then the scenario written on its own (inherited facts
        as its own) — so a falsifying example or a notebook cell reads as a file ``misalign-logic check`` accepts.

        The spec writer lives in the spec room, which this value type must not import; it registers itself as
        the ``"spec"`` renderer (:func:`~misalign_logic.model.notebook.shows`). Without it (the model room used
        alone) the ``[[scenario]]`` table is written after a comment naming the story.
        """
        written = shown_as(self, "spec")
        if written is not None:
            return written
        lines = [f"# over story {self.story.name!r}", "[[scenario]]", f"name = {_quoted(self.name)}"]
        if self.extends is not None:
            lines.append(f"extends = {_quoted(self.extends)}")
        own = self.own_constraints if self.extends is not None else self.constraints
        lines.append("constraints = [")
        lines += [f"    {_quoted(c.text)}," for c in own]
        lines.append("]")
        return "\n".join(lines)

    @property
    def mentioned_terms(self) -> frozenset[str]:
        """The ground cognition terms the constraints mention, such as ``reason(review)`` or ``knew``.

        A term is mentioned when a constraint names it, or names the symbol over a quantified variable
        whose domain holds the argument: ``forall s in training: reason(s) == aligned`` mentions
        ``reason(s)`` for every training ``s`` (docs/model.md, "Readings"). This is what the Gricean
        reading leaves out of its defaults.
        """
        symbols = self.story.cognition_symbols
        found: set[str] = set()
        for c in self.constraints:
            found |= ground_terms(c.expr, self.story, symbols)
        return frozenset(found)

    @property
    def mentions_cognition(self) -> bool:
        """Whether the scenario talks about the model's internals (``reason`` or a cognition fact)."""
        return bool(self.mentions & self.story.cognition_symbols)


def instances(expr: Expr, story: Story) -> int:
    """How many instances grounding ``expr`` makes: each quantifier multiplies its body's count by the
    size of its domains; a connective's count is its largest part's (the measure the per-constraint limit
    :data:`~misalign_logic.model.parse.MAX_GROUNDING` bounds)."""
    if isinstance(expr, Quantifier):
        phases = {"training": story.training, "deployment": story.deployment}
        size = 1
        for _, domain in expr.variables:
            size *= len(phases[domain] if domain in phases else story.sort_values(domain))
        return size * instances(expr.body, story)
    if isinstance(expr, App | Const | Var):  # a term: its arguments are terms, which bind nothing
        return 1
    most = 1
    for child in _children(expr):
        found = instances(child, story)
        if found > most:
            most = found
    return most


def _total(constraints: Iterable[Constraint], story: Story) -> int:
    """The instances all of ``constraints`` expand to (what a raised ``total_grounding`` must allow)."""
    return sum(instances(c.expr, story) for c in constraints)


def ground_terms(
    expr: Expr, story: Story, symbols: frozenset[str], bound: Mapping[str, tuple[str, ...]] | None = None
) -> set[str]:
    """The ground terms of ``symbols`` that ``expr`` mentions, each written as ``f(a, b)`` (``f`` alone
    when it takes no argument).

    Args:
        expr: the expression.
        story: the story, whose sorts the quantifiers range over.
        symbols: the functions and facts of interest.
        bound: each variable in scope and the constants it ranges over.
    """
    bound = dict(bound or {})
    if isinstance(expr, Quantifier | Sum):
        phases = {"training": story.training, "deployment": story.deployment}
        for name, domain in expr.variables:
            bound[name] = phases[domain] if domain in phases else story.sort_values(domain)
        return ground_terms(expr.body, story, symbols, bound)
    found: set[str] = set()
    if isinstance(expr, App) and expr.func in symbols:
        choices = (_values(a, story, bound) for a in expr.args)
        found |= {ground_name(expr.func, combo) for combo in itertools.product(*choices)}
    for child in _children(expr):
        found |= ground_terms(child, story, symbols, bound)
    return found


def _children(expr: Expr) -> tuple[Expr, ...]:
    if isinstance(expr, App | Connective):
        return expr.args
    if isinstance(expr, Not):
        return (expr.arg,)
    if isinstance(expr, Compare | Arith):
        return (expr.left, expr.right)
    if isinstance(expr, Scale):
        return (expr.arg,)
    return ()


def _values(arg: Expr, story: Story, bound: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The constants an argument may stand for: itself, its variable's domain, or (a term) its whole sort."""
    if isinstance(arg, Const):
        return (arg.name,)
    if isinstance(arg, Var):
        return bound[arg.name]
    return story.sort_values(arg.sort)
