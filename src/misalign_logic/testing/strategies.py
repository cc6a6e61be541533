"""Hypothesis strategies for stories, scenarios, schemes and judgments (re-exported by ``strategies``).

Stories are small on purpose (1-2 training and 1-2 deployment situations, 2-3 actions, 1-2 choices, at most
one cognition and one world fact), so that the brute-force evaluator can enumerate their worlds. Scenario
constraints are written as *text* from a small grammar of facts and parsed like a spec file's, so a failing
example reads as a spec. Every choice shrinks toward the simplest option listed first: fewer situations,
fewer constraints, plain atoms before quantified and compound facts.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence

import attrs
from hypothesis import strategies as st

from misalign_logic.model.expr import ground_name
from misalign_logic.model.judgments import Judgment, Strength
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Label, Scheme, scheme_family
from misalign_logic.model.story import Fact, FactKind, Phase, Situation, Story
from misalign_logic.model.symbols import BUILTIN_FUNCTIONS, Symbol, ground_atoms, phase_situations
from misalign_logic.testing.decided import decided_facts, decided_refinements, decided_scenarios

__all__ = [
    "BOUND_NAMES",
    "WORLD_SYMBOLS",
    "cognition_facts",
    "decided_facts",
    "decided_refinements",
    "decided_scenarios",
    "facts",
    "judgments",
    "refinements",
    "scenarios",
    "schemes",
    "stories",
    "vocabulary_facts",
    "world_based_schemes",
    "world_facts",
]

# Readable names, drawn in order so that shrinking keeps the first of each.
_TRAINING = ("review", "exam")
_DEPLOYMENT = ("farm", "launch")
_ACTIONS = ("help", "hack", "idle")
_CHOICES = ("usefulness", "approval")
_EXTRA_REASON = "confused"
_COGNITION = (Fact("knows_training", FactKind.COGNITION), Fact("goal", FactKind.COGNITION, ("helping", "power")))
_WORLD = (Fact("audited", FactKind.WORLD),)
# The user's own vocabulary (docs/model.md): a sort whose value ``x`` is also a name templates bind (renamed
# apart by _variables), symbols with arguments, and amounts over small ranges (brute force enumerates them).
_SORT = ("Skill", ("x", "nav"))
_VOCABULARY = (
    Fact("points", FactKind.WORLD, args=("Situation", "Action"), range=(0, 2)),
    Fact("knows", FactKind.COGNITION, args=("Situation", "Skill")),
    Fact("effort", FactKind.COGNITION, range=(-1, 1)),
    Fact("bonus", FactKind.WORLD, args=("Skill",), range=(0, 1)),
)
#: The ``describe`` words of every name a generated story may use (a story with words tells its scenarios in them).
_WORDS = {
    "review": "a reviewer checks the model's work",
    "exam": "the model sits a graded test",
    "farm": "the model works unsupervised on a server farm",
    "launch": "the model is released to the public",
    "help": "do what the user asked",
    "hack": "tamper with the reward signal",
    "idle": "do nothing",
    "usefulness": "how useful the work is, as an expert would judge it",
    "approval": "whether the overseer approves of the work",
    "confused": "it misread the task",
    "knows_training": "the model knows when it is being trained",
    "goal": "what the model is ultimately after",
    "audited": "an external audit took place",
    "points": "the points the game pays",
    "knows": "the model has the skill",
    "effort": "how hard the model tries",
    "bonus": "the bonus a skill earns",
}
_BARE = re.compile(r"\w+(\([\w, ()]*\))?")


def _worded(fact: Fact) -> Fact:
    return attrs.evolve(fact, describe=_WORDS[fact.name])


#: At most one fact of each kind per story: made once, since hypothesis validates each strategy it is given anew.
_MAYBE_COGNITION = st.none() | st.sampled_from(_COGNITION)
_MAYBE_WORLD = st.none() | st.sampled_from(_WORLD)


#: Names a story may take that collide with the variables the built-in schemes, the strategies and typical user
#: schemes bind (``s``, ``t``, ``a``, ``c``, ``x``), and with those variables renamed apart (``s_``, ...).
BOUND_NAMES = ("s", "t", "a", "c", "x", "s_", "t_", "a_", "c_", "x_", "y", "z", "u")


@st.composite
def _stories(
    draw: st.DrawFn,
    max_training: int,
    max_deployment: int,
    max_actions: int,
    max_choices: int,
    with_facts: bool,
    words: bool,
    bound_names: bool = False,
    vocabulary: bool = False,
) -> Story:
    training = draw(st.integers(1, max_training))
    deployment = draw(st.integers(1, max_deployment))
    actions = draw(st.integers(2, max_actions))
    choices = draw(st.integers(1, max_choices))
    extra_reason = draw(st.booleans())
    found: list[Fact] = []
    if with_facts:
        cognition = draw(_MAYBE_COGNITION)
        world = draw(_MAYBE_WORLD)
        found = [f for f in (cognition, world) if f is not None]
    names = {n: n for n in (*_TRAINING, *_DEPLOYMENT, *_ACTIONS, *_CHOICES, _EXTRA_REASON, *_WORDS)}
    if bound_names:  # every name of the story taken from the variables', in a drawn order
        pool = draw(st.permutations(BOUND_NAMES))
        roles = (
            *_TRAINING,
            *_DEPLOYMENT,
            *_ACTIONS,
            *_CHOICES,
            _EXTRA_REASON,
            *(f.name for f in (*_COGNITION, *_WORLD)),
        )
        names.update(zip(roles, pool, strict=False))
    found = [Fact(names[f.name], f.kind, f.values) for f in found]
    reasons = ("aligned", "deceptive") + ((names[_EXTRA_REASON],) if extra_reason else ())
    if vocabulary:  # at least one declared symbol; shrinks toward the first, the amount points(s, a)
        found += draw(st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=len(_VOCABULARY), unique=True))

    def said(name: str) -> str:
        return _WORDS[name] if words else ""

    def role(name: str) -> str:  # a generated name's role in the readable story, for its words
        return next(k for k, v in names.items() if v == name)

    named = (*(names[a] for a in _ACTIONS[:actions]), *(names[c] for c in _CHOICES[:choices]), *reasons[2:])
    return Story(
        name="generated",
        situations=tuple(Situation(names[n], Phase.TRAINING, said(n)) for n in _TRAINING[:training])
        + tuple(Situation(names[n], Phase.DEPLOYMENT, said(n)) for n in _DEPLOYMENT[:deployment]),
        actions=tuple(names[a] for a in _ACTIONS[:actions]),
        choices=tuple(names[c] for c in _CHOICES[:choices]),
        reasons=reasons,
        facts=tuple(attrs.evolve(f, describe=_WORDS[role(f.name)]) if words else f for f in found),
        describe="A model is trained, then deployed." if words else "",
        descriptions=tuple((n, _WORDS[role(n)]) for n in named) if words else (),
        sorts=(_SORT,) if vocabulary else (),
    )


def stories(
    *,
    max_training: int = 2,
    max_deployment: int = 2,
    max_actions: int = 3,
    max_choices: int = 2,
    with_facts: bool = True,
    words: bool = True,
    bound_names: bool = False,
    vocabulary: bool = False,
) -> st.SearchStrategy[Story]:
    """Small stories: situations named ``review``/``exam`` (training) and ``farm``/``launch`` (deployment).

    Args:
        max_training: at most this many training situations (at least one; at most 2).
        max_deployment: at most this many deployment situations (at least one; at most 2).
        max_actions: at most this many actions among ``help``, ``hack``, ``idle`` (at least two).
        max_choices: at most this many choices among ``usefulness``, ``approval`` (at least one).
        with_facts: whether a story may declare a cognition fact (``knows_training``, or the enum ``goal``)
            and a world fact (``audited``).
        words: whether the story carries ``describe`` words for its situations, actions, choices, extra
            reasons and facts (as a spec's ``describe`` keys do), so explanations and quizzes read in words.
        bound_names: name every situation, action, choice, extra reason and fact from :data:`BOUND_NAMES`
            instead (in a drawn order), so that the story's names collide with the variables that schemes and
            constraints bind.
        vocabulary: whether the story declares the user's own vocabulary too: the sort ``Skill`` (values ``x``
            and ``nav``) and some of the symbols ``points(Situation, Action)`` (an amount in 0..2),
            ``knows(Situation, Skill)`` (cognition), ``effort`` (a cognition amount in -1..1) and
            ``bonus(Skill)`` (an amount in 0..1); scenarios over it use every amount operator.

    Returns:
        A strategy for :class:`~misalign_logic.Story`; it shrinks toward one situation of each phase, two
        actions, one choice and no facts.
    """
    return _stories(
        min(max_training, len(_TRAINING)),
        min(max_deployment, len(_DEPLOYMENT)),
        min(max_actions, len(_ACTIONS)),
        min(max_choices, len(_CHOICES)),
        with_facts,
        words,
        bound_names,
        vocabulary,
    )


# -- facts: constraint texts from a small grammar ---------------------------------------------------------


def _some(values: Sequence[str]) -> st.SearchStrategy[str]:
    """One of ``values``; none at all when there are none (a story may lack a training or deployment phase)."""
    return st.sampled_from(values) if values else st.nothing()


def _atoms(story: Story) -> st.SearchStrategy[str]:
    """Ground facts and facts over ``choice``, ``policy``, ``reason`` and the user's facts."""
    sits = st.sampled_from([s.name for s in story.situations])
    training = _some(story.training)
    deployment = _some(story.deployment)
    acts = st.sampled_from(story.actions)
    chs = st.sampled_from(story.choices)
    chs_or_open = st.sampled_from([*story.choices, "choice"])
    reasons = st.sampled_from(story.reasons)
    options: list[st.SearchStrategy[str]] = [
        st.builds("policy({}) == {}".format, sits, acts),
        st.builds("not ideal({}, {})".format, sits, acts),
        st.builds("ideal({}, {})".format, sits, acts),
        st.builds("not ideal({0}, policy({0}))".format, deployment),
        st.builds("reason({}) == {}".format, training, reasons),
        st.builds("feedback({0}, {1}) == ideal({0}, {1})".format, training, acts),
        st.builds("feedback({}, {})".format, training, acts),
        st.builds("design({}, {}, {})".format, chs_or_open, sits, acts),
        st.builds("design({0}, {1}, policy({1}))".format, chs_or_open, deployment),
        st.builds("choice == {}".format, chs),
        st.builds("exhibitable({}, {})".format, training, acts),
        st.sampled_from(["fixes_feedback", "not fixes_feedback", "fixes_generalization", "not fixes_generalization"]),
        st.builds("policy({}) != {}".format, sits, acts),
        st.builds("reason({}) != {}".format, sits, reasons),
        *_signature_forms(story, cognition=False),
    ]
    for fact in story.facts:
        if not fact.args and fact.range is None:
            options.append(st.sampled_from(_statements(fact.name, fact.values)))
    if story.sorts:
        options.append(vocabulary_facts(story))
    return st.one_of(options)


