"""Questions to ask told in the story's words: "ask whether, in training, ..., the model acted to deceive"."""

from __future__ import annotations

from misalign_logic.model.story import Story
from misalign_logic.prose.words import Wording
from misalign_logic.solve.questions import Question, Questions

__all__ = ["ask_text", "question_text"]


def question_text(question: Question, story: Story) -> str:
    """One question as a sentence: each fact told with the story's ``describe`` words."""
    words = Wording(story)
    context = dict(question.context.facts)
    clauses = [words.fact(atom, value, context) for atom, value in question.facts.facts]
    return f"ask whether {' and whether '.join(clauses)}: if so, the label is {question.label.value}"


def ask_text(found: Questions, story: Story, where: str) -> str:
    """The ``ask`` command's text: the verdict, then per label its questions, smallest first."""
    labels = ", ".join(label.value for label in sorted(found.labels, key=lambda label: label.value))
    lines = [f"{where}: scenario {found.scenario!r} under {found.scheme}"]
    if not found.labels:
        lines.append("the scenario has no world: there is nothing to ask")
    elif not found.ambiguous:
        lines.append(f"forced {labels}: there is nothing to ask")
    else:
        lines.append(f"ambiguous {{{labels}}}; facts that, added to the scenario, would force a label:")
        for q in found.questions:
            lines.append(f"  {q.label.value}: {' and '.join(q.facts.statements())}")
            lines.append(f"    {question_text(q, story)}")
        if not found.questions:
            lines.append(f"  none of at most {found.max_size} fact(s) forces a label")
        if found.complete:
            lines.append(
                f"every minimal set of at most {found.max_size} fact(s) is listed (raise --max-size for larger)"
            )
        else:
            lines.append(f"the search {found.stopped}: the list may be incomplete")
    return "\n".join(lines) + "\n"
