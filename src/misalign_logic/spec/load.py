"""Spec files: a story, its scenarios and the schemes to check, in TOML (documented in specs/README.md).

Spec files are data. They are read with :mod:`tomllib`; constraint strings are parsed by
:mod:`misalign_logic.model.parse`; nothing in a spec is ever executed. Every problem found is reported with its
file, line and column, and all of them are reported, not only the first.
"""

from __future__ import annotations

import decimal
import difflib
import gc
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from misalign_logic.model.errors import Problem, SpecError
from misalign_logic.model.limits import Limits, LimitsError, active_limits, raise_hint, using_limits
from misalign_logic.model.parse import Origin, parse_constraint
from misalign_logic.model.scenario import Constraint, Scenario
from misalign_logic.model.schemes import Scheme, default_schemes, parse_scheme
from misalign_logic.model.shapes import ShapeReader
from misalign_logic.model.specfile import Spec
from misalign_logic.model.story import (
    _NAME,
    BUILTIN_FUNCTIONS,
    DEFAULT_REASONS,
    RESERVED,
    Fact,
    Phase,
    Situation,
    Story,
)
from misalign_logic.spec.files import read_text
from misalign_logic.spec.judgments import read_judgments
from misalign_logic.spec.limits import MAX_KEY_PARTS, MAX_SPEC_BYTES, name_problems, read_limits, size_problems
from misalign_logic.spec.priors import read_priors
from misalign_logic.spec.source_map import Locator as _Locator
from misalign_logic.spec.source_map import decode_problem, long_dotted_key, source_map, toml_type, unknown_keys
from misalign_logic.spec.taxonomy import read_answers_expectations, read_expectations, read_schemes
from misalign_logic.spec.vocabulary import FACT_KEYS, read_fact, read_sorts

# Spec is defined in model/specfile.py; it stays importable from here, where it was first documented.
__all__ = ["MAX_SPEC_BYTES", "Spec", "load_spec", "load_story", "parse_spec"]

_Path = tuple[str | int, ...]
_PHASES = {p.value: p for p in Phase}  # a look-up per situation: constructing the enum costs more
_TOP_KEYS = ("story", "scenario", "check", "prior", "judgment", "scheme", "expect")
_STORY_KEYS = ("name", "describe", "situations", "actions", "choices", "reasons", "facts", "sorts")
_SCENARIO_KEYS = ("name", "text", "extends", "constraints")


