"""The search API, the spec writer and the quiz command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.spec.render import render_spec
from misalign_logic.testing.search import QUIZ_STORY, Found, NoneExists, find_disagreement, find_flip, find_quiz
from tests.conftest import SPECS


@pytest.mark.parametrize("name", ["pop_quiz.toml", "coastrunners.toml", "coinrun.toml"])
def test_a_written_spec_loads_back_the_same(name: str) -> None:
    spec = ml.load_spec(SPECS / name)
    again = ml.parse_spec(render_spec(spec.story, spec.scenarios, spec.schemes))
    assert again.story == spec.story
    assert again.schemes == spec.schemes
    assert [(s.name, s.extends, [c.text for c in s.constraints]) for s in again.scenarios] == [
        (s.name, s.extends, [c.text for c in s.constraints]) for s in spec.scenarios
    ]


def test_find_flip_finds_the_folk_heuristic_flipping_and_writes_a_spec() -> None:
    found = find_flip("heuristic:training-vs-model", QUIZ_STORY, forced=False, max_examples=200)
    assert isinstance(found, Found)
    spec = ml.parse_spec(found.spec())
    one, two = spec.scenarios
    assert ml.relate(two, one).kind in (ml.RelationKind.REFINES, ml.RelationKind.EQUIVALENT)
    assert not ml.classify(two, spec.schemes[0]).labels <= ml.classify(one, spec.schemes[0]).labels
    assert len(one.constraints) + len(two.own_constraints) <= 3  # shrunk


def test_find_flip_of_a_world_based_scheme_is_a_proof_of_none() -> None:
    found = find_flip("generalization[standard=outcomes]", QUIZ_STORY, forced=False)
    assert isinstance(found, NoneExists)
    assert "monotonicity theorem" in found.proof


def test_find_disagreement_between_world_based_schemes_is_minimal_and_forced() -> None:
    found = find_disagreement("root-cause", "heuristic:deception", QUIZ_STORY)
    assert isinstance(found, Found)
    (scenario,) = ml.parse_spec(found.spec()).scenarios
    assert ml.classify(scenario, "root-cause").forced is not ml.classify(scenario, "heuristic:deception").forced
    assert "minimal" in found.note


def test_find_disagreement_within_a_scenario_writes_a_spec_that_loads() -> None:
    two = ml.load_spec(SPECS / "pop_quiz.toml").scenarios[1]
    # Seed table rows 5 and 7: on scenario 2 the reasons standard forces outer, deception forces inner.
    found = find_disagreement("generalization[standard=reasons]", "heuristic:deception", within=two)
    assert isinstance(found, Found)
    base, refined = ml.parse_spec(found.spec()).scenarios
    assert refined.extends == base.name
    assert [c.text for c in base.constraints] == [c.text for c in two.constraints]
    assert refined.own_constraints == ()
    assert "already forces both" in found.note


def test_find_disagreement_within_scenario_1_adds_the_deciding_fact() -> None:
    one = ml.load_spec(SPECS / "pop_quiz.toml").scenarios[0]
    found = find_disagreement("objective[counterfactual=usefulness]", "heuristic:deception", within=one)
    assert isinstance(found, Found)
    _, refined = ml.parse_spec(found.spec()).scenarios
    assert [c.text for c in refined.own_constraints] == ["reason(review) == aligned"]


def test_find_disagreement_reports_a_proof_when_none_exists() -> None:
    one = ml.load_spec(SPECS / "pop_quiz.toml").scenarios[0]
    found = find_disagreement("objective[counterfactual=usefulness]", "generalization[standard=outcomes]", within=one)
    assert isinstance(found, NoneExists)
    assert "unsatisfiable" in str(found)


def test_find_disagreement_with_a_description_based_scheme_searches() -> None:
    found = find_disagreement("heuristic:training-vs-model", "heuristic:deception", QUIZ_STORY, max_examples=300)
    assert isinstance(found, Found)
    (scenario,) = found.scenarios
    a = ml.classify(scenario, "heuristic:training-vs-model").forced
    b = ml.classify(scenario, "heuristic:deception").forced
    assert a is not None
    assert b is not None
    assert a is not b


def test_find_disagreement_returns_a_scenario_the_schemes_split_on() -> None:
    found = find_disagreement(
        "objective[counterfactual=usefulness]", "objective[counterfactual=merge_probability]", QUIZ_STORY
    )
    assert isinstance(found, Found)
    (scenario,) = ml.parse_spec(found.spec()).scenarios
    a = ml.classify(scenario, "objective[counterfactual=usefulness]")
    b = ml.classify(scenario, "objective[counterfactual=merge_probability]")
    assert a.forced is not None
    assert b.forced is not None
    assert a.forced is not b.forced


def test_find_quiz_rejects_a_description_based_scheme() -> None:
    with pytest.raises(ValueError, match="world-based"):
        find_quiz(["heuristic:deception[reading=gricean]"])


@pytest.mark.slow
def test_searches_are_deterministic_for_a_seed() -> None:
    quizzes = [find_quiz(seed=1), find_quiz(seed=1)]
    flips = [find_flip("heuristic:training-vs-model", seed=3), find_flip("heuristic:training-vs-model", seed=3)]
    for first, second in (quizzes, flips):
        assert isinstance(first, Found)
        assert isinstance(second, Found)
        assert first.spec() == second.spec()


@pytest.mark.slow
def test_find_flip_finds_a_forced_flip_like_the_seeds_quiz() -> None:
    found = find_flip("heuristic:training-vs-model")
    assert isinstance(found, Found)
    one, two = ml.parse_spec(found.spec()).scenarios
    assert (ml.classify(one, found.schemes[0]).forced, ml.classify(two, found.schemes[0]).forced) == (
        ml.Label.OUTER,
        ml.Label.INNER,
    )


def test_render_spec_takes_scheme_ids_like_every_entry_point() -> None:
    spec = ml.load_spec(SPECS / "pop_quiz.toml")
    again = ml.parse_spec(render_spec(spec.story, spec.scenarios, ["root-cause", "heuristic:deception"]))
    assert [s.id for s in again.schemes] == ["root-cause", "heuristic:deception"]
    with pytest.raises(ml.SpecError, match="unknown scheme"):
        render_spec(spec.story, spec.scenarios, ["root-caus"])


def test_a_scenarios_repr_is_a_complete_spec_file() -> None:
    spec = ml.load_spec(SPECS / "pop_quiz.toml")
    for scenario in spec.scenarios:
        again = ml.parse_spec(repr(scenario))
        assert again.story == spec.story
        (alone,) = again.scenarios
        assert alone.name == scenario.name
        # Written on its own: the facts it inherits are its own, so the text needs no other scenario.
        assert [c.text for c in alone.constraints] == [c.text for c in scenario.constraints]
        assert "App(" not in repr(scenario)


def test_a_falsifying_example_is_a_spec_file_check_accepts(tmp_path: Path) -> None:
    # A user's property test that fails, run as a user runs it: hypothesis reports the scenario it found.
    script = tmp_path / "users_property.py"
    script.write_text(
        "from hypothesis import given, settings\n"
        "import misalign_logic as ml\n"
        "from misalign_logic import strategies as mls\n\n"
        "@given(mls.scenarios(decided=True))\n"
        "@settings(max_examples=200, database=None, derandomize=True, deadline=None)\n"
        "def test_never_inner(scenario):\n"
        "    assert ml.classify(scenario, 'generalization[standard=outcomes]').forced is not ml.Label.INNER\n\n"
        "try:\n"
        "    test_never_inner()\n"
        "except AssertionError as failed:\n"
        "    print('\\n'.join(failed.__notes__))\n"
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    # The report names the argument, then prints the scenario as it shows itself, then closes the call.
    printed = result.stdout.split("scenario=", 1)[1].split("\n)", 1)[0].rstrip().rstrip(",")
    spec_file = tmp_path / "found.toml"
    spec_file.write_text(printed + "\n")
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "misalign_logic",
            "check",
            str(spec_file),
            "--scheme",
            "generalization[standard=outcomes]",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr + printed
    assert "forced inner" in checked.stdout


def _check_json(text: str, tmp_path: Path) -> dict[str, dict[str, tuple[str, list[str]]]]:
    """``check`` run as a user runs it on ``text`` pasted into a file: each scenario's verdicts by scheme."""
    pasted = tmp_path / "pasted.toml"
    pasted.write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "misalign_logic", "check", str(pasted), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    return {s["name"]: {v["scheme"]: (v["status"], v["labels"]) for v in s["verdicts"]} for s in report["scenarios"]}


