"""Bad calls to the Python API get a SpecError that says what to pass, never a raw exception or a silent
``unknown``; and a story built in Python keeps the limits a spec file keeps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import misalign_logic as ml
from misalign_logic.testing.search import find_disagreement


@pytest.fixture(scope="module")
def one(quiz: ml.Spec) -> ml.Scenario:
    return quiz.scenario("scenario-1")


CALLS: dict[str, tuple[Callable[[ml.Spec, ml.Scenario], Any], str]] = {
    "classify(None)": (lambda q, s: ml.classify(None, "objective"), "scenario must be a Scenario, not None"),  # type: ignore[arg-type]
    "classify(scheme=3)": (lambda q, s: ml.classify(s, 3), "a scheme must be a Scheme or a scheme ID"),  # type: ignore[arg-type]
    "relate(one, 'x')": (lambda q, s: ml.relate(s, "x"), "the second scenario must be a Scenario, not 'x'"),  # type: ignore[arg-type]
    "rlimit=1.5": (lambda q, s: ml.classify(s, "objective", rlimit=1.5), "rlimit must be a whole number"),  # type: ignore[arg-type]
    "rlimit=2**40": (lambda q, s: ml.classify(s, "objective", rlimit=2**40), "rlimit must be a whole number"),
    "rlimit=-1": (lambda q, s: ml.relate(s, s, rlimit=-1), "rlimit must be a whole number"),
    "timeout=nan": (lambda q, s: ml.classify(s, "objective", timeout=float("nan")), "timeout must be a positive"),
    "timeout=0": (lambda q, s: ml.Analysis(s, timeout=0), "timeout must be a positive"),
    "check_many(schemes='objective')": (
        lambda q, s: ml.check_many([q], schemes="objective"),  # type: ignore[arg-type]
        "schemes must be a list of schemes or scheme IDs",
    ),
    "check_many(jobs=0)": (lambda q, s: ml.check_many([q], jobs=0), "jobs must be a whole number"),
    "check_many(timeout=inf)": (lambda q, s: ml.check_many([q], timeout=float("inf")), "timeout must be a positive"),
    "atlas([path])": (lambda q, s: ml.atlas([q.path]), "each spec must be a Spec, not"),  # type: ignore[list-item]
    "atlas(spec)": (lambda q, s: ml.atlas(q), "specs must be a list of loaded specs"),  # type: ignore[arg-type]
    "atlas(schemes=[3])": (lambda q, s: ml.atlas([q], schemes=[3]), "a scheme must be a Scheme"),  # type: ignore[list-item]
    "probability(prior=None)": (lambda q, s: ml.probability(s, "objective", None), "prior must be a Prior, not None"),  # type: ignore[arg-type]
    "explain(None)": (lambda q, s: ml.explain(None, s), "verdict must be a Verdict, not None"),  # type: ignore[arg-type]
    "explain(scenario='x')": (
        lambda q, s: ml.explain(ml.classify(s, "objective"), "x"),  # type: ignore[arg-type]
        "scenario must be a Scenario, not 'x'",
    ),
    "build_report(None)": (lambda q, s: ml.build_report(None), "spec must be a Spec, not None"),  # type: ignore[arg-type]
    "find_disagreement(story='story')": (
        lambda q, s: find_disagreement(ml.parse_scheme("objective"), ml.parse_scheme("root-cause"), "story"),  # type: ignore[arg-type]
        "story must be a Story, not 'story'",
    ),
    "Scheme.define(None)": (
        lambda q, s: ml.Scheme.define(None, outer="true", inner="false"),  # type: ignore[arg-type]
        "a scheme's name must be a string, not NoneType",
    ),
}


@pytest.mark.parametrize("call", CALLS)
def test_a_bad_call_is_a_spec_error_that_says_what_to_pass(call: str, quiz: ml.Spec, one: ml.Scenario) -> None:
    function, message = CALLS[call]
    with pytest.raises(ml.SpecError) as caught:
        function(quiz, one)
    assert message in caught.value.problems[0].message
    assert caught.value.problems[0].hint


def test_check_many_takes_scheme_ids(quiz: ml.Spec) -> None:
    (result,) = ml.check_many([quiz], schemes=["objective[counterfactual=usefulness]"])  # type: ignore[list-item]
    assert [v.summary() for _, vs in result.verdicts for v in vs] == ["forced inner", "forced inner"]


def test_the_largest_resource_limit_decides(one: ml.Scenario) -> None:
    assert ml.classify(one, "objective[counterfactual=usefulness]", rlimit=2**32 - 1).summary() == "forced inner"


def test_story_build_keeps_the_size_limits_of_a_spec_file() -> None:
    with pytest.raises(ml.SpecError, match="the story has 10000 actions; the limit is"):
        ml.Story.build("s", {"t": "training"}, [f"a{i}" for i in range(10_000)], ["c"])
    with pytest.raises(ml.SpecError, match="situations × actions × choices is 64000; the limit is 40000"):
        ml.Story.build("s", {f"s{i}": "training" for i in range(1000)}, ["a", "b"], [f"c{i}" for i in range(32)])


def test_atlas_takes_scheme_ids(quiz: ml.Spec) -> None:
    found = ml.atlas([quiz], schemes=["objective"])  # type: ignore[list-item]
    assert [c.id for c in found.columns] == ["objective"]
