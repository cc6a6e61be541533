"""Differential tests: the solver's verdicts against the brute-force evaluator's, on generated stories.

Sizes: stories from ``misalign_logic.strategies.stories()`` — 1-2 training and 1-2 deployment situations,
2-3 actions, 1-2 choices, 2-3 reasons, at most one cognition and one world fact; scenarios of 1-4 generated
constraints (refinements add 1-3 more). Every example checks *every* scheme of ``scheme_family(story)``
(16-18 schemes: each family and parameter under both readings), so each scheme is checked on every example.

Example counts, default profile: 150 generated scenarios, 60 generated refinement pairs, 40 decided scenarios
(``scenarios(decided=True)``: 363 of 676 verdicts, 54%, force outer, inner or both on 40 derandomized draws)
and 40 forcing refinements (tests/testing/forcing.py: a generated scenario plus the facts of a brute-force
witness world; 37% of their verdicts force a failure label, against 1.4% of plain generated ones), so every
scheme is compared on 290 generated stories and scenarios, and 100 pairs of scenarios are related both ways.
``HYPOTHESIS_PROFILE=long`` runs ten times as many (2,100 per scheme; see tests/conftest.py).
"""

from __future__ import annotations

import random
import sys

import hypothesis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.model import conditions as labels
from misalign_logic.testing.bruteforce import BruteVerdict, brute_classify, brute_relate
from tests.conftest import SPECS, enumerated, scaled
from tests.testing.forcing import forcing

EXAMPLES = scaled(150)


def _agree(scenario: ml.Scenario) -> None:
    for scheme in ml.scheme_family(scenario.story):
        solver = ml.classify(scenario, scheme, explain=False)
        brute = enumerated(brute_classify, scenario, scheme)
        assert solver.status is not ml.Status.UNKNOWN, solver.reason
        assert BruteVerdict(solver.status, solver.labels) == brute, (
            f"{scheme.id} on {[c.text for c in scenario.constraints]}: solver {solver.summary()}, "
            f"brute force {brute.status} {sorted(map(str, brute.labels))} (witnesses {dict(brute.witnesses)})"
        )


def _relate_agrees(a: ml.Scenario, b: ml.Scenario) -> None:
    brute = enumerated(brute_relate, a, b)
    assert ml.relate(a, b).kind is brute, f"{a.name} vs {b.name}: {[c.text for c in a.constraints + b.constraints]}"


@settings(max_examples=EXAMPLES, deadline=None)
@given(mls.scenarios())
def test_every_scheme_agrees_with_enumeration(scenario: ml.Scenario) -> None:
    _agree(scenario)


@settings(max_examples=scaled(60), deadline=None)
@given(
    mls.stories().flatmap(
        lambda story: mls.scenarios(story).flatmap(lambda base: st.tuples(st.just(base), mls.refinements(base)))
    )
)
def test_refinements_agree_with_enumeration(pair: tuple[ml.Scenario, ml.Scenario]) -> None:
    base, refined = pair
    _agree(refined)
    _relate_agrees(refined, base)


@settings(max_examples=scaled(40), deadline=None)
@given(mls.scenarios(decided=True))
def test_decided_scenarios_agree_with_enumeration(scenario: ml.Scenario) -> None:
    _agree(scenario)


@settings(max_examples=scaled(40), deadline=None)
@given(forcing())
def test_forcing_refinements_agree_with_enumeration(case: tuple[ml.Scenario, ml.Scheme, ml.Label]) -> None:
    _agree(case[0])


@settings(max_examples=scaled(100), deadline=None)
@given(mls.stories().flatmap(lambda story: st.tuples(mls.scenarios(story, name="a"), mls.scenarios(story, name="b"))))
def test_relations_agree_with_enumeration(pair: tuple[ml.Scenario, ml.Scenario]) -> None:
    a, b = pair
    _relate_agrees(a, b)
    _relate_agrees(b, a)


# The seed's table (docs/model.md), rows 1-8 and 11, decided by enumeration alone: the brute-force side is held
# to the same reference as the solver, so an agreement between the two cannot hide a shared misreading.
SEED_TABLE = [
    ("objective", "ambiguous {inner, outer}", "ambiguous {inner, outer}"),
    ("objective[counterfactual=usefulness]", "forced inner", "forced inner"),
    ("objective[counterfactual=merge_probability]", "forced outer", "forced outer"),
    ("generalization[standard=outcomes]", "forced inner", "forced inner"),
    ("generalization[standard=reasons]", "ambiguous {inner, outer}", "forced outer"),
    ("heuristic:training-vs-model", "forced outer", "forced inner"),
    ("heuristic:deception", "ambiguous {inner, outer}", "forced inner"),
    ("heuristic:deception[reading=gricean]", "forced outer", "forced inner"),
    ("root-cause", "ambiguous {both, inner, outer}", "ambiguous {both, inner, outer}"),
]


