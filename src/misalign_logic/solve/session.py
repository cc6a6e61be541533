"""One solver over one story: a backend, an encoder, and the bookkeeping every query needs.

Shared by classification, relations and the audit of schemes (docs/model.md, "Verdicts", "Schemes as data").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from misalign_logic.model.story import Story
from misalign_logic.model.verdicts import World
from misalign_logic.solve.backend import Backend, Outcome
from misalign_logic.solve.encoding import Encoder

__all__ = ["GaveUp", "Session"]


class GaveUp(Exception):
    """The solver gave up; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Session:
    """A backend and an encoder for one story, with bookkeeping for atoms and assumption names."""

    def __init__(self, story: Story, timeout: float | None, rlimit: int | None) -> None:
        self.enc = Encoder(story)
        self.backend = Backend(None if timeout is None else int(timeout * 1000), rlimit)
        self.sorts: dict[str, str] = {}  # every atom declared so far -> its sort
        self.witness_lits: set[str] = set()

    def add(self, body: Iterable[str]) -> frozenset[str]:
        """Assert ``body`` (after declaring what it uses); returns the world atoms it used."""
        self.sorts.update(self.enc.used)
        reads = self.enc.take_reads()
        self.backend.add(self.enc.declarations() + "\n" + "\n".join(body))
        return reads

    def check(self, assumptions: Sequence[str]) -> Outcome:
        outcome = self.backend.check(assumptions)
        if outcome is Outcome.UNKNOWN:
            raise GaveUp(self.backend.reason_unknown)
        return outcome

    def world(self, atoms: Iterable[str], kept: int | None = None) -> World:
        """The last model's (or a kept model's) values of ``atoms``, as readable facts."""
        names = sorted(atoms)
        # The boolean symbols to read per atom: the atom itself, or an enum atom's one-hot values.
        found = self.backend.first_true([self.enc.symbols(a) for a in names], kept)
        facts: dict[str, str | bool] = {}
        for a, k in zip(names, found, strict=True):
            sort = self.sorts[a]
            facts[a] = k == 0 if sort == "Bool" else self.enc.value_name(sort, max(k, 0))
        return World.of(facts)

    def literals(self, world: World) -> dict[str, str]:
        """An assumption name per fact of ``world``, each implying that fact."""
        names: dict[str, str] = {}
        body = []
        for atom, value in world.facts:
            name = f"w#{atom}={value}"
            names[name] = atom
            if name in self.witness_lits:
                continue
            self.witness_lits.add(name)
            self.enc.touch(atom, self.sorts[atom])
            fact = self.enc.fact(atom, value if isinstance(value, bool) else str(value))
            body.append(f"(declare-const |{name}| Bool) (assert (=> |{name}| {fact}))")
        if body:
            self.add(body)
        return names

    def minimize(self, fixed: Sequence[str], core: Sequence[str]) -> tuple[list[str], bool]:
        """Shrink an unsat ``core`` (with ``fixed`` always assumed) until no member can be dropped.

        Deletion in halving chunks: a story of thousands of stated facts often has a core of a few, and
        dropping a chunk at a time finds that in a logarithmic number of checks; the last pass, one at a
        time, proves the result minimal (dropping a member was satisfiable with more kept, so it still is).

        Returns the minimal core and True, or the smallest core found and False if the solver gave up.
        """
        kept = list(core)
        chunk = max(1, len(kept) // 2)
        while True:
            i = 0
            while i < len(kept):
                trial = kept[:i] + kept[i + chunk :]
                try:
                    outcome = self.check([*fixed, *trial])
                except GaveUp:
                    return kept, False
                if outcome is Outcome.UNSAT:
                    found = set(self.backend.core())
                    kept = [c for c in trial if c in found]
                else:
                    i += chunk
            if chunk == 1:
                return kept, True
            chunk = max(1, chunk // 2)
