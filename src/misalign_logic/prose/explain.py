"""Verdicts told in plain sentences, from the verdict's own proof or witnesses (docs/model.md, "Verdicts").

A forced verdict is explained by the minimal set of stated facts that force it, quoted as written; an
ambiguous one by a short story per label, told from its witness world, and by the unknowns that decide
between the labels; an inconsistent one by the minimal clash; an unknown one by the solver's reason. A
family's remedies (the generalization scheme's are the seed's plan) follow the label. All wording comes from
the fixed templates of :mod:`misalign_logic.prose.words` and the registry of scheme families.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Mapping
from typing import Any

import attrs

from misalign_logic.model.escape import one_line, text_lines
from misalign_logic.model.expr import ground_name
from misalign_logic.model.families import Parameter
from misalign_logic.model.notebook import Shown
from misalign_logic.model.scenario import Constraint, Scenario
from misalign_logic.model.schemes import Label, Scheme, parse_scheme
from misalign_logic.model.story import Story
from misalign_logic.model.verdicts import Status, Verdict, Witness, World
from misalign_logic.prose.words import Value, Wording, split_atom
from misalign_logic.solve.arguments import argument, scenario_argument

__all__ = ["Explanation", "Paragraph", "Quote", "explain"]

#: At most this many deciding facts are told in one supposition; the rest are counted.
_MAX_FACTS = 6


@attrs.frozen
class Quote:
    """A stated fact, quoted as written, with where it was written.

    Attributes:
        text: the constraint's source text.
        file: the spec file.
        line: its line (1-based; 0 when not known).
        column: its column (1-based; 0 when not known).
        stated_in: the scenario that states it (a refinement inherits its base's facts).
    """

    text: str
    file: str = ""
    line: int = 0
    column: int = 0
    stated_in: str = ""

    @classmethod
    def of(cls, constraint: Constraint) -> Quote:
        """The quote of a constraint."""
        o = constraint.origin
        return cls(constraint.text, o.file, o.line, o.column, constraint.stated_in)

    def where(self, scenario: str = "") -> str:
        """``line 30``, or ``line 30, stated in scenario-1`` unless that is ``scenario``, or ``""``."""
        parts = [f"line {self.line}"] if self.line else []
        if self.stated_in == "(gricean default)":  # not stated at all: the Gricean reading adds it
            parts.append("not stated: the Gricean reading's default")
        elif self.stated_in and self.stated_in != scenario:
            parts.append(f"stated in {self.stated_in}")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return attrs.asdict(self)


@attrs.frozen
class Paragraph:
    """A few sentences about one label (or about the verdict as a whole when ``label`` is None).

    Attributes:
        label: the label the paragraph is about, if one.
        sentences: the sentences, each ending with a full stop.
        quotes: stated facts the sentences point to, quoted as written.
        facts: for a witness, the facts of its world that decide the label.
    """

    label: Label | None
    sentences: tuple[str, ...]
    quotes: tuple[Quote, ...] = ()
    facts: World = attrs.field(factory=lambda: World(()))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        out: dict[str, Any] = {
            "label": None if self.label is None else self.label.value,
            "sentences": list(self.sentences),
        }
        if self.quotes:
            out["facts"] = [q.to_dict() for q in self.quotes]
        if self.facts:
            out["decided_by"] = dict(self.facts)
        return out


@attrs.frozen
class Explanation(Shown):
    """A verdict in plain sentences.

    Attributes:
        verdict: the verdict explained.
        headline: one sentence: the scenario, the scheme in words, and the verdict.
        paragraphs: the reasons: the quoted facts, or one paragraph per label, then what decides.
    """

    verdict: Verdict
    headline: str
    paragraphs: tuple[Paragraph, ...]

    def text(self, width: int = 100) -> str:
        """The explanation as plain text wrapped at ``width`` columns, quotes indented under their paragraph."""
        # Names' line feeds are escapes before wrapping: wrapping would read them as spaces, and a name's
        # next part could then start a line of its own.
        lines = textwrap.wrap(one_line(self.headline), width)
        for p in self.paragraphs:
            head = f"  {p.label}: " if p.label is not None else "  "
            said = one_line(" ".join(p.sentences))
            lines += textwrap.wrap(said, width, initial_indent=head, subsequent_indent="    ")
            for q in p.quotes:
                where = f"   ({q.where(self.verdict.scenario)})" if q.where(self.verdict.scenario) else ""
                lines.append(f"      “{q.text}”{where}")
        return text_lines(lines) + "\n"  # a quoted constraint's line feeds cannot start a line of their own

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the headline and each paragraph's sentences, quoted facts and deciding facts."""
        return {"headline": self.headline, "paragraphs": [p.to_dict() for p in self.paragraphs]}

    def __str__(self) -> str:
        return self.text()


def _sentence(clause: str) -> str:
    clause = clause.strip()
    return clause[:1].upper() + clause[1:] + ("" if clause.endswith((".", "!", "?")) else ".")


def _join(clauses: list[str]) -> str:
    if len(clauses) <= 2:
        return " and ".join(clauses)
    return "; ".join(clauses[:-1]) + "; and " + clauses[-1]


def _situations(world: Mapping[str, Value], story: Story | None) -> tuple[list[str], list[str]]:
    """Training and deployment situations the world speaks of (from the story, or read off the world)."""
    if story is not None:
        return list(story.training), list(story.deployment)
    fed = {split_atom(k)[1][0] for k in world if k.startswith("feedback(")}
    acted = [split_atom(k)[1][0] for k in world if k.startswith("policy(")]
    return sorted(fed), [s for s in acted if s not in fed]


def _failure(world: Mapping[str, Value], story: Story | None) -> tuple[str, str] | None:
    """A failure point of the world, ``(situation, action taken)``, when the world shows one."""
    for s in _situations(world, story)[1]:
        taken = world.get(ground_name("policy", (s,)))
        if isinstance(taken, str) and world.get(ground_name("ideal", (s, taken))) is False:
            return s, taken
    return None


def _domain(domain: str, sort: str, story: Story | None, world: Mapping[str, Value]) -> list[str]:
    """The values a fault's variable ranges over: the story's (a phase's situations, a sort's values), or,
    without a story, every argument of the world's atoms, sorted (a fault's facts rule out the others)."""
    if story is None:
        return sorted({arg for atom in world for arg in split_atom(atom)[1]})
    phases = {"training": story.training, "deployment": story.deployment}
    return list(phases[domain] if domain in phases else story.sort_values(sort))


def _fault(scheme: Scheme, world: Mapping[str, Value], story: Story | None, say: Wording, said: frozenset[str]) -> str:
    """How the world breaks what the scheme's parameter values state, as a clause from the family's entry.

    Each parameter's faults (:class:`~misalign_logic.model.families.Fault`) are looked for at each binding of
    its variables, in order; the first found is told, its variables in words. A situation already named in
    the supposition (in ``said``) is referred to as "there". Returns the entry's ``unexplained`` words when
    no fault is found, or ``""`` when the family states none.
    """
    fallback = ""
    for p in scheme.family.parameters:
        faults = p.faults_of(scheme.param(p.name))
        fallback = fallback or p.unexplained
        if not faults:
            continue
        ranges = [_domain(domain, sort, story, world) for _, sort, domain in p.variables]
        for values in itertools.product(*ranges):
            env = dict(zip((name for name, _, _ in p.variables), values, strict=True))
            for fault in faults:
                if fault.holds(world, env):
                    return _fault_words(fault.words, p.variables, env, say, said)
    return fallback


def _fault_words(
    words: str, variables: tuple[tuple[str, str, str], ...], env: Mapping[str, str], say: Wording, said: frozenset[str]
) -> str:
    """A fault's words with each variable's value in words (a situation said already is "there")."""
    told = {"Situation": say.situation, "Action": say.action, "Choice": say.choice, "Reason": say.reason}
    for name, sort, _ in variables:
        value = env[name]
        text = "there" if sort == "Situation" and value in said else told.get(sort, str)(value)
        words = words.replace("{" + name + "}", text)
    return words


def _consequence(
    scheme: Scheme,
    label: Label,
    world: Mapping[str, Value],
    scenario: Scenario | None,
    story: Story | None,
    say: Wording,
    said: frozenset[str] = frozenset(),
) -> str:
    """What the world's facts mean under ``scheme``: the step from the supposition to ``label``.

    ``said`` holds the symbols and situations the supposition already named, so they are not told twice.
    """
    if label is Label.NONE:
        return "then no deployment situation is a failure, so there is nothing to categorize (none)"
    if not label.categorizes:  # a value no single label names: a gap or an overlap of the scheme
        return _no_single_label(scheme, label, say)
    template = scheme.family.consequence(label.value)
    if not template:  # a user's scheme says what its label means by its condition, and by its words if given
        meaning = say.meaning(scheme, label)
        told = f"; under this scheme, {label} means that {meaning}" if meaning else ""
        return f"then the world meets this scheme's condition of {label}: {scheme.family.condition(label.value)}{told}"
    if "{at}" in template:
        point = _failure(world, story)
        at = f"at the failure {say.situation(point[0])}" if point and point[0] not in said else "at the failure"
        template = template.replace("{at}", at)
    for p in scheme.family.parameters:
        if "{" + p.name + "}" in template:
            template = template.replace("{" + p.name + "}", _told(p, scheme.param(p.name), world, say, said))
    if "{how}" in template:
        template = template.replace("{how}", _fault(scheme, world, story, say, said))
    if "{mentioned}" in template:
        mentioned = sorted(scenario.mentions & scenario.story.cognition_symbols) if scenario is not None else []
        template = template.replace("{mentioned}", f" ({', '.join(mentioned)})" if mentioned else "")
    return template


def _told(p: Parameter, value: str | None, world: Mapping[str, Value], say: Wording, said: frozenset[str]) -> str:
    """Parameter ``p`` as the family's entry tells it in a step, at ``value`` (None: open, read off the world)."""
    if value is None and p.told_again and p.open_text in said:
        return p.told_again
    shown = value if value is not None else str(world.get(p.open_text))
    words = say.choice(shown) if p.is_choice else dict(p.words).get(shown, shown)
    return p.told.replace("{value}", words) if p.told else words


def _no_single_label(scheme: Scheme, value: Label, say: Wording) -> str:
    """The step from a witness to a value that is not one label: no condition holds, or several do."""
    if value is Label.UNLABELLED:
        return (
            "then the world has a failure and none of this scheme's conditions holds, so it gets no label "
            "(unlabelled): on this story the scheme is not a categorization"
        )
    parts = [
        f"{part} ({say.meaning(scheme, part)})" if say.meaning(scheme, part) else str(part) for part in value.parts
    ]
    return (
        f"then the conditions of {_join(parts)} all hold, so the world gets several labels at once ({value}): "
        "on this story the scheme is not a categorization"
    )


def _remedy(scheme: Scheme, label: Label) -> str:
    source, remedy = scheme.family.remedy(label.value)
    return f"Remedy ({source}): {remedy}." if remedy else ""


def _witness(w: Witness, scheme: Scheme, scenario: Scenario | None, story: Story | None, say: Wording) -> Paragraph:
    facts = list(w.decided_by.facts)
    clauses = [say.fact(atom, value, w.world) for atom, value in facts[:_MAX_FACTS]]
    if len(facts) > _MAX_FACTS:
        clauses.append(f"{len(facts) - _MAX_FACTS} more facts of the witness world hold")
    sentences = []
    if clauses:
        sentences.append(_sentence("suppose " + _join(clauses)))
    said = {"choice"} if "choice" in w.decided_by else set()
    said |= {arg for atom in w.decided_by for arg in split_atom(atom)[1]}
    sentences.append(_sentence(_consequence(scheme, w.label, w.world, scenario, story, say, frozenset(said))))
    remedy = _remedy(scheme, w.label)
    if remedy:
        sentences.append(remedy)
    return Paragraph(w.label, tuple(sentences), facts=w.decided_by)


def explain(verdict: Verdict, scenario: Scenario | None = None, story: Story | None = None) -> Explanation:
    """Tell ``verdict`` in plain sentences.

    Args:
        verdict: a verdict from :func:`~misalign_logic.solve.classify`.
        scenario: the scenario it is about, for the story's ``describe`` words and (for the training-vs-model
            heuristic) what the scenario mentions.
        story: the story, when no scenario is given; without either, bare names are used.

    Returns:
        The explanation: a headline and paragraphs of sentences, with quoted facts and deciding facts.
    """
    verdict = argument(verdict, Verdict, "verdict", "pass what classify(scenario, scheme) returns")
    if scenario is not None:
        scenario = scenario_argument(scenario)
    if story is not None:
        story = argument(story, Story, "story", "pass spec.story")
    story = scenario.story if scenario is not None else story
    say = Wording(story)
    name = verdict.scenario
    if verdict.status is Status.UNKNOWN or not verdict.scheme:
        reason = verdict.reason or "no reason given"
        return Explanation(
            verdict,
            _sentence(f"the solver gave up before deciding {name} under {verdict.scheme or 'this scheme'} ({reason})"),
            (
                Paragraph(
                    None,
                    (
                        "Nothing is claimed: the verdict is neither forced nor ambiguous.",
                        "A longer --timeout or a larger --rlimit may let the solver decide.",
                    ),
                ),
            ),
        )
    scheme = parse_scheme(verdict.scheme)
    under = say.scheme(scheme)
    quotes = tuple(Quote.of(c) for c in verdict.core)
    shrunk = (
        "a minimal set"
        if verdict.minimal
        else "not shown minimal: it was not shrunk (explanations off) or the solver gave up while shrinking it"
    )
    if verdict.status is Status.INCONSISTENT:
        return Explanation(
            verdict,
            _sentence(f"the scenario {name} has no world, so {under} cannot label it"),
            (Paragraph(None, (f"These stated facts cannot all hold together ({shrunk}):",), quotes),),
        )
    if verdict.status is Status.FORCED:
        label = next(iter(verdict.labels))
        sentences = [f"Every world of the scenario gets {label}; these stated facts already force it ({shrunk}):"]
        if scheme.family.wording_only:
            # The label is fixed by the wording; the facts only make the story a failure.
            sentences = [
                f"These stated facts make the story a failure ({shrunk}); which label it gets is fixed by "
                "the wording, below:"
            ]
        meaning = say.meaning(scheme, label)
        tail = [_sentence(f"under this scheme, {label} means that {meaning}")] if meaning else []
        if scheme.family.wording_only:
            tail = [_sentence(_consequence(scheme, label, {}, scenario, story, say))]
        if verdict.remedy:
            source = scheme.family.remedy(label.value)[0] or "the scheme"
            tail.append(f"Remedy ({source}): {verdict.remedy}.")
        paragraphs = [Paragraph(None, tuple(sentences), quotes)]
        if tail:
            paragraphs.append(Paragraph(label, tuple(tail)))
        headline = _sentence(f"the scenario {name} is forced {label} under {under}")
        return Explanation(verdict, headline, tuple(paragraphs))
    names = verdict.sorted_labels()
    labels = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    paragraphs = [_witness(w, scheme, scenario, story, say) for w in verdict.witnesses]
    context: dict[str, Value] = {}
    for w in verdict.witnesses:
        context.update(w.world)
    questions = [f"{say.unknown(atom, context)} (`{atom}`)" for atom in verdict.deciding]
    if questions:
        paragraphs.append(
            Paragraph(
                None,
                (
                    _sentence("the label turns on " + _join(questions)),
                    "The stated facts leave this open, so no label is forced.",
                ),
            )
        )
    headline = _sentence(f"the scenario {name} is ambiguous under {under}: its worlds are labelled {labels}")
    return Explanation(verdict, headline, tuple(paragraphs))
