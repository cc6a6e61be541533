"""What a parse reads of a story, so that stories which read a text alike can share its parse.

A text parsed over a story reads, of the story, only what the story makes of the names the text writes (a
constant's sort and a situation's phase, a fact's signature, a sort of its own), which of the symbols a
scenario mentions are about cognition, the limits, and the sizes of the domains its quantifiers and sums
range over, which the parser counts against the limits. Two stories with one :func:`vocabulary` for a text
parse it to the same tree, or refuse it with the same error, as long as :func:`within_limits` holds for the
other story; a property-based test draws a new story per example, and most read a scheme's conditions, or a
constraint's shape, alike.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

from misalign_logic.model.expr import App, Arith, Compare, Connective, Expr, Not, Quantifier, Scale, Sum
from misalign_logic.model.story import Story

__all__ = ["Shared", "binder_paths", "vocabulary", "within_limits"]

_K = TypeVar("_K")
_V = TypeVar("_V")


class Shared(Generic[_K, _V]):
    """A table of parses shared by every story and thread, keeping the ``most`` newest.

    Args:
        most: how many entries it keeps; the oldest goes first.
    """

    def __init__(self, most: int) -> None:
        self._table: dict[_K, _V] = {}
        self._most = most
        self._lock = threading.Lock()  # threads share the table: one changes it at a time

    def get(self, key: _K) -> _V | None:
        """The entry kept for ``key``, or None."""
        return self._table.get(key)

    def put(self, key: _K, value: _V) -> None:
        """Keep ``value`` for ``key``, forgetting the oldest entry beyond the bound."""
        with self._lock:
            self._table[key] = value
            if len(self._table) > self._most:
                del self._table[next(iter(self._table))]

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._table.clear()

    def __len__(self) -> int:
        return len(self._table)


def vocabulary(story: Story, names: frozenset[str], seen: frozenset[str]) -> tuple[object, ...]:
    """All that parsing a text over ``story`` reads of it, for a text that writes ``names``, but its sizes: what
    the story makes of each name (a constant's sort, and a situation's phase; a fact, with its signature,
    values or range; a sort of its own), which mentioned symbols are about cognition, and the limits. Two
    stories with one vocabulary give every such text the same tree, or the same error, as long as the
    quantifiers' instances stay within the limits (see :func:`within_limits`)."""
    constants = story.constant_sorts()
    named = tuple(
        sorted(
            (n, constants[n], story.phase(n).value if constants[n] == "Situation" else "")
            for n in names
            if n in constants
        )
    )
    facts = tuple(f for f in story.facts if f.name in names)
    sorts = tuple(n for n in story.sort_names if n in names)
    return named, facts, sorts, seen & story.cognition_symbols, story.limits


def binder_paths(*exprs: Expr) -> frozenset[tuple[str, ...]]:
    """The domains of each chain of nested quantifiers and sums in ``exprs``, outermost first."""
    paths: set[tuple[str, ...]] = set()
    todo: list[tuple[Expr, tuple[str, ...]]] = [(e, ()) for e in exprs]
    while todo:
        e, above = todo.pop()
        if isinstance(e, Quantifier | Sum):
            above = above + tuple(domain for _, domain in e.variables)
            paths.add(above)
            todo.append((e.body, above))
        elif isinstance(e, App | Connective):
            todo += [(a, above) for a in e.args]
        elif isinstance(e, Not | Scale):
            todo.append((e.arg, above))
        elif isinstance(e, Compare | Arith):
            todo += [(e.left, above), (e.right, above)]
    return frozenset(paths)


def within_limits(story: Story, paths: frozenset[tuple[str, ...]]) -> bool:
    """Whether every chain of nested quantifiers and sums of ``paths`` has, over ``story``, no more instances
    than the parser allows one quantifier or sum (otherwise the text is parsed over the story, which says so)."""
    most = min(story.limits.of("grounding"), story.limits.of("sum_terms"))
    sizes = {"training": len(story.training), "deployment": len(story.deployment)}
    for path in paths:
        count = 1
        for domain in path:
            size = sizes.get(domain)
            if size is None:
                size = sizes[domain] = len(story.sort_values(domain))
            count *= size
        if count > most:
            return False
    return True
