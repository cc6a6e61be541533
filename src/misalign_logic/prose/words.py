"""How explanations say things: one fixed template per world symbol and per scheme, filled with a story's words.

Nothing here is generated freely. Each world fact (``reason(review) == deceptive``) is told by the template
of its symbol, with the names in it replaced by the ``describe`` words the spec gives for situations,
actions, choices, reasons and facts, or by the bare names when it gives none. The seed's own phrases are
used for the schemes ("good feedback rewards good outputs chosen for the right reasons", …), as the registry of
scheme families (:mod:`misalign_logic.model.families`) writes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from misalign_logic.model.expr import ground_name
from misalign_logic.model.families import READINGS
from misalign_logic.model.schemes import Label, Scheme
from misalign_logic.model.story import Story
from misalign_logic.model.symbols import BUILTIN_FUNCTIONS, fill

__all__ = ["Wording", "count", "listing"]

Value = bool | int | str  # an amount is an int

_ATOM = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*\Z")


def split_atom(atom: str) -> tuple[str, tuple[str, ...]]:
    """``"design(c, s, a)"`` → ``("design", ("c", "s", "a"))``; ``"choice"`` → ``("choice", ())``."""
    m = _ATOM.match(atom)
    if m is None:
        return atom, ()
    args = tuple(a.strip() for a in m.group(2).split(",")) if m.group(2) else ()
    return m.group(1), args


def listing(items: Sequence[str], conjunction: str = "and") -> str:
    """Items as English lists them: ``a``, ``a and b``, ``a, b, and c`` (the serial comma keeps items whose own
    words hold "and" or "or" apart)."""
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f", {conjunction} " + items[-1]


def count(n: int, noun: str, plural: str = "") -> str:
    """``1 stated fact``, ``2 stated facts``: a number with its noun in the right number."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def _closed(phrase: str) -> str:
    """A phrase put in the middle of a clause: one that holds a comma of its own ("in the office, before the
    pandemic") is closed by a comma too, so the clause reads on."""
    return f"{phrase}," if "," in phrase else phrase


class Wording:
    """Phrases for one story's facts, unknowns and schemes.

    Args:
        story: the story whose ``describe`` words to use; None to use bare names.
    """

    def __init__(self, story: Story | None = None) -> None:
        self.story = story

    def _words(self, name: str) -> str:
        return self.story.description(name) if self.story is not None else ""

    # -- names ------------------------------------------------------------------------------------

    def situation(self, name: str) -> str:
        """Where: ``in training, where humans review its pull requests`` or ``in situation `review```."""
        words = self._words(name)
        return f"in {words}" if words else f"in situation `{name}`"

    def action(self, name: str) -> str:
        """What, as a verb phrase after "chose to": ``write a useful pull request`` or ``take action `x```."""
        return self._words(name) or f"take action `{name}`"

    def choice(self, name: str) -> str:
        """A reading of the design objective: its words in quotes, or the bare name."""
        words = self._words(name)
        return f"“{words}”" if words else f"`{name}`"

    def reason(self, name: str) -> str:
        """Why, as an adverbial: ``in order to deceive its overseers``."""
        words = self._words(name)
        if words:
            return words
        if name == "deceptive":
            return "in order to deceive its overseers"
        if name == "aligned":
            return "for the right reasons, not to deceive its overseers"
        return f"for reason `{name}`"

    # -- world facts ----------------------------------------------------------------------------------

    def fact(self, atom: str, value: Value, world: Mapping[str, Value] | None = None) -> str:
        """One fact of a world as a clause (lower case, no full stop).

        Args:
            atom: the fact's symbol and arguments, e.g. ``reason(review)``.
            value: its value in the world.
            world: the rest of the world, for context (``reason(s)`` reads ``policy(s)`` from it).
        """
        name, args = split_atom(atom)
        world = world or {}
        yes = value is True
        symbol = BUILTIN_FUNCTIONS.get(name)
        if symbol is not None and symbol.words is not None and len(args) == len(symbol.args):
            return self._fill(symbol.words.template(value), args, value, world)
        # A declared symbol with arguments is told in its words with the term as written beside them: the words
        # name the symbol, the term says at which arguments.
        said = self._words(name)
        term = f"`{atom}`" if args else f"`{name}`"
        words = f"{said} ({term})" if said and args else said or term
        if isinstance(value, bool):
            return words if yes and said else f"{words} {'holds' if yes else 'does not hold'}"
        return f"{words} is `{value}`"

    def unknown(self, atom: str, world: Mapping[str, Value] | None = None) -> str:
        """The open question an unknown poses, e.g. ``why the model chose to … : whether it did so to deceive``."""
        name, args = split_atom(atom)
        world = world or {}
        symbol = BUILTIN_FUNCTIONS.get(name)
        if symbol is not None and symbol.words is not None and len(args) == len(symbol.args):
            if not symbol.words.unknown:
                return "whether " + self.fact(atom, True, world)
            return self._fill(symbol.words.unknown, args, "", world)
        # With arguments, the words name the symbol; the term itself is quoted beside the question.
        words = self._words(name) or (f"`{atom}`" if args else f"`{name}`")
        if self.story is not None and name in {f.name for f in self.story.facts if not f.is_bool}:
            return f"what {words} is"
        return f"whether {words}"

    def _fill(self, template: str, args: tuple[str, ...], value: Value, world: Mapping[str, Value]) -> str:
        """A symbol's words (:mod:`misalign_logic.model.symbols`) with their slots told in the story's words."""

        def slot(kind: str, which: str, fallback: str) -> str:
            name = args[int(which)] if which.isdigit() else str(value) if which == "value" else which
            if kind == "situation":
                return self.situation(name)
            if kind == "action":
                return self.action(name)
            if kind == "choice":
                return self.choice(name)
            if kind == "reason":
                return self.reason(name)
            if kind == "closed":
                return _closed(self.situation(name))
            if kind == "chose":
                taken = world.get(ground_name("policy", (name,)))
                return f"chose to {self.action(taken)}" if isinstance(taken, str) else fallback
            if kind == "readings":
                readings = listing([self.choice(c) for c in (self.story.choices if self.story else ())], which)
                return f": {readings}" if readings else ""
            msg = f"no words for the slot kind {kind!r}"
            raise KeyError(msg)

        return fill(template, slot)

    # -- schemes ---------------------------------------------------------------------------------

    def scheme(self, scheme: Scheme) -> str:
        """The scheme in the seed's words (its family's noun phrase in the registry), as a noun phrase."""
        family = scheme.family
        left_open = any(scheme.param(p.name) is None for p in family.parameters)
        text = (family.words_open if left_open and family.words_open else family.words) or f"the scheme {family.name}"
        for p in family.parameters:
            value = scheme.param(p.name)
            if value is not None:
                words = self.choice(value) if p.is_choice else dict(p.words).get(value, value)
                text = text.replace("{" + p.name + "}", words)
        return text + READINGS[scheme.reading].words

    @staticmethod
    def meaning(scheme: Scheme, label: Label) -> str:
        """What ``label`` means under ``scheme``'s family, or ``""``."""
        if label is Label.NONE:
            return "no deployment situation is a failure"
        if label is Label.UNLABELLED:
            return "there is a failure and none of the scheme's conditions holds, so it gives no label"
        if not label.categorizes:
            told = [
                f"{x} ({scheme.family.meaning(x.value)})" if scheme.family.meaning(x.value) else str(x)
                for x in label.parts
            ]
            return f"the conditions of {' and '.join(told)} all hold at once"
        return scheme.family.meaning(label.value)
