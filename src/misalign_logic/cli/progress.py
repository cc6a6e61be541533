"""How far a long run is, told on stderr: at once on a terminal, after about two seconds otherwise.

Never on stdout, where the results (and JSON) go. On a terminal one line is rewritten in place; elsewhere
(a log, CI) a line is written at most every few seconds, so a quick run prints nothing at all.
"""

from __future__ import annotations

import time
from typing import TextIO

__all__ = ["StderrProgress"]


class StderrProgress:
    """A progress callback ``(done, total, what)`` that writes to ``stream``.

    Args:
        stream: where to write (the command's stderr).
        after: seconds of silence before the first line when ``stream`` is not a terminal.
        every: seconds between lines when ``stream`` is not a terminal.
    """

    def __init__(self, stream: TextIO, after: float = 2.0, every: float = 5.0) -> None:
        self._stream = stream
        self._tty = bool(getattr(stream, "isatty", lambda: False)())
        self._start = time.monotonic()
        self._after = after
        self._every = every
        self._last = -1.0
        self._width = 0

    def __call__(self, done: int, total: int, what: str) -> None:
        now = time.monotonic() - self._start
        if self._tty:
            if now - self._last < 0.1 and done < total:
                return  # a terminal line redrawn ten times a second is enough
            line = f"[{done}/{total}] {what}"[:100]
            self._stream.write("\r" + line.ljust(self._width))
            self._width = len(line)
        else:
            if now < self._after or (now - self._last < self._every and done < total):
                return
            self._stream.write(f"misalign-logic: {done}/{total} done ({now:.0f} s): {what}\n")
        self._last = now
        self._stream.flush()

    def close(self) -> None:
        """End the rewritten terminal line, if one was written."""
        if self._tty and self._width:
            self._stream.write("\n")
            self._stream.flush()
            self._width = 0
