"""The atlas: many stories under many schemes at once, and how often a scheme forces a label.

The seed closes on an empirical claim: "some situations can be cleanly categorized … but many situations
won't cleanly fall into a single category". The atlas measures it on a set of stories (docs/model.md,
"Many stories: the atlas"): a matrix of scenarios × schemes, each cell the forced label or the set of labels the
scenario's worlds get, and headline figures over it. Every cell comes from :func:`check_many`, so the
atlas runs on any :class:`concurrent.futures.Executor`; the values here hold no solver object and pickle.

A story's first scenario is the story *as its source tells it*; the others refine it with facts the
source leaves open. The figures are given both over the stories as told and over every scenario.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from misalign_logic.model.errors import SpecError
from misalign_logic.model.flips import Flip
from misalign_logic.model.notebook import Shown
from misalign_logic.model.schemes import Label, Scheme, default_schemes, label_set
from misalign_logic.model.specfile import Spec
from misalign_logic.model.verdicts import RelationKind, Status, Verdict
from misalign_logic.solve.arguments import schemes_argument, specs_argument
from misalign_logic.solve.batch import check_many
from misalign_logic.solve.check import SpecResult, applies
from misalign_logic.solve.classify import DEFAULT_RLIMIT

__all__ = ["Atlas", "Cell", "Column", "Figures", "Row", "Share", "atlas", "atlas_schemes", "figures"]


@attrs.frozen
class Column:
    """One scheme of the atlas.

    Attributes:
        id: the scheme's ID.
        world_based: whether its label depends only on the world; only these count in the figures that
            ask whether a story is cleanly categorized.
    """

    id: str
    world_based: bool


@attrs.frozen
class Cell:
    """What one scheme says about one scenario.

    Attributes:
        status: forced, ambiguous, inconsistent or unknown; None when the scheme does not apply to the
            story (it names a choice the story lacks).
        labels: the labels the scenario's worlds get (one when forced).
    """

    status: Status | None
    labels: frozenset[Label] = frozenset()

    @classmethod
    def of(cls, verdict: Verdict | None) -> Cell:
        """The cell of a verdict (None: the scheme does not apply)."""
        return cls(None) if verdict is None else cls(verdict.status, verdict.labels)

    @property
    def forced(self) -> Label | None:
        """The forced label, or None."""
        return next(iter(self.labels)) if self.status is Status.FORCED else None

    def summary(self) -> str:
        """``outer``, ``{inner, outer}``, ``inconsistent``, ``unknown`` or ``n/a`` (does not apply)."""
        if self.status is None:
            return "n/a"
        if self.status is Status.FORCED:
            return str(self.forced)
        if self.status is Status.AMBIGUOUS:
            return label_set(self.labels)
        return str(self.status)

    def to_dict(self) -> dict[str, Any]:
        """``{"status": ..., "labels": [...]}``; status ``"n/a"`` when the scheme does not apply."""
        status = "n/a" if self.status is None else self.status.value
        return {"status": status, "labels": sorted(label.value for label in self.labels)}


@attrs.frozen
class Row:
    """One scenario of one story, under every column.

    Attributes:
        path: the spec file.
        story: the story's name.
        scenario: the scenario's name.
        told: whether this is the story as its source tells it (the file's first scenario).
        cells: one per column, in column order.
    """

    path: str
    story: str
    scenario: str
    told: bool
    cells: tuple[Cell, ...]


@attrs.frozen
class Share:
    """How often one scheme forces a label over a set of rows.

    Attributes:
        scheme: the scheme's ID.
        forced: rows where it forces a label.
        applicable: rows it applies to.
    """

    scheme: str
    forced: int
    applicable: int

    @property
    def fraction(self) -> float:
        """``forced / applicable`` (0.0 when it applies to no row)."""
        return self.forced / self.applicable if self.applicable else 0.0


@attrs.frozen
class Figures:
    """The headline figures over a set of rows.

    The first four count rows and read only the world-based columns (a description-based heuristic is
    not a categorization of what happened, so it cannot tell whether a story is cleanly categorized).

    Attributes:
        rows: how many rows were counted.
        same_forced: rows forced to one and the same label under every world-based column.
        ambiguous: rows ambiguous under at least one world-based column.
        conflicting: rows forced to different labels under different world-based columns (a row can be
            both ambiguous and conflicting).
        undecided: rows where the solver gave up on some cell, or that have no world; they count in
            neither of the above through those cells.
        shares: per column (every column), how often it forces a label.
    """

    rows: int
    same_forced: int
    ambiguous: int
    conflicting: int
    undecided: int
    shares: tuple[Share, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; each share as ``{"scheme", "forced", "applicable"}``."""
        out: dict[str, Any] = attrs.asdict(self, recurse=False)
        out["shares"] = [attrs.asdict(s) for s in self.shares]
        return out


def figures(columns: Sequence[Column], rows: Iterable[Row]) -> Figures:
    """The headline figures of ``rows`` (see :class:`Figures`)."""
    counted = list(rows)
    same = ambiguous = conflicting = undecided = 0
    for row in counted:
        world = [c for c, col in zip(row.cells, columns, strict=True) if col.world_based and c.status is not None]
        forced = {c.forced for c in world if c.forced is not None}
        all_forced = bool(world) and all(c.status is Status.FORCED for c in world)
        same += all_forced and len(forced) == 1
        ambiguous += any(c.status is Status.AMBIGUOUS for c in world)
        conflicting += len(forced) > 1
        undecided += any(c.status in (Status.UNKNOWN, Status.INCONSISTENT) for c in row.cells)
    shares = tuple(
        Share(
            col.id,
            sum(1 for r in counted if r.cells[k].status is Status.FORCED),
            sum(1 for r in counted if r.cells[k].status is not None),
        )
        for k, col in enumerate(columns)
    )
    return Figures(len(counted), same, ambiguous, conflicting, undecided, shares)


@attrs.frozen
class Atlas(Shown):
    """Stories × schemes, and the headline figures.

    Attributes:
        columns: the schemes, in column order.
        rows: every scenario of every story, in input and file order.
        told: the figures over the stories as their sources tell them (one row per story).
        every: the figures over every scenario.
        refinements: how many pairs of scenarios of one story are a strict refinement (one tells more).
        flips: per story (its name), each non-monotone flip among its rows: a refinement that gained a
            label, which only a scheme that reads the description can do (docs/model.md, "Monotonicity
            theorem").
    """

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    told: Figures
    every: Figures
    refinements: int = 0
    flips: tuple[tuple[str, Flip], ...] = ()

    @property
    def stories(self) -> int:
        """How many stories (spec files) the atlas covers."""
        return sum(1 for r in self.rows if r.told)

    @property
    def complete(self) -> bool:
        """False when the solver gave up on some cell."""
        return not any(c.status is Status.UNKNOWN for r in self.rows for c in r.cells)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document: columns, rows (each cell's status and labels) and both sets of figures."""
        return {
            "columns": [attrs.asdict(c) for c in self.columns],
            "rows": [
                {
                    "file": r.path,
                    "story": r.story,
                    "scenario": r.scenario,
                    "told": r.told,
                    "cells": [c.to_dict() for c in r.cells],
                }
                for r in self.rows
            ],
            "figures": {"told": self.told.to_dict(), "every": self.every.to_dict()},
            "refinements": self.refinements,
            "flips": [{"story": story, **flip.to_dict()} for story, flip in self.flips],
        }


def atlas_schemes(specs: Sequence[Spec]) -> tuple[Scheme, ...]:
    """The schemes that apply to every story: every default scheme that names no choice (no counterfactual).

    A scheme such as ``objective[counterfactual=usefulness]`` names one story's choice, so it is a column
    only when asked for (and ``n/a`` for the stories that lack the choice).
    """
    if not specs:
        return ()
    return tuple(s for s in default_schemes(specs[0].story) if not s.choices)


def atlas(
    specs: Sequence[Spec],
    schemes: Sequence[Scheme] | None = None,
    *,
    executor: concurrent.futures.Executor | None = None,
    jobs: int = 1,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
) -> Atlas:
    """Classify every scenario of every spec under every scheme, and count.

    Args:
        specs: loaded specs, one story each.
        schemes: the columns (default: :func:`atlas_schemes`). A scheme that names a choice a story lacks
            gives that story's cells ``n/a``; one that applies to no story at all is an error.
        executor: where to run the checks, as for :func:`check_many` (e.g. a Dask client's executor).
        jobs: with no executor, the number of worker processes.
        timeout: seconds per solver call.
        rlimit: z3 resource units per solver call.

    Returns:
        The atlas; the same value whichever executor ran it.

    Raises:
        SpecError: a scheme applies to none of the stories.
    """
    specs = specs_argument(specs)
    chosen = schemes_argument(schemes) if schemes is not None else atlas_schemes(specs)
    for scheme in chosen:
        if specs and not any(applies(scheme, s.story) for s in specs):
            msg = f"{scheme.id}: none of the stories declares the choice {', '.join(map(repr, scheme.choices))}"
            raise SpecError.at(msg, hint="name a choice one of the stories declares, or leave the scheme out")
    results = check_many(
        specs, chosen, executor=executor, jobs=jobs, timeout=timeout, rlimit=rlimit, explain=False, applicable_only=True
    )
    columns = tuple(Column(s.id, s.world_based) for s in chosen)
    rows = tuple(row for result in results for row in _rows(result, columns))
    refining = (RelationKind.REFINES, RelationKind.REFINED_BY)
    refinements = sum(1 for result in results for r in result.relations if r.kind in refining)
    found = tuple((result.story, flip) for result in results for flip in result.flips)
    told = figures(columns, (r for r in rows if r.told))
    return Atlas(columns, rows, told, figures(columns, rows), refinements, found)


def _rows(result: SpecResult, columns: Sequence[Column]) -> list[Row]:
    rows = []
    for k, (name, verdicts) in enumerate(result.verdicts):
        by_scheme = {v.scheme: v for v in verdicts}
        cells = tuple(Cell.of(by_scheme.get(col.id)) for col in columns)
        rows.append(Row(result.path, result.story, name, k == 0, cells))
    return rows
