"""pytest's entry point for misalign-logic: ``pytest --misalign [PATHS]`` checks spec and taxonomy files.

pytest loads this module at every start-up wherever misalign-logic is installed, so it imports nothing of
the library: it only declares the options. Given ``--misalign`` or ``--misalign-all``, it registers the
collector of :mod:`misalign_logic.testing.pytest_plugin`, which imports the solver. It lives outside the
``misalign_logic`` package because importing any module of that package first imports the whole library
(docs/how-to/pytest-plugin.md).
"""

from __future__ import annotations

from typing import Any

__all__ = ["pytest_addoption", "pytest_configure"]


def pytest_addoption(parser: Any) -> None:
    """Declare ``--misalign``, ``--misalign-all``, ``--misalign-timeout`` and ``--misalign-rlimit``."""
    group = parser.getgroup("misalign-logic", "misalign-logic spec and taxonomy files")
    group.addoption(
        "--misalign",
        action="store_true",
        default=False,
        help="collect each [[expect]] table and each respondent's [[judgment]] tables of the .toml spec and "
        "taxonomy files under the given paths as a test item",
    )
    group.addoption(
        "--misalign-all",
        action="store_true",
        default=False,
        help="as --misalign, and collect every spec and taxonomy file: it must load, and each scenario must "
        "have a world",
    )
    # Not --timeout / --rlimit, the command's names: pytest-timeout already owns --timeout.
    group.addoption(
        "--misalign-timeout",
        default=None,
        metavar="SECONDS",
        help="give up on a solver call after this long; the item then fails (default: no clock limit)",
    )
    group.addoption(
        "--misalign-rlimit",
        default=None,
        metavar="UNITS",
        help="z3 resource units per solver call; 0: no limit (default: the command's default); an item the "
        "solver gives up on fails",
    )


def pytest_configure(config: Any) -> None:
    """Under ``--misalign`` or ``--misalign-all``, register the collector (and only then import the library)."""
    if config.getoption("misalign") or config.getoption("misalign_all"):
        from misalign_logic.testing import pytest_plugin

        pytest_plugin.register(config)
