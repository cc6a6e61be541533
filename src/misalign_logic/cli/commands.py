"""The subcommands of ``misalign-logic``, one module each.

Each module has ``add_parser(subparsers)``, which registers the subcommand and sets ``run`` as its
default: ``run(args, stdout) -> exit status``.
"""

from __future__ import annotations

from types import ModuleType

from misalign_logic.cli import ask, atlas, audit, check, explain, export, judge, quiz, report, worlds

COMMANDS: tuple[ModuleType, ...] = (check, explain, judge, report, quiz, atlas, audit, worlds, ask, export)
