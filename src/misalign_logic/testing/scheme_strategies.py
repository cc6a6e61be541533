"""Hypothesis strategies for a researcher's own schemes: declared label sets and their conditions.

A drawn scheme declares one to four labels (names drawn from a pool that includes the bound variables'
names ``s``, ``t``, ``a``, ``c``, ``x`` and hyphenated names) and gives each a condition built from
story-independent statements with every connective. Nothing keeps the conditions exclusive or exhaustive, so
a drawn scheme is often not a categorization: its worlds then have values such as ``unlabelled`` or ``A+B``
(docs/model.md, "Values"), which the solver and the brute-force checker must agree on.
"""

from __future__ import annotations

import hashlib

from hypothesis import strategies as st

from misalign_logic.model.schemes import Scheme

__all__ = ["LABEL_NAMES", "STATEMENTS", "conditions", "user_schemes"]

#: Statements over the generic signature that a researcher's conditions are built from.
STATEMENTS = (
    "exists t in training: reason(t) == deceptive",
    "fixes_feedback",
    "fixes_generalization",
    "exists s in deployment: failure(s) and design(choice, s, policy(s))",
    "forall t in training, a in Action: feedback(t, a) == ideal(t, a)",
    "exists s in Situation: exhibitable(s, policy(s))",
    "forall s in deployment: failure(s)",
    "mentions(reason)",
    "mentions(cognition)",
    "true",
    "false",
)

#: Names a declared label may take, simplest first.
LABEL_NAMES = (
    "specification-gaming",
    "goal-misgeneralization",
    "capability-failure",
    "outer",
    "inner",
    "both",
    "s",
    "t",
    "a",
    "c",
    "x",
    "robustness_2",
)


def conditions(max_leaves: int = 4) -> st.SearchStrategy[str]:
    """A condition: a statement, or ``not``, ``and``, ``or``, ``->``, ``<->`` over conditions."""
    return st.recursive(
        st.sampled_from(STATEMENTS).map(lambda a: f"({a})"),
        lambda inner: st.one_of(
            inner.map(lambda a: f"(not {a})"),
            st.tuples(inner, st.sampled_from(("and", "or", "->", "<->")), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
        ),
        max_leaves=max_leaves,
    )


@st.composite
def user_schemes(draw: st.DrawFn, *, readings: tuple[str, ...] = ("literal", "gricean")) -> Scheme:
    """A scheme with a declared label set of one to four labels, one drawn condition each, under a reading.

    The scheme is registered under a name derived from its definition, so the same draw gives the same scheme.
    """
    labels = draw(st.lists(st.sampled_from(LABEL_NAMES), min_size=1, max_size=4, unique=True))
    given = {label: draw(conditions()) for label in labels}
    # The labels' order is part of the definition: two draws with the same conditions in another order are
    # two schemes, so they need two names.
    digest = hashlib.sha256(repr((labels, sorted(given.items()))).encode()).hexdigest()[:16]
    scheme = Scheme.define(f"labels-{digest}", labels=labels, conditions=given)
    return scheme.with_reading(draw(st.sampled_from(readings)))
