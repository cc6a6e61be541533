"""Schemes as data in TOML: ``[scheme.NAME]`` and ``[[expect]]`` tables, in a spec or a taxonomy file.

A taxonomy file holds only schemes and what they are expected to say (specs/README.md, "Taxonomies"). Each
``[scheme.NAME]`` table becomes a family of the registry (:mod:`misalign_logic.model.families`); its conditions
are parsed where they are read, so that a malformed one is reported at its file, line and column.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from misalign_logic.model.errors import Problem, ProblemSink, SpecError
from misalign_logic.model.families import Family, find_family, register
from misalign_logic.model.judgments import Strength
from misalign_logic.model.parse import Origin, parse_condition
from misalign_logic.model.schemes import SEPARATOR, Label, Scheme, check_labels, label_problem, probe_story
from misalign_logic.model.specfile import AnswersExpectation, Expectation
from misalign_logic.model.story import Story
from misalign_logic.spec.files import read_text
from misalign_logic.spec.limits import MAX_KEY_PARTS, MAX_SCHEMES, MAX_SPEC_BYTES
from misalign_logic.spec.source_map import (
    SourceMap,
    decode_problem,
    long_dotted_key,
    source_map,
    toml_type,
    unknown_keys,
)
from misalign_logic.spec.vocabulary import Declared, merge, read_fact, read_sorts

__all__ = [
    "AnswersExpectation",
    "Expectation",
    "Taxonomy",
    "load_taxonomy",
    "parse_taxonomy",
    "read_answers_expectations",
    "read_expectations",
    "read_schemes",
]

_SCHEME_KEYS = ("describe", "outer", "inner", "both")
#: The key of a scheme's own label set: ``labels = ["a", "b"]`` or ``labels = { a = "words", ... }``.
LABELS_KEY = "labels"
_EXPECT_KEYS = ("scenario", "label", "strength", "spec", "scheme")
# The other form of [[expect]]: what a respondent's [[judgment]] answers are (specs/README.md).
_ANSWERS_KEYS = ("respondent", "coherent", "fitting")
_TOP_KEYS = ("scheme", "expect", "sorts", "facts")
_Where = Callable[[tuple[str | int, ...]], tuple[int, int]]


@attrs.frozen
class Taxonomy:
    """A taxonomy file: schemes, and the verdicts they are expected to give."""

    path: str
    schemes: tuple[Scheme, ...]
    expectations: tuple[Expectation, ...] = ()
    #: The sorts and symbols the file declares under ``[sorts]`` and ``[facts]``, merged into a story by
    #: :meth:`extend`.
    declared: tuple[Declared, ...] = ()

    def extend(self, story: Story, story_file: str = "<story>") -> Story:
        """``story`` with this file's declared sorts and symbols (the same name with another signature is an
        error naming both places)."""
        return merge(story, self.declared, story_file) if self.declared else story


def read_schemes(
    data: Any, story: Story | None, smap: SourceMap, problem: ProblemSink, path: str
) -> tuple[Scheme, ...]:
    """Read ``[scheme.NAME]`` tables; their conditions are checked over ``story`` (a generic story when None).

    Problems are reported through ``problem``; a scheme with a problem is left out.
    """
    if data is None:
        return ()

    def at(key: tuple[str | int, ...]) -> tuple[int, int]:
        return smap.key(key) or smap.key(key[:2]) or smap.key(key[:1]) or (1, 1)

    if not isinstance(data, dict):
        problem(f"scheme must be a table of schemes, not {toml_type(data)}", at(("scheme",)), "write [scheme.NAME]")
        return ()
    if len(data) > MAX_SCHEMES:
        problem(f"the file has {len(data)} schemes; the limit is {MAX_SCHEMES}", at(("scheme",)), "use several files")
        return ()
    out = []
    for name, table in data.items():
        scheme = _read_scheme(str(name), table, story, smap, problem, path, at)
        if scheme is not None:
            out.append(scheme)
    return tuple(out)


def _read_scheme(
    name: str, table: Any, story: Story | None, smap: SourceMap, problem: ProblemSink, path: str, at: _Where
) -> Scheme | None:
    where = ("scheme", name)
    if not isinstance(table, dict):
        problem(f"scheme {name!r} must be a table, not {toml_type(table)}", at(where), f"write [scheme.{name}]")
        return None
    before = _Count(problem)
    declared, words = _declared_labels(name, table, smap, before, at)
    conditions: list[tuple[str, str]] = []
    origins: list[tuple[str, str, int, int]] = [("name", path, *at(where))]
    _check_keys(name, table, declared, before, at)
    for key in ("describe", *(declared or _SCHEME_KEYS[1:])):
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            before(f"{key} of scheme {name!r} must be a string, not {toml_type(value)}", at((*where, key)))
        elif value is not None and key != "describe":
            conditions.append((key, value))
            line, column = smap.in_string((*where, key), 0) or at((*where, key))
            origins.append((key, path, line, column))
            _check_condition(name, key, value, story, smap, before, path, (*where, key))
    if before.count:
        return None
    if LABELS_KEY not in table and "both" not in table:
        conditions.append(("both", "false"))
    describe = table.get("describe", "")
    family = Family(
        name,
        describe if isinstance(describe, str) else "",
        tuple(conditions),
        meanings=words,
        labels=declared if LABELS_KEY in table else (),
        origins=tuple(origins),
    )
    try:
        return Scheme(register(family))
    except SpecError as err:
        for p in err.problems:
            problem(p.message, at(where), p.hint)
        return None


def _check_keys(name: str, table: dict[str, Any], declared: tuple[str, ...], problem: ProblemSink, at: _Where) -> None:
    """Report condition keys that name no label, and labels without a condition (declared or default)."""
    where = ("scheme", name)
    if LABELS_KEY in table:
        listed = table[LABELS_KEY] if isinstance(table[LABELS_KEY], (list, dict)) else []
        # A key the label list names but could not declare (reserved, invalid) was reported with the list.
        given = [k for k in table if k not in ("describe", LABELS_KEY) and (k in declared or k not in listed)]
        for message, hint, key in check_labels(declared, given):
            if key is not None:
                located = (*where, LABELS_KEY) if key in declared else (*where, key)
                problem(f"[scheme.{name}]: {message}", at(located), hint)
        return
    for key, message, hint in unknown_keys(table, (*_SCHEME_KEYS, LABELS_KEY), f"[scheme.{name}]"):
        problem(message, at((*where, key)), hint)
    for key in ("outer", "inner"):
        if key not in table:
            problem(
                f'[scheme.{name}] needs {key} = "..."',
                at(where),
                "write each label's condition in the expression language, e.g. "
                'inner = "exists t in training: reason(t) == deceptive", or declare labels = [...]',
            )


def _declared_labels(
    name: str, table: dict[str, Any], smap: SourceMap, problem: ProblemSink, at: _Where
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The labels ``[scheme.NAME]`` declares (a list of names, or a table of names to their words), checked.

    Returns the valid labels, in order, and each one's words; problems go to ``problem``.
    """
    data = table.get(LABELS_KEY)
    if data is None:
        return (), ()
    key = ("scheme", name, LABELS_KEY)
    if isinstance(data, dict):
        items = list(data.items())
    elif isinstance(data, list):
        items = [(label, "") for label in data]
    else:
        hint = 'write labels = ["name", ...] or labels = { name = "what it means", ... }'
        problem(f"labels of scheme {name!r} must be a list or a table, not {toml_type(data)}", at(key), hint)
        return (), ()
    out: list[str] = []
    words: list[tuple[str, str]] = []
    for message, hint, about in check_labels([label for label, _ in items], []):
        if about is None:  # the set's own problems; conditions are matched to labels by the caller
            problem(f"[scheme.{name}]: {message}", at(key), hint)
    for label, text in items:
        if not isinstance(label, str) or label_problem(label) is not None or label in out:
            continue
        if not isinstance(text, str):
            problem(f"the words of label {label!r} must be a string, not {toml_type(text)}", at((*key, label)))
            continue
        out.append(label)
        if text:
            words.append((label, text))
    return tuple(out), tuple(words)


