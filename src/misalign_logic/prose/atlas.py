"""The atlas in words and pictures: a text matrix with its figures, and an HTML page with a heatmap.

The heatmap is inline SVG written here (one ``<rect>`` and one ``<text>`` per cell), so the page is one
self-contained file. Every name that comes from a spec — story, scenario, file — is escaped, in the SVG
as in the HTML around it. The page only arranges what :func:`misalign_logic.solve.atlas.atlas` decided.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from misalign_logic.model.notebook import shows
from misalign_logic.model.verdicts import Status
from misalign_logic.prose.markup import LABEL_COLOURS
from misalign_logic.prose.words import count
from misalign_logic.solve.atlas import Atlas, Cell, Figures

__all__ = [
    "CELL_COLOURS",
    "atlas_fragment",
    "atlas_html",
    "atlas_markdown",
    "atlas_svg",
    "atlas_text",
    "cell_kind",
    "figures_text",
]

_E = html.escape

#: The heatmap's fill per kind of cell: a forced label in its colour from the rest of the library; an
#: ambiguous cell pale yellow; a cell the solver gave up on dark; a scenario without a world red; a scheme
#: that does not apply white.
CELL_COLOURS = {
    **{f"forced {label}": colour for label, colour in LABEL_COLOURS.items()},
    "ambiguous": "#f5e6a8",
    "unknown": "#24292f",
    "inconsistent": "#d1242f",
    "n/a": "#ffffff",
}

_FIGURE_LINES = (
    ("same_forced", "forced to one label under every world-based scheme"),
    ("ambiguous", "ambiguous under at least one world-based scheme"),
    ("conflicting", "forced to different labels under different world-based schemes"),
    ("undecided", "with a cell the solver gave up on, or no world"),
)


def cell_kind(cell: Cell) -> str:
    """The kind of a cell, a key of :data:`CELL_COLOURS`: ``forced outer``, ``ambiguous``, ``n/a``, …."""
    if cell.status is None:
        return "n/a"
    if cell.status is Status.FORCED:
        return f"forced {cell.forced}"
    return str(cell.status)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def figures_text(atlas: Atlas) -> str:
    """The headline figures, as told and over every scenario, and each scheme's share of forced rows."""
    told, every = atlas.told, atlas.every
    world = [c.id for c in atlas.columns if c.world_based]
    out = [
        f"headline figures (world-based schemes: {', '.join(world) or 'none'}):",
        "",
        *_table(
            [
                ["", f"as told ({count(told.rows, 'story', 'stories')})", f"every scenario ({every.rows})"],
                *([words, _count(told, key), _count(every, key)] for key, words in _FIGURE_LINES),
            ]
        ),
        "",
        "share of rows each scheme forces:",
        "",
        *_table(
            [
                ["scheme", "as told", "every scenario"],
                *(
                    [a.scheme, _share(a.forced, a.applicable), _share(b.forced, b.applicable)]
                    for a, b in zip(told.shares, every.shares, strict=True)
                ),
            ]
        ),
    ]
    if atlas.refinements:
        out += ["", _flips_sentence(atlas)]
    return "\n".join(out) + "\n"


def _flips_sentence(atlas: Atlas) -> str:
    """How many refinements there are, and how many of them gained a label under which scheme."""
    per: dict[str, int] = {}
    for _, flip in atlas.flips:
        per[flip.scheme] = per.get(flip.scheme, 0) + 1
    which = "; ".join(f"{n} under {scheme}" for scheme, n in sorted(per.items()))
    return (
        f"{atlas.refinements} pairs of scenarios are refinements (one tells more than the other); "
        f"non-monotone flips, where the one that tells more gained a label under a scheme: {len(atlas.flips)}"
        + (f" ({which})." if which else ".")
    )


def _count(figures: Figures, key: str) -> str:
    value = int(getattr(figures, key))
    return f"{value} ({_percent(value, figures.rows)})"


def _share(forced: int, applicable: int) -> str:
    return f"{forced}/{applicable} ({_percent(forced, applicable)})"


def _sizes(atlas: Atlas) -> str:
    """``4 stories, 9 scenarios, 7 schemes``, each noun in the right number."""
    return ", ".join(
        (
            count(atlas.stories, "story", "stories"),
            count(len(atlas.rows), "scenario"),
            count(len(atlas.columns), "scheme"),
        )
    )


def atlas_text(atlas: Atlas) -> str:
    """The matrix (a row per scenario, ``*`` marking the story as told) and then the figures."""
    legend = [
        f"  [{k}] {c.id}" + ("" if c.world_based else " (reads the description)")
        for k, c in enumerate(atlas.columns, 1)
    ]
    rows = [["story", "scenario", *(f"[{k}]" for k in range(1, len(atlas.columns) + 1))]]
    for r in atlas.rows:
        mark = "* " if r.told else "  "
        rows.append([r.story if r.told else "", mark + r.scenario, *(c.summary() for c in r.cells)])
    head = f"atlas of {_sizes(atlas)}"
    out = [head, "", "schemes:", *legend, "", *_table(rows), "", "* the story as its source tells it", ""]
    return "\n".join(out) + "\n" + figures_text(atlas)


_CELL_W, _CELL_H, _CHAR_W = 150, 22, 7.0


