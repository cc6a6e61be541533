"""Judgments against every categorization: can any labelling of worlds make them all true?

A categorization that depends only on what happened is a function from worlds to labels (docs/model.md,
"Judgments"). A certain judgment ``(S, L)`` fixes the label of every world of ``S``; a possible judgment
``(S, L)`` needs one world of ``S`` that can take ``L``. So:

* two certain judgments with different labels conflict exactly when their scenarios share a world;
* a possible ``(S, L)`` needs a world of ``S`` outside every scenario judged certain with a label other
  than ``L``;
* a judgment on a scenario with no world cannot hold (nothing is forced or possible there).

Probable judgments are checked as possible ones: ``P(L) >= t > 0`` needs a world that gets ``L``, so this
is a necessary condition, and "incoherent" stays a proof, while "coherent" does not promise that some
categorization reaches the threshold.

The answer *ambiguous* on ``S`` is read as two possible judgments, ``(S, outer)`` and ``(S, inner)``: a
categorization gives some world of ``S`` each label, and then neither is certain.

Possible judgments with different labels need different worlds. Every candidate world has copies that
differ only in unknowns no judged scenario mentions, and the copies stay inside or outside each scenario
together; their number (the product of those unknowns' numbers of values) is enough for every label once
it is at least the number of labels judged possible. When the scenarios mention so much that it is
not, different worlds are searched for one judgment at a time; if that greedy search fails, the answer is
left undecided rather than guessed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import attrs

from misalign_logic.model.errors import SolverUnknown
from misalign_logic.model.judgments import Judgment, Strength
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.story import Story
from misalign_logic.model.symbols import BUILTIN_FUNCTIONS, ground_atoms, phase_situations
from misalign_logic.model.verdicts import RelationKind, World
from misalign_logic.solve.classify import DEFAULT_RLIMIT, relate, share_world

__all__ = ["Coherence", "Conflict", "Incoherence", "coherence"]


@attrs.frozen
class Incoherence:
    """Judgments that no categorization of worlds makes all true (they are incoherent; a scenario without a
    world is *inconsistent*), and the proof.

    Attributes:
        judgments: the judgments in conflict (two certain ones, a possible one and the certain ones it
            clashes with, or one judgment on a scenario without a world).
        world: for two certain judgments, a world of both scenarios.
        relation: how the first judgment's scenario relates to the second's (e.g. ``refines``), if asked.
        proof: the proof in words.
    """

    judgments: tuple[Judgment, ...]
    world: World | None
    relation: RelationKind | None
    proof: str

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        out: dict[str, object] = {"judgments": [str(j) for j in self.judgments], "proof": self.proof}
        if self.world is not None:
            out["world"] = dict(self.world)
        if self.relation is not None:
            out["relation"] = self.relation.value
        return out


#: The former name of :class:`Incoherence`, kept so that code and pickles that use it still work.
Conflict = Incoherence


@attrs.frozen
class Coherence:
    """Whether some categorization of worlds makes a set of judgments true.

    Attributes:
        coherent: True, False, or None when undecided (the solver gave up, or see the module's note).
        conflicts: when incoherent, every conflict found; the first is the proof.
        witnesses: when coherent, for each possible (or probable) judgment a world that can take its label.
        caveats: approximations that apply (probable judgments checked as possible).
        reason: when undecided, why.
    """

    coherent: bool | None
    conflicts: tuple[Incoherence, ...] = ()
    witnesses: tuple[tuple[Judgment, World], ...] = ()
    caveats: tuple[str, ...] = ()
    reason: str = ""

    @property
    def proof(self) -> str:
        """The first conflict's proof ("" when coherent)."""
        return self.conflicts[0].proof if self.conflicts else ""

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        out: dict[str, object] = {"coherent": self.coherent}
        if self.conflicts:
            out["proof"] = self.proof
            out["conflicts"] = [c.to_dict() for c in self.conflicts]
        if self.witnesses:
            out["witnesses"] = [{"judgment": str(j), "world": dict(w)} for j, w in self.witnesses]
        if self.caveats:
            out["caveats"] = list(self.caveats)
        if self.reason:
            out["reason"] = self.reason
        return out


def _related(a: Scenario, b: Scenario, timeout: float | None, rlimit: int | None) -> tuple[RelationKind, str]:
    """How ``a`` relates to ``b``, in a sentence."""
    kind = relate(a, b, timeout=timeout, rlimit=rlimit).kind
    words = {
        RelationKind.REFINES: f"{a.name} refines {b.name}: every world of {a.name} is a world of {b.name}",
        RelationKind.REFINED_BY: f"{b.name} refines {a.name}: every world of {b.name} is a world of {a.name}",
        RelationKind.EQUIVALENT: f"{a.name} and {b.name} have the same worlds",
    }
    return kind, words.get(kind, f"{a.name} and {b.name} share worlds")


def _atoms(story: Story) -> dict[str, int]:
    """The unknowns every world interprets, each with its number of values (docs/model.md, "Worlds").

    Each built-in symbol's atoms are unknowns where its entry says (``unknown_at``): the blueprint in a
    training situation is the feedback there (the background axiom), so ``design`` is only counted at
    deployment; the phase tests are no unknowns.
    """
    atoms = {
        atom: 2 if values is None else len(values)
        for symbol in BUILTIN_FUNCTIONS.values()
        if not symbol.static
        for atom, values in ground_atoms(story, symbol, phase_situations(story, symbol.unknown_at))
    }
    atoms |= {f.name: 2 if f.values is None else len(f.values) for f in story.facts}
    return atoms


def coherence(
    judgments: Sequence[Judgment],
    scenarios: Mapping[str, Scenario],
    *,
    timeout: float | None = None,
    rlimit: int | None = DEFAULT_RLIMIT,
) -> Coherence:
    """Decide whether some function from worlds to labels makes every judgment true.

    Args:
        judgments: the judgments (usually one respondent's).
        scenarios: each judgment's :attr:`~Judgment.target` to the scenario judged.
        timeout: seconds per solver call.
        rlimit: z3 resource units per solver call.

    Returns:
        A :class:`Coherence`; when incoherent its first conflict is the proof.

    Raises:
        KeyError: a judgment's target is missing from ``scenarios``.
    """
    try:
        return _decide(judgments, scenarios, timeout, rlimit)
    except SolverUnknown as gave_up:
        return Coherence(None, reason=f"the solver gave up ({gave_up.reason})")


def _differ(a: World, b: World) -> bool:
    """Whether two (partial) worlds disagree on a fact both give, so they cannot be the same world."""
    return any(k in b and b[k] != v for k, v in a.facts)


def _distinct(
    witnesses: list[tuple[Judgment, World]],
    scenarios: Mapping[str, Scenario],
    certain: list[Judgment],
    timeout: float | None,
    rlimit: int | None,
) -> list[tuple[Judgment, World]] | None:
    """Witnesses such that possible judgments with different labels get different worlds, or None if not found.

    Greedy: each judgment keeps its world unless a judgment with another label already claimed it; then the
    solver is asked for a world of its scenario outside the claimed ones.
    """
    claimed: list[tuple[Judgment, World]] = []
    for j, world in witnesses:
        others = [w for c, w in claimed if c.label is not j.label]
        if any(not _differ(world, w) for w in others):
            outside = list({c.target: scenarios[c.target] for c in certain if c.label is not j.label}.values())
            story = scenarios[j.target].story
            taken = [Scenario.from_strings(story, f"claimed-{k}", w.statements()) for k, w in enumerate(others)]
            found = share_world([scenarios[j.target]], outside + taken, timeout=timeout, rlimit=rlimit)
            if found is None:
                return None
            world = found
        claimed.append((j, world))
    return claimed


def _spread(judgments: Sequence[Judgment]) -> list[Judgment]:
    """Each judgment, with an ``ambiguous`` answer read as its two possible labels."""
    out = []
    for j in judgments:
        if j.label is None:
            part = f"part of the answer '{j}'"
            out += [attrs.evolve(j, label=label, note=part) for label in j.labels]
        else:
            out.append(j)
    return out


def _quoted(j: Judgment) -> str:
    """A judgment as a proof quotes it, saying which answer it came from when it is half of ``ambiguous``."""
    return f"'{j}' ({j.note})" if j.note.startswith("part of the answer") else f"'{j}'"


def _decide(
    given: Sequence[Judgment], scenarios: Mapping[str, Scenario], timeout: float | None, rlimit: int | None
) -> Coherence:
    judgments = _spread(given)
    conflicts: list[Incoherence] = []
    mentioned: set[str] = set()
    worlds: dict[str, World | None] = {}
    for j in judgments:
        if j.target not in worlds:
            worlds[j.target] = share_world([scenarios[j.target]], timeout=timeout, rlimit=rlimit)
            mentioned |= set(worlds[j.target] or ())
        if worlds[j.target] is None:
            conflicts.append(
                Incoherence(
                    (j,),
                    None,
                    None,
                    f"{j.target} has no world, so no label is "
                    f"{'certain' if j.strength is Strength.CERTAIN else 'possible'} for it "
                    f"('{j}' cannot hold)",
                )
            )
    certain = [j for j in judgments if j.strength is Strength.CERTAIN and worlds[j.target] is not None]
    for i, first in enumerate(certain):
        for second in certain[i + 1 :]:
            if first.label is second.label:
                continue
            a, b = scenarios[second.target], scenarios[first.target]
            world = share_world([a, b], timeout=timeout, rlimit=rlimit)
            if world is None:
                continue
            kind, relation = (None, f"{a.name} is judged twice") if a == b else _related(a, b, timeout, rlimit)
            assert first.label is not None
            assert second.label is not None
            proof = (
                f"{relation}. Here is a world of both: {world}. A categorization that depends only on what "
                f"happened gives that world one label, so it cannot be {first.label.value} (as '{first}' "
                f"says) and {second.label.value} (as '{second}' says)."
            )
            conflicts.append(Incoherence((first, second), world, kind, proof))
    witnesses = []
    for j in judgments:
        if j.strength is Strength.CERTAIN or worlds[j.target] is None:
            continue
        against = [c for c in certain if c.label is not j.label]
        outside = list({c.target: scenarios[c.target] for c in against}.values())
        world = (
            share_world([scenarios[j.target]], outside, timeout=timeout, rlimit=rlimit) if outside else worlds[j.target]
        )
        if world is not None:
            witnesses.append((j, world))
            continue
        if len(outside) == 1:
            kind, relation = _related(scenarios[j.target], outside[0], timeout, rlimit)
            if kind is RelationKind.EQUIVALENT:
                relation += f", so every world of {j.target} is a world of {outside[0].name}"
        else:
            kind, relation = (
                None,
                (f"every world of {j.target} is a world of one of {', '.join(s.name for s in outside)}"),
            )
        judged = "; ".join(f"'{c}'" for c in against)
        assert j.label is not None
        proof = (
            f"{relation}, and {judged} gives all of those worlds another label, so no world of {j.target} is "
            f"left to be {j.label.value} (as {_quoted(j)} says)."
        )
        conflicts.append(Incoherence((j, *against), None, kind, proof))
    caveats = []
    if any(j.strength is Strength.PROBABLE for j in judgments):
        caveats.append(
            "probable judgments are checked as possible ones (a necessary condition): an "
            "incoherence is a proof, coherence does not promise the threshold is reachable"
        )
    if conflicts:
        return Coherence(False, tuple(conflicts), caveats=tuple(caveats))
    labels = {j.label for j, _ in witnesses}
    story = next(iter(scenarios.values())).story if scenarios else None
    copies = math.prod(n for atom, n in _atoms(story).items() if atom not in mentioned) if story else 1
    if len(labels) > 1 and copies < len(labels):
        found = _distinct(witnesses, scenarios, certain, timeout, rlimit)
        if found is None:
            return Coherence(
                None,
                witnesses=tuple(witnesses),
                caveats=tuple(caveats),
                reason=("the possible judgments need different worlds for different labels, and none were found"),
            )
        witnesses = found
    return Coherence(True, witnesses=tuple(witnesses), caveats=tuple(caveats))
