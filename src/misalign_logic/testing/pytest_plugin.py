"""Spec and taxonomy files as pytest items: what ``pytest --misalign [PATHS]`` collects and runs.

The entry point (:mod:`pytest_misalign_logic`, loaded at every pytest start-up) registers :class:`Plugin` only
when ``--misalign`` or ``--misalign-all`` is given, so that a test run without them never imports the solver.
Each claim of a file (:mod:`misalign_logic.testing.file_checks`) is one item, ``FILE::scenario::scheme::label``
for an ``[[expect]]`` table and ``FILE::respondent::NAME`` for a respondent's judgments; a failing item reports
the library's explanation, not a traceback, and a malformed file is a collection error with every located
problem, as the command prints them (docs/how-to/pytest-plugin.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from misalign_logic.model.errors import MisalignLogicError, SpecError
from misalign_logic.solve.arguments import solver_limits
from misalign_logic.testing.file_checks import Check, Limits, claims, escaped, file_checks

__all__ = ["Plugin"]


class ClaimFailed(Exception):
    """A claim of a file does not hold; the message is the explanation."""


def _number(text: str | None, kind: type[int] | type[float], option: str) -> Any:
    if text is None:
        return None
    try:
        return kind(text)
    except ValueError:
        msg = f"{option}: expected a number, got {text!r}"
        raise pytest.UsageError(msg) from None


def limits(config: pytest.Config) -> Limits:
    """The solver's limits from ``--misalign-timeout`` and ``--misalign-rlimit``.

    Raises:
        pytest.UsageError: either is not a number in range.
    """
    timeout = _number(config.getoption("misalign_timeout"), float, "--misalign-timeout")
    rlimit = _number(config.getoption("misalign_rlimit"), int, "--misalign-rlimit")
    try:
        solver_limits(timeout, rlimit)
    except SpecError as err:
        message = err.problems[0].message
        option = "--misalign-timeout" if message.startswith("timeout") else "--misalign-rlimit"
        raise pytest.UsageError(f"{option}: {message}") from None
    default = Limits()
    return Limits(timeout, default.rlimit if rlimit is None else rlimit or None)


def _shown(path: Path, config: pytest.Config) -> str:
    """``path`` as messages name it: relative to where pytest was started when it lies below, else absolute."""
    try:
        return str(path.relative_to(config.invocation_params.dir))
    except ValueError:
        return str(path)


class Plugin:
    """Collects the claims of spec and taxonomy files (registered under ``--misalign``)."""

    def __init__(self, config: pytest.Config) -> None:
        self.every_file = bool(config.getoption("misalign_all"))
        self.limits = limits(config)

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
        """A spec or taxonomy file with claims (every such file under ``--misalign-all``) becomes a node."""
        if claims(file_path, self.every_file):
            return ClaimsFile.from_parent(parent, path=file_path)
        return None


class ClaimsFile(pytest.File):
    """A spec or taxonomy file; its items are its claims."""

    def collect(self) -> list[pytest.Item]:
        plugin = self.config.pluginmanager.get_plugin(_NAME)
        assert isinstance(plugin, Plugin)
        found = file_checks(_shown(self.path, self.config), every_scenario=plugin.every_file)
        # A respondent may be named anything; the name reaches the terminal and JUnit XML escaped.
        return [ClaimItem.from_parent(self, name=escaped(c.name), check=c, limits=plugin.limits) for c in found]

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str | Any:
        """A malformed file: every problem, located, as ``misalign-logic`` prints them."""
        if isinstance(excinfo.value, SpecError):
            return escaped(str(excinfo.value))
        if isinstance(excinfo.value, MisalignLogicError):
            return escaped(f"{self.path}: error: {excinfo.value}")
        return super().repr_failure(excinfo)


class ClaimItem(pytest.Item):
    """One claim: an expectation under one scheme, a respondent's judgments, or a scenario's consistency."""

    def __init__(self, *, check: Check, limits: Limits, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check
        self.limits = limits

    def runtest(self) -> None:
        """Ask the solver; a claim that does not hold, or that the solver gave up on, fails."""
        why = self.check.failure(self.limits)
        if why is not None:
            raise ClaimFailed(why)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str | Any:
        """The explanation, not a traceback."""
        if isinstance(excinfo.value, ClaimFailed | MisalignLogicError):
            return escaped(str(excinfo.value))
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        """The file and the line of the claim (counted from 0, as pytest expects)."""
        return self.path, max(self.check.line - 1, 0), f"{self.path.name}::{self.name}"


#: The name :class:`Plugin` is registered under.
_NAME = "misalign-logic-files"


def register(config: pytest.Config) -> None:
    """Register the collector on ``config`` (called by the entry point when ``--misalign`` is given)."""
    if not config.pluginmanager.has_plugin(_NAME):
        config.pluginmanager.register(Plugin(config), _NAME)
