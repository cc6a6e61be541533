"""Categorization schemes: which one, with which parameters, under which reading (docs/model.md, "Schemes")."""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Iterable

import attrs

from misalign_logic.model.errors import SpecError
from misalign_logic.model.story import Story

__all__ = ["FAMILIES", "STANDARDS", "Label", "Scheme", "default_schemes", "label_set", "parse_scheme", "scheme_family"]


class Label(enum.Enum):
    """What a scheme calls a world."""

    NONE = "none"  # no failure point: nothing went wrong at deployment
    OUTER = "outer"  # outer misalignment
    INNER = "inner"  # inner misalignment
    BOTH = "both"  # a mix, or no single root cause

    def __str__(self) -> str:
        return self.value


def label_set(labels: Iterable[Label]) -> str:
    """A set of labels as people write it: ``{inner, outer}``, sorted."""
    return "{" + ", ".join(sorted(label.value for label in labels)) + "}"


#: Scheme families and whether each reads the world (True) or the scenario's wording (False).
FAMILIES = {
    "objective": True,
    "generalization": True,
    "root-cause": True,
    "heuristic:deception": True,
    "heuristic:training-vs-model": False,
}
STANDARDS = ("outcomes", "reasons", "verifiable")
READINGS = ("literal", "gricean")

_ID = re.compile(r"\s*([a-z:-]+)\s*(?:\[([^\]]*)\])?\s*\Z")


@attrs.frozen
class Scheme:
    """One categorization scheme.

    Attributes:
        family: ``objective``, ``generalization``, ``root-cause``, ``heuristic:deception`` or
            ``heuristic:training-vs-model``.
        counterfactual: for ``objective``, the choice of design objective; ``None`` leaves it open
            (ranging over the world's ``choice``).
        standard: for ``generalization``, what counts as good feedback: ``outcomes``, ``reasons`` or
            ``verifiable``.
        reading: ``literal`` (the scenario as written) or ``gricean`` (what was not said did not happen).
    """

    family: str
    counterfactual: str | None = None
    standard: str | None = None
    reading: str = "literal"

    def __attrs_post_init__(self) -> None:
        msg = hint = ""
        if self.family not in FAMILIES:
            msg = f"unknown scheme {self.family!r}; the schemes are {', '.join(FAMILIES)}"
            close = difflib.get_close_matches(self.family, FAMILIES, n=1)
            hint = f"did you mean {close[0]!r}?" if close else ""
        elif self.family == "generalization" and self.standard not in STANDARDS:
            msg = f"generalization needs standard=one of {', '.join(STANDARDS)}"
        elif self.family != "generalization" and self.standard is not None:
            msg = f"{self.family} takes no standard"
        elif self.family != "objective" and self.counterfactual is not None:
            msg = f"{self.family} takes no counterfactual"
        elif self.reading not in READINGS:
            msg = f"unknown reading {self.reading!r}; use literal or gricean"
        if msg:
            raise SpecError.at(msg, hint=hint)

    @property
    def id(self) -> str:
        """The scheme's canonical name, e.g. ``objective[counterfactual=usefulness]``."""
        params = []
        if self.counterfactual is not None:
            params.append(f"counterfactual={self.counterfactual}")
        if self.standard is not None:
            params.append(f"standard={self.standard}")
        if self.reading != "literal":
            params.append(f"reading={self.reading}")
        return f"{self.family}[{','.join(params)}]" if params else self.family

    @property
    def world_based(self) -> bool:
        """True when the label depends only on the world (so refinement can never add a label).

        The Gricean reading adds defaults for what the scenario does not mention, so under it every scheme
        reads the description as well as the world.
        """
        return FAMILIES[self.family] and self.reading == "literal"

    def with_reading(self, reading: str) -> Scheme:
        """The same scheme under another reading."""
        return attrs.evolve(self, reading=reading)

    def check_story(self, story: Story) -> None:
        """Raise :class:`SpecError` when the scheme names a choice the story does not declare."""
        if self.counterfactual is not None and self.counterfactual not in story.choices:
            msg = f"{self.id}: the story declares no choice {self.counterfactual!r}"
            raise SpecError.at(msg, hint=f"the choices are {', '.join(story.choices)}")

    def __str__(self) -> str:
        return self.id


def parse_scheme(text: str | Scheme) -> Scheme:
    """Parse a scheme ID such as ``generalization[standard=reasons]`` or ``heuristic:deception[reading=gricean]``.

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
    for part in filter(None, (p.strip() for p in (params or "").split(","))):
        key, eq, value = (s.strip() for s in part.partition("="))
        if not eq or not value:
            msg = f"in scheme {text!r}: parameter {part!r} needs a value (key=value)"
            raise SpecError.at(msg)
        if key not in ("counterfactual", "standard", "reading"):
            msg = f"in scheme {text!r}: unknown parameter {key!r}"
            raise SpecError.at(msg, hint="parameters are counterfactual, standard and reading")
        if key in values:
            msg = f"in scheme {text!r}: parameter {key!r} given twice"
            raise SpecError.at(msg)
        values[key] = value
    try:
        return Scheme(family, values.get("counterfactual"), values.get("standard"), values.get("reading", "literal"))
    except SpecError as err:
        msg = f"in scheme {text!r}: {err.problems[0].message}"
        raise SpecError.at(msg, hint=err.hint) from None


def default_schemes(story: Story) -> tuple[Scheme, ...]:
    """The schemes ``check`` runs when none are named: every family and parameter, literal reading."""
    return (
        Scheme("objective"),
        *(Scheme("objective", counterfactual=c) for c in story.choices),
        *(Scheme("generalization", standard=s) for s in STANDARDS),
        Scheme("root-cause"),
        Scheme("heuristic:deception"),
        Scheme("heuristic:training-vs-model"),
    )


def scheme_family(story: Story, readings: Iterable[str] = READINGS) -> tuple[Scheme, ...]:
    """Every scheme with every parameter under every reading: the family judgments are fitted against."""
    return tuple(s.with_reading(r) for r in readings for s in default_schemes(story))
