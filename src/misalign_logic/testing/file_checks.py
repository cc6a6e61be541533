"""What a spec or taxonomy file claims, as checks a test runner runs one at a time (docs/how-to/pytest-plugin.md).

Each ``[[expect]]`` table gives one check per scheme it is about; each respondent's ``[[judgment]]`` tables give
one check (the answers are coherent: some categorization of worlds makes them all true); and, when every
spec file is checked, each scenario gives one check that it has a world. A check that fails says why in the
library's words: the verdict with its minimal core or witness worlds, or the proof of incoherence, and the
file and line of the claim. A solver that gives up fails the check with its reason; it never passes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import attrs

from misalign_logic.model.errors import MisalignLogicError, SpecError
from misalign_logic.model.escape import escape_controls
from misalign_logic.model.judgments import Judgment, heard
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Scheme, parse_scheme
from misalign_logic.model.specfile import AnswersExpectation, Expectation, Spec
from misalign_logic.model.verdicts import Status, Verdict
from misalign_logic.prose.explain import explain
from misalign_logic.solve.assess import Bearing
from misalign_logic.solve.classify import DEFAULT_RLIMIT, classify
from misalign_logic.solve.coherence import Coherence, coherence
from misalign_logic.solve.judge import Respondent, judge_spec
from misalign_logic.solve.taxonomy_audit import meets
from misalign_logic.spec.kinds import Kind, kind_of, tables_of
from misalign_logic.spec.load import load_spec
from misalign_logic.spec.taxonomy import Taxonomy, load_taxonomy

__all__ = ["Check", "Limits", "claims", "file_checks"]

#: The tables that make claims to check.
_CLAIMS = frozenset({"expect", "judgment"})


@attrs.frozen
class Limits:
    """How long the solver may work on one question: seconds (None: no clock) and z3 resource units."""

    timeout: float | None = None
    rlimit: int | None = DEFAULT_RLIMIT


class Check(Protocol):
    """One claim of a file: its name among the file's checks, its line, and what goes wrong (None: it holds)."""

    @property
    def name(self) -> str: ...

    @property
    def line(self) -> int: ...

    def failure(self, limits: Limits) -> str | None: ...


def claims(path: str | Path, every_file: bool = False) -> bool:
    """Whether ``path`` is a TOML file with checks: ``[[expect]]`` or ``[[judgment]]`` tables, or (with
    ``every_file``) any spec or taxonomy file. A file that cannot be read is not collected."""
    if Path(path).suffix != ".toml":
        return False
    tables = tables_of(path)
    if tables is None:
        return False
    return bool(tables & _CLAIMS) or (every_file and kind_of(path) is not Kind.OTHER)


#: A name or message as a report shows it: escaped as the command escapes what reaches a terminal.
escaped = escape_controls


def _load(path: str) -> Spec | Taxonomy:
    """A spec, or a taxonomy file when the file has only ``[scheme.NAME]`` and ``[[expect]]`` tables."""
    return load_taxonomy(path) if kind_of(path) is Kind.TAXONOMY else load_spec(path)


def _located(err: Exception, path: str, line: int, hint: str = "") -> SpecError:
    """``err`` as a problem at ``path:line`` (errors about a name carry no location of their own)."""
    text = str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err)
    if isinstance(err, SpecError) and err.line:
        return err
    if isinstance(err, SpecError):
        text, hint = err.problems[0].message, err.problems[0].hint or hint
    return SpecError.at(text, path, line, 1, hint)


