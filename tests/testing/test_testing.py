"""The assertion helpers of misalign_logic.testing, and the example test file that uses them."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.testing import assert_ambiguous, assert_forced, assert_refines, explain

EXAMPLE = Path(__file__).resolve().parent.parent.parent / "examples" / "test_my_taxonomy.py"


def test_assert_forced_passes_and_returns_the_verdict(s1: ml.Scenario) -> None:
    verdict = assert_forced(s1, "objective[counterfactual=merge_probability]", "outer")
    assert verdict.forced is ml.Label.OUTER


def test_assert_forced_fails_with_the_core(s1: ml.Scenario) -> None:
    with pytest.raises(AssertionError) as failure:
        assert_forced(s1, "objective[counterfactual=merge_probability]", ml.Label.INNER)
    message = str(failure.value)
    assert message.startswith("expected forced inner, got forced outer")
    assert "'forall a: design(merge_probability, farm, a)'" in message  # the core, quoted
    assert "pop_quiz.toml:" in message  # with where it was stated


def test_assert_forced_fails_with_witnesses_when_ambiguous(s1: ml.Scenario) -> None:
    with pytest.raises(AssertionError) as failure:
        assert_forced(s1, "objective", "outer")
    message = str(failure.value)
    assert "got ambiguous {inner, outer}" in message
    assert "decided by: choice" in message
    assert "a world where it is inner: choice == usefulness" in message


def test_assert_ambiguous(s1: ml.Scenario, s2: ml.Scenario) -> None:
    assert assert_ambiguous(s1, "root-cause").labels == {ml.Label.OUTER, ml.Label.INNER, ml.Label.BOTH}
    assert_ambiguous(s1, "objective", ["outer", "inner"])
    with pytest.raises(AssertionError, match=r"expected ambiguous \{inner\}, got ambiguous \{inner, outer\}"):
        assert_ambiguous(s1, "objective", ["inner"])
    with pytest.raises(AssertionError, match="these stated constraints force outer"):
        assert_ambiguous(s2, "generalization[standard=reasons]")


def test_assert_forced_reports_an_inconsistent_scenario(s1: ml.Scenario) -> None:
    clash = s1.refine("clash", ["policy(farm) == useful_pr"])
    with pytest.raises(AssertionError, match="no world satisfies these stated constraints together") as failure:
        assert_forced(clash, "objective", "outer")
    assert "'policy(farm) == print_pr'" in str(failure.value)


def test_assert_refines(s1: ml.Scenario, s2: ml.Scenario) -> None:
    assert assert_refines(s2, s1).kind is ml.RelationKind.REFINES
    with pytest.raises(AssertionError, match=r"a world of scenario-1 that is not one of scenario-2: .*reason"):
        assert_refines(s1, s2)


def test_explain_names_the_remedy(s2: ml.Scenario) -> None:
    assert "remedy: fix the feedback process" in explain(ml.classify(s2, "generalization[standard=reasons]"))


def test_the_example_test_file_passes() -> None:
    spec = importlib.util.spec_from_file_location("test_my_taxonomy", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tests = [f for name, f in inspect.getmembers(module, inspect.isfunction) if name.startswith("test_")]
    assert len(tests) == 9
    for test in tests:
        test()