class _Count:
    """A problem sink that counts what it passes on."""

    def __init__(self, sink: ProblemSink) -> None:
        self.sink = sink
        self.count = 0

    def __call__(self, message: str, where: tuple[int, int], hint: str = "", /) -> None:
        self.count += 1
        self.sink(message, where, hint)


def _check_condition(
    name: str,
    label: str,
    text: str,
    story: Story | None,
    smap: SourceMap,
    problem: ProblemSink,
    path: str,
    key: tuple[str | int, ...],
) -> None:
    """Report where a condition goes wrong, counted in the file (escapes and multi-line strings included)."""
    try:
        parse_condition(text, story or probe_story(), frozenset(), Origin(path))
    except SpecError as err:
        for p in err.problems:
            where = smap.in_string(key, p.column - 1) or smap.key(key) or (1, 1)
            problem(f"scheme {name!r}, condition of {label}: {p.message}", where, p.hint)


def read_expectations(
    data: Any, smap: SourceMap, problem: ProblemSink, path: str, schemes: Sequence[Scheme] = ()
) -> tuple[Expectation, ...]:
    """Read ``[[expect]]`` tables; a ``spec`` path is resolved against the directory of ``path``.

    A label is a built-in one or one that ``schemes`` (the file's own) declare.
    """
    if data is None:
        return ()
    if not isinstance(data, list):
        problem("expect must be an array of tables", smap.key(("expect",)) or (1, 1), "write [[expect]]")
        return ()
    out = []
    for k, table in enumerate(data):
        if isinstance(table, dict) and "respondent" in table:
            continue  # the answers' form, read by read_answers_expectations
        found = _read_expectation(k, table, smap, problem, path, _labels(schemes))
        if found is not None:
            out.append(found)
    return tuple(out)