@attrs.frozen
class ExpectationCheck:
    """An ``[[expect]]`` table under one scheme: the verdict must be what it expects."""

    expectation: Expectation
    scheme: Scheme
    scenario: Scenario

    @property
    def name(self) -> str:
        return f"{self.expectation.scenario}::{self.scheme.id}::{self.expectation.label.value}"

    @property
    def line(self) -> int:
        return self.expectation.line

    def failure(self, limits: Limits) -> str | None:
        e = self.expectation
        try:
            verdict = classify(self.scenario, self.scheme, timeout=limits.timeout, rlimit=limits.rlimit)
        except MisalignLogicError as err:  # the scheme leaves a world unlabelled, or reads a name the story lacks
            return f"{e.file}:{e.line}: {self.scheme.id} cannot classify {e.scenario}: {err}"
        if verdict.status is not Status.UNKNOWN and meets(e, verdict):
            return None
        return _verdict_failure(f"{e.label.value} ({e.strength.value})", verdict, self.scenario, e.file, e.line)


def _verdict_failure(expected: str, verdict: Verdict, scenario: Scenario, file: str, line: int) -> str:
    head = f"{file}:{line}: expected {verdict.scenario} under {verdict.scheme}: {expected}"
    if verdict.status is Status.UNKNOWN:
        return f"{head}\nthe solver gave up, so nothing is claimed: {verdict.reason}\n"
    told = explain(verdict, scenario).text()
    return f"{head}\nthe solver says: {verdict.summary()}\n" + "".join(f"  {x}\n" for x in told.splitlines())


@attrs.frozen
class RespondentCheck:
    """One respondent's ``[[judgment]]`` tables: coherent (or, when an ``[[expect]]`` says so, not), and borne
    out by every scheme that ``[[expect]]`` names as ``fitting``."""

    spec: Spec
    respondent: str
    judgments: tuple[Judgment, ...]
    expected: AnswersExpectation

    @property
    def name(self) -> str:
        return f"respondent::{self.respondent}"

    @property
    def line(self) -> int:
        return self.expected.line or self.judgments[0].origin.line

    def failure(self, limits: Limits) -> str | None:
        head = f"{self.spec.path}:{self.line}: the answers of {self.respondent!r} "
        if self.expected.fitting:
            mine = attrs.evolve(self.spec, judgments=self.judgments)
            chosen = [parse_scheme(f) for f in self.expected.fitting]
            judged = judge_spec(mine, chosen, timeout=limits.timeout, rlimit=limits.rlimit).respondents[0]
            found, missing = judged.coherence, _not_fitting(judged)
        else:
            targets = {j.target: heard(self.spec.scenario(j.scenario), j.reading) for j in self.judgments}
            found = coherence(self.judgments, targets, timeout=limits.timeout, rlimit=limits.rlimit)
            missing = []
        if found.coherent is None:
            return head + f"were left undecided, so nothing is claimed: {found.reason}\n"
        lines = []
        if found.coherent is not self.expected.coherent:
            lines += _coherence_lines(head, found)
        if missing:
            lines += [head + "are not all borne out by the schemes the file names as fitting:", *missing]
        return "\n".join(lines) + "\n" if lines else None


def _coherence_lines(head: str, found: Coherence) -> list[str]:
    if found.coherent:
        lines = [head + "are coherent, though the file expects them not to be; a world for each possible answer:"]
        return lines + [f"  {w}" for w in found.witnesses]
    lines = [head + "are incoherent: no categorization of worlds makes them all true."]
    for conflict in found.conflicts:
        where = ", ".join(f"line {j.origin.line}" for j in conflict.judgments if j.origin.line)
        lines.append("  " + "; ".join(f"'{j}'" for j in conflict.judgments) + (f" ({where})" if where else ""))
        lines.append(f"    {conflict.proof}")
    return lines


def _not_fitting(judged: Respondent) -> list[str]:
    """Per answer and named scheme that does not bear it out: the bearing and why (the solver's reason when
    it gave up)."""
    lines = []
    for j, row in zip(judged.judgments, judged.assessments, strict=True):
        for a in row:
            if a.bearing is not Bearing.BORNE_OUT:
                where = f" (line {j.origin.line})" if j.origin.line else ""
                lines.append(f"  '{j}'{where} under {a.scheme}: {a.bearing.value}: {a.why}")
    return lines