_VARIABLE = re.compile(r"\b([sacx])\b")
_COMPARE = st.sampled_from(["==", "!="])
_OPS = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
_NUMBERS = st.integers(-1, 3)


@functools.lru_cache(maxsize=1024)  # strategies are built per story; validating them again is slow
def vocabulary_facts(story: Story) -> st.SearchStrategy[str]:
    """One statement over the declared symbols a story from ``stories(vocabulary=True)`` has.

    Every amount operator (``+ - *``, ``sum`` over a phase, a user sort and the actions, the six comparisons),
    symbols applied to ``policy(s)``, and quantifiers over the sort ``Skill``; ``true`` for a story without them.
    """
    v = _variables(story)
    has = {f.name for f in story.facts}
    sits, acts = st.sampled_from([s.name for s in story.situations]), st.sampled_from(story.actions)
    deployment, skills = _some(story.deployment), _some(story.sort_values("Skill"))
    domains = st.sampled_from(["Situation", "training", "deployment"])
    options: list[st.SearchStrategy[str]] = []
    if "points" in has:
        options += [
            st.builds("points({}, {}) {} {}".format, sits, acts, _OPS, _NUMBERS),
            st.builds("points({0}, {1}) {2} points({0}, {3})".format, sits, acts, _OPS, acts),
            st.builds("points({0}, policy({0})) {1} {2}".format, deployment, _OPS, _NUMBERS),
            st.builds("points({0}, {1}) - points({0}, {2}) {3} {4}".format, sits, acts, acts, _OPS, _NUMBERS),
            st.builds("2 * points({0}, {1}) {2} points({0}, {3}) + 1".format, sits, acts, _OPS, acts),
            st.builds("-points({}, {}) {} {}".format, sits, acts, _OPS, _NUMBERS.map(lambda n: -n)),
            st.builds(v("sum(s in {}: points(s, {})) {} {}").format, domains, acts, _OPS, _NUMBERS),
            st.builds(v("sum(a: points({}, a)) {} {}").format, sits, _OPS, _NUMBERS),
            st.builds(v("forall s in training: points(s, policy(s)) >= points(s, {})").format, acts),
            st.builds(v("exists a: points({0}, a) > points({0}, policy({0}))").format, sits),
            st.builds("ideal({0}, {1}) <-> points({0}, {1}) {2} {3}".format, sits, acts, _OPS, _NUMBERS),
        ]
    if "knows" in has:
        options += [
            st.builds("knows({}, {})".format, sits, skills),
            st.builds("not knows({}, {})".format, sits, skills),
            st.builds(v("forall x in Skill: knows({}, x)").format, sits),
            st.just(v("exists s, x in Skill: knows(s, x)")),
        ]
    if "effort" in has:
        options += [
            st.builds("effort {} {}".format, _OPS, _NUMBERS),
            st.builds("effort + {} {} {}".format, _NUMBERS, _OPS, _NUMBERS),
            st.builds("3 * effort - 1 {} {}".format, _OPS, _NUMBERS),
        ]
    if "bonus" in has:
        options += [
            st.builds("bonus({}) {} {}".format, skills, _OPS, _NUMBERS),
            st.builds(v("sum(x in Skill: bonus(x)) {} {}").format, _OPS, _NUMBERS),
        ]
    if {"bonus", "effort"} <= has:
        options.append(st.builds("bonus({}) {} effort".format, skills, _OPS))
        # Amounts of different ranges stated equal: neither range may be lost (the compile stage keeps them apart).
        options.append(st.builds("effort {} bonus({})".format, _OPS, skills))
    if {"bonus", "points"} <= has:
        options.append(st.builds(v("forall x: bonus(x) <= points({}, {})").format, sits, acts))
    return st.one_of(options) if options else st.just("true")


