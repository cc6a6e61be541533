"""``python -m misalign_logic``: the same as the ``misalign-logic`` command."""

from misalign_logic.cli import entry

if __name__ == "__main__":
    entry()
