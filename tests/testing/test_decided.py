"""Scenarios that decide: consistent by construction, mostly forced, and a falsified claim reads as a spec."""

from __future__ import annotations

import collections
import subprocess
import sys
import textwrap

import hypothesis
from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from tests.conftest import SPECS

_DRAWS = 600  # correlated draws: fewer let a share wander by a tenth from run to run
_EXACT = settings(
    max_examples=_DRAWS,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)


def forced_shares() -> dict[str, float]:
    """Per world-based scheme, the share of :data:`_DRAWS` decided scenarios it forces a label on."""
    forced: collections.Counter[str] = collections.Counter()
    drawn: collections.Counter[str] = collections.Counter()
    pairs = mls.stories().flatmap(lambda s: st.tuples(st.just(s), mls.scenarios(s, decided=True)))

    @_EXACT
    @given(pairs)
    def draw(pair: tuple[ml.Story, ml.Scenario]) -> None:
        story, scenario = pair
        analysis = ml.Analysis(scenario, explain=False)
        for scheme in ml.default_schemes(story):
            if not scheme.world_based:
                continue
            family = "objective[counterfactual=C]" if scheme.counterfactual else scheme.id
            verdict = analysis.classify(scheme)
            assert verdict.status is not ml.Status.INCONSISTENT, scenario
            drawn[family] += 1
            forced[family] += verdict.status is ml.Status.FORCED

    draw()
    return {family: forced[family] / drawn[family] for family in drawn}


def test_each_world_based_scheme_forces_a_label_on_over_a_third_of_decided_scenarios() -> None:
    """The share each world-based scheme forces, over many draws: hypothesis' draws are correlated, and the
    derandomized sequence still varies with the order of sets and with what the process drew before, so with
    150 draws a share wandered from 0.33 to 0.59; over 600 the lowest share seen was 0.43."""
    shares = forced_shares()
    assert len(shares) == 7
    assert all(share > 1 / 3 for share in shares.values()), shares


@settings(max_examples=30, deadline=None, database=None)
@given(mls.refinements(ml.load_spec(SPECS / "pop_quiz.toml").scenarios[0], decided=True))
def test_decided_refinements_are_consistent_refinements(refined: ml.Scenario) -> None:
    one = ml.load_spec(SPECS / "pop_quiz.toml").scenarios[0]
    assert ml.classify(refined, "root-cause", explain=False).status is not ml.Status.INCONSISTENT
    assert ml.relate(refined, one).kind in (ml.RelationKind.REFINES, ml.RelationKind.EQUIVALENT)


@settings(max_examples=20, deadline=None)
@given(mls.stories())
def test_generated_stories_carry_describe_words(story: ml.Story) -> None:
    assert story.describe
    assert all(s.describe for s in story.situations)
    assert all(story.description(a) for a in story.actions)
    assert all(story.description(c) for c in story.choices)


def test_a_false_claim_fails_with_a_shrunk_example_that_reads_as_a_spec() -> None:
    # Run as a user runs it: a property test of their own, in a fresh interpreter, under pytest.
    claim = textwrap.dedent(
        """
        from hypothesis import given, settings
        import misalign_logic as ml
        from misalign_logic import strategies as mls

        @settings(derandomize=True, database=None, deadline=None, max_examples=200)
        @given(mls.scenarios(decided=True))
        def test_deception_never_forces_inner(scenario):
            assert ml.classify(scenario, "heuristic:deception", explain=False).forced is not ml.Label.INNER
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", claim + "\ntest_deception_never_forces_inner()\n"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    report = result.stderr
    assert "Falsifying example" in report or "Failing test case" in report
    assert "[[scenario]]" in report
    assert "reason(" in report
    assert "deceptive" in report
    assert "App(" not in report  # no AST repr
