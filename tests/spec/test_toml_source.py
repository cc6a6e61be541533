"""The TOML source map: every key and value tomllib reads is found where it is written, string escapes included."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from misalign_logic.spec.source_map import source_map
from tests.spec.toml_documents import FUZZ_EXAMPLES, SPEC_TEXTS, documents, written

Path = tuple[str | int, ...]


def leaves(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leaves(v, (*path, i))
    else:
        yield path, value


def check_map(text: str) -> int:
    """Assert every leaf is mapped and every character of every string maps back to itself; count the checks."""
    data = tomllib.loads(text)
    smap = source_map(text)
    lines = text.replace("\r\n", "\n").split("\n")
    checked = 0
    for path, value in leaves(data):
        assert smap.value(path) is not None, path
        if not isinstance(value, str):
            continue
        for i, ch in enumerate(value):
            where = smap.in_string(path, i)
            assert where is not None
            line, column = where
            written = (lines[line - 1] + "\n")[column - 1]
            # An escaped character is written as its escape; anything else as itself.
            assert written in (ch, "\\"), (path, i, ch, written)
            checked += 1
    return checked


def test_the_bundled_specs_map_exactly() -> None:
    assert sum(check_map(text) for text in SPEC_TEXTS) > 1000


def test_escapes_continuations_and_trimmed_newlines() -> None:
    text = (
        'a = "x\\u0041y\\tz"\nb = """\nab\\\n   cd\\n e"""\nc = \'\'\'\nq\n r\'\'\'\n'
        '"d.e".f = [1, {g = "h"}, [\'i\']]\n[[t]]\nx = 1\n[t.u]\ny = "w"\n[[t]]\nx = 2\n'
    )
    assert check_map(text) == 19
    smap = source_map(text)
    assert smap.in_string(("b",), 2) == (4, 4)  # "c" after the line continuation
    assert smap.key(("t", 1, "x")) == (14, 1)
    assert smap.key(("t", 0, "u", "y")) == (12, 1)


def test_crlf_is_read_as_tomllib_reads_it() -> None:
    text = 'a = """\r\nx\r\ny"""\r\nb = 1\r\n'
    assert check_map(text) == 3
    assert source_map(text).key(("b",)) == (4, 1)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(written())
def test_random_documents_map_exactly(pair: tuple[dict[str, Any], str]) -> None:
    table, text = pair
    assert tomllib.loads(text) == table  # the generator writes real documents, meaning what it drew
    check_map(text)


@st.composite
def damaged(draw: st.DrawFn) -> str:
    """A generated document with one to three characters deleted, replaced or inserted (often still TOML)."""
    text = draw(documents)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        new = draw(st.sampled_from(["", *"[]{}\"'=,.#\n\\ a1"]))
        text = text[:i] + new + text[i + draw(st.integers(0, 1)) :]
    return text


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(st.one_of(damaged(), st.text(alphabet="[]{}\"'=,.#\n\\ ab1", max_size=40)))
def test_the_map_never_raises(text: str) -> None:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    check_map(text)