def read_answers_expectations(
    data: Any, smap: SourceMap, problem: ProblemSink, path: str
) -> tuple[AnswersExpectation, ...]:
    """Read the ``[[expect]]`` tables that name a ``respondent`` (the others are :func:`read_expectations`')."""
    out = []
    for k, table in enumerate(data if isinstance(data, list) else ()):
        if not isinstance(table, dict) or "respondent" not in table:
            continue
        head = smap.key(("expect", k)) or (1, 1)
        count = _Count(problem)
        for key, message, hint in unknown_keys(table, _ANSWERS_KEYS, "[[expect]] of a respondent"):
            count(message, smap.key(("expect", k, key)) or head, hint)
        respondent, coherent, fitting = table["respondent"], table.get("coherent", True), table.get("fitting", [])
        if not isinstance(respondent, str) or not respondent.strip():
            count("respondent of [[expect]] must be a name", smap.key(("expect", k, "respondent")) or head)
        if not isinstance(coherent, bool):
            where = smap.key(("expect", k, "coherent")) or head
            count(f"coherent of [[expect]] must be true or false, not {toml_type(coherent)}", where)
        if not isinstance(fitting, list) or not all(isinstance(x, str) for x in fitting):
            where = smap.key(("expect", k, "fitting")) or head
            count("fitting of [[expect]] must be a list of scheme IDs", where, 'write fitting = ["objective"]')
        if not count.count:
            out.append(AnswersExpectation(respondent, coherent, tuple(fitting), path, head[0]))
    return tuple(out)


def _labels(schemes: Sequence[Scheme]) -> list[str]:
    """The labels an expectation may name: the built-in ones, then those the schemes declare."""
    out = [label.value for label in Label]
    for scheme in schemes:
        out += [label for label in scheme.family.label_names if label not in out]
    return out


def _is_value(text: str, labels: list[str]) -> bool:
    """True when ``text`` is a value no single label names: ``unlabelled``, or declared labels joined by ``+``
    in sorted order (docs/model.md, "Values")."""
    parts = text.split(SEPARATOR)
    return text == Label.UNLABELLED.value or (
        len(parts) > 1 and parts == sorted(set(parts)) and set(parts) <= set(labels)
    )


