"""The worlds of a scenario under a scheme, one after another, projected, and counted.

Like Alloy's "next instance" and clingo's ``--project``: each world found is projected onto a set of ground
terms (by default the terms the scheme's conditions read, so that two worlds differing only in terms no
label reads count once), listed, and then excluded by a blocking clause, until no world is left or a bound
is reached. Every world listed is re-checked outside the solver: the scenario's constraints and the label's
condition are evaluated in the complete world the solver gave, by the justifier's evaluator
(:mod:`misalign_logic.solve.justify`), and a disagreement is an error, never a listed world.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

import attrs

from misalign_logic.model.errors import SolverUnknown, SpecError
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.verdicts import World
from misalign_logic.solve.arguments import scenario_argument, scheme_argument, solver_limits
from misalign_logic.solve.backend import Backend, Outcome
from misalign_logic.solve.compile import Folding
from misalign_logic.solve.justify import Justifier
from misalign_logic.solve.queries import LabelQuery, Value, atom_terms
from misalign_logic.solve.session import DEFAULT_RLIMIT, small_story

__all__ = ["COUNT_BOUND", "SYMBOLS", "Count", "Enumerator", "Found", "count_worlds", "projection", "worlds"]

#: ``project=SYMBOLS`` (the default): project onto the ground terms the scheme's conditions read.
SYMBOLS = "symbols"

#: Most projected worlds counted per label by enumeration; past it a count says "at least" this many.
COUNT_BOUND = 10_000


@attrs.frozen
class Found:
    """One world listed: its label and its facts on the projection's terms.

    Attributes:
        label: the label the scheme gives it.
        world: its values of the projected terms (empty when projected onto the label alone).
        complete: the solver's whole world (every term the scenario and the scheme read), re-checked.
    """

    label: Label
    world: World
    complete: World = attrs.field(eq=False, repr=False)

    def to_dict(self) -> dict[str, object]:
        """As the ``worlds`` command's JSON writes it."""
        return {"label": self.label.value, "world": dict(self.world.facts)}


@attrs.frozen
class Count:
    """How many projected worlds get a label: exact, or a lower bound when the enumeration stopped.

    Attributes:
        label: the label.
        count: the worlds counted.
        exact: whether every one was counted (else there are at least ``count``).
    """

    label: Label
    count: int
    exact: bool

    def __str__(self) -> str:
        return f"{self.count}" if self.exact else f"at least {self.count}"

    def to_dict(self) -> dict[str, object]:
        """As the ``worlds --count`` JSON writes it."""
        return {"label": self.label.value, "count": self.count, "exact": self.exact}


class Enumerator:
    """The worlds of one scenario under one scheme, projected onto ``terms``, per label.

    Args:
        scenario: the scenario.
        scheme: the scheme.
        terms: the ground terms to project onto (atom names, checked).
        timeout: seconds per solver call, or None.
        rlimit: z3 resource units per solver call, or None.
    """

    def __init__(
        self, scenario: Scenario, scheme: Scheme, terms: tuple[str, ...], timeout: float | None, rlimit: int | None
    ) -> None:
        self.query = LabelQuery(scenario, scheme, terms)
        self.terms = terms
        self.backend = Backend(
            None if timeout is None else int(timeout * 1000), rlimit or None, small=small_story(scenario.story)
        )
        self.backend.add(self.query.text())
        enc = self.query.enc
        self._groups = [enc.symbols(a) for a in self.query.atoms]
        self._check = Justifier(enc, _empty_folding(enc))
        self._blocked = 0

    def labels(self) -> list[Label]:
        """The labels the scheme can give, in the order of :class:`Label`."""
        return [label for label in Label if label in self.query.labels]

    def each(self, label: Label) -> Iterator[Found]:
        """The projected worlds that get ``label``, each once (raises :class:`SolverUnknown` if the solver
        gives up: a list cut short by a limit is never passed off as complete)."""
        guard = f"block#{label.value}"
        on = f"on#{label.value}"
        self.backend.add(self.query.flag(guard) + "\n" + self.query.label_flag(on, label))
        while True:
            outcome = self.backend.check([guard, on])
            if outcome is Outcome.UNKNOWN:
                reason = f"{self.backend.reason_unknown} (listing the worlds labelled {label.value})"
                raise SolverUnknown(reason)
            if outcome is Outcome.UNSAT:
                return
            complete = self._read()
            self._recheck(label, complete)
            values = dict(complete.facts)  # World's lookup is a scan: one dict per world, not a scan per term
            projected = {t: values[t] for t in self.terms}
            yield Found(label, World.of(projected), complete)
            if not projected:
                return  # projected onto the label alone: one world per label
            self.backend.add(self.query.blocking(guard, projected))

    def _read(self) -> World:
        enc = self.query.enc
        found = self.backend.first_true(self._groups)
        facts: dict[str, Value] = {}
        for atom, k in zip(self.query.atoms, found, strict=True):
            sort = enc.sort_of(atom)
            facts[atom] = k == 0 if sort == "Bool" else enc.value_name(sort, max(k, 0))
        return World.of(facts)

    def _recheck(self, label: Label, world: World) -> None:
        """Evaluate the scenario and ``label``'s condition in ``world``; an error if either is not true."""
        self._check.study(world.facts)
        wrong = [c.text for c, _ in self.query.constraints if self._check.why(c.expr)[0] is not True]
        if self._check.why(self.query.conditions[label])[0] is not True:
            wrong.append(f"the condition of {label.value}")
        if wrong:
            msg = f"a world the solver found does not satisfy {'; '.join(wrong)}: {world}"
            raise AssertionError(msg)


