"""The documentation site: it builds strictly, its command-line reference is the parsers' own help, and the
tutorial page renders in a real browser."""

from __future__ import annotations

import argparse
import html
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from misalign_logic.cli.commands import COMMANDS
from tests.browser import headless, png_rows
from tests.docs.examples import ROOT


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "docs" / "hooks" / "cli_reference.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parsers() -> dict[str, argparse.ArgumentParser]:
    sub = argparse.ArgumentParser(prog="misalign-logic").add_subparsers()
    for command in COMMANDS:
        command.add_parser(sub)
    return dict(sub.choices)


def test_the_cli_reference_has_every_command_and_option_of_the_parsers() -> None:
    hook = _hook()
    page = (ROOT / "docs" / "reference" / "cli.md").read_text()
    assert hook.MARKER in page
    text = hook.on_page_markdown(page)
    assert hook.MARKER not in text
    for name, parser in _parsers().items():
        assert f"## `misalign-logic {name}`" in text
        for action in parser._actions:
            for option in action.option_strings:
                assert option in text, (name, option)
        assert (parser.description or "").split()[0] in text


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("mkdocs")
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


def test_the_site_builds_strictly_with_every_part(site: Path) -> None:
    for page in ("tutorial/first-story", "how-to/own-taxonomy", "reference/cli", "reference/api", "model"):
        assert (site / page / "index.html").is_file(), page
    cli = (site / "reference" / "cli" / "index.html").read_text()
    assert "misalign-logic judge" in cli
    assert "--answers" in cli
    api = (site / "reference" / "api" / "index.html").read_text()
    assert "misalign_logic.classify" in api


@pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium binary (apt-get install chromium)")
def test_chromium_renders_the_tutorial(site: Path, tmp_path: Path) -> None:
    page = site / "tutorial" / "first-story" / "index.html"
    dom = headless(page, "--dump-dom").stdout
    assert "<title>Your first story in ten minutes - misalign_logic</title>" in dom
    assert dom.count('<div class="highlight">') >= 9  # the tutorial's code blocks, highlighted
    text = html.unescape(re.sub(r"<[^>]+>", "", dom))  # what the reader sees, without the highlighting's markup
    assert "$ misalign-logic explain examples/tutorial/robot.toml" in text
    assert "The scenario hides-at-home is forced outer under the objective-based scheme" in text
    shot = tmp_path / "tutorial.png"
    headless(page, f"--screenshot={shot}", "--window-size=1200,900")
    width, height, rows = png_rows(shot.read_bytes(), limit=900)
    assert (width, height) == (1200, 900)
    pixels = b"".join(rows)
    colours = {pixels[i : i + 3] for i in range(0, len(pixels), 3)}
    assert len(colours) > 100  # a styled page with text, not a blank one