class _Loader:
    def __init__(self, text: str, path: str, limits: Limits, story_only: bool = False) -> None:
        self.text = text
        self.limits = limits  # those given by the caller; the file's [check.limits] table fills in the rest
        self.path = path
        self.story_only = story_only  # a file read for its story alone may have no scenarios
        self.loc = _Locator(text)
        self.map = source_map("")  # filled in once tomllib has accepted the text
        self.problems: list[Problem] = []
        self.descriptions: list[tuple[str, str]] = []
        self.declared: list[str] = []  # the scenarios' names, in file order
        # When the story has problems: the story of its good names, so that the constraints are checked in
        # the same round (a constraint naming a refused name is not reported again).
        self.lenient: tuple[Story, frozenset[str]] | None = None
        self.shapes: ShapeReader | None = None  # the constraints' shapes parsed so far, over the story

    def problem(self, message: str, where: tuple[int, int], hint: str = "") -> None:
        self.problems.append(Problem(message, self.path, where[0], where[1], hint))

    def at(self, path: _Path, fallback: tuple[int, int]) -> tuple[int, int]:
        """Where the key or array element ``path`` is written; ``fallback`` when the source map lacks it."""
        return self.map.key(path) or fallback

    def unknown_keys(
        self,
        table: Mapping[str, Any],
        allowed: Iterable[str],
        what: str,
        span: tuple[int, int],
        path: _Path | None = None,
    ) -> None:
        for key, message, hint in unknown_keys(table, allowed, what):
            # An array of tables ([[judgement]]) is mapped by its elements: point at the first.
            where = (
                self.loc.key(key, span)
                if path is None
                else self.map.key((*path, key)) or self.at((*path, key, 0), (span[0] + 1, 1))
            )
            self.problem(message, where, hint)

    def string_field(self, table: Mapping[str, Any], key: str, path: _Path, what: str) -> str:
        """The optional string ``table[key]``; a problem when it is there but not a string."""
        value = table.get(key, "")
        if isinstance(value, str):
            return value
        self.problem(
            f"{key} of {what} must be a string, not {toml_type(value)}",
            self.at((*path, key), (1, 1)),
            f'write {key} = "..."',
        )
        return ""

    def names(
        self, data: Mapping[str, Any], key: str, header: tuple[int, int], required: bool = True
    ) -> list[tuple[str, _Path]]:
        value = data.get(key)
        path: _Path = ("story", key)
        if value is None:
            if required:
                self.problem(f"[story] needs {key} = [...]", header, f'add a line: {key} = ["..."]')
            return []
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            # The table form names each thing and says it in words: { useful_pr = "write a useful pull request" }.
            self.descriptions.extend((str(k), v) for k, v in value.items() if v)
            names = [(str(k), (*path, str(k))) for k in value]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            names = [(v, (*path, i)) for i, v in enumerate(value)]
        else:
            bad = (
                next((i for i, v in enumerate(value) if not isinstance(v, str)), None)
                if isinstance(value, list)
                else None
            )
            where = self.at(path if bad is None else (*path, bad), header)
            self.problem(
                f"{key} must be a list of names, or a table of names to descriptions",
                where,
                f'write {key} = ["a", "b"] or {key} = {{ a = "do a" }}',
            )
            return []
        if not names:  # given but empty: even an optional list is not silently replaced by its default
            hint = f"declare at least one in {key}" if required else f"list them, or leave {key} out for the defaults"
            self.problem(f"the story declares no {key}", self.at(path, header), hint)
        return names

    def entries(
        self, data: Mapping[str, Any], key: str, field: str, allowed: tuple[str, ...], header: tuple[int, int]
    ) -> list[tuple[str, Any, str, _Path]]:
        """The ``[story.situations]`` or ``[story.facts]`` entries: (name, ``field``'s value, describe, path)."""
        raw = data.get(key, {})
        path: _Path = ("story", key)
        if not isinstance(raw, dict):
            self.problem(f"{key} must be a table", self.at(path, header), f"write [story.{key}] with one line each")
            return []
        out = []
        for name, value in raw.items():
            where = (*path, name)
            if isinstance(value, dict):
                what = f"{key[:-1]} {name!r}"
                self.unknown_keys(value, allowed, what, (0, 0), where)
                out.append((name, value.get(field), self.string_field(value, "describe", where, what), where))
            else:
                out.append((name, value, "", where))
        return out

    def story(self, data: Any) -> Story | None:
        before = len(self.problems)  # problems found elsewhere do not stop the story, nor its constraints
        span = self.loc.section("story")
        header = self.at(("story",), (span[0] + 1, 1))
        if not isinstance(data, dict):
            message = "the spec has no [story] table" if data is None else "story must be a table"
            self.problem(
                message, header if data is not None else (1, 1), "start the file with [story] (see specs/README.md)"
            )
            return None
        self.unknown_keys(data, _STORY_KEYS, "[story]", span, ("story",))
        name = self.string_field(data, "name", ("story",), "[story]") or Path(self.path).stem
        describe = self.string_field(data, "describe", ("story",), "[story]")
        situations: list[tuple[Situation, _Path]] = []
        entries = self.entries(data, "situations", "phase", ("phase", "describe"), header)
        if not entries and isinstance(data.get("situations", {}), dict):
            self.problem(
                "[story] needs situations, each with its phase",
                self.at(("story", "situations"), header),
                'add [story.situations] with lines like review = "training"',
            )
        for sname, phase, text, where in entries:
            if phase in ("training", "deployment"):
                situations.append((Situation(sname, _PHASES[phase], text), where))
            else:
                close = difflib.get_close_matches(str(phase), ("training", "deployment"), n=1)
                self.problem(
                    f'situation {sname!r} needs phase "training" or "deployment"',
                    self.at(where, header),
                    f"did you mean {close[0]!r}?" if close else f'write {sname} = "training" or "deployment"',
                )

        def report(message: str, path: _Path, hint: str) -> None:
            self.problem(message, self.at(path, header), hint)

        sorts = read_sorts(data.get("sorts"), ("story", "sorts"), report)
        actions = self.names(data, "actions", header)
        choices = self.names(data, "choices", header)
        sizes: dict[str, object] = {"Situation": len(situations), "Action": len(actions), "Choice": len(choices)}
        sizes.update((n, v) for n, v, _ in sorts)
        facts: list[tuple[Fact, _Path]] = []
        for fname, _kind, text, where in self.entries(data, "facts", "kind", FACT_KEYS, header):
            fact = read_fact(fname, data["facts"][fname], text, where, report, sizes)
            if fact is not None:
                facts.append((fact, where))
        reasons = self.names(data, "reasons", header, required=False)
        groups = [
            ("situation", [(s.name, where) for s, where in situations]),
            ("action", actions),
            ("choice", choices),
            ("reason", reasons or [(r, ("story",)) for r in DEFAULT_REASONS]),
            ("fact", [(f.name, where) for f, where in facts]),
            ("sort", [(n, where) for n, _, where in sorts]),
            *((f"value of sort {n!r}", [(v, (*where, i)) for i, v in enumerate(vs)]) for n, vs, where in sorts),
        ]
        for fact, where in facts:
            groups.append(
                (f"value of fact {fact.name!r}", [(v, (*where, "values", i)) for i, v in enumerate(fact.values or ())])
            )
        for message, path, hint in name_problems(groups, reasons_given=bool(reasons)):
            self.problem(message, self.at(path, header), hint)
        for message, path, hint in size_problems(groups, self.limits):
            self.problem(message, self.at(path, header), hint)
        if len(self.problems) > before:
            self.lenient = _lenient(name, situations, actions, choices, reasons, facts)
            return None
        try:
            return Story(
                name,
                tuple(s for s, _ in situations),
                tuple(a for a, _ in actions),
                tuple(c for c, _ in choices),
                tuple(r for r, _ in reasons) or DEFAULT_REASONS,
                tuple(f for f, _ in facts),
                describe,
                tuple(self.descriptions),
                tuple((n, v) for n, v, _ in sorts),
            )
        except SpecError as err:  # a backstop: the checks above report these problems with a location
            for p in err.problems:
                self.problem(p.message, header, p.hint)
            return None

    def scenarios(self, story: Story | None, data: Any) -> tuple[Scenario, ...]:
        """The scenarios; without a story only their structure is checked (names, keys, ``extends``)."""
        if data is None and self.story_only:
            return ()
        if not isinstance(data, list) or not data:
            where = self.at(("scenario",), (len(self.loc.lines) or 1, 1))
            message = "the spec has no [[scenario]] tables"
            if isinstance(data, dict):
                message = "scenario must be an array of tables: write [[scenario]], not [scenario]"
            elif data is not None and not isinstance(data, list):
                message = f"scenario must be an array of tables, not {toml_type(data)}"
            self.problem(message, where, "add [[scenario]] with name = ... and constraints = [...]")
            return ()
        most = self.limits.of("scenarios")
        if len(data) > most:
            self.problem(
                f"the spec has {len(data)} scenarios; the limit is {most}",
                self.at(("scenario", most), (1, 1)),
                f"split the scenarios over several files, or {raise_hint('scenarios', len(data))}",
            )
            return ()
        raw: dict[str, tuple[dict[str, Any], tuple[int, int], int]] = {}
        order: list[str] = []
        for k, table in enumerate(data):
            span = self.loc.section("scenario", k)
            header = self.at(("scenario", k), (span[0] + 1, 1))
            if not isinstance(table, dict):
                self.problem(
                    f"each scenario must be a table, not {toml_type(table)}",
                    header,
                    "write [[scenario]] followed by name = ... lines",
                )
                continue
            self.unknown_keys(table, _SCENARIO_KEYS, "[[scenario]]", span, ("scenario", k))
            self.string_field(table, "text", ("scenario", k), "a scenario")
            name = table.get("name")
            if not isinstance(name, str) or not name.strip():
                what = "needs a name" if name is None else "needs a name that is a non-empty string"
                self.problem(
                    f"a [[scenario]] {what}", self.at(("scenario", k, "name"), header), 'add name = "scenario-1"'
                )
                continue
            if name in raw:
                self.problem(
                    f"two scenarios are named {name!r}",
                    self.at(("scenario", k, "name"), header),
                    f"rename one of them (the first is at line {raw[name][1][0]})",
                )
                continue
            raw[name] = (table, header, k)
            order.append(name)
        self.declared = order
        built: dict[str, Scenario] = {}
        failed: set[str] = set()

        def build(name: str, chain: tuple[str, ...]) -> Scenario | None:
            if name in built or name in failed:
                return built.get(name)
            failed.add(name)  # until it is built; also stops a cycle from being reported twice
            table, header, k = raw[name]
            base = None
            parent = table.get("extends")
            if parent is not None:
                where = self.at(("scenario", k, "extends"), header)
                if not isinstance(parent, str):
                    self.problem(
                        f"extends of scenario {name!r} must be a scenario's name, not {toml_type(parent)}",
                        where,
                        f'write extends = "{order[0]}"',
                    )
                    return None
                if parent not in raw:
                    close = difflib.get_close_matches(parent, order, n=1)
                    self.problem(
                        f"scenario {name!r} extends {parent!r}, which is not a scenario of this file",
                        where,
                        f"did you mean {close[0]!r}?" if close else f"the scenarios are {', '.join(order)}",
                    )
                    return None
                path = (*chain, name)
                if parent in path:
                    cycle = " -> ".join((*path[path.index(parent) :], parent))
                    self.problem(
                        f"scenarios extend each other in a cycle: {cycle}",
                        where,
                        "a scenario can only extend one that does not extend it back",
                    )
                    return None
                base = build(parent, path)
            texts = table.get("constraints", [])
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                self.problem(
                    f"constraints of scenario {name!r} must be a list of strings",
                    self.at(("scenario", k, "constraints"), header),
                    'write constraints = ["policy(farm) == print_pr"]',
                )
                return None
            if story is None:
                return None
            # Parsed even when the base failed, so that this scenario's own errors are reported too.
            own = [
                c
                for j, text in enumerate(texts)
                if (c := self.constraint(text, story, name, ("scenario", k, "constraints", j), header))
            ]
            if len(own) < len(texts) or (parent is not None and base is None):
                return None
            prose = table.get("text", "")
            scenario = Scenario(
                story,
                name,
                (base.constraints if base else ()) + tuple(own),
                parent,
                prose if isinstance(prose, str) else "",
            )
            built[name] = scenario
            failed.discard(name)
            return scenario

        for name in order:
            build(name, ())
        return tuple(built[n] for n in order if n in built)

    def constraint(
        self, text: str, story: Story, scenario: str, path: _Path, header: tuple[int, int]
    ) -> Constraint | None:
        """The parsed constraint, or None after reporting where in its string it goes wrong."""
        line, column = self.map.in_string(path, 0) or header
        origin = Origin(self.path, line, column)
        if self.shapes is None or self.shapes.story is not story:
            self.shapes = ShapeReader(story)
        try:
            return Constraint(text, self.shapes.parse(text, origin), origin, scenario)
        except SpecError:
            pass
        try:  # again, without a line: the problem's column is then the offset in the decoded string
            parse_constraint(text, story, Origin(self.path))
        except SpecError as err:
            refused = self.lenient[1] if self.lenient else frozenset()
            for p in err.problems:
                if not any(f"{n!r}" in p.message for n in refused):
                    self.problem(p.message, self.map.in_string(path, p.column - 1) or header, p.hint)
        return None

    def schemes(self, story: Story | None, data: Any) -> tuple[Scheme, ...]:
        if data is None:
            return default_schemes(story) if story else ()
        span = self.loc.section("check")
        header = self.at(("check",), (span[0] + 1, 1))
        if not isinstance(data, dict):
            self.problem(f"check must be a table, not {toml_type(data)}", header, "write [check] and schemes = [...]")
            return ()
        self.unknown_keys(data, ("schemes", "limits"), "[check]", span, ("check",))
        names = data.get("schemes")
        if names is None:
            return default_schemes(story) if story else ()
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            self.problem(
                "schemes must be a list of scheme IDs",
                self.at(("check", "schemes"), header),
                'write schemes = ["objective", "generalization[standard=reasons]"]',
            )
            return ()
        out = []
        for i, name in enumerate(names):
            try:
                scheme = parse_scheme(name)
                if story is not None:
                    scheme.check_story(story)
                out.append(scheme)
            except SpecError as err:
                for p in err.problems:
                    self.problem(p.message, self.map.in_string(("check", "schemes", i), 0) or header, p.hint)
        return tuple(out)

    def load(self) -> Spec:
        # Reading a large spec allocates many small objects and makes no cycles; the collections they trigger
        # scan every live object (a quarter of the time at 32,000 + 32,000 situations). Paused, then restored.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self.parsed()
        finally:
            if was_enabled:
                gc.enable()

    def parsed(self) -> Spec:
        """The spec, or a :class:`SpecError` with every problem found."""
        where = long_dotted_key(self.text, MAX_KEY_PARTS)
        if where is not None:
            msg = f"a dotted key has more than {MAX_KEY_PARTS} parts"
            raise SpecError.at(msg, self.path, *where, hint="spec files nest tables only a few levels deep")
        try:
            # Floats as Decimal: a probability such as 0.1 or 1e-400 keeps its exact decimal value.
            data = tomllib.loads(self.text, parse_float=decimal.Decimal)
        except tomllib.TOMLDecodeError as err:
            raise SpecError(decode_problem(err, self.text, self.path)) from None
        except RecursionError:
            raise SpecError(
                Problem(
                    "the TOML is nested too deeply to read",
                    self.path,
                    1,
                    1,
                    "spec files nest tables and arrays only a few levels deep",
                )
            ) from None
        self.map = source_map(self.text)
        self.unknown_keys(data, _TOP_KEYS, "the spec", (0, len(self.loc.lines)), ())
        check = data.get("check")
        if isinstance(check, dict):  # the file's own limits, under those the caller gave
            own = read_limits(check.get("limits"), lambda p: self.at(p, (1, 1)), self.problem)
            self.limits = self.limits.over(own)
        with using_limits(self.limits):  # the story (and so its scenarios) keeps the limits it was read under
            return self.checked(data)

    def checked(self, data: dict[str, Any]) -> Spec:
        """The spec from its TOML data; raises :class:`SpecError` with every problem found."""
        story = self.story(data.get("story"))
        scenarios = self.scenarios(story or (self.lenient[0] if self.lenient else None), data.get("scenario"))
        own = read_schemes(data.get("scheme"), story, self.map, self.problem, self.path) if story else ()
        schemes = self.schemes(story, data.get("check"))
        schemes += tuple(s for s in own if s not in schemes)
        expectations = read_expectations(data.get("expect"), self.map, self.problem, self.path, own)
        answers = read_answers_expectations(data.get("expect"), self.map, self.problem, self.path)
        if story is None:  # priors and judgments are read over a story and its scenarios
            raise SpecError(sorted(self.problems, key=lambda p: (p.line, p.column)))
        priors = read_priors(data.get("prior"), story, self.loc, self.problem, self.path)
        # Every declared scenario counts, so a judgment on one whose constraints are wrong is not also reported.
        judgments = read_judgments(
            data.get("judgment"),
            self.declared,
            [p.name for p in priors] + _names(data.get("prior")),
            self.loc,
            self.problem,
            self.path,
        )
        who = list(dict.fromkeys(j.respondent for j in judgments))
        for a in answers if judgments or not data.get("judgment") else ():  # not again for malformed judgments
            if a.respondent not in who:
                close = difflib.get_close_matches(a.respondent, who, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"the respondents are {', '.join(who) or '(none)'}"
                self.problem(
                    f"[[expect]] names respondent {a.respondent!r}, who answers no [[judgment]]", (a.line, 1), hint
                )
        if self.problems:
            raise SpecError(sorted(self.problems, key=lambda p: (p.line, p.column)))
        return Spec(self.path, story, scenarios, schemes, priors, judgments, own, expectations, answers)


def _lenient(
    name: str,
    situations: list[tuple[Situation, _Path]],
    actions: list[tuple[str, _Path]],
    choices: list[tuple[str, _Path]],
    reasons: list[tuple[str, _Path]],
    facts: list[tuple[Fact, _Path]],
) -> tuple[Story, frozenset[str]] | None:
    """The story of the valid, first-declared names, and the names left out; None when even that fails."""
    seen: set[str] = set()

    def good(n: str) -> bool:
        ok = bool(_NAME.match(n)) and n not in RESERVED and n not in BUILTIN_FUNCTIONS and n not in seen
        seen.add(n)
        return ok

    every = (
        [s.name for s, _ in situations] + [n for n, _ in (*actions, *choices, *reasons)] + [f.name for f, _ in facts]
    )
    try:
        story = Story(
            name,
            tuple(s for s, _ in situations if good(s.name)),
            tuple(a for a, _ in actions if good(a)),
            tuple(c for c, _ in choices if good(c)),
            tuple(r for r, _ in reasons if good(r)) or DEFAULT_REASONS,
            tuple(f for f, _ in facts if good(f.name)),
        )
    except SpecError:
        return None
    return story, frozenset(every) - {n for n in every if n in story.constant_sorts() or n in story.symbols()}


def _names(table: Any) -> list[str]:
    """The names of a TOML table's entries (a malformed prior is reported once, not again by its judgments)."""
    return list(table) if isinstance(table, dict) else []


def parse_spec(text: str, path: str = "<string>", limits: Limits | None = None) -> Spec:
    """Load a spec from TOML text.

    Args:
        text: the TOML source.
        path: the file name to use in error messages.
        limits: size limits raised (or lowered) beyond the documented defaults; they take precedence over
            the file's own ``[check.limits]`` table (by default: those of the innermost
            :func:`~misalign_logic.model.limits.using_limits`, else none).

    Returns:
        The spec.

    Raises:
        SpecError: with every problem found, each with file, line, column and a hint.
    """
    given = _given(limits)
    _bounded(text, path, given)
    # A byte-order mark is how some editors begin UTF-8; it is not part of the TOML.
    return _Loader(text.removeprefix("\ufeff"), path, given).load()


def load_spec(path: str | Path, limits: Limits | None = None) -> Spec:
    """Load a spec file; see :func:`parse_spec`.

    Only a regular file is read, and at most one byte more than the limit: a device such as ``/dev/zero``,
    a FIFO or a directory is refused without waiting for it.

    Raises:
        SpecError: the file cannot be read, is not a regular file, is too large, is not UTF-8, or is malformed.
    """
    given = _given(limits)
    return parse_spec(_read(path, given), str(path), given)


def load_story(path: str | Path, limits: Limits | None = None) -> Spec:
    """Load a spec file for its story: as :func:`load_spec`, but ``[[scenario]]`` tables may be left out.

    Raises:
        SpecError: the file cannot be read, is too large, is not UTF-8, or is malformed.
    """
    given = _given(limits)
    text = _read(path, given)
    _bounded(text, str(path), given)
    return _Loader(text, str(path), given, story_only=True).load()


def _given(limits: Limits | None) -> Limits:
    """The caller's limits over those in force (a command's --limits)."""
    if limits is not None and not isinstance(limits, Limits):
        msg = f"limits must be a misalign_logic.Limits, not {type(limits).__name__}"
        raise LimitsError(msg)
    return (limits or Limits()).over(active_limits())


def _bounded(text: str, path: str, limits: Limits) -> None:
    """Raise when ``text`` is longer than the spec size limit."""
    most = limits.of("spec_bytes")
    if len(text) > most:
        msg = f"the spec is {len(text)} characters long; the limit is {most}"
        raise SpecError.at(
            msg, path, hint=f"split the story into several files, or {raise_hint('spec_bytes', len(text))}"
        )


def _read(path: str | Path, limits: Limits) -> str:
    return read_text(path, "spec", limit=limits.of("spec_bytes"))
