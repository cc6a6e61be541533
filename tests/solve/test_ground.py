"""The one lowering: what an expression means for solving, as ground formulas (solve/ground.py)."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest
from hypothesis import given
from hypothesis import strategies as st

import misalign_logic as ml
from misalign_logic.model.expr import ground_name
from misalign_logic.model.parse import parse_constraint
from misalign_logic.solve import ground
from misalign_logic.solve.compile import Folding, Inconsistent
from misalign_logic.solve.encoding import Encoder
from misalign_logic.solve.ground import Lowering
from misalign_logic.solve.nodes import FALSE, TRUE, Ground, Instances, Neg, Same, Split
from tests.solve.test_classify import STORY

# Every name collides with a variable the built-in schemes bind, or with a function's name.
BOUND = ml.Story.build(
    "bound names",
    situations={"t": "training", "s": "deployment", "x": "deployment"},
    actions=["a", "c"],
    choices=["s1", "x1"],
)


def lower(text: str, story: ml.Story = STORY) -> Ground:
    return Lowering(story).lower(parse_constraint(text, story))


def test_the_background_axiom_makes_design_in_training_the_feedback_atom() -> None:
    low = Lowering(STORY)
    assert low.lower(parse_constraint("design(c1, train, good)", STORY)) == "feedback(train, good)"
    assert low.lower(parse_constraint("design(c2, train, good)", STORY)) == "feedback(train, good)"
    assert low.lower(parse_constraint("design(c1, test, good)", STORY)) == "design(c1, test, good)"
    assert low.atom_name("design", ("c1", "train", "bad")) == ("feedback(train, bad)", "Bool")


def test_a_phase_test_is_a_constant() -> None:
    assert lower("training(train)") is TRUE
    assert lower("deployment(train)") is FALSE
    node = lower("forall s: training(s) -> policy(s) == good")
    assert isinstance(node, Instances)
    assert [type(i).__name__ for i in node.instances] == ["Disj", "Disj"]
    assert node.instances[0].args[0].arg is TRUE  # type: ignore[union-attr]
    assert node.instances[1].args[0].arg is FALSE  # type: ignore[union-attr]


def test_a_quantifier_under_the_same_bindings_is_one_node_and_one_shared_definition() -> None:
    low = Lowering(STORY)
    failure = parse_constraint("exists s in deployment: forall a: not ideal(s, a) and design(c1, s, a)", STORY)
    assert low.lower(failure) is low.lower(failure)
    encoder = Encoder(STORY, low)
    assert encoder.formula(failure) == encoder.formula(failure)


def test_an_unknown_argument_is_a_split_over_the_atoms_its_cases_name() -> None:
    node = lower("not ideal(test, policy(test))")
    assert isinstance(node, Neg)
    split = node.arg
    assert isinstance(split, Split)
    assert split.args[1] == "policy(test)"
    test = STORY.sort_values("Situation").index("test")
    assert split.args[0].index == test  # type: ignore[union-attr]
    low = Lowering(STORY)
    assert [low.at(split, (test, k)) for k in range(2)] == ["ideal(test, good)", "ideal(test, bad)"]
    both = lower("design(c1, train, policy(train))")
    assert isinstance(both, Split)
    train = STORY.sort_values("Situation").index("train")
    assert low.at(both, (0, train, 1)) == "feedback(train, bad)"  # the axiom holds in every case


def test_equalities_and_differences_of_enum_terms_and_booleans() -> None:
    same = lower("policy(test) == bad")
    assert isinstance(same, Same)
    assert (same.left, same.right.index) == ("policy(test)", 1)  # type: ignore[union-attr]
    differ = lower("knows != ideal(test, good)")
    assert isinstance(differ, Neg)
    assert type(differ.arg).__name__ == "Iff"


def test_names_that_are_bound_variables_elsewhere_stay_constants() -> None:
    node = lower("forall b in Action: ideal(s, b) -> design(s1, s, b)", BOUND)
    assert isinstance(node, Instances)
    atoms = {n for i in node.instances for n in (i.args[0].arg, i.args[1])}  # type: ignore[union-attr]
    assert atoms == {"ideal(s, a)", "ideal(s, c)", "design(s1, s, a)", "design(s1, s, c)"}


STATEMENTS = [
    "forall s: ideal(s, good) and not ideal(s, bad)",
    "forall t in training: forall a: feedback(t, a) == ideal(t, a)",
    "forall s in deployment: forall a: design(c1, s, a) == ideal(s, a)",
    "forall s in deployment: (forall a: (design(c2, s, a) and true))",
    "forall s: policy(s) == good and reason(s) == aligned",
    "forall a: forall s: ideal(s, a) == feedback(train, a)",
    "forall s: training(s) or ideal(s, good)",
    "forall a in Action: forall b in Action: ideal(test, a) == ideal(test, b)",
    "forall s: forall a: (a == policy(s)) == ideal(s, a)",
    "forall s: knows == ideal(s, good)",
    "forall c: forall a: design(c, test, a) != ideal(test, a)",
]


def _compiled(statements: list[str], story: ml.Story) -> object:
    fold = Folding(Lowering(story))
    rests = [fold.split(f"c#{i}", parse_constraint(text, story)) for i, text in enumerate(statements)]
    try:
        fold.close()
    except Inconsistent as clash:
        return "clash", clash.provenance
    return dict(fold._fixed), dict(fold._parent), [len(r) for r in rests]


@pytest.mark.parametrize("count", [1, 2, 3, len(STATEMENTS)])
def test_the_facts_of_a_quantified_conjunction_are_those_of_its_instances(
    count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The lowering states the facts of a quantified conjunction without a node per instance; compile must
    # record the same facts, representatives, provenance, residual and clash as from the instances' nodes.
    for first in range(len(STATEMENTS) - count + 1):
        statements = STATEMENTS[first : first + count]
        quick = _compiled(statements, STORY)
        with monkeypatch.context() as m:
            m.setattr(ground, "_template", lambda e, index: None)
            assert _compiled(statements, STORY) == quick, statements


def _conjuncts(text: str) -> tuple[list[object], list[object], list[object]]:
    """What the lowering finds among the conjuncts of ``text``: facts, equalities of atoms, other conjuncts."""
    facts: list[tuple[str, object, object]] = []
    equal: list[object] = []
    other: list[object] = []
    Lowering(STORY).conjuncts(
        parse_constraint(text, STORY), facts, "tag", lambda a, b, tag: equal.append((a, b, tag)), other.append
    )
    return facts, equal, other  # type: ignore[return-value]


def test_a_quantified_fact_over_a_variable_bound_outside_is_stated_per_binding() -> None:
    facts, equal, other = _conjuncts("forall s: forall a: (a == policy(s)) == ideal(s, a)")
    assert (facts, equal, len(other)) == ([], [], 4)  # a comparison with a term: no template
    facts, _, _ = _conjuncts("forall t in training: forall a: feedback(t, a)")
    assert facts == [("feedback(train, good)", True, "tag"), ("feedback(train, bad)", True, "tag")]
    facts, _, _ = _conjuncts("forall s: forall a: policy(s) == a")
    values = [("policy(train)", 0), ("policy(train)", 1), ("policy(test)", 0), ("policy(test)", 1)]
    assert facts == [(atom, value, "tag") for atom, value in values]
    facts, equal, other = _conjuncts("policy(test) == bad and (forall a: design(c1, train, a) == ideal(train, a))")
    assert facts == [("policy(test)", 1, "tag")]
    assert equal == [
        ("feedback(train, good)", "ideal(train, good)", "tag"),
        ("feedback(train, bad)", "ideal(train, bad)", "tag"),
    ]
    assert other == []


def test_a_dropped_lowering_is_freed_without_the_collector() -> None:
    # A thread keeps a few stories' lowerings; one it drops must go by reference counting alone, or every
    # formula it made would wait for a full collection (a split referring back to its lowering made a cycle).
    low = Lowering(STORY)
    low.lower(parse_constraint("exists s in deployment: not ideal(s, policy(s)) and design(c1, s, policy(s))", STORY))
    # A body lowered through its shape, and a quantified statement of facts whose atoms the background axiom
    # names (its template): neither may leave the lowering holding what refers back to it.
    wide = ml.Story.build("wide", {f"t{i}": "training" for i in range(ground.SHAPED_FROM)}, ["good", "bad"], ["c1"])
    shaped = Lowering(wide)
    node = shaped.lower(parse_constraint("forall t in training: ideal(t, policy(t)) or design(c1, t, good)", wide))
    assert node.shape is not None  # type: ignore[union-attr]
    facts: list[object] = []
    stated = parse_constraint("forall t in training: design(c1, t, good) == ideal(t, good)", wide)
    shaped.conjuncts(stated, facts, "tag", lambda a, b, tag: None, facts.append)  # type: ignore[arg-type]
    gone = weakref.ref(low)
    shaped_gone = weakref.ref(shaped)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del low, shaped, node
        assert gone() is None
        assert shaped_gone() is None
    finally:
        if was_enabled:
            gc.enable()


def test_a_thread_shares_one_lowering_per_story_and_forgets_the_oldest() -> None:
    ground.clear_lowerings()
    first = ground.lowering(STORY)
    assert ground.lowering(STORY) is first
    assert ground.lowering(_same_story()) is first  # an equal story shares it
    for k in range(ground._KEPT):
        ground.lowering(ml.Story.build("other", situations={f"t{k}": "training"}, actions=["a"], choices=["c"]))
    assert ground.lowering(STORY) is not first
    ground.clear_lowerings()


def _same_story() -> ml.Story:
    """A story equal to STORY, built apart."""
    return ml.Story.build(
        "tiny",
        situations={"train": "training", "test": "deployment"},
        actions=["good", "bad"],
        choices=["c1", "c2"],
        facts={"knows": "cognition", "weather": ("world", ["sun", "rain"])},
    )


def test_one_lowering_lowers_for_one_thread_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # An explanation read later may lower in another thread while the story's own thread lowers too: the
    # second waits, or it would find the first one's writers (and lose them when the first one finishes).
    low = Lowering(STORY)
    expr = parse_constraint("forall s: ideal(s, good) or policy(s) == bad", STORY)
    inside, go = threading.Event(), threading.Event()
    walk = Lowering._walk

    def slow_walk(self: Lowering, e: object, env: dict[str, str]) -> object:
        if threading.current_thread().name == "first":
            inside.set()
            go.wait(5)
        return walk(self, e, env)  # type: ignore[arg-type]

    monkeypatch.setattr(Lowering, "_walk", slow_walk)
    done: list[str] = []
    first = threading.Thread(target=lambda: done.append(type(low.lower(expr)).__name__), name="first")
    second = threading.Thread(target=lambda: done.append(type(low.lower(expr)).__name__), name="second")
    first.start()
    assert inside.wait(5)
    second.start()
    second.join(0.2)
    assert second.is_alive()  # waiting for the first thread's lowering to end
    go.set()
    first.join(5)
    second.join(5)
    assert done == ["Instances", "Instances"]


@given(st.lists(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True), min_size=1, max_size=5).map(tuple))
def test_the_lowering_spells_an_atom_as_the_model_does(key: tuple[str, ...]) -> None:
    assert ground._name(key) == ground_name(key[0], key[1:])


def test_every_way_an_atom_is_made_names_it_alike() -> None:
    lowering = Lowering(STORY)
    situation, action = STORY.situations[0].name, STORY.actions[0]
    assert lowering.atom_name("ideal", (situation, action))[0] == ground_name("ideal", (situation, action))
    assert lowering.atom_name("policy", (situation,))[0] == ground_name("policy", (situation,))