def _variables(story: Story) -> Callable[[str], str]:
    """A function that renames the variables ``s``, ``a`` and ``c`` of a template where the story uses those
    names (an action called ``a``), so that no variable hides a name of the story."""
    taken = set(story.constant_sorts()) | set(story.symbols())
    fresh = {}
    for var in "sacx":
        fresh[var] = var
        while fresh[var] in taken:
            fresh[var] += "_"
    return lambda template: _VARIABLE.sub(lambda m: fresh[m.group(1)], template)


def _quantified(story: Story) -> st.SearchStrategy[str]:
    """Facts quantified over situations, actions or choices (their variables named apart from the story's names)."""
    v = _variables(story)
    quant = st.sampled_from(["forall", "exists"])
    acts = st.sampled_from(story.actions)
    sits = st.sampled_from([s.name for s in story.situations])
    chs = st.sampled_from(story.choices)
    over_situations = st.one_of(
        st.builds(v("ideal(s, {})").format, acts),
        st.builds(v("not ideal(s, {})").format, acts),
        st.just(v("ideal(s, policy(s))")),
        st.builds(v("policy(s) == {}").format, acts),
        st.builds(v("reason(s) == {}").format, st.sampled_from(story.reasons)),
        st.builds(v("feedback(s, {0}) == ideal(s, {0})").format, acts),
        st.builds(v("design({}, s, policy(s))").format, st.sampled_from([*story.choices, "choice"])),
        st.builds(v("exhibitable(s, {})").format, acts),
    )
    over_actions = st.one_of(
        st.builds(v("feedback({0}, a) == ideal({0}, a)").format, _some(story.training)),
        st.builds(v("design({0}, {1}, a) == ideal({1}, a)").format, chs, sits),
        st.builds(v("ideal({}, a)").format, sits),
        st.builds(v("policy({0}) == a -> ideal({0}, a)").format, sits),
        st.builds(v("design({}, {}, a)").format, chs, sits),
        # Two atoms compared under the quantifier, equal or different (folded as aliases only when equal).
        st.builds(v("feedback({0}, a) {1} ideal({0}, a)").format, _some(story.training), _COMPARE),
        st.builds(v("design({0}, {1}, a) {2} ideal({1}, a)").format, chs, sits, _COMPARE),
        st.builds(v("exhibitable({0}, a) {1} feedback({0}, a)").format, _some(story.training), _COMPARE),
    )
    return st.one_of(
        st.builds(
            v("{} s in {}: {}").format, quant, st.sampled_from(["Situation", "training", "deployment"]), over_situations
        ).filter(_no_feedback_in_deployment),
        st.builds(v("{} a: {}").format, quant, over_actions),
        st.builds(v("{} c: design(c, {}, {})").format, quant, sits, acts),
        # Two binders at once, and a choice variable read through the blueprint.
        st.builds(
            v("{} s in {}, a: {}").format,
            quant,
            st.sampled_from(["training", "deployment", "Situation"]),
            st.sampled_from(
                [
                    v("feedback(s, a) == ideal(s, a)"),
                    v("policy(s) == a -> ideal(s, a)"),
                    v("design(choice, s, a) -> ideal(s, a)"),
                    v("exhibitable(s, a) or ideal(s, a)"),
                    v("feedback(s, a) != ideal(s, a)"),
                    v("design(choice, s, a) != ideal(s, a)"),
                ]
            ),
        ).filter(_no_feedback_in_deployment),
        st.builds(
            v("{} c, s in deployment: design(c, s, policy(s)) {} ideal(s, policy(s))").format,
            quant,
            st.sampled_from(["==", "!="]),
        ),
    )


