"""``audit``: what each scheme of a taxonomy is, proved, and where two schemes part (docs/model.md,
"Schemes as data").

Puts together the reusable searches of :mod:`misalign_logic.solve.audit` for a command-line run: per scheme,
categorization (on the specs' stories and within the scope), world-basedness (or a flip), the expectations
(the ``[[expect]]`` tables and, always, the seed's clean cases) and the pop quiz; per ``--compare`` pair,
equivalence within the scope or a distinguishing scenario. Every answer comes from the solver.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from misalign_logic.model.judgments import Strength
from misalign_logic.model.schemes import Label, Scheme, label_set
from misalign_logic.model.specfile import Expectation, Spec
from misalign_logic.model.story import Fact, Story
from misalign_logic.model.verdicts import Status, Verdict, World
from misalign_logic.solve.audit import Categorization, applied, categorization, find_distinction, find_flip, stories
from misalign_logic.solve.clash_scenario import ForcedClash, forced_clash
from misalign_logic.solve.scope import DEFAULT_SCOPE
from misalign_logic.spec.bundled import bundled_spec
from misalign_logic.spec.load import load_spec
from misalign_logic.spec.render import render_schemes, render_spec
from misalign_logic.spec.vocabulary import Declared, merge, with_declared

__all__ = ["AuditResult", "SchemeAudit", "audit", "meets"]

#: The seed's clean cases, which every scheme is expected to get right (docs/model.md, "The seed's table").
CLEAN_CASES = (
    Expectation("coastrunners", Label.OUTER, Strength.CERTAIN, "coastrunners.toml"),
    Expectation("coinrun", Label.INNER, Strength.CERTAIN, "coinrun.toml"),
)


def _world(world: World | None) -> dict[str, Any] | None:
    return None if world is None else dict(world)


def _story(story: Story | None) -> dict[str, Any] | None:
    if story is None:
        return None
    return {
        "name": story.name,
        "training": list(story.training),
        "deployment": list(story.deployment),
        "actions": list(story.actions),
        "choices": list(story.choices),
    }


@attrs.frozen
class SchemeAudit:
    """What ``audit`` proved about one scheme."""

    scheme: Scheme
    categorization: Categorization
    scope: int
    world_based: bool
    flip: str | None
    flip_note: str
    expectations: tuple[dict[str, Any], ...]
    pop_quiz: dict[str, Any]
    overlap_scenario: ForcedClash | None = None
    gap_scenario: ForcedClash | None = None
    flip_summary: str = ""

    @property
    def ok(self) -> bool:
        """A categorization that meets every expectation."""
        return self.categorization.holds and all(e["holds"] for e in self.expectations)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of specs/README.md, "audit"."""
        c = self.categorization
        return {
            "scheme": self.scheme.id,
            "categorization": {
                "holds": c.holds,
                "overlap": _world(c.overlap),
                "overlap_labels": sorted(label.value for label in c.overlap_labels),
                "overlap_story": _story(c.overlap_story),
                "gap": _world(c.gap),
                "gap_story": _story(c.gap_story),
                "overlap_scenario": None if self.overlap_scenario is None else self.overlap_scenario.to_dict(),
                "gap_scenario": None if self.gap_scenario is None else self.gap_scenario.to_dict(),
                "scope": {"n": self.scope, "stories": c.stories, "cases": c.cases},
            },
            "world_based": self.world_based,
            "flip": None if self.flip is None else {"spec": self.flip, "summary": self.flip_summary},
            "flip_note": self.flip_note,
            "expectations": list(self.expectations),
            "pop_quiz": self.pop_quiz,
        }


@attrs.frozen
class AuditResult:
    """Every scheme's audit and every comparison."""

    schemes: tuple[SchemeAudit, ...]
    comparisons: tuple[dict[str, Any], ...] = ()

    @property
    def ok(self) -> bool:
        """True when every audited scheme is a categorization that meets its expectations."""
        return all(s.ok for s in self.schemes)

    def to_dict(self) -> dict[str, Any]:
        """``{"schemes": [...], "comparisons": [...]}``."""
        return {"schemes": [s.to_dict() for s in self.schemes], "comparisons": list(self.comparisons)}


