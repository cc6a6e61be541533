"""Deciding verdicts and relations: the queries docs/model.md asks, put to the solver.

One :class:`Analysis` holds one solver per scenario; every scheme's labels are defined in it once and
checked under assumptions, so classifying a scenario under many schemes reuses the grounding.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Sequence

from misalign_logic.model.conditions import REMEDIES, gricean_defaults, parsed_definitions
from misalign_logic.model.errors import SolverUnknown
from misalign_logic.model.scenario import Constraint, Scenario
from misalign_logic.model.schemes import Label, Scheme, parse_scheme
from misalign_logic.model.verdicts import Relation, RelationKind, Status, Verdict, Witness, World
from misalign_logic.solve.backend import Backend, Outcome
from misalign_logic.solve.encoding import Encoder, conj, gc_paused, neg

__all__ = ["DEFAULT_RLIMIT", "Analysis", "classify", "clear_cache", "relate", "share_world"]

#: z3 resource units each solver call may use unless the caller says otherwise (``rlimit=None``: no limit).
#: A work bound rather than a clock: the same query gives the same answer, or the same ``unknown``, on every
#: machine. The bundled specs use under 1,000 units per query; this allows a few seconds of search per query.
DEFAULT_RLIMIT = 50_000_000


class _GaveUp(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Session:
    """A backend and an encoder for one story, with bookkeeping for atoms and assumption names."""

    def __init__(self, scenario_story: object, timeout: float | None, rlimit: int | None) -> None:
        from misalign_logic.model.story import Story

        assert isinstance(scenario_story, Story)
        self.enc = Encoder(scenario_story)
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
            raise _GaveUp(self.backend.reason_unknown)
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
                except _GaveUp:
                    return kept, False
                if outcome is Outcome.UNSAT:
                    found = set(self.backend.core())
                    kept = [c for c in trial if c in found]
                else:
                    i += chunk
            if chunk == 1:
                return kept, True
            chunk = max(1, chunk // 2)


class Analysis:
    """Classifies one scenario under any number of schemes, with one solver.

    Args:
        scenario: the scenario.
        timeout: seconds per solver call, or None for no limit.
        rlimit: z3 resource units per solver call (default :data:`DEFAULT_RLIMIT`), or None for no limit.
        explain: compute cores and witnesses' deciding facts (costs extra solver calls).
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        timeout: float | None = None,
        rlimit: int | None = DEFAULT_RLIMIT,
        explain: bool = True,
    ) -> None:
        self.scenario = scenario
        self.explain = explain
        self._s = _Session(scenario.story, timeout, rlimit)
        body = []
        self._lits: list[str] = []
        self._by_lit: dict[str, Constraint] = {}
        with gc_paused():
            for i, c in enumerate(scenario.constraints):
                lit = f"c#{i}"
                self._lits.append(lit)
                self._by_lit[lit] = c
                body.append(f"(declare-const |{lit}| Bool) (assert (=> |{lit}| {self._s.enc.formula(c.expr)}))")
        self._s.add(body)
        self._readings: dict[str, list[str]] = {"literal": self._lits}
        self._labels: dict[Scheme, tuple[dict[Label, str], frozenset[str]]] = {}
        # Per set of assumptions: None when consistent, else its inconsistent (or unknown) verdict.
        self._consistent: dict[tuple[str, ...], Verdict | None] = {}
        self._given: dict[str, str] = {}  # constraint text -> assumption name

    def _base(self, reading: str) -> list[str]:
        if reading not in self._readings:
            extra = []
            body = []
            for j, text in enumerate(gricean_defaults(self.scenario.story, self.scenario.mentions)):
                lit = f"g#{j}"
                c = Constraint.parse(text, self.scenario.story, stated_in="(gricean default)")
                self._by_lit[lit] = c
                extra.append(lit)
                body.append(f"(declare-const |{lit}| Bool) (assert (=> |{lit}| {self._s.enc.formula(c.expr)}))")
            self._s.add(body)
            self._readings[reading] = self._lits + extra
        return self._readings[reading]

    def _assume(self, given: Iterable[str | Constraint]) -> list[str]:
        """Assumption names for extra constraints, each defined once in the solver."""
        names = []
        for item in given:
            c = (
                item
                if isinstance(item, Constraint)
                else Constraint.parse(item, self.scenario.story, stated_in="(given)")
            )
            lit = self._given.get(c.text)
            if lit is None:
                lit = self._given[c.text] = f"x#{len(self._given)}"
                self._by_lit[lit] = c
                self._s.add([f"(declare-const |{lit}| Bool) (assert (=> |{lit}| {self._s.enc.formula(c.expr)}))"])
            names.append(lit)
        return names

    def _label_lits(self, scheme: Scheme) -> tuple[dict[Label, str], frozenset[str]]:
        key = scheme.with_reading("literal")
        if key not in self._labels:
            defs = parsed_definitions(self.scenario.story, key, self.scenario.mentions_cognition)
            lits: dict[Label, str] = {}
            body = []
            with gc_paused():
                for label, expr in defs:
                    lit = f"L#{key.id}#{label.value}"
                    lits[label] = lit
                    text = self._s.enc.formula(expr)
                    body.append(f"(declare-const |{lit}| Bool) (assert (= |{lit}| {text}))")
                    body.append(f"(declare-const |not {lit}| Bool) (assert (= |not {lit}| (not |{lit}|)))")
            support = self._s.add(body)
            self._labels[key] = (lits, support)
        return self._labels[key]

    def _unknown(self, scheme: Scheme, reason: str) -> Verdict:
        return Verdict(self.scenario.name, scheme.id, Status.UNKNOWN, reason=reason or "unknown")

    def _as_scheme(self, found: Verdict, scheme: Scheme) -> Verdict:
        return Verdict(
            found.scenario, scheme.id, found.status, core=found.core, reason=found.reason, minimal=found.minimal
        )

    def _inconsistent(self, base: list[str]) -> Verdict:
        """The inconsistent verdict, after a check of ``base`` alone came back unsat."""
        core, minimal = self._s.backend.core(), True
        if self.explain:
            found = set(core)
            core, minimal = self._s.minimize([], [c for c in base if c in found])
        kept = set(core)
        return Verdict(
            self.scenario.name,
            "",
            Status.INCONSISTENT,
            core=tuple(self._by_lit[c] for c in base if c in kept),
            minimal=minimal,
        )

    def classify(self, scheme: str | Scheme, given: Iterable[str | Constraint] = ()) -> Verdict:
        """The verdict of ``scheme`` on this scenario: forced, ambiguous, inconsistent or unknown.

        Args:
            scheme: a :class:`Scheme` or scheme ID.
            given: extra constraints (texts or :class:`Constraint`) to assume on top of the scenario,
                e.g. one assignment of a prior's unknowns; they may appear in cores.

        Raises:
            SpecError: the scheme ID is malformed, names a choice the story lacks, or a given constraint
                is malformed.
        """
        scheme = parse_scheme(scheme)
        scheme.check_story(self.scenario.story)
        base = self._base(scheme.reading) + self._assume(given)
        known = self._consistent.get(tuple(base), False)
        if isinstance(known, Verdict):  # inconsistent, or the solver gave up on consistency before
            return self._as_scheme(known, scheme)
        lits, support = self._label_lits(scheme)
        by_lit = {lit: label for label, lit in lits.items()}
        # Each label's model is kept, not read: a forced verdict needs no world, and an ambiguous one reads
        # its witnesses one at a time, over the atoms the scheme reads.
        found: dict[Label, int] = {}
        try:
            while True:
                excluded = [f"not {lits[label]}" for label in found]
                try:
                    outcome = self._s.check(base + excluded)
                except _GaveUp as gave_up:
                    if not found and known is False:
                        self._consistent[tuple(base)] = self._unknown(scheme, gave_up.reason)
                    raise
                if outcome is Outcome.UNSAT and not found:
                    # The first check assumes only the scenario (label definitions constrain no world),
                    # so it doubles as the consistency check.
                    inconsistent = self._consistent[tuple(base)] = self._inconsistent(base)
                    return self._as_scheme(inconsistent, scheme)
                self._consistent[tuple(base)] = None
                if outcome is Outcome.UNSAT:
                    break
                truth = self._s.backend.values(list(by_lit))
                label = next(by_lit[lit] for lit, value in truth.items() if value)
                found[label] = self._s.backend.keep()
            if len(found) == 1:
                return self._forced(scheme, base, next(iter(found)), lits)
            witnesses = tuple(
                self._witness(base, label, self._s.world(support, kept), lits)
                for label, kept in sorted(found.items(), key=lambda item: item[0].value)
            )
        except _GaveUp as gave_up:
            return self._unknown(scheme, gave_up.reason)
        finally:
            self._s.backend.forget()
        return Verdict(self.scenario.name, scheme.id, Status.AMBIGUOUS, frozenset(found), witnesses=witnesses)

    def _forced(self, scheme: Scheme, base: list[str], label: Label, lits: dict[Label, str]) -> Verdict:
        fixed = [f"not {lits[label]}"]
        found = set(self._s.backend.core())
        core, minimal = [c for c in base if c in found], True
        if self.explain:
            core, minimal = self._s.minimize(fixed, core)
        remedy = REMEDIES.get(label, "") if scheme.family == "generalization" else ""
        kept = set(core)
        return Verdict(
            self.scenario.name,
            scheme.id,
            Status.FORCED,
            frozenset({label}),
            core=tuple(self._by_lit[c] for c in base if c in kept),
            remedy=remedy,
            minimal=minimal,
        )

    def _witness(self, base: list[str], label: Label, world: World, lits: dict[Label, str]) -> Witness:
        if not self.explain:
            return Witness(label, world, World(()))
        names = self._s.literals(world)
        fixed = [*base, f"not {lits[label]}"]
        if self._s.check([*fixed, *names]) is not Outcome.UNSAT:
            # The world leaves an atom the label reads unassigned; report the whole world as deciding.
            return Witness(label, world, world)
        found = set(self._s.backend.core())
        core = [n for n in names if n in found]
        core, _ = self._s.minimize(fixed, core)
        decided = {names[n]: world[names[n]] for n in core}
        return Witness(label, world, World.of(decided))


