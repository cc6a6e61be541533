"""A survey's tally in words: a text summary, a Markdown table, and charts (inline SVG) for the report page."""

from __future__ import annotations

import html

from misalign_logic.solve.survey import Tally

__all__ = ["tally_html", "tally_markdown", "tally_text"]

_E = html.escape
_BAR = 240  # pixels of the longest bar: every respondent reproduced
_ROW = 22
_TEXT_BAR = 40  # characters of the longest text bar
#: How many incoherent respondents the text summary names; the rest are counted (all are in --verbose and JSON).
SHOWN_INCOHERENT = 20
#: Each answer's colour in the per-scenario panel (an answer not listed gets the last colour).
_ANSWER_COLOURS = {"outer": "#1c5fb8", "inner": "#8250df", "ambiguous": "#bf8700", "both": "#1a7f37", "none": "#6e7781"}
_OTHER = "#afb8c1"
_WORLD, _DESCRIPTION = "#1c5fb8", "#c2410c"


def _head(t: Tally) -> str:
    return f"{t.respondents} respondent(s): {t.coherent} coherent, {t.incoherent} incoherent" + (
        f", {t.undecided} undecided" if t.undecided else ""
    )


def _bar(count: int, total: int) -> str:
    """A text bar scaled so that every respondent is :data:`_TEXT_BAR` characters."""
    return "#" * (round(_TEXT_BAR * count / total) if total else 0)


def tally_text(t: Tally) -> str:
    """The survey's summary: per scheme how many respondents it reproduces, per scenario how the answers split,
    and each incoherent respondent with a one-line reason."""
    width = max((len(s) for s, _ in t.reproduced), default=6)
    lines = [f"survey: {_head(t)}", "", f"{'scheme':<{width}}  reproduces"]
    digits = len(str(t.respondents))
    for scheme, count in t.reproduced:
        mark = "" if scheme in t.world_based else "(reads the description)"
        cells = (f"{scheme:<{width}}", f"{count:>{digits}}/{t.respondents}", _bar(count, t.respondents), mark)
        lines.append("  ".join(c for c in cells if c))
    if t.answers:
        lines += ["", "answers per scenario:"]
        for scenario, counts in t.answers:
            lines.append(f"  {scenario}: " + ", ".join(f"{answer} {n}" for answer, n in counts))
    if t.incoherent_because:
        lines += ["", f"incoherent respondents ({len(t.incoherent_because)}):"]
        lines += [f"  {who}: {why}" for who, why in t.incoherent_because[:SHOWN_INCOHERENT]]
        rest = len(t.incoherent_because) - SHOWN_INCOHERENT
        if rest > 0:
            lines.append(f"  ... and {rest} more (--verbose or --format json lists every one, with its proof)")
    return "\n".join(lines) + "\n"


def tally_markdown(t: Tally) -> str:
    """The tally as Markdown tables: schemes, then answers per scenario."""
    lines = [f"**Survey:** {_head(t)}.", "", "| scheme | respondents reproduced |", "|---|---|"]
    for scheme, count in t.reproduced:
        mark = "" if scheme in t.world_based else " (reads the description)"
        lines.append(f"| `{scheme}`{mark} | {count} of {t.respondents} |")
    if t.answers:
        lines += ["", "| scenario | answers |", "|---|---|"]
        for scenario, counts in t.answers:
            lines.append(f"| `{scenario}` | {', '.join(f'{a}: {n}' for a, n in counts)} |")
    return "\n".join(lines) + "\n"


def _axis(left: int, top: int, total: int, title: str) -> str:
    """An x axis under a chart: the line, ticks at 0, ¼, ½, ¾ and all respondents, and the axis title."""
    parts = [f'<line x1="{left}" y1="{top}" x2="{left + _BAR}" y2="{top}" stroke="#57606a"/>']
    for k in range(5):
        x = left + _BAR * k / 4
        value = round(total * k / 4)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + 4}" stroke="#57606a"/>'
            f'<text x="{x:.1f}" y="{top + 16}" text-anchor="middle" font-size="11">{value}</text>'
        )
    parts.append(f'<text x="{left + _BAR / 2}" y="{top + 32}" text-anchor="middle" font-size="12">{_E(title)}</text>')
    return "".join(parts)