class _Specs(dict[str, Spec]):
    """Specs read by path, once each, with the taxonomies' declarations merged into their stories."""

    def __init__(self, declared: Sequence[Declared]) -> None:
        super().__init__()
        self.declared = declared

    def __setitem__(self, path: str, spec: Spec) -> None:
        super().__setitem__(path, with_declared(spec, self.declared))

    def setdefault(self, path: str, spec: Spec) -> Spec:
        if path not in self:
            self[path] = spec
        return self[path]


def _expectation(scheme: Scheme, e: Expectation, spec: Spec, source: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "scenario": e.scenario,
        "label": e.label.value,
        "strength": e.strength.value,
        "spec": spec.path,
        "source": source,
    }
    try:
        scenario = spec.scenario(e.scenario)
    except KeyError as err:
        return {**out, "holds": False, "verdict": None, "why": str(err.args[0])}
    found = applied(scheme, scenario)
    if isinstance(found, str):
        return {**out, "holds": False, "verdict": None, "why": found}
    if found.status is Status.UNKNOWN:  # neither met nor missed: the solver gave up
        return {**out, "holds": None, "verdict": found.summary()}
    return {**out, "holds": meets(e, found), "verdict": found.summary()}


def meets(e: Expectation, verdict: Verdict) -> bool:
    """Whether ``verdict`` is what ``e`` expects: ``certain``, forced to its label alone; ``possible``, its label
    among the labels of a forced or ambiguous verdict. A verdict the solver gave up on meets nothing."""
    if e.strength is Strength.CERTAIN:
        return verdict.status is Status.FORCED and verdict.labels == frozenset({e.label})
    return verdict.status in (Status.FORCED, Status.AMBIGUOUS) and e.label in verdict.labels


def _spec_of(e: Expectation, home: Spec | None, cache: dict[str, Spec]) -> Spec:
    path = e.spec or (home.path if home is not None else "")
    if path not in cache:
        cache[path] = home if home is not None and path == home.path else load_spec(path)
    return cache[path]


def _pop_quiz(scheme: Scheme, cache: dict[str, Spec]) -> dict[str, Any]:
    path = str(bundled_spec("pop_quiz.toml"))
    spec = cache.setdefault(path, load_spec(path))
    verdicts = {s.name: applied(scheme, s) for s in spec.scenarios}

    def said(v: Verdict | str) -> str:
        return v if isinstance(v, str) else v.summary()

    one, two = verdicts.get("scenario-1"), verdicts.get("scenario-2")
    majority = (
        isinstance(one, Verdict)
        and isinstance(two, Verdict)
        and (one.status, one.labels) == (Status.FORCED, frozenset({Label.OUTER}))
        and (two.status, two.labels) == (Status.FORCED, frozenset({Label.INNER}))
    )
    return {"verdicts": {k: said(v) for k, v in verdicts.items()}, "majority": majority, "spec": path}


def _flip_text(scheme: Scheme, checked: Sequence[Story]) -> tuple[str | None, str, str]:
    """The flip as a spec, a note when none was found, and the flip in one sentence."""
    if scheme.world_based:
        return None, "", ""
    found = find_flip(scheme, checked)
    if found is None:
        return None, "no flip was found on the stories checked", ""
    added = [c.text for c in found.refined.own_constraints]
    summary = (
        f"in story {found.base.story.name}, stating {', '.join(added)} turns "
        f"{label_set(found.base_verdict.labels)} into {label_set(found.refined_verdict.labels)}"
    )
    comment = (
        f"A non-monotone flip of {scheme.id}: {found.refined.name} refines {found.base.name}, yet gets "
        f"{label_set(found.refined_verdict.labels)} where {found.base.name} allowed only "
        f"{label_set(found.base_verdict.labels)}."
    )
    text = render_spec(found.base.story, [found.base, found.refined], [scheme], comment)
    return text + "\n" + render_schemes([scheme]), "", summary


def _shrunk(scheme: Scheme, c: Categorization) -> tuple[ForcedClash | None, ForcedClash | None]:
    """The overlap and the gap world, each shrunk to a scenario that forces its value (None: none found)."""
    overlap = gap = None
    if c.overlap is not None and c.overlap_story is not None:
        overlap = forced_clash("overlap", scheme, c.overlap_story, c.overlap, c.overlap_mentioned, c.overlap_labels)
    if c.gap is not None and c.gap_story is not None:
        gap = forced_clash("gap", scheme, c.gap_story, c.gap, c.gap_mentioned)
    return overlap, gap


