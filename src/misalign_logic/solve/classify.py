"""Deciding verdicts and relations: the queries docs/model.md asks, put to the solver.

One :class:`Analysis` holds one solver per scenario; every scheme's labels are defined in it once and
checked under assumptions, so classifying a scenario under many schemes reuses the grounding.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterable, Iterator

from misalign_logic.model.conditions import clear_definitions, gricean_constraints, parsed_definitions
from misalign_logic.model.errors import MisalignLogicError
from misalign_logic.model.expr import Connective, Expr, Not, negate
from misalign_logic.model.scenario import Constraint, Scenario
from misalign_logic.model.schemes import Label, Scheme, parse_scheme, value_of
from misalign_logic.model.verdicts import Status, Verdict, Witness, World
from misalign_logic.solve.arguments import scenario_argument, scheme_argument, solver_limits
from misalign_logic.solve.backend import Outcome, fresh_context
from misalign_logic.solve.categorization import exclusive, label_literals, support
from misalign_logic.solve.compile import Folding, Inconsistent
from misalign_logic.solve.encoding import TRUE, Read, conj, gc_paused, neg
from misalign_logic.solve.explaining import Replay
from misalign_logic.solve.ground import clear_lowerings, lowering
from misalign_logic.solve.justify import Justifier
from misalign_logic.solve.nodes import Ground
from misalign_logic.solve.proofs import clear_provers, provers_apart, shrink
from misalign_logic.solve.relations import relate, share_world
from misalign_logic.solve.session import DEFAULT_RLIMIT, GaveUp, Session, small_story
from misalign_logic.solve.smtlib import named, quoted

__all__ = [
    "DEFAULT_RLIMIT",
    "Analysis",
    "NotACategorization",
    "classify",
    "clear_cache",
    "isolated",
    "relate",
    "share_world",
]


class NotACategorization(MisalignLogicError):
    """Kept for callers that catch it: classification no longer raises it, since every world has a value
    (a world no label's condition holds at is ``unlabelled``, docs/model.md, "Values").
    """


class Analysis:
    """Classifies one scenario under any number of schemes, with one compiled solver.

    The scenario is compiled first (:mod:`misalign_logic.solve.compile`): its stated facts and equalities
    are folded, and only the residual reaches z3, each constraint's residual under a selector.

    Args:
        scenario: the scenario.
        timeout: seconds per solver call, or None for no limit.
        rlimit: z3 resource units per solver call (default :data:`DEFAULT_RLIMIT`), or None for no limit.
        explain: True: compute cores and witnesses' deciding facts with each verdict (costs extra solver
            calls); None (the default): compute them when a verdict's ``core``, ``witnesses`` or ``minimal``
            is first read, with the same result (see :mod:`misalign_logic.solve.explaining`); False: never
            (the solver's first core, not shown minimal, and witnesses without deciding facts).
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        timeout: float | None = None,
        rlimit: int | None = DEFAULT_RLIMIT,
        explain: bool | None = None,
    ) -> None:
        self.scenario = scenario
        self.explain = explain is True
        self._limits = (timeout, rlimit)
        self._replay: Replay | None = None
        if explain is None:
            self._replay = Replay(
                lambda: Analysis(scenario, timeout=timeout, rlimit=rlimit, explain=True),
                lambda: Analysis(scenario, timeout=timeout, rlimit=rlimit, explain=False),
            )
        # Verdicts decided, by question, when explanations are left for later: asking again is free.
        self._verdicts: dict[tuple[Scheme, tuple[str | Constraint, ...]], Verdict] = {}
        self._fold = Folding(lowering(scenario.story))
        self._lits = [f"c#{i}" for i in range(len(scenario.constraints))]
        self._by_lit: dict[str, Constraint] = dict(zip(self._lits, scenario.constraints, strict=True))
        self._reads: dict[str, frozenset[Read]] = {}  # selector -> the atoms its residual read
        self._in_z3: set[str] = set()  # selectors with a residual in the solver
        self._conflict: frozenset[str] | None = None
        self._justifier: Justifier | None = None  # made when an explanation first needs it
        # Per selector with a residual in the solver, the residual's parts (see _pieces).
        self._rests: dict[str, list[Ground]] = {}
        self._pieces_of: dict[tuple[str, ...], dict[str, list[Ground]]] = {}
        with gc_paused():  # the whole compilation: a pause per part would scan what the parts before it made
            rests = [self._fold.split(lit, c.expr) for lit, c in zip(self._lits, scenario.constraints, strict=True)]
            try:
                self._fold.close()
            except Inconsistent as clash:
                self._conflict = clash.provenance
            self._s = Session(scenario.story, timeout, rlimit, self._fold)
            if self._conflict is None:
                body = [
                    self._define(lit, conj(self._s.enc.text(n) for n in rest))
                    for lit, rest in zip(self._lits, rests, strict=True)
                    if rest
                ]
                self._s.add((line for line in body if line), defer=True)
                if explain:
                    self._rests = {lit: rest for lit, rest in zip(self._lits, rests, strict=True) if lit in self._in_z3}
        self._readings: dict[str, list[str]] = {"literal": self._lits}
        self._labels: dict[Scheme, tuple[dict[Label, str], frozenset[Read]]] = {}
        # Per set of assumptions: None when consistent, else its inconsistent (or unknown) verdict.
        self._consistent: dict[tuple[str, ...], Verdict | None] = {}
        self._given: dict[str, str] = {}  # constraint text -> assumption name
        self._mentioned = scenario.mentions  # walks every constraint: once, not per scheme

    def _define(self, lit: str, text: str) -> str:
        """The solver text of selector ``lit`` implying ``text`` ("" when the residual is empty)."""
        self._reads[lit] = self._s.enc.take_reads()
        if text == TRUE:
            return ""
        self._in_z3.add(lit)
        return named(quoted(lit), text, implies=True)

    def _base(self, reading: str) -> list[str]:
        if reading not in self._readings:
            extra = []
            body = []
            for j, c in enumerate(gricean_constraints(self.scenario.story, self.scenario.mentioned_terms)):
                lit = f"g#{j}"
                self._by_lit[lit] = c
                extra.append(lit)
                body.append(self._define(lit, self._s.enc.formula(c.expr)))
            self._s.add(line for line in body if line)
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
                line = self._define(lit, self._s.enc.formula(c.expr))
                self._s.add([line] if line else [])
            names.append(lit)
        return names

    def _label_lits(self, scheme: Scheme) -> tuple[dict[Label, str], frozenset[Read]]:
        key = scheme.with_reading("literal")
        if key not in self._labels:
            lits, reads = label_literals(self._s, key, self._mentioned, f"L#{key.id}", negations=True)
            self._reads.update(reads)
            self._labels[key] = (lits, support(reads.values()))
        return self._labels[key]

    def _unknown(self, scheme: Scheme, reason: str) -> Verdict:
        return Verdict(self.scenario.name, scheme.id, Status.UNKNOWN, reason=reason or "unknown")

    def _as_scheme(self, found: Verdict, scheme: Scheme) -> Verdict:
        if self._replay is not None:  # the explanation is the replay's, for this question
            return Verdict(found.scenario, scheme.id, found.status, reason=found.reason)
        return Verdict(
            found.scenario, scheme.id, found.status, core=found.core, reason=found.reason, minimal=found.minimal
        )

    def _candidate(self, selectors: Iterable[str]) -> set[str]:
        """A core over the scenario: the selectors the solver named, with the provenance of every fact the
        folding used in their residuals (and, for a label, in its definition)."""
        named = [x for x in selectors if x in self._reads]
        reads: set[Read] = set()
        for x in named:
            reads |= self._reads[x]
        return {x for x in named if x in self._by_lit} | self._fold.provenance(reads)

    def _proved(
        self, base: list[str], candidate: set[str], goal: Expr | None, *, justified: bool = False
    ) -> tuple[list[str], bool]:
        """``candidate``, a set of constraints that is unsat (with ``not goal`` when given), made minimal.

        Each check of the minimization is on the constraints as written, each under a selector in a solver
        of its own, so that dropping a constraint drops its facts too. A ``justified`` candidate (a few
        constraints) is proved in the story's shared prover (:mod:`misalign_logic.solve.proofs`).
        """
        ordered = [x for x in base if x in candidate]
        if not self.explain:  # the solver's first core, not shrunk: it is not claimed minimal
            return ordered, False
        if justified:
            at, shrunk = shrink(self.scenario.story, self._limits, [self._by_lit[x].expr for x in ordered], goal)
            return [ordered[i] for i in at], shrunk
        proof = Session(self.scenario.story, *self._limits, proof=True)
        body = [named(quoted(x), proof.enc.formula(self._by_lit[x].expr), implies=True) for x in ordered]
        fixed = []
        if goal is not None:
            body.append(named(quoted("goal"), neg(proof.enc.formula(goal)), implies=True))
            fixed.append("goal")
        proof.add(body)
        try:
            if proof.check([*fixed, *ordered]) is not Outcome.UNSAT:  # cannot happen: the folding is sound
                msg = "a compiled core does not hold on the constraints as written"
                raise AssertionError(msg)
        except GaveUp:
            return ordered, False
        found = set(proof.backend.core())
        core, minimal = proof.minimize(fixed, [x for x in ordered if x in found])
        return core, minimal

    def _core_verdict(self, scheme: Scheme, base: list[str], candidate: set[str], goal: Expr | None) -> Verdict:
        core, minimal = self._proved(base, candidate, goal)  # not shrunk unless explaining at once
        kept = set(core)
        return Verdict(
            self.scenario.name,
            scheme.id,
            Status.INCONSISTENT,
            core=tuple(self._by_lit[c] for c in base if c in kept),
            minimal=minimal,
        )

    def _solver_base(self, base: list[str]) -> list[str]:
        return [x for x in base if x in self._in_z3]

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
        if self._replay is None:
            return self._decide(scheme, given)
        given = tuple(given)
        known = self._verdicts.get((scheme, given))
        if known is not None:
            return known
        index = self._replay.ask(scheme, given)
        found = self._decide(scheme, given)
        if found.status is Status.UNKNOWN:
            return found
        verdict = self._verdicts[scheme, given] = Verdict.later(
            found.scenario,
            found.scheme,
            found.status,
            found.labels,
            self._replay.pending(index, found),
            remedy=found.remedy,
        )
        return verdict

    def _decide(self, scheme: Scheme, given: Iterable[str | Constraint]) -> Verdict:
        scheme.check_story(self.scenario.story)
        if self._conflict is not None:
            return self._as_scheme(self._core_verdict(scheme, self._lits, set(self._conflict), None), scheme)
        base = self._base(scheme.reading) + self._assume(given)
        known = self._consistent.get(tuple(base), False)
        if isinstance(known, Verdict):  # inconsistent, or the solver gave up on consistency before
            return self._as_scheme(known, scheme)
        lits, support = self._label_lits(scheme)
        by_lit = {lit: label for label, lit in lits.items()}
        assumed = self._solver_base(base)
        goals = dict(parsed_definitions(self.scenario.story, scheme.with_reading("literal"), self._mentioned))
        # A categorization of the story gives each world one label, which is then its value; otherwise a
        # world's value (the labels that hold, as one) gets a literal of its own when first found.
        one_label = exclusive(self.scenario.story, scheme.with_reading("literal"), self._mentioned)
        values = dict(lits) if one_label else {}
        # Each value's model is kept, not read: a forced verdict needs no world, and an ambiguous one reads
        # its witnesses one at a time, over the atoms the scheme reads.
        found: dict[Label, int] = {}
        try:
            while True:
                excluded = [f"not {values[value]}" for value in found]
                try:
                    outcome = self._s.check(assumed + excluded)
                except GaveUp as gave_up:
                    if not found and known is False:
                        self._consistent[tuple(base)] = self._unknown(scheme, gave_up.reason)
                    raise
                if outcome is Outcome.UNSAT and not found:
                    # The first check assumes only the scenario (label definitions constrain no world),
                    # so it doubles as the consistency check.
                    candidate = self._candidate(self._s.backend.core())
                    inconsistent = self._consistent[tuple(base)] = self._core_verdict(scheme, base, candidate, None)
                    return self._as_scheme(inconsistent, scheme)
                self._consistent[tuple(base)] = None
                if outcome is Outcome.UNSAT:
                    break
                truth = self._s.backend.values(list(by_lit))
                held = [by_lit[lit] for lit, value in truth.items() if value]
                value = held[0] if one_label else self._value(scheme, held, lits, values, goals)
                found[value] = self._s.backend.keep()
            if len(found) == 1:
                value = next(iter(found))
                return self._forced(scheme, base, value, values[value], goals[value])
            return self._ambiguous(scheme, assumed, found, values, goals, support)
        except GaveUp as gave_up:
            return self._unknown(scheme, gave_up.reason)
        finally:
            self._s.backend.forget()

    def _value(
        self,
        scheme: Scheme,
        held: list[Label],
        lits: dict[Label, str],
        values: dict[Label, str],
        goals: dict[Label, Expr],
    ) -> Label:
        """The value of a world where the labels ``held`` hold; its literal and condition defined when new.

        ``none`` when the world has no failure point; else the labels that hold, as one value, whose condition
        is that exactly they hold (docs/model.md, "Values").
        """
        if Label.NONE in held:
            values[Label.NONE] = lits[Label.NONE]
            return Label.NONE
        value = value_of(held)
        if value not in values:
            # The labels' own conditions, not ``goals``: a value named like a label replaces its entry there.
            conditions = dict(parsed_definitions(self.scenario.story, scheme.with_reading("literal"), self._mentioned))
            nothing = conditions[Label.NONE]
            failure = negate(nothing)
            others = [Not(conditions[label]) for label in lits if label is not Label.NONE and label not in held]
            goals[value] = Connective("and", (failure, *(conditions[label] for label in held), *others))
            lit = values[value] = f"V#{scheme.with_reading('literal').id}#{value.value}"
            text = self._s.enc.formula(goals[value])
            self._reads[lit] = self._s.enc.take_reads()
            self._s.add([named(quoted(lit), text), named(quoted(f"not {lit}"), f"(not {quoted(lit)})")])
        return value

    def _ambiguous(
        self,
        scheme: Scheme,
        assumed: list[str],
        found: dict[Label, int],
        values: dict[Label, str],
        goals: dict[Label, Expr],
        support: frozenset[Read],
    ) -> Verdict:
        """An ambiguous verdict: a witness world per value found, read from the model kept for it."""
        if self._replay is not None:
            return Verdict(self.scenario.name, scheme.id, Status.AMBIGUOUS, frozenset(found))
        witnesses = tuple(
            self._witness(assumed, value, self._s.world(support, kept), values[value], goals[value], kept)
            for value, kept in sorted(found.items(), key=lambda item: item[0].value)
        )
        return Verdict(self.scenario.name, scheme.id, Status.AMBIGUOUS, frozenset(found), witnesses=witnesses)

    def _forced(self, scheme: Scheme, base: list[str], label: Label, lit: str, goal: Expr) -> Verdict:
        remedy = scheme.family.remedy(label.value)[1]
        if self._replay is not None:
            return Verdict(self.scenario.name, scheme.id, Status.FORCED, frozenset({label}), remedy=remedy)
        named = [*self._s.backend.core(), lit]
        candidate = self._sufficient(goal) if self.explain else None
        justified = candidate is not None
        if candidate is None:
            candidate = self._candidate(named)
        core, minimal = self._proved(base, candidate, goal, justified=justified)
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

    def _justify(self) -> Justifier:
        if self._justifier is None:
            self._justifier = Justifier(self._s.enc, self._fold)
        return self._justifier

    def _sufficient(self, goal: Expr) -> set[str] | None:
        """Constraints whose stated facts alone make ``goal`` true, or None when the facts leave it open.

        The constraints behind the few facts a justification of ``goal`` reads (see
        :mod:`misalign_logic.solve.justify`), instead of every fact the goal reads: a small candidate core.
        """
        justifier = self._justify()
        justifier.forget()
        value, reason = justifier.why(goal)
        return set(reason) if value is True else None

    def _pieces(self, assumed: list[str]) -> dict[str, list[Ground]]:
        """The parts of the residual of the constraints under ``assumed``, by each open root they read.

        A world that differs from a model of the scenario only in one open root satisfies the scenario when
        the parts that read that root hold in it: the stated facts and equalities hold in every such world.
        """
        key = tuple(assumed)
        found = self._pieces_of.get(key)
        if found is None:
            justifier = self._justify()
            justifier.forget()
            found = self._pieces_of[key] = {}
            for lit in assumed:
                for node in self._rests.get(lit) or [justifier.ground(self._by_lit[lit].expr)]:
                    for root in justifier.reads(node)[1]:
                        found.setdefault(root, []).append(node)
        return found

    def _deciding(
        self, assumed: list[str], fixed: list[str], world: World, goal: Expr, kept: int
    ) -> dict[str, str] | None:
        """Deciding facts of ``world`` for ``goal`` (an assumption name per fact), or None to ask the solver.

        A justification of ``goal`` in the world names a few of its open facts; one check confirms that they
        force the label, and each is shown needed by a world that differs from the witness in that fact
        alone and satisfies the scenario and the others but not the label, or else by a check.
        """
        # On a small story a check costs less than a flip: each fact is shown needed by a check.
        flips = not small_story(self.scenario.story)
        pieces = self._pieces(assumed) if flips else {}
        justifier = self._justify()
        justifier.study(world.facts)
        value, reason = justifier.why(goal, keep=flips)
        facts = dict(world.facts)
        chosen = {a: facts.get(a) for a in reason if justifier.root(a)[1] is None}
        if value is not True or any(v is None for v in chosen.values()):
            return None
        names = self._s.literals(World.of(chosen))  # type: ignore[arg-type]
        if self._s.check([*fixed, *names]) is not Outcome.UNSAT:
            return None
        found = set(self._s.backend.core())
        roots = {n: justifier.root(a)[0] for n, a in names.items()}

        def needed(member: str, others: list[str]) -> bool:
            root = roots[member]
            if any(roots[m] == root for m in others if m != member):
                return False
            touching = pieces.get(root, [])
            unread = {r for node in touching for r in justifier.reads(node)[1]}
            if unread:
                justifier.add(self._s.world(frozenset(unread), kept).facts)
            atom = names[member]
            sort = self._s.enc.sort_of(atom)
            now = facts[atom]
            options: list[bool | int] = (
                [not now] if sort == "Bool" else [k for k, v in enumerate(self._s.enc.values[sort]) if v != now]
            )
            return any(justifier.flip(goal, {root: v}, touching) for v in options)

        core, _ = self._s.necessary(fixed, [n for n in names if n in found], needed if flips else None)
        return {n: names[n] for n in core}

    def _witness(self, assumed: list[str], label: Label, world: World, lit: str, goal: Expr, kept: int) -> Witness:
        if not self.explain:
            return Witness(label, world, World(()))
        fixed = [*assumed, f"not {lit}"]
        deciding = self._deciding(assumed, fixed, world, goal, kept)
        if deciding is not None:
            facts = dict(world.facts)
            return Witness(label, world, World.of({a: facts[a] for a in deciding.values()}))
        names = self._s.literals(world)
        if self._s.check([*fixed, *names]) is not Outcome.UNSAT:
            # The world leaves an atom the label reads unassigned; report the whole world as deciding.
            return Witness(label, world, world)
        found = set(self._s.backend.core())
        core = [n for n in names if n in found]
        core, _ = self._s.necessary(fixed, core)
        decided = {names[n]: world[names[n]] for n in core}
        return Witness(label, world, World.of(decided))


