"""Writing a story and its scenarios back out as a spec file (the TOML format of specs/README.md).

The text written here loads with :func:`~misalign_logic.load_spec` into the same story, scenarios and
schemes. Strings are written as TOML basic strings; JSON's string escapes are a subset of TOML's, so
:func:`json.dumps` quotes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from misalign_logic.model.expr import App, Compare, Const, Not
from misalign_logic.model.notebook import shows
from misalign_logic.model.scenario import Scenario
from misalign_logic.model.schemes import Scheme, parse_scheme
from misalign_logic.model.story import DEFAULT_REASONS, Story
from misalign_logic.model.symbols import BUILTIN_FUNCTIONS, fill

__all__ = ["prose", "render_spec"]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _names(values: Iterable[str]) -> str:
    return "[" + ", ".join(_q(v) for v in values) + "]"


def _multiline(text: str) -> str:
    if "\n" not in text.strip():
        return _q(text.strip())
    # A literal multi-line string keeps the prose as written; it cannot contain three single quotes.
    body = text.strip().replace("'''", "’’’")
    return f"'''\n{body}\n'''"


def render_spec(
    story: Story, scenarios: Sequence[Scenario], schemes: Sequence[Scheme | str] = (), comment: str = ""
) -> str:
    """A spec file's text for ``story``, ``scenarios`` (in order) and, if given, the schemes to check.

    Args:
        story: the signature.
        scenarios: scenarios over ``story``; one that extends another is written with ``extends`` and only
            the constraints it adds, so a scenario must come after the one it extends.
        schemes: the schemes for ``[check]``, as :class:`Scheme` values or scheme IDs; none writes no ``[check]``
            table (every default scheme).
        comment: text for a comment block at the top of the file.

    Returns:
        TOML text that :func:`~misalign_logic.parse_spec` loads back into equal scenarios.

    Raises:
        ValueError: a scenario is told over another story, or extends one not written before it.
        SpecError: a scheme ID is malformed.
    """
    chosen = [parse_scheme(s) for s in schemes]
    lines = [f"# {line}".rstrip() for line in comment.strip().splitlines()] if comment.strip() else []
    if lines:
        lines.append("")
    lines += ["[story]", f"name = {_q(story.name)}"]
    if story.describe:
        lines.append(f"describe = {_q(story.describe)}")
    words = dict(story.descriptions)
    for key, names in (("actions", story.actions), ("choices", story.choices), ("reasons", story.reasons)):
        if any(n in words for n in names):
            # The table form carries each name's words (a name without words gets "", which means none).
            lines.append(f"{key} = {{ " + ", ".join(f"{n} = {_q(words.get(n, ''))}" for n in names) + " }")
        elif key != "reasons" or names != DEFAULT_REASONS:
            lines.append(f"{key} = {_names(names)}")
    lines += ["", "[story.situations]"]
    for s in story.situations:
        if s.describe:
            lines.append(f"{s.name} = {{ phase = {_q(s.phase.value)}, describe = {_q(s.describe)} }}")
        else:
            lines.append(f"{s.name} = {_q(s.phase.value)}")
    if story.sorts:
        lines += ["", "[story.sorts]"]
        lines += [f"{name} = {_names(values)}" for name, values in story.sorts]
    if story.facts:
        lines += ["", "[story.facts]"]
        for f in story.facts:
            parts = [f"kind = {_q(f.kind.value)}"]
            if f.args:
                parts.append(f"args = {_names(f.args)}")
            if f.values is not None:
                parts.append(f"values = {_names(f.values)}")
            if f.range is not None:
                parts.append(f"range = [{f.range[0]}, {f.range[1]}]")
            if f.describe:
                parts.append(f"describe = {_q(f.describe)}")
            lines.append(f"{f.name} = {{ {', '.join(parts)} }}")
    written: set[str] = set()
    for scenario in scenarios:
        if scenario.story != story:
            msg = f"scenario {scenario.name!r} is told over another story"
            raise ValueError(msg)
        if scenario.extends is not None and scenario.extends not in written:
            msg = f"scenario {scenario.name!r} extends {scenario.extends!r}, which is not written before it"
            raise ValueError(msg)
        written.add(scenario.name)
        lines += ["", "[[scenario]]", f"name = {_q(scenario.name)}"]
        if scenario.extends is not None:
            lines.append(f"extends = {_q(scenario.extends)}")
        if scenario.text.strip():
            lines.append(f"text = {_multiline(scenario.text)}")
        own = scenario.own_constraints if scenario.extends is not None else scenario.constraints
        lines.append("constraints = [")
        lines += [f"    {_q(c.text)}," for c in own]
        lines.append("]")
    if chosen:
        lines += ["", "[check]", "schemes = ["]
        lines += [f"    {_q(s.id)}," for s in chosen]
        lines.append("]")
    # The limits the story was made under, so that the text loads back (spec_bytes is not the file's to set).
    raised = {n: v for n, v in story.limits.given().items() if n != "spec_bytes"}
    if raised:
        lines += ["", "[check.limits]", *(f"{n} = {v}" for n, v in raised.items())]
    return "\n".join(lines) + "\n"


def _situation(story: Story, name: str) -> str:
    for s in story.situations:
        if s.name == name:
            return f"{name} ({s.describe})" if s.describe else name
    return name


def _sentence(story: Story, func: str, args: tuple[str, ...], value: bool | str) -> str | None:
    """One ground fact in the words its symbol's entry gives for spec files, or None for a symbol without."""
    symbol = BUILTIN_FUNCTIONS.get(func)
    if symbol is None or symbol.spec_words is None or len(args) != len(symbol.args):
        return None

    def slot(kind: str, which: str, _fallback: str) -> str:
        name = args[int(which)] if which.isdigit() else str(value) if which == "value" else which
        return {"name": name, "situation": _situation(story, name)}[kind]  # the kinds spec files know

    return fill(symbol.spec_words.template(value), slot)


