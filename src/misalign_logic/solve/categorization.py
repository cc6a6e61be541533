"""Is a scheme a categorization of one story's worlds? (docs/model.md, "Schemes as data").

A scheme is a categorization of a story when every world with a failure point meets exactly one of its
labels' conditions. This module asks the solver for a counterexample over the whole story, with no scenario:
an *overlap* world (two labels hold) or a *gap* world (a failure, and no label holds). Classification asks it
once per story and scheme to pick its method, and the audit asks it over every story of a scope.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import attrs

from misalign_logic.model.conditions import exclusive_by_form, parsed_definitions
from misalign_logic.model.errors import SolverUnknown
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.story import Story
from misalign_logic.model.verdicts import World
from misalign_logic.solve.backend import Outcome
from misalign_logic.solve.encoding import Read, conj, disj, gc_paused, iff, neg
from misalign_logic.solve.session import GaveUp, Session
from misalign_logic.solve.smtlib import named, quoted

__all__ = [
    "StoryCategorization",
    "define_labels",
    "differ",
    "exclusive",
    "failing",
    "label_literals",
    "story_categorization",
    "support",
]

#: The labels a failure world can get under a scheme that declares none.
FAILING = (Label.OUTER, Label.INNER, Label.BOTH)


def failing(scheme: Scheme) -> tuple[Label, ...]:
    """The labels a world with a failure point can get under ``scheme``: its declared ones, or the default."""
    return tuple(map(Label, scheme.family.label_names))


def differ(la: dict[Label, str], lb: dict[Label, str]) -> str:
    """Solver text: the two schemes' label literals give a world different values (a label one lacks never holds)."""
    labels = sorted({*la, *lb}, key=lambda label: label.value) if set(la) != set(lb) else list(la)
    return disj(
        neg(iff(f"|{la[label]}|" if label in la else "false", f"|{lb[label]}|" if label in lb else "false"))
        for label in labels
    )


@attrs.frozen
class StoryCategorization:
    """Whether a scheme categorizes one story's worlds, and where it fails to: an overlap or a gap world (both
    None: it categorizes them).

    Attributes:
        overlap: a world with a failure point where two or more labels hold, as readable facts.
        overlap_labels: the labels that hold there.
        gap: a world with a failure point where no label holds.
    """

    overlap: World | None = None
    overlap_labels: frozenset[Label] = frozenset()
    gap: World | None = None

    @property
    def holds(self) -> bool:
        """True when the scheme categorizes every world of the story."""
        return self.overlap is None and self.gap is None


def define_labels(
    s: Session, scheme: Scheme, mentioned: frozenset[str], prefix: str = "L"
) -> tuple[dict[Label, str], frozenset[Read]]:
    """Define a literal per label of ``scheme`` (literal reading) in ``s``; returns them and the atoms they read.

    The literals are named ``PREFIX#FAMILY#LABEL`` (see :func:`label_literals`).

    Raises:
        SpecError: a user scheme's condition does not parse over the session's story.
    """
    lits, reads = label_literals(s, scheme, mentioned, f"{prefix}#{scheme.family.name}")
    return lits, support(reads.values())


def label_literals(
    s: Session, scheme: Scheme, mentioned: frozenset[str], tag: str, *, negations: bool = False
) -> tuple[dict[Label, str], dict[str, frozenset[Read]]]:
    """The one definition of label literals: a boolean ``TAG#LABEL`` per label of ``scheme`` (literal reading),
    equal to its condition over the session's story, for a scenario that mentions ``mentioned``.

    Args:
        s: the session.
        scheme: the scheme.
        mentioned: the symbols the scenario mentions (what ``mentions(...)`` reads).
        tag: the literals' common prefix.
        negations: also define ``not TAG#LABEL`` as the literal's negation (an assumption for "not this label").

    Returns:
        The literal of each label, and the world atoms each literal's condition reads.

    Raises:
        SpecError: a user scheme's condition does not parse over the session's story.
    """
    defs = parsed_definitions(s.enc.story, scheme.with_reading("literal"), mentioned)
    lits: dict[Label, str] = {}
    reads: dict[str, frozenset[Read]] = {}
    body = []
    with gc_paused():
        for label, expr in defs:
            lit = f"{tag}#{label.value}"
            lits[label] = lit
            text = s.enc.formula(expr)
            reads[lit] = _shared(s.enc.take_reads(), reads.values())
            body.append(named(quoted(lit), text))
            if negations:
                body.append(named(quoted(f"not {lit}"), f"(not {quoted(lit)})"))
    s.add(body)
    return lits, reads


def _shared(found: frozenset[Read], earlier: Iterable[frozenset[Read]]) -> frozenset[Read]:
    """``found``, or an earlier label's equal set of atoms: labels that read the same atoms (a story's
    thousands) share one set."""
    for other in earlier:
        if other == found:
            return other
    return found


def support(reads: Iterable[frozenset[Read]]) -> frozenset[Read]:
    """The atoms some label reads: the union of ``reads``, or the one of them that holds the others."""
    sets = sorted(set(reads), key=len, reverse=True)  # equal sets are one (see _shared)
    if not sets:
        return frozenset()
    if all(other <= sets[0] for other in sets[1:]):
        return sets[0]
    return frozenset().union(*sets)


def story_categorization(
    story: Story,
    scheme: Scheme,
    mentioned: frozenset[str] = frozenset(),
    *,
    timeout: float | None = None,
    rlimit: int | None = None,
) -> StoryCategorization:
    """An overlap world and a gap world of ``scheme`` over ``story``, where there are any.

    Args:
        story: the story whose every world is considered (no scenario restricts them).
        scheme: the scheme (its reading does not change which label a world gets).
        mentioned: the symbols a scenario's constraints mention, for conditions that read them.
        timeout: seconds per solver call, or None.
        rlimit: z3 resource units per solver call, or None.

    Raises:
        SolverUnknown: the solver gave up.
        SpecError: a user scheme's condition does not parse over ``story``.
    """
    s = Session(story, timeout, rlimit)
    lits, support = define_labels(s, scheme, mentioned)
    labels = failing(scheme)
    held = [f"|{lits[label]}|" for label in labels]
    pairs = [conj([a, b]) for i, a in enumerate(held) for b in held[i + 1 :]]
    every = [f"|{lits[label]}|" for label in (Label.NONE, *labels)]
    s.add(
        [
            named(quoted("overlap"), disj(pairs)),
            named(quoted("gap"), neg(disj(every))),
        ]
    )
    try:
        overlap = overlap_labels = None
        if s.check(["overlap"]) is Outcome.SAT:
            truth = s.backend.values([lits[label] for label in labels])
            overlap_labels = frozenset(label for label in labels if truth[lits[label]])
            overlap = s.world(support)
        gap = s.world(support) if s.check(["gap"]) is Outcome.SAT else None
    except GaveUp as gave_up:
        raise SolverUnknown(gave_up.reason) from None
    return StoryCategorization(overlap, overlap_labels or frozenset(), gap)


@functools.lru_cache(maxsize=256)
def exclusive(story: Story, scheme: Scheme, mentioned: frozenset[str]) -> bool:
    """True when every world of ``story`` with a failure point gets exactly one label of ``scheme``.

    Classification then finds a scenario's labels one new label at a time; otherwise it asks for each label
    on its own. When the conditions' propositional form shows it, no solver is asked; otherwise the solver
    decides over the whole story, without a resource limit (a story's labels are a small query, and the answer
    must be exact).
    """
    literal = scheme.with_reading("literal")
    if exclusive_by_form(parsed_definitions(story, literal, mentioned)):
        return True
    return story_categorization(story, literal, mentioned).holds
