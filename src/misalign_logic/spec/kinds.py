"""Which kind of file a TOML file is, by its top-level tables: a spec, a taxonomy file, or neither.

Tools that are handed every changed ``.toml`` file of a repository (pre-commit, pytest's collection) ask this
before loading one, so that ``pyproject.toml`` is left alone while a spec with a mistake is still loaded, and
its mistakes reported. Nothing is loaded here: the tables are read, or, when the text is not valid TOML, taken
from its table headers.
"""

from __future__ import annotations

import enum
import os
import re
import stat
import tomllib
from pathlib import Path

from misalign_logic.spec.limits import MAX_SPEC_BYTES

__all__ = ["Kind", "kind_of", "tables_of"]

# A table header at the start of a line: [story], [[expect]], [scheme.name], [ story ].
_HEADER = re.compile(r"^[ \t]*\[\[?[ \t]*([A-Za-z_]+)", re.MULTILINE)
#: Tables only a spec has; a taxonomy file has only [scheme.NAME] and [[expect]] tables.
_SPEC_ONLY = frozenset({"story", "scenario", "check", "prior", "judgment"})
_TAXONOMY = frozenset({"scheme", "expect"})


class Kind(enum.Enum):
    """What a TOML file is to this library."""

    SPEC = "spec"  # it has a table only a spec has (its loader reports what else is wrong)
    TAXONOMY = "taxonomy"  # only [scheme.NAME] and [[expect]] tables among those the library knows
    OTHER = "other"  # none of the library's tables, such as pyproject.toml


def tables_of(path: str | Path) -> frozenset[str] | None:
    """The top-level tables and keys of the TOML file ``path``; None when it is not a regular file within the
    size limit, or cannot be read as UTF-8 (its loader says why)."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_SPEC_BYTES:
            return None
        text = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        return frozenset(tomllib.loads(text.removeprefix("\ufeff")))
    except (tomllib.TOMLDecodeError, RecursionError):
        return frozenset(_HEADER.findall(text))


def kind_of(path: str | Path) -> Kind:
    """Whether ``path`` is a spec, a taxonomy file or neither. A file that cannot be read counts as a spec, so
    that the spec loader reports why (with the file's name)."""
    tables = tables_of(path)
    if tables is None or tables & _SPEC_ONLY:
        return Kind.SPEC
    return Kind.TAXONOMY if tables & _TAXONOMY else Kind.OTHER