def audit_scheme(
    scheme: Scheme,
    specs: Sequence[Spec],
    expectations: Sequence[tuple[Expectation, Spec | None]],
    scope: int = DEFAULT_SCOPE,
    facts: Sequence[Fact] = (),
    declared: Sequence[Declared] = (),
) -> SchemeAudit:
    """Audit one scheme: on the specs' stories and every story within ``scope`` (with ``facts``).

    Args:
        scheme: the scheme.
        specs: specs whose stories are checked too.
        expectations: ``[[expect]]`` tables with the spec they were stated in (None for a taxonomy file).
        scope: the scope's ``n``.
        facts: facts the scope's stories declare (those the scheme's conditions may read).
        declared: sorts and symbols taxonomy files declare, merged into every story read (the specs', the
            scope's, the clean cases' and the pop quiz's).
    """
    scoped = [merge(s, declared) for s in stories(scope, facts)] if declared else stories(scope, facts)
    checked = [*(s.story for s in specs), *scoped]
    cache = _Specs(declared)
    rows = []
    # The seed's clean cases and its pop quiz are about outer and inner: a scheme with other labels is not
    # held to them.
    seeds = {Label.OUTER.value, Label.INNER.value} <= set(scheme.family.label_names)
    for e in CLEAN_CASES if seeds else ():
        path = str(bundled_spec(e.spec))
        spec = cache.setdefault(path, load_spec(path))
        rows.append(_expectation(scheme, e, spec, "the seed's clean case"))
    for e, home in expectations:
        if e.scheme and e.scheme != scheme.family.name:
            continue
        rows.append(_expectation(scheme, e, _spec_of(e, home, cache), f"{e.file}:{e.line}"))
    flip, note, summary = _flip_text(scheme, scoped)
    found = categorization(scheme, checked)
    return SchemeAudit(
        scheme,
        found,
        scope,
        scheme.world_based,
        flip,
        note,
        tuple(rows),
        _pop_quiz(scheme, cache) if seeds else {},
        *_shrunk(scheme, found),
        summary,
    )


def compare(
    a: Scheme, b: Scheme, scope: int = DEFAULT_SCOPE, facts: Sequence[Fact] = (), declared: Sequence[Declared] = ()
) -> dict[str, Any]:
    """``{"a", "b", "equivalent", "scenario"}``: equivalent within the scope, or a distinguishing spec's text."""
    scoped = stories(scope, facts)
    found = find_distinction(a, b, [merge(s, declared) for s in scoped] if declared else scoped)
    if found is None:
        return {"a": a.id, "b": b.id, "equivalent": True, "scenario": None, "scope": scope}
    comment = (
        f"Distinguishes {a.id} ({found.a.summary()}) from {b.id} ({found.b.summary()}); no stated fact can "
        "be dropped without the verdicts agreeing."
    )
    text = render_spec(found.scenario.story, [found.scenario], [a, b], comment) + "\n" + render_schemes([a, b])
    return {
        "a": a.id,
        "b": b.id,
        "equivalent": False,
        "scenario": text,
        "verdicts": {"a": found.a.summary(), "b": found.b.summary()},
        "scope": scope,
        "story": found.scenario.story.name,
        "facts": [c.text for c in found.scenario.constraints],
    }


def audit(
    schemes: Sequence[Scheme],
    specs: Sequence[Spec] = (),
    expectations: Sequence[tuple[Expectation, Spec | None]] = (),
    comparisons: Sequence[tuple[Scheme, Scheme]] = (),
    scope: int = DEFAULT_SCOPE,
    declared: Sequence[Declared] = (),
) -> AuditResult:
    """Audit ``schemes`` and compare each pair of ``comparisons`` (docs/model.md, "Schemes as data").

    Raises:
        SolverUnknown: the solver gave up.
        SpecError: a scheme's condition does not fit a story it must be read over.
    """
    specs = [with_declared(s, declared) for s in specs]
    facts = tuple({f.name: f for s in specs for f in s.story.facts}.values())
    done = tuple(audit_scheme(s, specs, expectations, scope, facts, declared) for s in schemes)
    return AuditResult(done, tuple(compare(a, b, scope, facts, declared) for a, b in comparisons))