def _no_feedback_in_deployment(text: str) -> bool:
    """Feedback is given in training only: a quantifier over deployment must not read it."""
    return not (" in deployment" in text and "feedback(" in text)


def _parenthesized(text: str) -> str:
    """``text`` as an operand: a bare atom as it is, anything with an operator in parentheses."""
    return text if _BARE.fullmatch(text.removeprefix("not ")) else f"({text})"


def _negated(text: str) -> str:
    if text.startswith("not ") and _BARE.fullmatch(text[4:]):
        return text[4:]  # "not not x" reads badly; x says the same
    for op, flipped in ((" == ", " != "), (" != ", " == ")):
        left, found, right = text.partition(op)
        if found and _BARE.fullmatch(left) and _BARE.fullmatch(right):
            return f"{left}{flipped}{right}"  # "not (x == y)" reads better as "x != y"
    return f"not {_parenthesized(text)}"


@functools.lru_cache(maxsize=1024)  # strategies are built per story; validating them again is slow
def facts(story: Story) -> st.SearchStrategy[str]:
    """One constraint text over ``story``: an atom, a quantified fact, or a connective over two of them.

    Returns:
        A strategy for constraint texts in the expression language, e.g. ``policy(farm) == hack``,
        ``forall a: feedback(review, a) == ideal(review, a)`` or ``reason(review) == deceptive -> fixes_feedback``;
        it shrinks toward the first atoms listed (``policy(...) == ...``).
    """
    simple = st.one_of(_atoms(story), _quantified(story))
    compound = st.builds(
        lambda op, x, y: f"{_parenthesized(x)} {op} {_parenthesized(y)}",
        st.sampled_from(["and", "or", "->", "<->"]),
        simple,
        simple,
    )
    negated = simple.map(_negated)
    return st.one_of(simple, compound, negated)


