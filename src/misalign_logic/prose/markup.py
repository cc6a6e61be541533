"""Verdicts, relations and explanations as HTML and Markdown, for notebooks and reports.

Every string that comes from a spec is escaped; the HTML uses inline styles only, so a fragment reads
the same in a notebook cell as in a report page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from misalign_logic.model.flips import Flip
from misalign_logic.model.notebook import shows
from misalign_logic.model.priors import Probability
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.verdicts import Relation, RelationKind, Status, Verdict, World
from misalign_logic.prose.explain import Explanation, explain
from misalign_logic.solve.judge import JudgeResult, Respondent

__all__ = [
    "LABEL_COLOURS",
    "explanation_html",
    "explanation_markdown",
    "judged_html",
    "judged_markdown",
    "md",
    "md_code",
    "probability_html",
    "probability_markdown",
    "relation_html",
    "relation_markdown",
    "relation_sentence",
    "respondent_html",
    "respondent_markdown",
    "verdict_cell_html",
    "verdict_html",
    "verdict_markdown",
    "world_html",
]

#: One colour per label, used the same way in tables, explanations and the refinement diagram.
LABEL_COLOURS = {"outer": "#1c5fb8", "inner": "#c2410c", "both": "#7e22ce", "none": "#57606a"}

_E = html.escape
_CODE = re.compile(r"`([^`]+)`")


_MD_SPECIAL = re.compile(r"[\\`\[\]|<>&]")
_MD_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def _md_plain(text: str) -> str:
    return _MD_SPECIAL.sub(lambda m: _MD_ENTITY.get(m.group(), "\\" + m.group()), " ".join(text.splitlines()))


def md(text: str) -> str:
    """``text`` for Markdown: no raw HTML, link, table cell break or new line can come from it.

    Its `backquoted` parts stay code spans (the explanations set names that way); elsewhere ``<``, ``>``
    and ``&`` become entities and backslashes, backquotes, brackets and bars are escaped, so the only
    backquotes left pair up around code that holds none.
    """
    out, end = [], 0
    for m in _CODE.finditer(text):
        out += [_md_plain(text[end : m.start()]), md_code(m.group(1))]
        end = m.end()
    return "".join([*out, _md_plain(text[end:])])


def md_code(text: str) -> str:
    """``text`` as one Markdown code span, whatever backquotes it holds (a code span shows HTML as text)."""
    flat = " ".join(text.splitlines()).replace("|", "\\|")
    run = max((len(r) for r in re.findall("`+", flat)), default=0)
    fence = "`" * (run + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip() else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _inline(text: str) -> str:
    """Escape ``text`` and set its `backquoted` names (symbols, bare names) in code type."""
    return _CODE.sub(r"<code>\1</code>", _E(text))


def _label_html(verdict: Verdict) -> str:
    """The verdict's summary, its label(s) coloured."""
    if verdict.status is Status.FORCED:
        label = verdict.sorted_labels()[0]
        colour = LABEL_COLOURS.get(label, "#000")
        return f'forced <b style="color:{colour}">{_E(label)}</b>'
    if verdict.status is Status.AMBIGUOUS:
        parts = ", ".join(
            f'<b style="color:{LABEL_COLOURS.get(x, "#000")}">{_E(x)}</b>' for x in verdict.sorted_labels()
        )
        return f"ambiguous {{{parts}}}"
    return f"<i>{_E(verdict.summary())}</i>"


def verdict_cell_html(verdict: Verdict) -> str:
    """The verdict's summary as a short HTML fragment for a table cell."""
    return _label_html(verdict)


def _quote_html(text: str, where: str) -> str:
    tail = f' <span style="color:#57606a">({_E(where)})</span>' if where else ""
    return f"<li><code>{_E(text)}</code>{tail}</li>"


@shows(Explanation, "html")
def explanation_html(explanation: Explanation) -> str:
    """An explanation as an HTML fragment: headline, then a paragraph per label with its quoted facts."""
    out = [f"<p>{_inline(explanation.headline)}</p>"]
    for p in explanation.paragraphs:
        lead = ""
        if p.label is not None:
            colour = LABEL_COLOURS.get(p.label.value, "#000")
            lead = f'<b style="color:{colour}">{_E(p.label.value)}</b>: '
        out.append(f'<p style="margin-left:1.5em">{lead}{_inline(" ".join(p.sentences))}</p>')
        if p.quotes:
            items = "".join(_quote_html(q.text, q.where(explanation.verdict.scenario)) for q in p.quotes)
            out.append(f'<ul style="margin-left:1.5em">{items}</ul>')
    return "\n".join(out)


