"""The mutation catalogue still applies: each planted mistake's text occurs exactly once in the source."""

from __future__ import annotations

import pytest

from tests.mutations.mutate import MUTATIONS, ROOT, Mutation


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_the_mutation_applies_to_the_source(mutation: Mutation) -> None:
    text = (ROOT / mutation.path).read_text()
    assert text.count(mutation.old) == 1, f"{mutation.name}: update tests/mutations/mutate.py"
    assert mutation.new != mutation.old


def test_names_are_unique() -> None:
    assert len({m.name for m in MUTATIONS}) == len(MUTATIONS)
