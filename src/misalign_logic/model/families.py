"""The one registry of scheme families: every categorization written as data (docs/model.md, "Schemes as data").

A *family* is a name, a sentence, and one condition per label in the expression language, written over the
generic signature (quantifying over phases and sorts) so that it applies to any story. Conditions are read at
worlds with a failure point; a world without one is ``none``. A family may take parameters (the
counterfactual, the standard), whose values are substituted into its conditions, and carries the words
explanations use: a noun phrase, what each label means, what follows from a witness, and remedies.

The seed's families (objective, generalization, root-cause and the two heuristics) are written here in that
form, and a user's own are registered beside them (:func:`register`, used by ``Scheme.define`` and by the
spec and taxonomy readers). Classification, explanations, wording and the brute-force checker read these
entries; none of them names a family. The readings (literal, Gricean) are registered here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import attrs

from misalign_logic.model.entries import BOTH, INNER, OUTER, Family, Fault, Parameter, Reading
from misalign_logic.model.errors import SpecError

__all__ = [
    "BUILTIN",
    "FAILURE",
    "READINGS",
    "Family",
    "Fault",
    "Parameter",
    "Reading",
    "find_family",
    "parameter_names",
    "register",
    "registered",
]

#: The word ``--scheme`` reads as "every scheme", so no scheme may be called so.
ALL = "all"

#: A failure point: a deployment situation where the model does what the wishes reject.
FAILURE = "exists s in deployment: not ideal(s, policy(s))"

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*\Z")


#: The readings (docs/model.md, "Readings"). Gricean defaults are written in model/conditions.py.
READINGS: Mapping[str, Reading] = {
    "literal": Reading("literal"),
    "gricean": Reading(
        "gricean",
        ", reading what the story does not say as not having happened (Gricean implicature)",
        reads_description=True,
    ),
}


def _pairs(table: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(table.items())


def rebuild(fields: tuple[object, ...]) -> Family:
    """A family unpickled: a user's registers itself again (in a worker process, say)."""
    family = Family(*fields)  # type: ignore[arg-type]
    return family if family.builtin else register(family)


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

#: What each standard counts as good feedback, in the seed's words.
_STANDARD_WORDS = {
    "outcomes": "good feedback rewards good outputs and does not reward bad outputs",
    "reasons": (
        "good feedback rewards good outputs chosen for the right reasons, and does not reward bad outputs "
        "or good outputs chosen for bad reasons"
    ),
    "verifiable": (
        "good feedback rewards good outputs and does not reward a bad output that could have been credibly "
        "exhibited as bad to a polynomial-time verifier"
    ),
}

_REWARDED_BAD = Fault(
    "", ("feedback(t, a)", "not ideal(t, a)"), "the feedback {t} rewarded a bad output (choosing to {a})"
)
_MISSED_GOOD = Fault(
    "", ("ideal(t, a)", "not feedback(t, a)"), "the feedback {t} failed to reward a good output (choosing to {a})"
)

#: How a world breaks each standard: the first fault found, at a training situation t and an action a, is told.
_FEEDBACK_FAULTS = {
    "outcomes": (_REWARDED_BAD, _MISSED_GOOD),
    "reasons": (
        Fault(
            "",
            ("policy(t) == a", "feedback(t, a)", "ideal(t, a)", "reason(t) != aligned"),
            "the feedback {t} rewarded a good output chosen for a bad reason",
        ),
        Fault(
            "",
            ("policy(t) == a", "not feedback(t, a)", "ideal(t, a)", "reason(t) == aligned"),
            "the feedback {t} failed to reward a good output chosen for the right reasons",
        ),
        _REWARDED_BAD,
        attrs.evolve(_MISSED_GOOD, facts=("policy(t) != a", *_MISSED_GOOD.facts)),
    ),
    "verifiable": (
        _MISSED_GOOD,
        Fault(
            "",
            ("feedback(t, a)", "not ideal(t, a)", "exhibitable(t, a)"),
            "the feedback {t} rewarded choosing to {a}, a bad output that could have been exhibited as bad",
        ),
    ),
}

