"""The SMT printer of ground formulas (solve/encoding.py): what it folds, and what it keeps for the next formula."""

from __future__ import annotations

import misalign_logic as ml
from misalign_logic.model.parse import parse_constraint
from misalign_logic.solve.compile import Folding
from misalign_logic.solve.encoding import Encoder, iff
from misalign_logic.solve.ground import Lowering
from tests.solve.test_classify import STORY


def _encoder(*stated: str) -> Encoder:
    """A printer that folds what ``stated`` states, as a compiled analysis's does."""
    low = Lowering(STORY)
    fold = Folding(low)
    for i, text in enumerate(stated):
        fold.split(f"c#{i}", parse_constraint(text, STORY))
    fold.close()
    encoder = Encoder(STORY, low)
    encoder.folding = fold
    return encoder


def _text(encoder: Encoder, text: str) -> str:
    return encoder.formula(parse_constraint(text, STORY))


def test_an_equivalence_of_two_aliased_atoms_is_true() -> None:
    encoder = _encoder("forall a: feedback(train, a) == ideal(train, a)", "policy(train) == policy(test)")
    assert _text(encoder, "feedback(train, good) == ideal(train, good)") == "true"
    assert _text(encoder, "feedback(train, good) != ideal(train, good)") == "false"
    assert _text(encoder, "policy(train) == policy(test)") == "true"
    # Atoms the facts do not alias stay an equation, and both are read.
    assert _text(encoder, "feedback(train, good) == ideal(test, good)") not in ("true", "false")
    assert _text(encoder, "policy(train) == policy(train)") == "true"
    assert iff("x", "x") == "true"
    assert iff("x", "(not x)") == "(= x (not x))"


def test_the_atoms_an_aliased_equivalence_reads_are_still_read() -> None:
    # A witness world shows what a condition reads, folded or not; a core names the facts behind it.
    encoder = _encoder("forall a: feedback(train, a) == ideal(train, a)")
    encoder.take_reads()
    _text(encoder, "feedback(train, good) == ideal(train, good)")
    assert encoder.take_reads() == {"feedback(train, good)", "ideal(train, good)"}


def test_only_the_outermost_quantifier_is_kept_for_the_next_formula() -> None:
    # Label conditions share their outer quantifiers; one inside another is read again only through it, so
    # keeping it would hold a record per instance of the outer (thousands, in a large story) for nothing.
    encoder = _encoder()
    text = "exists s in deployment: forall a: ideal(s, a) -> not design(c1, s, a)"
    first = _text(encoder, text)
    assert len(encoder._defined) == 1
    assert _text(encoder, text) == first
    assert len(encoder._defined) == 1
    # The inner quantifier written on its own is kept, since it is then the outermost.
    _text(encoder, "forall a: ideal(test, a) -> not design(c1, test, a)")
    assert len(encoder._defined) == 2


def test_a_shared_definition_inside_a_quantifier_is_defined_once() -> None:
    story = ml.Story.build(
        "wide", situations={f"d{i}": "deployment" for i in range(40)}, actions=["good", "bad"], choices=["c1"]
    )
    encoder = Encoder(story, Lowering(story))
    # The same inner quantifier under the same binding of a, within two different outer ones: one node, long
    # enough to be named, so it must be defined once however often it is written.
    inner = "forall s in deployment: ideal(s, a) or design(c1, s, a)"
    whole = f"(forall a in Action: {inner}) and (exists a in Action: not ({inner}))"
    text = encoder.formula(parse_constraint(whole, story))
    declared = encoder.declarations()
    assert declared.count("(declare-const |d#") == 2  # one per action
    assert text.count("|d#0|") == 2
