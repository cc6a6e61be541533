"""The size limits a user may raise (or lower): ``--limits NAME=VALUE,...``, ``[check.limits]``, ``limits=``.

The defaults are the documented limits (docs/reference/spec-language.md, "Limits"); they keep grounding and
solving bounded for a spec nobody has looked at. A researcher whose story outgrows them says so, and the
story carries the limits it was loaded under, so that every later check (a refinement, a reading of the
scenario) applies the same ones.
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
from collections.abc import Iterator, Mapping

import attrs

from misalign_logic.model.errors import MisalignLogicError

__all__ = [
    "DEFAULT_LIMITS",
    "LIMIT_NAMES",
    "Limits",
    "LimitsError",
    "active_limits",
    "raise_hint",
    "unknown_limit",
    "using_limits",
]

#: Each limit a user may set, with its documented default and what it bounds.
DEFAULT_LIMITS: Mapping[str, int] = {
    "situations": 5_000,
    "actions": 64,
    "choices": 64,
    "reasons": 64,
    "facts": 1_000,
    "atoms": 40_000,  # design atoms of a world: situations times actions times choices
    "terms": 40_000,  # ground terms of one declared symbol with arguments
    "grounding": 100_000,  # instances one constraint's quantifiers expand to
    "total_grounding": 200_000,  # instances over all of a scenario's constraints
    "sum_terms": 5_000,  # terms one sum(...) adds up
    "constraint_length": 100_000,  # characters of one constraint
    "spec_bytes": 5_000_000,  # bytes of a spec file
    "scenarios": 100,  # scenarios in one spec file
}
LIMIT_NAMES = tuple(DEFAULT_LIMITS)
# The largest value accepted: far beyond what fits in memory, small enough to stay an exact int everywhere.
_MAX_VALUE = 10**12


class LimitsError(MisalignLogicError, ValueError):
    """A limit's name or value is not one the library knows (an unknown name, or a value that is not a
    positive whole number)."""


def _check(instance: Limits, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= _MAX_VALUE:
        msg = f"limit {attribute.name} must be a positive whole number up to 10**12, got {value!r}"
        raise LimitsError(msg)


def _field() -> int | None:
    return attrs.field(default=None, validator=_check, kw_only=True)


@attrs.frozen
class Limits:
    """Limits raised (or lowered) by the user; a limit left at None keeps its documented default.

    Build one with keywords, ``Limits(situations=40_000, atoms=400_000)``, or from the command-line form
    with :meth:`parse`. The names are those of :data:`DEFAULT_LIMITS`.

    Raises:
        LimitsError: a value is not a positive whole number.
    """

    situations: int | None = _field()
    actions: int | None = _field()
    choices: int | None = _field()
    reasons: int | None = _field()
    facts: int | None = _field()
    atoms: int | None = _field()
    terms: int | None = _field()
    grounding: int | None = _field()
    total_grounding: int | None = _field()
    sum_terms: int | None = _field()
    constraint_length: int | None = _field()
    spec_bytes: int | None = _field()
    scenarios: int | None = _field()

    def of(self, name: str) -> int:
        """The limit in force for ``name``: the value set here, or the documented default."""
        value: int | None = getattr(self, name)
        return DEFAULT_LIMITS[name] if value is None else value

    def given(self) -> dict[str, int]:
        """The limits set here (not left at their default), by name."""
        return {n: v for n in LIMIT_NAMES if (v := getattr(self, n)) is not None}

    def over(self, under: Limits) -> Limits:
        """These limits where set, ``under``'s elsewhere (the command line over a file's own table)."""
        return Limits(**{**under.given(), **self.given()})

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> Limits:
        """Limits from a name -> value mapping.

        Raises:
            LimitsError: a name is unknown (the message suggests the closest) or a value is not positive.
        """
        for name in values:
            if name not in DEFAULT_LIMITS:
                raise LimitsError(unknown_limit(str(name)))
        return cls(**values)  # type: ignore[arg-type]

    @classmethod
    def parse(cls, text: str) -> Limits:
        """Limits from ``NAME=VALUE,NAME=VALUE`` (what ``--limits`` takes); underscores in numbers are allowed.

        Raises:
            LimitsError: a part is not ``NAME=VALUE``, a name is unknown, or a value is not a positive number.
        """
        values: dict[str, object] = {}
        for part in text.split(","):
            name, equals, value = (p.strip() for p in part.partition("="))
            if not equals or not name:
                msg = f"expected NAME=VALUE, got {part.strip()!r} (e.g. situations=40000,atoms=400000)"
                raise LimitsError(msg)
            if name in values:
                msg = f"limit {name} is given twice"
                raise LimitsError(msg)
            digits = value.replace("_", "")
            values[name] = int(digits) if digits.isdigit() and digits.isascii() and len(digits) < 20 else value
        return cls.from_mapping(values)


def unknown_limit(name: str) -> str:
    """The message for a limit name the library does not know."""
    close = difflib.get_close_matches(name, LIMIT_NAMES, n=1)
    known = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown limit {name!r}: {known}the limits are {', '.join(LIMIT_NAMES)}"


def raise_hint(name: str, needed: int) -> str:
    """How to raise the limit ``name`` to at least ``needed``, for a refusal's hint."""
    table = "" if name == "spec_bytes" else f", or in the spec file's [check.limits] table: {name} = {needed}"
    return f"raise the limit with --limits {name}={needed} (Python: limits=Limits({name}={needed})){table}"


_ACTIVE: contextvars.ContextVar[Limits | None] = contextvars.ContextVar("misalign_logic_limits", default=None)
_NONE_RAISED = Limits()


def active_limits() -> Limits:
    """The limits in force here: those of the innermost :func:`using_limits`, or none raised."""
    return _ACTIVE.get() or _NONE_RAISED


@contextlib.contextmanager
def using_limits(limits: Limits) -> Iterator[Limits]:
    """Apply ``limits`` to the stories, scenarios and spec files made inside the block (in this thread)."""
    token = _ACTIVE.set(limits)
    try:
        yield limits
    finally:
        _ACTIVE.reset(token)
