"""Every example of README.md and the documentation site runs and prints what the page shows (see examples.py)."""

from __future__ import annotations

import itertools
import re

import pytest

import misalign_logic as ml
from tests.docs.examples import PAGES, ROOT, RUN, SYBIL, fences


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_examples_run_and_print_what_is_shown(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples name files relative to the repository's root
    document = SYBIL.parse(ROOT / page)
    # A page's Python runs as in a fresh interpreter: what other tests solved before cannot change the witness
    # worlds or cores it shows (docs/reference/errors.md, "Determinism").
    with ml.isolated():
        for example in document:
            example.evaluate()


@pytest.mark.parametrize("page", PAGES)
def test_every_block_runs_or_is_marked_as_not_run(page: str) -> None:
    unmarked = [
        (line, lang) for line, lang, skipped in fences((ROOT / page).read_text()) if lang not in RUN and not skipped
    ]
    assert unmarked == [], f"{page}: blocks neither run nor marked <!-- not run -->: {unmarked}"


def test_a_wrong_output_fails() -> None:
    from sybil import Document

    from tests.docs.examples import SYBIL as sybil

    text = "```console\n$ misalign-logic check specs/coinrun.toml --scheme root-cause\nno such output\n```\n"
    document = Document(text, str(ROOT / "x.md"))
    for parser in sybil.parsers:
        for region in parser(document):
            document.add(region)
    examples = list(document)
    assert len(examples) == 1
    with pytest.raises(Exception, match="but the page shows"):
        examples[0].evaluate()


def _toml_blocks(page: str) -> list[str]:
    text = (ROOT / page).read_text()
    return [m.group(1) for m in re.finditer(r"^```toml\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)]


def test_the_tutorials_files_are_what_it_tells_the_reader_to_write() -> None:
    blocks = _toml_blocks("docs/tutorial/first-story.md")
    robot = (ROOT / "examples/tutorial/robot.toml").read_text()
    assert "\n\n".join(b.rstrip() for b in blocks[:2]) + "\n" == robot
    assert blocks[2] == (ROOT / "examples/tutorial/my_taxonomy.toml").read_text()


@pytest.mark.parametrize("page", PAGES)
def test_no_doctest_output_is_cut_short_by_a_blank_line(page: str) -> None:
    # doctest ends what a prompt expects at the first blank line: text after it would be shown, never compared.
    text = (ROOT / page).read_text()
    for m in re.finditer(r"^```python\n(.*?)^```$", text, re.MULTILINE | re.DOTALL):
        lines = m.group(1).splitlines()
        if not any(line.startswith(">>> ") for line in lines):
            continue
        after_blank = [b for a, b in itertools.pairwise(lines) if not a.strip() and not b.startswith(">>>")]
        assert after_blank == [], f"{page}: output after a blank line in a doctest: {after_blank}"


def test_the_readmes_two_commands_are_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text()
    first = re.search(r"^```sh\n(.*?)^```$", readme, re.MULTILINE | re.DOTALL)
    assert first is not None
    commands = first.group(1).splitlines()
    assert commands == ['pip install ".[test]" && misalign-logic check specs/pop_quiz.toml', "python -m pytest"]
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert all(command in ci for command in commands)


def test_every_link_of_the_readme_leads_to_a_file() -> None:
    # The site's links are checked by `mkdocs build --strict`; the README is outside the site.
    readme = (ROOT / "README.md").read_text()
    targets = [t for t in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme) if "://" not in t]
    assert targets
    missing = [t for t in targets if not (ROOT / t).is_file()]
    assert missing == []


def test_the_readme_is_a_front_door_of_at_most_900_words() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").split()) <= 900