#: The symbols :func:`world_facts` describes by default: every world function except cognition, in the order
#: their entries rank them (``Drawn.rank`` in :mod:`misalign_logic.model.symbols`).
WORLD_SYMBOLS = tuple(
    name
    for _, name in sorted(
        (s.drawn.rank, s.name)
        for s in BUILTIN_FUNCTIONS.values()
        if s.drawn is not None and s.drawn.rank is not None and not s.cognition
    )
)


def _ground_atoms(story: Story, symbols: Sequence[str]) -> list[tuple[str, tuple[str, ...] | None]]:
    """Each ground atom of ``symbols`` worth stating, with its values (None for a boolean), in reading order.

    A built-in symbol is grounded on the situations its entry's ``Drawn.at`` names: ``design`` on deployment
    situations only (on training ones it is the feedback, by the background axiom), ``feedback`` and
    ``exhibitable`` on training situations only (where the schemes read them).
    """
    table = {name: _drawn_atoms(story, name) for name in symbols}
    for fact in story.facts:
        table[fact.name] = ground_facts(story, fact)
    return [atom for name in symbols for atom in table.get(name, [])]


def _drawn_atoms(story: Story, name: str) -> list[tuple[str, tuple[str, ...] | None]]:
    """The ground atoms of the built-in ``name`` the generators state, where its entry says; none if not drawn."""
    symbol = BUILTIN_FUNCTIONS.get(name)
    return [] if symbol is None or symbol.drawn is None else _stated_atoms(story, symbol)