@attrs.frozen
class ScenarioCheck:
    """A scenario of a spec must have a world (its constraints must not clash)."""

    scenario: Scenario
    scheme: Scheme
    path: str

    @property
    def name(self) -> str:
        return f"{self.scenario.name}::consistent"

    @property
    def line(self) -> int:
        return min((c.origin.line for c in self.scenario.constraints if c.origin.line), default=0)

    def failure(self, limits: Limits) -> str | None:
        verdict = classify(self.scenario, self.scheme, timeout=limits.timeout, rlimit=limits.rlimit)
        if verdict.status in (Status.FORCED, Status.AMBIGUOUS):
            return None
        return _verdict_failure("a world", verdict, self.scenario, self.path, self.line)


def file_checks(path: str, every_scenario: bool = False) -> tuple[Check, ...]:
    """The checks of the spec or taxonomy file ``path``, in file order; with ``every_scenario``, also one
    per scenario that it has a world.

    Raises:
        SpecError: the file, or a spec it names, is malformed; or a claim names a scenario or scheme that is
            not there (located at the claim).
    """
    loaded = _load(path)
    home = loaded if isinstance(loaded, Spec) else None
    specs: dict[str, Spec] = {}
    out: list[Check] = []
    for e in loaded.expectations:
        try:
            target = home if not e.spec else specs.setdefault(e.spec, load_spec(e.spec))
            assert target is not None  # a taxonomy file's expectation names its spec (parse_taxonomy)
            scenario = target.scenario(e.scenario)
        except KeyError as err:
            raise _located(err, path, e.line, "name a [[scenario]] of the spec") from None
        except SpecError as err:  # the spec it names is malformed (located there) or cannot be read (located here)
            raise err if err.line else SpecError.at(f"{err.file}: {err.problems[0].message}", path, e.line, 1) from None
        out += [ExpectationCheck(e, s, scenario) for s in _schemes(e, loaded, scenario, path)]
    if home is not None:
        out += _respondents(home, path)
        if every_scenario:
            out += [ScenarioCheck(s, home.schemes[0], path) for s in home.scenarios]
    return _unique(out)


def _schemes(e: Expectation, loaded: Spec | Taxonomy, scenario: Scenario, path: str) -> tuple[Scheme, ...]:
    """The schemes ``e`` is about: the one it names, else the file's own, else (a spec's) those it checks."""
    try:
        if e.scheme:
            chosen: tuple[Scheme, ...] = (parse_scheme(e.scheme),)
        elif isinstance(loaded, Taxonomy):
            chosen = loaded.schemes
        else:
            chosen = loaded.own_schemes or loaded.schemes
        for scheme in chosen:
            scheme.check_story(scenario.story)
    except SpecError as err:
        raise _located(err, path, e.line) from None
    return chosen


def _respondents(spec: Spec, path: str) -> list[Check]:
    """One check per respondent: as an ``[[expect]]`` about their answers says, else that they are coherent."""
    said = {a.respondent: a for a in spec.answers_expected}
    out: list[Check] = []
    for r in dict.fromkeys(j.respondent for j in spec.judgments):
        expected = said.get(r, AnswersExpectation(r))
        try:
            for f in expected.fitting:
                parse_scheme(f).check_story(spec.story)
        except SpecError as err:
            raise _located(err, path, expected.line) from None
        out.append(RespondentCheck(spec, r, tuple(j for j in spec.judgments if j.respondent == r), expected))
    return out


@attrs.frozen
class _Renamed:
    """A check whose name is made unique within its file by the line of its claim."""

    check: Check
    name: str

    @property
    def line(self) -> int:
        return self.check.line

    def failure(self, limits: Limits) -> str | None:
        return self.check.failure(limits)


def _unique(checks: Iterable[Check]) -> tuple[Check, ...]:
    """``checks``, a name given twice (two claims of the same shape) followed by ``@LINE``."""
    seen: set[str] = set()
    out: list[Check] = []
    for c in checks:
        if c.name in seen:
            c = _Renamed(c, f"{c.name}@{c.line}")
        seen.add(c.name)
        out.append(c)
    return tuple(out)
