"""Priors: independent probabilities for the values of a world's unknowns (docs/model.md, "Schemes" 7).

Under a prior a scheme yields ``P(label | scenario)`` as an exact interval ``[lo, hi]``: every assignment
of the prior's unknowns is classified on its own; an assignment the scenario rules out is dropped and the
rest renormalized (conditioning on the scenario); a forced label adds the assignment's weight to both
bounds of that label, an ambiguous verdict only to the upper bound of each of its labels, because unknowns
outside the prior still move it. The cost is one classification per assignment, the product of the table
sizes, so a prior is limited to :data:`MAX_ASSIGNMENTS` of them.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, time
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from misalign_logic.model.errors import Problem, ProblemSink, SpecError
from misalign_logic.model.expr import App, Const, render
from misalign_logic.model.notebook import Shown
from misalign_logic.model.parse import Origin, parse_term
from misalign_logic.model.schemes import Label
from misalign_logic.model.story import STATIC_FUNCTIONS, Story
from misalign_logic.model.unknown import UNKNOWN_VALUE, Decision

__all__ = [
    "MAX_ASSIGNMENTS",
    "MAX_PROBABILITY_DIGITS",
    "Prior",
    "Probability",
    "ProbabilityStatus",
    "Unknown",
    "decimal",
    "parse_probability",
    "read_prior",
]

#: Most assignments a prior may have (the product of its tables' sizes); each costs a classification.
MAX_ASSIGNMENTS = 256

Weight = int | float | str | Decimal


class ProbabilityStatus(Decision):
    """Whether a probability could be given."""

    KNOWN = "known"  # the bounds are exact
    INCONSISTENT = "inconsistent"  # no assignment of positive weight leaves the scenario a world
    UNKNOWN = UNKNOWN_VALUE  # the solver gave up on some assignment; no number is claimed


def decimal(value: Fraction) -> str:
    """``value`` as an exact decimal (``0.99``) when it has one, else as a fraction (``1/3``)."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    if places == 0:
        return str(value.numerator)
    scaled = value.numerator * 10**places // value.denominator
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}".rstrip("0").rstrip(".")


#: Most digits a probability may be written with, in its numerator, denominator, or decimal places. Exact
#: arithmetic on longer numbers costs time for no meaning; ``1e-4400`` or ``1e999999999`` is refused at once.
MAX_PROBABILITY_DIGITS = 400

_DECIMAL = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")
_FRACTION = re.compile(r"([+-]?\d+)\s*/\s*([+-]?\d+)")


def _shown(raw: object) -> str:
    """``raw`` as a message shows it: the text of a number or string, the kind of anything else."""
    if isinstance(raw, str):
        return repr(raw)
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return str(raw)
    kinds = {bool: "a boolean", list: "an array", dict: "a table"}
    return kinds.get(type(raw), "a date or time" if isinstance(raw, date | time) else f"a {type(raw).__name__}")


def _exact(text: str) -> Fraction | None:
    """The exact value of a decimal (``0.01``, ``1e-3``) or a fraction (``1/3``), or None if it is neither.

    Raises:
        ValueError: it has more digits or a larger exponent than :data:`MAX_PROBABILITY_DIGITS` allows.
    """
    limit = MAX_PROBABILITY_DIGITS
    if m := _FRACTION.fullmatch(text):
        top, bottom = m.groups()
        if max(len(top), len(bottom)) > limit + 1:
            msg = f"{text!r} has more than {limit} digits"
            raise ValueError(msg)
        return Fraction(int(top), int(bottom))
    m = _DECIMAL.fullmatch(text)
    if m is None or not (m.group(2) or m.group(3)):
        return None
    sign, whole, places, exponent = m.group(1), m.group(2), m.group(3) or "", m.group(4) or "0"
    digits = (whole + places).lstrip("0")
    # The exponent is bounded by its length first, so that reading it as a number costs nothing.
    power = int(exponent) - len(places) if len(exponent) <= 12 else None
    if power is None or len(digits) > limit or (digits and not -limit <= power + len(digits) - 1 <= limit):
        msg = f"{text!r} is too small, too large or too long: write at most {limit} digits or decimal places"
        raise ValueError(msg)
    if not digits:
        return Fraction(0)
    value = Fraction(int(digits) * 10 ** max(power, 0), 10 ** max(-power, 0))
    return -value if sign == "-" else value


