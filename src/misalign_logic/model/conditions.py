"""What each scheme calls a world, as expressions over a story (docs/model.md, "Schemes as data").

Every family's conditions are text in the registry (:mod:`misalign_logic.model.families`); here they get their
parameters and the failure point, and are parsed over a story, so that the same grounding turns them and a
scenario's constraints into solver input, and the brute-force checker evaluates the same conditions.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable

from misalign_logic.model.expr import BoolLit, Connective, Expr, Not, Quantifier
from misalign_logic.model.families import BUILTIN, FAILURE
from misalign_logic.model.parse import Origin, parse_condition
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.story import FactKind, Story

__all__ = ["FAILURE", "REMEDIES", "definitions", "gricean_defaults", "parsed_definitions"]

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
REMEDIES = {label: BUILTIN["generalization"].remedy(label.value)[1] for label in (Label.OUTER, Label.INNER)}


def definitions(scheme: Scheme) -> dict[Label, str]:
    """Each label's condition under ``scheme``, as text: the family's conditions with its parameters filled in.

    The condition of ``none`` is "no failure point"; the others are the family's, read at worlds with a failure
    point. The text is story-independent; :func:`parsed_definitions` reads it over a story.
    """
    family = scheme.family
    texts = {Label.NONE: f"not ({FAILURE})"}
    for label in (Label.OUTER, Label.INNER, Label.BOTH):
        text = family.condition(label.value)
        for p in family.parameters:
            text = text.replace("{" + p.name + "}", p.text(scheme.param(p.name)))
        texts[label] = "false" if text.strip() == "false" else f"({FAILURE}) and ({text})"
    return texts


def _mentioned(story: Story, mentioned: bool | frozenset[str]) -> frozenset[str]:
    if isinstance(mentioned, bool):  # the older form: whether the scenario mentions any cognition symbol
        return story.cognition_symbols if mentioned else frozenset()
    return mentioned


@functools.lru_cache(maxsize=256)
def parsed_definitions(
    story: Story, scheme: Scheme, mentioned: bool | frozenset[str]
) -> tuple[tuple[Label, Expr], ...]:
    """Each label's condition under ``scheme`` (its reading aside), parsed over ``story``.

    Args:
        story: the signature.
        scheme: the scheme.
        mentioned: the symbols the scenario's constraints mention (what ``mentions(...)`` reads); ``True`` /
            ``False`` stand for "some cognition symbol" / "none".

    Raises:
        SpecError: a user scheme's condition does not parse over ``story`` (located where it is written).
    """
    seen = _mentioned(story, mentioned)
    family = scheme.family
    failure = parse_condition(FAILURE, story, seen)
    out: list[tuple[Label, Expr]] = [(Label.NONE, Not(failure))]
    for label in (Label.OUTER, Label.INNER, Label.BOTH):
        text = family.condition(label.value)
        for p in family.parameters:
            text = text.replace("{" + p.name + "}", p.text(scheme.param(p.name)))
        file, line, column = family.origin(label.value)
        condition = parse_condition(text, story, seen, Origin(file, line, column))
        if condition == BoolLit(False):
            out.append((label, condition))
        elif isinstance(condition, Connective) and condition.op == "and":
            out.append((label, Connective("and", (failure, *condition.args))))
        else:
            out.append((label, Connective("and", (failure, condition))))
    return tuple(out)


def gricean_defaults(story: Story, mentioned: frozenset[str]) -> tuple[str, ...]:
    """The defaults the Gricean reading adds: each cognition ground term not mentioned takes its default.

    "What was not said did not happen" (the seed's appendix), per ground term (docs/model.md, "Readings"):
    ``reason(s)`` is ``aligned`` for every situation ``s`` whose ``reason(s)`` is not mentioned, a cognition
    boolean is false, a cognition enum takes its first declared value and a cognition amount the lower bound
    of its range, per ground term of a symbol with arguments, unless mentioned.

    Args:
        story: the story.
        mentioned: the ground cognition terms the scenario mentions, written ``reason(t1)`` or ``knew``
            (:attr:`~misalign_logic.Scenario.mentioned_terms`).
    """
    out = []
    unsaid = [s.name for s in story.situations if f"reason({s.name})" not in mentioned]
    if len(unsaid) == len(story.situations):
        out.append(_rename("forall s in Situation: reason(s) == aligned", _taken(story)))
    else:
        out += [f"reason({s}) == aligned" for s in unsaid]
    for fact in story.facts:
        if fact.kind is not FactKind.COGNITION:
            continue
        default = fact.default()
        for args in itertools.product(*(story.sort_values(a) for a in fact.args)):
            term = f"{fact.name}({', '.join(args)})" if args else fact.name
            if term not in mentioned:
                out.append(f"not {term}" if default is False else f"{term} == {default}")
    return tuple(out)


def _truth(e: Expr, atoms: dict[Expr, int], bits: int) -> bool:
    """``e``'s truth when each of its non-connective parts is read from ``bits`` (see :func:`exclusive_by_form`)."""
    if isinstance(e, BoolLit):
        return e.value
    if isinstance(e, Not):
        return not _truth(e.arg, atoms, bits)
    if isinstance(e, Connective):
        parts = [_truth(a, atoms, bits) for a in e.args]
        if e.op == "and":
            return all(parts)
        if e.op == "or":
            return any(parts)
        if e.op == "->":
            return not parts[0] or parts[1]
        return parts[0] == parts[1]
    return bool(bits >> atoms.setdefault(e, len(atoms)) & 1)


def _splits(atoms: dict[Expr, int]) -> list[tuple[int, int, int]]:
    """Triples of parts ``(∃v: A, ∃v: A and B, ∃v: A and not B)``: the first holds exactly when one of the others
    does, whatever ``A`` and ``B`` mean (a case split on ``B`` under the quantifier)."""
    found = []
    exists = {(q.variables, q.body): i for q, i in atoms.items() if isinstance(q, Quantifier) and q.kind == "exists"}
    for (variables, body), i in exists.items():
        if not (isinstance(body, Connective) and body.op == "and" and len(body.args) == 2):
            continue
        first, second = body.args
        if isinstance(second, Not):
            continue
        j = exists.get((variables, Connective("and", (first, Not(second)))))
        k = exists.get((variables, first))
        if j is not None and k is not None:
            found.append((k, i, j))
    return found


def exclusive_by_form(definitions: tuple[tuple[Label, Expr], ...], most: int = 12) -> bool:
    """True when the labels' conditions are exclusive and exhaustive by their propositional form alone.

    Each part that is not ``and``, ``or``, ``not``, ``->`` or ``<->`` (a quantifier, an atom, a comparison) is
    read as a true/false unknown, and every assignment of them is tried: if exactly one label holds under each,
    it does in every world of every story, whatever the parts mean. ``outer = A and not B``, ``inner = B and
    not A``, ``both = A and B`` is such a form. The one fact about the parts used is the case split
    ``(∃v: A) <-> (∃v: A and B) or (∃v: A and not B)``, valid for any ``A`` and ``B`` (the objective scheme's
    failure points are each endorsed by the blueprint or not). False when the form does not show it (the solver
    must then decide) or when it has more than ``most`` parts.
    """
    atoms: dict[Expr, int] = {}
    for _, e in definitions:
        _truth(e, atoms, 0)  # numbers every part
    if len(atoms) > most:
        return False
    splits = _splits(atoms)
    for bits in range(1 << len(atoms)):
        if any(bool(bits >> k & 1) != bool(bits >> i & 1 or bits >> j & 1) for k, i, j in splits):
            continue  # no world assigns the parts so
        if sum(_truth(e, atoms, bits) for _, e in definitions) != 1:
            return False
    return True
