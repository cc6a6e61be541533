"""Where two world-based schemes part: one solver query for a world they label differently (docs/model.md,
"Schemes as data", *Comparison*).

Both schemes' label conditions are defined over one story, and the solver is asked once for a world where
some label's condition holds under one scheme and not under the other. When there is none, the query's
``unsat`` is the proof that the schemes agree on every world of the story (or of the given scenario). When
there is one, its facts over the atoms the conditions read are cut down, by deletion, to a set that still
forces both schemes' labels; every fact left is needed (dropping any one lets a world escape one of the
labels), so the scenario written from them states minimal facts.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

import attrs

from misalign_logic.model.conditions import parsed_definitions
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme, parse_scheme, value_of
from misalign_logic.model.story import Story
from misalign_logic.model.verdicts import World
from misalign_logic.solve.backend import Outcome
from misalign_logic.solve.classify import DEFAULT_RLIMIT
from misalign_logic.solve.encoding import Read, conj, disj, gc_paused
from misalign_logic.solve.session import GaveUp, Session

__all__ = ["Disagreement", "Parting", "disagreement"]


class Parting(enum.Enum):
    """What the query says about two schemes."""

    FOUND = "found"  # a world the schemes label differently, and minimal facts that force both labels
    NONE = "none"  # no such world: the query is unsat, a proof that the schemes agree
    UNKNOWN = "unknown"  # the solver gave up; nothing is claimed

    def __str__(self) -> str:
        return self.value


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
        minimal: when found, whether the deletion pass finished (False if the solver gave up inside it).
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


def _define(s: Session, tag: str, scheme: Scheme) -> tuple[dict[Label, str], frozenset[Read]]:
    """Declare one boolean per label of ``scheme``, equal to its condition; returns them and the atoms read."""
    lits: dict[Label, str] = {}
    body = []
    with gc_paused():
        for label, expr in parsed_definitions(s.enc.story, scheme, False):
            lit = f"{tag}#{label.value}"
            lits[label] = lit
            body.append(f"(declare-const |{lit}| Bool) (assert (= |{lit}| {s.enc.formula(expr)}))")
    return lits, s.add(body)


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
    s = Session(story, timeout, rlimit)
    (lits_a, reads_a), (lits_b, reads_b) = _define(s, "A", pair[0]), _define(s, "B", pair[1])
    fixed = _scenario_lits(s, within)
    # Over the labels of both: a label one scheme does not have never holds under it, so schemes with other
    # label sets differ wherever a failure gets a label (their values differ).
    labels = sorted(set(lits_a) | set(lits_b), key=lambda label: label.value)
    differ = disj(f"(xor {_truth(lits_a, label)} {_truth(lits_b, label)})" for label in labels)
    s.add([f"(declare-const |differ| Bool) (assert (= |differ| {differ}))"])
    try:
        if s.check([*fixed, "differ"]) is Outcome.UNSAT:
            return Disagreement(story, pair, Parting.NONE, within=within)
        truth = s.backend.values([*lits_a.values(), *lits_b.values()])
        world = s.world(reads_a | reads_b)
    except GaveUp as gave_up:
        return Disagreement(story, pair, Parting.UNKNOWN, within=within, reason=gave_up.reason)
    got = tuple(_value(frozenset(label for label, lit in lits.items() if truth[lit])) for lits in (lits_a, lits_b))
    # "Both labels as found": every label condition of both schemes keeps its truth value from the world.
    same = conj(f"|{lit}|" if truth[lit] else f"(not |{lit}|)" for lit in [*lits_a.values(), *lits_b.values()])
    s.add([f"(declare-const |moved| Bool) (assert (= |moved| (not {same})))"])
    facts, minimal = _minimal_facts(s, world, [*fixed, "moved"])
    return Disagreement(story, pair, Parting.FOUND, (got[0], got[1]), facts, world, within, minimal)


def _truth(lits: dict[Label, str], label: Label) -> str:
    return f"|{lits[label]}|" if label in lits else "false"


def _value(held: frozenset[Label]) -> frozenset[Label]:
    """The world's value, as a set of one: ``none``, the label, ``unlabelled`` or ``A+B``."""
    return frozenset({Label.NONE if Label.NONE in held else value_of(held)})


def _scenario_lits(s: Session, scenario: Scenario | None) -> list[str]:
    if scenario is None:
        return []
    body = [
        f"(declare-const |in#{i}| Bool) (assert (=> |in#{i}| {s.enc.formula(c.expr)}))"
        for i, c in enumerate(scenario.constraints)
    ]
    s.add(body)
    return [f"in#{i}" for i in range(len(scenario.constraints))]


def _minimal_facts(s: Session, world: World, fixed: Sequence[str]) -> tuple[tuple[str, ...], bool]:
    """A subset of ``world``'s facts that, with ``fixed``, leaves no world where a label moves; each is needed."""
    names = s.literals(world)
    try:
        if s.check([*fixed, *names]) is not Outcome.UNSAT:
            # The conditions read an atom the world leaves open (cannot happen for a full read); keep it all.
            return tuple(world.statements()), False
    except GaveUp:
        return tuple(world.statements()), False
    found = set(s.backend.core())
    core, minimal = s.minimize(fixed, [n for n in names if n in found])
    kept = World.of({names[n]: world[names[n]] for n in core})
    return tuple(_in_reading_order(kept)), minimal


def _in_reading_order(world: World) -> list[str]:
    """Facts ordered as a story is told: what the model did, what was wished, then the rest."""
    order = ("policy", "ideal", "design", "feedback", "exhibitable", "reason", "choice", "fixes_")

    def rank(text: str) -> tuple[int, str]:
        bare = text.removeprefix("not ")
        return next((k for k, head in enumerate(order) if bare.startswith(head)), len(order)), bare

    return sorted(world.statements(), key=rank)