def _summary(verdict: BruteVerdict) -> str:
    labels = sorted(str(label) for label in verdict.labels)
    if verdict.status is ml.Status.FORCED:
        return f"forced {labels[0]}"
    if verdict.status is ml.Status.AMBIGUOUS:
        return "ambiguous {" + ", ".join(labels) + "}"
    return str(verdict.status)


@pytest.mark.parametrize(("scheme", "one", "two"), SEED_TABLE)
def test_enumeration_reproduces_the_seed_table(
    s1: ml.Scenario, s2: ml.Scenario, scheme: str, one: str, two: str
) -> None:
    assert (_summary(brute_classify(s1, scheme)), _summary(brute_classify(s2, scheme))) == (one, two)


def test_enumeration_relates_the_quiz(s1: ml.Scenario, s2: ml.Scenario) -> None:
    assert brute_relate(s2, s1) is ml.RelationKind.REFINES
    assert brute_relate(s1, s2) is ml.RelationKind.REFINED_BY
    assert brute_relate(s1, s1) is ml.RelationKind.EQUIVALENT


@pytest.mark.parametrize(("spec", "label"), [("coastrunners.toml", "outer"), ("coinrun.toml", "inner")])
def test_enumeration_decides_the_clean_cases(spec: str, label: str) -> None:
    loaded = ml.load_spec(SPECS / spec)
    for scheme in (
        "objective",
        "generalization[standard=outcomes]",
        "generalization[standard=reasons]",
        "generalization[standard=verifiable]",
        "root-cause",
    ):
        for scenario in loaded.scenarios:
            assert _summary(brute_classify(scenario, scheme)) == f"forced {label}", (scenario.name, scheme)


def test_enumeration_finds_inconsistency() -> None:
    story = ml.Story.build("tiny", {"t": "training", "d": "deployment"}, ["x", "y"], ["c"])
    clash = ml.Scenario.from_strings(story, "clash", ["policy(d) == x", "policy(d) == y"])
    assert brute_classify(clash, "objective").status is ml.Status.INCONSISTENT


def test_enumeration_applies_the_background_axiom() -> None:
    # design on a training situation is the feedback there, under every choice; off training it is free.
    story = ml.Story.build("tiny", {"t": "training", "d": "deployment"}, ["x", "y"], ["c1", "c2"])
    tied = ml.Scenario.from_strings(story, "tied", ["design(c1, t, x)", "not feedback(t, x)"])
    free = ml.Scenario.from_strings(story, "free", ["design(c1, d, x)", "not design(c2, d, x)"])
    assert brute_classify(tied, "objective").status is ml.Status.INCONSISTENT
    assert brute_classify(free, "objective").status is not ml.Status.INCONSISTENT


def test_the_cross_check_catches_a_planted_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    # Plant a plausible misreading in how the solver composes the registry's conditions (a failure point in any
    # situation, training too) and let hypothesis look for a disagreement: the differential test must be able
    # to fail. The brute-force checker finds failure points its own way.
    classify_module = sys.modules["misalign_logic.solve.classify"]

    def clear() -> None:
        labels.parsed_definitions.cache_clear()
        classify_module.clear_cache()

    monkeypatch.setattr(labels, "FAILURE", "exists s in Situation: not ideal(s, policy(s))")
    clear()
    try:
        scheme = "generalization[standard=outcomes]"
        found = hypothesis.find(
            mls.scenarios(),
            lambda s: BruteVerdict(*_solver_view(s, scheme)) != brute_classify(s, scheme),
            settings=settings(database=None, max_examples=500, deadline=None),
            random=random.Random(0),
        )
    finally:
        monkeypatch.undo()
        clear()
    assert BruteVerdict(*_solver_view(found, scheme)) == brute_classify(found, scheme)  # the real solver agrees


def _solver_view(scenario: ml.Scenario, scheme: str) -> tuple[ml.Status, frozenset[ml.Label]]:
    verdict = ml.classify(scenario, scheme, explain=False)
    return verdict.status, verdict.labels
