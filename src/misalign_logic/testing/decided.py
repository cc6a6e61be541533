"""Scenarios that decide: strategies whose scenarios most schemes force a label on, by construction.

A scenario drawn from :func:`~misalign_logic.strategies.scenarios` states a few facts of a general grammar, and
almost no scheme forces a label on so little. These strategies state instead what the schemes read
(docs/model.md, "Schemes"): the policy in every situation and what the designers wished there (so the failure
points are known, and at least one deployment situation is one), then, group by group, the facts each family
reads — the blueprint at the failure points and the meant choice (``objective``), the training feedback, wishes,
reasons and exhibitability (``generalization``), the model's reasons (``heuristic:deception``), and the two
root-cause counterfactuals (``root-cause``). Each group is stated in full or left open; a group is stated
three times in four and shrinking leaves groups open, so a falsifying example keeps only the groups it needs.

The share of forced verdicts per scheme, measured on 300 derandomized draws of ``scenarios(decided=True)``
over generated stories (``tests/testing/test_decided.py`` checks, on 600 such draws, that each world-based scheme
stays above a third; 300 draws of plain ``scenarios()`` force ``heuristic:deception`` in 7, about 2 %):

=====================================  ======
scheme                                 forced
=====================================  ======
objective (choice open)                67 %
objective[counterfactual=C]            71 %
generalization[standard=outcomes]      58 %
generalization[standard=reasons]       57 %
generalization[standard=verifiable]    56 %
root-cause                             53 %
heuristic:deception                    55 %
=====================================  ======
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from hypothesis import strategies as st

from misalign_logic.model.expr import ground_name
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.story import Story
from misalign_logic.model.symbols import BUILTIN_FUNCTIONS, Symbol, ground_atoms, phase_situations
from misalign_logic.solve.classify import share_world

__all__ = ["decided_facts", "decided_refinements", "decided_scenarios"]

#: A group is stated unless its draw is 0: three times in four, and shrinking (toward 0) leaves it open.
_STATED = st.integers(0, 3).map(bool)


def _groups(story: Story, failing: Sequence[str]) -> list[list[tuple[str, tuple[str, ...] | None]]]:
    """The atoms each family reads, grouped as the symbols' entries say (``Drawn.decided``), with their values
    (None for a boolean); a group's deployment atoms are those at the failure points."""
    return _grouped(story, tuple(failing), tuple(BUILTIN_FUNCTIONS.values()))


@functools.lru_cache(maxsize=1024)  # read per draw; kept per story, failure points and the registry's entries
def _grouped(
    story: Story, failing: tuple[str, ...], entries: tuple[Symbol, ...]
) -> list[list[tuple[str, tuple[str, ...] | None]]]:
    groups: list[list[tuple[str, tuple[str, ...] | None]]] = []
    for members in _placed(entries):
        atoms: list[tuple[str, tuple[str, ...] | None]] = []
        for symbol, at in members:
            atoms += ground_atoms(story, symbol, failing if at == "deployment" else phase_situations(story, at))
        groups.append(atoms)
    return groups


def _placed(entries: tuple[Symbol, ...]) -> list[list[tuple[Symbol, str]]]:
    """The decided groups in order, each its symbols in their places, with the situations each is stated at."""
    placed = [(s.drawn.decided, s.drawn, s) for s in entries if s.drawn is not None and s.drawn.decided is not None]
    groups: dict[int, list[tuple[Symbol, str]]] = {}
    for (group, _), drawn, symbol in sorted(placed, key=lambda p: p[0]):
        groups.setdefault(group, []).append((symbol, drawn.decided_at or drawn.at))
    return [groups[g] for g in sorted(groups)]


def _say(atom: str, value: str | bool | int) -> str:
    if isinstance(value, bool):
        return atom if value else f"not {atom}"
    return f"{atom} == {value}"


# Every strategy drawn from below is made once and kept (keyed by the values drawn, not by the story's names):
# hypothesis validates a strategy the first time it is drawn from, and one made per example was validated per
# example. Drawing 300 examples of ``scenarios(decided=True)`` went from 228 - 237 to 337 - 374 a second
# (benchmarks/property.py). The strategies are the ones made per example before, so what can be drawn and how it
# shrinks do not change; and two derandomized runs now draw the same examples (they differed before).
Kinds = tuple[tuple[str, ...] | None, ...]  # per atom of a group: its values, or None for a boolean


