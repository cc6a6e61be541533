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

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from misalign_logic.model.errors import Problem, SpecError
from misalign_logic.model.specfile import Spec
from misalign_logic.model.story import ARGUMENT_SORTS, MAX_TERMS, Fact, FactKind, Story, range_problems

__all__ = ["FACT_KEYS", "Declared", "merge", "read_fact", "read_sorts", "with_declared"]

#: The keys a declared symbol's inline table may have.
FACT_KEYS = ("kind", "values", "describe", "args", "range")

# A key path into the TOML document, and the function that reports a problem at one: (message, path, hint).
KeyPath = tuple[str | int, ...]
Report = Callable[[str, KeyPath, str], None]


def read_sorts(raw: Any, path: KeyPath, report: Report) -> list[tuple[str, tuple[str, ...], KeyPath]]:
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
    name: str, raw: Any, describe: str, where: KeyPath, report: Report, sorts: Mapping[str, object]
) -> Fact | None:
    """One declared symbol from its ``[facts]`` entry (``raw``: a kind string, or an inline table).

    Args:
        name: the symbol's name.
        raw: its entry.
        describe: its ``describe`` words, already read.
        where: the entry's key path.
        report: where problems go.
        sorts: the sorts in scope (the user's, and for a story its built-in ones) with their values or their
            sizes, for the argument check and the limit on ground terms.

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
    terms = 1
    for arg in args:
        size = sorts.get(arg, 1)
        terms *= size if isinstance(size, int) else len(size)  # type: ignore[arg-type]
    if terms > MAX_TERMS:
        message = f"fact {name!r} has {terms} ground terms; the limit is {MAX_TERMS}"
        report(message, (*where, "args"), "give it fewer arguments, or arguments over smaller sorts")
        return None
    ok, found = _range(name, bounds, values, where, report)
    if not ok:
        return None
    return Fact(name, FactKind(kind), None if values is None else tuple(values), describe, tuple(args), found)


def _range(name: str, bounds: Any, values: Any, where: KeyPath, report: Report) -> tuple[bool, tuple[int, int] | None]:
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


@attrs.frozen
class Declared:
    """A sort or a symbol a taxonomy file declares, and where: merged into the story it is applied to.

    Attributes:
        name: the sort's or symbol's name.
        fact: the symbol (None for a sort).
        values: the sort's values (empty for a symbol).
        file: the taxonomy file.
        line: the line of its declaration.
    """

    name: str
    fact: Fact | None
    values: tuple[str, ...]
    file: str
    line: int

    def signature(self) -> tuple[Any, ...]:
        """What must agree with a declaration of the same name elsewhere (words may differ)."""
        return _signature(self.fact) if self.fact is not None else ("sort", self.values)


def _signature(fact: Fact) -> tuple[Any, ...]:
    return ("fact", fact.kind, fact.args, fact.values, fact.range)


def _line_in(path: str, name: str) -> int:
    """The line where ``name`` is declared in the spec file ``path`` (0 when it cannot be told)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    pattern = re.compile(rf"\s*{re.escape(name)}\s*=")
    return next((i for i, text in enumerate(lines, 1) if pattern.match(text)), 0)


def merge(story: Story, declared: Sequence[Declared], story_file: str = "<story>") -> Story:
    """``story`` with the declared sorts and symbols added (docs/model.md, "The user's own vocabulary").

    A name the story (or an earlier declaration) already declares with the same signature is kept once.

    Raises:
        SpecError: the same name with another signature, naming both places; or a declared name that clashes
            with another of the story's names.
    """
    sorts, facts = dict(story.sorts), {f.name: f for f in story.facts}
    origin: dict[str, tuple[str, int]] = {}
    problems = []
    for d in declared:
        mine: tuple[Any, ...] | None = None
        if d.name in facts:
            mine = _signature(facts[d.name])
        elif d.name in sorts:
            mine = ("sort", sorts[d.name])
        if mine is not None:
            if mine != d.signature():
                file, line = origin.get(d.name, (story_file, _line_in(story_file, d.name)))
                where = f"{file}:{line}" if line else file
                problems.append(
                    Problem(
                        f"{d.name!r} is declared here and at {where} with another signature",
                        d.file,
                        d.line,
                        1,
                        "declare it the same way in both places, or rename one",
                    )
                )
            continue
        origin[d.name] = (d.file, d.line)
        if d.fact is not None:
            facts[d.name] = d.fact
        else:
            sorts[d.name] = d.values
    if problems:
        raise SpecError(problems)
    try:
        return attrs.evolve(story, sorts=tuple(sorts.items()), facts=tuple(facts.values()))
    except SpecError as err:
        first = declared[0] if declared else None
        raise SpecError(
            [
                Problem(
                    f"with the taxonomy's declarations, {p.message}",
                    first.file if first else story_file,
                    first.line if first else 0,
                    1 if first else 0,
                    p.hint,
                )
                for p in err.problems
            ]
        ) from None


def with_declared(spec: Spec, declared: Sequence[Declared]) -> Spec:
    """``spec`` with ``declared`` merged into its story, its scenarios told over the merged story.

    Raises:
        SpecError: as :func:`merge`.
    """
    story = merge(spec.story, declared, spec.path) if declared else spec.story
    if story == spec.story:
        return spec
    scenarios = tuple(attrs.evolve(s, story=story) for s in spec.scenarios)
    return attrs.evolve(spec, story=story, scenarios=scenarios)