@functools.lru_cache(maxsize=4096)  # read per draw of world_facts: built once per story and entry
def _stated_atoms(story: Story, symbol: Symbol) -> list[tuple[str, tuple[str, ...] | None]]:
    assert symbol.drawn is not None
    return ground_atoms(story, symbol, phase_situations(story, symbol.drawn.at))


def _signature_forms(story: Story, cognition: bool) -> list[st.SearchStrategy[str]]:
    """Statements of the drawn built-ins the grammar above does not write by hand (``Drawn.grammar``): each of
    their atoms, held or not, or each of its values, drawn from the entry alone."""
    texts = [
        text
        for s in BUILTIN_FUNCTIONS.values()
        if s.drawn is not None and not s.drawn.grammar and s.cognition is cognition
        for atom, values in _drawn_atoms(story, s.name)
        for text in _statements(atom, values)
    ]
    return [st.sampled_from(texts)] if texts else []


def ground_facts(story: Story, fact: Fact) -> list[tuple[str, tuple[str, ...] | None]]:
    """Each ground term of a user fact, with its values (None for a boolean; an amount's numbers as text)."""
    values = fact.values
    if fact.range is not None:
        values = tuple(str(n) for n in range(fact.range[0], fact.range[1] + 1))
    terms = itertools.product(*(story.sort_values(a) for a in fact.args))
    return [(ground_name(fact.name, args), values) for args in terms]


def _statements(atom: str, values: tuple[str, ...] | None) -> list[str]:
    """Every statement of one value of ``atom``: itself and its negation for a boolean."""
    return [atom, f"not {atom}"] if values is None else [f"{atom} == {v}" for v in values]


@st.composite
def _world_facts(draw: st.DrawFn, story: Story, symbols: tuple[str, ...]) -> list[str]:
    out = []
    for atom, values in _ground_atoms(story, symbols):
        if not draw(st.booleans()):  # shrinks toward False: fewer facts stated
            continue
        if values is None:
            out.append(atom if draw(st.booleans()) else f"not {atom}")
        else:
            out.append(f"{atom} == {draw(st.sampled_from(values))}")
    return out


def world_facts(story: Story, symbols: Sequence[str] = WORLD_SYMBOLS) -> st.SearchStrategy[list[str]]:
    """Part of one world's description: ground facts such as ``policy(farm) == hack``, ``not ideal(farm, hack)``.

    Each ground atom of ``symbols`` is stated or left open, and stated atoms get a value; the facts never
    contradict each other. Shrinking leaves atoms open, so a found example keeps only the facts it needs.

    Args:
        story: the signature.
        symbols: the world functions and facts to describe (default: :data:`WORLD_SYMBOLS`, no cognition).

    Returns:
        A strategy for lists of constraint texts.
    """
    return _cached_world_facts(story, tuple(symbols))