@st.composite
def _decided(draw: st.DrawFn, story: Story) -> list[str]:
    policy = {s.name: draw(_value(story.actions)) for s in story.situations}
    # At least one failure point: the first deployment situation fails, the others may.
    failing = [d for k, d in enumerate(story.deployment) if k == 0 or draw(_value(None))]
    out = [f"policy({s}) == {a}" for s, a in policy.items()]
    out += [_say(ground_name("ideal", (d, str(policy[d]))), d not in failing) for d in story.deployment]
    for group in _groups(story, failing):
        # One draw per group, None (left open) first: shrinking drops a whole group in one step.
        stated = draw(_stated(tuple(values for _, values in group)))
        if stated is not None:
            out += [_say(atom, value) for (atom, _), value in zip(group, stated, strict=True)]
    return out


@functools.lru_cache(maxsize=1024)
def _stated(kinds: Kinds) -> st.SearchStrategy[tuple[str | bool, ...] | None]:
    """A group's values, or None (left open): the group is stated unless the first draw is 0."""
    return _STATED.flatmap(functools.partial(_group_values, kinds))


@functools.lru_cache(maxsize=2048)
def _group_values(kinds: Kinds, on: bool) -> st.SearchStrategy[tuple[str | bool, ...] | None]:
    return st.tuples(*map(_value, kinds)) if on else st.none()


@functools.lru_cache(maxsize=1024)
def _value(values: tuple[str, ...] | None) -> st.SearchStrategy[str | bool]:
    return st.booleans() if values is None else st.sampled_from(values)


@functools.lru_cache(maxsize=1024)  # built once per story (see above)
def decided_facts(story: Story) -> st.SearchStrategy[list[str]]:
    """Constraint texts that state the policy, the wishes at every situation's action, and whole groups of
    the facts the schemes read; they never contradict each other or the background axiom.

    Returns:
        A strategy for lists of constraint texts over ``story``; it shrinks toward the first action
        everywhere, one failure point and no group stated.
    """
    return _decided(story)


@functools.lru_cache(maxsize=1024)  # built once per story and name (see above)
def decided_scenarios(story: Story, *, name: str = "scenario-1") -> st.SearchStrategy[Scenario]:
    """Scenarios over ``story`` built from :func:`decided_facts`: consistent, with a failure point, and forced
    under most world-based schemes (the shares are in this module's docstring)."""
    return decided_facts(story).map(lambda texts: Scenario.from_strings(story, name, texts))


@st.composite
def _refining(draw: st.DrawFn, scenario: Scenario, name: str) -> Scenario:
    texts = draw(decided_facts(scenario.story))
    refined = scenario.refine(name, texts)
    if share_world([refined]) is not None:
        return refined
    # The drawn facts clash with the scenario: state the same atoms as one of the scenario's own worlds has
    # them (a world the solver gives of the scenario together with a statement of each drawn atom).
    atoms = [t.removeprefix("not ").partition(" == ")[0] for t in texts]
    mention = [f"{a} == {a}" if " == " in t else f"{a} or not {a}" for a, t in zip(atoms, texts, strict=True)]
    world = share_world([scenario.refine(f"{name}-atoms", mention)])
    if world is None:  # the scenario itself has no world: any refinement is as inconsistent as it is
        return refined
    return scenario.refine(name, [_say(a, world[a]) for a in dict.fromkeys(atoms) if a in world])


def decided_refinements(scenario: Scenario, *, name: str = "scenario-2") -> st.SearchStrategy[Scenario]:
    """Refinements of ``scenario`` that state the facts of :func:`decided_facts` (so most schemes force a label).

    Drawn facts that clash with ``scenario`` are replaced by the values one of its worlds gives the same
    atoms (asked of the solver), so the refinement is consistent whenever ``scenario`` is: by construction,
    not by filtering.
    """
    return _refining(scenario, name)
