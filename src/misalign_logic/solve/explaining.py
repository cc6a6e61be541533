"""Explanations on demand: a verdict's cores and witnesses computed when first read, as if computed at once.

An :class:`~misalign_logic.solve.classify.Analysis` that leaves explanations for later decides each verdict
without them (the status and labels need no core and no deciding facts) and records the question. When a
verdict's explanation is first read, a :class:`Replay` puts the analysis's questions, in the order they were
asked, to an analysis that explains at once, in a z3 context and with proof solvers of the replay's own. The
explanation is then the one that explaining analysis gives: which witness z3 picks among the worlds that fit,
and which core it names, depend on what its context solved before, and in its own context the replay has
solved exactly the questions before this one, explained, whatever the caller ran in between.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from misalign_logic.model.errors import MisalignLogicError
from misalign_logic.model.scenario import Constraint
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.verdicts import Explanation, Status, Verdict
from misalign_logic.solve.backend import apart, entered
from misalign_logic.solve.proofs import provers_in

__all__ = ["Replay"]


class Explaining(Protocol):
    """What a replay asks its questions of: an analysis that explains at once."""

    def classify(self, scheme: str | Scheme, given: Iterable[str | Constraint] = ()) -> Verdict:
        """A verdict with its explanation."""


class Replay:
    """The questions put to one analysis, replayed with explanations when a verdict's explanation is read.

    Args:
        explaining: makes the analysis that explains at once (called once, in the replay's own context).
        quiet: makes the analysis without explanations, asked instead when the explaining one decides a
            question otherwise (the solver gave up on an explanation's checks): the explanation is then the
            solver's first core, not shown minimal, and witnesses without deciding facts.
    """

    def __init__(self, explaining: Callable[[], Explaining], quiet: Callable[[], Explaining]) -> None:
        self._make = (explaining, quiet)
        self._asked: list[tuple[Scheme, tuple[str | Constraint, ...]]] = []
        self._told: list[Verdict | MisalignLogicError] = []
        self._lock = threading.Lock()  # the replay's context may be entered from any thread, one at a time
        self._context: object | None = None
        self._provers: list[Any] = [None, None]
        self._analysis: Explaining | None = None

    def ask(self, scheme: Scheme, given: tuple[str | Constraint, ...]) -> int:
        """Record a question as it is asked (every one, so the replay's history is the analysis's); its index."""
        self._asked.append((scheme, given))
        return len(self._asked) - 1

    def pending(self, index: int, decided: Verdict) -> Callable[[], Explanation]:
        """The function that computes the explanation of question ``index``, whose verdict is ``decided``."""
        said = (decided.status, decided.labels)

        def explanation() -> Explanation:
            return self.explanation(index, said)

        return explanation

    def explanation(self, index: int, said: tuple[Status, frozenset[Label]]) -> Explanation:
        """The explanation of question ``index``: the explaining analysis's, if it decides the same."""
        with self._lock:
            told = self._replayed(index)
            if isinstance(told, Verdict) and (told.status, told.labels) == said:
                return told.core, told.witnesses, told.minimal
            scheme, given = self._asked[index]
            with self._inside():
                quiet = self._make[1]().classify(scheme, given)
            return quiet.core, quiet.witnesses, False

    def _replayed(self, index: int) -> Verdict | MisalignLogicError:
        with self._inside():
            if self._analysis is None:
                self._analysis = self._make[0]()
            while len(self._told) <= index:
                scheme, given = self._asked[len(self._told)]
                try:
                    self._told.append(self._analysis.classify(scheme, given))
                except MisalignLogicError as err:  # asked as the caller asked it: it raised there too
                    self._told.append(err)
        return self._told[index]

    @contextlib.contextmanager
    def _inside(self) -> Iterator[None]:
        """The replay's own z3 context and proof solvers, for a block."""
        if self._context is None:
            self._context = apart()
        with entered(self._context), provers_in(self._provers):
            yield
