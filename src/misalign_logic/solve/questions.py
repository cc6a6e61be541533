"""Questions to ask the storyteller: every minimal set of facts that, added to a scenario, forces each label.

The seed moves from Scenario 1 to Scenario 2 by learning one more fact. For an ambiguous verdict this asks
which facts would decide it: every minimal set of ground facts ``term = value``, over the terms the scheme's
conditions read, that added to the scenario leaves worlds and gives all of them one label.

How. Forcing is upward closed among consistent sets (a consistent superset of a forcing set forces too), so
the sets are searched by size, smallest first, as MARCO-style enumerations block the supersets of each
minimal set found: a set of size ``k`` that holds no forcing set found at a smaller size, and no set already
found inconsistent, is minimal exactly when it forces. Candidate facts are the values the scenario leaves
possible for a term it does not fix (a fixed term's fact adds nothing; an impossible value makes every set
inconsistent). The search is bounded by a size (:data:`MAX_SIZE`) and a number of solver checks
(:data:`MAX_CHECKS`); the result says whether, and where, it stopped.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs

from misalign_logic.model.errors import SolverUnknown, SpecError
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.verdicts import World
from misalign_logic.solve.arguments import scenario_argument, scheme_argument, solver_limits
from misalign_logic.solve.backend import Backend, Outcome
from misalign_logic.solve.queries import LabelQuery, Value
from misalign_logic.solve.session import DEFAULT_RLIMIT, small_story

__all__ = ["MAX_CHECKS", "MAX_SIZE", "Question", "Questions", "questions"]

#: Largest set of facts searched by default.
MAX_SIZE = 3

#: Most solver checks one search makes by default; past it the search stops and says so.
MAX_CHECKS = 5_000


@attrs.frozen
class Question:
    """A minimal set of facts that, added to the scenario, forces ``label``.

    Attributes:
        label: the label the facts force.
        facts: the facts, ``term = value``.
        context: a world of the scenario with these facts, over the terms it and the scheme read (for wording).
    """

    label: Label
    facts: World
    context: World = attrs.field(eq=False, repr=False)

    def to_dict(self) -> dict[str, object]:
        """As the ``ask`` command's JSON writes it."""
        return {"label": self.label.value, "facts": dict(self.facts.facts)}


@attrs.frozen
class Questions:
    """What the search found for one scenario under one scheme.

    Attributes:
        scenario: the scenario's name.
        scheme: the scheme's ID.
        labels: the labels the scenario's worlds get (empty: it has no world).
        questions: every minimal forcing set found, smallest first, then by label.
        max_size: the largest size searched.
        complete: whether every set up to ``max_size`` was searched (else ``stopped`` says where it stopped).
        stopped: why the search stopped early, or "".
    """

    scenario: str
    scheme: str
    labels: frozenset[Label]
    questions: tuple[Question, ...]
    max_size: int
    complete: bool
    stopped: str = ""

    @property
    def ambiguous(self) -> bool:
        """Whether the verdict is ambiguous (else there is nothing to ask)."""
        return len(self.labels) > 1

    def of(self, label: Label) -> tuple[Question, ...]:
        """The questions that force ``label``, smallest first."""
        return tuple(q for q in self.questions if q.label is label)


class _Search:
    """The solver and the bookkeeping of one search."""

    def __init__(self, query: LabelQuery, timeout: float | None, rlimit: int | None, max_checks: int) -> None:
        self.query = query
        self.backend = Backend(
            None if timeout is None else int(timeout * 1000), rlimit or None, small=small_story(query.scenario.story)
        )
        self.backend.add(query.text())
        self.checks = 0
        self.max_checks = max_checks
        self.names: dict[tuple[str, Value], str] = {}

    def check(self, assumptions: Sequence[str]) -> bool:
        """Whether the scenario with ``assumptions`` has a world; raises on unknown or past the budget."""
        self.checks += 1
        if self.checks > self.max_checks:
            raise _Stopped(f"stopped after {self.max_checks} solver checks (raise max_checks)")
        outcome = self.backend.check(assumptions)
        if outcome is Outcome.UNKNOWN:
            raise SolverUnknown(self.backend.reason_unknown)
        return outcome is Outcome.SAT

    def fact(self, atom: str, value: Value) -> str:
        """The assumption that asserts ``atom = value``, declared once."""
        key = (atom, value)
        if key not in self.names:
            name = self.names[key] = f"q#{len(self.names)}"
            self.backend.add(self.query.selector(name, {atom: value}))
        return self.names[key]

    def world(self) -> World:
        enc = self.query.enc
        atoms = self.query.atoms  # the scenario's terms too: a question's words read them (``policy(s)``)
        found = self.backend.first_true([enc.symbols(a) for a in atoms])
        return World.of(
            {
                a: k == 0 if enc.sort_of(a) == "Bool" else enc.value_name(enc.sort_of(a), max(k, 0))
                for a, k in zip(atoms, found, strict=True)
            }
        )


