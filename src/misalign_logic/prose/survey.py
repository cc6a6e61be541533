"""A survey's tally in words: a text table, and a bar chart (inline SVG) for the report page."""

from __future__ import annotations

import html

from misalign_logic.model.escape import text_lines
from misalign_logic.solve.survey import Tally

__all__ = ["tally_html", "tally_markdown", "tally_text"]

_E = html.escape
_BAR = 240  # pixels of the longest bar: every respondent reproduced
_ROW = 22


def _head(t: Tally) -> str:
    return f"{t.respondents} respondent(s): {t.coherent} coherent, {t.incoherent} incoherent" + (
        f", {t.undecided} undecided" if t.undecided else ""
    )


def _unsure(t: Tally, scheme: str) -> str:
    """`` (+N undecided)`` when the solver left N respondents undecided for ``scheme``: never shown as "no"."""
    n = t.undecided_for(scheme)
    return f" (+{n} undecided)" if n else ""


def tally_text(t: Tally) -> str:
    """The tally as a text table, one row per scheme with a bar of ``#`` per respondent it reproduces."""
    width = max((len(s) for s, _ in t.reproduced), default=6)
    lines = [f"survey: {_head(t)}", "", f"{'scheme':<{width}}  reproduces"]
    for scheme, count in t.reproduced:
        mark = "" if scheme in t.world_based else "  (reads the description)"
        lines.append(f"{scheme:<{width}}  {count:>3}/{t.respondents}  {'#' * count}{_unsure(t, scheme)}{mark}".rstrip())
    return text_lines(lines) + "\n"


def tally_markdown(t: Tally) -> str:
    """The tally as a Markdown table."""
    lines = [f"**Survey:** {_head(t)}.", "", "| scheme | respondents reproduced |", "|---|---|"]
    for scheme, count in t.reproduced:
        mark = "" if scheme in t.world_based else " (reads the description)"
        lines.append(f"| `{scheme}`{mark} | {count} of {t.respondents}{_unsure(t, scheme)} |")
    return "\n".join(lines) + "\n"


def tally_html(t: Tally) -> str:
    """The tally as a paragraph and a horizontal bar chart (inline SVG, no script), one bar per scheme."""
    label_width = 8 * max((len(s) for s, _ in t.reproduced), default=6)
    height = _ROW * len(t.reproduced) + 4
    width = label_width + _BAR + 160
    bars = []
    for k, (scheme, count) in enumerate(t.reproduced):
        y = k * _ROW + 2
        length = _BAR * count / t.respondents if t.respondents else 0
        colour = "#1c5fb8" if scheme in t.world_based else "#c2410c"
        bars.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">{_E(scheme)}</text>'
            f'<rect class="bar" x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{_ROW - 6}" '
            f'fill="{colour}"><title>{_E(scheme)}: {count} of {t.respondents}{_unsure(t, scheme)}</title></rect>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + 15}" font-size="12">{count}{_unsure(t, scheme)}</text>'
        )
    return (
        f"<p>{_E(_head(t))}. Bars: how many respondents' answers each scheme reproduces (blue: depends only on "
        f"the world; orange: reads the description).</p>"
        f'<figure class="survey"><svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="respondents reproduced per scheme" font-family="system-ui, sans-serif">'
        + "".join(bars)
        + "</svg></figure>"
    )
