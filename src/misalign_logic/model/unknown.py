"""The solver's unknown: one meaning for every status the solver may leave undecided (docs/model.md, "Verdicts").

When z3 gives up (a timeout, a resource limit, an incomplete search), nothing is claimed: an unknown verdict
is never reported as forced, ambiguous or inconsistent, an unknown comparison neither as a parting nor as
agreement, an unknown assessment neither as fitting nor as not fitting. Every status enum with such an
outcome derives from :class:`Decision`, which fixes what the outcome is called (``UNKNOWN``), how it is written
in JSON and text (:data:`UNKNOWN_VALUE`), and what it means (:attr:`Decision.decided` is False).

Python lets an enum derive only from an enum without members, so each status still names its ``UNKNOWN``
member (type checkers and readers then see it); :meth:`Decision.__init_subclass__` refuses a status whose
unknown is spelled or written differently, and ``tests/model/test_unknown.py`` refuses a status enum of the
package that has an unknown outcome without deriving from :class:`Decision`.
"""

from __future__ import annotations

import enum
from typing import Any

__all__ = ["UNKNOWN_VALUE", "Decision"]

#: How the unknown outcome is written in JSON and text, for every status.
UNKNOWN_VALUE = "unknown"


class Decision(enum.Enum):
    """A status the solver decides, with one more outcome: ``UNKNOWN``, the solver gave up and nothing is claimed.

    A subclass lists its decided outcomes and ``UNKNOWN = UNKNOWN_VALUE``; its members print as their values.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Python has added the members by now (3.11+), so the one meaning of unknown is checked when the
        # status is defined, not when a verdict first meets it.
        super().__init_subclass__(**kwargs)
        written = [name for name, member in cls.__members__.items() if member.value == UNKNOWN_VALUE]
        if written != ["UNKNOWN"]:
            msg = (
                f"{cls.__name__} must have exactly one unknown outcome, UNKNOWN = UNKNOWN_VALUE "
                f"({UNKNOWN_VALUE!r}); it has {written or 'none'}"
            )
            raise TypeError(msg)

    @property
    def decided(self) -> bool:
        """False for ``UNKNOWN`` (the solver gave up); True for every outcome that claims something."""
        return bool(self.value != UNKNOWN_VALUE)

    def __str__(self) -> str:
        return str(self.value)
