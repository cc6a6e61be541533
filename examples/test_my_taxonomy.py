"""An example of consistency proofs in a test suite: claims about a taxonomy, checked by the solver.

Run it with: python -m pytest examples/test_my_taxonomy.py

Each test states a claim about the seed's pop quiz (specs/pop_quiz.toml) with the helpers of
``misalign_logic.testing``; when a claim is false, the assertion message is the solver's explanation
(the stated constraints that force another label, or a witness world per label). The last test uses
hypothesis to look for counterexamples to a general claim over generated scenarios.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.testing import assert_ambiguous, assert_coherent, assert_forced, assert_refines

QUIZ = ml.load_spec(Path(__file__).resolve().parent.parent / "specs" / "pop_quiz.toml")
ONE, TWO = QUIZ.scenario("scenario-1"), QUIZ.scenario("scenario-2")


def test_scenario_2_tells_more_than_scenario_1() -> None:
    assert_refines(TWO, ONE)


def test_merge_probability_makes_the_quiz_outer() -> None:
    # If the designers "would have" rewarded whatever gets merged, the blueprint endorses the print statements.
    assert_forced(ONE, "objective[counterfactual=merge_probability]", "outer")
    assert_forced(TWO, "objective[counterfactual=merge_probability]", "outer")


def test_the_objective_scheme_leaves_the_quiz_open() -> None:
    verdict = assert_ambiguous(ONE, "objective", {"outer", "inner"})
    assert "choice" in verdict.deciding  # the seed's free variable


def test_deception_decides_the_reasons_standard() -> None:
    assert_ambiguous(ONE, "generalization[standard=reasons]")
    assert_forced(TWO, "generalization[standard=reasons]", "outer")


@settings(max_examples=25, deadline=None)
@given(mls.stories().flatmap(mls.scenarios))
def test_deception_with_a_failure_is_never_outer_under_the_deception_heuristic(scenario: ml.Scenario) -> None:
    # A general claim: state that the model deceived in every training situation, and the deception
    # heuristic can only say inner (or none, when nothing fails).
    told = scenario.refine("deceived", ["forall s in training: reason(s) == deceptive"])
    verdict = ml.classify(told, "heuristic:deception")
    assert ml.Label.OUTER not in verdict.labels


def test_my_answers_to_the_quiz_are_coherent() -> None:
    # "Outer" for scenario 1 as a possibility and "inner" for scenario 2 for certain: one categorization can
    # give both, since scenario 1 has worlds outside scenario 2 (where the model's reasons differ).
    assert_coherent(
        [
            ml.Judgment("scenario-1", ml.Label.OUTER, ml.Strength.POSSIBLE),
            ml.Judgment("scenario-2", ml.Label.INNER, ml.Strength.CERTAIN),
        ],
        QUIZ.scenarios,
    )


@settings(max_examples=25, deadline=None)
@given(mls.stories().flatmap(lambda story: mls.scenarios(story, decided=True)))
def test_a_forced_outer_under_the_feedback_standard_means_some_feedback_was_bad(scenario: ml.Scenario) -> None:
    # Decided scenarios state the policy, the wishes and whole groups of read facts, so most are forced and the
    # property is tested on forced verdicts, not passed vacuously; a counterexample prints as a [[scenario]].
    if ml.classify(scenario, "generalization[standard=outcomes]").forced is ml.Label.OUTER:
        # Then no world of the scenario has good feedback in every training situation.
        good = "forall t in training, a: feedback(t, a) == ideal(t, a)"
        told = scenario.refine("good-feedback", [good])
        assert ml.classify(told, "generalization[standard=outcomes]").status is ml.Status.INCONSISTENT


def test_two_schemes_part_on_a_minimal_scenario() -> None:
    from misalign_logic.testing.search import Found, find_disagreement

    found = find_disagreement("root-cause", "heuristic:deception", QUIZ.story)
    assert isinstance(found, Found)
    (scenario,) = found.scenarios
    assert ml.classify(scenario, "root-cause").forced is not ml.classify(scenario, "heuristic:deception").forced


def test_ambiguous_then_inner_is_coherent() -> None:
    assert_coherent(
        [
            ml.Judgment("scenario-1", None, ml.Strength.POSSIBLE),  # the answer "ambiguous"
            ml.Judgment("scenario-2", ml.Label.INNER, ml.Strength.CERTAIN),
        ],
        QUIZ.scenarios,
    )
