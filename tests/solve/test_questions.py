"""Questions to ask (``ml.questions``): minimal sets of facts that force each label, checked by brute force.

On generated small stories (one situation per phase, two actions, one or two choices) with an ambiguous
verdict, every set of at most two facts over the terms the scheme reads is tried by the brute-force checker:
the sets the solver names are exactly the minimal forcing ones (complete and minimal).
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.solve.queries import LabelQuery
from misalign_logic.solve.questions import questions
from misalign_logic.testing.bruteforce import brute_forces, brute_labels
from tests.conftest import enumerated, scaled

SMALL = mls.stories(max_training=1, max_deployment=1, max_actions=2, max_choices=2)
CASES = SMALL.flatmap(lambda story: st.tuples(mls.scenarios(story, max_constraints=3), mls.schemes(story)))


def _facts(scenario: ml.Scenario, scheme: ml.Scheme) -> list[tuple[str, object]]:
    query = LabelQuery(scenario, scheme)
    out: list[tuple[str, object]] = []
    for atom in sorted(query.support):
        sort = query.enc.sort_of(atom)
        out += [(atom, v) for v in ((False, True) if sort == "Bool" else query.enc.values[sort])]
    return out


def _brute_minimal(
    scenario: ml.Scenario, scheme: ml.Scheme, labels: frozenset[ml.Label], most: int
) -> set[tuple[ml.Label, ml.World]]:
    story = scenario.story
    forcing: dict[ml.Label, list[frozenset[tuple[str, object]]]] = {label: [] for label in labels}
    for size in range(1, most + 1):
        for combo in itertools.combinations(_facts(scenario, scheme), size):
            if len({a for a, _ in combo}) < size:
                continue
            given = [ml.Constraint.parse(s, story).expr for s in ml.World.of(dict(combo)).statements()]  # type: ignore[arg-type]
            for label in labels:
                if any(m <= frozenset(combo) for m in forcing[label]):
                    continue  # holds a smaller forcing set: not minimal
                if enumerated(brute_forces, scenario, scheme, label, given):
                    forcing[label].append(frozenset(combo))
    return {(label, ml.World.of(dict(m))) for label, ms in forcing.items() for m in ms}  # type: ignore[arg-type]


@settings(max_examples=scaled(15), deadline=None)
@given(CASES)
def test_questions_are_exactly_the_minimal_forcing_sets(case: tuple[ml.Scenario, ml.Scheme]) -> None:
    scenario, scheme = case
    labels = enumerated(brute_labels, scenario, scheme)
    assume(len(labels) > 1)
    found = questions(scenario, scheme, max_size=2)
    assert found.labels == labels
    assert found.complete
    assert {(q.label, q.facts) for q in found.questions} == _brute_minimal(scenario, scheme, labels, 2)
    sizes = [len(q.facts) for q in found.questions]
    assert sizes == sorted(sizes)  # smallest first


def test_the_pop_quiz_asks_what_separates_scenario_2_from_scenario_1(s1: ml.Scenario, s2: ml.Scenario) -> None:
    # Scenario 2 adds that the model wrote useful pull requests in review to deceive its overseers: the one
    # fact that forces inner under the deception heuristic and outer under the reasons standard.
    said = {c.text for c in s2.constraints} - {c.text for c in s1.constraints}
    assert any("reason(review) == deceptive" in text for text in said)
    for scheme, label in (
        ("heuristic:deception", ml.Label.INNER),
        ("generalization[standard=reasons]", ml.Label.OUTER),
    ):
        found = questions(s1, scheme)
        assert found.complete
        first = found.of(label)[0]
        assert first.facts == ml.World.of({"reason(review)": "deceptive"})
        assert all(len(q.facts) >= 1 for q in found.questions)


def test_a_forced_verdict_has_nothing_to_ask(s2: ml.Scenario) -> None:
    found = questions(s2, "heuristic:deception")
    assert (found.labels, found.questions, found.ambiguous) == (frozenset({ml.Label.INNER}), (), False)


def test_the_search_says_when_it_stopped_early(s1: ml.Scenario) -> None:
    found = questions(s1, "root-cause", max_checks=5)
    assert not found.complete
    assert "stopped after 5 solver checks" in found.stopped


@pytest.mark.parametrize("bad", [{"max_size": 0}, {"max_checks": -1}, {"max_size": True}, {"rlimit": -5}])
def test_bad_bounds_are_spec_errors(s1: ml.Scenario, bad: dict[str, object]) -> None:
    with pytest.raises(ml.SpecError):
        questions(s1, "objective", **bad)  # type: ignore[arg-type]