def _read_expectation(
    k: int, table: Any, smap: SourceMap, problem: ProblemSink, path: str, labels: list[str]
) -> Expectation | None:
    head = smap.key(("expect", k)) or (1, 1)
    if not isinstance(table, dict):
        problem(f"each expect must be a table, not {toml_type(table)}", head, "write [[expect]]")
        return None
    count = _Count(problem)
    for key, message, hint in unknown_keys(table, _EXPECT_KEYS, "[[expect]]"):
        count(message, smap.key(("expect", k, key)) or head, hint)
    fields: dict[str, str] = {}
    for key in _EXPECT_KEYS:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            count(f"{key} of [[expect]] must be a string, not {toml_type(value)}", smap.key(("expect", k, key)) or head)
        elif value is not None:
            fields[key] = value
    if "scenario" not in table:
        count('[[expect]] needs scenario = "..."', head, 'name the scenario, e.g. scenario = "coinrun"')
    choices = {"label": labels, "strength": [Strength.CERTAIN.value, Strength.POSSIBLE.value]}
    for key, allowed in choices.items():
        value = fields.get(key, "certain" if key == "strength" else None)
        if value is None:
            count(f'[[expect]] needs {key} = "..."', head, f"one of {', '.join(allowed)}")
        elif value not in allowed and not (key == "label" and _is_value(value, allowed)):
            close = difflib.get_close_matches(value, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"one of {', '.join(allowed)}"
            count(f"[[expect]]: {value!r} is not a {key}", smap.key(("expect", k, key)) or head, hint)
    if "\0" in fields.get("spec", ""):
        count("spec of [[expect]] holds a NUL character, which no path can", smap.key(("expect", k, "spec")) or head)
    if count.count:
        return None
    spec = fields.get("spec", "")
    if spec:
        spec = str(Path(path).parent / spec)
    return Expectation(
        fields["scenario"],
        Label(fields["label"]),
        Strength(fields.get("strength", "certain")),
        spec,
        fields.get("scheme", ""),
        path,
        head[0],
    )


def parse_taxonomy(text: str, path: str = "<string>") -> Taxonomy:
    """Read a taxonomy file's text: ``[scheme.NAME]`` tables and ``[[expect]]`` tables, nothing else.

    Raises:
        SpecError: with every problem found, each located.
    """
    if len(text) > MAX_SPEC_BYTES:
        msg = f"the taxonomy is {len(text)} characters long; the limit is {MAX_SPEC_BYTES}"
        raise SpecError.at(msg, path)
    text = text.removeprefix("\ufeff")  # a byte-order mark begins some editors' UTF-8; it is not TOML
    where = long_dotted_key(text, MAX_KEY_PARTS)
    if where is not None:
        msg = f"a dotted key has more than {MAX_KEY_PARTS} parts"
        raise SpecError.at(msg, path, *where, hint="taxonomy files nest tables only a few levels deep")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SpecError(decode_problem(err, text, path)) from None
    except RecursionError:
        raise SpecError.at("the TOML is nested too deeply to read", path, 1, 1) from None
    smap = source_map(text)
    problems: list[Problem] = []

    def problem(message: str, where: tuple[int, int], hint: str = "", /) -> None:
        problems.append(Problem(message, path, where[0], where[1], hint))

    for key in data:
        if key not in _TOP_KEYS:
            hint = "a spec has [story]; a taxonomy file holds only [scheme.NAME] and [[expect]] tables"
            problem(f"unknown key {key!r} in the taxonomy", smap.key((key,)) or (1, 1), hint)
    if "scheme" not in data:
        problem("the taxonomy has no [scheme.NAME] tables", (1, 1), "add [scheme.NAME] with outer and inner")
    declared = _declarations(data, smap, problem, path)
    probe = probe_story()
    if declared:
        try:
            probe = merge(probe, declared, path)
        except SpecError as err:
            for p in err.problems:
                problem(p.message, (p.line, p.column), p.hint)
    tables = data.get("scheme")
    schemes = read_schemes(tables, probe if declared else None, smap, problem, path)
    expectations = read_expectations(data.get("expect"), smap, problem, path, schemes)
    for answers in read_answers_expectations(data.get("expect"), smap, problem, path):
        hint = "write it in the spec whose [[judgment]] tables hold the answers"
        problem(f"[[expect]] about respondent {answers.respondent!r} in a taxonomy file", (answers.line, 1), hint)
    names = {s.family.name for s in schemes} | (set(tables) if isinstance(tables, dict) else set())
    for e in expectations:
        if e.scheme and e.scheme not in names and find_family(e.scheme) is None:
            problem(f"[[expect]] names scheme {e.scheme!r}, which is not a scheme of this file", (e.line, 1))
        if not e.spec:
            problem("[[expect]] in a taxonomy file needs spec = PATH (relative to this file)", (e.line, 1))
    if problems:
        raise SpecError(sorted(problems, key=lambda p: (p.line, p.column)))
    return Taxonomy(path, schemes, expectations, declared)


def _declarations(data: Any, smap: SourceMap, problem: ProblemSink, path: str) -> tuple[Declared, ...]:
    """The file's ``[sorts]`` and ``[facts]``, each with its line."""

    def report(message: str, where: tuple[str | int, ...], hint: str) -> None:
        problem(message, smap.key(where) or smap.key(where[:1]) or (1, 1), hint)

    def line(where: tuple[str | int, ...]) -> int:
        return (smap.key(where) or (0, 0))[0]

    sorts = read_sorts(data.get("sorts"), ("sorts",), report)
    out = [Declared(name, None, values, path, line(where)) for name, values, where in sorts]
    raw = data.get("facts")
    if raw is not None and not isinstance(raw, dict):
        report("facts must be a table", ("facts",), 'write [facts] with lines like knows = { kind = "cognition" }')
        raw = None
    for name, entry in (raw or {}).items():
        where = ("facts", name)
        describe = entry.get("describe", "") if isinstance(entry, dict) else ""
        words = describe if isinstance(describe, str) else ""
        fact = read_fact(name, entry, words, where, report, {n: v for n, v, _ in sorts})
        if fact is not None:
            out.append(Declared(name, fact, (), path, line(where)))
    return tuple(out)


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Load a taxonomy file; see :func:`parse_taxonomy`.

    Raises:
        SpecError: the file cannot be read, is not UTF-8, or is malformed.
    """
    return parse_taxonomy(read_text(path, "taxonomy"), str(path))