def atlas_svg(atlas: Atlas) -> str:
    """The matrix as an SVG heatmap: a row per scenario, a column per scheme, each cell coloured by its kind."""
    names = [(r.story if r.told else "") + "  " + r.scenario for r in atlas.rows]
    left = int(max((len(n) for n in names), default=10) * _CHAR_W) + 16
    # The column heads lean at 50 degrees: room above the cells and past the last column for the longest.
    longest = max((len(c.id) for c in atlas.columns), default=0) * _CHAR_W
    head = int(longest * 0.77) + 24
    width = left + _CELL_W * len(atlas.columns) + int(longest * 0.66)
    height = head + _CELL_H * len(atlas.rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="atlas" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="12">'
    ]
    for k, col in enumerate(atlas.columns):
        x = left + k * _CELL_W + _CELL_W // 2
        style = "" if col.world_based else ' font-style="italic"'
        parts.append(f'<text x="{x}" y="{head - 8}" transform="rotate(-50 {x} {head - 8})"{style}>{_E(col.id)}</text>')
    for i, (row, name) in enumerate(zip(atlas.rows, names, strict=True)):
        y = head + i * _CELL_H
        if row.told and i:
            parts.append(f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#8c959f" stroke-width="1.5"/>')
        weight = ' font-weight="bold"' if row.told else ""
        parts.append(f'<text x="4" y="{y + 15}"{weight}><title>{_E(row.path)}</title>{_E(name.strip())}</text>')
        for k, cell in enumerate(row.cells):
            parts.append(_svg_cell(cell, left + k * _CELL_W, y))
    parts.append("</svg>")
    return "\n".join(parts)


def _svg_cell(cell: Cell, x: int, y: int) -> str:
    kind = cell_kind(cell)
    fill = CELL_COLOURS.get(kind, "#ffffff")
    ink = "#24292f" if kind in ("ambiguous", "n/a") else "#ffffff"
    return (
        f'<rect x="{x}" y="{y}" width="{_CELL_W - 2}" height="{_CELL_H - 2}" fill="{fill}" stroke="#d0d7de">'
        f"<title>{_E(kind)}: {_E(cell.summary())}</title></rect>"
        f'<text x="{x + 6}" y="{y + 15}" fill="{ink}">{_E(cell.summary())}</text>'
    )


_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #24292f; margin: 2em; }
table.figures { border-collapse: collapse; margin: 1em 0; } table.figures td, table.figures th {
  border: 1px solid #d0d7de; padding: .3em .7em; text-align: left; } table.figures th { background: #f6f8fa; }
.key span { display: inline-block; }
"""


def atlas_html(atlas: Atlas, title: str = "Atlas of failure stories") -> str:
    """A self-contained page: the headline figures, the heatmap (inline SVG) and a colour key."""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_E(title)}</title>'
        f"<style>{_CSS}</style></head><body>\n<h1>{_E(title)}</h1>\n{atlas_fragment(atlas)}</body></html>\n"
    )


#: The heatmap is as wide as its columns; the figure scrolls sideways instead of widening the page or cutting
#: columns off. Inline, because a notebook shows the fragment without the page's style sheet.
_SCROLLS = "overflow-x:auto;max-width:100%;margin:1em 0"


@shows(Atlas, "html")
def atlas_fragment(atlas: Atlas) -> str:
    """The page's body without the page: how an atlas shows itself in a notebook."""
    key = " ".join(
        f'<span style="background:{colour};color:{"#24292f" if kind in ("ambiguous", "n/a") else "#fff"};'
        f'padding:0 .6em;margin-right:.4em;border:1px solid #d0d7de">{_E(kind)}</span>'
        for kind, colour in CELL_COLOURS.items()
    )
    flips = f"<p>{_E(_flips_sentence(atlas))}</p>\n" if atlas.refinements else ""
    return (
        f"<p>{_sizes(atlas)}. The first "
        "scenario of each story (in bold) is the story as its source tells it; the others refine it with "
        "facts the source leaves open. Schemes in italics read the description, not the world.</p>\n"
        f"{_figures_html(atlas)}\n{flips}"
        f'<p class="key">{key}</p>\n<figure class="atlas" style="{_SCROLLS}">{atlas_svg(atlas)}</figure>\n'
    )


@shows(Atlas, "markdown")
def atlas_markdown(atlas: Atlas) -> str:
    """The text matrix and figures in a code block."""
    return "```\n" + atlas_text(atlas) + "```\n"


def _figures_html(atlas: Atlas) -> str:
    told, every = atlas.told, atlas.every
    rows = [
        f"<tr><td>{_E(words)}</td><td>{_count(told, key)}</td><td>{_count(every, key)}</td></tr>"
        for key, words in _FIGURE_LINES
    ]
    shares = [
        f"<tr><td><code>{_E(a.scheme)}</code></td><td>{_share(a.forced, a.applicable)}</td>"
        f"<td>{_share(b.forced, b.applicable)}</td></tr>"
        for a, b in zip(told.shares, every.shares, strict=True)
    ]
    stories = count(told.rows, "story", "stories")
    head = f"<tr><th></th><th>as told ({stories})</th><th>every scenario ({every.rows})</th></tr>"
    return (
        f'<h2>Headline figures</h2>\n<table class="figures">{head}{"".join(rows)}</table>\n'
        f'<h2>Share of rows each scheme forces</h2>\n<table class="figures">'
        f"<tr><th>scheme</th><th>as told</th><th>every scenario</th></tr>{''.join(shares)}</table>"
    )
