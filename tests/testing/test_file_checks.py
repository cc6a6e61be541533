"""A file's claims as checks, in-process: names, lines, and claims that name what the file lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.testing.file_checks import Limits, claims, file_checks
from tests.conftest import lab_story

SPEC = (
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
strength = "possible"
"""
)


def _write(tmp_path: Path, text: str, name: str = "lab.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _line(text: str, needle: str) -> int:
    return [k for k, line in enumerate(text.splitlines(), 1) if needle in line][-1]


def test_an_expectation_without_a_scheme_is_one_check_per_scheme_the_file_checks(tmp_path: Path) -> None:
    path = _write(tmp_path, SPEC)
    found = file_checks(path)
    spec = ml.load_spec(path)
    assert [c.name for c in found] == [*(f"told::{s.id}::outer" for s in spec.schemes), "respondent::ann"]
    assert {c.line for c in found[:-1]} == {_line(SPEC, "[[expect]]")}
    assert found[-1].line == _line(SPEC, "[[judgment]]")
    assert [c.name for c in file_checks(path, every_scenario=True)][-1] == "told::consistent"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('scenario = "told"\nlabel = "outer"\nscheme = "objectiv"', "unknown scheme 'objectiv'"),
        ('scenario = "told"\nlabel = "outer"\nscheme = "objective[counterfactual=spec_c]"', "spec_c"),
        ('respondent = "ann"\nfitting = ["root-caus"]', "unknown scheme 'root-caus'"),
    ],
)
def test_a_claim_naming_a_scheme_the_story_lacks_is_located(tmp_path: Path, table: str, message: str) -> None:
    text = SPEC + "\n[[expect]]\n" + table + "\n"
    with pytest.raises(ml.SpecError) as caught:
        file_checks(_write(tmp_path, text))
    problem = caught.value.problems[0]
    assert message in problem.message
    assert (problem.file, problem.line) == (str(tmp_path / "lab.toml"), _line(text, "[[expect]]"))


def test_only_toml_files_with_claims_are_collected(tmp_path: Path) -> None:
    story = lab_story("told")
    assert claims(_write(tmp_path, SPEC))
    assert not claims(_write(tmp_path, story, "plain.toml"))
    assert claims(tmp_path / "plain.toml", every_file=True)
    assert not claims(_write(tmp_path, '[project]\nname = "x"\n', "pyproject.toml"), every_file=True)
    assert not claims(_write(tmp_path, SPEC, "lab.txt"))


def test_a_check_that_holds_says_nothing_and_one_that_fails_says_why(tmp_path: Path) -> None:
    checks = {c.name: c for c in file_checks(_write(tmp_path, SPEC))}
    assert checks["told::objective[counterfactual=spec_a]::outer"].failure(Limits()) is None
    why = checks["told::objective[counterfactual=spec_b]::outer"].failure(Limits())
    assert why is not None
    assert why.startswith(f"{tmp_path / 'lab.toml'}:{_line(SPEC, '[[expect]]')}: expected told under ")
    assert "the solver says: forced inner" in why