_local = threading.local()


def _analysis(scenario: Scenario, timeout: float | None, rlimit: int | None, explain: bool) -> Analysis:
    """A cached analysis of ``scenario``, one cache per thread: an analysis's solver lives in the z3 context
    of the thread that made it and must not be used from another."""
    cached = getattr(_local, "cached", None)
    if cached is None:
        cached = _local.cached = functools.lru_cache(maxsize=32)(_fresh)
    found: Analysis = cached(scenario, timeout, rlimit, explain)
    return found


def _fresh(scenario: Scenario, timeout: float | None, rlimit: int | None, explain: bool) -> Analysis:
    return Analysis(scenario, timeout=timeout, rlimit=rlimit, explain=explain)


def clear_cache() -> None:
    """Forget this thread's cached analyses (the next :func:`classify` grounds afresh)."""
    _local.cached = None


def classify(
    scenario: Scenario,
    scheme: str | Scheme,
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
    explain: bool = True,
) -> Verdict:
    """Decide what ``scheme`` says about ``scenario``.

    Args:
        scenario: the scenario to classify.
        scheme: a :class:`Scheme` or a scheme ID such as ``"objective[counterfactual=usefulness]"``.
        timeout: seconds per solver call; when it runs out the verdict is ``unknown``.
        rlimit: z3 resource units per solver call (default :data:`DEFAULT_RLIMIT`; None: no limit); when
            they run out the verdict is ``unknown``.
        explain: compute minimal cores and deciding facts (set False for speed).

    Returns:
        A :class:`Verdict`: forced (with a minimal core of constraints), ambiguous (with a witness world
        per label), inconsistent (with a minimal clash) or unknown (with the solver's reason).

    Raises:
        SpecError: the scheme ID is malformed or names a choice the story lacks.
    """
    return _analysis(scenario, timeout, rlimit, explain).classify(scheme)


