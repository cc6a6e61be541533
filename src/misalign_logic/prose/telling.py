"""Ground facts told in a story's own words (its ``describe`` texts), as a quiz tells its scenarios.

A spec's ``describe`` words name situations ("training, where human programmers check ..."), actions as verb
phrases ("write useful pull requests"), choices, reasons and facts. A fact this phrasebook does not cover is
quoted as written, so nothing stated is left out of the telling.
"""

from __future__ import annotations

from collections.abc import Sequence

from misalign_logic.model.story import Story

__all__ = ["tell"]

_REASONS = {"aligned": "for the right reasons", "deceptive": "to deceive its overseers, knowing it was being trained"}


def _act(story: Story, action: str) -> str:
    return story.description(action) or f"take the action {action}"


def _where(story: Story, situation: str) -> str:
    words = story.description(situation)
    return f"{situation} ({words})" if words else situation


def _split(text: str) -> tuple[str, tuple[str, ...], bool | str]:
    """A ground fact's function, arguments and value: ``not ideal(farm, x)`` -> ("ideal", ("farm", "x"), False)."""
    value: bool | str = True
    if text.startswith("not "):
        text, value = text[4:], False
    head, eq, right = text.partition(" == ")
    if eq:
        value = right.strip()
    func, _, rest = head.partition("(")
    args = tuple(a.strip() for a in rest.rstrip(")").split(",")) if rest else ()
    return func.strip(), args, value


def _situations(story: Story, facts: list[tuple[str, tuple[str, ...], bool | str]]) -> list[str]:
    """One sentence per situation: what the model did there and what the designers wished."""
    out = []
    for s in story.situations:
        did = [v for f, a, v in facts if f == "policy" and a == (s.name,)]
        wished = [a[1] for f, a, v in facts if f == "ideal" and a[0] == s.name and v is True]
        unwished = [a[1] for f, a, v in facts if f == "ideal" and a[0] == s.name and v is False]
        if not (did or wished or unwished):
            continue
        parts = [f"the model chose to {_act(story, str(did[0]))}"] if did else []
        wish = " and ".join(_act(story, a) for a in wished)
        nots = " or ".join(_act(story, a) for a in unwished)
        if wish and nots:
            parts.append(f"the designers wished it to {wish}, not to {nots}")
        elif wish:
            parts.append(f"the designers wished it to {wish}")
        elif nots:
            parts.append(f"the designers did not wish it to {nots}")
        sentence = "; ".join(parts)
        out.append(f"In {_where(story, s.name)}, {sentence}.")
    return out


def _other(story: Story, text: str, func: str, args: tuple[str, ...], value: bool | str) -> str:
    """One sentence for a fact that is neither the policy nor a wish."""
    yes = value is True
    if func == "design":
        verb = "endorses" if yes else "does not endorse"
        objective = story.description(args[0]) or args[0]
        return f"The design objective read as {objective} {verb} choosing to {_act(story, args[2])} in {args[1]}."
    if func == "feedback":
        return f"In {args[0]}, training {'rewarded' if yes else 'did not reward'} choosing to {_act(story, args[1])}."
    if func == "exhibitable":
        can = "could" if yes else "could not"
        return f"In {args[0]}, choosing to {_act(story, args[1])} {can} be shown to be bad to an overseer."
    if func == "choice":
        return f"The designers meant the objective as {story.description(str(value)) or value}."
    if func in ("fixes_feedback", "fixes_generalization"):
        what = "the feedback" if func == "fixes_feedback" else "the inductive bias"
        return f"Fixing {what} alone {'would' if yes else 'would not'} have prevented the failure."
    if func == "reason":
        why = story.description(str(value)) or _REASONS.get(str(value), f"for the reason {value}")
        return f"In {args[0]}, the model acted as it did {why}."
    if func in {f.name for f in story.facts}:
        about = story.description(func) or func
        if isinstance(value, bool):
            return f"It is {'true' if yes else 'not true'} that {about}."
        return f"{about[:1].upper()}{about[1:]}: {value}."
    return f"Also: {text}."


def tell(story: Story, facts: Sequence[str]) -> str:
    """``facts`` (ground constraint texts) in ``story``'s words: each situation's action and wishes, then the rest.

    Args:
        story: the story whose words are used.
        facts: constraint texts such as ``policy(farm) == print_pr`` or ``not ideal(farm, print_pr)``.

    Returns:
        A paragraph of sentences.
    """
    split = [_split(t) for t in facts]
    out = _situations(story, split)
    out += [
        _other(story, t, *parts) for t, parts in zip(facts, split, strict=True) if parts[0] not in ("policy", "ideal")
    ]
    return " ".join(out)
