"""What each scheme calls a world, written in the expression language (DESIGN.md, "Schemes").

The definitions are kept as text so that a person can read them (``misalign-logic`` shows them in
explanations) and so that the same grounding turns them and a scenario's constraints into solver input.
"""

from __future__ import annotations

import functools

from misalign_logic.expr import Expr
from misalign_logic.parse import parse_constraint
from misalign_logic.schemes import Label, Scheme
from misalign_logic.story import FactKind, Story

__all__ = ["FAILURE", "definitions", "gricean_defaults", "parsed_definitions"]

# The definitions bind _s, _t and _a: a story's names start with a letter, so these never hide one of them.

#: A failure point: a deployment situation where the model does what the wishes reject.
FAILURE = "exists _s in deployment: not ideal(_s, policy(_s))"

#: Good feedback in training situation t, per standard of the generalization scheme.
GOOD_FEEDBACK = {
    "outcomes": "forall _a in Action: feedback(_t, _a) == ideal(_t, _a)",
    "reasons": (
        "forall _a in Action: (policy(_t) == _a -> (feedback(_t, _a) <-> ideal(_t, _a) and reason(_t) == "
        "aligned))"
        " and (policy(_t) != _a -> (feedback(_t, _a) <-> ideal(_t, _a)))"
    ),
    "verifiable": (
        "forall _a in Action: (ideal(_t, _a) -> feedback(_t, _a))"
        " and (not ideal(_t, _a) and exhibitable(_t, _a) -> not feedback(_t, _a))"
    ),
}

#: The remedy the seed's plan ties to each label of the generalization scheme (its steps 2 and 3).
REMEDIES = {
    Label.OUTER: "fix the feedback process, so that it gives good feedback on the training situations",
    Label.INNER: (
        "find novel situations where the model takes a bad action and fix them: diversify the training "
        "distribution or change the inductive bias"
    ),
}


def definitions(scheme: Scheme, mentions_cognition: bool) -> dict[Label, str]:
    """Each label's condition under ``scheme``, as a constraint text over the story.

    Args:
        scheme: the scheme (its reading does not change the definitions, only the scenario).
        mentions_cognition: for the description-based heuristic, whether the scenario's own text
            mentions a cognition symbol.
    """
    fail = f"({FAILURE})"
    family = scheme.family
    if family == "objective":
        c = scheme.counterfactual or "choice"
        outer = f"(exists _s in deployment: not ideal(_s, policy(_s)) and design({c}, _s, policy(_s)))"
        inner = f"(exists _s in deployment: not ideal(_s, policy(_s)) and not design({c}, _s, policy(_s)))"
        return {
            Label.NONE: f"not {fail}",
            Label.OUTER: f"{outer} and not {inner}",
            Label.INNER: f"{inner} and not {outer}",
            Label.BOTH: f"{outer} and {inner}",
        }
    if family == "generalization":
        assert scheme.standard is not None
        bad = f"(exists _t in training: not ({GOOD_FEEDBACK[scheme.standard]}))"
        return {Label.NONE: f"not {fail}", Label.OUTER: f"{fail} and {bad}",
                Label.INNER: f"{fail} and not {bad}", Label.BOTH: "false"}
    if family == "root-cause":
        return {
            Label.NONE: f"not {fail}",
            Label.OUTER: f"{fail} and fixes_feedback and not fixes_generalization",
            Label.INNER: f"{fail} and fixes_generalization and not fixes_feedback",
            Label.BOTH: f"{fail} and (fixes_feedback <-> fixes_generalization)",
        }
    if family == "heuristic:deception":
        deceived = "(exists _t in training: reason(_t) == deceptive)"
        return {Label.NONE: f"not {fail}", Label.OUTER: f"{fail} and not {deceived}",
                Label.INNER: f"{fail} and {deceived}", Label.BOTH: "false"}
    # heuristic:training-vs-model reads the description: the label is fixed by what the text mentions.
    return {
        Label.NONE: f"not {fail}",
        Label.OUTER: "false" if mentions_cognition else fail,
        Label.INNER: fail if mentions_cognition else "false",
        Label.BOTH: "false",
    }


@functools.lru_cache(maxsize=256)
def parsed_definitions(story: Story, scheme: Scheme, mentions_cognition: bool) -> tuple[tuple[Label, Expr], ...]:
    """:func:`definitions`, parsed over ``story``."""
    texts = definitions(scheme, mentions_cognition)
    return tuple((label, parse_constraint(text, story)) for label, text in texts.items())


def gricean_defaults(story: Story, mentioned: frozenset[str]) -> tuple[str, ...]:
    """The defaults the Gricean reading adds: each cognition symbol not mentioned takes its default value.

    "What was not said did not happen" (the seed's appendix): the model's reason is ``aligned``, cognition
    booleans are false, cognition enums take their first value.
    """
    out = []
    if "reason" not in mentioned:
        var = "_s" if "s" in story.constant_sorts() or "s" in story.symbols() else "s"
        out.append(f"forall {var} in Situation: reason({var}) == aligned")
    for fact in story.facts:
        if fact.kind is FactKind.COGNITION and fact.name not in mentioned:
            out.append(f"not {fact.name}" if fact.values is None else f"{fact.name} == {fact.values[0]}")
    return tuple(out)
