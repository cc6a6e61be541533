"""The errors misalign_logic raises: one base class, and a located error for bad specs."""

from __future__ import annotations

from typing import Protocol

import attrs

__all__ = ["MisalignLogicError", "Problem", "ProblemSink", "SolverUnknown", "SpecError"]


class MisalignLogicError(Exception):
    """Base class of every error this library raises on purpose."""


@attrs.frozen
class Problem:
    """One thing wrong with a spec: where it is, what is wrong, and how to fix it.

    Lines and columns count from 1; ``0`` means "not known" (for instance a story built in Python).
    """

    message: str
    file: str = "<string>"
    line: int = 0
    column: int = 0
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        # Text given in Python or on the command line has no file; a "<string>:" prefix would only confuse.
        text = f"error: {self.message}" if where == "<string>" else f"{where}: error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ProblemSink(Protocol):
    """Where a reader records a problem: its message, ``(line, column)`` and a hint on how to fix it.

    Readers report every problem they find through a sink instead of raising at the first, so that a spec
    file's author sees them all at once.
    """

    def __call__(self, message: str, where: tuple[int, int], hint: str = "", /) -> None: ...


class SpecError(MisalignLogicError, ValueError):
    """A spec, a constraint or a scheme name is malformed.

    Carries every problem found (a loader reports all of them, not only the first); ``file``, ``line`` and
    ``column`` are those of the first.
    """

    def __init__(self, problems: Problem | list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = (problems,) if isinstance(problems, Problem) else tuple(problems)
        if not self.problems:
            msg = "SpecError needs at least one problem"
            raise ValueError(msg)
        first = self.problems[0]
        self.file = first.file
        self.line = first.line
        self.column = first.column
        self.hint = first.hint
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[SpecError], tuple[tuple[Problem, ...]]]:
        # Rebuild from the problems, so that the error crosses process boundaries (e.g. from a worker).
        return (type(self), (self.problems,))

    @classmethod
    def at(cls, message: str, file: str = "<string>", line: int = 0, column: int = 0, hint: str = "") -> SpecError:
        """Build an error with a single problem."""
        return cls(Problem(message, file, line, column, hint))


class SolverUnknown(MisalignLogicError):
    """The solver gave up (timeout or resource limit) where an answer was required.

    ``classify`` never raises this: it returns a verdict with status ``unknown``. Functions that must
    return a yes/no answer (for instance ``relate``) raise it instead of guessing.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"the solver gave up: {reason}")
