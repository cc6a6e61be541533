"""The rules a story's names and sizes follow, and the documented limits on the size of a spec.

The limits keep grounding bounded: a world has ``situations × actions × choices`` design atoms, and a
constraint's quantifiers expand to the product of their domains' sizes. Beyond a limit a spec is refused
with a :class:`~misalign_logic.SpecError` rather than handed to the solver (specs/README.md lists them).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Sequence
from math import prod

from misalign_logic.model.errors import ProblemSink
from misalign_logic.model.limits import DEFAULT_LIMITS, LIMIT_NAMES, Limits, raise_hint, unknown_limit
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
    "LIMIT_NAMES",
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
    "Limits",
    "name_problems",
    "read_limits",
    "size_problems",
]

#: Largest spec file read (bytes; characters for text given directly); a larger one is refused unread.
MAX_SPEC_BYTES = DEFAULT_LIMITS["spec_bytes"]
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
MAX_SCENARIOS = DEFAULT_LIMITS["scenarios"]

# A key path into the TOML document: table keys and array indices.
KeyPath = tuple[str | int, ...]
# (what the names are, e.g. "action"; each name with where it is written)
Group = tuple[str, Sequence[tuple[str, KeyPath]]]

# Each group of names a story declares, and the name of its limit.
_LIMITS = {"situation": "situations", "action": "actions", "choice": "choices", "reason": "reasons", "fact": "facts"}


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


def size_problems(groups: Sequence[Group], limits: Limits | None = None) -> Iterator[tuple[str, KeyPath, str]]:
    """Groups larger than their limit, and a story whose worlds would ground to too many atoms.

    Args:
        groups: each group of names with where each is written.
        limits: the limits raised by the user (the documented defaults when None).

    Returns:
        ``(message, where, hint)`` per problem; ``where`` is the key path of the group's first name.
    """
    limits = limits or Limits()
    sizes = {}
    for what, names in groups:
        sizes[what] = len(names)
        if what in _LIMITS:
            limit = limits.of(_LIMITS[what])
            hint = (
                f"split the story, or merge names that play the same part, or {raise_hint(_LIMITS[what], len(names))}"
            )
        elif what.startswith("value of"):
            limit, hint = MAX_VALUES, "split the story, or merge names that play the same part"
        else:
            continue
        if len(names) > limit:
            yield (f"the story has {len(names)} {what}s; the limit is {limit}", names[limit][1][:-1], hint)
    grounding = prod(sizes.get(w, 1) for w in ("situation", "action", "choice"))
    if grounding > limits.of("atoms") and all(
        sizes.get(w, 0) <= limits.of(_LIMITS[w]) for w in ("situation", "action", "choice")
    ):
        yield (
            f"situations × actions × choices is {grounding}; the limit is {limits.of('atoms')}",
            ("story",),
            "a world has that many design atoms: use fewer situations, actions or choices, or "
            + raise_hint("atoms", grounding),
        )


def read_limits(data: object, where: Callable[[KeyPath], tuple[int, int]], problem: ProblemSink) -> Limits:
    """The ``[check.limits]`` table: the limits a spec file raises for itself.

    Args:
        data: the table's value (None when the file has none).
        where: the line and column of a key path in the file.
        problem: reports each bad entry (an unknown name, a value that is not a positive whole number, or
            ``spec_bytes``, which is measured before the file is read).

    Returns:
        The limits of the good entries.
    """
    if data is None:
        return Limits()
    path: KeyPath = ("check", "limits")
    if not isinstance(data, dict):
        problem(
            "[check.limits] must be a table of limits",
            where(path),
            "write [check.limits] with lines like situations = 40000",
        )
        return Limits()
    good: dict[str, int] = {}
    for name, value in data.items():
        at = where((*path, name))
        if name not in LIMIT_NAMES:
            problem(unknown_limit(name), at, "write one line per limit: situations = 40000")
        elif name == "spec_bytes":
            problem(
                "spec_bytes cannot be raised in the file it limits: the file is measured before it is read",
                at,
                "raise it with --limits spec_bytes=N (Python: limits=Limits(spec_bytes=N))",
            )
        elif isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 10**12:
            problem(
                f"limit {name} must be a positive whole number up to 10**12, got {value!r}",
                at,
                f"write {name} = {DEFAULT_LIMITS[name] * 10}",
            )
        else:
            good[name] = value
    return Limits(**good)
