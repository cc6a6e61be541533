"""Hypothesis strategies for TOML documents: random ones shaped like specs, and mutations of real specs."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

SPECS = Path(__file__).resolve().parent.parent.parent / "specs"
#: Examples per fuzz test: a short run by default, a long one with MISALIGN_FUZZ_EXAMPLES=20000 (see README.md).
FUZZ_EXAMPLES = int(os.environ.get("MISALIGN_FUZZ_EXAMPLES", "100"))
SPEC_TEXTS = tuple(p.read_text() for p in sorted(SPECS.glob("*.toml")))

_BARE = re.compile(r"[A-Za-z0-9_-]+\Z")
# Words of the spec format and the expression language, so random documents often get past the first checks.
VOCABULARY = (
    "story",
    "scenario",
    "check",
    "name",
    "describe",
    "situations",
    "actions",
    "choices",
    "reasons",
    "facts",
    "phase",
    "kind",
    "values",
    "text",
    "extends",
    "constraints",
    "schemes",
    "training",
    "deployment",
    "cognition",
    "world",
    "aligned",
    "deceptive",
    "a",
    "b",
    "s1",
    "s2",
)
EXPRESSION_WORDS = (
    "policy(s1)",
    "ideal(s1, a)",
    "design(c, s1, a)",
    "feedback(s1, a)",
    "reason(s1)",
    "choice",
    "forall",
    "exists",
    "x",
    "in",
    "Situation",
    ":",
    "==",
    "!=",
    "->",
    "<->",
    "and",
    "or",
    "not",
    "(",
    ")",
    ",",
    "true",
    "false",
    "a",
    "b",
    "s1",
    "s2",
    "c",
    "aligned",
    "deceptive",
    "training",
)


def basic_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes and backslashes escaped, control characters as \\uXXXX."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch < " " or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    return key if _BARE.match(key) else basic_string(key)


def toml_value(value: Any) -> str:
    """``value`` as an inline TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        if "'" not in value and not any(ch < " " or ch == "\x7f" for ch in value):
            return f"'{value}'"  # a literal string: no escapes at all
        return basic_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(table: dict[str, Any], prefix: tuple[str, ...] = ()) -> str:
    """A whole document: plain values first, then sub-tables as [headers] and lists of tables as [[headers]]."""
    lines, later = [], []
    for key, value in table.items():
        path = (*prefix, key)
        header = ".".join(toml_key(k) for k in path)
        if isinstance(value, dict):
            later.append(f"\n[{header}]\n{toml_document(value, path)}")
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            later.extend(f"\n[[{header}]]\n{toml_document(v, path)}" for v in value)
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    return "\n".join(lines) + "".join(later) + "\n"


keys = st.one_of(st.sampled_from(VOCABULARY), st.text(min_size=1, max_size=8))
scalars = st.one_of(
    st.sampled_from(VOCABULARY),
    st.lists(st.sampled_from(EXPRESSION_WORDS), max_size=8).map(" ".join),
    st.text(max_size=12),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats().filter(math.isfinite),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)
documents = st.dictionaries(keys, values, max_size=5).map(toml_document)


@st.composite
def mutated_specs(draw: st.DrawFn) -> str:
    """A bundled spec with a few characters or lines deleted, duplicated, swapped or replaced."""
    text = draw(st.sampled_from(SPEC_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.splitlines(keepends=True)
        op = draw(
            st.sampled_from(
                (
                    "delete-char",
                    "duplicate-char",
                    "swap-chars",
                    "insert-char",
                    "delete-line",
                    "duplicate-line",
                    "swap-lines",
                )
            )
        )
        if op.endswith("line") or op.endswith("lines"):
            if len(lines) < 2:
                continue
            i = draw(st.integers(0, len(lines) - 2))
            if op == "delete-line":
                del lines[i]
            elif op == "duplicate-line":
                lines.insert(i, lines[i])
            else:
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
            text = "".join(lines)
            continue
        if len(text) < 2:
            continue
        i = draw(st.integers(0, len(text) - 2))
        if op == "delete-char":
            text = text[:i] + text[i + 1 :]
        elif op == "duplicate-char":
            text = text[:i] + text[i] + text[i:]
        elif op == "swap-chars":
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        else:
            text = text[:i] + draw(st.sampled_from("[]{}\"'=,.#\n\\ (x0")) + text[i:]
    return text
