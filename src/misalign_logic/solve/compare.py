"""Where two schemes part, and where one flips under refinement: the one comparison (docs/model.md, "Schemes
as data", *Comparison*).

Every comparison starts from one solver query, :class:`_Parting`: both schemes' label literals
(:func:`~misalign_logic.solve.categorization.label_literals`) defined over one story, optionally within a
scenario, and a world asked for where some label holds under one scheme and not under the other. Its answers
are read three ways:

* :func:`disagreement` — over one story, for world-based schemes: the first such world with the facts that
  force both labels; ``unsat`` is the proof that none exists; the solver giving up is ``unknown``.
* :func:`find_distinction` — over the stories of a scope, for any schemes (also those reading the wording): a
  scenario whose verdicts differ, checked by classification.
* :func:`find_flip` — a non-monotone flip of a scheme that reads the description: a scenario and a refinement
  whose label sets are not nested, checked by classification.

Found facts are cut down by one method, :func:`shrink`: drop each fact in turn and keep it out while what
was found still holds, so that every fact left is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

import attrs

from misalign_logic.model.errors import MisalignLogicError, SolverUnknown
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme, parse_scheme, value_of
from misalign_logic.model.story import Story
from misalign_logic.model.symbols import told_rank
from misalign_logic.model.unknown import UNKNOWN_VALUE, Decision
from misalign_logic.model.verdicts import Status, Verdict, World
from misalign_logic.solve.backend import Outcome
from misalign_logic.solve.categorization import define_labels, differ, failing
from misalign_logic.solve.classify import DEFAULT_RLIMIT, Analysis
from misalign_logic.solve.encoding import conj, neg
from misalign_logic.solve.scope import analysis_limits, mention_sets, read_symbols, session_limits, tautology
from misalign_logic.solve.session import GaveUp, Session
from misalign_logic.solve.smtlib import assertion, named, quoted

__all__ = [
    "Disagreement",
    "Distinction",
    "FlipFound",
    "Parting",
    "disagreement",
    "find_distinction",
    "find_flip",
    "shrink",
    "world_facts",
]

T = TypeVar("T")


def shrink(items: Sequence[T], holds: Callable[[list[T]], bool | None]) -> tuple[list[T], bool]:
    """The one shrinking method: ``items`` cut down, by deletion, to a part on which ``holds`` still holds.

    Each item in turn is dropped and left out when ``holds`` says True of the rest, so that on return dropping
    any one item left makes ``holds`` false (the part is minimal by deletion). ``holds`` need not be monotone
    (a scenario that says less may mention less, and a scheme may read the wording): an item kept early may be
    droppable once a later one is gone, so the passes over the items are repeated until one drops none of
    them after another was kept. ``holds`` answers None when it cannot tell (the solver gave up): the
    shrinking stops there, and the part is returned as not minimal.

    Returns:
        The part kept (in the order of ``items``) and whether it is minimal.
    """
    kept = list(items)
    again = True
    while again:
        i, again = 0, False
        while i < len(kept):
            answer = holds(kept[:i] + kept[i + 1 :])
            if answer is None:
                return kept, False
            if answer:
                # The items kept before this one were tried with it present: another pass tries them again.
                kept, again = kept[:i] + kept[i + 1 :], again or i > 0
            else:
                i += 1
    return kept, True


class Parting(Decision):
    """What the query says about two schemes."""

    FOUND = "found"  # a world the schemes label differently, and minimal facts that force both labels
    NONE = "none"  # no such world: the query is unsat, a proof that the schemes agree
    UNKNOWN = UNKNOWN_VALUE  # the solver gave up; nothing is claimed

    def __str__(self) -> str:
        return self.value


class _Parting:
    """The comparison query: two schemes' label literals over one story, and ``differ``, true at a world
    where some label holds under one scheme and not under the other."""

    def __init__(
        self,
        a: Scheme,
        b: Scheme,
        story: Story,
        mentioned: frozenset[str] = frozenset(),
        within: Scenario | None = None,
        timeout: float | None = None,
        rlimit: int | None = None,
    ) -> None:
        self.s = Session(story, timeout, rlimit)
        self.lits_a, reads_a = define_labels(self.s, a, mentioned, "A")
        self.lits_b, reads_b = define_labels(self.s, b, mentioned, "B")
        self.support = reads_a | reads_b
        self.fixed = self._within(within)
        # Over the labels of both: a label one scheme does not have never holds under it, so schemes with other
        # label sets differ wherever a failure gets a label (their values differ).
        self.s.add([named(quoted("differ"), differ(self.lits_a, self.lits_b))])

    def _within(self, scenario: Scenario | None) -> list[str]:
        if scenario is None:
            return []
        body = [
            named(quoted(f"in#{i}"), self.s.enc.formula(c.expr), implies=True)
            for i, c in enumerate(scenario.constraints)
        ]
        self.s.add(body)
        return [f"in#{i}" for i in range(len(scenario.constraints))]

    def worlds(self, most: int) -> Iterator[World]:
        """Up to ``most`` different worlds the schemes label differently; raises :class:`GaveUp`."""
        for _ in range(most):
            if self.s.check([*self.fixed, "differ"]) is not Outcome.SAT:
                return
            world = self.s.world(self.support)
            yield world
            if not _exclude(self.s, world):
                return

    def labels(self) -> tuple[frozenset[Label], frozenset[Label]]:
        """The labels each scheme gives the world of the last satisfiable check."""
        truth = self.s.backend.values([*self.lits_a.values(), *self.lits_b.values()])
        return (
            frozenset(label for label, lit in self.lits_a.items() if truth[lit]),
            frozenset(label for label, lit in self.lits_b.items() if truth[lit]),
        )

    def forcing(self, world: World, got: tuple[frozenset[Label], frozenset[Label]]) -> tuple[tuple[str, ...], bool]:
        """Facts of ``world`` that, within the scenario, leave no world where a label of either scheme moves
        from ``got``; every fact kept is needed (:func:`shrink`)."""
        keep = [
            f"|{lit}|" if label in labels else f"(not |{lit}|)"
            for lits, labels in ((self.lits_a, got[0]), (self.lits_b, got[1]))
            for label, lit in lits.items()
        ]
        self.s.add([named(quoted("moved"), f"(not {conj(keep)})")])
        names = self.s.literals(world)

        def forces(part: list[str]) -> bool | None:
            try:
                return self.s.check([*self.fixed, "moved", *part]) is Outcome.UNSAT
            except GaveUp:
                return None

        if not forces(list(names)):
            # The conditions read an atom the world leaves open (cannot happen for a full read); keep it all.
            return tuple(world.statements()), False
        found = set(self.s.backend.core())
        kept, minimal = shrink([n for n in names if n in found], forces)
        return tuple(_in_reading_order(World.of({names[n]: world[names[n]] for n in kept}))), minimal


@attrs.frozen
class Disagreement:
    """The answer to "where do two schemes label a world differently?".

    Attributes:
        story: the story the query ranged over.
        schemes: the two schemes.
        parting: found, none or unknown.
        labels: when found, the labels each scheme gives the world (in scheme order).
        facts: when found, the minimal facts (constraint texts) that force both labels.
        world: when found, the world the solver gave, over the atoms the conditions read.
        within: the scenario whose worlds were searched, if one was given.
        minimal: when found, whether the shrinking finished (False if the solver gave up inside it).
        reason: when unknown, why.
    """

    story: Story
    schemes: tuple[Scheme, Scheme]
    parting: Parting
    labels: tuple[frozenset[Label], frozenset[Label]] = (frozenset(), frozenset())
    facts: tuple[str, ...] = ()
    world: World | None = None
    within: Scenario | None = None
    minimal: bool = True
    reason: str = ""

    @property
    def proof(self) -> str:
        """When none exists, the proof in words ("" otherwise)."""
        if self.parting is not Parting.NONE:
            return ""
        a, b = self.schemes
        where = f"scenario {self.within.name!r}" if self.within is not None else f"story {self.story.name!r}"
        return (
            f"every world of {where} gets the same label from {a.id} and {b.id}: the solver found the query "
            f"'some label's condition holds under one scheme and not under the other' unsatisfiable"
        )

    def scenario(self, name: str = "disagreement") -> Scenario:
        """The found facts as a scenario (refining :attr:`within` when one was given).

        Raises:
            ValueError: nothing was found.
        """
        if self.parting is not Parting.FOUND:
            msg = f"no disagreement was found between {self.schemes[0].id} and {self.schemes[1].id}"
            raise ValueError(msg)
        if self.within is not None:
            return self.within.refine(name, self.facts)
        return Scenario.from_strings(self.story, name, self.facts)


def disagreement(
    scheme_a: str | Scheme,
    scheme_b: str | Scheme,
    story: Story,
    *,
    within: Scenario | None = None,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
) -> Disagreement:
    """Ask the solver once for a world of ``story`` (of ``within``, if given) that the schemes label differently.

    Args:
        scheme_a: a world-based scheme (or its ID).
        scheme_b: another world-based scheme.
        story: the story to search.
        within: a scenario over ``story`` whose worlds alone are searched.
        timeout: seconds per solver call.
        rlimit: z3 resource units per solver call.

    Returns:
        A :class:`Disagreement`: found (with minimal facts), none (a proof) or unknown.

    Raises:
        SpecError: a scheme ID is malformed or names a choice the story lacks.
        ValueError: a scheme reads the description (a world cannot settle its label), or ``within`` is told
            over another story.
    """
    pair = (parse_scheme(scheme_a), parse_scheme(scheme_b))
    for scheme in pair:
        scheme.check_story(story)
        if not scheme.world_based:
            msg = f"{scheme.id} reads the description, so no single world settles its label"
            raise ValueError(msg)
    if within is not None and within.story != story:
        msg = f"scenario {within.name!r} is told over another story than {story.name!r}"
        raise ValueError(msg)
    try:
        query = _Parting(*pair, story, within=within, timeout=timeout, rlimit=rlimit)
        world = next(query.worlds(1), None)
        if world is None:
            return Disagreement(story, pair, Parting.NONE, within=within)
        got = query.labels()
    except GaveUp as gave_up:
        return Disagreement(story, pair, Parting.UNKNOWN, within=within, reason=gave_up.reason)
    facts, minimal = query.forcing(world, got)
    values = (_value(got[0]), _value(got[1]))
    return Disagreement(story, pair, Parting.FOUND, values, facts, world, within, minimal)


def _value(held: frozenset[Label]) -> frozenset[Label]:
    """The world's value, as a set of one: ``none``, the label, ``unlabelled`` or ``A+B``."""
    return frozenset({Label.NONE if Label.NONE in held else value_of(held)})


