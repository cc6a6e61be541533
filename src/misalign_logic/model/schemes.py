"""Categorization schemes: which one, with which parameters, under which reading (docs/model.md, "Schemes")."""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from misalign_logic.model.errors import Problem, SpecError
from misalign_logic.model.families import (
    BUILTIN,
    READINGS,
    Family,
    find_family,
    parameter_names,
    register,
    registered,
)
from misalign_logic.model.labels import (
    BUILTIN_LABELS,
    RESERVED_LABELS,
    SEPARATOR,
    Label,
    check_labels,
    label_problem,
    label_set,
    value_of,
)
from misalign_logic.model.story import Story

__all__ = [
    "BUILTIN_LABELS",
    "RESERVED_LABELS",
    "SEPARATOR",
    "STANDARDS",
    "Label",
    "Scheme",
    "check_conditions",
    "check_labels",
    "default_schemes",
    "label_problem",
    "label_set",
    "members",
    "parse_scheme",
    "probe_story",
    "scheme_family",
    "value_of",
]


#: The standards of the generalization scheme (read from the registry; kept for callers that list them).
STANDARDS = BUILTIN["generalization"].parameters[0].values
#: The readings a scheme can be applied under.
READING_NAMES = tuple(READINGS)

_ID = re.compile(r"\s*([A-Za-z][A-Za-z0-9_.:-]*)\s*(?:\[([^\]]*)\])?\s*\Z")


def _family(value: str | Family) -> Family:
    if isinstance(value, Family):
        return value
    found = find_family(value)
    if found is None:
        names = [*BUILTIN, *(f.name for f in registered())]
        msg = f"unknown scheme {value!r}; the schemes are {', '.join(names)}"
        close = difflib.get_close_matches(value, names, n=1)
        raise SpecError.at(msg, hint=f"did you mean {close[0]!r}?" if close else "")
    return found


#: The keyword a scheme ID gives its reading under (beside the family's own parameters).
READING = "reading"
#: The order a scheme's values could be given in positionally before its parameters came from its family's
#: entry: ``Scheme("objective", "usefulness")`` still means the counterfactual. New code names them.
_POSITIONAL = ("counterfactual", "standard", READING)


def _problem(family: Family, values: Mapping[str, str], reading: str) -> tuple[str, str]:
    """What is wrong with a scheme of ``family`` given ``values`` under ``reading``: ``(message, hint)``, or
    ``("", "")``. A wrong reading is told first, then a parameter the family lacks, then a wrong value."""
    if reading not in READINGS:
        msg = f"unknown reading {reading!r}; use {' or '.join(READINGS)}"
        return msg, _did_you_mean(reading, tuple(READINGS))
    lacked = [k for k in values if family.parameter(k) is None]
    if lacked:  # the one the registry lists last, as the built-ins always told
        known = parameter_names()
        lacked.sort(key=lambda k: (k in known, known.index(k) if k in known else 0))
        return f"{family.name} takes no {lacked[-1]}", ""
    msg = hint = ""
    for p in family.parameters:
        value = values.get(p.name)
        if (value is None and p.required) or (value is not None and p.values and value not in p.values):
            msg = f"{family.name} needs {p.name}=one of {', '.join(p.values)}"
            hint = _did_you_mean(value, p.values) if value is not None else ""
    return msg, hint


