"""What the Python API checks of its arguments before it builds a solver.

A bad call gets a :class:`~misalign_logic.SpecError` that names the argument and says what to pass, as a bad
file does, never a raw ``AttributeError`` from deep inside, nor a silent ``unknown`` from a limit z3 cannot
take.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, TypeVar

from misalign_logic.model.errors import SpecError
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Scheme, parse_scheme
from misalign_logic.model.specfile import Spec

__all__ = [
    "MAX_RLIMIT",
    "MAX_TIMEOUT",
    "argument",
    "scenario_argument",
    "scheme_argument",
    "schemes_argument",
    "solver_limits",
    "specs_argument",
]

#: The largest resource limit per solver call: z3 takes it as an unsigned 32-bit number.
MAX_RLIMIT = 2**32 - 1
#: The longest timeout per solver call, in seconds (z3 takes milliseconds as an unsigned 32-bit number).
MAX_TIMEOUT = 1e6

_WHERE = "<argument>"
_T = TypeVar("_T")


def _shown(value: object) -> str:
    if value is None:
        return "None"
    return repr(value) if isinstance(value, int | float | str) else f"a {type(value).__name__}"


def solver_limits(timeout: Any, rlimit: Any) -> None:
    """Check ``timeout`` (seconds, positive and finite, or None) and ``rlimit`` (a whole number of z3
    resource units up to :data:`MAX_RLIMIT`; 0 or None: no limit).

    Raises:
        SpecError: either is of the wrong type or out of range.
    """
    if timeout is not None and (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT)
    ):
        msg = f"timeout must be a positive number of seconds up to {MAX_TIMEOUT:g}, or None; got {_shown(timeout)}"
        raise SpecError.at(msg, _WHERE, hint="pass timeout=10.0, or leave it out for no clock limit")
    if rlimit is not None and (
        isinstance(rlimit, bool) or not isinstance(rlimit, int) or not 0 <= rlimit <= MAX_RLIMIT
    ):
        msg = f"rlimit must be a whole number of resource units from 0 (no limit) to {MAX_RLIMIT}; got {_shown(rlimit)}"
        raise SpecError.at(msg, _WHERE, hint="pass rlimit=None for no limit")


def scenario_argument(value: object, what: str = "scenario") -> Scenario:
    """``value`` if it is a :class:`Scenario`.

    Raises:
        SpecError: it is not.
    """
    if isinstance(value, Scenario):
        return value
    msg = f"{what} must be a Scenario, not {_shown(value)}"
    raise SpecError.at(msg, _WHERE, hint="take one from a spec: spec.scenario('NAME'), or build it with Scenario")


def scheme_argument(value: object) -> Scheme:
    """``value`` as a :class:`Scheme`: a scheme, or a scheme ID parsed.

    Raises:
        SpecError: it is neither, or the ID is malformed.
    """
    if isinstance(value, Scheme):
        return value
    if isinstance(value, str):
        return parse_scheme(value)
    msg = f"a scheme must be a Scheme or a scheme ID such as 'objective', not {_shown(value)}"
    raise SpecError.at(msg, _WHERE, hint="pass parse_scheme('objective') or 'objective'")


def schemes_argument(values: object) -> tuple[Scheme, ...]:
    """Each of ``values`` as a :class:`Scheme` (see :func:`scheme_argument`).

    Raises:
        SpecError: ``values`` is a single string or not iterable, or one of them is not a scheme.
    """
    if isinstance(values, str | Scheme) or not isinstance(values, Iterable):
        msg = f"schemes must be a list of schemes or scheme IDs, not {_shown(values)}"
        raise SpecError.at(msg, _WHERE, hint="pass schemes=['objective'], a list even for one")
    return tuple(scheme_argument(v) for v in values)


def argument(value: object, kind: type[_T], what: str, hint: str) -> _T:
    """``value`` if it is a ``kind``.

    Args:
        value: what the caller passed.
        kind: the class it must be an instance of.
        what: the parameter's name, for the message.
        hint: what to pass instead.

    Raises:
        SpecError: it is not.
    """
    if isinstance(value, kind):
        return value
    msg = f"{what} must be a {kind.__name__}, not {_shown(value)}"
    raise SpecError.at(msg, _WHERE, hint=hint)


def specs_argument(values: object) -> tuple[Spec, ...]:
    """Each of ``values`` as a loaded :class:`Spec`.

    Raises:
        SpecError: ``values`` is a single spec, a string or not iterable, or one of them is not a spec.
    """
    hint = "load each file first: [load_spec(path) for path in paths]"
    if isinstance(values, str | Spec) or not isinstance(values, Iterable):
        raise SpecError.at(f"specs must be a list of loaded specs, not {_shown(values)}", _WHERE, hint=hint)
    return tuple(argument(v, Spec, "each spec", hint) for v in values)
