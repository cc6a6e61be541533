"""Hostile spec input: special files, exact and bounded probabilities, deep or long keys and chains, and the
messages a spec's author reads. Each case is refused with a located error (or read exactly), quickly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.model.parse import parse_constraint
from misalign_logic.model.priors import parse_probability
from tests.conftest import SPECS

QUIZ = (SPECS / "pop_quiz.toml").read_text(encoding="utf-8")


def problems(text: str) -> list[ml.Problem]:
    with pytest.raises(ml.SpecError) as caught:
        ml.parse_spec(text, "spec.toml")
    return caught.value.problems


def messages(text: str) -> list[str]:
    return [p.message for p in problems(text)]


# -- special files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_device_is_refused_unread(path: str) -> None:
    if not os.path.exists(path):
        pytest.skip(f"no {path}")
    start = time.perf_counter()
    with pytest.raises(ml.SpecError) as caught:
        ml.load_spec(path)
    assert time.perf_counter() - start < 5
    assert str(caught.value).startswith(f"{path}: error: the spec is not a regular file but a character device")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ml.SpecError, match="not a regular file but a directory"):
        ml.load_spec(tmp_path)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.toml"
    os.mkfifo(fifo)
    # In a process of its own: if the loader blocked, the test would end by the timeout, not hang.
    done = subprocess.run(
        [sys.executable, "-m", "misalign_logic", "check", str(fifo)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "the spec is not a regular file but a FIFO (named pipe)" in done.stderr
    assert "Traceback" not in done.stderr


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(b'[story]\nname = "caf\xc3\xa9 \xff"\n')
    with pytest.raises(ml.SpecError) as caught:
        ml.load_spec(path)
    (p,) = caught.value.problems
    assert (p.line, p.column) == (2, 14)  # counted in characters: the é is one
    assert p.message == "the spec is not UTF-8 text: byte 0xff cannot start or continue a character"


def test_a_byte_order_mark_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + QUIZ.encode())
    assert [s.name for s in ml.load_spec(path).scenarios] == ["scenario-1", "scenario-2"]


# -- probabilities -----------------------------------------------------------------------------------


def prior(values: str) -> str:
    return QUIZ + f'\n[prior.x]\n"reason(review)" = {values}\n'


def test_probabilities_are_read_exactly_from_their_decimal_text() -> None:
    spec = ml.parse_spec(prior("{ deceptive = 0.33333333333333333333, aligned = 0.66666666666666666667 }"))
    table = dict(spec.prior("x").unknowns[0].table)
    assert table["deceptive"] == Fraction(33333333333333333333, 10**20)
    spec = ml.parse_spec(
        prior('{ deceptive = 1e-400, aligned = "1 - 1e-400" }'.replace('"1 - 1e-400"', "0." + "9" * 400))
    )
    assert dict(spec.prior("x").unknowns[0].table)["deceptive"] == Fraction(1, 10**400)


def test_a_sum_off_by_1e_minus_20_is_refused() -> None:
    assert any(
        "sum to 1.00000000000000000001, not 1" in m
        for m in messages(prior("{ deceptive = 0.10000000000000000001, aligned = 0.9 }"))
    )


def test_a_tiny_probability_is_not_zero() -> None:
    assert any("sum to 1.0000" in m for m in messages(prior("{ deceptive = 1e-400, aligned = 1 }")))


@pytest.mark.parametrize("text", ['"1e-4400"', '"1e-1000000"', '"1e999999999"', "1e-4400", "1e999999999"])
def test_huge_exponents_are_refused_at_once_with_a_location(text: str) -> None:
    start = time.perf_counter()
    (p,) = problems(prior(f"{{ deceptive = {text}, aligned = 1 }}"))
    assert time.perf_counter() - start < 2
    assert "is too small, too large or too long" in p.message
    assert (p.file, p.line) == ("spec.toml", QUIZ.count("\n") + 3)


def test_a_huge_threshold_is_refused_at_once() -> None:
    text = QUIZ.replace("threshold = 0.99", 'threshold = "1e-200000"')
    start = time.perf_counter()
    assert any("judgment threshold: probability" in m for m in messages(text))
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (__import__("datetime").date(1979, 5, 27), "a date or time is not a probability"),
        ({"x": 1}, "a table is not a probability"),
        ([0.5], "an array is not a probability"),
        (True, "a boolean is not a probability"),
        ("nan", "'nan' is not a probability"),
        ("1/0", "'1/0' is not a probability"),
    ],
)
def test_probability_messages_name_toml_types_not_python_reprs(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(") + "$"):
        parse_probability(raw)


# -- nesting, long keys ------------------------------------------------------------------------------


def test_a_chain_of_iff_counts_toward_the_nesting_limit() -> None:
    story = ml.parse_spec(QUIZ).story
    parse_constraint(" <-> ".join(["fixes_feedback"] * 64), story)
    for n in (65, 250, 326):
        with pytest.raises(ml.SpecError, match="nested more than 64 levels deep"):
            parse_constraint(" <-> ".join(["fixes_feedback"] * n), story)


def test_a_key_of_20000_dotted_parts_is_refused_quickly() -> None:
    key = ".".join(f"k{i}" for i in range(20_000))
    start = time.perf_counter()
    (p,) = problems(f"x = 1\n{key} = 1\n")
    assert time.perf_counter() - start < 2
    assert (p.line, p.message) == (2, "a dotted key has more than 64 parts")


def test_a_dotted_key_one_part_over_the_limit_is_refused_and_one_at_it_is_read() -> None:
    over = ".".join(f"k{i}" for i in range(65))  # 64 dots: the file's only ones
    (p,) = problems(f"x = 1\n{over} = 1\n")
    assert (p.line, p.message) == (2, "a dotted key has more than 64 parts")
    at = ".".join(f"k{i}" for i in range(64))
    assert all("dotted key" not in q.message for q in problems(f"x = 1\n{at} = 1\n"))


# -- messages ----------------------------------------------------------------------------------------

STORY = """
[story]
actions = ["act", "other"]
choices = ["rd"]
[story.situations]
train = "training"
deploy = "deployment"
"""


def test_every_problem_comes_in_one_round() -> None:
    found = messages(
        STORY.replace('"other"', '"other", "act"') + '[[scenario]]\nname = "one"\nconstraints = ["X"]\n[chek]\n'
    )
    assert "action 'act' is listed twice" in found
    assert "in 'X': unknown name 'X'" in found
    assert "unknown key 'chek' in the spec" in found


def test_feedback_over_a_deployment_variable_is_refused_like_a_deployment_constant() -> None:
    (p,) = problems(STORY + '[[scenario]]\nname = "one"\nconstraints = ["forall s in deployment: feedback(s, act)"]\n')
    assert p.message.endswith("feedback is only given in training situations; s ranges over deployment situations")


def test_an_empty_reasons_list_is_refused_not_replaced() -> None:
    found = messages(STORY.replace('choices = ["rd"]', 'choices = ["rd"]\nreasons = []') + '[[scenario]]\nname = "o"\n')
    assert "the story declares no reasons" in found


def test_a_name_must_start_with_a_letter() -> None:
    assert "'_' cannot name an action: it is not a name" in messages(
        STORY.replace('"other"', '"_"') + '[[scenario]]\nname = "o"\n'
    )


def test_a_misspelt_array_of_tables_is_located_at_its_header() -> None:
    text = QUIZ + '\n[[judgement]]\nscenario = "scenario-1"\n'
    (p,) = problems(text)
    assert (p.message, p.hint) == ("unknown key 'judgement' in the spec", "did you mean 'judgment'?")
    assert p.line == QUIZ.count("\n") + 2


def test_judgment_fields_of_the_wrong_type_are_named_as_toml_names_them() -> None:
    text = QUIZ.replace('scenario = "scenario-1"\nlabel = "outer"', 'scenario = { x = 1 }\nlabel = "outer"', 1)
    assert "judgment: scenario must be a string, not a table" in messages(text)


def test_the_priors_are_listed_once() -> None:
    text = QUIZ.replace('prior = "deception-is-rare"', 'prior = "rare"')
    (p,) = problems(text)
    assert p.hint in ("did you mean 'deception-is-rare'?", "the priors are deception-is-rare")


def test_an_unknown_name_says_where_to_declare_it() -> None:
    (p,) = problems(STORY + '[[scenario]]\nname = "one"\nconstraints = ["Zebra"]\n')
    assert "[story.facts]" in p.hint


def test_scheme_parameters_get_a_did_you_mean() -> None:
    hints = [p.hint for p in problems(QUIZ + '\n[check]\nschemes = ["objective[counterfactul=usefulness]"]\n')]
    assert hints == ["did you mean 'counterfactual'?"]