@shows(Explanation, "markdown")
def explanation_markdown(explanation: Explanation) -> str:
    """An explanation as Markdown: headline, then a paragraph per label with its quoted facts as a list."""
    out = [md(explanation.headline), ""]
    for p in explanation.paragraphs:
        lead = f"**{p.label.value}**: " if p.label is not None else ""
        out += [f"> {lead}{md(' '.join(p.sentences))}", ""]
        for q in p.quotes:
            where = q.where(explanation.verdict.scenario)
            where = f" ({md(where)})" if where else ""
            out.append(f"> - {md_code(q.text)}{where}")
        if p.quotes:
            out.append("")
    return "\n".join(out).rstrip() + "\n"


@shows(Verdict, "html")
def verdict_html(verdict: Verdict, scenario: Scenario | None = None) -> str:
    """A verdict as an HTML fragment: scenario, scheme, coloured summary, and its explanation."""
    head = f"<div><p><b>{_E(verdict.scenario)}</b> under <code>{_E(verdict.scheme)}</code>: {_label_html(verdict)}</p>"
    return head + explanation_html(explain(verdict, scenario)) + "</div>"


@shows(Verdict, "markdown")
def verdict_markdown(verdict: Verdict, scenario: Scenario | None = None) -> str:
    """A verdict as Markdown: scenario, scheme, summary, and its explanation."""
    head = f"**{md(verdict.scenario)}** under {md_code(verdict.scheme)}: {md(verdict.summary())}\n\n"
    return head + explanation_markdown(explain(verdict, scenario))


def relation_sentence(relation: Relation) -> str:
    """What a relation says, as one sentence."""
    a, b = relation.a, relation.b
    return {
        RelationKind.EQUIVALENT: f"{a} and {b} have the same worlds.",
        RelationKind.REFINES: f"{a} refines {b}: every world of {a} is a world of {b}, but not conversely "
        f"({a} tells more).",
        RelationKind.REFINED_BY: f"{b} refines {a}: every world of {b} is a world of {a}, but not conversely "
        f"({b} tells more).",
        RelationKind.INCOMPARABLE: f"{a} and {b} are incomparable: they share a world, and each has a world the "
        "other lacks.",
        RelationKind.DISJOINT: f"{a} and {b} are disjoint: no world of one is a world of the other.",
        RelationKind.UNKNOWN: f"The solver gave up relating {a} and {b} ({relation.reason or 'no reason given'}).",
    }[relation.kind]


def _witness_worlds(relation: Relation) -> Iterable[tuple[str, World]]:
    for key, what in (
        ("only_a", f"a world of {relation.a} that is not a world of {relation.b}"),
        ("only_b", f"a world of {relation.b} that is not a world of {relation.a}"),
        ("shared", "a world of both"),
    ):
        world = getattr(relation, key)
        if world is not None:
            yield what, world


def world_html(world: World) -> str:
    """A world as a two-column table: fact, value."""
    rows = "".join(
        f"<tr><td><code>{_E(k)}</code></td><td><code>{_E(str(v).lower() if isinstance(v, bool) else str(v))}"
        "</code></td></tr>"
        for k, v in world.facts
    )
    return f'<table style="font-size:90%">{rows}</table>'


@shows(Relation, "html")
def relation_html(relation: Relation) -> str:
    """A relation as an HTML fragment: the sentence, and each witness world in a collapsed table."""
    parts = [f"<p>{_E(relation_sentence(relation))}</p>"]
    for what, world in _witness_worlds(relation):
        parts.append(f"<details><summary>{_E(what)}</summary>{world_html(world)}</details>")
    return "<div>" + "".join(parts) + "</div>"


@shows(Relation, "markdown")
def relation_markdown(relation: Relation) -> str:
    """A relation as Markdown: the sentence, and each witness world as a list of facts."""
    out = [md(relation_sentence(relation)), ""]
    for what, world in _witness_worlds(relation):
        out.append(f"- {md(what)}: " + ", ".join(md_code(s) for s in world.statements()))
    return "\n".join(out).rstrip() + "\n"


def _flip_clause(flip: Flip | None) -> str:
    """``; non-monotone flip: b refines a, yet gets {…} where a allowed only {…}``, or ``""``."""
    if flip is None:
        return ""
    return f"; non-monotone flip: {flip.sentence()}"


def _bearing_colour(coherent: bool | None) -> tuple[str, str]:
    return {True: ("coherent", "#1a7f37"), False: ("INCOHERENT", "#d1242f"), None: ("undecided", "#57606a")}[coherent]


