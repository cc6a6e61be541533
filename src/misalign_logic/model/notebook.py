"""How result values show themselves in a notebook, without the model room importing the prose room.

A value type derives from :class:`Shown`; the prose room registers, per type, the functions that render it as
HTML and Markdown (:func:`shows`), and the spec room how a value is written as spec text (``"spec"``).
Jupyter calls ``_repr_html_`` / ``_repr_markdown_``; with no renderer
registered they return None and Jupyter falls back to the plain ``repr``. Importing ``misalign_logic``
registers the prose room's renderers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["Shown", "shown_as", "shows"]

_RENDERERS: dict[tuple[type, str], Callable[[Any], str]] = {}

F = TypeVar("F", bound=Callable[..., str])


def shows(kind: type, fmt: str) -> Callable[[F], F]:
    """Decorator: register ``function(value) -> str`` as how a ``kind`` shows itself in ``fmt`` (html|markdown)."""

    def register(function: F) -> F:
        _RENDERERS[(kind, fmt)] = function
        return function

    return register


def _render(value: object, fmt: str) -> str | None:
    for kind in type(value).__mro__:
        function = _RENDERERS.get((kind, fmt))
        if function is not None:
            return function(value)
    return None


def shown_as(value: object, fmt: str) -> str | None:
    """``value`` rendered in ``fmt`` by the function registered for its type, or None when none is."""
    return _render(value, fmt)


class Shown:
    """Mixin for a value that a notebook shows as HTML or Markdown once the prose room has registered how."""

    __slots__ = ()

    def _repr_html_(self) -> str | None:
        return _render(self, "html")

    def _repr_markdown_(self) -> str | None:
        return _render(self, "markdown")
