"""Fuzzing the loader, the expression parser and the command line: bad input gives a SpecError, nothing else.

The default run is short (a few seconds). A long run: ``MISALIGN_FUZZ_EXAMPLES=20000 python -m pytest
tests/test_fuzz.py`` (documented in README.md).
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic.cli import main
from misalign_logic.model.parse import parse_constraint, parse_term
from misalign_logic.model.priors import parse_probability
from tests.prose.test_hostile_names import PAGE_TAGS, _Elements
from tests.spec.toml_documents import EXPRESSION_WORDS, FUZZ_EXAMPLES, documents, mutated_specs

fuzz = settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The command line runs the solver on whatever loads, so it gets fewer examples and a small work limit.
fuzz_cli = settings(
    max_examples=max(5, FUZZ_EXAMPLES // 10), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

STORY = ml.Story.build(
    "fuzz",
    {"s1": "training", "s2": "deployment"},
    ["a", "b"],
    ["c", "d"],
    facts={"knew": "cognition", "mood": ("world", ["calm", "angry"])},
)


def load_or_spec_error(text: str) -> ml.Spec | None:
    """Load ``text``; a SpecError is fine (and must be located), any other exception fails the test."""
    try:
        return ml.parse_spec(text, "fuzz.toml")
    except ml.SpecError as err:
        lines = text.replace("\r\n", "\n").split("\n")
        for p in err.problems:
            assert p.file == "fuzz.toml"
            assert str(p).startswith("fuzz.toml")
            assert 0 <= p.line <= len(lines) + 1, p
            assert p.column >= 0, p
        return None


@fuzz
@given(st.binary(max_size=400))
def test_random_bytes_give_a_spec_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.toml"
        path.write_bytes(data)
        files = set()
        try:
            ml.load_spec(path)
        except ml.SpecError as err:
            files = {p.file for p in err.problems}
    assert files <= {str(path)}


@fuzz
@given(st.text(max_size=400))
def test_random_text_gives_a_spec_error(text: str) -> None:
    load_or_spec_error(text)


@fuzz
@given(documents)
def test_random_toml_gives_a_spec_or_a_spec_error(text: str) -> None:
    load_or_spec_error(text)


@fuzz
@given(mutated_specs())
def test_mutated_specs_give_a_spec_or_a_spec_error(text: str) -> None:
    load_or_spec_error(text)


@fuzz
@given(st.one_of(st.lists(st.sampled_from(EXPRESSION_WORDS), max_size=16).map(" ".join), st.text(max_size=60)))
def test_the_expression_parser_raises_only_spec_errors(text: str) -> None:
    for parse in (parse_constraint, parse_term):
        try:
            parse(text, STORY)
        except ml.SpecError as err:
            [problem] = err.problems
            assert 1 <= problem.column <= len(text) + 1, problem


@fuzz_cli
@given(mutated_specs())
def test_the_cli_never_prints_a_traceback(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.toml"
        path.write_text(text)
        out, err = io.StringIO(), io.StringIO()
        code = main(["check", str(path), "--scheme", "objective", "--rlimit", "200000"], stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue()
    if code == 2:
        assert out.getvalue() == ""
        assert err.getvalue().startswith(str(path))
    else:
        assert code in (0, 1), code
        assert err.getvalue() == ""
        assert "objective" in out.getvalue()


@settings(max_examples=max(3, FUZZ_EXAMPLES // 25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_specs(), st.sampled_from(["explain", "judge", "report"]))
def test_the_other_commands_never_print_a_traceback(text: str, command: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.toml"
        path.write_text(text)
        extra = {
            "explain": ["--scheme", "objective"],
            "report": ["-o", str(Path(tmp) / "out.md"), "--scheme", "objective"],
            "judge": [],
        }[command]
        out, err = io.StringIO(), io.StringIO()
        code = main([command, str(path), *extra, "--rlimit", "200000"], stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue()
    assert code in (0, 1, 2), code
    if code == 2:
        assert err.getvalue().startswith(str(path))


# -- the surfaces hostile input reaches: names on pages and terminals, probability text, file kinds -------

HOSTILE_PIECES = [*"<>&\"'`[]()|\\!*_#=/:; \n\t\x1b\x07\x9b\u202e", "script", "img", "a", "x"]
# Scenario names need a character that is not a space.
HOSTILE_TEXT = st.lists(st.sampled_from(HOSTILE_PIECES), min_size=1, max_size=20).map("".join).filter(str.strip)


@settings(max_examples=max(5, FUZZ_EXAMPLES // 20), deadline=None, suppress_health_check=list(HealthCheck))
@given(name=HOSTILE_TEXT, words=HOSTILE_TEXT)
def test_hostile_names_add_no_element_to_a_page_and_no_escape_to_a_terminal(name: str, words: str) -> None:
    text = (
        '[story]\nname = {0}\ndescribe = {1}\nactions = ["act"]\nchoices = ["rd"]\n[story.situations]\n'
        'train = "training"\n[[scenario]]\nname = {0}\ntext = {1}\nconstraints = ["policy(train) == act"]\n'
        "[[scenario]]\nname = {2}\nextends = {0}\n"
    ).format(*(json.dumps(t) for t in (name, words, name + "2")))  # JSON's escapes read the same in TOML
    spec = ml.parse_spec(text)
    report = ml.build_report(spec, ["objective"], rlimit=200_000)
    parser = _Elements()
    parser.feed(report.html())
    assert set(parser.tags) <= PAGE_TAGS
    markdown = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", report.markdown())
    assert not re.search(r"<[A-Za-z/!?]", markdown)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hostile.toml"
        path.write_text(text, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        assert main(["check", str(path), "--scheme", "objective"], stdout=out, stderr=err) == 0
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out.getvalue() + err.getvalue())


@fuzz
@given(
    st.one_of(
        st.from_regex(r"[+-]?\d{0,6}(\.\d{0,6})?([eE][+-]?\d{1,12})?", fullmatch=True),
        st.from_regex(r"[+-]?\d{1,500}/[+-]?\d{1,500}", fullmatch=True),
        st.text(max_size=30),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.floats(),
        st.integers(),
    )
)
def test_probability_text_is_read_exactly_or_refused_quickly(raw: object) -> None:
    start = time.perf_counter()
    try:
        value = parse_probability(raw)
    except ValueError as err:
        message = str(err)
    else:
        message = ""
        assert 0 <= value <= 1
    assert "Fraction(" not in message
    assert time.perf_counter() - start < 0.5
