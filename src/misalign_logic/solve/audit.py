"""What a scheme is, proved: categorization, world-basedness, and where two schemes part (docs/model.md,
"Schemes as data").

Each function here is reusable on its own:

* :func:`categorization` checks, on given stories and on every story of a scope, that each world with a
  failure point gets exactly one label, and otherwise returns an overlap or a gap world.
* :func:`find_flip` looks for a non-monotone flip of a scheme that reads the description: two scenarios, the
  second refining the first, whose label sets are not nested, verified by :func:`~misalign_logic.classify`.
* :func:`find_distinction` looks for a world two schemes label differently, and writes it as a scenario whose
  stated facts make the verdicts differ, shrunk until no fact can be dropped; None means the schemes are
  equivalent within the scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import attrs

from misalign_logic.model.conditions import exclusive_by_form, parsed_definitions
from misalign_logic.model.errors import MisalignLogicError, SolverUnknown
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.story import Fact, Story
from misalign_logic.model.verdicts import Status, Verdict, World
from misalign_logic.solve.backend import Outcome
from misalign_logic.solve.categorization import Clash, clash, define_labels, differ, failing
from misalign_logic.solve.classify import Analysis
from misalign_logic.solve.encoding import conj, neg
from misalign_logic.solve.scope import DEFAULT_SCOPE, mention_sets, read_symbols, shapes, tautology
from misalign_logic.solve.session import GaveUp, Session

__all__ = [
    "Categorization",
    "Distinction",
    "FlipFound",
    "applied",
    "categorization",
    "find_distinction",
    "find_flip",
    "stories",
]


def stories(scope: int = DEFAULT_SCOPE, facts: Sequence[Fact] = ()) -> list[Story]:
    """One story per shape within ``scope`` (see :mod:`misalign_logic.solve.scope`), smallest first."""
    return [shape.story(facts) for shape in shapes(scope)]


@attrs.frozen
class Categorization:
    """Whether a scheme gives every failure world exactly one label, on every story checked.

    Attributes:
        holds: True when no story checked has an overlap or a gap world.
        overlap: the first overlap world found (two labels hold), or None; ``overlap_labels`` says which.
        gap: the first gap world found (a failure, and no label holds), or None.
        overlap_story, gap_story: the stories they were found in.
        mentioned: per witness, the symbols a scenario must mention for it (conditions that read the wording).
        stories: how many stories were checked; ``mention_sets``: how many (story, wording) cases in all.
    """

    holds: bool
    overlap: World | None = None
    overlap_labels: frozenset[Label] = frozenset()
    overlap_story: Story | None = None
    gap: World | None = None
    gap_story: Story | None = None
    stories: int = 0
    cases: int = 0


def categorization(scheme: Scheme, checked: Iterable[Story]) -> Categorization:
    """Check that ``scheme`` categorizes every world of every story in ``checked``.

    For each story, and each set of symbols a scenario could mention (where the scheme reads them), a
    propositional reading of the conditions proves it when it can; otherwise the solver looks for an overlap
    and a gap world over the whole story.

    Raises:
        SolverUnknown: the solver gave up.
        SpecError: a condition does not parse over one of the stories.
    """
    overlap: Clash | None = None
    gap: Clash | None = None
    where: dict[str, Story] = {}
    count = cases = 0
    for story in checked:
        count += 1
        for mentioned in mention_sets([scheme], story):
            cases += 1
            if exclusive_by_form(parsed_definitions(story, scheme.with_reading("literal"), mentioned)):
                continue
            found = clash(story, scheme, mentioned)
            if found.overlap is not None and overlap is None:
                overlap, where["overlap"] = found, story
            if found.gap is not None and gap is None:
                gap, where["gap"] = found, story
    return Categorization(
        overlap is None and gap is None,
        overlap.overlap if overlap else None,
        overlap.overlap_labels if overlap else frozenset(),
        where.get("overlap"),
        gap.gap if gap else None,
        where.get("gap"),
        count,
        cases,
    )


@attrs.frozen
class FlipFound:
    """A non-monotone flip: ``refined`` refines ``base``, yet its labels are not among ``base``'s."""

    base: Scenario
    refined: Scenario
    base_verdict: Verdict
    refined_verdict: Verdict


def _labels(scenario: Scenario, scheme: Scheme) -> Verdict | None:
    """The verdict, or None when the scheme has none to give (the solver gave up, or a gap)."""
    try:
        verdict = Analysis(scenario, explain=False).classify(scheme)
    except MisalignLogicError:
        return None
    return None if verdict.status in (Status.UNKNOWN, Status.INCONSISTENT) else verdict


