"""Checking many specs at once, in parallel on any :class:`concurrent.futures.Executor`.

z3 contexts cannot cross processes, so each task builds its own solvers where it runs and sends back a
:class:`~misalign_logic.SpecResult` — a frozen value with no z3 object in it, so it pickles. The executor
is the caller's choice: a local process pool (``jobs=N``), or a cluster's executor such as Dask's
``Client.get_executor()``; this module schedules nothing itself.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from misalign_logic.model.errors import SpecError
from misalign_logic.model.schemes import Scheme
from misalign_logic.model.specfile import Spec
from misalign_logic.solve.arguments import schemes_argument, solver_limits
from misalign_logic.solve.check import Progress, SpecResult, check_spec
from misalign_logic.solve.classify import DEFAULT_RLIMIT
from misalign_logic.spec.load import load_spec

__all__ = ["check_many"]


@attrs.frozen
class _Options:
    """What every task is checked with, sent to each worker as one picklable value."""

    schemes: tuple[Scheme, ...] | None
    timeout: float | None
    rlimit: int | None
    explain: bool
    applicable_only: bool


def _check_one(item: str | Path | Spec, options: _Options, progress: Progress | None = None) -> SpecResult:
    spec = item if isinstance(item, Spec) else load_spec(item)
    return check_spec(
        spec,
        options.schemes,
        timeout=options.timeout,
        rlimit=options.rlimit,
        explain=options.explain,
        applicable_only=options.applicable_only,
        progress=progress,
    )


def check_many(
    specs: Iterable[str | Path | Spec],
    schemes: Sequence[Scheme] | None = None,
    *,
    executor: concurrent.futures.Executor | None = None,
    jobs: int = 1,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
    explain: bool = True,
    applicable_only: bool = False,
    progress: Progress | None = None,
) -> list[SpecResult]:
    """Check every spec (a path or a loaded :class:`Spec`) like :func:`check_spec`, possibly in parallel.

    Args:
        specs: spec files or loaded specs.
        schemes: the schemes to check (default: each spec's own).
        executor: where to run the tasks, e.g. a ``ProcessPoolExecutor`` or a Dask client's executor.
            When None, ``jobs`` decides.
        jobs: with no executor, the number of worker processes; 1 runs everything in this process.
        timeout: seconds per solver call, as for :func:`check_spec`.
        rlimit: z3 resource units per solver call (default :data:`DEFAULT_RLIMIT`; None: no limit).
        explain: compute cores and deciding facts, as for :func:`check_spec` (False: the same labels, faster).
        applicable_only: per spec, leave out the schemes that name a choice its story lacks.
        progress: told how far the run is: per step of each spec in this process, per spec done with
            workers.

    Returns:
        One result per spec, in input order; the same values a serial run gives.

    Raises:
        SpecError: some spec is malformed (the first such, in input order), a scheme is not a scheme, or
            ``jobs``, ``timeout`` or ``rlimit`` is out of range.
    """
    items = list(specs)
    chosen = schemes_argument(schemes) if schemes is not None else None
    solver_limits(timeout, rlimit)
    options = _Options(chosen, timeout, rlimit, explain, applicable_only)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        msg = f"jobs must be a whole number of worker processes, at least 1, not {jobs!r}"
        raise SpecError.at(msg, "<argument>", hint="pass jobs=2, or leave it out to check in this process")
    if executor is None and (jobs == 1 or len(items) <= 1):
        return [_check_one(item, options, _within(progress, i, len(items), item)) for i, item in enumerate(items)]
    if executor is None:
        with concurrent.futures.ProcessPoolExecutor(max_workers=min(jobs, len(items))) as pool:
            return _run(pool, items, options, progress)
    return _run(executor, items, options, progress)


def _name(item: str | Path | Spec) -> str:
    return item.path if isinstance(item, Spec) else str(item)


def _within(progress: Progress | None, i: int, count: int, item: str | Path | Spec) -> Progress | None:
    """``progress`` for the steps of spec number ``i`` of ``count``, told as steps of the whole run."""
    if progress is None:
        return None
    told, name = progress, _name(item)

    def step(done: int, total: int, what: str) -> None:
        told(i * total + done, count * total, f"{name}: {what}")

    return step


def _run(
    executor: concurrent.futures.Executor,
    items: list[str | Path | Spec],
    options: _Options,
    progress: Progress | None,
) -> list[SpecResult]:
    # submit/result rather than map: every Executor (Dask's too) has submit, and results keep input order.
    futures = [executor.submit(_check_one, item, options) for item in items]
    if progress is not None:
        names = {f: _name(item) for f, item in zip(futures, items, strict=True)}
        for done, f in enumerate(concurrent.futures.as_completed(futures), 1):
            progress(done, len(futures), names[f])
    return [f.result() for f in futures]