@attrs.frozen
class Distinction:
    """A scenario two schemes give different verdicts, its stated facts minimal."""

    scenario: Scenario
    a: Verdict
    b: Verdict


def find_distinction(a: Scheme, b: Scheme, checked: Iterable[Story]) -> Distinction | None:
    """A scenario ``a`` and ``b`` force different labels on, its facts minimal; None: equivalent on ``checked``.

    Searches the stories in order (smallest first within a scope) for a world the schemes label differently;
    writes it as a scenario of its facts, mentioning the symbols the wording must mention, and shrinks it
    (:func:`shrink`) while the verdicts still differ, so that no stated fact can be dropped.

    Raises:
        SolverUnknown: the solver gave up.
        SpecError: a condition does not parse over one of the stories.
    """
    for story in checked:
        read = read_symbols(a, story) | read_symbols(b, story)
        for mentioned in mention_sets([a, b], story):
            for world in _differing_worlds(a, b, story, mentioned):
                found = _distinguishing(story, world_facts(story, world, read, mentioned), a, b)
                if found is not None:
                    return found
    return None


def world_facts(story: Story, world: World, read: frozenset[str], mentioned: frozenset[str]) -> list[str]:
    """A world's facts as the constraints of a scenario that mentions, of the symbols ``read`` (whose mention a
    scheme reads), exactly ``mentioned``: facts of the others are left out, and a mentioned symbol no fact
    states is mentioned by a tautology."""
    facts = [f for f in world.statements() if _symbol(f) not in read - mentioned]
    stated = {_symbol(f) for f in facts}
    return facts + [tautology(story, sym) for sym in sorted(mentioned - stated)]


