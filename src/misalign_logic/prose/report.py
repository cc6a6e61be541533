"""One self-contained page per spec: scenarios, verdicts, explanations, relations and the refinement diagram.

The page holds everything inline (styles and the SVG diagram), so it can be mailed or archived as one file.
Every verdict and relation on it comes from the solver; the page only arranges and words them.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence

import attrs

from misalign_logic.model.flips import Flip
from misalign_logic.model.judgments import Judgment
from misalign_logic.model.priors import Probability
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Scheme, parse_scheme
from misalign_logic.model.specfile import Spec
from misalign_logic.model.verdicts import Relation, Verdict
from misalign_logic.prose.diagram import hasse, refinement_svg
from misalign_logic.prose.explain import explain
from misalign_logic.prose.markup import (
    explanation_html,
    explanation_markdown,
    judged_html,
    judged_markdown,
    md,
    md_code,
    relation_sentence,
    verdict_cell_html,
)
from misalign_logic.prose.survey import tally_html, tally_markdown
from misalign_logic.solve.arguments import argument
from misalign_logic.solve.check import check_spec
from misalign_logic.solve.classify import DEFAULT_RLIMIT, Analysis
from misalign_logic.solve.judge import JudgeResult, judge_spec
from misalign_logic.solve.probability import probability
from misalign_logic.solve.survey import Tally, tally

__all__ = ["Report", "build_report"]

_E = html.escape

_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #24292f; max-width: 1100px;
       margin: 2em auto; padding: 0 1em; }
h1, h2, h3 { line-height: 1.25; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .2em; margin-top: 2em; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 90%; }
table.verdicts { border-collapse: collapse; } table.verdicts td, table.verdicts th { border: 1px solid #d0d7de;
       padding: .3em .7em; text-align: left; } table.verdicts th { background: #f6f8fa; }
td.flip { background: #ffebe9; } .muted { color: #57606a; } .flip-note { color: #d1242f; font-weight: bold; }
figure.diagram { margin: 1em 0; overflow-x: auto; } figure.diagram svg { max-width: 100%; height: auto; }
blockquote { margin: .5em 0 .5em 0; padding: 0 1em; color: #3d444d; border-left: 3px solid #d0d7de; }
details { margin: .4em 0; } summary { cursor: pointer; }
"""