def _membership(s: _Session, scenarios: Sequence[Scenario]) -> frozenset[str]:
    """Define ``in#i`` / ``out#i`` for each scenario (all its constraints hold / not all hold)."""
    body = []
    for i, scenario in enumerate(scenarios):
        if scenario.story != s.enc.story:
            msg = f"scenario {scenario.name!r} is told over another story than {scenarios[0].name!r}"
            raise ValueError(msg)
        with gc_paused():
            text = conj(s.enc.formula(c.expr) for c in scenario.constraints)
        body.append(f"(declare-const |in#{i}| Bool) (assert (= |in#{i}| {text}))")
        body.append(f"(declare-const |out#{i}| Bool) (assert (= |out#{i}| {neg(text)}))")
    return s.add(body)


def share_world(
    inside: Sequence[Scenario],
    outside: Sequence[Scenario] = (),
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
) -> World | None:
    """A world of every scenario in ``inside`` and of none in ``outside``, or None when there is none.

    The world is given over the atoms the scenarios' constraints mention.

    Raises:
        SolverUnknown: the solver gave up.
        ValueError: the scenarios are told over different stories, or ``inside`` is empty.
    """
    if not inside:
        msg = "share_world needs at least one scenario inside"
        raise ValueError(msg)
    s = _Session(inside[0].story, timeout, rlimit)
    atoms = _membership(s, [*inside, *outside])
    wanted = [f"in#{i}" for i in range(len(inside))] + [f"out#{len(inside) + j}" for j in range(len(outside))]
    try:
        return s.world(atoms) if s.check(wanted) is Outcome.SAT else None
    except _GaveUp as gave_up:
        raise SolverUnknown(gave_up.reason) from None