_local = threading.local()


def _analysis(scenario: Scenario, timeout: float | None, rlimit: int | None, explain: bool | None) -> Analysis:
    """A cached analysis of ``scenario``, one cache per thread: an analysis's solver lives in the z3 context
    of the thread that made it and must not be used from another."""
    cached = getattr(_local, "cached", None)
    if cached is None:
        cached = _local.cached = functools.lru_cache(maxsize=32)(_fresh)
    found: Analysis = cached(scenario, timeout, rlimit, explain)
    return found


def _fresh(scenario: Scenario, timeout: float | None, rlimit: int | None, explain: bool | None) -> Analysis:
    return Analysis(scenario, timeout=timeout, rlimit=rlimit, explain=explain)


def clear_cache() -> None:
    """Forget this thread's cached analyses and proof solvers, and the parsed label conditions (the next
    :func:`classify` parses and grounds afresh)."""
    _local.cached = None
    clear_provers()
    clear_lowerings()
    clear_definitions()


@contextlib.contextmanager
def isolated() -> Iterator[None]:
    """Solve the block as a fresh process would: a z3 context of its own, no cached analyses or provers.

    A verdict's labels never depend on what was solved before, but among the worlds that fit, the witness
    z3 finds can (see :func:`~misalign_logic.solve.backend.fresh_context`). What runs in this block, such as
    checking one spec file, gives the same output whatever this thread did before, so ``--jobs N`` gives the
    output of ``--jobs 1`` byte for byte.
    """
    outer = getattr(_local, "cached", None)
    _local.cached = None
    try:
        with fresh_context(), provers_apart():
            yield
    finally:
        _local.cached = outer