@attrs.frozen
class Report:
    """Everything the page shows about one spec.

    Attributes:
        spec: the spec.
        schemes: the schemes, in column order.
        verdicts: per scenario (in file order), its verdict under each scheme.
        relations: one relation per pair of scenarios.
        flips: the non-monotone flips among them.
        judged: the spec's recorded answers (``[[judgment]]``), judged; None when it records none.
        chances: per prior (``[prior.NAME]``), scenario and scheme, ``P(label | scenario)``.
        survey: when a survey's answers were given, their tally (the judged answers are then the survey's).
    """

    spec: Spec
    schemes: tuple[Scheme, ...]
    verdicts: tuple[tuple[Scenario, tuple[Verdict, ...]], ...]
    relations: tuple[Relation, ...]
    flips: tuple[Flip, ...]
    judged: JudgeResult | None = None
    chances: tuple[Probability, ...] = ()
    survey: Tally | None = None

    def _chance_rows(self, prior: str) -> list[tuple[str, list[str]]]:
        """For one prior: per scheme, the probability summary per scenario (scenario order)."""
        by = {(c.scenario, c.scheme): c.summary() for c in self.chances if c.prior == prior}
        return [(s.id, [by.get((sc.name, s.id), "") for sc, _ in self.verdicts]) for s in self.schemes]

    def diagram(self) -> str:
        """The refinement diagram as inline SVG."""
        names = [s.name for s, _ in self.verdicts]
        return refinement_svg(names, self.relations, {s.name: vs for s, vs in self.verdicts}, self.flips)

    def arrows(self) -> list[tuple[str, str]]:
        """The diagram's arrows: ``(b, a)`` when ``b`` refines ``a`` with nothing strictly between."""
        return hasse([s.name for s, _ in self.verdicts], self.relations)

    def html(self) -> str:
        """The whole page as one self-contained HTML document."""
        story = self.spec.story
        title = f"misalign-logic report: {story.name}"
        out = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{_E(title)}</title><style>{_CSS}</style></head><body>",
            f"<h1>{_E(story.name)}</h1>",
        ]
        if story.describe:
            out.append(f"<p>{_E(story.describe)}</p>")
        out.append(
            f'<p class="muted">From <code>{_E(self.spec.path)}</code>: {len(self.verdicts)} scenario(s), '
            f"{len(self.schemes)} scheme(s). Every verdict below was decided by the z3 SMT solver.</p>"
        )
        out += ["<h2>Refinement diagram</h2>", f'<figure class="diagram">{self.diagram()}</figure>']
        out += [f'<p class="flip-note">⚠ Non-monotone flip: {_E(str(f))}.</p>' for f in self.flips]
        if self.flips:
            out.append(
                '<p class="muted">A categorization that depends only on what happened can never flip '
                "(the monotonicity theorem): a flip shows the scheme reads the description.</p>"
            )
        out += ["<h2>Verdicts</h2>", self._table_html()]
        out.append("<h2>Scenarios</h2>")
        for scenario, _ in self.verdicts:
            out.append(f'<h3 id="scenario-{_E(scenario.name)}">{_E(scenario.name)}</h3>')
            if scenario.extends:
                out.append(f'<p class="muted">Extends {_E(scenario.extends)}.</p>')
            if scenario.text.strip():
                out.append(f"<blockquote>{_E(' '.join(scenario.text.split()))}</blockquote>")
            items = (
                f"<li><code>{_E(c.text)}</code> <span class='muted'>"
                f"({_E(self._where(c.origin.line, c.stated_in, scenario.name))})</span></li>"
                for c in scenario.constraints
            )
            out.append("<ul>" + "".join(items) + "</ul>")
        out.append("<h2>Explanations</h2>")
        for scenario, verdicts in self.verdicts:
            out.append(f"<h3>{_E(scenario.name)}</h3>")
            for v in verdicts:
                anchor = _E(f"{scenario.name}--{v.scheme}")
                out.append(
                    f'<details id="{anchor}"><summary><code>{_E(v.scheme)}</code>: {verdict_cell_html(v)}'
                    f"</summary>{explanation_html(explain(v, scenario))}</details>"
                )
        if self.survey is not None:
            out += ["<h2>Survey</h2>", tally_html(self.survey)]
        if self.judged is not None:
            out += ["<h2>Judgments and their coherence</h2>", judged_html(self.judged)]
        for prior in self.spec.priors:
            out.append(f"<h2>Probabilities under the prior <code>{_E(prior.name)}</code></h2>")
            head = "<tr><th>scheme</th>" + "".join(f"<th>{_E(s.name)}</th>" for s, _ in self.verdicts) + "</tr>"
            rows = "".join(
                f"<tr><td><code>{_E(scheme)}</code></td>" + "".join(f"<td>{_E(c)}</td>" for c in cells) + "</tr>"
                for scheme, cells in self._chance_rows(prior.name)
            )
            out.append(f'<table class="verdicts">{head}{rows}</table>')
        out.append("<h2>Relations</h2><ul>")
        out += [f"<li>{_E(relation_sentence(r))}</li>" for r in self.relations]
        out.append("</ul></body></html>")
        return "\n".join(out) + "\n"

    def _table_html(self) -> str:
        flipped = {(f.refined, f.scheme) for f in self.flips}
        head = "<tr><th>scheme</th>" + "".join(f"<th>{_E(s.name)}</th>" for s, _ in self.verdicts) + "</tr>"
        rows = []
        for j, scheme in enumerate(self.schemes):
            cells = []
            for scenario, verdicts in self.verdicts:
                v = verdicts[j]
                mark = ' <span class="flip-note">⚠ flip</span>' if (scenario.name, v.scheme) in flipped else ""
                cls = ' class="flip"' if mark else ""
                anchor = _E(f"#{scenario.name}--{v.scheme}")
                cells.append(
                    f'<td{cls}><a href="{anchor}" style="color:inherit;text-decoration:none">'
                    f"{verdict_cell_html(v)}</a>{mark}</td>"
                )
            rows.append(f"<tr><td><code>{_E(scheme.id)}</code></td>{''.join(cells)}</tr>")
        return f'<table class="verdicts">{head}{"".join(rows)}</table>'

    @staticmethod
    def _where(line: int, stated_in: str, scenario: str) -> str:
        inherited = f"stated in {stated_in}" if stated_in and stated_in != scenario else ""
        return ", ".join(p for p in (f"line {line}" if line else "", inherited) if p) or "stated here"

    def markdown(self) -> str:
        """The whole page as Markdown; the diagram is embedded as an SVG data URI.

        Every string from the spec goes through :func:`md` or :func:`md_code`, so none adds raw HTML.
        """
        story = self.spec.story
        names = " | ".join(md(s.name) for s, _ in self.verdicts)
        out = [f"# {md(story.name)}", ""]
        if story.describe:
            out += [md(story.describe), ""]
        out += [
            f"From {md_code(self.spec.path)}: {len(self.verdicts)} scenario(s), {len(self.schemes)} scheme(s). "
            "Every verdict below was decided by the z3 SMT solver.",
            "",
            "## Refinement diagram",
            "",
        ]
        data = base64.b64encode(self.diagram().encode()).decode()
        out += [f"![refinement diagram](data:image/svg+xml;base64,{data})", ""]
        out += [f"- {md(b)} refines {md(a)}" for b, a in self.arrows()] or ["- no scenario refines another"]
        out += [f"- **⚠ non-monotone flip**: {md(str(f))}" for f in self.flips]
        out += ["", "## Verdicts", "", f"| scheme | {names} |", "|---" * (len(self.verdicts) + 1) + "|"]
        flipped = {(f.refined, f.scheme) for f in self.flips}
        for j, scheme in enumerate(self.schemes):
            cells = [
                md(vs[j].summary()) + (" ⚠ flip" if (s.name, scheme.id) in flipped else "") for s, vs in self.verdicts
            ]
            out.append(f"| {md_code(scheme.id)} | " + " | ".join(cells) + " |")
        out += ["", "## Scenarios", ""]
        for scenario, _ in self.verdicts:
            out += [f"### {md(scenario.name)}", ""]
            if scenario.extends:
                out += [f"Extends {md(scenario.extends)}.", ""]
            if scenario.text.strip():
                out += ["> " + md(" ".join(scenario.text.split())), ""]
            out += [
                f"- {md_code(c.text)} ({md(self._where(c.origin.line, c.stated_in, scenario.name))})"
                for c in scenario.constraints
            ]
            out.append("")
        out += ["## Explanations", ""]
        for scenario, verdicts in self.verdicts:
            out += [f"### {md(scenario.name)}", ""]
            for v in verdicts:
                out += [
                    f"#### {md_code(v.scheme)}: {md(v.summary())}",
                    "",
                    explanation_markdown(explain(v, scenario)),
                ]
        if self.survey is not None:
            out += ["## Survey", "", tally_markdown(self.survey)]
        if self.judged is not None:
            out += ["## Judgments and their coherence", "", judged_markdown(self.judged)]
        for prior in self.spec.priors:
            out += [
                f"## Probabilities under the prior {md_code(prior.name)}",
                "",
                f"| scheme | {names} |",
                "|---" * (len(self.verdicts) + 1) + "|",
            ]
            out += [
                f"| {md_code(scheme)} | " + " | ".join(md(c) for c in cells) + " |"
                for scheme, cells in self._chance_rows(prior.name)
            ]
            out.append("")
        out += ["## Relations", ""] + [f"- {md(relation_sentence(r))}" for r in self.relations]
        return "\n".join(out) + "\n"

    def _repr_html_(self) -> str:
        return f"<div>{self.diagram()}{self._table_html()}</div>"


