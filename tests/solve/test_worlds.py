"""Listing and counting worlds (``ml.worlds``, ``worlds --count``), checked against the brute-force checker.

Generated small stories (``strategies.scenarios()``: 1-2 situations per phase, 2-3 actions, 1-2 choices,
1-4 constraints) under every scheme of their family: the projected worlds the solver lists, label by label,
are exactly those the enumeration in Python finds, each once.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.solve.worlds import count_worlds, worlds
from misalign_logic.testing.bruteforce import brute_worlds
from tests.conftest import enumerated, scaled

# One situation per phase and two actions: the default projection (every term a scheme reads) stays small
# enough to list whole; a list longer than MOST is compared in part (each world listed is one of the brute
# force's), so that no example is thrown away.
SMALL = mls.stories(max_training=1, max_deployment=1, max_actions=2, max_choices=2)
CASES = SMALL.flatmap(lambda story: st.tuples(mls.scenarios(story), mls.schemes(story)))
MOST = 300


def _listed(
    scenario: ml.Scenario, scheme: ml.Scheme, project: object = "symbols", limit: int | None = None
) -> dict[ml.Label, list[ml.World]]:
    out: dict[ml.Label, list[ml.World]] = {}
    for found in worlds(scenario, scheme, project=project, limit=limit):  # type: ignore[arg-type]
        out.setdefault(found.label, []).append(found.world)
    return out


@settings(max_examples=scaled(40), deadline=None)
@given(CASES)
def test_listed_worlds_are_the_brute_force_ones_each_once(case: tuple[ml.Scenario, ml.Scheme]) -> None:
    scenario, scheme = case
    brute = enumerated(brute_worlds, scenario, scheme, _support(scenario, scheme))
    total = sum(len(ws) for ws in brute.values())
    listed = _listed(scenario, scheme, limit=MOST)
    for label, ws in listed.items():
        assert len(ws) == len(set(ws))  # distinct: a blocking clause excludes each world once listed
        assert set(ws) <= brute[label]
    if total > MOST:
        assert sum(len(ws) for ws in listed.values()) == MOST
        return
    assert {label: set(ws) for label, ws in listed.items()} == {label: set(ws) for label, ws in brute.items()}
    counts = {c.label: c for c in count_worlds(scenario, scheme)}
    for label, count in counts.items():
        assert count.exact
        assert count.count == len(brute.get(label, ()))


@settings(max_examples=scaled(25), deadline=None)
@given(CASES, st.data())
def test_projection_onto_chosen_terms_counts_each_projection_once(
    case: tuple[ml.Scenario, ml.Scheme], data: st.DataObject
) -> None:
    scenario, scheme = case
    support = _support(scenario, scheme)
    terms = data.draw(st.lists(st.sampled_from(support), min_size=1, max_size=3, unique=True)) if support else []
    listed = _listed(scenario, scheme, terms)
    brute = enumerated(brute_worlds, scenario, scheme, terms)
    assert {label: set(ws) for label, ws in listed.items()} == {label: set(ws) for label, ws in brute.items()}


def _support(scenario: ml.Scenario, scheme: ml.Scheme) -> list[str]:
    from misalign_logic.solve.queries import LabelQuery

    return sorted(LabelQuery(scenario, scheme).support)


def test_the_pop_quiz_has_one_projected_world_per_label_under_deception(s1: ml.Scenario, s2: ml.Scenario) -> None:
    first = list(worlds(s1, "heuristic:deception"))
    assert [(f.label.value, f.world["reason(review)"]) for f in first] == [("outer", "aligned"), ("inner", "deceptive")]
    assert [f.label.value for f in worlds(s2, "heuristic:deception")] == ["inner"]
    assert [f.label.value for f in worlds(s1, "objective", project="label")] == ["outer", "inner"]
    assert next(iter(worlds(s1, "objective", label="inner", project="label"))).world == ml.World(())


def test_a_count_past_the_bound_says_at_least(s1: ml.Scenario) -> None:
    # Projected onto three terms the scenario leaves open, scenario 1 has eight worlds labelled outer.
    free = ["exhibitable(farm, print_pr)", "exhibitable(farm, useful_pr)", "exhibitable(review, print_pr)"]
    many = count_worlds(s1, "heuristic:deception", label="outer", project=free, bound=2)
    assert [(c.count, c.exact, str(c)) for c in many] == [(3, False, "at least 3")]
    exact = count_worlds(s1, "heuristic:deception", label="outer", project=free[:1], bound=2)
    assert [(c.count, c.exact, str(c)) for c in exact] == [(2, True, "2")]
    assert [c.count for c in count_worlds(s1, "heuristic:deception", label="outer", project=free)] == [8]


def test_limit_stops_the_list(s1: ml.Scenario) -> None:
    assert len(list(worlds(s1, "root-cause", limit=2))) == 2
    assert list(worlds(s1, "root-cause", limit=0)) == []


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"label": "sideways"}, "gives no label 'sideways'"),
        ({"project": ["reason(nowhere)"]}, "is not a ground term"),
        ({"project": 3}, "project must be"),
        ({"limit": -1}, "limit must be"),
        ({"limit": True}, "limit must be"),
    ],
)
def test_bad_arguments_are_spec_errors(s1: ml.Scenario, kwargs: dict[str, object], says: str) -> None:
    with pytest.raises(ml.SpecError, match=says):
        list(worlds(s1, "heuristic:deception", **kwargs))  # type: ignore[arg-type]


def test_the_solver_giving_up_is_never_a_short_list(s1: ml.Scenario) -> None:
    with pytest.raises(ml.SolverUnknown):
        list(worlds(s1, "objective", rlimit=1))
