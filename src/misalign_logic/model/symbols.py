"""The world's symbols, one entry each: the registry every room reads (docs/model.md, the table of functions).

An entry (:class:`Symbol`) holds everything the library knows about one function every world interprets: its
argument sorts and result sort, whether it is about cognition, whether the story fixes it (the phase tests),
the situations at which its atoms are unknowns, the order in which facts about it are told, its words in
explanations (:class:`Words`, read by ``prose/words.py``) and in spec files (:class:`Words` again, read by
``spec/render.py``), and how the generators of ``testing/`` draw it (:class:`Drawn`). Everything here is plain
data; the rooms above give it meaning.

Words are templates with slots ``{KIND:WHICH}`` or ``{KIND:WHICH|FALLBACK}``: ``WHICH`` is an argument's
position (``0``, ``1``, ...), ``value`` (the fact's value) or a name written as is (``deceptive``); ``KIND``
says how the name is told. Explanations (``prose/words.py``) know ``situation`` ("in training, where ..."),
``closed`` (the same, closed by a comma when it holds one), ``action``, ``choice``, ``reason``, ``chose`` (what
the model chose in the situation, or ``FALLBACK`` when the world does not say) and ``readings`` (": A or B", the
choices joined by ``WHICH``). Spec files (``spec/render.py``) know ``name`` (the bare name) and ``situation``
(the name with its describe words). :func:`fill` fills a template; the describe words put in are never read
again as slots.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from misalign_logic.model.expr import ground_name

if TYPE_CHECKING:
    from misalign_logic.model.story import Story

__all__ = [
    "BUILTIN_FUNCTIONS",
    "STATIC_FUNCTIONS",
    "Drawn",
    "Symbol",
    "Words",
    "fill",
    "ground_atoms",
    "phase_situations",
    "slots",
    "told_rank",
]

#: The situations a symbol's atoms may be restricted to: all, or one phase (``unknown_at``, ``Drawn.at``).
SITUATIONS = ("Situation", "training", "deployment")


@attrs.frozen
class Words:
    """How a ground fact about a symbol is said: templates with slots (see the module docstring).

    Attributes:
        holds: the fact when it holds (a Boolean symbol) or for any value (any other symbol).
        fails: the fact when a Boolean symbol does not hold.
        unknown: the open question an atom poses; ``""`` for "whether" and the fact that holds.
        values: templates for particular values, as ``(value, template)`` pairs, used instead of ``holds``.
    """

    holds: str
    fails: str = ""
    unknown: str = ""
    values: tuple[tuple[str, str], ...] = ()

    def template(self, value: bool | int | str) -> str:
        """The template for ``value``: a particular value's own; ``fails`` for anything but true when there is
        one (a Boolean symbol); else ``holds``."""
        for known, template in self.values:
            if value == known and not isinstance(value, bool):
                return template
        return self.fails if self.fails and value is not True else self.holds


@attrs.frozen
class Drawn:
    """How the generators of ``testing/`` draw a symbol's facts (data; the hypothesis code stays in testing/).

    Attributes:
        at: the situations its ground atoms are stated at (``Situation``, ``training`` or ``deployment``).
        rank: its place among the symbols ``world_facts`` states by default (cognition is never among them,
            whatever its rank); None when it is stated only when asked for by name.
        decided: ``(group, place)``: the group of facts the decided strategies state or leave open together
            (the facts one family of schemes reads), and its place in the group; None when they never state it.
        decided_at: the situations the decided strategies state it at, when not ``at`` (``deployment``
            means the failure points there).
        grammar: True when ``testing/strategies.py``'s grammar writes its forms by hand (with other symbols:
            ``feedback(t, a) == ideal(t, a)``); otherwise its atoms, their negations and values are drawn from
            its signature.
    """

    at: str = "Situation"
    rank: int | None = None
    decided: tuple[int, int] | None = None
    decided_at: str = ""
    grammar: bool = False


@attrs.frozen(cache_hash=True)  # generators key their caches by an entry
class Symbol:
    """A function of the world: its signature, what it is about, and how it is told and drawn.

    A user fact is a symbol too (:meth:`Story.symbols`), with its words in the story and none here.

    Attributes:
        name: the name constraints use.
        args: the argument sorts.
        result: the result sort (``Bool``, ``Int``, a sort, or ``fact:NAME`` for an enum fact).
        cognition: whether it is about the model's internals (the seed's "training process vs learned model").
        static: whether the story fixes it rather than the world (the phase tests read a situation's phase).
        unknown_at: the situations at which its atoms are unknowns of a world (``design`` at a training
            situation is the feedback there, by the background axiom).
        only_in: the one phase it is given in (``feedback``: ``training``); applying it to a situation of the
            other phase is an error. ``""``: any situation.
        instead: what to use in the other phase, as the error's hint says it (``ideal or design``).
        told: its place when a world's facts are told in order (what the model did, what was wished, ...);
            None after every ranked symbol.
        words: how explanations say its facts; None for the story's own words, as for a user fact.
        spec_words: how a spec file's comment says its facts; None to quote the constraint as written.
        drawn: how the generators draw it; None when they do not.
    """

    name: str
    args: tuple[str, ...]
    result: str
    cognition: bool = False
    static: bool = False
    unknown_at: str = "Situation"
    only_in: str = ""
    instead: str = ""
    told: int | None = None
    words: Words | None = None
    spec_words: Words | None = None
    drawn: Drawn | None = None


def _would(subject: str, end: str = "") -> Words:
    """The words of a root-cause counterfactual: whether changing ``subject`` alone would have prevented it."""
    return Words(
        f"{subject} alone would have prevented the failure{end}",
        f"{subject} alone would not have prevented the failure{end}",
    )


#: The functions every world interprets (docs/model.md, table "function / objective / role"), one entry each.
#: ``training`` and ``deployment`` are not unknowns: they read a situation's declared phase.
BUILTIN_FUNCTIONS: Mapping[str, Symbol] = {
    s.name: s
    for s in (
        Symbol(
            "policy",
            ("Situation",),
            "Action",
            told=0,
            words=Words(
                "{situation:0}, the model chose to {action:value}", unknown="what the model chose to do {situation:0}"
            ),
            spec_words=Words("In {situation:0}, the model does {name:value}."),
            drawn=Drawn(rank=0, grammar=True),
        ),
        Symbol(
            "ideal",
            ("Situation", "Action"),
            "Bool",
            told=1,
            words=Words(
                "the designers want the model to {action:1} {situation:0}",
                "the designers do not want the model to {action:1} {situation:0}",
            ),
            spec_words=Words(
                "In {name:0}, {name:1} is what the designers wish for.",
                "In {name:0}, {name:1} is not what the designers wish for.",
            ),
            drawn=Drawn(rank=1, decided=(2, 1), decided_at="training", grammar=True),
        ),
        Symbol(
            "design",
            ("Choice", "Situation", "Action"),
            "Bool",
            unknown_at="deployment",
            told=2,
            words=Words(
                "the design objective, read as {choice:0}, would reward the model for choosing to {action:2} "
                "{situation:1}",
                "the design objective, read as {choice:0}, would not reward the model for choosing to {action:2} "
                "{situation:1}",
            ),
            spec_words=Words(
                "Read as {name:0}, the design objective endorses {name:2} in {name:1}.",
                "Read as {name:0}, the design objective does not endorse {name:2} in {name:1}.",
            ),
            drawn=Drawn(at="deployment", rank=3, decided=(0, 0), grammar=True),
        ),
        Symbol(
            "feedback",
            ("Situation", "Action"),
            "Bool",
            unknown_at="training",
            only_in="training",
            instead="ideal or design",
            told=3,
            words=Words(
                "the feedback {closed:0} rewards the model for choosing to {action:1}",
                "the feedback {closed:0} does not reward the model for choosing to {action:1}",
            ),
            spec_words=Words(
                "In {name:0}, training rewards {name:1}.", "In {name:0}, training does not reward {name:1}."
            ),
            drawn=Drawn(at="training", rank=2, decided=(2, 0), grammar=True),
        ),
        Symbol(
            "reason",
            ("Situation",),
            "Reason",
            cognition=True,
            told=5,
            words=Words(
                "{situation:0}, the model {chose:0|acted} {reason:value}",
                unknown="why the model {chose:0|acted as it did} {situation:0}: whether it did so {reason:deceptive}",
            ),
            spec_words=Words(
                "In {name:0}, the model acts for {name:value} reasons.",
                values=(("deceptive", "In {name:0}, the model acts to deceive its overseers."),),
            ),
            drawn=Drawn(at="training", rank=8, decided=(3, 0), grammar=True),
        ),
        Symbol(
            "exhibitable",
            ("Situation", "Action"),
            "Bool",
            told=4,
            words=Words(
                "choosing to {action:1} {closed:0} could be credibly exhibited as bad to a polynomial-time verifier",
                "choosing to {action:1} {closed:0} could not be credibly exhibited as bad to a polynomial-time "
                "verifier",
            ),
            spec_words=Words(
                "In {name:0}, {name:1} can be shown to be bad to an overseer.",
                "In {name:0}, {name:1} cannot be shown to be bad to an overseer.",
            ),
            drawn=Drawn(at="training", rank=4, decided=(4, 0), grammar=True),
        ),
        Symbol(
            "choice",
            (),
            "Choice",
            told=6,
            words=Words(
                "the designers meant the design objective as {choice:value}",
                unknown="which reading of the design objective the designers meant{readings:or}",
            ),
            spec_words=Words("The designers meant {name:value}."),
            drawn=Drawn(rank=5, decided=(1, 0), grammar=True),
        ),
        Symbol(
            "fixes_feedback",
            (),
            "Bool",
            told=7,
            words=_would("correcting the feedback"),
            spec_words=_would("Fixing the feedback", "."),
            drawn=Drawn(rank=6, decided=(5, 0), grammar=True),
        ),
        Symbol(
            "fixes_generalization",
            (),
            "Bool",
            told=7,
            words=_would("changing the inductive bias"),
            spec_words=_would("Fixing the inductive bias", "."),
            drawn=Drawn(rank=7, decided=(5, 1), grammar=True),
        ),
        Symbol("training", ("Situation",), "Bool", static=True),
        Symbol("deployment", ("Situation",), "Bool", static=True),
    )
}

#: Functions whose value is fixed by the story rather than left to the world.
STATIC_FUNCTIONS = frozenset(name for name, s in BUILTIN_FUNCTIONS.items() if s.static)

_SLOT = re.compile(r"\{([a-z_]+):([A-Za-z0-9_]+)(?:\|([^{}]*))?\}")


def slots(template: str) -> list[tuple[str, str, str]]:
    """The slots of a template, as ``(kind, which, fallback)``."""
    return [(m.group(1), m.group(2), m.group(3) or "") for m in _SLOT.finditer(template)]


def fill(template: str, slot: Callable[[str, str, str], str]) -> str:
    """``template`` with each slot replaced by ``slot(kind, which, fallback)``, in one pass.

    Args:
        template: words with slots ``{KIND:WHICH}`` or ``{KIND:WHICH|FALLBACK}``.
        slot: the words for one slot; what it returns is not read again, so describe words holding braces stay.
    """
    return "".join(part if isinstance(part, str) else slot(*part) for part in _parts(template))


@functools.lru_cache(maxsize=512)  # a few dozen templates, each filled many times
def _parts(template: str) -> tuple[str | tuple[str, str, str], ...]:
    """A template split into its literal text and its slots ``(kind, which, fallback)``."""
    pieces = _SLOT.split(template)  # text, then kind, which, fallback and text again per slot
    parts: list[str | tuple[str, str, str]] = [pieces[0]]
    for k in range(1, len(pieces), 4):
        parts += [(pieces[k], pieces[k + 1], pieces[k + 2] or ""), pieces[k + 3]]
    return tuple(p for p in parts if p != "")


def told_rank(name: str) -> int:
    """Where facts about ``name`` come when a world is told: its ``told`` place, else after every ranked one."""
    last = 1 + max(s.told for s in BUILTIN_FUNCTIONS.values() if s.told is not None)
    symbol = BUILTIN_FUNCTIONS.get(name)
    return last if symbol is None or symbol.told is None else symbol.told


def phase_situations(story: Story, at: str) -> tuple[str, ...]:
    """The names of ``story``'s situations in ``at``: ``Situation`` (all), ``training`` or ``deployment``."""
    if at == "training":
        return story.training
    if at == "deployment":
        return story.deployment
    return tuple(s.name for s in story.situations)


def ground_atoms(
    story: Story, symbol: Symbol, situations: Sequence[str] | None = None
) -> list[tuple[str, tuple[str, ...] | None]]:
    """Each ground atom of a built-in ``symbol`` with its values (None for a Boolean), arguments varying last first.

    Args:
        story: the signature.
        symbol: the symbol; its result is ``Bool`` or a finite sort of the story.
        situations: what its situation arguments range over (default: every situation).
    """
    sits: Iterable[str] = situations if situations is not None else phase_situations(story, "Situation")
    domains = [tuple(sits) if sort == "Situation" else story.sort_values(sort) for sort in symbol.args]
    values = None if symbol.result == "Bool" else story.sort_values(symbol.result)
    return [(ground_name(symbol.name, args), values) for args in itertools.product(*domains)]