def _candidates(scheme: Scheme, story: Story, most: int = 8) -> Iterator[World]:
    """Failure worlds of ``story`` with each label under each wording, as readable facts (a few of each)."""
    for mentioned in mention_sets([scheme], story):
        s = Session(story, None, None)
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


def find_flip(scheme: Scheme, checked: Iterable[Story]) -> FlipFound | None:
    """A non-monotone flip of ``scheme`` on one of the stories, or None when none is found.

    For a candidate world, the facts the wording can change (those of the symbols the scheme reads the
    mention of) are held back from a first scenario and stated in a second that extends it; symbols never
    stated are mentioned by a tautology. Each candidate pair is classified, so a flip returned is a proof.
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


def _symbol(statement: str) -> str:
    """The function a world statement is about: ``not ideal(d1, a1)`` is about ``ideal``."""
    text = statement.removeprefix("not ").strip()
    return text.split("(", 1)[0].split(" ", 1)[0]


@attrs.frozen
class Distinction:
    """A scenario two schemes give different verdicts, its stated facts minimal."""

    scenario: Scenario
    a: Verdict
    b: Verdict


def _differ(scenario: Scenario, a: Scheme, b: Scheme) -> tuple[Verdict, Verdict] | None:
    """Both verdicts, when each is forced and they force different labels."""
    first, second = _labels(scenario, a), _labels(scenario, b)
    if first is None or second is None or Status.AMBIGUOUS in (first.status, second.status):
        return None
    return None if first.labels == second.labels else (first, second)


def _exclude(s: Session, world: World) -> bool:
    """Rule ``world`` out of the session's later models; False when it fixes nothing, so nothing is left."""
    block = neg(conj(s.enc.fact(atom, v) for atom, v in world.facts))
    if block == "false":
        return False
    s.add([f"(assert {block})"])
    return True


def _differing_worlds(a: Scheme, b: Scheme, story: Story, mentioned: frozenset[str]) -> Iterator[World]:
    """Worlds of ``story`` that ``a`` and ``b`` label differently (a scenario mentioning ``mentioned``)."""
    s = Session(story, None, None)
    la, support_a = define_labels(s, a, mentioned, "A")
    lb, support_b = define_labels(s, b, mentioned, "B")
    s.add([f"(declare-const |differ| Bool) (assert (= |differ| {differ(la, lb)}))"])
    try:
        for _ in range(4):
            if s.check(["differ"]) is not Outcome.SAT:
                return
            world = s.world(support_a | support_b)
            yield world
            if not _exclude(s, world):
                return
    except GaveUp as gave_up:
        raise SolverUnknown(gave_up.reason) from None


def find_distinction(a: Scheme, b: Scheme, checked: Iterable[Story]) -> Distinction | None:
    """A scenario ``a`` and ``b`` force different labels on, its facts minimal; None: equivalent on ``checked``.

    Searches the stories in order (smallest first within a scope) for a world the schemes label differently;
    writes it as a scenario of its facts, mentioning the symbols the wording must mention, and drops facts one
    at a time while the verdicts still differ, so that no stated fact can be dropped.

    Raises:
        SolverUnknown: the solver gave up.
        SpecError: a condition does not parse over one of the stories.
    """
    for story in checked:
        read = read_symbols(a, story) | read_symbols(b, story)
        for mentioned in mention_sets([a, b], story):
            for world in _differing_worlds(a, b, story, mentioned):
                facts = [f for f in world.statements() if _symbol(f) not in read - mentioned]
                stated = {_symbol(f) for f in facts}
                facts += [tautology(story, sym) for sym in sorted(mentioned - stated)]
                found = _shrink(story, facts, a, b)
                if found is not None:
                    return found
    return None


def _shrink(story: Story, facts: list[str], a: Scheme, b: Scheme) -> Distinction | None:
    scenario = Scenario.from_strings(story, "distinguishing", facts)
    found = _differ(scenario, a, b)
    if found is None:
        return None
    i = 0
    while i < len(facts):
        trial = facts[:i] + facts[i + 1 :]
        if trial:
            smaller = Scenario.from_strings(story, "distinguishing", trial)
            verdicts = _differ(smaller, a, b)
            if verdicts is not None:
                facts, scenario, found = trial, smaller, verdicts
                continue
        i += 1
    return Distinction(scenario, *found)


def applied(scheme: Scheme, scenario: Scenario) -> Verdict | str:
    """The verdict of ``scheme`` on ``scenario``, or why there is none (as a sentence)."""
    try:
        return Analysis(scenario, explain=False).classify(scheme)
    except MisalignLogicError as err:  # the scheme reads a name the story lacks, or leaves a world unlabelled
        return str(err)
