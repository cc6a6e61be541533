"""Labels and values: what a scheme calls a world (docs/model.md, "The user's own vocabulary").

A scheme declares its labels (the seed's ``outer``, ``inner``, ``both``, or a researcher's own); a world's
*value* is the set of labels whose conditions hold there, written as the label, ``unlabelled`` or ``A+B``.
This module holds the label type, the reserved names and the checks a declared label set must pass.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

__all__ = [
    "BUILTIN_LABELS",
    "RESERVED_LABELS",
    "SEPARATOR",
    "Label",
    "check_labels",
    "label_problem",
    "label_set",
    "value_of",
]


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f"did you mean {close[0]!r}?" if close else ""


class _LabelType(type):
    """Iterating over :class:`Label` gives the built-in labels, as iterating over an enum would."""

    def __iter__(cls) -> Iterator[Label]:
        return iter(BUILTIN_LABELS)


_INTERNED: dict[str, Label] = {}


class Label(metaclass=_LabelType):
    """What a scheme calls a world: a label a scheme declares, or a *value* (docs/model.md, "Values").

    The built-in labels are :attr:`NONE`, :attr:`OUTER`, :attr:`INNER` and :attr:`BOTH`; a user scheme
    declares its own. A world's value under a scheme is the set of labels whose conditions hold there, written
    as the label when one holds, :attr:`UNLABELLED` when none does, and ``A+B`` (names sorted) when several do
    (:func:`value_of`). Labels are interned: two with the same name are the same object.
    """

    __slots__ = ("value",)
    value: str
    NONE: ClassVar[Label]  # no failure point: nothing went wrong at deployment
    OUTER: ClassVar[Label]  # outer misalignment
    INNER: ClassVar[Label]  # inner misalignment
    BOTH: ClassVar[Label]  # a mix, or no single root cause
    UNLABELLED: ClassVar[Label]  # a failure where none of a scheme's conditions holds

    def __new__(cls, value: str | Label) -> Label:
        if isinstance(value, Label):
            return value
        found = _INTERNED.get(value)
        if found is None:
            found = _INTERNED[value] = object.__new__(cls)
            object.__setattr__(found, "value", str(value))
        return found

    def __setattr__(self, name: str, value: object) -> None:
        msg = "a Label is immutable"
        raise AttributeError(msg)

    def __reduce__(self) -> tuple[type[Label], tuple[str]]:
        return (Label, (self.value,))

    def __repr__(self) -> str:
        return f"Label({self.value!r})"

    def __str__(self) -> str:
        return self.value

    @property
    def parts(self) -> tuple[Label, ...]:
        """The labels of a value: ``(A, B)`` for ``A+B``, ``()`` for ``unlabelled``, itself otherwise."""
        if self is Label.UNLABELLED:
            return ()
        return tuple(Label(p) for p in self.value.split(SEPARATOR))

    @property
    def categorizes(self) -> bool:
        """True when this value is one label (or ``none``): not a gap (``unlabelled``) nor an overlap (``A+B``)."""
        return len(self.parts) == 1


Label.NONE = Label("none")
Label.OUTER = Label("outer")
Label.INNER = Label("inner")
Label.BOTH = Label("both")
Label.UNLABELLED = Label("unlabelled")

#: The built-in labels, in the order the seed gives them.
BUILTIN_LABELS = (Label.NONE, Label.OUTER, Label.INNER, Label.BOTH)
#: What joins the labels of an overlap value: ``inner+outer``.
SEPARATOR = "+"
#: Names no declared label may take: values and the word for a world without a failure.
RESERVED_LABELS = (Label.UNLABELLED.value, Label.NONE.value)


_LABEL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


def label_problem(name: object) -> tuple[str, str] | None:
    """Why ``name`` cannot be a declared label, as ``(message, hint)``; None when it can.

    A label is a name (letters, digits, ``_`` and ``-``, starting with a letter); ``unlabelled`` and ``none``
    are values every scheme has, and ``+`` joins the labels of an overlap, so none of them may be declared.
    """
    if not isinstance(name, str):
        return f"a label must be a string, not {type(name).__name__}", 'write labels = ["name", ...]'
    if SEPARATOR in name:
        hint = f"{name} is the value of a world where several labels hold; declare each label on its own"
        return f"label {name!r} contains {SEPARATOR!r}, which joins the labels of an overlap", hint
    if name in RESERVED_LABELS:
        hint = "unlabelled (no condition holds) and none (no failure) are values every scheme has; rename it"
        return f"label {name!r} is a reserved word", hint
    if not _LABEL_NAME.match(name):
        hint = "use letters, digits, '_' and '-', starting with a letter"
        return f"{name!r} cannot name a label", hint
    return None


def check_labels(labels: Iterable[object], conditions: Iterable[str]) -> list[tuple[str, str, str | None]]:
    """Problems with a declared label set and the labels given conditions: ``(message, hint, key)`` each,
    ``key`` naming the condition or label it is about (None: the set as a whole)."""
    declared = list(labels)
    given = list(conditions)
    problems: list[tuple[str, str, str | None]] = []
    if not declared:
        problems.append(("the scheme declares no labels", 'write labels = ["name", ...] with at least one', None))
    seen: set[str] = set()
    for name in declared:
        found = label_problem(name)
        if found is not None:
            problems.append((*found, None))
        elif name in seen:
            problems.append((f"label {name!r} is declared twice", "declare each label once", None))
        seen.add(str(name))
    for key in given:
        if key not in seen:
            hint = _did_you_mean(key, seen) or f"the declared labels are {', '.join(sorted(seen)) or 'none'}"
            problems.append((f"a condition for {key!r}, which is not a declared label", hint, key))
    for name in declared:
        if isinstance(name, str) and label_problem(name) is None and name not in given:
            problems.append(
                (f"label {name!r} has no condition", f'write {name} = "..." in the expression language', name)
            )
    return problems


def value_of(labels: Iterable[Label]) -> Label:
    """The value of a world with a failure point where ``labels`` hold: the label, ``unlabelled`` or ``A+B``."""
    names = sorted({label.value for label in labels})
    if not names:
        return Label.UNLABELLED
    return Label(SEPARATOR.join(names))


def label_set(labels: Iterable[Label]) -> str:
    """A set of labels as people write it: ``{inner, outer}``, sorted."""
    return "{" + ", ".join(sorted(label.value for label in labels)) + "}"
