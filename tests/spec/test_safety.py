"""Spec files are data: loading one runs no code, opens no other file, and a huge or deeply nested one is
refused with a clear error instead of exhausting memory or recursion."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import misalign_logic as ml
from misalign_logic.model.parse import parse_constraint
from misalign_logic.spec.limits import MAX_LENGTH, MAX_SPEC_BYTES
from tests.spec.test_spec_errors import GOOD, edit

_events: list[tuple[str, tuple[Any, ...]]] | None = None


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _events is not None:
        _events.append((event, args))


sys.addaudithook(_hook)  # audit hooks cannot be removed; this one records only inside audited()


@contextmanager
def audited() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """Record the audit events (opens, imports, exec, os.system, subprocess, pickle...) raised inside."""
    global _events
    _events = []
    try:
        yield _events
    finally:
        _events = None


CODE = "__import__('os').system('touch PWNED')"


@pytest.mark.parametrize(
    "text",
    [
        edit('"policy(farm) == print_pr"', f'"{CODE}"'),
        edit('"policy(farm) == print_pr"', '"eval(\\"1\\")"'),
        edit('extends = "one"', f'extends = "{CODE}"'),
        edit('actions = ["useful_pr", "print_pr"]', f'actions = ["useful_pr", "{CODE}"]'),
        GOOD + f'[check]\nschemes = ["{CODE}"]\n',
        GOOD + f'[prior.p]\n"{CODE}" = {{ deceptive = 0.5, aligned = 0.5 }}\n',
        GOOD + "[[judgment]]\nscenario = 'one'\nlabel = 'outer'\nstrength = 'certain'\n"
        f'respondent = "{CODE}"\nnote = "!!python/object:os.system"\n',
    ],
    ids=["constraint", "eval", "extends", "action", "scheme", "prior", "judgment"],
)
def test_code_in_a_spec_is_refused_or_kept_as_text_and_never_run(
    tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "code.toml"
    path.write_text(text)
    monkeypatch.chdir(tmp_path)
    with audited() as events:
        try:
            spec: ml.Spec | None = ml.load_spec(path)
            files = set()
        except ml.SpecError as err:
            spec, files = None, {p.file for p in err.problems}
    if "respondent" in text:  # free text (a respondent's name, a note) may hold it, as plain text
        assert spec is not None
        assert [j.respondent for j in spec.judgments] == [CODE]
    else:
        assert spec is None
        assert files == {str(path)}
    assert not (tmp_path / "PWNED").exists()
    # One open, of the file the caller named; no import, exec, compile, process or pickle event.
    assert [(e, a[0]) for e, a in events] == [("open", str(path))]


def test_loading_reads_only_the_named_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "one.toml"
    other.write_text(GOOD)
    path = tmp_path / "spec.toml"
    # Names that look like paths are names: nothing is looked up on disk.
    path.write_text(edit('extends = "one"', 'extends = "one.toml"').replace('name = "one"', 'name = "/etc/passwd"'))
    monkeypatch.chdir(tmp_path)
    with audited() as events, pytest.raises(ml.SpecError):
        ml.load_spec(path)
    assert [(e, a[0]) for e, a in events] == [("open", str(path))]


def test_a_50_mb_spec_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # a sparse file: the test stays fast
    start = time.perf_counter()
    with audited() as events, pytest.raises(ml.SpecError) as caught:
        ml.load_spec(path)
    assert time.perf_counter() - start < 1
    assert str(caught.value) == (
        f"{path}: error: the spec is {50 * 1024 * 1024} bytes; the limit is "
        f"{MAX_SPEC_BYTES}\n  hint: split the story into several files, or raise the limit with --limits"
        f" spec_bytes={50 * 1024 * 1024} (Python: limits=Limits(spec_bytes={50 * 1024 * 1024}))"
    )
    assert not [e for e, _ in events if e == "open"]


def test_a_50_mb_text_is_refused_unparsed() -> None:
    start = time.perf_counter()
    with pytest.raises(ml.SpecError, match="the limit is 5000000"):
        ml.parse_spec("#" * (50 * 1024 * 1024))
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("(" * 100_000 + "true" + ")" * 100_000, f"characters long; the limit is {MAX_LENGTH}"),
        ("(" * 40_000 + "true" + ")" * 40_000, "expression nested more than 64 levels deep"),
        ("not " * 10_000 + "true", "expression nested more than 64 levels deep"),
        ("true -> " * 10_000 + "true", "expression nested more than 64 levels deep"),
        ("forall x in Situation: " * 1_000 + "true", "expression nested more than 64 levels deep"),
    ],
    ids=["100k-parentheses", "40k-parentheses", "10k-not", "10k-implies", "1k-forall"],
)
def test_deep_expressions_are_refused_even_from_a_deep_stack(text: str, message: str) -> None:
    story = ml.parse_spec(GOOD).story

    def nested(depth: int) -> ml.SpecError:
        if depth:
            return nested(depth - 1)
        with pytest.raises(ml.SpecError) as caught:
            parse_constraint(text, story)
        return caught.value

    # The caller may already be a few hundred frames deep (a test runner, hypothesis, a web framework).
    error = nested(300)
    assert message in str(error)


def test_deeply_nested_toml_is_refused() -> None:
    for depth in (800, 100_000):
        with pytest.raises(ml.SpecError, match="the TOML is nested too deeply to read"):
            ml.parse_spec("x = " + "[" * depth + "]" * depth + "\n")