def test_a_disagreement_with_a_users_scheme_is_a_file_that_reproduces_it(tmp_path: Path) -> None:
    mine = ml.Scheme.define(
        "mine-bad-feedback",
        outer="exists t in training, a in Action: feedback(t, a) != ideal(t, a)",
        inner="forall t in training, a in Action: feedback(t, a) == ideal(t, a)",
    )
    found = find_disagreement(mine, "objective[counterfactual=usefulness]", QUIZ_STORY)
    assert isinstance(found, Found)
    (scenario,) = found.scenarios
    verdicts = _check_json(found.spec(), tmp_path)[scenario.name]
    a, b = verdicts[mine.id], verdicts["objective[counterfactual=usefulness]"]
    assert a[0] == b[0] == "forced"
    assert a[1] != b[1]


def test_a_flip_is_a_file_that_reproduces_it(tmp_path: Path) -> None:
    found = find_flip("heuristic:training-vs-model", QUIZ_STORY, seed=1, max_examples=300)
    assert isinstance(found, Found)
    first, second = found.scenarios
    verdicts = _check_json(found.spec(), tmp_path)
    one, two = verdicts[first.name]["heuristic:training-vs-model"], verdicts[second.name]["heuristic:training-vs-model"]
    assert one[0] == two[0] == "forced"
    assert one[1] != two[1]


def test_a_quiz_is_a_file_that_reproduces_it(tmp_path: Path) -> None:
    found = find_quiz(["root-cause"])
    assert isinstance(found, Found)
    verdicts = _check_json(found.spec(), tmp_path)
    assert verdicts["scenario-1"]["heuristic:training-vs-model"] == ("forced", ["outer"])
    assert verdicts["scenario-2"]["heuristic:training-vs-model"] == ("forced", ["inner"])
    assert verdicts["scenario-1"]["root-cause"] == verdicts["scenario-2"]["root-cause"]
