"""Hypothesis strategies for misalign_logic's data: stories, scenarios, refinements, schemes
(the seed's, and a researcher's own with declared labels: ``user_schemes``) and judgments.

Use them to generate adversarial scenarios in your own tests::

    from hypothesis import given
    from misalign_logic import strategies as mls

    @given(mls.scenarios())
    def test_my_claim(scenario): ...

Once the package is installed, ``hypothesis.strategies.from_type(Scenario)`` (and ``Story``, ``Scheme``) works
too: the strategies are registered through hypothesis' ``hypothesis`` entry point.
"""

from misalign_logic.testing import strategies as _strategies
from misalign_logic.testing.scheme_strategies import user_schemes
from misalign_logic.testing.strategies import *  # noqa: F403  (the public face of the private module)

__all__ = [*_strategies.__all__, "user_schemes"]
