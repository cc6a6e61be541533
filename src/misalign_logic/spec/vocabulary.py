"""Reading the user's own vocabulary from TOML: finite sorts and declared symbols (docs/model.md,
"The user's own vocabulary").

A story writes them under ``[story.sorts]`` and ``[story.facts]``; a taxonomy file under top-level ``[sorts]``
and ``[facts]``. Both read them here, each problem reported with the key path where it is written::

    [story.sorts]
    Skill = ["navigation", "goal_pursuit"]
    [story.facts]
    knows = { kind = "cognition", args = ["Situation", "Skill"] }            # a boolean per term
    points = { kind = "world", args = ["Situation", "Action"], range = [0, 100] }  # an amount
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from misalign_logic.model.story import ARGUMENT_SORTS, Fact, FactKind, range_problems

__all__ = ["FACT_KEYS", "read_fact", "read_sorts"]

#: The keys a declared symbol's inline table may have.
FACT_KEYS = ("kind", "values", "describe", "args", "range")

# A key path into the TOML document, and the function that reports a problem at one: (message, path, hint).
Path = tuple[str | int, ...]
Report = Callable[[str, Path, str], None]


def read_sorts(raw: Any, path: Path, report: Report) -> list[tuple[str, tuple[str, ...], Path]]:
    """The sorts of a ``sorts`` table: each name with its values and where it is written.

    Names and values are checked with the story's other names (:func:`~misalign_logic.spec.limits.name_problems`);
    here only the shape: a table of non-empty lists of strings.
    """
    if raw is None:
        return []
    if not isinstance(raw, dict):
        report("sorts must be a table", path, 'write [sorts] with lines like Skill = ["navigation", "goal_pursuit"]')
        return []
    out = []
    for name, values in raw.items():
        where = (*path, name)
        if not (isinstance(values, list) and values and all(isinstance(v, str) for v in values)):
            report(f"sort {name!r} must be a non-empty list of names", where, f'write {name} = ["a", "b"]')
            continue
        out.append((str(name), tuple(values), where))
    return out


def read_fact(
    name: str, raw: Any, describe: str, where: Path, report: Report, sorts: Mapping[str, object]
) -> Fact | None:
    """One declared symbol from its ``[facts]`` entry (``raw``: a kind string, or an inline table).

    Args:
        name: the symbol's name.
        raw: its entry.
        describe: its ``describe`` words, already read.
        where: the entry's key path.
        report: where problems go.
        sorts: the user sorts in scope (a story's, plus a taxonomy's), for the argument check.

    Returns:
        The fact, or None when a problem was reported.
    """
    table = raw if isinstance(raw, dict) else {}
    kind = table.get("kind") if isinstance(raw, dict) else raw
    values, args, bounds = table.get("values"), table.get("args", []), table.get("range")
    if kind not in ("cognition", "world"):
        report(
            f'fact {name!r} needs kind "cognition" or "world"',
            where,
            "cognition: about the model's internals; world: anything else",
        )
        return None
    if values is not None and not (isinstance(values, list) and values and all(isinstance(v, str) for v in values)):
        report(
            f"values of fact {name!r} must be a non-empty list of names",
            (*where, "values"),
            'write values = ["low", "high"]',
        )
        return None
    if not (isinstance(args, list) and all(isinstance(a, str) for a in args)):
        report(f"args of fact {name!r} must be a list of sort names", (*where, "args"), 'write args = ["Situation"]')
        return None
    for i, arg in enumerate(args):
        if arg not in ARGUMENT_SORTS and arg not in sorts:
            known = ", ".join([*ARGUMENT_SORTS, *sorts])
            report(
                f"fact {name!r} takes an argument of unknown sort {arg!r}", (*where, "args", i), f"use one of {known}"
            )
            return None
    ok, found = _range(name, bounds, values, where, report)
    if not ok:
        return None
    return Fact(name, FactKind(kind), None if values is None else tuple(values), describe, tuple(args), found)


def _range(name: str, bounds: Any, values: Any, where: Path, report: Report) -> tuple[bool, tuple[int, int] | None]:
    """Whether the range is well formed, and the declared range ``(lo, hi)`` (None when there is none)."""
    if bounds is None:
        return True, None
    at = (*where, "range")
    if values is not None:
        report(f"fact {name!r} has both values and a range", at, "an enum has values, an amount a range")
        return False, None
    if not (
        isinstance(bounds, list) and len(bounds) == 2 and all(type(b) is int for b in bounds)  # not a bool either
    ):
        report(f"the range of {name!r} must be two integers [lo, hi]", at, "write range = [0, 100]")
        return False, None
    lo, hi = bounds
    problems = list(range_problems(name, (lo, hi)))
    for p in problems:
        report(p.message, at, p.hint)
    return (False, None) if problems else (True, (lo, hi))
