"""A solver session: one backend and one encoder for one story, with the bookkeeping verdicts need.

Shared by :mod:`misalign_logic.solve.classify` (compiled sessions, whose encoder folds the scenario's
facts) and the proofs behind cores (plain sessions over a few constraints, each under a selector).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from misalign_logic.model.story import Story
from misalign_logic.model.verdicts import World
from misalign_logic.solve.arguments import solver_limits
from misalign_logic.solve.backend import Backend, Outcome
from misalign_logic.solve.compile import Folding
from misalign_logic.solve.encoding import Encoder, Read, gc_paused
from misalign_logic.solve.smtlib import named, quoted

__all__ = ["DEFAULT_RLIMIT", "SMALL_STORY", "GaveUp", "Session", "small_story"]

#: z3 resource units each solver call may use unless the caller says otherwise (``rlimit=None``: no limit).
#: A work bound rather than a clock: the same query gives the same answer, or the same ``unknown``, on every
#: machine. The bundled specs use under 1,000 units per query; this allows a few seconds of search per query.
DEFAULT_RLIMIT = 50_000_000

#: Most checks one minimization may make (QuickXplain or one at a time). Each check is bounded by the resource
#: limit, and this bounds their number, so an explanation of a large story ends; a core not shrunk within it
#: is given as found and marked not minimal.
MAX_SHRINK_CHECKS = 256

#: Situations times actions up to which a story is small: its constraints, as written, make a small text,
#: and a solver check on it costs less than the Python that could save one.
SMALL_STORY = 64


# How to read a world over a set of atoms (see Session._plan).
_Plan = tuple[list[str], list[str | bool | None], list[tuple[int, tuple[str, ...], str]]]


def small_story(story: Story) -> bool:
    """Whether ``story`` is small (see :data:`SMALL_STORY`)."""
    return len(story.situations) * len(story.actions) <= SMALL_STORY


class GaveUp(Exception):
    """The solver answered unknown; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Session:
    """A backend and an encoder for one story, with bookkeeping for atoms and assumption names.

    Args:
        story: the story.
        timeout: seconds per check, or None.
        rlimit: z3 resource units per check, or None.
        folding: facts and aliases the encoder folds (a compiled session), or None.
        proof: the session proves cores on constraints as written; on a large story, in the SAT solver (see
            :class:`Backend`'s ``sat``).
    """

    def __init__(
        self,
        story: Story,
        timeout: float | None,
        rlimit: int | None,
        folding: Folding | None = None,
        *,
        proof: bool = False,
    ) -> None:
        self.enc = Encoder(story, None if folding is None else folding.lowering)
        self.enc.folding = folding
        solver_limits(timeout, rlimit)
        small = folding is not None or small_story(story)
        self.backend = Backend(
            None if timeout is None else int(timeout * 1000),
            rlimit or None,
            small=small,
            # The SAT solver takes propositional text only; an amount is an SMT integer.
            sat=proof and not small and not any(f.range is not None for f in story.facts),
        )
        self.witness_lits: set[str] = set()
        self._waiting: list[str] = []  # deferred text (see add)
        self._shrink_checks = 0  # checks made by the minimization under way
        self._plans: dict[frozenset[Read], _Plan] = {}

    def add(self, body: Iterable[str], *, defer: bool = False) -> frozenset[Read]:
        """Assert ``body`` (after declaring what it uses); returns the world atoms it read.

        With ``defer``, the text waits and goes to z3 with the next one: each parse call has a fixed cost
        that a small classification feels.
        """
        reads = self.enc.take_reads()
        self._waiting.append(self.enc.declarations() + "\n" + "\n".join(body))
        if not defer:
            self.backend.add("\n".join(self._waiting))
            self._waiting = []
        return reads

    def check(self, assumptions: Sequence[str]) -> Outcome:
        """Check under ``assumptions``; raises :class:`GaveUp` when the solver gives up."""
        if self._waiting:
            self.add([])
        outcome = self.backend.check(assumptions)
        if outcome is Outcome.UNKNOWN:
            raise GaveUp(self.backend.reason_unknown)
        return outcome

    def world(self, atoms: Iterable[Read], kept: int | None = None) -> World:
        """The last model's (or a kept model's) values of ``atoms``, as readable facts.

        A folded atom reads its fixed value, an aliased one its representative's.
        """
        with gc_paused():
            names, values, open_ = self._plan(atoms if isinstance(atoms, frozenset) else frozenset(atoms))
            amounts = [entry for entry in open_ if entry[2] == "Int"]
            if amounts:
                open_ = [entry for entry in open_ if entry[2] != "Int"]
            found = self.backend.first_true([symbols for _, symbols, _ in open_], kept)
            facts: list[Any] = list(values)
            value_name = self.enc.value_name
            for (i, _, sort), k in zip(open_, found, strict=True):
                facts[i] = k == 0 if sort == "Bool" else value_name(sort, max(k, 0))
            if amounts:
                read = self.backend.integers([symbols[0] for _, symbols, _ in amounts], kept)
                for (i, _, _), number in zip(amounts, read, strict=True):
                    facts[i] = number
            return World(tuple(zip(names, facts, strict=True)))  # World.of's order: the plan's names are sorted

    def _plan(self, atoms: frozenset[Read]) -> _Plan:
        """How to read a world over ``atoms``: their names in order, the folded ones' values (None for an open
        one), and per open one (its position, the solver's symbols for it, its sort); made once per set of
        atoms (a scheme reads two or more worlds)."""
        plan = self._plans.get(atoms)
        if plan is None:
            enc = self.enc
            readings = enc.readings(atoms)
            names = sorted(readings)
            values: list[str | bool | None] = []
            open_: list[tuple[int, tuple[str, ...], str]] = []
            for i, a in enumerate(names):
                _, sort, text, declared = readings[a]
                if declared is None:
                    values.append(text == "true" if sort == "Bool" else enc.value_name(sort, text))
                else:
                    values.append(None)
                    open_.append((i, enc.symbols(declared), sort))
            plan = self._plans[atoms] = (names, values, open_)
        return plan

    def literals(self, world: World) -> dict[str, str]:
        """An assumption name per open fact of ``world``, each implying that fact.

        Facts the folding fixed hold in every query, so they never decide anything and get no name.
        """
        names: dict[str, str] = {}
        body = []
        for atom, value in world.facts:
            sort = self.enc.sort_of(atom)
            _, declared = self.enc.resolve(atom, sort)
            if declared is None:
                continue
            name = f"w#{atom}={value}"
            names[name] = atom
            if name in self.witness_lits:
                continue
            self.witness_lits.add(name)
            self.enc.touch(declared, sort)
            fact = self.enc.fact(declared, value if isinstance(value, bool) else str(value))
            body.append(named(quoted(name), fact, implies=True))
        if body:
            self.add(body)
        return names

    def minimize(self, fixed: Sequence[str], core: Sequence[str]) -> tuple[list[str], bool]:
        """Shrink an unsat ``core`` (with ``fixed`` always assumed) to a minimal one, by QuickXplain.

        Divide and conquer (Junker's QuickXplain): a core of k members out of n is found in about
        k log(n/k) checks, so a core of three constraints among the hundreds a large story's facts come
        from costs a few dozen checks, not one per constraint. The result is minimal: every member was
        needed, given the others (QuickXplain's guarantee for a monotone property such as unsatisfiability).

        Returns the minimal core (in the order of ``core``) and True, or ``core`` and False if the solver
        gave up.
        """
        self._shrink_checks = 0
        try:
            # The background alone may already be unsat (the empty core), as in QuickXplain's first call.
            found = self._explain(list(fixed), bool(fixed), list(core))
        except GaveUp:
            return list(core), False
        kept = set(found)
        return [c for c in core if c in kept], True

    def _explain(self, background: list[str], added: bool, candidates: list[str]) -> list[str]:
        """The members of ``candidates`` that ``background`` needs to be unsat (QuickXplain's recursion)."""
        if added and self._shrink_check(background) is Outcome.UNSAT:
            return []
        if len(candidates) <= 1:
            return candidates
        half = len(candidates) // 2
        first, second = candidates[:half], candidates[half:]
        needed_second = self._explain(background + first, True, second)
        needed_first = self._explain(background + needed_second, bool(needed_second), first)
        return needed_first + needed_second

    def _shrink_check(self, assumptions: Sequence[str]) -> Outcome:
        """A check made while shrinking; gives up (:class:`GaveUp`) past :data:`MAX_SHRINK_CHECKS`."""
        self._shrink_checks += 1
        if self._shrink_checks > MAX_SHRINK_CHECKS:
            msg = f"shrinking took more than {MAX_SHRINK_CHECKS} checks"
            raise GaveUp(msg)
        return self.check(assumptions)

    def necessary(
        self,
        fixed: Sequence[str],
        core: Sequence[str],
        needed: Callable[[str, list[str]], bool] | None = None,
        *,
        cores: bool = True,
    ) -> tuple[list[str], bool]:
        """Shrink an unsat ``core`` by dropping one member at a time, keeping the solver's core each time.

        For a core the solver already returns nearly minimal, as the deciding facts of a witness usually
        are: one check per member, the fewest that prove each one needed. ``needed(member, core)``, when
        given, is asked first: True when it has shown (by a concrete world, say) that the core without the
        member is sat, which saves that member's check. A member shown needed stays needed as the core
        shrinks. Without ``cores``, an unsat check drops only the member tried, not what the solver's core
        leaves out: the result then depends on the answers alone, not on what the solver saw before.
        Returns the minimal core and True, or the smallest core found and False if the solver gave up.
        """
        kept = list(core)
        i = 0
        self._shrink_checks = 0
        while i < len(kept):
            if needed is not None and needed(kept[i], kept):
                i += 1
                continue
            trial = kept[:i] + kept[i + 1 :]
            try:
                outcome = self._shrink_check([*fixed, *trial])
            except GaveUp:
                return kept, False
            if outcome is Outcome.UNSAT:
                found = set(self.backend.core()) if cores else set(trial)
                kept = [c for c in trial if c in found]
            else:
                i += 1
        return kept, True
