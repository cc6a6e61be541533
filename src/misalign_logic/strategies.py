"""Hypothesis strategies for misalign_logic's data: stories, scenarios, refinements, schemes and judgments.

Use them to generate adversarial scenarios in your own tests::

    from hypothesis import given
    from misalign_logic import strategies as mls

    @given(mls.scenarios())
    def test_my_claim(scenario): ...

Once the package is installed, ``hypothesis.strategies.from_type(Scenario)`` (and ``Story``, ``Scheme``) works
too: the strategies are registered through hypothesis' ``hypothesis`` entry point.
"""

from misalign_logic._strategies import (
    WORLD_SYMBOLS,
    cognition_facts,
    facts,
    judgments,
    refinements,
    scenarios,
    schemes,
    stories,
    world_based_schemes,
    world_facts,
)

__all__ = [
    "WORLD_SYMBOLS",
    "cognition_facts",
    "facts",
    "judgments",
    "refinements",
    "scenarios",
    "schemes",
    "stories",
    "world_based_schemes",
    "world_facts",
]
