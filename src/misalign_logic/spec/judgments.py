"""Reading the ``[[judgment]]`` tables of a spec file (specs/README.md, "Judgments")."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from misalign_logic.model.errors import ProblemSink
from misalign_logic.model.families import READINGS
from misalign_logic.model.judgments import AMBIGUOUS, UNATTRIBUTED, Judgment, Strength
from misalign_logic.model.parse import Origin
from misalign_logic.model.priors import parse_probability
from misalign_logic.model.schemes import Label
from misalign_logic.spec.source_map import Locate, toml_type, unknown_keys

__all__ = ["read_judgments"]

_KEYS = ("respondent", "scenario", "label", "strength", "prior", "threshold", "reading", "note")


def read_judgments(
    data: Any, scenarios: Iterable[str], priors: Iterable[str], loc: Locate, problem: ProblemSink, path: str
) -> tuple[Judgment, ...]:
    """Read the spec's ``[[judgment]]`` tables (see specs/README.md); report problems through ``problem``."""
    if data is None:
        return ()
    names, prior_names = list(scenarios), list(dict.fromkeys(priors))  # a prior may be listed twice
    if not isinstance(data, list):
        problem(
            "judgment must be an array of tables",
            (loc.section("judgment")[0] + 1, 1),
            'write [[judgment]] with scenario = "...", label = "outer", strength = "certain"',
        )
        return ()
    out = []
    for k, table in enumerate(data):
        span = loc.section("judgment", k)
        if not isinstance(table, dict):
            problem(f"each judgment must be a table, not {toml_type(table)}", (span[0] + 1, 1), "write [[judgment]]")
            continue
        found = _read_one(table, span, names, prior_names, loc, problem, path)
        if found is not None:
            out.append(found)
    return tuple(out)


def _read_one(
    table: dict[str, Any],
    span: tuple[int, int],
    names: list[str],
    prior_names: list[str],
    loc: Locate,
    problem: ProblemSink,
    path: str,
) -> Judgment | None:
    count = 0

    def report(message: str, key: str, hint: str = "") -> None:
        nonlocal count
        count += 1
        problem(message, loc.key(key, span) if key else (span[0] + 1, 1), hint)

    def choose(key: str, allowed: list[str], what: str, default: str | None = None) -> str | None:
        value = table.get(key, default)
        if value is None:
            report(f"a [[judgment]] needs {key}", "", f'add {key} = "{allowed[0] if allowed else "..."}"')
            return None
        if not isinstance(value, str):
            report(
                f"judgment: {key} must be a string, not {toml_type(value)}",
                key,
                f'write {key} = "{allowed[0] if allowed else "..."}"',
            )
            return None
        if value not in allowed:
            close = difflib.get_close_matches(str(value), allowed, n=1)
            report(
                f"judgment: {value!r} is not a {what}",
                key,
                f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(allowed) or '(none declared)'}",
            )
            return None
        return str(value)

    for key, message, hint in unknown_keys(table, _KEYS, "[[judgment]]"):
        report(message, key, hint)
    scenario = choose("scenario", names, "scenario of this file")
    label = choose("label", [*(x.value for x in Label), AMBIGUOUS], "label")
    # "ambiguous" claims two possibilities, so its strength goes without saying (and can only be "possible").
    strength = choose(
        "strength", [x.value for x in Strength], "strength", Strength.POSSIBLE.value if label == AMBIGUOUS else None
    )
    if label == AMBIGUOUS and strength not in (None, Strength.POSSIBLE.value):
        report(
            f"the answer 'ambiguous' is a {Strength.POSSIBLE.value} one (outer and inner both possible), "
            f"not {strength}",
            "strength",
            'drop the strength, or write strength = "possible"',
        )
    reading = choose("reading", list(READINGS), "reading", "literal")
    respondent = table.get("respondent", UNATTRIBUTED)
    if not isinstance(respondent, str) or not respondent.strip():
        report("respondent must be a name", "respondent", 'write respondent = "majority"')
    note = table.get("note", "")
    if not isinstance(note, str):
        report("note must be a string", "note")
    prior, threshold = table.get("prior"), None
    if strength == Strength.PROBABLE.value:
        if prior is None or "threshold" not in table:
            report(
                "a probable judgment needs a prior and a threshold",
                "",
                'add prior = "NAME" (a [prior.NAME] of this file) and threshold = 0.9',
            )
        elif prior not in prior_names:
            close = difflib.get_close_matches(str(prior), prior_names, n=1)
            report(
                f"judgment: {prior!r} is not a prior of this file",
                "prior",
                f"did you mean {close[0]!r}?" if close else f"the priors are {', '.join(prior_names) or '(none)'}",
            )
        else:
            try:
                threshold = parse_probability(table["threshold"])
                if not threshold:
                    raise ValueError("a threshold of 0 says nothing")
            except ValueError as err:
                report(f"judgment threshold: {err}", "threshold", "write a number in (0, 1], such as 0.99")
    elif strength is not None and ("prior" in table or "threshold" in table):
        report(
            f"a {strength} judgment takes no prior or threshold",
            "prior" if "prior" in table else "threshold",
            'only strength = "probable" does',
        )
    if count or scenario is None or label is None or strength is None or reading is None:
        return None
    line, column = span[0] + 1, 1
    return Judgment(
        scenario,
        None if label == AMBIGUOUS else Label(label),
        Strength(strength),
        respondent,
        prior if threshold else None,
        threshold,
        reading,
        note,
        Origin(path, line, column),
    )
