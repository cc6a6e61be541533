"""The ``[[expect]]`` tables about a respondent's answers, and which kind of file a TOML file is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.model.specfile import AnswersExpectation
from misalign_logic.spec.kinds import Kind, kind_of
from misalign_logic.spec.taxonomy import parse_taxonomy
from tests.conftest import lab_story

ANSWERS = (
    lab_story("told")
    + """
[[judgment]]
respondent = "ann"
scenario = "told"
label = "outer"
strength = "possible"

[[expect]]
scenario = "told"
label = "outer"
"""
)


def _problem(text: str) -> ml.Problem:
    with pytest.raises(ml.SpecError) as caught:
        ml.parse_spec(text, "answers.toml")
    assert len(caught.value.problems) == 1, caught.value
    return caught.value.problems[0]


def _line(text: str, needle: str) -> int:
    return [k for k, line in enumerate(text.splitlines(), 1) if needle in line][-1]


def test_a_respondent_expectation_is_read_beside_the_scenario_ones() -> None:
    text = ANSWERS + '\n[[expect]]\nrespondent = "ann"\ncoherent = false\nfitting = ["objective", "root-cause"]\n'
    spec = ml.parse_spec(text, "answers.toml")
    line = _line(text, 'respondent = "ann"')
    assert spec.answers_expected == (
        AnswersExpectation("ann", False, ("objective", "root-cause"), "answers.toml", line - 1),
    )
    assert [e.scenario for e in spec.expectations] == ["told"]


@pytest.mark.parametrize(
    ("table", "message", "hint"),
    [
        (
            'respondent = "anne"',
            "[[expect]] names respondent 'anne', who answers no [[judgment]]",
            "did you mean 'ann'?",
        ),
        ('respondent = "ann"\ncoherent = "yes"', "coherent of [[expect]] must be true or false, not a string", ""),
        (
            'respondent = "ann"\nfitting = "objective"',
            "fitting of [[expect]] must be a list of scheme IDs",
            "write fitting",
        ),
        ('respondent = "ann"\nfiting = ["objective"]', "unknown key 'fiting' in [[expect]] of a respondent", "fitting"),
        ('respondent = ""', "respondent of [[expect]] must be a name", ""),
    ],
)
def test_a_bad_respondent_expectation_is_located(table: str, message: str, hint: str) -> None:
    text = ANSWERS + "\n[[expect]]\n" + table + "\n"
    problem = _problem(text)
    assert problem.message == message
    assert hint in problem.hint
    assert problem.file == "answers.toml"
    assert problem.line in (_line(text, "[[expect]]"), _line(text, table.splitlines()[-1].split(" ")[0]))


def test_a_taxonomy_file_holds_no_respondent_expectation() -> None:
    text = '[scheme.x-y]\nouter = "true"\ninner = "false"\n\n[[expect]]\nrespondent = "ann"\n'
    with pytest.raises(ml.SpecError) as caught:
        parse_taxonomy(text, "t.toml")
    assert "[[expect]] about respondent 'ann' in a taxonomy file" in str(caught.value)
    assert "t.toml:5:1" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('[story]\nactions = ["a"]\n', Kind.SPEC),
        ('[[judgment]]\nscenario = "x"\n', Kind.SPEC),  # a spec without its story: the loader says so
        ('[scheme.x]\nouter = "true"\n', Kind.TAXONOMY),
        ('[[expect]]\nscenario = "x"\n', Kind.TAXONOMY),
        ('[project]\nname = "x"\n', Kind.OTHER),
        ("", Kind.OTHER),
        ('[story\nactions = ["a"]\n', Kind.SPEC),  # not TOML: known by its headers, so its mistake is reported
        ('[ scheme.x ]\nouter = "true\n', Kind.TAXONOMY),
        ('[tool.x]\nname = "x\n', Kind.OTHER),
    ],
)
def test_the_kind_of_a_toml_file(tmp_path: Path, text: str, kind: Kind) -> None:
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    assert kind_of(path) is kind


def test_a_file_that_cannot_be_read_counts_as_a_spec(tmp_path: Path) -> None:
    """So that the spec loader reports why, without blocking on a FIFO or reading a non-UTF-8 file."""
    (tmp_path / "latin.toml").write_bytes(b'[project]\nname = "caf\xe9"\n')
    assert kind_of(tmp_path / "latin.toml") is Kind.SPEC
    assert kind_of(tmp_path / "missing.toml") is Kind.SPEC
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.toml")
        assert kind_of(tmp_path / "pipe.toml") is Kind.SPEC
