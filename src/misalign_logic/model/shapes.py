"""Reading many constraints over a story: each distinct shape is parsed once.

A scenario of a large story states thousands of constraints that differ only in the constants they name
(``policy(t0) == a0``, ``policy(t1) == a0``, ...). Such constraints share a shape: the text with each
constant replaced by a hole that records the constant's sort (and a situation's phase, which decides where
``feedback`` may be read), numbered by first occurrence. The first constraint of a shape is parsed and type
checked as usual (:func:`~misalign_logic.model.parse.parse_constraint`); its expression, with the constants
turned into variables no binder can capture, is the shape's template, and every later constraint of the
shape is the template with its own constants substituted (:func:`~misalign_logic.model.expr.substitute`).

Type checking reads a constant's sort and, for a situation, its phase, and nothing else of it; so two texts
of one shape parse to the same expression up to their constants, and a text whose shape is new takes the
ordinary path, with the ordinary error messages. Finding the shape is one regular-expression split of the
text and a look-up per word: no scan of the story per constraint.

A template is shared with the other stories that read the shape's other words alike
(:mod:`misalign_logic.model.sharing`) and keep its quantifiers within their limits: a property-based test or
a quiz that draws a new story per example parses each shape once, not once per story.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
    abstract,
    substitute,
    walk,
)
from misalign_logic.model.parse import Origin, parse_constraint
from misalign_logic.model.sharing import Shared, binder_paths, vocabulary, within_limits
from misalign_logic.model.story import Story

__all__ = ["ShapeReader", "clear_shapes"]

# The words of the constraint language, as its tokenizer reads them (model/syntax.py): split on, kept.
_WORD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)")
# A hole's name: not an identifier, so no binder of the template has it and substitution captures nothing.
_HOLE = "#{}"


class ShapeReader:
    """Parses constraints over one story, each distinct shape once (see the module's docstring).

    Args:
        story: the signature every constraint is written over.
    """

    def __init__(self, story: Story) -> None:
        self.story = story
        self._constants = story.constant_sorts()
        self._phases = {s.name: s.phase.value for s in story.situations}
        self._longest = story.limits.of("constraint_length")
        self._templates: dict[tuple[object, ...], Expr] = {}
        self._bound: set[tuple[object, ...]] = set()  # the shapes whose template binds variables
        self._made: dict[str, Const] = {}  # one node per constant, shared by the constraints naming it

    def _const(self, name: str) -> Const:
        made = self._made.get(name)
        if made is None:
            made = self._made[name] = Const(name, self._constants[name])
        return made

    def parse(self, text: str, origin: Origin | None = None) -> Expr:
        """The typed expression of the constraint ``text``; as :func:`~misalign_logic.model.parse.parse_constraint`.

        Raises:
            SpecError: the text is malformed, names something unknown, or mixes sorts (the same error, at the
                same place, as :func:`~misalign_logic.model.parse.parse_constraint` gives).
        """
        if len(text) > self._longest:  # refused by the parser, with the limit's message
            return parse_constraint(text, self.story, origin)
        words = _WORD.split(text)  # text between words at even places, the words at odd ones
        parts: list[object] = list(words)
        named: dict[str, int] = {}
        for i in range(1, len(words), 2):
            word = words[i]
            sort = self._constants.get(word)
            if sort is not None:
                hole = named.setdefault(word, len(named))
                parts[i] = (hole, sort, self._phases.get(word))
        shape = tuple(parts)
        template = self._templates.get(shape)
        if template is None:
            key = (shape, vocabulary(self.story, _words(words, self._constants), frozenset()))
            template = self._shared(key)
            if template is None:
                expr = parse_constraint(text, self.story, origin)
                holes = {name: _HOLE.format(k) for name, k in named.items()}
                template = self._templates[shape] = abstract(expr, holes)
                bound = any(isinstance(node, Quantifier | Sum) for node in walk(expr))
                if bound:
                    self._bound.add(shape)
                _SHARED.put(key, (template, bound, binder_paths(template)))
                return expr
        filling = {_HOLE.format(k): self._const(name) for name, k in named.items()}
        if shape in self._bound:  # capture could matter only under a binder: substitute renames apart
            return substitute(template, filling)
        return _fill(template, filling)

    def _shared(self, key: _Key) -> Expr | None:
        """The template of the shape ``key`` names, parsed over another story that reads its words alike (see
        :mod:`misalign_logic.model.sharing`), taken for this story; None when there is none."""
        kept = _SHARED.get(key)
        if kept is None or not within_limits(self.story, kept[2]):
            return None
        template, bound, _ = kept
        shape = key[0]
        self._templates[shape] = template
        if bound:
            self._bound.add(shape)
        return template


def _words(words: list[str], constants: Mapping[str, str]) -> frozenset[str]:
    """The words of a split text that are not constants (its functions, variables, domains, keywords)."""
    return frozenset(w for w in words[1::2] if w not in constants)


# Templates by shape and by what their parse read of the story (model/sharing.py), with whether they bind
# variables and the domains of their chains of binders; a new story per example reads most shapes alike.
_Key = tuple[tuple[object, ...], tuple[object, ...]]
_SHARED: Shared[_Key, tuple[Expr, bool, frozenset[tuple[str, ...]]]] = Shared(4096)


def clear_shapes() -> None:
    """Forget the templates shared between stories."""
    _SHARED.clear()


def _fill(expr: Expr, filling: dict[str, Const]) -> Expr:
    """A template without binders with its holes filled: a plain replacement, as nothing can be captured."""
    if isinstance(expr, Var):
        return filling.get(expr.name, expr)
    if isinstance(expr, App):
        return App(expr.func, tuple(_fill(a, filling) for a in expr.args), expr.sort) if expr.args else expr
    if isinstance(expr, Compare):
        return Compare(expr.op, _fill(expr.left, filling), _fill(expr.right, filling))
    if isinstance(expr, Connective):
        return Connective(expr.op, tuple(_fill(a, filling) for a in expr.args))
    if isinstance(expr, Not):
        return Not(_fill(expr.arg, filling))
    if isinstance(expr, Arith):
        return Arith(expr.op, _fill(expr.left, filling), _fill(expr.right, filling))
    if isinstance(expr, Scale):
        return Scale(expr.factor, _fill(expr.arg, filling))
    return expr