def parse_probability(raw: Any) -> Fraction:
    """A probability from TOML: a number (read from its decimal text) or a string such as ``"1/100"``.

    A TOML float read as :class:`decimal.Decimal` (``tomllib.loads(..., parse_float=Decimal)``) keeps its
    exact decimal value; a Python float is read from its shortest decimal text.

    Raises:
        ValueError: ``raw`` is not a number or a fraction, is not between 0 and 1, or is written with more
            digits than :data:`MAX_PROBABILITY_DIGITS`.
    """
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        msg = f"{_shown(raw)} is not a probability"
        raise ValueError(msg)
    try:
        value = _exact(str(raw).strip().replace("_", "") if isinstance(raw, str) else str(raw))
    except ValueError as err:
        msg = f"probability {err}"
        raise ValueError(msg) from None
    except ZeroDivisionError:
        value = None
    if value is None:
        msg = f"{_shown(raw)} is not a probability"
        raise ValueError(msg)
    if not 0 <= value <= 1:
        msg = f"probability {_shown(raw)} is not between 0 and 1"
        raise ValueError(msg)
    return value


@attrs.frozen
class Unknown:
    """One unknown of a prior and its table.

    Attributes:
        term: the unknown, as written in the expression language (e.g. ``reason(review)``).
        sort: its sort (``Bool``, ``Reason``, ``Action``, ``fact:NAME``, ...).
        table: each value with its probability; values left out have probability 0.
    """

    term: str
    sort: str
    table: tuple[tuple[str, Fraction], ...]

    def given(self, value: str) -> str:
        """The constraint ``term == value``."""
        return f"{self.term} == {value}"


@attrs.frozen
class Prior:
    """Independent probabilities for the values of named unknowns.

    Attributes:
        name: the prior's name.
        unknowns: the unknowns, each with its table.
        origin: where the prior is declared.
    """

    name: str
    unknowns: tuple[Unknown, ...]
    origin: Origin = attrs.field(default=Origin(), eq=False)

    @property
    def size(self) -> int:
        """How many assignments of positive weight there are (one classification each)."""
        return math.prod(sum(1 for _, p in u.table if p) for u in self.unknowns)

    def assignments(self) -> Iterator[tuple[Fraction, tuple[str, ...]]]:
        """Each assignment of positive weight: its weight and its constraints (``term == value``)."""
        tables = [[(p, u.given(v)) for v, p in u.table if p] for u in self.unknowns]
        for combo in itertools.product(*tables):
            yield math.prod((p for p, _ in combo), start=Fraction(1)), tuple(g for _, g in combo)

    @classmethod
    def build(cls, story: Story, name: str, tables: Mapping[str, Weight | Mapping[str, Weight]]) -> Prior:
        """A prior from plain values: ``{"reason(review)": {"deceptive": 0.01, "aligned": 0.99}}``.

        A boolean unknown may be given a single number, its probability of being true.

        Raises:
            SpecError: an unknown or value is not the story's, or a table does not sum to 1.
        """
        problems: list[Problem] = []
        prior = read_prior(
            name,
            dict(tables),
            story,
            lambda key: Origin(),
            lambda message, where, hint="": problems.append(Problem(message, hint=hint)),
        )
        if problems or prior is None:
            raise SpecError(problems or [Problem(f"prior {name!r} is malformed")])
        return prior