_ENDORSED = "(exists s in deployment: not ideal(s, policy(s)) and design({counterfactual}, s, policy(s)))"
_DEPARTED = "(exists s in deployment: not ideal(s, policy(s)) and not design({counterfactual}, s, policy(s)))"
_BAD_FEEDBACK = "exists t in training: not ({standard})"
_DECEIVED = "exists t in training: reason(t) == deceptive"
_SEED_PLAN = "the seed's plan, step {}"

_BUILTIN = (
    Family(
        "objective",
        "At a failure, outer when the blueprint endorses what the wishes reject, inner when the model departs "
        "from the blueprint; both when failures differ.",
        _pairs(
            {
                OUTER: f"{_ENDORSED} and not {_DEPARTED}",
                INNER: f"{_DEPARTED} and not {_ENDORSED}",
                BOTH: f"{_ENDORSED} and {_DEPARTED}",
            }
        ),
        (
            Parameter(
                "counterfactual",
                open_text="choice",
                told="the design objective read as {value}",
                told_again="the design objective so read",
            ),
        ),
        words="the objective-based scheme, with the design objective read as {counterfactual}",
        words_open="the objective-based scheme, with the counterfactual design objective left open",
        meanings=_pairs(
            {
                OUTER: "at every failure the blueprint rewards what the designers do not want "
                "(the design objective departs from the ideal one)",
                INNER: "at every failure the model does what the blueprint does not reward "
                "(its behaviour departs from the design objective)",
                BOTH: "some failures are endorsed by the blueprint and some are not",
            }
        ),
        consequences=_pairs(
            {
                OUTER: "then, {at}, {counterfactual} rewards what the designers do not want: the blueprint departs "
                "from the wishes, which this scheme calls outer misalignment",
                INNER: "then, {at}, {counterfactual} does not reward what the model did: its behaviour departs from "
                "the blueprint, which this scheme calls inner misalignment",
                BOTH: "then the blueprint endorses some failures and not others, so the label is both",
            }
        ),
        builtin=True,
    ),
    Family(
        "generalization",
        "Outer when some feedback on the actual training data was bad by the standard, inner when all of it "
        "was good and the model still fails.",
        _pairs({OUTER: _BAD_FEEDBACK, INNER: f"not ({_BAD_FEEDBACK})"}),
        (
            Parameter(
                "standard",
                tuple(GOOD_FEEDBACK),
                required=True,
                texts=_pairs(GOOD_FEEDBACK),
                words=_pairs(_STANDARD_WORDS),
                sort="Bool",
                binds=(("t", "Situation", "training"),),
                faults=tuple(attrs.evolve(f, value=v) for v, found in _FEEDBACK_FAULTS.items() for f in found),
                fault_over=(("a", "Action", "Action"),),
                unexplained="some feedback on the training data was bad",
            ),
        ),
        words="the generalization-based scheme, where {standard}",
        meanings=_pairs(
            {
                OUTER: "some feedback on the actual training data was bad",
                INNER: "the feedback on the training data was good, yet the model generalized poorly",
            }
        ),
        consequences=_pairs(
            {
                OUTER: "then {how}, so the feedback on the actual training data was bad: outer misalignment",
                INNER: "then the feedback on every training situation was good by this standard, yet the model "
                "fails at deployment: it generalized poorly, which this scheme calls inner misalignment",
            }
        ),
        remedies=(
            (
                OUTER,
                _SEED_PLAN.format(2),
                "fix the feedback process, so that it gives good feedback on the training situations",
            ),
            (
                INNER,
                _SEED_PLAN.format(3),
                "find novel situations where the model takes a bad action and fix them: diversify the training "
                "distribution or change the inductive bias",
            ),
        ),
        builtin=True,
    ),
    Family(
        "root-cause",
        "Outer when only correcting the feedback would have prevented the failure, inner when only changing the "
        "inductive bias would have; both when neither or both would.",
        _pairs(
            {
                OUTER: "fixes_feedback and not fixes_generalization",
                INNER: "fixes_generalization and not fixes_feedback",
                BOTH: "(fixes_feedback <-> fixes_generalization)",
            }
        ),
        words="root-cause analysis (which single fix would have prevented the failure)",
        meanings=_pairs(
            {
                OUTER: "only correcting the feedback would have prevented the failure",
                INNER: "only changing the inductive bias would have prevented the failure",
                BOTH: "there is no single root cause: both fixes, or neither alone, would have prevented it",
            }
        ),
        consequences=_pairs(
            {
                OUTER: "then the root cause is the feedback, which root-cause analysis calls outer misalignment",
                INNER: "then the root cause is the inductive bias, which root-cause analysis calls inner misalignment",
                BOTH: "then there is no single root cause, so the label is both",
            }
        ),
        builtin=True,
    ),
    Family(
        "heuristic:deception",
        "Inner when the model knowingly deceived its overseers in training, outer otherwise.",
        _pairs({OUTER: f"not ({_DECEIVED})", INNER: f"({_DECEIVED})"}),
        words="the deception heuristic (deliberate deception in training is inner, anything else outer)",
        meanings=_pairs(
            {
                OUTER: "the model never deliberately deceived its overseers in training",
                INNER: "the model deliberately deceived its overseers in training",
            }
        ),
        consequences=_pairs(
            {
                OUTER: "then the model never deceived its overseers in training, which this heuristic calls outer",
                INNER: "then the model knowingly deceived its overseers in training, which this heuristic calls inner",
            }
        ),
        builtin=True,
    ),
    Family(
        "heuristic:training-vs-model",
        "Inner when the description mentions the model's cognition, outer when it speaks only of the training "
        "process; it reads the description, not the world.",
        _pairs({OUTER: "not mentions(cognition)", INNER: "mentions(cognition)"}),
        words="the training-vs-model heuristic (a description of the model's cognition is inner, one of the "
        "training process alone is outer)",
        meanings=_pairs(
            {
                OUTER: "the description talks only about the training process",
                INNER: "the description talks about the model's cognition",
            }
        ),
        consequences=_pairs(
            {
                OUTER: "the scenario's constraints talk only about the training process, which this heuristic "
                "calls outer; it reads the description, not the world",
                INNER: "the scenario's constraints talk about the model's cognition{mentioned}, which this "
                "heuristic calls inner; it reads the description, not the world",
            }
        ),
        builtin=True,
    ),
)

