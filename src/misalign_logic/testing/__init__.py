"""Testing room: assertions for a user's test suite, hypothesis strategies, the brute-force checker, searches.

``misalign_logic.testing`` is the public path of the assertions (:mod:`misalign_logic.testing.assertions`).
"""

from misalign_logic.testing import assertions as _assertions
from misalign_logic.testing.assertions import *  # noqa: F403  (the public face of the assertions module)

__all__ = _assertions.__all__