def relate(a: Scenario, b: Scenario, *, timeout: float | None = None, rlimit: int | None = DEFAULT_RLIMIT) -> Relation:
    """How the worlds of ``a`` relate to those of ``b`` (docs/model.md, "Refinement").

    Returns:
        A :class:`Relation`: equivalent, refines (``a`` refines ``b``), refined-by, incomparable, disjoint,
        or unknown when the solver gave up; with a witness world for each direction that fails.

    Raises:
        ValueError: the scenarios are told over different stories.
    """
    if a.story != b.story:
        msg = f"cannot relate {a.name!r} and {b.name!r}: they are told over different stories"
        raise ValueError(msg)
    s = _Session(a.story, timeout, rlimit)
    atoms = _membership(s, [a, b])

    def world(assumptions: list[str]) -> World | None:
        return s.world(atoms) if s.check(assumptions) is Outcome.SAT else None

    try:
        only_a, only_b, shared = world(["in#0", "out#1"]), world(["in#1", "out#0"]), world(["in#0", "in#1"])
    except _GaveUp as gave_up:
        return Relation(a.name, b.name, RelationKind.UNKNOWN, reason=gave_up.reason)
    if shared is None and only_a is not None and only_b is not None:
        kind = RelationKind.DISJOINT
    elif only_a is None and only_b is None:
        kind = RelationKind.EQUIVALENT
    elif only_a is None:
        kind = RelationKind.REFINES
    elif only_b is None:
        kind = RelationKind.REFINED_BY
    else:
        kind = RelationKind.INCOMPARABLE
    return Relation(a.name, b.name, kind, only_a, only_b, shared)