def classify(
    scenario: Scenario,
    scheme: str | Scheme,
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
    explain: bool | None = None,
) -> Verdict:
    """Decide what ``scheme`` says about ``scenario``.

    Args:
        scenario: the scenario to classify.
        scheme: a :class:`Scheme` or a scheme ID such as ``"objective[counterfactual=usefulness]"``.
        timeout: seconds per solver call; when it runs out the verdict is ``unknown``.
        rlimit: z3 resource units per solver call (default :data:`DEFAULT_RLIMIT`; None: no limit); when
            they run out the verdict is ``unknown``.
        explain: None (the default): minimal cores and deciding facts are computed when the verdict's
            ``core``, ``witnesses`` or ``minimal`` is first read (by :func:`~misalign_logic.explain`, the
            assertion helpers' messages, ``to_dict``), so a caller that reads only the status and labels
            never waits for them; True: computed with the verdict (about twice as fast when every
            explanation will be read: one read later is replayed in a z3 context of its own); False: never.

    Returns:
        A :class:`Verdict`: forced (with a minimal core of constraints), ambiguous (with a witness world
        per label), inconsistent (with a minimal clash) or unknown (with the solver's reason).

    Raises:
        SpecError: the scheme ID is malformed or names a choice the story lacks.
    """
    solver_limits(timeout, rlimit)
    return _analysis(scenario_argument(scenario), timeout, rlimit, explain).classify(scheme_argument(scheme))
