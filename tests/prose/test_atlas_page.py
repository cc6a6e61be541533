"""The atlas as text and as an HTML page whose heatmap is inline SVG, looked at in headless Chromium."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.prose.atlas import CELL_COLOURS, atlas_html, atlas_svg, atlas_text, cell_kind
from misalign_logic.solve.atlas import Atlas, atlas
from tests.browser import Page, headless, png_rows

CORPUS = Path(__file__).resolve().parent.parent.parent / "corpus"
HOSTILE = '<script>alert("x")</script> & <b>'

_HOSTILE_SPEC = f"""
[story]
name = '{HOSTILE}'
actions = ["good", "bad"]
choices = ["c"]
[story.situations]
t = "training"
d = "deployment"
[[scenario]]
name = '{HOSTILE} as told'
constraints = ["forall s: ideal(s, good) and not ideal(s, bad)", "policy(d) == bad", "design(c, d, bad)"]
"""


@pytest.fixture(scope="module")
def page_atlas() -> Atlas:
    specs = [ml.load_spec(CORPUS / n) for n in ("coastrunners.toml", "coinrun.toml", "smartvault.toml")]
    return atlas([*specs, ml.parse_spec(_HOSTILE_SPEC, "hostile.toml")])


def _colour(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def test_names_from_specs_are_escaped_in_the_page_and_the_svg(page_atlas: Atlas) -> None:
    page = atlas_html(page_atlas)
    assert "<script>" not in page
    assert "<b>" not in page
    assert html_escaped(HOSTILE) in atlas_svg(page_atlas)
    # One cell (a rect) per row and column, each with its kind as a tooltip.
    assert page.count("<rect ") == len(page_atlas.rows) * len(page_atlas.columns)


def html_escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def test_text_lists_every_row_and_the_figures(page_atlas: Atlas) -> None:
    text = atlas_text(page_atlas)
    assert text.startswith(f"atlas of 4 stories, {len(page_atlas.rows)} scenarios, 7 schemes\n")
    assert "[7] heuristic:training-vs-model (reads the description)" in text
    told = page_atlas.told
    line = next(x for x in text.splitlines() if x.startswith("ambiguous under at least one"))
    assert re.split(r"\s{2,}", line)[1] == f"{told.ambiguous} ({round(100 * told.ambiguous / told.rows)}%)"


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium binary (apt-get install chromium)")
def test_headless_chromium_draws_the_heatmap(page_atlas: Atlas, tmp_path: Path) -> None:
    page = tmp_path / "atlas.html"
    page.write_text(atlas_html(page_atlas), encoding="utf-8")
    shot = tmp_path / "atlas.png"
    headless(page, f"--screenshot={shot}", "--window-size=1400,1400")
    width, height, rows = png_rows(shot.read_bytes(), limit=1400)
    assert (width, height) == (1400, 1400)
    pixels = b"".join(rows)
    # A cell's inside is filled flat, so its colour shows exactly.
    seen = Counter(pixels[i : i + 3] for i in range(0, len(pixels), 3))
    # Each kind of cell the atlas has shows in its colour, over roughly the area of its cells.
    cell_area = 148 * 20
    for kind in ("forced outer", "forced inner", "ambiguous"):
        cells = sum(1 for r in page_atlas.rows for c in r.cells if cell_kind(c) == kind)
        assert cells > 0, kind
        assert seen[bytes(_colour(CELL_COLOURS[kind]))] > cells * cell_area // 3, kind


def test_an_atlas_shows_itself_in_a_notebook(page_atlas: Atlas) -> None:
    shown = page_atlas._repr_html_()
    assert shown is not None
    assert shown.startswith("<p>4 stories, ")
    assert "<svg" in shown
    assert "<html" not in shown  # a fragment for a cell, not a page
    markdown = page_atlas._repr_markdown_()
    assert markdown == "```\n" + atlas_text(page_atlas) + "```\n"


def _wide_atlas() -> Atlas:
    """The page's atlas with a column per scheme of the family: wider than a laptop's window."""
    specs = [ml.load_spec(CORPUS / n) for n in ("coastrunners.toml", "coinrun.toml")]
    family = [
        "objective",
        *(f"generalization[standard={s}]" for s in ("outcomes", "reasons", "verifiable")),
        "root-cause",
        "heuristic:deception",
        "heuristic:training-vs-model",
    ]
    gricean = [f"{s[:-1]},reading=gricean]" if s.endswith("]") else f"{s}[reading=gricean]" for s in family]
    return atlas(specs, [ml.parse_scheme(s) for s in (*family, *gricean)])


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium binary (apt-get install chromium)")
@pytest.mark.parametrize("shown", ["page", "notebook"])
def test_a_wide_heatmap_scrolls_in_a_1280_px_window_instead_of_losing_columns(tmp_path: Path, shown: str) -> None:
    wide = _wide_atlas()
    svg_width = int(re.search(r'<svg[^>]* width="(\d+)"', atlas_svg(wide)).group(1))  # type: ignore[union-attr]
    assert svg_width > 1280
    page = tmp_path / "atlas.html"
    # A notebook shows the fragment alone, without the page's style sheet.
    text = atlas_html(wide) if shown == "page" else f"<!DOCTYPE html><html><body>{wide._repr_html_()}</body></html>"
    page.write_text(text, encoding="utf-8")
    with Page(page, tmp_path / "profile", width=1280, height=900) as browser:
        assert browser.run("window.innerWidth") <= 1280
        # The page itself does not grow sideways ...
        assert browser.run("document.documentElement.scrollWidth <= window.innerWidth")
        # ... the heatmap's figure scrolls, and scrolled to its end it shows the last column whole.
        browser.run("const f = document.querySelector('figure.atlas'); f.scrollLeft = f.scrollWidth")
        last = browser.run(
            "(() => { const r = [...document.querySelectorAll('figure.atlas rect')].pop().getBoundingClientRect();"
            " return [r.left, r.right]; })()"
        )
        assert 0 <= last[0] < last[1] <= browser.run("window.innerWidth")