def build_report(
    spec: Spec,
    schemes: Iterable[str | Scheme] | None = None,
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
    answers: Sequence[Judgment] | None = None,
) -> Report:
    """Classify every scenario of ``spec`` under ``schemes`` and relate every pair, for a report.

    Args:
        spec: the spec.
        schemes: scheme IDs or schemes; default: the spec's ``[check]`` schemes, or every scheme.
        timeout: seconds per solver call (a verdict is ``unknown`` when it runs out).
        rlimit: z3 resource units per solver call.
        answers: a survey's answers (:func:`~misalign_logic.spec.answers.read_answers`), judged in place of the
            spec's own ``[[judgment]]`` tables and tallied in a bar chart.

    Returns:
        The report, ready to render with :meth:`Report.html` or :meth:`Report.markdown`.

    Raises:
        SpecError: a scheme ID is malformed or names a choice the story lacks.
        MonotonicityViolation: a world-based scheme flipped along a refinement (a bug of this library).
    """
    spec = argument(spec, Spec, "spec", "load it first: build_report(load_spec(path))")
    chosen = tuple(parse_scheme(s) for s in schemes) if schemes is not None else spec.schemes
    result = check_spec(spec, chosen, timeout=timeout, rlimit=rlimit)
    verdicts = tuple((spec.scenario(name), vs) for name, vs in result.verdicts)
    # Recorded answers are judged against the whole scheme family, as `misalign-logic judge` does.
    answered = spec if answers is None else attrs.evolve(spec, judgments=tuple(answers))
    judged = judge_spec(answered, timeout=timeout, rlimit=rlimit) if answered.judgments else None
    survey = tally(judged) if judged is not None and answers is not None else None
    chances = []
    for prior in spec.priors:
        for scenario in spec.scenarios:
            analysis = Analysis(scenario, timeout=timeout, rlimit=rlimit, explain=False)
            chances += [probability(analysis, s, prior) for s in chosen]
    return Report(spec, chosen, verdicts, result.relations, result.flips, judged, tuple(chances), survey)
