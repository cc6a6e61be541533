"""Where the command's text goes: control characters from a spec are shown, not obeyed, and a failed write is
reported as such.

A name in a spec may hold any character, including the escape sequences a terminal obeys (moving the cursor,
rewriting the title, hiding text). Everything ``misalign-logic`` writes goes through :class:`Escaped`, which
prints such characters as ``\\u001b``-style escapes (which JSON and TOML strings read back as the same
character); new lines and tabs pass. A write that fails (a full disk,
a closed pipe) raises :class:`OutputError` or :class:`BrokenPipeError`, which ``main`` turns into an exit
status instead of a traceback.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TextIO

from misalign_logic.model.errors import MisalignLogicError
from misalign_logic.model.escape import escape_controls

__all__ = ["Escaped", "OutputError", "escape_controls"]


class OutputError(MisalignLogicError):
    """The output could not be written (its message names the stream and the reason)."""


class Escaped(io.TextIOBase):
    """A text stream that escapes control characters and reports a failed write as :class:`OutputError`."""

    def __init__(self, stream: TextIO, name: str) -> None:
        super().__init__()
        self._stream = stream
        self._name = name

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters escaped; returns ``len(text)``."""
        self._guarded(lambda: self._stream.write(escape_controls(text)))
        return len(text)

    def isatty(self) -> bool:
        """Whether the underlying stream is a terminal (progress is shown only on one)."""
        return bool(self._stream.isatty())

    def flush(self) -> None:
        """Flush the underlying stream."""
        self._guarded(self._stream.flush)

    def _guarded(self, act: Callable[[], object]) -> None:
        try:
            act()
        except BrokenPipeError:
            raise
        except OSError as err:
            msg = f"cannot write to {self._name}: {err.strerror or err}"
            raise OutputError(msg) from None
