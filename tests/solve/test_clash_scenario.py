"""A gap or overlap world shrunk to a scenario that forces its value, on schemes hypothesis writes (labels named
like the bound variables, every connective, conditions that read the wording), checked by enumeration: the
facts force the value, no one of them can be dropped, and the spec file written loads back to the same
scenario. Where a scheme reads the wording, the value may only be allowed, never claimed forced."""

from __future__ import annotations

import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic.solve.categorization import story_categorization
from misalign_logic.solve.clash_scenario import ForcedClash, forced_clash
from misalign_logic.solve.compare import shrink
from misalign_logic.solve.scope import mention_sets, read_symbols
from misalign_logic.testing.bruteforce import brute_classify, brute_forces
from misalign_logic.testing.scheme_strategies import user_schemes
from tests.conftest import enumerated, scaled

STORIES = (
    ml.Story.build("small", {"t1": "training", "d1": "deployment"}, ("a1",), ("c1",)),
    ml.Story.build("two-actions", {"t": "training", "s": "deployment"}, ("a", "x"), ("c",)),
)


def _found(scheme: ml.Scheme, story: ml.Story) -> list[tuple[ForcedClash | None, str]]:
    out = []
    for mentioned in mention_sets([scheme], story):
        found = story_categorization(story, scheme, mentioned)
        if found.gap is not None:
            out.append((forced_clash("gap", scheme, story, found.gap, mentioned), "gap"))
        if found.overlap is not None:
            world, labels = found.overlap, found.overlap_labels
            out.append((forced_clash("overlap", scheme, story, world, mentioned, labels), "overlap"))
    return out


def _minimal_by_enumeration(shrunk: ForcedClash) -> None:
    scenario, scheme, value = shrunk.scenario, shrunk.scheme, shrunk.value
    assert enumerated(brute_forces, scenario, scheme, value), f"{shrunk.facts} do not force {value}"
    facts = list(shrunk.facts)
    for k in range(len(facts)):
        fewer = ml.Scenario.from_strings(scenario.story, "fewer", facts[:k] + facts[k + 1 :])
        assert not enumerated(brute_forces, fewer, scheme, value), f"{facts[k]} of {facts} can be dropped"


@settings(max_examples=scaled(40), deadline=None)
@given(user_schemes(readings=("literal",)), st.sampled_from(STORIES))
def test_each_gap_and_overlap_shrinks_to_facts_that_force_it_and_none_can_be_dropped(
    scheme: ml.Scheme, story: ml.Story
) -> None:
    for shrunk, kind in _found(scheme, story):
        assert shrunk is not None, f"the {kind} of {scheme.family.conditions} was not written as a scenario"
        assert shrunk.kind == kind
        if shrunk.forced:
            assert shrunk.minimal
            _minimal_by_enumeration(shrunk)
        else:
            # Only a scheme that reads the wording may fail to force it: the facts of a symbol the scenario
            # must not mention are left unsaid. The value is then one the scenario allows.
            assert read_symbols(scheme, story), scheme.family.conditions
            assert shrunk.value in enumerated(brute_classify, shrunk.scenario, scheme).labels
        # Read as TOML, not loaded: loading would register the scheme again in this process (the command-line
        # tests load such files in a fresh process).
        spec = tomllib.loads(shrunk.spec())
        assert [s["constraints"] for s in spec["scenario"]] == [list(shrunk.facts)]
        assert list(spec["scheme"]) == [scheme.id]


def test_the_overlapping_example_is_folded_to_four_facts_and_two() -> None:
    scheme = ml.Scheme.define(
        "test-feedback-or-departure",
        outer="exists t in training, a in Action: feedback(t, a) != ideal(t, a)",
        inner="exists s in deployment: failure(s) and not design(choice, s, policy(s))",
    )
    found = {kind: shrunk for shrunk, kind in _found(scheme, STORIES[0])}
    assert found["overlap"] is not None
    assert found["overlap"].value.value == "inner+outer"
    assert sorted(found["overlap"].facts) == sorted(
        ["not design(c1, d1, a1)", "feedback(t1, a1)", "not ideal(d1, a1)", "not ideal(t1, a1)"]
    )
    _minimal_by_enumeration(found["overlap"])


def test_shrinking_repeats_its_passes_for_a_predicate_that_is_not_monotone() -> None:
    # "b" alone holds, and so do a, b, c and a, b; a is kept in the first pass (b, c does not hold) and can only
    # be dropped once c is gone.
    holding = {("a", "b", "c"), ("a", "b"), ("b",)}
    calls: list[tuple[str, ...]] = []

    def holds(part: list[str]) -> bool:
        calls.append(tuple(part))
        return tuple(part) in holding

    assert shrink(["a", "b", "c"], holds) == (["b"], True)
    assert ("b",) in calls


def test_a_gap_that_needs_the_wording_mentioned_drops_the_mention_once_it_is_not_needed() -> None:
    """Stating a tautology about ``reason`` mentions it, which lets the label hold; once the tautology is dropped,
    the fact that kept the label false is not needed either."""
    scheme = ml.Scheme.define(
        "test-gap-needs-mention",
        labels=["specification-gaming"],
        conditions={"specification-gaming": "fixes_feedback and mentions(reason)"},
    )
    found = [shrunk for shrunk, kind in _found(scheme, STORIES[0]) if kind == "gap"]
    assert found
    for shrunk in found:
        assert shrunk is not None
        assert shrunk.facts == ("not ideal(d1, a1)",)
        _minimal_by_enumeration(shrunk)
