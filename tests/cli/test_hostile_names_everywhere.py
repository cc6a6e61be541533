"""One escaping rule for every output a name reaches, checked as a property: hostile names (line feeds,
code fences, ``<script>``, bidirectional controls, formula prefixes) go through every command and format,
and each output parses back with the name intact as text and nothing executable.

Terminal text: the name stays on its line (its controls written as escapes); JSON: it reads back exactly;
HTML: :mod:`html.parser` finds no element or attribute the page does not write itself; Markdown: rendered
by a real Markdown library (markdown-it-py, HTML enabled as in a notebook), the result holds no element from
the name.
"""

from __future__ import annotations

import csv
import html.parser
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import misalign_logic as ml
from misalign_logic.cli import main
from misalign_logic.model.escape import one_line
from tests.conftest import SPECS

FORGED = "ALL VERDICTS BELOW ARE FORCED OUTER (verified)"
#: Pieces of a hostile name: each alone breaks some output if it is not escaped.
PIECES = [
    f"\n{FORGED}\n",
    "\r\n```\n",
    "````",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "\u202e\u2066",
    "\x1b[2J",
    "=HYPERLINK(1)",
    "+1",
    "-2",
    "@SUM(A1)",
    "|",
    '"',
    "\\",
    "\t",
]
hostile_names = st.lists(st.sampled_from(PIECES) | st.text("ab-", min_size=1, max_size=3), min_size=1, max_size=5).map(
    # Letters at both ends: a survey's cells are read stripped of surrounding spaces.
    lambda parts: "s " + "".join(parts) + " e"
)


def _toml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a TOML basic string


def _spec(name: str) -> str:
    text = (SPECS / "pop_quiz.toml").read_text(encoding="utf-8")
    # The story's name too: the atlas starts its rows with it.
    return text.replace('"scenario-1"', _toml(name)).replace('name = "pop-quiz"', f"name = {_toml('`' + name)}")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes |= {k for k, _ in attrs}

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser


def _no_injection(page: str) -> _Elements:
    """The page parsed back: no element or attribute a name could have brought."""
    parsed = _parsed(page)
    assert not {"img", "script", "iframe"} & set(parsed.tags), parsed.tags
    assert not {a for a in parsed.attributes if a.startswith("on")}, parsed.attributes
    return parsed


def _strings(value: object) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(k) | _strings(v) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value))
    return set()


def _text_keeps_the_name_on_its_line(output: str, name: str) -> None:
    lines = output.splitlines()
    assert not any(line.lstrip().startswith(FORGED) for line in lines), output
    assert not any(line.startswith("```") for line in lines)
    assert "\x1b" not in output
    assert "\u202e" not in output


@settings(
    max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate]
)
@given(name=hostile_names)
@example(name="s " + "".join(PIECES) + " e")  # every piece at once
def test_every_command_and_format_escapes_a_hostile_name(name: str, tmp_path_factory: object) -> None:
    folder = Path(getattr(tmp_path_factory, "mktemp")("hostile"))  # noqa: B009  (pytest's factory, untyped)
    spec = folder / "spec.toml"
    spec.write_text(_spec(name), encoding="utf-8")
    answers = folder / "answers.csv"
    with answers.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([["respondent", "scenario", "answer"], [name, name, "outer"]])
    shown = one_line(name)
    # Terminal text: the name is on the page, escaped, and on one line.
    for argv in (
        ["check", str(spec)],
        ["explain", str(spec)],
        ["judge", str(spec)],
        ["judge", str(spec), "--answers", str(answers)],
        ["atlas", str(spec)],
    ):
        code, out, err = _run(*argv)
        assert code in (0, 1), (argv, err)
        _text_keeps_the_name_on_its_line(out, name)
        if argv[0] in ("check", "judge", "atlas"):
            assert shown in out, argv
    # JSON: the name reads back exactly.
    for argv in (["check", str(spec)], ["judge", str(spec)], ["atlas", str(spec)]):
        code, out, err = _run(*argv, "--format", "json")
        assert code in (0, 1), (argv, err)
        assert name in _strings(json.loads(out)), argv
    # HTML: the report page, the atlas page and the notebook fragments.
    loaded = ml.load_spec(spec)
    report = ml.build_report(loaded, ["heuristic:training-vs-model"])
    found = ml.atlas([loaded])
    verdict = ml.classify(loaded.scenarios[0], "objective")
    code, out, err = _run("atlas", str(spec), "--format", "html")
    assert code in (0, 1), err
    for page, named in (
        (report.html(), True),
        (verdict._repr_html_(), True),
        (found._repr_html_(), False),
        (out, False),
    ):
        parsed = _no_injection(page)
        if named:  # the page names the scenario; as text, and HTML shows a run of white space as one space
            assert " ".join(name.split()) in " ".join("".join(parsed.text).split()), "the name, as text"
    # Markdown, rendered by a real Markdown library with raw HTML allowed, as a notebook renders it.
    renderer = MarkdownIt("commonmark", {"html": True})
    for md in (report.markdown(), found._repr_markdown_()):
        parsed = _no_injection(renderer.render(md))
        shown_lines = "".join(parsed.text).splitlines()
        assert not any(line.startswith(FORGED) for line in shown_lines), "a name began a line of its own"
