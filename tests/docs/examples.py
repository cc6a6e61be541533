"""Running the examples of the documentation: the parsers Sybil uses on README.md and docs/.

* A ```console block holds ``$ misalign-logic ...`` lines, each followed by what it prints (standard output,
  then standard error). The command runs in a fresh process, as a user's shell runs it, from the repository's
  root. A line ``...`` stands for any number of lines, and a line ending in ``...`` for any line that starts
  so. The command must exit 0, unless its line ends in a comment ``# exit N``.
* A ```python block runs; when it holds ``>>>`` prompts it is a doctest, and what it shows must be printed.
* A ```toml block must be TOML; one with a ``[story]`` table must load as a spec.
* Any other block is not run, and must be marked ``<!-- not run -->`` in the line before it; a block of a
  language that runs cannot be marked so (so nothing runnable is left out by accident).
"""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser

import misalign_logic as ml

ROOT = Path(__file__).resolve().parent.parent.parent

#: The pages whose examples run: the README and every page of the site.
PAGES = ("README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").rglob("*.md")))

#: The languages of blocks that run; any other block must be marked as not run.
RUN = ("console", "python", "toml")

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+|~~~+)(?P<lang>[^\n`]*)$", re.MULTILINE)
_NOT_RUN = "<!-- not run -->"
_EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")


def fences(text: str) -> list[tuple[int, str, bool]]:
    """Every fenced block of a Markdown text: its line, its language and whether it is marked as not run."""
    out, pos, lines = [], 0, text.splitlines()
    while (m := _FENCE.search(text, pos)) is not None:
        line = text.count("\n", 0, m.start())
        before = [s for s in lines[:line] if s.strip()]
        skipped = bool(before) and before[-1].strip() == _NOT_RUN
        out.append((line + 1, m.group("lang").strip(), skipped))
        close = re.compile(rf"^ *{re.escape(m.group('fence'))}\s*$", re.MULTILINE).search(text, m.end())
        pos = close.end() if close else len(text)
    return out


def _pattern(expected: list[str]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        elif line.endswith("..."):
            parts.append(re.escape(line[:-3]) + r"[^\n]*\n")
        else:
            parts.append(re.escape(line) + r"\n")
    return re.compile("".join(parts), re.DOTALL)


def _sessions(source: str) -> list[tuple[str, list[str]]]:
    sessions: list[tuple[str, list[str]]] = []
    for line in source.splitlines():
        if line.startswith("$ "):
            sessions.append((line[2:], []))
        elif sessions:
            sessions[-1][1].append(line.rstrip())
        elif line.strip():
            raise AssertionError(f"a console block must start with a '$ ' line, not {line!r}")
    return sessions


def run_console(example: Example) -> str | None:
    """Run each command of a console block; a description of the first difference, or None."""
    for command, shown in _sessions(str(example.parsed)):
        status = _EXIT.search(command)
        words = shlex.split(command, comments=True)
        if not words or words[0] != "misalign-logic":
            return f"only misalign-logic commands run in a console block, not {command!r}"
        script = Path(sys.executable).with_name("misalign-logic")
        done = subprocess.run(
            [str(script), *words[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
        )
        printed = "".join(line.rstrip() + "\n" for line in (done.stdout + done.stderr).splitlines())
        while shown and not shown[-1]:
            shown.pop()
        if done.returncode != (int(status.group(1)) if status else 0):
            return f"$ {command}\nexited {done.returncode}:\n{printed}"
        if _pattern(shown).fullmatch(printed) is None:
            return f"$ {command}\nprinted:\n{printed}\nbut the page shows:\n" + "\n".join(shown)
    return None


def check_toml(example: Example) -> str | None:
    """A TOML block must parse; one holding a story must load as a spec."""
    text = str(example.parsed)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return f"not TOML: {err}"
    if "story" in data:
        ml.parse_spec(text, path=f"{example.path}:{example.line}")
    return None


SYBIL = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE),
        CodeBlockParser("console", run_console),
        CodeBlockParser("toml", check_toml),
    ],
    path=str(ROOT),
)
