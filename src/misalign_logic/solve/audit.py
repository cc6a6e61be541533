"""What a scheme is, proved: categorization, world-basedness, and where two schemes part (docs/model.md,
"Schemes as data").

Each function here is reusable on its own:

* :func:`categorization` checks, on given stories and on every story of a scope, that each world with a
  failure point gets exactly one label, and otherwise returns an overlap or a gap world.
* :func:`find_flip` and :func:`find_distinction` (from :mod:`misalign_logic.solve.compare`, the one
  comparison) look for a non-monotone flip of a scheme that reads the description, and for a scenario two
  schemes force different labels on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from misalign_logic.model.conditions import exclusive_by_form, parsed_definitions
from misalign_logic.model.errors import MisalignLogicError
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.story import Fact, Story
from misalign_logic.model.verdicts import Verdict, World
from misalign_logic.solve.categorization import StoryCategorization, story_categorization
from misalign_logic.solve.classify import Analysis
from misalign_logic.solve.compare import Distinction, FlipFound, find_distinction, find_flip
from misalign_logic.solve.scope import DEFAULT_SCOPE, analysis_limits, limits, mention_sets, session_limits, shapes

__all__ = [
    "Categorization",
    "Distinction",
    "FlipFound",
    "applied",
    "categorization",
    "find_distinction",
    "find_flip",
    "limits",
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
        stories: how many stories were checked; ``cases``: how many (story, wording) cases in all.
        overlap_mentioned, gap_mentioned: per world, the symbols a scenario must mention for it to have that
            value (conditions that read the wording).
    """

    holds: bool
    overlap: World | None = None
    overlap_labels: frozenset[Label] = frozenset()
    overlap_story: Story | None = None
    gap: World | None = None
    gap_story: Story | None = None
    stories: int = 0
    cases: int = 0
    overlap_mentioned: frozenset[str] = frozenset()
    gap_mentioned: frozenset[str] = frozenset()


def categorization(scheme: Scheme, checked: Iterable[Story]) -> Categorization:
    """Check that ``scheme`` categorizes every world of every story in ``checked``.

    For each story, and each set of symbols a scenario could mention (where the scheme reads them), a
    propositional reading of the conditions proves it when it can; otherwise the solver looks for an overlap
    and a gap world over the whole story.

    Raises:
        SolverUnknown: the solver gave up.
        SpecError: a condition does not parse over one of the stories.
    """
    overlap: StoryCategorization | None = None
    gap: StoryCategorization | None = None
    where: dict[str, tuple[Story, frozenset[str]]] = {}
    count = cases = 0
    for story in checked:
        count += 1
        for mentioned in mention_sets([scheme], story):
            cases += 1
            if exclusive_by_form(parsed_definitions(story, scheme.with_reading("literal"), mentioned)):
                continue
            timeout, rlimit = session_limits()
            found = story_categorization(story, scheme, mentioned, timeout=timeout, rlimit=rlimit)
            if found.overlap is not None and overlap is None:
                overlap, where["overlap"] = found, (story, mentioned)
            if found.gap is not None and gap is None:
                gap, where["gap"] = found, (story, mentioned)
    nowhere: tuple[Story | None, frozenset[str]] = (None, frozenset())
    at_overlap, at_gap = where.get("overlap", nowhere), where.get("gap", nowhere)
    return Categorization(
        overlap is None and gap is None,
        overlap.overlap if overlap else None,
        overlap.overlap_labels if overlap else frozenset(),
        at_overlap[0],
        gap.gap if gap else None,
        at_gap[0],
        count,
        cases,
        at_overlap[1],
        at_gap[1],
    )


def applied(scheme: Scheme, scenario: Scenario) -> Verdict | str:
    """The verdict of ``scheme`` on ``scenario``, or why there is none (as a sentence)."""
    try:
        return Analysis(scenario, explain=False, **analysis_limits()).classify(scheme)
    except MisalignLogicError as err:  # the scheme reads a name the story lacks, or leaves a world unlabelled
        return str(err)
