"""Scopes: every small story a scheme is checked on, as Alloy checks a model within a scope.

A scope of ``n`` holds every story with up to ``n`` training situations (none too), 1 to ``n`` deployment
situations, 1 to ``n + 1`` actions and 1 to ``n`` choices, with the default reasons and the given facts
(docs/model.md, "Schemes as data"). Labels do not depend on names, so one story per shape stands for all.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from misalign_logic.model.errors import SpecError
from misalign_logic.model.expr import ground_name
from misalign_logic.model.families import READINGS
from misalign_logic.model.schemes import Scheme
from misalign_logic.model.story import Fact, Phase, Situation, Story
from misalign_logic.model.symbols import phase_situations

__all__ = [
    "DEFAULT_SCOPE",
    "MAX_READ_SYMBOLS",
    "Shape",
    "analysis_limits",
    "limits",
    "mention_sets",
    "session_limits",
    "shapes",
    "tautology",
]

#: The scope ``audit`` checks when none is given: up to 2 situations per phase, 3 actions, 2 choices.
DEFAULT_SCOPE = 2

#: Most symbols whose mention a scheme (or a pair compared) may read: every subset of them is one wording
#: ``audit`` explores, so the work doubles with each (docs/reference/limits.md).
MAX_READ_SYMBOLS = 8

_local = threading.local()


@contextlib.contextmanager
def limits(timeout: float | None, rlimit: int | None) -> Iterator[None]:
    """Solve the audit queries made in the block (within a scope or on given stories) under these limits per
    solver call.

    Outside such a block a proof's queries have no limit (so what an audit proves is exact) and a verdict's
    have the default resource limit. Where a limit stops a proof, :class:`SolverUnknown` is raised: the
    audit then says it did not finish, never what it could not prove.
    """
    outer = getattr(_local, "limits", None)
    _local.limits = (timeout, rlimit)
    try:
        yield
    finally:
        _local.limits = outer


def session_limits() -> tuple[float | None, int | None]:
    """The ``(timeout, rlimit)`` of the enclosing :func:`limits` block for a proof's session (none outside)."""
    found: tuple[float | None, int | None] = getattr(_local, "limits", None) or (None, None)
    return found


def analysis_limits() -> dict[str, Any]:
    """Keyword arguments for an ``Analysis`` in the enclosing :func:`limits` block (its defaults outside)."""
    given = getattr(_local, "limits", None)
    return {} if given is None else {"timeout": given[0], "rlimit": given[1]}


_MENTIONS = re.compile(r"\bmentions\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)")


@attrs.frozen
class Shape:
    """The shape of a story in a scope: how many situations per phase, actions and choices."""

    training: int
    deployment: int
    actions: int
    choices: int

    def story(self, facts: Sequence[Fact] = ()) -> Story:
        """The story of this shape: situations ``t1``…, ``d1``…, actions ``a1``…, choices ``c1``…."""
        situations = tuple(Situation(f"t{i + 1}", Phase.TRAINING) for i in range(self.training))
        situations += tuple(Situation(f"d{i + 1}", Phase.DEPLOYMENT) for i in range(self.deployment))
        return Story(
            f"scope-{self.training}-{self.deployment}-{self.actions}-{self.choices}",
            situations,
            tuple(f"a{i + 1}" for i in range(self.actions)),
            tuple(f"c{i + 1}" for i in range(self.choices)),
            facts=tuple(facts),
        )

    def to_dict(self) -> dict[str, int]:
        """``{"training": …, "deployment": …, "actions": …, "choices": …}``."""
        return attrs.asdict(self)


def shapes(n: int) -> list[Shape]:
    """Every shape within scope ``n``, smallest first (so a witness found first is a small one)."""
    found = [
        Shape(t, d, a, c)
        for t, d, a, c in itertools.product(range(n + 1), range(1, n + 1), range(1, n + 2), range(1, n + 1))
    ]
    return sorted(found, key=lambda s: (s.training + s.deployment + s.actions + s.choices, attrs.astuple(s)))


def read_symbols(scheme: Scheme, story: Story) -> frozenset[str]:
    """The symbols whose mention changes what ``scheme`` reads: its ``mentions(...)``, and every cognition
    symbol under a reading that adds defaults for what is not mentioned."""
    found: set[str] = set()
    for _, text in scheme.family.conditions:
        for name in _MENTIONS.findall(text):
            found |= set(story.cognition_symbols) if name == "cognition" else {name}
    if READINGS[scheme.reading].reads_description:
        found |= story.cognition_symbols
    return frozenset(found & set(story.symbols()))


def mention_sets(schemes: Sequence[Scheme], story: Story) -> Iterator[frozenset[str]]:
    """Every set of symbols a scenario over ``story`` may mention, as far as ``schemes`` can tell apart.

    Each is realizable: a scenario mentions exactly a set by stating tautologies about its symbols.
    """
    symbols = sorted(set().union(*(read_symbols(s, story) for s in schemes)))
    if len(symbols) > MAX_READ_SYMBOLS:
        names = ", ".join(s.id for s in schemes)
        msg = (
            f"{names} reads whether each of {len(symbols)} symbols is mentioned, so {2 ** len(symbols)} wordings "
            f"of every story would be explored; the limit is {MAX_READ_SYMBOLS} symbols"
        )
        raise SpecError.at(msg, hint="declare fewer cognition facts, or read mentions(SYMBOL) of a few symbols")
    for k in range(len(symbols) + 1):
        for chosen in itertools.combinations(symbols, k):
            yield frozenset(chosen)


def tautology(story: Story, symbol: str) -> str:
    """A constraint that mentions ``symbol`` and says nothing: ``reason(t1) == reason(t1)``.

    A symbol given in one phase only (``feedback``: training, its entry's ``only_in``) is read at a situation
    of that phase, or, in a story without one, at a variable over the (empty) phase, so the constraint is one
    the story accepts.
    """
    signature = story.symbols()[symbol]
    args = [story.sort_values(a)[0] for a in signature.args]
    if signature.only_in and "Situation" in signature.args:
        where, phase = signature.args.index("Situation"), signature.only_in
        if not phase_situations(story, phase):
            taken = {*story.symbols(), *story.constant_sorts()}
            var = next(v for v in (phase[0] + "_" * k for k in range(len(taken) + 1)) if v not in taken)
            term = ground_name(symbol, [*args[:where], var, *args[where + 1 :]])
            return f"forall {var} in {phase}: {term} == {term}"
        args[where] = phase_situations(story, phase)[0]
    term = ground_name(symbol, args)
    return f"{term} == {term}"