def _differing_worlds(a: Scheme, b: Scheme, story: Story, mentioned: frozenset[str]) -> Iterator[World]:
    """A few worlds of ``story`` that ``a`` and ``b`` label differently (a scenario mentioning ``mentioned``)."""
    try:
        timeout, rlimit = session_limits()
        yield from _Parting(a, b, story, mentioned, timeout=timeout, rlimit=rlimit).worlds(4)
    except GaveUp as gave_up:
        raise SolverUnknown(gave_up.reason) from None


def _distinguishing(story: Story, facts: list[str], a: Scheme, b: Scheme) -> Distinction | None:
    def differ(part: list[str]) -> tuple[Verdict, Verdict] | None:
        return _differ(Scenario.from_strings(story, "distinguishing", part), a, b) if part else None

    if differ(facts) is None:
        return None
    kept, _ = shrink(facts, lambda part: differ(part) is not None)
    found = differ(kept)
    assert found is not None  # shrink keeps only parts on which the verdicts differ
    return Distinction(Scenario.from_strings(story, "distinguishing", kept), *found)


def _differ(scenario: Scenario, a: Scheme, b: Scheme) -> tuple[Verdict, Verdict] | None:
    """Both verdicts, when each is forced and they force different labels."""
    first, second = _labels(scenario, a), _labels(scenario, b)
    if first is None or second is None or Status.AMBIGUOUS in (first.status, second.status):
        return None
    return None if first.labels == second.labels else (first, second)