def read_prior(
    name: str, data: dict[str, Any], story: Story, where: Callable[[str], Origin], problem: ProblemSink
) -> Prior | None:
    """Read one prior's tables (a ``[prior.NAME]`` table, or plain values); report problems through ``problem``.

    Returns None when any problem was reported. ``where(key)`` locates a key (``""``: the table itself).
    """
    count = 0
    unknowns: list[Unknown] = []
    seen: set[str] = set()

    def report(message: str, key: str, hint: str = "") -> None:
        nonlocal count
        count += 1
        origin = where(key)
        problem(message, (origin.line, origin.column), hint)

    if not data:
        report(
            f"prior {name!r} gives no unknown",
            "",
            'add a line like "reason(review)" = { deceptive = 0.01, aligned = 0.99 }',
        )
    for key, raw in data.items():
        try:
            term = parse_term(key, story, where(key))
        except SpecError as err:
            count += 1
            for p in err.problems:
                problem(p.message, (p.line, p.column), p.hint)
            continue
        if (
            not isinstance(term, App)
            or term.func in STATIC_FUNCTIONS
            or not all(isinstance(a, Const) for a in term.args)
        ):
            report(
                f"prior {name!r}: {key!r} is not an unknown of the world",
                key,
                "name one unknown with fixed arguments, e.g. reason(review) or fixes_feedback",
            )
            continue
        text = render(term)
        if text in seen:
            report(f"prior {name!r} gives {text!r} twice", key, "merge the two tables")
            continue
        seen.add(text)
        if term.sort == "Int":  # an amount: its values are the numbers of its declared range
            lo, hi = story.amount_range(term.func)
            values: tuple[str, ...] = tuple(str(n) for n in range(lo, hi + 1))
        else:
            values = ("true", "false") if term.sort == "Bool" else story.sort_values(term.sort)
        if term.sort == "Bool" and not isinstance(raw, dict):
            raw = {"true": raw, "false": None}
        if not isinstance(raw, dict):
            report(
                f"prior {name!r}: {text} needs a table of its values",
                key,
                f"write {{ {values[0]} = 0.5, {values[-1]} = 0.5 }}",
            )
            continue
        table: list[tuple[str, Fraction]] = []
        bad = False
        for value, weight in raw.items():
            if value not in values:
                report(
                    f"prior {name!r}: {value!r} is not a value of {text}", key, f"its values are {', '.join(values)}"
                )
                bad = True
                continue
            if weight is None:  # a boolean given as one number: false takes the rest
                continue
            try:
                table.append((value, parse_probability(weight)))
            except ValueError as err:
                report(f"prior {name!r}, {text}: {err}", key, 'write a number such as 0.01 or a string such as "1/100"')
                bad = True
        if bad:
            continue
        if term.sort == "Bool" and "false" in raw and raw["false"] is None:
            table.append(("false", 1 - sum((p for _, p in table), start=Fraction(0))))
        total = sum((p for _, p in table), start=Fraction(0))
        if total != 1:
            report(
                f"prior {name!r}: the probabilities of {text} sum to {decimal(total)}, not 1",
                key,
                "values left out have probability 0, so the table must sum to exactly 1",
            )
            continue
        unknowns.append(Unknown(text, term.sort, tuple(table)))
    prior = Prior(name, tuple(unknowns), where(""))
    if not count and prior.size > MAX_ASSIGNMENTS:
        report(
            f"prior {name!r} has {prior.size} assignments; the limit is {MAX_ASSIGNMENTS}",
            "",
            "each assignment costs a classification: split the prior or drop unknowns",
        )
    return None if count else prior


@attrs.frozen
class Probability(Shown):
    """``P(label | scenario)`` under a prior, per label, as exact intervals.

    Attributes:
        scenario: the scenario's name.
        scheme: the scheme's ID.
        prior: the prior's name.
        status: known, inconsistent or unknown.
        bounds: known: ``(label, lo, hi)`` for each label of positive upper bound, in label order.
        reason: unknown: why the solver gave up.
    """

    scenario: str
    scheme: str
    prior: str
    status: ProbabilityStatus
    bounds: tuple[tuple[Label, Fraction, Fraction], ...] = ()
    reason: str = ""

    def of(self, label: Label) -> tuple[Fraction, Fraction]:
        """The interval of ``label`` (``(0, 0)`` for a label no assignment allows).

        Raises:
            ValueError: the probability is not known.
        """
        if self.status is not ProbabilityStatus.KNOWN:
            msg = f"P({label.value}) is not known: the verdict is {self.status.value}"
            raise ValueError(msg)
        for found, lo, hi in self.bounds:
            if found is label:
                return lo, hi
        return Fraction(0), Fraction(0)

    def summary(self) -> str:
        """``P(outer) = 0.99, P(inner) = 0.01`` (an interval as ``in [lo, hi]``), or the status."""
        if self.status is not ProbabilityStatus.KNOWN:
            return str(self.status)
        parts = []
        for label, lo, hi in self.bounds:
            shown = f"= {decimal(lo)}" if lo == hi else f"in [{decimal(lo)}, {decimal(hi)}]"
            parts.append(f"P({label.value}) {shown}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"status": ..., "probability": {"outer": ["0.99", "0.99"], ...}}`` (exact decimals)."""
        out: dict[str, Any] = {"status": self.status.value}
        if self.status is ProbabilityStatus.KNOWN:
            out["probability"] = {label.value: [decimal(lo), decimal(hi)] for label, lo, hi in self.bounds}
        if self.reason:
            out["reason"] = self.reason
        return out
