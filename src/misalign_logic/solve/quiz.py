"""A pop quiz's first scenario: what happened, told without the model's cognition, so that chosen schemes decide.

The seed's quiz tells, in scenario 1, what the model did in every situation and what the designers wished
there, with a failure point, and says nothing about the model's internals; scenario 2 adds one fact about them.
The folk heuristic (``heuristic:training-vs-model``) then answers "1: outer, 2: inner", while a world-based
scheme that forces a label on scenario 1 forces the same on scenario 2 (monotonicity, docs/model.md). So the
question for a quiz is: is there a telling of scenario 1 — the policy and the wishes everywhere, a failure, any
facts that are not about cognition — on which every chosen scheme forces a label?

This is "some telling, for every cognition": the solver proposes a telling (every non-cognition atom the
schemes read, as one world has them), :class:`~misalign_logic.solve.classify.Analysis` checks each scheme
on it, and a scheme left ambiguous rules out every telling that agrees with this one on the atoms that scheme
reads (its label depends on nothing else). When no telling is left, that is the proof that no quiz exists.
"""

from __future__ import annotations

import attrs

from misalign_logic.model.conditions import parsed_definitions
from misalign_logic.model.expr import ground_name, mentioned_symbols
from misalign_logic.model.parse import parse_constraint
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.story import Story
from misalign_logic.model.unknown import UNKNOWN_VALUE, Decision
from misalign_logic.model.verdicts import Status, World
from misalign_logic.solve.backend import Outcome
from misalign_logic.solve.categorization import label_literals, support
from misalign_logic.solve.classify import DEFAULT_RLIMIT, Analysis
from misalign_logic.solve.encoding import disj
from misalign_logic.solve.session import GaveUp, Session
from misalign_logic.solve.smtlib import assertion, named, quoted

__all__ = ["Telling", "TellingKind", "tell_without_cognition"]


class TellingKind(Decision):
    """What the search for scenario 1 found."""

    FOUND = "found"  # a telling on which every chosen scheme forces a label
    NONE = "none"  # no telling exists: a proof
    UNKNOWN = UNKNOWN_VALUE  # the solver gave up, or the budget of tellings ran out; nothing is claimed


@attrs.frozen
class Telling:
    """Scenario 1 of a quiz, or why there is none.

    Attributes:
        kind: found, none or unknown.
        facts: when found, the constraint texts of scenario 1 (the policy and wishes everywhere first).
        labels: when found, the label each scheme forces, in scheme order.
        reason: when none, the proof in words; when unknown, why.
    """

    kind: TellingKind
    facts: tuple[str, ...] = ()
    labels: tuple[Label, ...] = ()
    reason: str = ""


def _told(story: Story) -> list[str]:
    """The atoms scenario 1 always states: the policy and the wishes in every situation."""
    sits = [s.name for s in story.situations]
    return [ground_name("policy", (s,)) for s in sits] + [
        ground_name("ideal", (s, a)) for s in sits for a in story.actions
    ]


def tell_without_cognition(
    story: Story,
    schemes: tuple[Scheme, ...],
    *,
    budget: int = 500,
    rlimit: int | None = DEFAULT_RLIMIT,
    within: tuple[str, ...] = (),
) -> Telling:
    """Find scenario 1 of a quiz over ``story``: no cognition stated, a failure point, each scheme forced.

    A telling like the seed's is tried first — the designers wish for the same actions everywhere, the story's
    first action among them, and in training the model did what they wished — and, when there is none such,
    any telling.

    Args:
        story: the story.
        schemes: world-based schemes that must force a label on scenario 1.
        budget: how many tellings to try before answering unknown (per attempt).
        rlimit: z3 resource units per solver call.
        within: constraint texts every telling must be consistent with (what the user's file already says of
            the story), so that scenario 1 contradicts none of them.

    Returns:
        A :class:`Telling`.
    """
    acts, sits = story.actions, [x.name for x in story.situations]
    # Written ground, without variables, so that no name of the story can clash with one.
    like_the_seed = [f"ideal({x}, {a}) <-> ideal({sits[0]}, {a})" for x in sits[1:] for a in acts]
    like_the_seed.append(ground_name("ideal", (sits[0], acts[0])))
    like_the_seed += [f"ideal({t}, policy({t}))" for t in story.training]
    first = _search(story, schemes, [*like_the_seed, *within], budget, rlimit)
    if first.kind is TellingKind.FOUND:
        return first
    return _search(story, schemes, list(within), budget, rlimit)


