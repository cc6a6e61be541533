"""Proofs of small cores on the constraints as written, in one solver per story and thread.

A forced verdict's core is proved and made minimal on the scenario's constraints as written, each under a
selector, so that dropping a constraint drops its facts too (not on the compiled scenario, whose folded
facts hold in every query). When justification (:mod:`misalign_logic.solve.justify`) gives a candidate of a
few constraints, the proof is a few checks; writing the constraints and the label out and parsing them
would cost more. So the proof solver of a story is kept, per thread, and every constraint and every label
condition is written into it once, under a selector of its own: classifying many scenarios of one story
(a property-based test, the two scenarios of a quiz) parses each only the first time.

A selector that is not assumed leaves its constraint out of a check, so the solver's other contents do not
change any answer; and shrinking asks only whether subsets are unsat, so the core found does not depend on
what the solver saw before.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from misalign_logic.model.expr import Expr
from misalign_logic.model.story import Story
from misalign_logic.solve.backend import Outcome
from misalign_logic.solve.encoding import gc_paused, neg
from misalign_logic.solve.session import GaveUp, Session, small_story
from misalign_logic.solve.smtlib import named, quoted

__all__ = ["Prover", "clear_provers", "prover", "provers_apart", "shrink"]

#: Selectors one prover holds before it starts afresh (a long run of different scenarios of one story).
_MOST_NAMES = 512


class Prover:
    """A solver over one story's constraints as written, each defined once under a selector.

    Args:
        story: the story.
        timeout: seconds per check, or None.
        rlimit: z3 resource units per check, or None.
    """

    def __init__(self, story: Story, timeout: float | None, rlimit: int | None) -> None:
        self._args = (story, timeout, rlimit)
        self._fresh()

    def _fresh(self) -> None:
        self._session = Session(*self._args, proof=True)
        self._names: dict[tuple[Expr, bool], str] = {}

    def _name(self, expr: Expr, negated: bool, body: list[str]) -> str:
        """The selector of ``expr`` (or of its negation), defined in the solver the first time."""
        key = (expr, negated)
        name = self._names.get(key)
        if name is None:
            name = self._names[key] = f"f#{len(self._names)}"
            text = self._session.enc.formula(expr)
            body.append(named(quoted(name), neg(text) if negated else text, implies=True))
        return name

    def shrink(self, members: Sequence[Expr], goal: Expr | None) -> tuple[list[int], bool]:
        """A minimal subset of ``members`` that forces ``goal`` (None: that has no world), by position.

        Returns the positions and True, or every position and False when the solver gave up.

        Raises:
            AssertionError: ``members`` do not force ``goal`` (a caller's candidate must).
        """
        if len(self._names) > _MOST_NAMES:
            self._fresh()
        body: list[str] = []
        with gc_paused():
            names = [self._name(e, False, body) for e in members]
            fixed = [] if goal is None else [self._name(goal, True, body)]
        self._session.add(body)
        first: dict[str, int] = {}
        for i, name in enumerate(names):
            first.setdefault(name, i)  # equal constraints: the first
        try:
            if self._session.check([*fixed, *first]) is not Outcome.UNSAT:
                msg = "a justified core does not hold on the constraints as written"
                raise AssertionError(msg)
        except GaveUp:
            return list(range(len(members))), False
        # One member dropped at a time: a justified candidate is minimal or nearly, so this costs one check
        # per member, fewer than QuickXplain's divide and conquer.
        core, minimal = self._session.necessary(fixed, list(first), cores=False)
        if not minimal:
            return list(range(len(members))), False
        return sorted(first[name] for name in core), True


_local = threading.local()


def shrink(
    story: Story, limits: tuple[float | None, int | None], members: Sequence[Expr], goal: Expr | None
) -> tuple[list[int], bool]:
    """A minimal subset of ``members`` that forces ``goal`` (see :meth:`Prover.shrink`), by position.

    A subset found minimal is remembered (per thread) for the same members and goal: whether a set of
    constraints forces a label, and which of its subsets do, does not depend on the scenario they came
    from, so the scenarios of one spec that share a core prove it once.
    """
    proven = getattr(_local, "proven", None)
    if proven is None or len(proven) > _MOST_NAMES:
        proven = _local.proven = {}
    key = (story, limits, tuple(members), goal)
    found = proven.get(key)
    if found is None:
        found = prover(story, *limits).shrink(members, goal)
        if found[1]:
            proven[key] = found
    return list(found[0]), found[1]


def prover(story: Story, timeout: float | None, rlimit: int | None) -> Prover:
    """This thread's prover for ``story`` under these limits (its solver lives in this thread's z3 context).

    A large story gets a prover of its own each time: its constraints and labels are large texts, and a
    solver holding many of them checks more slowly, even with their selectors off.
    """
    if not small_story(story):
        return Prover(story, timeout, rlimit)
    cached = getattr(_local, "cached", None)
    if cached is None:
        cached = _local.cached = functools.lru_cache(maxsize=8)(Prover)
    found: Prover = cached(story, timeout, rlimit)
    return found


@contextlib.contextmanager
def provers_apart() -> Iterator[None]:
    """Use provers of the block's own in the block (see :func:`~misalign_logic.solve.classify.isolated`)."""
    with provers_in([None, None]):
        yield


@contextlib.contextmanager
def provers_in(held: list[Any]) -> Iterator[None]:
    """Use the provers and proved cores ``held`` in the block (a list of two, first ``[None, None]``), and keep
    what the block adds to them there, for the next block that uses the same list."""
    outer = getattr(_local, "cached", None), getattr(_local, "proven", None)
    _local.cached, _local.proven = held
    try:
        yield
    finally:
        held[:] = [getattr(_local, "cached", None), getattr(_local, "proven", None)]
        _local.cached, _local.proven = outer


def clear_provers() -> None:
    """Forget this thread's provers and the cores they proved."""
    _local.cached = None
    _local.proven = None