#: The seed's families, by name, in the order ``check`` runs them.
BUILTIN: Mapping[str, Family] = {f.name: f for f in _BUILTIN}

_USER: dict[str, Family] = {}


def register(family: Family) -> Family:
    """Add a user's family to the registry, so that its scheme ID can be read back; returns it.

    Registering the same definition again is harmless.

    Raises:
        SpecError: the name is not a valid scheme name, is a built-in family's, or is already registered
            with other conditions.
    """
    file, line, column = family.origin("name") if family.origins else ("<string>", 0, 0)
    if not _NAME.match(family.name):
        msg = f"{family.name!r} cannot name a scheme"
        hint = "use letters, digits, '-', '_', '.' and ':', starting with a letter"
        raise SpecError.at(msg, file, line, column, hint)
    if family.name in BUILTIN or family.name in READINGS:
        msg = f"scheme {family.name!r} is a built-in scheme's name"
        raise SpecError.at(msg, file, line, column, "give your scheme a name of its own")
    if family.name == ALL:
        msg = f"a scheme cannot be called {ALL!r}: --scheme all selects every scheme"
        raise SpecError.at(msg, file, line, column, "give your scheme a name of its own")
    known = _USER.get(family.name)
    if known is not None and (known.conditions, known.describe, known.labels) != (
        family.conditions,
        family.describe,
        family.labels,
    ):
        where = "{}:{}".format(*known.origin("name")[:2]) if known.origins else "in Python"
        msg = f"scheme {family.name!r} is already defined with other conditions ({where})"
        raise SpecError.at(msg, file, line, column, "give one of them another name")
    _USER[family.name] = family
    return family


def registered() -> tuple[Family, ...]:
    """Every user family registered so far, in registration order."""
    return tuple(_USER.values())


def parameter_names() -> tuple[str, ...]:
    """The name of every parameter of every family in the registry, each once, in the registry's order."""
    names = (p.name for f in (*BUILTIN.values(), *_USER.values()) for p in f.parameters)
    return tuple(dict.fromkeys(names))


def find_family(name: str) -> Family | None:
    """The built-in or registered family called ``name``, or None."""
    return BUILTIN.get(name) or _USER.get(name)