def _search(story: Story, schemes: tuple[Scheme, ...], shape: list[str], budget: int, rlimit: int | None) -> Telling:
    s = Session(story, None, rlimit)
    cognition = story.cognition_symbols
    reads: list[frozenset[str]] = []
    for k, scheme in enumerate(schemes):
        _, by_lit = label_literals(s, scheme, frozenset(), f"S{k}")
        read = support(by_lit.values())
        # An unfolded session reads atoms by name only (folded case splits come from a compiled one).
        reads.append(frozenset(a for a in read if isinstance(a, str) and a.split("(", 1)[0] not in cognition))
    told = _told(story)
    for atom in told:
        s.enc.touch(atom, s.enc.sort_of(atom))
    # A failure point is what every scheme's ``none`` denies; and the designers wish for some action everywhere.
    nothing = dict(parsed_definitions(story, Scheme("heuristic:training-vs-model"), False))[Label.NONE]
    wishes = [
        disj(s.enc.fact(ground_name("ideal", (x.name, a)), True) for a in story.actions) for x in story.situations
    ]
    shaped = " ".join(s.enc.formula(parse_constraint(t, story)) for t in shape)
    body = f"(and (not {s.enc.formula(nothing)}) {' '.join(wishes)} {shaped})"
    s.add([named(quoted("fail"), body)])
    atoms = sorted(set(told).union(*reads))
    stuck: dict[str, set[str]] = {}
    for _ in range(budget):
        try:
            if s.check(["fail"]) is Outcome.UNSAT:
                return Telling(TellingKind.NONE, reason=_proof(stuck))
        except GaveUp as gave_up:
            return Telling(TellingKind.UNKNOWN, reason=f"the solver gave up ({gave_up.reason})")
        world = s.world(atoms)
        scenario = Scenario.from_strings(story, "scenario-1", _statements(world, told))
        verdicts = [Analysis(scenario, explain=False, rlimit=rlimit).classify(x) for x in schemes]
        if not all(v.status.decided for v in verdicts):
            return Telling(TellingKind.UNKNOWN, reason="the solver gave up on a verdict")
        open_ = [k for k, v in enumerate(verdicts) if v.forced is None]
        if not open_:
            facts = _fewest(scenario, schemes, told, rlimit)
            return Telling(TellingKind.FOUND, facts, tuple(v.forced for v in verdicts if v.forced is not None))
        k = open_[0]
        stuck.setdefault(schemes[k].id, set()).update(
            a for a in _cognition_read(schemes[k], story) if a.split("(", 1)[0] in cognition
        )
        # The label depends only on the atoms the scheme reads: any telling that agrees with this one on
        # them leaves it just as open, so none of them is tried again.
        block = disj(f"(not {s.enc.fact(a, world[a])})" for a in sorted(reads[k]) if a in world)
        s.add([assertion(block)])
    return Telling(TellingKind.UNKNOWN, reason=f"no telling found in a budget of {budget}")


def _cognition_read(scheme: Scheme, story: Story) -> list[str]:
    """The symbols ``scheme``'s conditions mention (the proof names the cognition ones)."""
    found: set[str] = set()
    for _, expr in parsed_definitions(story, scheme, False):
        found |= mentioned_symbols(expr)
    return sorted(found)


def _proof(stuck: dict[str, set[str]]) -> str:
    if not stuck:
        return "the story has no telling with a failure point"
    parts = [
        f"{scheme} (its label turns on {', '.join(sorted(symbols)) or 'the model'}'s value, which scenario 1 "
        "must leave unsaid)"
        for scheme, symbols in stuck.items()
    ]
    return (
        "no scenario that states what the model did and what the designers wished in every situation (wishing "
        "for some action in each), with a failure point and nothing about the model's cognition, makes "
        + " or ".join(parts)
        + " force a label: every such telling was tried by the solver and left a label open"
    )


def _statements(world: World, told: list[str]) -> list[str]:
    """The world's facts, the policy and the wishes first (in story order), as constraint texts."""
    first = [World(((a, world[a]),)).statements()[0] for a in told if a in world]
    return first + World.of({a: world[a] for a in world if a not in set(told)}).statements()


def _fewest(scenario: Scenario, schemes: tuple[Scheme, ...], told: list[str], rlimit: int | None) -> tuple[str, ...]:
    """Scenario 1's facts, without each extra (not policy or wish) fact the schemes' verdicts do not need."""
    keep = [c.text for c in scenario.constraints]
    want = [Analysis(scenario, explain=False, rlimit=rlimit).classify(x).labels for x in schemes]
    fixed = {t for t in keep if t.removeprefix("not ").split(" == ")[0] in set(told)}
    for text in [t for t in keep if t not in fixed]:
        trial = [t for t in keep if t != text]
        fewer = Analysis(Scenario.from_strings(scenario.story, "trial", trial), explain=False, rlimit=rlimit)
        got = [fewer.classify(x) for x in schemes]
        if all(v.status is Status.FORCED and v.labels == w for v, w in zip(got, want, strict=True)):
            keep = trial
    return tuple(keep)
