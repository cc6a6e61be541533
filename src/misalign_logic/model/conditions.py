"""What each scheme calls a world, as expressions over a story (docs/model.md, "Schemes as data").

Every family's conditions are text in the registry (:mod:`misalign_logic.model.families`); here they get their
parameters and the failure point, and are parsed over a story, so that the same grounding turns them and a
scenario's constraints into solver input, and the brute-force checker evaluates the same conditions.
"""

from __future__ import annotations

import functools
import itertools
import re

from misalign_logic.model.errors import SpecError
from misalign_logic.model.expr import (
    App,
    BoolLit,
    Compare,
    Connective,
    Const,
    Expr,
    IntLit,
    Not,
    Quantifier,
    Var,
    fresh,
    ground_name,
    render,
    substitute,
)
from misalign_logic.model.families import BUILTIN, FAILURE, Parameter
from misalign_logic.model.parse import Origin, parse_condition, parse_term
from misalign_logic.model.scenario import Constraint
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.sharing import Shared, binder_paths, vocabulary, within_limits
from misalign_logic.model.story import Fact, FactKind, Story

__all__ = [
    "FAILURE",
    "REMEDIES",
    "clear_definitions",
    "exclusive_by_form",
    "gricean_constraints",
    "gricean_defaults",
    "instantiate",
    "parsed_definitions",
]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A mentions(SYMBOL) of a condition, as the tokenizer reads it (spaces and line breaks allowed around the parts).
_MENTIONS = re.compile(r"\bmentions\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)")


def _taken(story: Story) -> frozenset[str]:
    return frozenset(story.constant_sorts()) | frozenset(story.symbols())


#: The remedy the seed's plan ties to each label of the generalization scheme (its steps 2 and 3).
REMEDIES = {label: BUILTIN["generalization"].remedy(label.value)[1] for label in (Label.OUTER, Label.INNER)}


def _mentioned(story: Story, mentioned: bool | frozenset[str]) -> frozenset[str]:
    if isinstance(mentioned, bool):  # the older form: whether the scenario mentions any cognition symbol
        return story.cognition_symbols if mentioned else frozenset()
    return mentioned


@functools.lru_cache(maxsize=256)
def parsed_definitions(
    story: Story, scheme: Scheme, mentioned: bool | frozenset[str]
) -> tuple[tuple[Label, Expr], ...]:
    """Each label's condition under ``scheme`` (its reading aside), parsed over ``story``.

    Stories that give the conditions' names the same meaning share one parse
    (:mod:`misalign_logic.model.sharing`): a property-based test draws a new story per example, and most of them
    read a scheme's conditions alike.

    Args:
        story: the signature.
        scheme: the scheme.
        mentioned: the symbols the scenario's constraints mention (what ``mentions(...)`` reads); ``True`` /
            ``False`` stand for "some cognition symbol" / "none".

    Raises:
        SpecError: a user scheme's condition does not parse over ``story`` (located where it is written).
    """
    seen = _mentioned(story, mentioned)
    # A parse reads what the scenario mentions only through the conditions' mentions(SYMBOL), and through
    # mentions(cognition) whether it mentions a cognition symbol: scenarios that differ in nothing else share it.
    mentionable = _mentionable(scheme)
    read = seen if "cognition" in mentionable else seen & mentionable
    key = (scheme, seen & mentionable, vocabulary(story, _names(scheme), read))
    kept = _BY_VOCABULARY.get(key)
    if kept is not None and within_limits(story, kept[1]):
        return kept[0]
    found = _definitions(story, scheme, seen)
    _BY_VOCABULARY.put(key, (found, binder_paths(*(e for _, e in found))))
    return found


# Per what a parse reads of a story (model/sharing.py): the parsed definitions, and the domains of every chain of
# nested quantifiers and sums in them (a story of other sizes must keep their instances within its limits).
_Kept = tuple[tuple[tuple[Label, Expr], ...], frozenset[tuple[str, ...]]]
_BY_VOCABULARY: Shared[tuple[Scheme, frozenset[str], tuple[object, ...]], _Kept] = Shared(1024)


def clear_definitions() -> None:
    """Forget every parsed definition (after the registry's texts change, as a test that plants a mistake
    in them does)."""
    parsed_definitions.cache_clear()
    _names.cache_clear()
    _mentionable.cache_clear()
    exclusive_by_form.cache_clear()
    _BY_VOCABULARY.clear()


@functools.lru_cache(maxsize=256)
def _names(scheme: Scheme) -> frozenset[str]:
    """Every name the conditions of ``scheme`` and the texts of its parameters' values write."""
    return frozenset(name for text in _texts(scheme) for name in _IDENTIFIER.findall(text))


@functools.lru_cache(maxsize=256)
def _mentionable(scheme: Scheme) -> frozenset[str]:
    """The symbols whose mention the conditions of ``scheme`` read: each ``SYMBOL`` of a ``mentions(SYMBOL)``."""
    return frozenset(name for text in _texts(scheme) for name in _MENTIONS.findall(text))


def _texts(scheme: Scheme) -> list[str]:
    family = scheme.family
    texts = [FAILURE, *(family.condition(label) for label in family.label_names)]
    return texts + [p.text(scheme.param(p.name)) for p in family.parameters]