def _empty_folding(enc: object) -> Folding:
    """A folding that fixes nothing: the justifier then evaluates in the world under study alone."""
    folding = Folding(enc.lowering)  # type: ignore[attr-defined]
    folding.close()
    return folding


def _terms(query_scenario: Scenario, scheme: Scheme, project: object) -> tuple[str, ...] | None:
    """The projection's terms; None for the default (the scheme's support, known once grounded)."""
    if project is None or project == SYMBOLS:
        return None
    if project == "label":
        return ()
    if isinstance(project, str) or not isinstance(project, Iterable):
        msg = f"project must be SYMBOLS, 'label' or a list of ground terms, not {project!r}"
        raise SpecError.at(msg, hint="e.g. project=['reason(review)', 'choice']")
    return atom_terms(query_scenario.story, list(project))


def projection(scenario: Scenario, scheme: str | Scheme, project: object = SYMBOLS) -> tuple[str, ...]:
    """The ground terms ``project`` stands for (see :func:`worlds`), as the worlds listed name them.

    Raises:
        SpecError: a bad argument.
    """
    scenario = scenario_argument(scenario)
    scheme = scheme_argument(scheme)
    scheme.check_story(scenario.story)
    terms = _terms(scenario, scheme, project)
    return tuple(sorted(LabelQuery(scenario, scheme).support)) if terms is None else terms


def _enumerator(
    scenario: Scenario, scheme: str | Scheme, project: object, timeout: float | None, rlimit: int | None
) -> Enumerator:
    solver_limits(timeout, rlimit)
    terms = projection(scenario, scheme, project)
    return Enumerator(scenario_argument(scenario), scheme_argument(scheme), terms, timeout, rlimit)


def _label(value: object, enumerator: Enumerator) -> Label | None:
    if value is None:
        return None
    try:
        label = value if isinstance(value, Label) else Label(str(value))
    except ValueError:
        label = None
    if label is None or label not in enumerator.query.labels:
        options = ", ".join(x.value for x in enumerator.labels())
        msg = f"scheme {enumerator.query.scheme.id} gives no label {value!r}"
        raise SpecError.at(msg, hint=f"its labels are {options}")
    return label


def worlds(
    scenario: Scenario,
    scheme: str | Scheme,
    label: str | Label | None = None,
    project: Literal["symbols", "label"] | Iterable[str] = SYMBOLS,
    limit: int | None = None,
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
) -> Iterator[Found]:
    """The distinct worlds of ``scenario`` under ``scheme``, projected, label by label.

    Args:
        scenario: the scenario.
        scheme: a scheme or scheme ID.
        label: list only the worlds that get this label (default: every label, in turn).
        project: :data:`SYMBOLS` (the ground terms the scheme's conditions read), ``"label"`` (one world per
            label, as a verdict's witnesses), or the ground terms to project onto (``["reason(review)"]``).
        limit: most worlds to list (None: all).
        timeout: seconds per solver call, or None.
        rlimit: z3 resource units per solver call (None: no limit).

    Yields:
        :class:`Found` worlds, each re-checked against the scenario and its label outside the solver.

    Raises:
        SpecError: a bad argument (unknown label or term, bad limit).
        SolverUnknown: the solver gave up before the list was complete.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise SpecError.at(f"limit must be a whole number of worlds, 0 or more, or None; got {limit!r}")
    enumerator = _enumerator(scenario, scheme, project, timeout, rlimit)
    wanted = _label(label, enumerator)
    return _listed(enumerator, [wanted] if wanted is not None else enumerator.labels(), limit)


def _listed(enumerator: Enumerator, labels: list[Label], limit: int | None) -> Iterator[Found]:
    given = 0
    for label in labels:
        for found in enumerator.each(label):
            if limit is not None and given >= limit:
                return
            given += 1
            yield found


def count_worlds(
    scenario: Scenario,
    scheme: str | Scheme,
    label: str | Label | None = None,
    project: Literal["symbols", "label"] | Iterable[str] = SYMBOLS,
    bound: int = COUNT_BOUND,
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
) -> tuple[Count, ...]:
    """How many projected worlds get each label, by enumeration with blocking clauses.

    Exact up to ``bound`` worlds per label. For a label with more, the enumeration stops at the first world
    past the bound and says "at least ``bound + 1``" (:attr:`Count.exact` is False): never an estimate.

    Raises:
        SpecError: a bad argument.
        SolverUnknown: the solver gave up.
    """
    if isinstance(bound, bool) or not isinstance(bound, int) or bound < 1:
        raise SpecError.at(f"bound must be a positive whole number of worlds; got {bound!r}")
    enumerator = _enumerator(scenario, scheme, project, timeout, rlimit)
    wanted = _label(label, enumerator)
    out = []
    for each in [wanted] if wanted is not None else enumerator.labels():
        n = 0
        for _ in enumerator.each(each):
            n += 1
            if n > bound:
                break
        out.append(Count(each, n, n <= bound))
    return tuple(out)
