"""Names, words and texts from a spec reach the page as text: never as an element, an attribute or a link.

The HTML page is parsed back with :mod:`html.parser` and its elements and attributes compared with those the
page writes itself; the Markdown page must hold no raw HTML tag, no link and no broken code span; a real
browser must not run a script hidden in a scenario's name.
"""

from __future__ import annotations

import html.parser
import re
import shutil
from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.prose.markup import md, md_code
from tests.browser import headless

#: The page's own elements: anything else came from a name.
PAGE_TAGS = {
    *[
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "h3",
        "p",
        "code",
        "figure",
        "svg",
        "defs",
        "marker",
        "path",
        "g",
        "rect",
        "text",
        "line",
        "tspan",
    ],
    *["table", "tr", "th", "td", "a", "span", "b", "i", "ul", "li", "blockquote", "details", "summary", "div", "br"],
}
INJECTED = 'x"><script>alert(document.domain)</script><b title="'


def hostile_spec(name: str = INJECTED) -> ml.Spec:
    """A spec whose every free text (story name, describe, scenario names and texts, prior and respondent)
    carries markup."""
    toml_name = name.replace("\\", "\\\\").replace('"', '\\"')
    return ml.parse_spec(f"""
[story]
name = "{toml_name}"
describe = "<img src=x onerror=alert(1)> [link](javascript:alert(1)) `code` | bar"
actions = ["act", "other"]
choices = ["rd"]
[story.situations]
train = "training"
deploy = "deployment"
[[scenario]]
name = "{toml_name}"
text = "<script>alert(2)</script> ![i](x) <a href=javascript:alert(3)>"
constraints = ["policy(deploy) == act", "not ideal(deploy, act)"]
[[scenario]]
name = "{toml_name}-2"
extends = "{toml_name}"
constraints = ["reason(train) == deceptive"]
[prior.{'"<i>p</i>"'}]
fixes_feedback = 0.5
[[judgment]]
respondent = "<b>who</b>"
scenario = "{toml_name}"
label = "outer"
strength = "possible"
note = "<script>alert(4)</script>"
""")


class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes |= {k for k, _ in attrs}


@pytest.fixture(scope="module")
def report() -> ml.Report:
    return ml.build_report(hostile_spec(), ["heuristic:deception", "heuristic:training-vs-model"])


def test_the_html_page_parsed_back_has_only_its_own_elements_and_attributes(report: ml.Report) -> None:
    parser = _Elements()
    parser.feed(report.html())
    assert set(parser.tags) <= PAGE_TAGS, set(parser.tags) - PAGE_TAGS
    assert "script" not in parser.tags
    assert "img" not in parser.tags
    assert not {a for a in parser.attributes if a.startswith("on")}
    assert "title" not in parser.attributes  # the name's own attribute did not escape its quotes


def test_the_diagrams_data_attributes_keep_the_names_whole(report: ml.Report) -> None:
    svg = report.diagram()
    parser = _Elements()
    parser.feed(svg)
    assert "script" not in parser.tags
    assert f'data-name="{INJECTED}"'.replace('"><', "&quot;&gt;&lt;") not in svg  # a sanity check of the probe
    assert 'data-name="x&quot;&gt;&lt;script&gt;alert(document.domain)&lt;/script&gt;&lt;b title=&quot;"' in svg


def test_the_markdown_page_holds_no_raw_html_and_no_link(report: ml.Report) -> None:
    page = report.markdown()
    prose = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", page)  # what is left outside code spans
    assert not re.search(r"<[A-Za-z/!?]", prose), re.findall(r".{20}<[A-Za-z/!?].{20}", prose)
    assert not re.search(r"(?<!\\)\]\(", prose.replace("](data:image/svg+xml;base64,", "")), "a link or image"
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize(
    "text",
    ["<script>", "a`b", "``", "x | y", "[t](u)", "\\`<b>`", "line\nbreak", "`<img src=x onerror=alert(1)>`"],
)
def test_md_and_md_code_leave_no_tag_outside_a_code_span(text: str) -> None:
    for out in (md(text), md_code(text)):
        assert "\n" not in out
        prose = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", out)
        assert not re.search(r"<[A-Za-z/]", prose), out
        assert "|" not in prose.replace("\\|", "")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium binary (apt-get install chromium)")
def test_headless_chromium_runs_no_script_from_a_name(tmp_path: Path) -> None:
    probe = "x\"><script>document.body.setAttribute('data-pwned', 'yes')</script><b title=\""
    page = tmp_path / "hostile.html"
    page.write_text(ml.build_report(hostile_spec(probe), ["heuristic:deception"]).html(), encoding="utf-8")
    done = headless(page, "--dump-dom")
    assert "<body" in done.stdout
    assert "data-pwned" not in done.stdout.split("<body", 1)[1].split(">", 1)[0]
    assert "setAttribute" in done.stdout  # the name is on the page, as text