def _definitions(story: Story, scheme: Scheme, seen: frozenset[str]) -> tuple[tuple[Label, Expr], ...]:
    """:func:`parsed_definitions`, parsed."""
    failure = parse_condition(FAILURE, story, seen)
    out: list[tuple[Label, Expr]] = [(Label.NONE, Not(failure))]
    for label in map(Label, scheme.family.label_names):
        condition = instantiate(story, scheme, label, seen)
        if condition == BoolLit(False):
            out.append((label, condition))
        elif isinstance(condition, Connective) and condition.op == "and":
            out.append((label, Connective("and", (failure, *condition.args))))
        else:
            out.append((label, Connective("and", (failure, condition))))
    return tuple(out)


def instantiate(story: Story, scheme: Scheme, label: Label, seen: frozenset[str]) -> Expr:
    """The family's condition of ``label`` parsed over ``story``, with the scheme's parameters put in as trees.

    Each ``{NAME}`` of the condition is parsed as a variable of the parameter's sort, its value is parsed on its
    own (a choice is a constant of the story, never one of the condition's variables), and the value replaces
    the variable by capture-free substitution (:func:`~misalign_logic.model.expr.substitute`): a choice named
    ``s`` stays the choice under ``exists s in deployment``.

    Raises:
        SpecError: a user scheme's condition does not parse over ``story`` (located where it is written).
    """
    family = scheme.family
    text = family.condition(label.value)
    holes: dict[str, tuple[str, str]] = {}
    values: dict[str, Expr] = {}
    keep: set[str] = set()
    for p in family.parameters:
        placeholder = "{" + p.name + "}"
        if placeholder not in text:
            continue
        hole = fresh(p.name, _IDENTIFIER.findall(text))
        # Padded to the placeholder's length, so that error offsets stay those of the text as written.
        text = text.replace(placeholder, hole.center(len(placeholder)) if len(hole) <= len(placeholder) else hole)
        holes[hole] = (p.sort, p.sort)
        values[hole] = _value(story, p, scheme.param(p.name), seen)
        keep |= {name for name, _, _ in p.binds}
    file, line, column = family.origin(label.value)
    condition = parse_condition(text, story, seen, Origin(file, line, column), free=holes)
    return substitute(condition, values, frozenset(keep))


def _value(story: Story, p: Parameter, value: str | None, seen: frozenset[str]) -> Expr:
    """What parameter ``p`` set to ``value`` (None: left open) stands for, parsed over ``story``."""
    text = p.text(value)
    if p.sort == "Bool":
        return parse_condition(text, story, seen, free={name: (sort, dom) for name, sort, dom in p.binds})
    term = parse_term(text, story)
    if term.sort != p.sort:
        msg = f"{p.name}={text} names {term.sort.lower()} {text!r}, not {p.sort.lower()}"
        raise SpecError.at(msg, hint=f"give {p.name} a {p.sort.lower()} of the story")
    return term


def gricean_constraints(story: Story, mentioned: frozenset[str]) -> tuple[Constraint, ...]:
    """The defaults the Gricean reading adds, as constraints: each cognition ground term not mentioned takes
    its default.

    "What was not said did not happen" (the seed's appendix), per ground term (docs/model.md, "Readings"):
    ``reason(s)`` is ``aligned`` for every situation ``s`` whose ``reason(s)`` is not mentioned, a cognition
    boolean is false, a cognition enum takes its first declared value and a cognition amount the lower bound
    of its range, per ground term of a symbol with arguments, unless mentioned. The constraints are built as
    trees; their text is the tree written back, with the variable named apart from the story's names (a story
    may call a situation ``s``).

    Args:
        story: the story.
        mentioned: the ground cognition terms the scenario mentions, written ``reason(t1)`` or ``knew``
            (:attr:`~misalign_logic.Scenario.mentioned_terms`).
    """
    out: list[Expr] = []
    unsaid = [s.name for s in story.situations if ground_name("reason", (s.name,)) not in mentioned]
    if len(unsaid) == len(story.situations):
        var = Var(fresh("s", _taken(story)), "Situation")
        out.append(Quantifier("forall", ((var.name, "Situation"),), _aligned(var)))
    else:
        out += [_aligned(Const(s, "Situation")) for s in unsaid]
    for fact in story.facts:
        if fact.kind is FactKind.COGNITION:
            out += _fact_defaults(story, fact, mentioned)
    return tuple(Constraint(render(e), e, stated_in="(gricean default)") for e in out)


def _fact_defaults(story: Story, fact: Fact, mentioned: frozenset[str]) -> list[Expr]:
    """Per ground term of a cognition fact not mentioned: false, its first value, or its range's lower bound."""
    out: list[Expr] = []
    sorts = fact.args
    for args in itertools.product(*(story.sort_values(a) for a in sorts)):
        if ground_name(fact.name, args) in mentioned:
            continue
        term = App(fact.name, tuple(Const(v, a) for v, a in zip(args, sorts, strict=True)), fact.sort)
        default = fact.default()
        if default is False:
            out.append(Not(term))
        elif isinstance(default, int):
            out.append(Compare("==", term, IntLit(default)))
        else:
            out.append(Compare("==", term, Const(default, fact.sort)))
    return out


def _aligned(situation: Expr) -> Expr:
    return Compare("==", App("reason", (situation,), "Reason"), Const("aligned", "Reason"))


def gricean_defaults(story: Story, mentioned: frozenset[str]) -> tuple[str, ...]:
    """The texts of :func:`gricean_constraints`."""
    return tuple(c.text for c in gricean_constraints(story, mentioned))


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


@functools.lru_cache(maxsize=1024)  # definitions are shared by stories of one vocabulary (parsed_definitions)
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
