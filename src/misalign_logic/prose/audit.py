"""``audit`` as text: one line per finding, and with ``verbose`` the detail behind each.

Per scheme: whether it is OK, its categorization (a gap or an overlap folded to the facts that force it),
world-basedness (a flip in one sentence), one line per expectation naming its spec file and scenario, and the
pop quiz in one short line; then one line per comparison. With ``verbose``, each finding is followed by the
world as the solver found it and by the complete spec file that reproduces it, written between two marker
lines so that it can be saved as it is and given to ``misalign-logic check``. Every line goes through
:func:`~misalign_logic.model.escape.text_lines`, so a name from a spec stays on its line.
"""

from __future__ import annotations

import os
from typing import Any

from misalign_logic.model.escape import text_lines
from misalign_logic.model.verdicts import World
from misalign_logic.solve.clash_scenario import ForcedClash
from misalign_logic.solve.taxonomy_audit import AuditResult, SchemeAudit
from misalign_logic.spec.bundled import bundled_spec

__all__ = ["audit_text", "shown_path"]

#: The longest a pop-quiz answer is shown without ``verbose``; longer ones are cut with an ellipsis.
ANSWER_WIDTH = 40


def shown_path(path: str) -> str:
    """A spec that comes with the library as ``specs/NAME`` (wherever the package is installed, a virtual
    environment inside the working directory included); another path relative to the working directory when
    it lies under it, else as given."""
    if not path:
        return "?"
    name = os.path.basename(path)
    try:
        if os.path.samefile(bundled_spec(name), path):
            return f"specs/{name}"
    except OSError:  # not a bundled spec's name, or the file is gone
        pass
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return path
    return path if relative.startswith(os.pardir) else relative


def _short(text: str, width: int = ANSWER_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _spec_block(what: str, spec: str) -> list[str]:
    """A spec file between marker lines: everything between them is the file, as it is."""
    return [f"----- {what}: save as a .toml file and run misalign-logic check on it -----", *spec.splitlines(), "-----"]


def _clash(kind: str, story: str, world: World | None, forced: ForcedClash | None, verbose: bool) -> list[str]:
    if world is None:
        return []
    if forced is None:
        # The world's facts, stated, do not force its value: it is shown whole.
        return [f"  {kind} in story {story}, a world (not shrunk): {world}"]
    if not forced.forced:
        note = " (possible, not forced: the scheme reads the wording, so its facts cannot all be stated)"
    else:
        note = "" if forced.minimal else " (the solver gave up while shrinking; some may be droppable)"
    lines = [f"  {kind} ({forced.value.value}) in story {story} when: {', '.join(forced.facts)}{note}"]
    if verbose:
        lines.append(f"    the world found: {world}")
        lines += _spec_block(f"the {kind} of {forced.scheme.id} as a spec", forced.spec())
    return lines


def _categorization(s: SchemeAudit, verbose: bool) -> list[str]:
    c = s.categorization
    where = f"{c.stories} stories within scope {s.scope} and the specs' stories, {c.cases} cases"
    if c.holds:
        return [f"  categorization: holds ({where})"]
    lines = [f"  categorization: FAILS ({where})"]
    name = c.overlap_story.name if c.overlap_story else "?"
    lines += _clash("overlap", name, c.overlap, s.overlap_scenario, verbose)
    lines += _clash("gap", c.gap_story.name if c.gap_story else "?", c.gap, s.gap_scenario, verbose)
    return lines


def _world_based(s: SchemeAudit, verbose: bool) -> list[str]:
    if s.world_based:
        return ["  world-based: yes (no condition reads the description)"]
    if s.flip is None:
        return ["  world-based: NO, it reads the description" + (f"; {s.flip_note}" if s.flip_note else "")]
    lines = [f"  world-based: NO, it reads the description; a non-monotone flip: {s.flip_summary}"]
    if verbose:
        lines += _spec_block(f"the flip of {s.scheme.id} as a spec", s.flip)
    return lines


def _expectation(e: dict[str, Any], verbose: bool) -> str:
    mark = "????" if e["holds"] is None else "ok  " if e["holds"] else "FAIL"
    said = e.get("verdict") or e.get("why", "")
    if not verbose and "\n" in said:
        said = said.splitlines()[0] + " …"
    where = f"{shown_path(e['spec'])}, scenario {e['scenario']}"
    return f"  expect {mark} {where}: {e['label']} {e['strength']} ({e['source']}): {said}"


def _pop_quiz(quiz: dict[str, Any], verbose: bool) -> str:
    if not quiz:
        return "  the seed's clean cases and pop quiz: not asked (its labels are not outer and inner)"
    answers = ", ".join(f"{k} {v if verbose else _short(v)}" for k, v in quiz["verdicts"].items())
    majority = "yes" if quiz["majority"] else "no"
    where = shown_path(quiz.get("spec", ""))
    return f"  pop quiz ({where}): {answers}; the majority's answer (1 outer, 2 inner): {majority}"


def _comparison(cmp: dict[str, Any], verbose: bool) -> list[str]:
    if cmp["equivalent"]:
        return [f"{cmp['a']} vs {cmp['b']}: equivalent within scope {cmp['scope']}"]
    v = cmp["verdicts"]
    lines = [
        f"{cmp['a']} vs {cmp['b']}: they differ ({v['a']} vs {v['b']}) in story {cmp['story']} when: "
        + ", ".join(cmp["facts"])
    ]
    if verbose:
        lines += _spec_block(f"where {cmp['a']} and {cmp['b']} part, as a spec", cmp["scenario"])
    return lines


def audit_text(result: AuditResult, verbose: bool = False) -> str:
    """The audit as text: one line per finding; with ``verbose``, worlds whole and each finding as a spec file."""
    lines: list[str] = []
    detail = False
    for s in result.schemes:
        lines.append(f"{s.scheme.id}: {'OK' if s.ok else 'NOT OK'}")
        lines += _categorization(s, verbose)
        lines += _world_based(s, verbose)
        lines += [_expectation(e, verbose) for e in s.expectations]
        lines.append(_pop_quiz(s.pop_quiz, verbose))
        lines.append("")
        detail = detail or s.overlap_scenario is not None or s.gap_scenario is not None or s.flip is not None
    for cmp in result.comparisons:
        lines += _comparison(cmp, verbose)
        lines.append("")
        detail = detail or not cmp["equivalent"]
    if detail and not verbose:
        lines.append("--verbose (or --format json) writes each finding as a spec file that check reproduces.")
        lines.append("")
    return text_lines(lines)
