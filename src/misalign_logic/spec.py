"""Spec files: a story, its scenarios and the schemes to check, in TOML (documented in specs/README.md).

Spec files are data. They are read with :mod:`tomllib`; constraint strings are parsed by
:mod:`misalign_logic.parse`; nothing in a spec is ever executed. Every problem found is reported with its
file, line and column, and all of them are reported, not only the first.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from misalign_logic.errors import Problem, SpecError
from misalign_logic.judgments import Judgment, read_judgments
from misalign_logic.parse import Origin
from misalign_logic.priors import Prior, read_priors
from misalign_logic.scenario import Constraint, Scenario
from misalign_logic.schemes import Scheme, default_schemes, parse_scheme
from misalign_logic.story import DEFAULT_REASONS, Fact, FactKind, Phase, Situation, Story

__all__ = ["MAX_SPEC_BYTES", "Spec", "load_spec", "parse_spec"]

#: Largest spec file read; a larger one is refused before parsing.
MAX_SPEC_BYTES = 5_000_000

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOP_KEYS = ("story", "scenario", "check", "prior", "judgment")
_STORY_KEYS = ("name", "describe", "situations", "actions", "choices", "reasons", "facts")
_SCENARIO_KEYS = ("name", "text", "extends", "constraints")


@attrs.frozen
class Spec:
    """A loaded spec file.

    Attributes:
        path: the file it came from (``<string>`` for text).
        story: the story's signature.
        scenarios: the scenarios, in file order.
        schemes: the schemes to check: those named in ``[check] schemes``, or every default scheme.
        priors: the ``[prior.NAME]`` tables, in file order.
        judgments: the ``[[judgment]]`` tables, in file order.
    """

    path: str
    story: Story
    scenarios: tuple[Scenario, ...]
    schemes: tuple[Scheme, ...]
    priors: tuple[Prior, ...] = ()
    judgments: tuple[Judgment, ...] = ()

    def prior(self, name: str) -> Prior:
        """The prior called ``name``.

        Raises:
            KeyError: no prior has that name.
        """
        for p in self.priors:
            if p.name == name:
                return p
        msg = f"no prior named {name!r}; the priors are {', '.join(p.name for p in self.priors) or '(none)'}"
        raise KeyError(msg)

    def scenario(self, name: str) -> Scenario:
        """The scenario called ``name``.

        Raises:
            KeyError: no scenario has that name (the message lists those that exist).
        """
        for s in self.scenarios:
            if s.name == name:
                return s
        msg = f"no scenario named {name!r}; the scenarios are {', '.join(s.name for s in self.scenarios)}"
        raise KeyError(msg)


class _Locator:
    """Finds where things are in TOML source, which :mod:`tomllib` does not report."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, str, bool]] = []  # (line index, name, is array-of-tables)
        for i, line in enumerate(self.lines):
            m = _HEADER.match(line)
            if m:
                self.headers.append((i, m.group(2), m.group(1) == "[["))

    def section(self, name: str, index: int = 0) -> tuple[int, int]:
        """Line range (0-based, end exclusive) of the ``index``-th table called ``name`` and its sub-tables."""
        count = -1
        for k, (i, header, _) in enumerate(self.headers):
            if header == name:
                count += 1
                if count == index:
                    end = len(self.lines)
                    for j, other, _ in self.headers[k + 1:]:
                        if not other.startswith(name + "."):
                            end = j
                            break
                    return i, end
        return 0, len(self.lines)

    def key(self, key: str, span: tuple[int, int]) -> tuple[int, int]:
        """1-based line and column of ``key =`` within ``span``, or of the span's start."""
        pattern = re.compile(rf"^\s*(?:[\w.\"-]+\.)?[\"']?{re.escape(key)}[\"']?\s*=")
        inline = re.compile(rf"[{{,]\s*{re.escape(key)}\s*=")
        for i in range(*span):
            m = pattern.match(self.lines[i]) or inline.search(self.lines[i])
            if m:
                col = self.lines[i].find(key, m.start())
                return i + 1, col + 1
        return span[0] + 1, 1

    def string(self, value: str, span: tuple[int, int], after: int = 0) -> tuple[int, int]:
        """1-based line and column of the first character of string ``value`` in ``span`` at or after ``after``."""
        first = value.split("\n", 1)[0]
        for i in range(max(span[0], after), span[1]):
            line = self.lines[i]
            for quote in ('"""', "'''", '"', "'"):
                col = line.find(quote + first)
                if col >= 0 and first:
                    return i + 1, col + len(quote) + 1
        return span[0] + 1, 1


