"""The report page: verdict table, explanations, and the refinement diagram drawn as inline SVG."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.cli import main
from tests.browser import headless, png_rows
from tests.conftest import SPECS

DATA = Path(__file__).resolve().parent.parent / "data"
FLIP_RED = (0xD1, 0x24, 0x2F)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def quiz_report(quiz: ml.Spec) -> ml.Report:
    return ml.build_report(quiz)


def test_the_quiz_report_shows_the_flip_of_the_training_vs_model_heuristic(quiz_report: ml.Report) -> None:
    assert [(f.refined, f.base, f.scheme) for f in quiz_report.flips] == [
        ("scenario-2", "scenario-1", "heuristic:training-vs-model")
    ]
    assert quiz_report.arrows() == [("scenario-2", "scenario-1")]


def test_the_html_has_an_svg_with_a_node_per_scenario_an_arrow_and_the_flip_mark(quiz_report: ml.Report) -> None:
    page = quiz_report.html()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert re.findall(r'class="scenario" data-name="([^"]+)"', svg) == ["scenario-1", "scenario-2"]
    assert 'class="refines" data-from="scenario-2" data-to="scenario-1"' in svg
    assert 'stroke="#d1242f" stroke-width="2.5" marker-end="url(#ml-refines-arrow-flip)"' in svg
    assert "refines ⚠ flip" in svg
    assert "inner  ⚠ flip" in svg
    # The rest of the page: the table, the prose, the constraints, the explanations, the relation.
    assert "forced <b" in page
    assert "⚠ flip</span>" in page
    assert "We train an AI system that writes pull requests" in page
    assert "reason(review) == deceptive" in page
    assert "The label turns on why the model chose to write useful pull requests" in page
    assert "scenario-2 refines scenario-1" in page
    # Self-contained: no script, and nothing fetched from elsewhere (the SVG namespace URI is only a name).
    assert "<script" not in page
    assert "src=" not in page
    assert 'href="http' not in page
    assert "@import" not in page


def test_spec_text_is_escaped_in_the_page(tmp_path: Path) -> None:
    spec = ml.parse_spec(
        '[story]\ndescribe = "<script>alert(1)</script>"\nactions = ["act"]\nchoices = ["rd"]\n'
        '[story.situations]\ntrain = "training"\n[[scenario]]\nname = "s"\ntext = "x < y & z"\n'
    )
    page = ml.build_report(spec).html()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "x &lt; y &amp; z" in page


def test_the_diagram_is_a_hasse_diagram(tmp_path: Path) -> None:
    report = ml.build_report(ml.load_spec(DATA / "diamond.toml"))
    # The diamond's transitive refinement (both ways down to base) is not drawn twice; the arrows come in the
    # file's order of their lower, then upper scenario (compared unsorted: the order reaches the SVG's bytes).
    assert report.arrows() == [
        ("deceived", "base"),
        ("meant-usefulness", "base"),
        ("deceived-and-meant-usefulness", "deceived"),
        ("deceived-and-meant-usefulness", "meant-usefulness"),
    ]
    assert {(f.refined, f.base) for f in report.flips} == {
        ("deceived", "base"),
        ("deceived-and-meant-usefulness", "base"),
        ("deceived-and-meant-usefulness", "meant-usefulness"),
    }
    assert all(f.scheme == "heuristic:training-vs-model" for f in report.flips)
    svg = report.diagram()
    boxes = [
        tuple(float(v) for v in m)
        for m in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" rx="8"', svg)
    ]
    assert len(boxes) == 5
    for i, (x1, y1, w1, h1) in enumerate(boxes):  # no two scenario boxes overlap
        for x2, y2, w2, h2 in boxes[i + 1 :]:
            assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1


def test_report_command_writes_html_and_markdown(tmp_path: Path) -> None:
    for name in ("quiz.html", "quiz.md"):
        code, out, err = run("report", str(SPECS / "pop_quiz.toml"), "-o", str(tmp_path / name))
        assert (code, err) == (0, ""), err
        assert "1 flip(s)" in out
    md = (tmp_path / "quiz.md").read_text()
    assert "data:image/svg+xml;base64," in md
    assert "- scenario-2 refines scenario-1" in md
    assert "| `heuristic:training-vs-model` | forced outer | forced inner ⚠ flip |" in md
    assert (tmp_path / "quiz.html").read_text().startswith("<!DOCTYPE html>")


def test_report_refuses_an_unknown_extension(tmp_path: Path) -> None:
    code, _, err = run("report", str(SPECS / "pop_quiz.toml"), "-o", str(tmp_path / "quiz.pdf"))
    assert code == 2
    assert "name it .html or .md" in err


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium binary (apt-get install chromium)")
def test_headless_chromium_shows_the_diagram(quiz_report: ml.Report, tmp_path: Path) -> None:
    page = tmp_path / "quiz.html"
    page.write_text(quiz_report.html(), encoding="utf-8")
    shot = tmp_path / "out.png"
    headless(page, f"--screenshot={shot}", "--window-size=1200,1600")
    width, height, rows = png_rows(shot.read_bytes(), limit=900)
    assert (width, height) == (1200, 1600)
    # The diagram sits near the top of the page: its flip marks (red) and the boxes' grey fill must show there.
    top = b"".join(rows)
    colours = {top[i : i + 3] for i in range(0, len(top), 3)}
    assert len(colours) > 200  # text, boxes and arrows, not a blank page
    near_red = sum(1 for i in range(0, len(top), 3) if all(abs(top[i + k] - FLIP_RED[k]) < 24 for k in range(3)))
    assert near_red > 500, near_red
    assert bytes((0xF6, 0xF8, 0xFA)) in colours  # the scenario boxes' fill


def test_the_report_judges_the_recorded_answers_and_shows_the_priors_numbers(quiz_report: ml.Report) -> None:
    judged = quiz_report.judged
    assert judged is not None
    coherent = {r.name: r.coherence.coherent for r in judged.respondents}
    assert coherent["majority"] is False
    page = quiz_report.html()
    assert "<h2>Judgments and their coherence</h2>" in page
    assert '<b>majority</b>: <b style="color:#d1242f">INCOHERENT</b>' in page
    assert "No categorization that depends only on what happened gives all of these answers." in page
    # The seed's table, row 9: P(outer) = 0.99 for scenario 1 under the deception heuristic and the prior.
    chances = {(c.scenario, c.scheme): c.summary() for c in quiz_report.chances}
    assert chances["scenario-1", "heuristic:deception"] == "P(outer) = 0.99, P(inner) = 0.01"
    assert chances["scenario-2", "heuristic:deception"] == "P(inner) = 1"
    assert "Probabilities under the prior <code>deception-is-rare</code>" in page
    assert "<td>P(outer) = 0.99, P(inner) = 0.01</td>" in page
    md = quiz_report.markdown()
    assert "**majority**: **INCOHERENT**" in md
    assert "| `heuristic:deception` | P(outer) = 0.99, P(inner) = 0.01 | P(inner) = 1 |" in md


def test_a_spec_without_answers_or_priors_has_no_such_sections() -> None:
    report = ml.build_report(ml.load_spec(SPECS / "coinrun.toml"))
    assert report.judged is None
    assert report.chances == ()
    assert "Judgments" not in report.html()
    assert "Probabilities" not in report.markdown()
