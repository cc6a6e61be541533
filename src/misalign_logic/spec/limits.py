"""The rules a story's names and sizes follow, and the documented limits on the size of a spec.

The limits keep grounding bounded: a world has ``situations × actions × choices`` design atoms, and a
constraint's quantifiers expand to the product of their domains' sizes. Beyond a limit a spec is refused
with a :class:`~misalign_logic.SpecError` rather than handed to the solver (specs/README.md lists them).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from math import prod

from misalign_logic.model.parse import MAX_GROUNDING, MAX_LENGTH, MAX_SUM
from misalign_logic.model.scenario import MAX_TOTAL_GROUNDING
from misalign_logic.model.story import (
    _NAME,
    BUILTIN_FUNCTIONS,
    MAX_ACTIONS,
    MAX_AMOUNT,
    MAX_ATOMS,
    MAX_CHOICES,
    MAX_FACTS,
    MAX_LITERAL,
    MAX_RANGE_WIDTH,
    MAX_REASONS,
    MAX_SITUATIONS,
    MAX_SORTS,
    MAX_TERMS,
    MAX_VALUES,
    RESERVED,
)
from misalign_logic.model.syntax import MAX_DEPTH

__all__ = [
    "MAX_ACTIONS",
    "MAX_AMOUNT",
    "MAX_ANSWERS_PER_RESPONDENT",
    "MAX_ANSWER_ROWS",
    "MAX_ATOMS",
    "MAX_CHOICES",
    "MAX_DEPTH",
    "MAX_FACTS",
    "MAX_GROUNDING",
    "MAX_KEY_PARTS",
    "MAX_LENGTH",
    "MAX_LITERAL",
    "MAX_RANGE_WIDTH",
    "MAX_REASONS",
    "MAX_SCENARIOS",
    "MAX_SCHEMES",
    "MAX_SITUATIONS",
    "MAX_SORTS",
    "MAX_SPEC_BYTES",
    "MAX_SUM",
    "MAX_TERMS",
    "MAX_TOTAL_GROUNDING",
    "MAX_VALUES",
    "name_problems",
    "size_problems",
]

#: Largest spec file read (bytes; characters for text given directly); a larger one is refused unread.
MAX_SPEC_BYTES = 5_000_000
#: Most parts of one dotted TOML key (``a.b.c`` has three): tomllib's time grows with their square.
MAX_KEY_PARTS = 64
#: Most schemes in one taxonomy file: ``audit`` proves each within a scope, seconds apiece.
MAX_SCHEMES = 100
#: Most rows of a survey's answers file (``judge --answers``): each respondent's answers are judged for
#: coherence pair by pair.
MAX_ANSWER_ROWS = 10_000
#: Most answers of one respondent in a survey: the coherence check grows with the square of their number.
MAX_ANSWERS_PER_RESPONDENT = 100
#: Most scenarios in one file: ``check`` relates every pair, so the work grows with the square.
MAX_SCENARIOS = 100

# A key path into the TOML document: table keys and array indices.
KeyPath = tuple[str | int, ...]
# (what the names are, e.g. "action"; each name with where it is written)
Group = tuple[str, Sequence[tuple[str, KeyPath]]]

_LIMITS = {
    "situation": MAX_SITUATIONS,
    "action": MAX_ACTIONS,
    "choice": MAX_CHOICES,
    "reason": MAX_REASONS,
    "fact": MAX_FACTS,
}


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def name_problems(groups: Sequence[Group], reasons_given: bool) -> Iterator[tuple[str, KeyPath, str]]:
    """Invalid, reserved and duplicate names across a story's groups of names (the rules of :class:`Story`).

    Args:
        groups: each group of names with where each is written, in declaration order.
        reasons_given: whether the spec lists its reasons (otherwise the defaults are used).

    Returns:
        ``(message, where, hint)`` per problem; ``where`` is the key path of the offending name.
    """
    seen: dict[str, str] = {}
    for what, names in groups:
        for name, where in names:
            if (
                not _NAME.match(name)
                or name in RESERVED
                or name in BUILTIN_FUNCTIONS
                or name in ("failure", "mentions")
            ):
                why = "is a keyword or built-in function" if _NAME.match(name) else "is not a name"
                yield (
                    f"{name!r} cannot name {_a(what)}: it {why}",
                    where,
                    "use letters, digits and underscores, starting with a letter",
                )
            elif name in seen:
                other = seen[name]
                message = (
                    f"{what} {name!r} is listed twice"
                    if other == what
                    else f"{name!r} names both {_a(other)} and {_a(what)}"
                )
                yield message, where, "give each thing its own name"
            else:
                seen[name] = what
    reasons = next((names for what, names in groups if what == "reason"), ())
    for needed in ("aligned", "deceptive"):
        if reasons_given and needed not in {n for n, _ in reasons}:
            where = reasons[0][1][:-1] if reasons else ("story", "reasons")
            close = difflib.get_close_matches(needed, [n for n, _ in reasons], n=1)
            hint = (
                f"did you mean {close[0]!r}?"
                if close
                else "the schemes read reason(s) == aligned and reason(s) == deceptive"
            )
            yield f"the reasons must include {needed!r}", where, hint


def size_problems(groups: Sequence[Group]) -> Iterator[tuple[str, KeyPath, str]]:
    """Groups larger than their limit, and a story whose worlds would ground to too many atoms.

    Returns:
        ``(message, where, hint)`` per problem; ``where`` is the key path of the group's first name.
    """
    sizes = {}
    for what, names in groups:
        limit = _LIMITS.get(what, MAX_VALUES if what.startswith("value of") else None)
        sizes[what] = len(names)
        if limit is not None and len(names) > limit:
            yield (
                f"the story has {len(names)} {what}s; the limit is {limit}",
                names[limit][1][:-1],
                "split the story, or merge names that play the same part",
            )
    grounding = prod(sizes.get(w, 1) for w in ("situation", "action", "choice"))
    if grounding > MAX_ATOMS and all(sizes.get(w, 0) <= _LIMITS[w] for w in ("situation", "action", "choice")):
        yield (
            f"situations × actions × choices is {grounding}; the limit is {MAX_ATOMS}",
            ("story",),
            "a world has that many design atoms: use fewer situations, actions or choices",
        )