class _Loader:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.loc = _Locator(text)
        self.problems: list[Problem] = []
        self.descriptions: list[tuple[str, str]] = []

    def problem(self, message: str, where: tuple[int, int], hint: str = "") -> None:
        self.problems.append(Problem(message, self.path, where[0], where[1], hint))

    def unknown_keys(self, table: Mapping[str, Any], allowed: Iterable[str], what: str, span: tuple[int, int]) -> None:
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"{what} takes {', '.join(allowed)}"
                self.problem(f"unknown key {key!r} in {what}", self.loc.key(key, span), hint)

    def names(self, value: Any, key: str, span: tuple[int, int], required: bool = True) -> tuple[str, ...]:
        if value is None:
            if required:
                self.problem(f"[story] needs {key} = [...]", (span[0] + 1, 1), f"add a line: {key} = [\"...\"]")
            return ()
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            # The table form names each thing and says it in words: { useful_pr = "write a useful pull request" }.
            self.descriptions.extend((str(k), v) for k, v in value.items() if v)
            return tuple(str(k) for k in value)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(f"{key} must be a list of names, or a table of names to descriptions",
                         self.loc.key(key, span), f'write {key} = ["a", "b"] or {key} = {{ a = "do a" }}')
            return ()
        return tuple(value)

    def story(self, data: Any) -> Story | None:
        span = self.loc.section("story")
        if not isinstance(data, dict):
            self.problem("the spec has no [story] table", (1, 1), "start the file with [story] (see specs/README.md)")
            return None
        self.unknown_keys(data, _STORY_KEYS, "[story]", span)
        situations: list[Situation] = []
        sit_span = self.loc.section("story.situations")
        raw_sits = data.get("situations")
        if not isinstance(raw_sits, dict) or not raw_sits:
            self.problem("[story] needs situations, each with its phase", (span[0] + 1, 1),
                         'add [story.situations] with lines like review = "training"')
        else:
            for name, value in raw_sits.items():
                phase, describe = (value, "") if isinstance(value, str) else (
                    (value.get("phase"), value.get("describe", "")) if isinstance(value, dict) else (None, ""))
                if phase not in ("training", "deployment"):
                    self.problem(f"situation {name!r} needs phase \"training\" or \"deployment\"",
                                 self.loc.key(name, sit_span), f'write {name} = "training" or "deployment"')
                    continue
                situations.append(Situation(name, Phase(phase), str(describe)))
        facts = []
        fact_span = self.loc.section("story.facts")
        raw_facts = data.get("facts", {})
        for name, value in (raw_facts.items() if isinstance(raw_facts, dict) else ()):
            kind, values, describe = (value, None, "") if isinstance(value, str) else (
                (value.get("kind"), value.get("values"), value.get("describe", ""))
                if isinstance(value, dict) else (None, None, ""))
            if kind not in ("cognition", "world"):
                self.problem(f"fact {name!r} needs kind \"cognition\" or \"world\"", self.loc.key(name, fact_span),
                             "cognition: about the model's internals; world: anything else")
                continue
            if values is not None and not (isinstance(values, list) and all(isinstance(v, str) for v in values)):
                self.problem(f"values of fact {name!r} must be a list of names", self.loc.key(name, fact_span))
                continue
            facts.append(Fact(name, FactKind(kind), None if values is None else tuple(values), str(describe)))
        actions = self.names(data.get("actions"), "actions", span)
        choices = self.names(data.get("choices"), "choices", span)
        reasons = self.names(data.get("reasons"), "reasons", span, required=False) or DEFAULT_REASONS
        if self.problems:
            return None
        try:
            return Story(str(data.get("name", Path(self.path).stem)), tuple(situations), actions, choices,
                         reasons, tuple(facts), str(data.get("describe", "")), tuple(self.descriptions))
        except SpecError as err:
            for p in err.problems:
                self.problem(p.message, (span[0] + 1, 1), p.hint)
            return None

    def scenarios(self, story: Story, data: Any) -> tuple[Scenario, ...]:
        if not isinstance(data, list) or not data:
            self.problem("the spec has no [[scenario]] tables", (len(self.loc.lines) or 1, 1),
                         "add [[scenario]] with name = ... and constraints = [...]")
            return ()
        raw: dict[str, tuple[dict[str, Any], tuple[int, int]]] = {}
        order: list[str] = []
        for k, table in enumerate(data):
            span = self.loc.section("scenario", k)
            self.unknown_keys(table, _SCENARIO_KEYS, "[[scenario]]", span)
            name = table.get("name")
            if not isinstance(name, str) or not name.strip():
                self.problem("a [[scenario]] needs a name", (span[0] + 1, 1), 'add name = "scenario-1"')
                continue
            if name in raw:
                self.problem(f"two scenarios are named {name!r}", self.loc.key("name", span), "rename one of them")
                continue
            raw[name] = (table, span)
            order.append(name)
        built: dict[str, Scenario] = {}
        failed: set[str] = set()

        def build(name: str, chain: tuple[str, ...]) -> Scenario | None:
            if name in built or name in failed:
                return built.get(name)
            failed.add(name)  # until it is built; also stops a cycle from being reported twice
            table, span = raw[name]
            base = None
            parent = table.get("extends")
            if parent is not None:
                where = self.loc.key("extends", span)
                if parent not in raw:
                    close = difflib.get_close_matches(str(parent), order, n=1)
                    self.problem(f"scenario {name!r} extends {parent!r}, which is not a scenario of this file", where,
                                 f"did you mean {close[0]!r}?" if close else f"the scenarios are {', '.join(order)}")
                    return None
                path = (*chain, name)
                if parent in path:
                    cycle = " -> ".join((*path[path.index(parent):], parent))
                    self.problem(f"scenarios extend each other in a cycle: {cycle}", where,
                                 "a scenario can only extend one that does not extend it back")
                    return None
                base = build(parent, path)
                if base is None:
                    return None
            texts = table.get("constraints", [])
            if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
                self.problem(f"constraints of scenario {name!r} must be a list of strings",
                             self.loc.key("constraints", span), 'write constraints = ["policy(farm) == print_pr"]')
                return None
            own = []
            cursor = self.loc.key("constraints", span)[0] - 1 if "constraints" in table else span[0]
            for text in texts:
                line, col = self.loc.string(text, span, cursor)
                cursor = line - 1
                try:
                    own.append(Constraint.parse(text, story, Origin(self.path, line, col), stated_in=name))
                except SpecError as err:
                    self.problems.extend(err.problems)
            prose = table.get("text", "")
            scenario = Scenario(story, name, (base.constraints if base else ()) + tuple(own),
                                parent, prose if isinstance(prose, str) else "")
            built[name] = scenario
            failed.discard(name)
            return scenario

        for name in order:
            build(name, ())
        return tuple(built[n] for n in order if n in built)

    def schemes(self, story: Story, data: Any) -> tuple[Scheme, ...]:
        if data is None:
            return default_schemes(story)
        span = self.loc.section("check")
        if not isinstance(data, dict):
            self.problem("check must be a table", (span[0] + 1, 1))
            return ()
        self.unknown_keys(data, ("schemes",), "[check]", span)
        names = data.get("schemes")
        if names is None:
            return default_schemes(story)
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            self.problem("schemes must be a list of scheme IDs", self.loc.key("schemes", span))
            return ()
        out = []
        for name in names:
            try:
                scheme = parse_scheme(name)
                scheme.check_story(story)
                out.append(scheme)
            except SpecError as err:
                for p in err.problems:
                    self.problem(p.message, self.loc.string(name, span), p.hint)
        return tuple(out)

    def load(self) -> Spec:
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as err:
            m = _TOML_AT.search(str(err))
            where = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
            message = _TOML_AT.sub("", str(err)).strip()
            raise SpecError(Problem(f"not valid TOML: {message}", self.path, *where,
                                    "check quotes, brackets and commas on that line")) from None
        self.unknown_keys(data, _TOP_KEYS, "the spec", (0, len(self.loc.lines)))
        story = self.story(data.get("story"))
        if story is None:
            raise SpecError(self.problems)
        scenarios = self.scenarios(story, data.get("scenario"))
        schemes = self.schemes(story, data.get("check"))
        priors = read_priors(data.get("prior"), story, self.loc, self.problem, self.path)
        judgments = read_judgments(data.get("judgment"), [s.name for s in scenarios],
                                   [p.name for p in priors] + _names(data.get("prior")), self.loc, self.problem,
                                   self.path)
        if self.problems:
            raise SpecError(sorted(self.problems, key=lambda p: (p.line, p.column)))
        return Spec(self.path, story, scenarios, schemes, priors, judgments)


def _names(table: Any) -> list[str]:
    """The names of a TOML table's entries (a malformed prior is reported once, not again by its judgments)."""
    return list(table) if isinstance(table, dict) else []


def parse_spec(text: str, path: str = "<string>") -> Spec:
    """Load a spec from TOML text.

    Args:
        text: the TOML source.
        path: the file name to use in error messages.

    Returns:
        The spec.

    Raises:
        SpecError: with every problem found, each with file, line, column and a hint.
    """
    return _Loader(text, path).load()


def load_spec(path: str | Path) -> Spec:
    """Load a spec file; see :func:`parse_spec`.

    Raises:
        SpecError: the file cannot be read, is too large, is not UTF-8, or is malformed.
    """
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_SPEC_BYTES:
            msg = f"the spec is {size} bytes; the limit is {MAX_SPEC_BYTES}"
            raise SpecError.at(msg, name, hint="split the story into several files")
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as err:
        raise SpecError.at(f"cannot read the spec: {err.strerror or err}", name) from None
    except UnicodeDecodeError as err:
        raise SpecError.at(f"the spec is not UTF-8 text (byte {err.start})", name) from None
    return parse_spec(text, name)
