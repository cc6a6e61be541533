"""The mutation catalogue still applies: each planted mistake's text occurs exactly once in the source."""

from __future__ import annotations

import pytest

from tests.mutations.mutate import ACCEPTED, MUTATIONS, ROOT, Mutation


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_the_mutation_applies_to_the_source(mutation: Mutation) -> None:
    text = (ROOT / mutation.path).read_text()
    assert text.count(mutation.old) == 1, f"{mutation.name}: update tests/mutations/mutate.py"
    assert mutation.new != mutation.old


def test_names_are_unique() -> None:
    assert len({m.name for m in MUTATIONS}) == len(MUTATIONS)


def test_each_accepted_survivor_is_in_the_catalogue_with_a_reason() -> None:
    names = {m.name for m in MUTATIONS}
    assert set(ACCEPTED) <= names
    assert all(len(reason) > 40 for reason in ACCEPTED.values())


@pytest.mark.parametrize("mutation", [m for m in MUTATIONS if m.killers], ids=lambda m: m.name)
def test_each_named_killer_exists(mutation: Mutation) -> None:
    assert all((ROOT / path).is_file() for path in mutation.killers), mutation.killers