@attrs.frozen(init=False, unsafe_hash=False)
class Scheme:
    """One categorization scheme: a family of the registry, values for its parameters, and a reading.

    The family's entry decides which parameters exist, which values each may take and which are required;
    a scheme is built with the values as keywords, e.g. ``Scheme("generalization", standard="reasons")``.

    Args:
        family: the family, or its name (looked up in the registry of :mod:`misalign_logic.model.families`).
        *given: values given positionally, in the order ``counterfactual``, ``standard``, ``reading``, as
            before parameters came from the entry; prefer keywords.
        reading: ``literal`` (the scenario as written) or ``gricean`` (what was not said did not happen).
        **values: a value per parameter of the family, by name; ``None`` leaves it unset (an optional one,
            such as objective's ``counterfactual``, then ranges over the world's ``choice``).

    Attributes:
        family: the family.
        params: the values given, as ``(name, value)`` pairs in the order of the family's parameters.
        reading: the reading.

    Raises:
        SpecError: the family is unknown, takes no parameter of a given name, lacks a required value or is
            given a value it does not take, or the reading is unknown.
    """

    family: Family
    params: tuple[tuple[str, str], ...]
    reading: str
    # Schemes are keys of many tables: the hash is computed once (attrs caches hashes only with its own init).
    _hash: int = attrs.field(eq=False, repr=False)

    def __init__(
        self, family: str | Family, /, *given: str | None, reading: str = "literal", **values: str | None
    ) -> None:
        if len(given) > len(_POSITIONAL):
            msg = f"Scheme() takes at most {len(_POSITIONAL) + 1} positional arguments ({len(given) + 1} given)"
            raise TypeError(msg)
        positional = dict(zip(_POSITIONAL, given, strict=False))
        if READING in positional:
            reading = positional.pop(READING) or "literal"
        for name in positional.keys() & values.keys():
            msg = f"Scheme() got the value of {name!r} twice"
            raise TypeError(msg)
        found = _family(family)
        set_ = {k: v for k, v in {**positional, **values}.items() if v is not None}
        msg, hint = _problem(found, set_, reading)
        if msg:
            raise SpecError.at(msg, hint=hint)
        params = tuple((p.name, set_[p.name]) for p in found.parameters if p.name in set_)
        self.__attrs_init__(found, params, reading, hash((found, params, reading)))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # The cached hash is not pickled: another process hashes strings with another seed.
        return (_rebuilt, (self.family, self.params, self.reading))

    @classmethod
    def define(
        cls,
        name: str,
        *,
        outer: str | None = None,
        inner: str | None = None,
        both: str | None = None,
        describe: str = "",
        labels: Sequence[str] | Mapping[str, str] | None = None,
        conditions: Mapping[str, str] | None = None,
    ) -> Scheme:
        """A scheme of your own, from one condition per label (docs/model.md, "Schemes as data").

        Conditions are texts in the expression language, read at worlds with a failure point (a world
        without one is ``none``); they may use ``failure(s)`` and ``mentions(SYMBOL)``. The scheme's ID is
        ``name``, and it is registered so that the ID reads back (``parse_scheme(name)``).

        Args:
            name: the scheme's name.
            outer: the condition of ``outer`` (when no ``labels`` are declared).
            inner: the condition of ``inner`` (when no ``labels`` are declared).
            both: the condition of ``both``, if the scheme gives one.
            describe: one sentence saying what the scheme calls each label.
            labels: the scheme's own labels instead of outer/inner/both: their names, or a mapping from each
                name to its words (what the label means, completing "LABEL means that ...").
            conditions: with ``labels``, the condition of each declared label.

        Raises:
            SpecError: the name is taken or invalid, a label is invalid, reserved or lacks a condition, a
                condition names an undeclared label, or a condition is malformed.
        """
        if not isinstance(name, str):
            msg = f"a scheme's name must be a string, not {type(name).__name__}"
            raise SpecError.at(msg, hint='pass a name such as Scheme.define("my-scheme", outer=..., inner=...)')
        given, declared, words = _label_conditions(name, (outer, inner, both), labels, conditions)
        for label, text in given.items():
            if not isinstance(text, str):
                msg = f"scheme {name!r}: the condition of {label} must be a string, not {type(text).__name__}"
                raise SpecError.at(msg)
        family = Family(str(name), describe, tuple(given.items()), meanings=words, labels=declared)
        check_conditions(family)
        return cls(register(family))

    @property
    def id(self) -> str:
        """The scheme's canonical name, e.g. ``objective[counterfactual=usefulness]``."""
        params = [f"{name}={value}" for name, value in self.params]
        if self.reading != "literal":
            params.append(f"{READING}={self.reading}")
        return f"{self.family.name}[{','.join(params)}]" if params else self.family.name

    def param(self, name: str) -> str | None:
        """The value given for parameter ``name``, or None."""
        for key, value in self.params:
            if key == name:
                return value
        return None

    @property
    def counterfactual(self) -> str | None:
        """The value of a ``counterfactual`` parameter (objective's choice of design objective), or None."""
        return self.param("counterfactual")

    @property
    def standard(self) -> str | None:
        """The value of a ``standard`` parameter (generalization's standard of good feedback), or None."""
        return self.param("standard")

    @property
    def choices(self) -> tuple[str, ...]:
        """The story choices the scheme names: the values of its family's choice-valued parameters."""
        return tuple(v for p in self.family.parameters if p.is_choice and (v := self.param(p.name)) is not None)

    @property
    def world_based(self) -> bool:
        """True when the label depends only on the world (so refinement can never add a label).

        A family whose conditions read the description (``mentions``) is not; nor is any scheme under a
        reading that adds defaults for what the scenario does not say.
        """
        return not self.family.reads_description and not READINGS[self.reading].reads_description

    def with_reading(self, reading: str) -> Scheme:
        """The same scheme under another reading (itself when it is under that reading already)."""
        return self if reading == self.reading else Scheme(self.family, reading=reading, **dict(self.params))

    def check_story(self, story: Story) -> None:
        """Raise :class:`SpecError` when the scheme names a choice the story does not declare."""
        for p in self.family.parameters:
            value = self.param(p.name)
            if p.is_choice and value is not None and value not in story.choices:
                msg = f"{self.id}: the story declares no choice {value!r}"
                raise SpecError.at(msg, hint=f"the choices are {', '.join(story.choices)}")

    def __str__(self) -> str:
        return self.id


