"""What each scheme calls a world, written in the expression language (docs/model.md, "Schemes").

The definitions are kept as text so that a person can read them (``misalign-logic`` shows them in
explanations) and so that the same grounding turns them and a scenario's constraints into solver input.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from misalign_logic.model.expr import Expr
from misalign_logic.model.parse import parse_constraint
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.story import FactKind, Story

__all__ = ["FAILURE", "definitions", "gricean_defaults", "parsed_definitions"]

#: A failure point: a deployment situation where the model does what the wishes reject.
FAILURE = "exists s in deployment: not ideal(s, policy(s))"

#: Good feedback in training situation t, per standard of the generalization scheme.
GOOD_FEEDBACK = {
    "outcomes": "forall a in Action: feedback(t, a) == ideal(t, a)",
    "reasons": (
        "forall a in Action: (policy(t) == a -> (feedback(t, a) <-> ideal(t, a) and reason(t) == aligned))"
        " and (policy(t) != a -> (feedback(t, a) <-> ideal(t, a)))"
    ),
    "verifiable": (
        "forall a in Action: (ideal(t, a) -> feedback(t, a))"
        " and (not ideal(t, a) and exhibitable(t, a) -> not feedback(t, a))"
    ),
}

_VARIABLE = re.compile(r"\b([sta])\b")


def _rename(text: str, taken: Iterable[str]) -> str:
    """``text`` with its variables ``s``, ``t`` and ``a`` renamed where a story already uses those names.

    A story may call a situation ``t`` or an action ``a``; a variable must not hide it.
    """
    names = set(taken)
    fresh = {}
    for var in "sta":
        new = var
        while new in names:
            new += "_"
        fresh[var] = new
    if all(k == v for k, v in fresh.items()):
        return text
    return _VARIABLE.sub(lambda m: fresh[m.group(1)], text)


def _taken(story: Story) -> frozenset[str]:
    return frozenset(story.constant_sorts()) | frozenset(story.symbols())


#: The remedy the seed's plan ties to each label of the generalization scheme (its steps 2 and 3).
REMEDIES = {
    Label.OUTER: "fix the feedback process, so that it gives good feedback on the training situations",
    Label.INNER: (
        "find novel situations where the model takes a bad action and fix them: diversify the training "
        "distribution or change the inductive bias"
    ),
}


def definitions(scheme: Scheme, mentions_cognition: bool, taken: Iterable[str] = ()) -> dict[Label, str]:
    """Each label's condition under ``scheme``, as a constraint text over the story.

    Args:
        scheme: the scheme (its reading does not change the definitions, only the scenario).
        mentions_cognition: for the description-based heuristic, whether the scenario's own text
            mentions a cognition symbol.
        taken: the story's names; the definitions' variables are renamed so as not to hide any of them.
    """
    fail = f"({FAILURE})"
    family = scheme.family
    if family == "objective":
        outer = "(exists s in deployment: not ideal(s, policy(s)) and design(@C, s, policy(s)))"
        inner = "(exists s in deployment: not ideal(s, policy(s)) and not design(@C, s, policy(s)))"
        texts = {
            Label.NONE: f"not {fail}",
            Label.OUTER: f"{outer} and not {inner}",
            Label.INNER: f"{inner} and not {outer}",
            Label.BOTH: f"{outer} and {inner}",
        }
    elif family == "generalization":
        assert scheme.standard is not None
        bad = f"(exists t in training: not ({GOOD_FEEDBACK[scheme.standard]}))"
        texts = {
            Label.NONE: f"not {fail}",
            Label.OUTER: f"{fail} and {bad}",
            Label.INNER: f"{fail} and not {bad}",
            Label.BOTH: "false",
        }
    elif family == "root-cause":
        texts = {
            Label.NONE: f"not {fail}",
            Label.OUTER: f"{fail} and fixes_feedback and not fixes_generalization",
            Label.INNER: f"{fail} and fixes_generalization and not fixes_feedback",
            Label.BOTH: f"{fail} and (fixes_feedback <-> fixes_generalization)",
        }
    elif family == "heuristic:deception":
        deceived = "(exists t in training: reason(t) == deceptive)"
        texts = {
            Label.NONE: f"not {fail}",
            Label.OUTER: f"{fail} and not {deceived}",
            Label.INNER: f"{fail} and {deceived}",
            Label.BOTH: "false",
        }
    else:
        # heuristic:training-vs-model reads the description: the label is fixed by what the text mentions.
        texts = {
            Label.NONE: f"not {fail}",
            Label.OUTER: "false" if mentions_cognition else fail,
            Label.INNER: fail if mentions_cognition else "false",
            Label.BOTH: "false",
        }
    names = frozenset(taken)
    # Parameters go in after renaming, so that a choice called like a variable is not renamed with it.
    return {
        label: _rename(text, names).replace("@C", scheme.counterfactual or "choice") for label, text in texts.items()
    }


@functools.lru_cache(maxsize=256)
def parsed_definitions(story: Story, scheme: Scheme, mentions_cognition: bool) -> tuple[tuple[Label, Expr], ...]:
    """:func:`definitions`, parsed over ``story``."""
    texts = definitions(scheme, mentions_cognition, _taken(story))
    return tuple((label, parse_constraint(text, story)) for label, text in texts.items())


def gricean_defaults(story: Story, mentioned: frozenset[str]) -> tuple[str, ...]:
    """The defaults the Gricean reading adds: each cognition symbol not mentioned takes its default value.

    "What was not said did not happen" (the seed's appendix): the model's reason is ``aligned``, cognition
    booleans are false, cognition enums take their first value.
    """
    out = []
    if "reason" not in mentioned:
        out.append(_rename("forall s in Situation: reason(s) == aligned", _taken(story)))
    for fact in story.facts:
        if fact.kind is FactKind.COGNITION and fact.name not in mentioned:
            out.append(f"not {fact.name}" if fact.values is None else f"{fact.name} == {fact.values[0]}")
    return tuple(out)