class _Stopped(Exception):
    pass


def questions(
    scenario: Scenario,
    scheme: str | Scheme,
    *,
    max_size: int = MAX_SIZE,
    max_checks: int = MAX_CHECKS,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
) -> Questions:
    """Every minimal set of ground facts that, added to ``scenario``, forces each label, smallest first.

    Args:
        scenario: the scenario.
        scheme: a scheme or scheme ID.
        max_size: the largest set searched.
        max_checks: most solver checks the search makes.
        timeout: seconds per solver call, or None.
        rlimit: z3 resource units per solver call (None: no limit).

    Returns:
        The labels the scenario allows and, when there are several, the questions found; a forced or
        inconsistent verdict has none to ask.

    Raises:
        SpecError: a bad argument.
        SolverUnknown: the solver gave up (nothing found is passed off as complete).
    """
    solver_limits(timeout, rlimit)
    scenario, scheme = scenario_argument(scenario), scheme_argument(scheme)
    scheme.check_story(scenario.story)
    for name, value, least in (("max_size", max_size, 1), ("max_checks", max_checks, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise SpecError.at(f"{name} must be a whole number, {least} or more; got {value!r}")
    query = LabelQuery(scenario, scheme)
    search = _Search(query, timeout, rlimit, max_checks)
    for label in query.labels:
        search.backend.add(query.label_flag(f"q#{label.value}", label))
    labels = [label for label in Label if label in query.labels and search.check([f"q#{label.value}"])]
    found: list[Question] = []
    stopped = ""
    if len(labels) > 1:
        try:
            _search(search, labels, max_size, found)
        except _Stopped as stop:
            stopped = str(stop)
    order = {label: i for i, label in enumerate(Label)}
    found.sort(key=lambda q: (len(q.facts), order[q.label], q.facts.facts))
    return Questions(scenario.name, scheme.id, frozenset(labels), tuple(found), max_size, not stopped, stopped)


def _candidates(search: _Search) -> list[tuple[str, Value]]:
    """The facts worth asking: each value the scenario leaves possible for a term it does not fix."""
    enc = search.query.enc
    out = []
    for atom in sorted(search.query.support):
        sort = enc.sort_of(atom)
        values: list[Value] = [False, True] if sort == "Bool" else list(enc.values[sort])
        possible = [v for v in values if search.check([search.fact(atom, v)])]
        if len(possible) > 1:
            out += [(atom, v) for v in possible]
    return out


def _search(search: _Search, labels: list[Label], max_size: int, found: list[Question]) -> None:
    """Level by level: each set of ``size`` candidates (one value per term) that holds no smaller forcing set
    and no set found inconsistent is checked; those that force a label are its minimal sets."""
    query = search.query
    negated = {}
    for label in labels:
        name = f"q#not {label.value}"
        search.backend.add(query.label_flag(name, label, negated=True))
        negated[label] = name
    candidates = _candidates(search)
    inconsistent: list[frozenset[tuple[str, Value]]] = []
    minimal: dict[Label, list[frozenset[tuple[str, Value]]]] = {label: [] for label in labels}
    for size in range(1, max_size + 1):
        for combo in itertools.combinations(candidates, size):
            if len({atom for atom, _ in combo}) < size:
                continue  # two values of one term
            facts = frozenset(combo)
            if any(bad <= facts for bad in inconsistent):
                continue
            assumed = [search.fact(atom, value) for atom, value in combo]
            if not search.check(assumed):
                inconsistent.append(facts)
                continue
            context = search.world()
            for label in labels:
                if any(m <= facts for m in minimal[label]):
                    continue
                if not search.check([*assumed, negated[label]]):
                    minimal[label].append(facts)
                    found.append(Question(label, World.of(dict(combo)), context))