@attrs.frozen
class FlipFound:
    """A non-monotone flip: ``refined`` refines ``base``, yet its labels are not among ``base``'s."""

    base: Scenario
    refined: Scenario
    base_verdict: Verdict
    refined_verdict: Verdict


def find_flip(scheme: Scheme, checked: Iterable[Story]) -> FlipFound | None:
    """A non-monotone flip of ``scheme`` on one of the stories, or None when none is found.

    For a candidate world, the facts the wording can change (those of the symbols the scheme reads the
    mention of) are held back from a first scenario and stated in a second that extends it; symbols never
    stated are mentioned by a tautology. Each candidate pair is classified, so a flip returned is a proof.
    A world-based scheme has none (the monotonicity theorem), so None is returned without a search.
    """
    if scheme.world_based:
        return None
    for story in checked:
        read = read_symbols(scheme, story)
        for world in _candidates(scheme, story):
            held = [f for f in world.statements() if _symbol(f) in read]
            kept = [f for f in world.statements() if _symbol(f) not in read]
            stated = {_symbol(f) for f in held}
            extra = [tautology(story, sym) for sym in sorted(read - stated)]
            base = Scenario.from_strings(story, "base", kept)
            refined = base.refine("refined", [*held, *extra])
            first, second = _labels(base, scheme), _labels(refined, scheme)
            if first is not None and second is not None and not second.labels <= first.labels:
                return FlipFound(base, refined, first, second)
    return None


def _candidates(scheme: Scheme, story: Story, most: int = 8) -> Iterator[World]:
    """Failure worlds of ``story`` with each label under each wording, as readable facts (a few of each)."""
    for mentioned in mention_sets([scheme], story):
        s = Session(story, *session_limits())
        lits, support = define_labels(s, scheme, mentioned)
        labels = failing(scheme)
        for label in labels:
            seen = 0
            try:
                while seen < most // len(labels) + 1 and s.check([lits[label]]) is Outcome.SAT:
                    world = s.world(support)
                    seen += 1
                    yield world
                    if not _exclude(s, world):
                        break
            except GaveUp as gave_up:
                raise SolverUnknown(gave_up.reason) from None


def _labels(scenario: Scenario, scheme: Scheme) -> Verdict | None:
    """The verdict, or None when the scheme has none to give (the solver gave up, or a gap)."""
    try:
        verdict = Analysis(scenario, explain=False, **analysis_limits()).classify(scheme)
    except MisalignLogicError:
        return None
    return None if verdict.status in (Status.UNKNOWN, Status.INCONSISTENT) else verdict


def _exclude(s: Session, world: World) -> bool:
    """Rule ``world`` out of the session's later models; False when it fixes nothing, so nothing is left."""
    block = neg(conj(s.enc.fact(atom, v) for atom, v in world.facts))
    if block == "false":
        return False
    s.add([assertion(block)])
    return True


def _symbol(statement: str) -> str:
    """The function a world statement is about: ``not ideal(d1, a1)`` is about ``ideal``."""
    text = statement.removeprefix("not ").strip()
    return text.split("(", 1)[0].split(" ", 1)[0]


def _in_reading_order(world: World) -> list[str]:
    """Facts ordered as a story is told: what the model did, what was wished, then the rest."""
    return sorted(world.statements(), key=lambda text: (told_rank(_symbol(text)), text.removeprefix("not ")))
