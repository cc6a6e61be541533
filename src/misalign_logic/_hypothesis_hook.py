"""Hypothesis' entry point: registers strategies so that ``st.from_type(Scenario)`` works.

Hypothesis runs this hook while it is itself being imported, which may be in the middle of importing
:mod:`misalign_logic.strategies` (that module imports hypothesis). So the hook imports no strategy module: it
registers functions that import them when a strategy is first asked for, by which time every import is done.
"""

from __future__ import annotations

from typing import Any


def _stories(_: type) -> Any:
    from misalign_logic.testing import strategies

    return strategies.stories()


def _scenarios(_: type) -> Any:
    from misalign_logic.testing import strategies

    return strategies.scenarios()


def _schemes(_: type) -> Any:
    from misalign_logic.testing import strategies

    return strategies.stories().flatmap(strategies.schemes)


def _hypothesis_setup_hook() -> None:
    """Register the strategies for :func:`hypothesis.strategies.from_type`; called by hypothesis."""
    from hypothesis import strategies as st

    from misalign_logic.model.scenario import Scenario
    from misalign_logic.model.schemes import Scheme
    from misalign_logic.model.story import Story

    st.register_type_strategy(Story, _stories)
    st.register_type_strategy(Scenario, _scenarios)
    st.register_type_strategy(Scheme, _schemes)