def prose(scenario: Scenario) -> str:
    """The scenario's own ground facts in plain words, one sentence each (other facts are quoted as written).

    Args:
        scenario: the scenario; only the constraints it adds to the one it extends are told.

    Returns:
        A paragraph, e.g. ``In farm, the model does print_pr. In farm, print_pr is not what they wish for.``
    """
    out = []
    for c in scenario.own_constraints:
        e, value, sentence = c.expr, True, None
        if isinstance(e, Not):
            e, value = e.arg, False
        if isinstance(e, App) and all(isinstance(a, Const) for a in e.args):
            sentence = _sentence(scenario.story, e.func, tuple(a.name for a in e.args if isinstance(a, Const)), value)
        elif (
            isinstance(e, Compare)
            and e.op == "=="
            and value
            and isinstance(e.left, App)
            and isinstance(e.right, Const)
            and all(isinstance(a, Const) for a in e.left.args)
        ):
            args = tuple(a.name for a in e.left.args if isinstance(a, Const))
            sentence = _sentence(scenario.story, e.left.func, args, e.right.name)
        out.append(sentence or f"Also: {c.text}.")
    return " ".join(out)


def render_schemes(schemes: Sequence[Scheme]) -> str:
    """``[scheme.NAME]`` tables for the user schemes among ``schemes`` (built-in families need none)."""
    out = []
    seen = set()
    for scheme in schemes:
        family = scheme.family
        if family.builtin or family.name in seen:
            continue
        seen.add(family.name)
        out.append(f"[scheme.{_q(family.name)}]")
        if family.describe:
            out.append(f"describe = {_q(family.describe)}")
        if family.labels:
            words = dict(family.meanings)
            if words:
                out.append("labels = { " + ", ".join(f"{x} = {_q(words.get(x, ''))}" for x in family.labels) + " }")
            else:
                out.append("labels = [" + ", ".join(_q(x) for x in family.labels) + "]")
        # A label is a bare TOML key (letters, digits, '_' and '-'), as its name must be.
        out += [f"{label} = {_q(text)}" for label, text in family.conditions]
        out.append("")
    return "\n".join(out)


@shows(Scenario, "spec")
def standalone_spec(scenario: Scenario) -> str:
    """``scenario`` as a complete spec file: its story, then the scenario with its inherited facts as its own, so
    the text loads and checks with nothing else (how a scenario shows itself, e.g. in a falsifying example)."""
    alone = Scenario.from_strings(scenario.story, scenario.name, [c.text for c in scenario.constraints])
    return render_spec(scenario.story, [alone]).rstrip("\n")