def _rebuilt(family: Family, params: tuple[tuple[str, str], ...], reading: str) -> Scheme:
    return Scheme(family, reading=reading, **dict(params))


def _label_conditions(
    name: str,
    defaults: tuple[str | None, str | None, str | None],
    labels: Sequence[str] | Mapping[str, str] | None,
    conditions: Mapping[str, str] | None,
) -> tuple[dict[str, str], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The conditions by label, the declared labels (``()``: the default ones) and their words, for ``define``.

    Raises:
        SpecError: the two ways of giving conditions are mixed, or the declared labels have a problem.
    """
    outer, inner, both = defaults
    if labels is None:
        if conditions is not None or outer is None or inner is None:
            msg = f"scheme {name!r}: give outer= and inner= (and both=), or labels= and conditions="
            raise SpecError.at(msg)
        return {"outer": outer, "inner": inner, "both": both if both is not None else "false"}, (), ()
    if any(x is not None for x in defaults):
        msg = f"scheme {name!r}: with labels=, give every condition in conditions="
        raise SpecError.at(msg, hint="e.g. conditions={'outer': '...'}")
    given = dict(conditions or {})
    names = list(labels)
    problems = check_labels(names, given)
    if problems:
        raise SpecError([Problem(f"scheme {name!r}: {m}", "<string>", 0, 0, h) for m, h, _ in problems])
    words = tuple((k, v) for k, v in labels.items() if v) if isinstance(labels, Mapping) else ()
    return {label: given[label] for label in names}, tuple(names), words


def check_conditions(family: Family) -> None:
    """Parse a user family's conditions over a generic story, so that a malformed one is reported where written.

    Raises:
        SpecError: a condition does not parse or type-check, located at its text.
    """
    # Imported here: the parser imports this module's Label users; the registry check runs rarely.
    from misalign_logic.model.parse import Origin, parse_condition

    problems = []
    for label, text in family.conditions:
        file, line, column = family.origin(label)
        try:
            parse_condition(text, probe_story(), frozenset(), Origin(file, line, column))
        except SpecError as err:
            problems += [
                attrs.evolve(p, message=f"scheme {family.name!r}, condition of {label}: {p.message}")
                for p in err.problems
            ]
    if problems:
        raise SpecError(problems)


def probe_story() -> Story:
    """A small story over the generic signature: what a taxonomy's conditions are checked against."""
    return Story.build("probe", {"t1": "training", "d1": "deployment"}, ("a1", "a2"), ("c1",))


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f"did you mean {close[0]!r}?" if close else ""


def parse_scheme(text: str | Scheme) -> Scheme:
    """Parse a scheme ID such as ``generalization[standard=reasons]`` or ``heuristic:deception[reading=gricean]``.

    A user scheme (``Scheme.define``, a ``[scheme.NAME]`` table) is read by its name.

    Raises:
        SpecError: the ID names no scheme or has a wrong parameter.
    """
    if isinstance(text, Scheme):
        return text
    m = _ID.match(text)
    if m is None:
        msg = f"cannot read scheme {text!r}"
        raise SpecError.at(msg, hint="write e.g. objective[counterfactual=NAME] or generalization[standard=reasons]")
    family, params = m.group(1), m.group(2)
    values: dict[str, str] = {}
    known = find_family(family)
    for part in filter(None, (p.strip() for p in (params or "").split(","))):
        key, eq, value = (s.strip() for s in part.partition("="))
        if not eq or not value:
            msg = f"in scheme {text!r}: parameter {part!r} needs a value (key=value)"
            raise SpecError.at(msg)
        if key != READING and (known is None or known.parameter(key) is None) and key not in parameter_names():
            keys = (*parameter_names(), READING)
            msg = f"in scheme {text!r}: unknown parameter {key!r}"
            listed = f"{', '.join(keys[:-1])} and {keys[-1]}"
            raise SpecError.at(msg, hint=_did_you_mean(key, keys) or f"parameters are {listed}")
        if key in values:
            msg = f"in scheme {text!r}: parameter {key!r} given twice"
            raise SpecError.at(msg)
        values[key] = value
    try:
        reading = values.pop(READING, "literal")
        return Scheme(family, reading=reading, **values)
    except SpecError as err:
        msg = f"in scheme {text!r}: {err.problems[0].message}"
        raise SpecError.at(msg, hint=err.hint) from None


def members(family: Family, story: Story) -> tuple[Scheme, ...]:
    """Every scheme of ``family`` over ``story``: every combination of its parameters' values (an optional one
    left open first), literal reading."""
    return _members(family, story.choices)


def _members(family: Family, choices: tuple[str, ...]) -> tuple[Scheme, ...]:
    names = [p.name for p in family.parameters]
    options = [((None,) if not p.required else ()) + tuple(p.values or choices) for p in family.parameters]
    combinations: list[dict[str, Any]] = [dict(zip(names, v, strict=True)) for v in itertools.product(*options)]
    return tuple(Scheme(family, **values) for values in combinations)


def default_schemes(story: Story) -> tuple[Scheme, ...]:
    """The schemes ``check`` runs when none are named: every built-in family and parameter, literal reading."""
    return _defaults(story.choices)


@functools.lru_cache(maxsize=64)
def _defaults(choices: tuple[str, ...]) -> tuple[Scheme, ...]:
    """:func:`default_schemes` of a story with these choices, the only part of a story they depend on: made once,
    as a spec file or a property-based test reads a new story each time (schemes are immutable)."""
    return tuple(s for family in BUILTIN.values() for s in _members(family, choices))


def scheme_family(story: Story, readings: Iterable[str] = READING_NAMES) -> tuple[Scheme, ...]:
    """Every scheme with every parameter under every reading: the family judgments are fitted against."""
    return tuple(s.with_reading(r) for r in readings for s in default_schemes(story))