@functools.lru_cache(maxsize=1024)
def _cached_world_facts(story: Story, symbols: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    return _world_facts(story, symbols)


@functools.lru_cache(maxsize=1024)  # strategies are built per story; validating them again is slow
def cognition_facts(story: Story) -> st.SearchStrategy[str]:
    """One fact about the model's internals: its reason in a situation, or a cognition fact of the story."""
    options: list[st.SearchStrategy[str]] = [
        st.builds("reason({}) == {}".format, _some(story.training), st.sampled_from(story.reasons)),
        st.builds(_variables(story)("forall s in training: reason(s) == {}").format, st.sampled_from(story.reasons)),
        st.builds(
            "reason({}) != {}".format,
            st.sampled_from([s.name for s in story.situations]),
            st.sampled_from(story.reasons),
        ),
        *_signature_forms(story, cognition=True),
    ]
    for fact in story.facts:
        if fact.kind is FactKind.COGNITION:
            texts = [t for atom, values in ground_facts(story, fact) for t in _statements(atom, values)]
            options.append(st.sampled_from(texts))
    return st.one_of(options)


def scenarios(
    story: Story | None = None,
    *,
    name: str = "scenario-1",
    min_constraints: int = 1,
    max_constraints: int = 4,
    decided: bool = False,
) -> st.SearchStrategy[Scenario]:
    """Scenarios over ``story`` (or over a generated small story when None): conjunctions of :func:`facts`.

    Args:
        story: the signature; a story from :func:`stories` is drawn when None.
        name: the scenario's name.
        min_constraints: at least this many constraints.
        max_constraints: at most this many constraints.
        decided: state the policy, the wishes and whole groups of the facts the schemes read instead
            (:func:`~misalign_logic.testing.decided.decided_scenarios`), so that most world-based schemes force a
            label; the constraint counts do not apply.

    Returns:
        A strategy for :class:`~misalign_logic.Scenario`, built with :meth:`Scenario.from_strings` so each
        constraint keeps its readable source text; it shrinks toward fewer and simpler constraints.
    """
    if story is None:
        return stories().flatmap(
            lambda s: scenarios(
                s, name=name, min_constraints=min_constraints, max_constraints=max_constraints, decided=decided
            )
        )
    if decided:
        return decided_scenarios(story, name=name)
    build: Callable[[Sequence[str]], Scenario] = lambda texts: Scenario.from_strings(story, name, texts)  # noqa: E731
    return st.lists(facts(story), min_size=min_constraints, max_size=max_constraints).map(build)


def refinements(
    scenario: Scenario, *, name: str = "scenario-2", max_constraints: int = 3, decided: bool = False
) -> st.SearchStrategy[Scenario]:
    """Scenarios that extend ``scenario`` with 1 to ``max_constraints`` more facts (so they refine it).

    Args:
        scenario: the scenario to refine.
        name: the refinement's name.
        max_constraints: at most this many more facts.
        decided: add the facts of :func:`~misalign_logic.testing.decided.decided_refinements` instead (the
            policy, wishes and groups of read facts, consistent with ``scenario`` by construction).

    Returns:
        A strategy for :class:`~misalign_logic.Scenario` built with :meth:`Scenario.refine`.
    """
    if decided:
        return decided_refinements(scenario, name=name)
    return st.lists(facts(scenario.story), min_size=1, max_size=max_constraints).map(
        lambda texts: scenario.refine(name, texts)
    )


@functools.lru_cache(maxsize=1024)  # strategies are built per story; validating them again is slow
def schemes(story: Story) -> st.SearchStrategy[Scheme]:
    """Every scheme of :func:`~misalign_logic.scheme_family` for ``story``, under both readings."""
    return st.sampled_from(scheme_family(story))


@functools.lru_cache(maxsize=1024)  # strategies are built per story; validating them again is slow
def world_based_schemes(story: Story) -> st.SearchStrategy[Scheme]:
    """The schemes of :func:`schemes` whose label depends only on the world."""
    return st.sampled_from([s for s in scheme_family(story) if s.world_based])


def judgments(
    scenarios: Sequence[Scenario],
    *,
    strengths: Sequence[Strength] = (Strength.CERTAIN, Strength.POSSIBLE),
    max_size: int = 4,
    ambiguous: bool = False,
) -> st.SearchStrategy[list[Judgment]]:
    """Answers about ``scenarios``: 1 to ``max_size`` judgments, each a scenario, a label and a strength.

    Probable judgments need a prior, so they are not generated; every judgment takes the literal reading.

    Args:
        scenarios: the scenarios answered about.
        strengths: the strengths to draw.
        max_size: at most this many judgments.
        ambiguous: also draw the answer "ambiguous" (outer and inner both possible, neither certain).

    Returns:
        A strategy for lists of :class:`~misalign_logic.Judgment`; it shrinks toward one certain ``none``.
    """
    names = st.sampled_from([s.name for s in scenarios])
    one = st.builds(Judgment, names, st.sampled_from(list(Label)), st.sampled_from(list(strengths)))
    if ambiguous:
        one = st.one_of(one, st.builds(Judgment, names, st.none(), st.just(Strength.POSSIBLE)))
    return st.lists(one, min_size=1, max_size=max_size)