def _legend(x: int, y: int, entries: list[tuple[str, str]]) -> str:
    parts = []
    for k, (colour, words) in enumerate(entries):
        top = y + k * 18
        parts.append(
            f'<rect class="key" x="{x}" y="{top}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 18}" y="{top + 11}" font-size="12">{_E(words)}</text>'
        )
    return "".join(parts)


def _schemes_svg(t: Tally) -> str:
    left = 8 * max((len(s) for s, _ in t.reproduced), default=6)
    rows = _ROW * len(t.reproduced)
    bars = [f'<line x1="{left}" y1="0" x2="{left}" y2="{rows + 2}" stroke="#57606a"/>']
    for k, (scheme, count) in enumerate(t.reproduced):
        y = k * _ROW + 2
        length = _BAR * count / t.respondents if t.respondents else 0
        colour = _WORLD if scheme in t.world_based else _DESCRIPTION
        bars.append(
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" font-size="12">{_E(scheme)}</text>'
            f'<rect class="bar" x="{left}" y="{y + 3}" width="{length:.1f}" height="{_ROW - 6}" '
            f'fill="{colour}"><title>{_E(scheme)}: {count} of {t.respondents}</title></rect>'
            f'<text x="{left + length + 4:.1f}" y="{y + 15}" font-size="12">{count}</text>'
        )
    bars.append(_axis(left, rows + 2, t.respondents, "respondents whose every answer the scheme gives"))
    legend = [(_WORLD, "depends only on what happened"), (_DESCRIPTION, "reads the description")]
    bars.append(_legend(left, rows + 46, legend))
    height, width = rows + 46 + 18 * len(legend) + 4, left + _BAR + 60
    return _svg(width, height, "respondents reproduced per scheme", "".join(bars))


def _answers_svg(t: Tally) -> str:
    left = 8 * max((len(s) for s, _ in t.answers), default=6) + 8
    rows = _ROW * len(t.answers)
    seen = list(dict.fromkeys(a for _, counts in t.answers for a, _ in counts))
    parts = [f'<line x1="{left}" y1="0" x2="{left}" y2="{rows + 2}" stroke="#57606a"/>']
    for k, (scenario, counts) in enumerate(t.answers):
        y, x = k * _ROW + 2, float(left)
        parts.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" font-size="12">{_E(scenario)}</text>')
        total = sum(n for _, n in counts)
        for answer, n in counts:
            length = _BAR * n / total if total else 0
            colour = _ANSWER_COLOURS.get(answer, _OTHER)
            parts.append(
                f'<rect class="answer" x="{x:.1f}" y="{y + 3}" width="{length:.1f}" height="{_ROW - 6}" '
                f'fill="{colour}"><title>{_E(scenario)}: {_E(answer)} {n} of {total}</title></rect>'
            )
            x += length
    parts.append(_axis(left, rows + 2, t.respondents, "respondents, by answer"))
    legend = [(_ANSWER_COLOURS.get(a, _OTHER), a) for a in seen]
    parts.append(_legend(left, rows + 46, legend))
    height, width = rows + 46 + 18 * len(legend) + 4, left + _BAR + 60
    return _svg(width, height, "answers per scenario", "".join(parts))


def _svg(width: int, height: int, label: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{_E(label)}" font-family="system-ui, sans-serif">{body}</svg>'
    )


def tally_html(t: Tally) -> str:
    """The tally as a paragraph and two charts (inline SVG, no script): respondents reproduced per scheme, with
    axis and legend, and the answers given to each scenario."""
    panel = (
        f'<figure class="survey-answers"><figcaption>Answers per scenario</figcaption>{_answers_svg(t)}</figure>'
        if t.answers
        else ""
    )
    return (
        f"<p>{_E(_head(t))}. Bars: how many respondents' answers each scheme reproduces.</p>"
        f'<figure class="survey"><figcaption>Respondents reproduced per scheme</figcaption>{_schemes_svg(t)}'
        f"</figure>{panel}"
    )
