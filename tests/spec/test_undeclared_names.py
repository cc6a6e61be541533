"""When a scheme's condition names something undeclared, and where that is reported (docs/model.md,
"Schemes as data"): a taxonomy file's or ``Scheme.define``'s conditions when they are read, against the generic
signature; a spec's own schemes when the spec is loaded, against its story; a spec's scheme applied to another
story that lacks a name it uses, when it is applied — each at the file, line and column of the condition."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.spec.taxonomy import load_taxonomy
from tests.conftest import SPECS

TAXONOMY = Path(__file__).resolve().parent.parent / "data" / "undeclared_name.toml"

SPEC = """
[story]
actions = ["good", "bad"]
choices = ["c1"]
[story.situations]
train = "training"
test = "deployment"
[story.facts]
knew = "cognition"
[[scenario]]
name = "s1"
constraints = ["policy(test) == bad"]
[scheme.knew-is-inner]
inner = "knew"
outer = "not knew"
"""


def test_a_taxonomy_file_is_refused_when_it_is_read_with_every_undeclared_name_located() -> None:
    with pytest.raises(ml.SpecError) as caught:
        load_taxonomy(TAXONOMY)
    problems = caught.value.problems
    assert [(p.line, p.column) for p in problems] == [(4, 32), (5, 37)]
    assert all(p.file == str(TAXONOMY) and "unknown function 'zebra'" in p.message for p in problems)


def test_the_cli_refuses_the_taxonomy_before_any_story_is_checked() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "misalign_logic", "check", str(SPECS / "pop_quiz.toml"), "--taxonomy", str(TAXONOMY)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert f"{TAXONOMY}:4:32: error: scheme 'zebra-is-inner'" in done.stderr
    assert "Traceback" not in done.stderr


def test_scheme_define_refuses_an_undeclared_name_at_once() -> None:
    with pytest.raises(ml.SpecError, match="unknown function 'zebra'"):
        ml.Scheme.define("zebra-is-inner", outer="not (exists t in training: zebra(t))", inner="false")


def test_a_specs_scheme_is_checked_against_its_own_story_when_the_spec_is_loaded() -> None:
    with pytest.raises(ml.SpecError) as caught:
        ml.parse_spec(SPEC.replace('knew = "cognition"', ""), path="lacks.toml")
    assert [(p.file, p.line, p.column) for p in caught.value.problems] == [
        ("lacks.toml", 14, 10),
        ("lacks.toml", 15, 14),
    ]
    assert "unknown name 'knew'" in caught.value.problems[0].message


def test_a_specs_scheme_applied_to_a_story_that_lacks_its_fact_is_refused_when_applied() -> None:
    spec = ml.parse_spec(SPEC, path="own.toml")
    (scheme,) = (s for s in spec.schemes if s.id == "knew-is-inner")
    assert ml.classify(spec.scenario("s1"), scheme).labels  # its own story declares the fact
    quiz = ml.load_spec(SPECS / "pop_quiz.toml")
    with pytest.raises(ml.SpecError) as caught:
        ml.classify(quiz.scenario("scenario-1"), scheme)
    problems = caught.value.problems
    assert {(p.file, p.line, p.column) for p in problems} <= {("own.toml", 14, 10), ("own.toml", 15, 14)}
    assert problems
    assert all("unknown name 'knew'" in p.message for p in problems)
