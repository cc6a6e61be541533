"""Reading a survey's answers from CSV: one row per respondent and scenario (specs/README.md, "Survey answers").

The columns are ``respondent``, ``scenario``, ``answer`` (``outer``, ``inner``, ``both``, ``none`` or
``ambiguous``) and, optionally, ``strength`` (``certain`` or ``possible``; a label's answer is ``certain``
unless it says otherwise, as a quiz asks which one it is, and ``ambiguous`` is ``possible``). A header row
naming the columns comes first. Every problem is reported with the file, line and what to write instead.
"""

from __future__ import annotations

import collections
import csv
import difflib
import functools
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from misalign_logic.model.errors import Problem, SpecError
from misalign_logic.model.judgments import AMBIGUOUS, Judgment, Strength
from misalign_logic.model.parse import Origin
from misalign_logic.model.schemes import Label
from misalign_logic.spec.files import read_text
from misalign_logic.spec.limits import MAX_ANSWER_ROWS, MAX_ANSWERS_PER_RESPONDENT

__all__ = ["COLUMNS", "read_answers"]

#: The columns of an answers file; the last is optional.
COLUMNS = ("respondent", "scenario", "answer", "strength")
_ANSWERS = (*(label.value for label in Label), AMBIGUOUS)
_STRENGTHS = (Strength.CERTAIN.value, Strength.POSSIBLE.value)
_Report = Callable[[str, str], None]


def read_answers(path: str | Path, scenarios: Iterable[str], text: str | None = None) -> tuple[Judgment, ...]:
    """The judgments a survey's CSV file records, in file order.

    Args:
        path: the CSV file (read unless ``text`` is given).
        scenarios: the names of the scenarios the answers may be about.
        text: the file's text, if already read.

    Raises:
        SpecError: the file cannot be read, lacks a column, or a row names an unknown scenario, answer or
            strength, or leaves a cell empty; every such problem, each with its line.
    """
    name = str(path)
    if text is None:
        text = read_text(path, "answers file", hint="give the path of a .csv file")
    starts, rows = _rows(text.removeprefix("\ufeff"), name)
    if not rows:
        raise SpecError.at("the answers file is empty", name, hint=f"write a header row: {','.join(COLUMNS)}")
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [c for c in COLUMNS[:3] if c not in header]
    if missing:
        msg = f"the header row lacks the column(s) {', '.join(missing)}"
        raise SpecError.at(msg, name, 1, hint=f"the first row names the columns: {','.join(COLUMNS)}")
    where = {column: header.index(column) for column in COLUMNS if column in header}
    names = list(scenarios)
    problems: list[Problem] = []
    out = []
    for line, row in zip(starts[1:], rows[1:], strict=True):
        if not any(cell.strip() for cell in row):
            continue  # blank lines between respondents are allowed
        found = _row(row, where, names, functools.partial(_add, problems, name, line))
        if found is not None:
            respondent, scenario, answer, strength = found
            label = None if answer == AMBIGUOUS else Label(answer)
            out.append(Judgment(scenario, label, Strength(strength), respondent, origin=Origin(name, line, 1)))
    if problems:
        raise SpecError(problems)
    _check_counts(out, name)
    if not out:
        raise SpecError.at("the answers file records no answers", name, hint="add one row per respondent and scenario")
    return tuple(out)


def _rows(text: str, name: str) -> tuple[list[int], list[list[str]]]:
    """The CSV rows of ``text``, each with the file line it starts on (a quoted cell may span lines).

    Raises:
        SpecError: a row is malformed (a cell over the CSV module's size limit), or there are too many rows.
    """
    reader = csv.reader(io.StringIO(text))
    starts: list[int] = []
    rows: list[list[str]] = []
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return starts, rows
        except csv.Error as err:
            raise SpecError.at(f"the row cannot be read as CSV: {err}", name, line, 1, "keep each cell short") from None
        if len(rows) > MAX_ANSWER_ROWS:
            msg = f"the answers file has more than {MAX_ANSWER_ROWS} rows; the limit is {MAX_ANSWER_ROWS}"
            raise SpecError.at(msg, name, line, 1, "split the survey into several files")
        starts.append(line)
        rows.append(row)
        line = reader.line_num + 1


def _check_counts(judgments: Sequence[Judgment], name: str) -> None:
    """Raise when one respondent gave more answers than :data:`MAX_ANSWERS_PER_RESPONDENT`."""
    counts = collections.Counter(j.respondent for j in judgments)
    for j in judgments:
        if counts[j.respondent] > MAX_ANSWERS_PER_RESPONDENT:
            msg = (
                f"respondent {j.respondent!r} gave {counts[j.respondent]} answers; the limit is "
                f"{MAX_ANSWERS_PER_RESPONDENT}"
            )
            raise SpecError.at(msg, name, j.origin.line, 1, "one answer per scenario: is the respondent column right?")


def _add(problems: list[Problem], name: str, line: int, message: str, hint: str) -> None:
    problems.append(Problem(message, name, line, 1, hint))


def _row(row: list[str], where: dict[str, int], names: list[str], report: _Report) -> tuple[str, str, str, str] | None:
    cells = {c: row[k].strip() if k < len(row) else "" for c, k in where.items()}
    for column in COLUMNS[:3]:
        if not cells[column]:
            report(f"the {column} is empty", f"write the {column} in column {where[column] + 1}")
            return None
    answer = cells["answer"].lower()
    default = Strength.POSSIBLE.value if answer == AMBIGUOUS else Strength.CERTAIN.value
    strength = cells.get("strength", "").lower() or default
    ok = True
    for value, allowed, what in (
        (cells["scenario"], names, "a scenario of the spec"),
        (answer, list(_ANSWERS), "an answer"),
        (strength, list(_STRENGTHS), "a strength"),
    ):
        if value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1)
            report(f"{value!r} is not {what}", f"did you mean {close[0]!r}?" if close else f"use {', '.join(allowed)}")
            ok = False
    if ok and answer == AMBIGUOUS and strength != Strength.POSSIBLE.value:
        report("the answer 'ambiguous' is a possible one (outer and inner both possible)", "leave the strength empty")
        ok = False
    return (cells["respondent"], cells["scenario"], answer, strength) if ok else None
