"""Reading the files a user names: specs, taxonomies and survey answers, each bounded and never blocking.

Only a regular file is read, and at most one byte more than :data:`~misalign_logic.spec.limits.MAX_SPEC_BYTES`:
a device such as ``/dev/zero``, a FIFO or a directory is refused without reading from it or waiting for it.
Text that is not UTF-8 is reported at its line and column; a leading byte-order mark is dropped.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from misalign_logic.model.errors import SpecError
from misalign_logic.model.limits import raise_hint
from misalign_logic.spec.limits import MAX_SPEC_BYTES

__all__ = ["SPLIT", "read_text"]

#: What to do with a file over the size limit.
SPLIT = "split the story into several files"


def read_text(
    path: str | Path, what: str = "spec", hint: str = "give the path of a .toml file", limit: int | None = None
) -> str:
    """The text of the file ``path``, its byte-order mark (if any) dropped.

    Args:
        path: the file.
        what: what the file is, for messages: ``spec``, ``taxonomy``, ``answers file``.
        hint: what to give instead of a special file (the size hint is :data:`SPLIT`).
        limit: the most bytes accepted (:data:`MAX_SPEC_BYTES` when None); a spec's limit may be raised.

    Raises:
        SpecError: it cannot be read, is not a regular file, is too large, or is not UTF-8 (located).
    """
    name = str(path)
    limit = MAX_SPEC_BYTES if limit is None else limit
    try:
        data = _read_bounded(name, what, hint, limit)
    except SpecError:
        raise
    except (OSError, ValueError) as err:  # ValueError: a NUL byte in the path
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise SpecError.at(f"cannot read the {what}: {reason}", name) from None
    if len(data) > limit:
        msg = f"the {what} is more than {limit} bytes; the limit is {limit}"
        raise SpecError.at(msg, name, hint=_split(what, len(data)))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        start = data.rfind(b"\n", 0, err.start) + 1
        line = data.count(b"\n", 0, err.start) + 1
        column = len(data[start : err.start].decode("utf-8", errors="replace")) + 1
        msg = f"the {what} is not UTF-8 text: byte {data[err.start]:#04x} cannot start or continue a character"
        raise SpecError.at(msg, name, line, column, "save the file as UTF-8") from None
    # A byte-order mark is how some editors begin UTF-8; it is not part of the text.
    return text.removeprefix("\ufeff")


def _read_bounded(name: str, what: str, hint: str, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``name``, without blocking on a FIFO.

    Raises:
        OSError: it cannot be opened or read.
        SpecError: it is not a regular file, or is too large.
    """
    _refuse(os.stat(name), name, what, hint, limit)  # before opening: a file too large is refused unread
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        _refuse(os.fstat(fd), name, what, hint, limit)  # again: the path may have changed between the two looks
        chunks, left = [], limit + 1
        while left and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _refuse(status: os.stat_result, name: str, what: str, hint: str, limit: int) -> None:
    """Raise when ``status`` is not that of a regular file within ``limit`` bytes."""
    if not stat.S_ISREG(status.st_mode):
        msg = f"the {what} is not a regular file but {_kind(status.st_mode)}"
        raise SpecError.at(msg, name, hint=hint)
    if status.st_size > limit:
        msg = f"the {what} is {status.st_size} bytes; the limit is {limit}"
        raise SpecError.at(msg, name, hint=_split(what, status.st_size))


def _split(what: str, size: int) -> str:
    """The hint for a file over the limit: a spec's limit may be raised."""
    return f"{SPLIT}, or {raise_hint('spec_bytes', size)}" if what == "spec" else SPLIT


def _kind(mode: int) -> str:
    for test, what in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return "a special file"