@shows(Respondent, "html")
def respondent_html(respondent: Respondent, flips: Iterable[Flip] = ()) -> str:
    """One respondent's answers as HTML: coherent or not (with the proof), and the schemes that give them."""
    word, colour = _bearing_colour(respondent.coherence.coherent)
    out = [f'<div><p><b>{_E(respondent.name)}</b>: <b style="color:{colour}">{word}</b></p><ul>']
    out += [
        f"<li>{_E(str(j))}" + (f' <span style="color:#57606a">({_E(j.note)})</span>' if j.note else "") + "</li>"
        for j in respondent.judgments
    ]
    out.append("</ul>")
    c = respondent.coherence
    if c.coherent is False:
        out.append("<p>No categorization that depends only on what happened gives all of these answers.</p>")
        out.append(f"<blockquote>{_E(c.proof)}</blockquote>")
    elif c.coherent is None:
        out.append(f"<p>Not decided: {_E(c.reason)}.</p>")
    out += [f'<p style="color:#57606a">{_E(x)}</p>' for x in c.caveats]
    fitting = ", ".join(f"<code>{_E(s)}</code>" for s in respondent.fitting)
    if fitting or not respondent.undecided:
        out.append(f"<p>Reproduced by: {fitting or 'no scheme of the family'}.</p>")
    if respondent.undecided:
        undecided = ", ".join(f"<code>{_E(s)}</code>" for s in respondent.undecided)
        out.append(f"<p>Undecided (the solver gave up; they may or may not reproduce them): {undecided}.</p>")
    flipped = {f.scheme: f for f in flips}
    for scheme in respondent.description_based:
        flip = _flip_clause(flipped.get(scheme))
        out.append(
            f'<p style="color:#d1242f">⚠ <code>{_E(scheme)}</code> reads the description, not only the '
            f"world{_E(flip)}</p>"
        )
    return "\n".join(out) + "</div>"


@shows(Respondent, "markdown")
def respondent_markdown(respondent: Respondent, flips: Iterable[Flip] = ()) -> str:
    """One respondent's answers as Markdown (see :func:`respondent_html`)."""
    word, _ = _bearing_colour(respondent.coherence.coherent)
    out = [f"**{md(respondent.name)}**: **{word}**", ""]
    out += [f"- {md(str(j))}" + (f" ({md(j.note)})" if j.note else "") for j in respondent.judgments]
    out.append("")
    c = respondent.coherence
    if c.coherent is False:
        out += [
            "No categorization that depends only on what happened gives all of these answers.",
            "",
            f"> {md(c.proof)}",
            "",
        ]
    elif c.coherent is None:
        out += [f"Not decided: {md(c.reason)}.", ""]
    out += [f"*{md(x)}*" for x in c.caveats]
    if respondent.fitting or not respondent.undecided:
        fitting = ", ".join(md_code(s) for s in respondent.fitting) or "no scheme of the family"
        out.append(f"Reproduced by: {fitting}.")
    if respondent.undecided:
        undecided = ", ".join(md_code(s) for s in respondent.undecided)
        out.append(f"Undecided (the solver gave up; they may or may not reproduce them): {undecided}.")
    flipped = {f.scheme: f for f in flips}
    for scheme in respondent.description_based:
        out.append(
            f"- ⚠ {md_code(scheme)} reads the description, not only the world{md(_flip_clause(flipped.get(scheme)))}"
        )
    return "\n".join(out).rstrip() + "\n"


@shows(JudgeResult, "html")
def judged_html(result: JudgeResult) -> str:
    """A judged spec as HTML: each respondent's answers, their coherence and the schemes that give them."""
    head = (
        f"<p>{len(result.respondents)} answer set(s) judged against {len(result.schemes)} scheme(s) "
        "(every scheme, parameter and reading).</p>"
    )
    return "<div>" + head + "".join(respondent_html(r, result.checked.flips) for r in result.respondents) + "</div>"


@shows(JudgeResult, "markdown")
def judged_markdown(result: JudgeResult) -> str:
    """A judged spec as Markdown (see :func:`judged_html`)."""
    head = (
        f"{len(result.respondents)} answer set(s) judged against {len(result.schemes)} scheme(s) "
        "(every scheme, parameter and reading).\n\n"
    )
    return head + "\n".join(respondent_markdown(r, result.checked.flips) for r in result.respondents)


@shows(Probability, "html")
def probability_html(chance: Probability) -> str:
    """A probability as HTML: scenario, scheme, prior and ``P(label)`` per label."""
    return (
        f"<p><b>{_E(chance.scenario)}</b> under <code>{_E(chance.scheme)}</code>, prior "
        f"<code>{_E(chance.prior)}</code>: {_E(chance.summary())}</p>"
    )


@shows(Probability, "markdown")
def probability_markdown(chance: Probability) -> str:
    """A probability as Markdown: scenario, scheme, prior and ``P(label)`` per label."""
    return (
        f"**{md(chance.scenario)}** under {md_code(chance.scheme)}, prior {md_code(chance.prior)}: "
        f"{md(chance.summary())}\n"
    )
