"""The ``misalign-logic`` command: argument parsing, one module per subcommand (registered in ``commands``)."""

from misalign_logic.cli.main import entry, main

__all__ = ["entry", "main"]
