"""A quiz scenario told as a story: per situation, what the model did and what the designers wished, then the rest.

Each fact is worded by :class:`~misalign_logic.prose.words.Wording` (the story's ``describe`` words in fixed
templates); this module only orders and joins them the way the seed's quiz tells its scenarios, so that a
situation's action and its wishes make one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from misalign_logic.model.expr import ground_name
from misalign_logic.model.story import Story
from misalign_logic.prose.words import Wording, listing, split_atom

__all__ = ["tell", "tell_constraints"]

#: A ground fact as a constraint states it: ``policy(farm) == print_pr``, ``not ideal(farm, x)``, ``knew``.
_GROUND = re.compile(r"(not )?[A-Za-z_][A-Za-z0-9_]*(\([A-Za-z0-9_, ]*\))?( == [A-Za-z_][A-Za-z0-9_]*)?\Z")


def _fact(text: str) -> tuple[str, bool | str]:
    """A ground constraint text as an atom and its value: ``not ideal(farm, x)`` -> ("ideal(farm, x)", False)."""
    if text.startswith("not "):
        return text[4:].strip(), False
    atom, eq, value = text.partition(" == ")
    return atom.strip(), value.strip() if eq else True


def _situation(words: Wording, name: str, facts: dict[str, bool | str], story: Story) -> str | None:
    did = facts.get(ground_name("policy", (name,)))
    wished = [a for a in story.actions if facts.get(ground_name("ideal", (name, a))) is True]
    unwished = [a for a in story.actions if facts.get(ground_name("ideal", (name, a))) is False]
    if did is None and not wished and not unwished:
        return None
    parts = [f"the model chose to {words.action(str(did))}"] if did is not None else []
    wish = listing([words.action(a) for a in wished])
    nots = listing([words.action(a) for a in unwished], "or")
    if wish:
        parts.append(f"the designers wished it to {wish}" + (f", not to {nots}" if nots else ""))
    elif nots:
        parts.append(f"the designers did not wish it to {nots}")
    where = words.situation(name)
    return f"{where[:1].upper()}{where[1:]}, {'; '.join(parts)}."


def tell(story: Story, texts: Sequence[str], context: Sequence[str] = ()) -> str:
    """Ground constraint texts in ``story``'s words: each situation's action and wishes, then the other facts.

    Args:
        story: the story whose words are used.
        texts: ground facts such as ``policy(farm) == print_pr``, ``not ideal(farm, print_pr)`` or
            ``reason(review) == deceptive``.
        context: facts already told, read for wording only (``reason(s)`` says what the model chose in ``s``).

    Returns:
        A paragraph of sentences.
    """
    words = Wording(story)
    facts = dict(_fact(t) for t in texts)
    known = {**dict(_fact(t) for t in context), **facts}
    out = [s for s in (_situation(words, x.name, facts, story) for x in story.situations) if s is not None]
    for atom, value in facts.items():
        if split_atom(atom)[0] not in ("policy", "ideal"):
            clause = words.fact(atom, value, known)
            out.append(f"{clause[:1].upper()}{clause[1:]}.")
    return " ".join(out)


def tell_constraints(story: Story, texts: Sequence[str]) -> str:
    """Any constraint texts in ``story``'s words: the ground facts told as :func:`tell` tells them, the rest
    (quantified statements, connectives) quoted as written after them."""
    ground = [t for t in texts if _GROUND.match(t.strip())]
    other = [t.strip() for t in texts if not _GROUND.match(t.strip())]
    told = tell(story, [t.strip() for t in ground])
    if other:
        quoted = "; ".join(f"`{t}`" for t in other)
        told = f"{told} It is also given that {quoted}." if told else f"It is given that {quoted}."
    return told
