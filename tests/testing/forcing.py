"""Generated scenarios that force a label by construction, so forced-verdict code meets generated input.

Plain generated scenarios (``misalign_logic.strategies.scenarios()``) are rarely forced: in 150 derandomized
examples, 36 of 2,564 verdicts (1.4%) force outer, inner or both. A forcing refinement forces a failure label
under its drawn scheme in 120 of 150 examples (80%), and under 949 of the 2,572 verdicts of every scheme of its
family (37%); in 9 of the 150, z3's first core for the drawn scheme is larger than the minimal one.
"""

from __future__ import annotations

import hypothesis
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic import strategies as mls
from misalign_logic.testing.bruteforce import brute_classify
from tests.conftest import enumerated


@st.composite
def forcing(draw: st.DrawFn) -> tuple[ml.Scenario, ml.Scheme, ml.Label]:
    """A scenario, a scheme, and a label the scheme forces on the scenario by construction.

    The scenario is a generated one plus every fact of a brute-force witness world of one of its labels: the
    witness holds exactly the atoms read to settle the constraints and the label, so its facts force it. The
    scheme reads worlds under its literal reading (Gricean readings included): stating facts about cognition
    changes the words a description-based label reads, not only the worlds.
    """
    base = draw(mls.scenarios())
    scheme = draw(st.sampled_from([s for s in ml.scheme_family(base.story) if s.with_reading("literal").world_based]))
    found = enumerated(brute_classify, base, scheme)
    if not found.witnesses:
        hypothesis.reject()  # an inconsistent base forces nothing
    label = draw(st.sampled_from(sorted(found.witnesses, key=str)))
    facts = [s for s in found.witnesses[label].statements() if s not in {c.text for c in base.constraints}]
    try:
        return base.refine("forced", facts), scheme, label
    except ml.SpecError:  # a fact only a quantifier can reach (feedback in deployment) cannot be stated
        hypothesis.reject()
