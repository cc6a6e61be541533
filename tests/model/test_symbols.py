"""The registry of world symbols (model/symbols.py): each entry is all the library needs to know of a symbol.

The rooms that tell, count, order and draw a world's facts read the entry instead of lists of their own, so a
symbol added to the registry is worded, rendered, counted and drawn at once, and one added without words
fails here. The last test adds a symbol to the registry alone and follows it from the text to the solver,
the brute-force checker, the words and the generators.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import hypothesis
import pytest
from hypothesis import strategies as st

from misalign_logic.model import families
from misalign_logic.model import story as story_module
from misalign_logic.model.errors import SpecError
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Scheme
from misalign_logic.model.story import Story
from misalign_logic.model.symbols import (
    BUILTIN_FUNCTIONS,
    SITUATIONS,
    STATIC_FUNCTIONS,
    Drawn,
    Symbol,
    Words,
    ground_atoms,
    phase_situations,
    slots,
)
from misalign_logic.model.verdicts import World
from misalign_logic.prose.words import Wording
from misalign_logic.solve.classify import Analysis
from misalign_logic.solve.coherence import _atoms
from misalign_logic.solve.compare import _in_reading_order
from misalign_logic.solve.scope import tautology
from misalign_logic.spec.render import prose
from misalign_logic.testing import strategies
from misalign_logic.testing.bruteforce import brute_classify
from misalign_logic.testing.decided import decided_facts

WORDS = {
    "review": "the review, where a reviewer checks the work",
    "farm": "the server farm",
    "s": "the sandbox",
    "help": "do what the user asked",
    "hack": "tamper with the {reward} signal",
    "usefulness": "how useful the work is",
    "approval": "whether the overseer approves",
}


def _story(name: str) -> Story:
    phases = {"review": "training", "s": "training", "farm": "deployment"}
    story = Story.build(name, phases, ("help", "hack"), ("usefulness", "approval"))
    return attrs.evolve(
        story,
        situations=tuple(attrs.evolve(s, describe=WORDS[s.name]) for s in story.situations),
        descriptions=tuple((k, v) for k, v in WORDS.items() if k not in phases),
    )


STORY = _story("registry")
WORLD_SYMBOLS = [s for s in BUILTIN_FUNCTIONS.values() if not s.static]


def _statements(symbol: Symbol, story: Story = STORY) -> Iterator[tuple[str, str, bool | str]]:
    """Each ground atom of ``symbol`` where it is an unknown, with each value: ``(atom, statement, value)``."""
    for atom, values in ground_atoms(story, symbol, phase_situations(story, symbol.unknown_at)):
        if values is None:
            yield atom, atom, True
            yield atom, f"not {atom}", False
        else:
            yield from ((atom, f"{atom} == {v}", v) for v in values)


@pytest.mark.parametrize("symbol", WORLD_SYMBOLS, ids=lambda s: s.name)
def test_every_entry_names_situations_the_rooms_know(symbol: Symbol) -> None:
    assert symbol.unknown_at in SITUATIONS
    assert symbol.only_in in ("", "training", "deployment")
    assert bool(symbol.only_in) is bool(symbol.instead), "the error for the other phase says what to use instead"
    if symbol.drawn is not None:
        assert symbol.drawn.at in SITUATIONS
        assert symbol.drawn.decided_at in ("", *SITUATIONS)


def test_the_phase_tests_are_the_static_symbols() -> None:
    assert {"training", "deployment"} == STATIC_FUNCTIONS
    assert all(s.words is None and s.drawn is None for s in BUILTIN_FUNCTIONS.values() if s.static)


@pytest.mark.parametrize("symbol", WORLD_SYMBOLS, ids=lambda s: s.name)
def test_every_world_symbol_has_words_that_name_its_arguments(symbol: Symbol) -> None:
    assert symbol.words is not None, f"{symbol.name} has no words for explanations"
    assert symbol.spec_words is not None, f"{symbol.name} has no words for spec files"
    for words in (symbol.words, symbol.spec_words):
        boolean = symbol.result == "Bool"
        assert bool(words.fails) is boolean, f"{symbol.name}: a Boolean symbol is said true and false"
        for template in (words.holds, words.fails, words.unknown, *(t for _, t in words.values)):
            for _, which, _ in slots(template):
                assert not which.isdigit() or int(which) < len(symbol.args), f"{symbol.name}: {template}"
    say = Wording(STORY)
    for atom, _, value in _statements(symbol):
        told = say.fact(atom, value, {"policy(review)": "hack"})
        # The symbol's own words, never the fallback that quotes a declared symbol's term.
        assert "`" not in told, told
        assert "{" not in told.replace("{reward}", ""), told
        assert say.fact(atom, value) != say.fact(atom, not value if isinstance(value, bool) else "_other")
        assert "`" not in say.unknown(atom), say.unknown(atom)


@pytest.mark.parametrize("symbol", WORLD_SYMBOLS, ids=lambda s: s.name)
def test_a_rendered_spec_tells_every_world_fact_in_words(symbol: Symbol) -> None:
    told = {}
    for _, statement, value in _statements(symbol):
        sentence = prose(Scenario.from_strings(STORY, "one", [statement]))
        assert not sentence.startswith("Also:"), f"{statement} is quoted, not told: {sentence}"
        assert sentence.endswith("."), sentence
        told[value] = sentence
    if symbol.result == "Bool":
        assert told[True] != told[False], f"{symbol.name}: true and false are told alike: {told[True]}"


def test_a_told_world_follows_the_order_the_entries_give() -> None:
    facts = {atom: value for s in WORLD_SYMBOLS for atom, _, value in itertools.islice(_statements(s), 1)}
    told = _in_reading_order(World.of(facts))
    ranks = [BUILTIN_FUNCTIONS[t.removeprefix("not ").split("(")[0].split(" ")[0]].told for t in told]
    assert ranks == sorted(ranks, key=lambda r: (r is None, r or 0)), told


def test_coherence_counts_every_unknown_where_the_entry_says() -> None:
    expected = {
        atom: 2 if values is None else len(values)
        for s in WORLD_SYMBOLS
        for atom, values in ground_atoms(STORY, s, phase_situations(STORY, s.unknown_at))
    }
    assert _atoms(STORY) == expected
    assert "design(usefulness, review, help)" not in expected  # the feedback there, by the background axiom


def test_the_generators_draw_every_symbol_their_entries_draw() -> None:
    drawn = {s.name for s in WORLD_SYMBOLS if s.drawn is not None}
    assert set(strategies.WORLD_SYMBOLS) == {n for n in drawn if not BUILTIN_FUNCTIONS[n].cognition}
    for name in drawn:
        atoms = [a for a, _ in strategies._ground_atoms(STORY, [name])]
        assert atoms, f"world_facts states no atom of {name}"
        found = hypothesis.find(
            st.one_of(strategies.facts(STORY), strategies.cognition_facts(STORY)),
            lambda text, name=name: f"{name}(" in text or text.removeprefix("not ").split(" ")[0] == name,
            settings=hypothesis.settings(database=None, max_examples=2000),
        )
        assert name in found


HONEST = Symbol(
    "honest",
    ("Situation", "Action"),
    "Bool",
    words=Words(
        "choosing to {action:1} {closed:0} would be honest", "choosing to {action:1} {closed:0} would be a lie"
    ),
    spec_words=Words("In {situation:0}, {name:1} is honest.", "In {situation:0}, {name:1} is a lie."),
    drawn=Drawn(decided=(9, 0)),
)


def _register(monkeypatch: pytest.MonkeyPatch, name: str, symbol: Symbol) -> None:
    """Add ``symbol`` to the registry for one test, as an edit of model/symbols.py would in a new process: the
    symbols each story makes once are made afresh while it is there, and are the registry's own again after."""
    monkeypatch.setitem(BUILTIN_FUNCTIONS, name, symbol)  # type: ignore[index]
    for made_once in ("_symbols", "_cognition"):
        monkeypatch.setattr(story_module, made_once, functools.lru_cache(getattr(story_module, made_once).__wrapped__))


def test_a_symbol_added_to_the_registry_alone_is_read_worded_counted_drawn_and_decided(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _register(monkeypatch, "honest", HONEST)
    monkeypatch.setattr(families, "_USER", dict(families._USER))  # the scheme below is forgotten afterwards
    story = _story("honesty")
    texts = ["policy(farm) == hack", "not ideal(farm, hack)", "not honest(farm, hack)", "forall a: honest(s, a)"]
    scenario = Scenario.from_strings(story, "lies", texts)
    assert "In farm (the server farm), hack is a lie." in prose(scenario)
    say = Wording(story)
    assert say.fact("honest(review, hack)", True) == (
        "choosing to tamper with the {reward} signal in the review, where a reviewer checks the work, would be honest"
    )
    assert (
        say.unknown("honest(farm, help)")
        == "whether choosing to do what the user asked in the server farm would be honest"
    )
    assert _atoms(story)["honest(farm, hack)"] == 2
    assert _in_reading_order(World.of({"honest(farm, hack)": False, "fixes_feedback": True}))[0] == "fixes_feedback"
    config = hypothesis.settings(database=None, max_examples=500)
    assert "honest" in hypothesis.find(strategies.facts(story), lambda t: "honest" in t, settings=config)
    assert hypothesis.find(strategies.world_facts(story, ("honest",)), bool, settings=config)
    assert any("honest" in t for t in hypothesis.find(decided_facts(story), lambda f: any("honest" in t for t in f)))
    liar = Scheme.define(
        "registry-liar",
        labels=["liar", "truthful"],
        conditions={
            "liar": "exists d in deployment: failure(d) and not honest(d, policy(d))",
            "truthful": "forall d in deployment: failure(d) -> honest(d, policy(d))",
        },
    )
    verdict, brute = Analysis(scenario).classify(liar), brute_classify(scenario, liar)
    assert (verdict.status, verdict.labels) == (brute.status, brute.labels)
    assert [str(x) for x in verdict.labels] == ["liar"]


SHOWN = Symbol(
    "shown",
    ("Action", "Situation"),
    "Bool",
    only_in="deployment",
    instead="ideal",
    words=Words("{action:0} is shown {situation:1}", "{action:0} is not shown {situation:1}"),
    spec_words=Words("{name:0} is shown in {name:1}.", "{name:0} is not shown in {name:1}."),
)


def test_a_symbol_given_in_one_phase_is_refused_in_the_other_and_mentioned_where_it_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _register(monkeypatch, "shown", SHOWN)
    story = _story("shown-in-deployment")
    Scenario.from_strings(story, "fine", ["shown(help, farm)", "forall d in deployment: shown(hack, d)"])
    with pytest.raises(SpecError) as at_constant:
        Scenario.from_strings(story, "wrong", ["shown(help, review)"])
    problem = at_constant.value.problems[0]
    assert problem.message.endswith("shown is only given in deployment situations; review is a training situation")
    assert problem.hint == "use ideal for what should happen there"
    with pytest.raises(SpecError) as over_variable:
        Scenario.from_strings(story, "wrong", ["forall t in training: shown(help, t)"])
    assert over_variable.value.problems[0].hint == (
        "quantify over deployment, or use ideal for what should happen in training"
    )
    assert tautology(story, "shown") == "shown(help, farm) == shown(help, farm)"
    training_only = Story.build("no-deployment", {"review": "training"}, ("help", "d"), ("usefulness",))
    said = tautology(training_only, "shown")
    assert said == "forall d_ in deployment: shown(help, d_) == shown(help, d_)"
    assert Scenario.from_strings(training_only, "said", [said]).mentions == frozenset({"shown"})


def test_the_model_documents_every_world_symbol_with_its_arguments() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "model.md").read_text(encoding="utf-8")
    table = text.split("| function | its role |", 1)[1].split("\n\n", 1)[0]
    documented = {}
    for row in table.splitlines()[2:]:
        for name, args in re.findall(r"`([a-z_]+)(?:\(([^)]*)\))?", row.split("|")[1]):
            documented[name] = len(args.split(",")) if args else 0
    assert documented == {s.name: len(s.args) for s in WORLD_SYMBOLS}
