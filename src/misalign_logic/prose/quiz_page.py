"""A pop quiz as one self-contained page: the scenarios one at a time, the answers, the verdict on them.

Nothing is decided in the browser. For every combination of answers (outer, inner or ambiguous to each
scenario) the solver judges, before the page is written, whether some categorization of worlds gives all of
them (with the proof when none can) and which schemes of the family reproduce them; the page only shows the
entry for the answers given. The page loads nothing (no network, no server): its script and data are inline,
and every text that comes from a spec reaches the page escaped (HTML text, or JSON read with ``textContent``).
A respondent can download their answers as the CSV file ``misalign-logic judge --answers`` reads, so a survey
goes from the page to the verdict with no hand-made step.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Sequence
from typing import Any

import attrs

from misalign_logic.model.judgments import Judgment, Strength
from misalign_logic.model.schemes import Label, parse_scheme
from misalign_logic.model.specfile import Spec
from misalign_logic.prose.words import Wording
from misalign_logic.solve.classify import DEFAULT_RLIMIT
from misalign_logic.solve.coherence import Coherence
from misalign_logic.solve.judge import judge_spec

__all__ = ["ANSWERS", "quiz_page", "verdicts_by_answers"]

#: The answers the page offers for each scenario, as the seed's quiz does.
ANSWERS = ("outer", "inner", "ambiguous")

_E = html.escape


def _judgment(scenario: str, answer: str) -> Judgment:
    if answer == "ambiguous":
        return Judgment(scenario, None, Strength.POSSIBLE, "you")
    return Judgment(scenario, Label(answer), Strength.CERTAIN, "you")


def _proof_in_words(coherence: Coherence, words: Wording) -> str:
    """The proof that answers are incoherent, with its world told in the story's words rather than as terms."""
    if not coherence.conflicts:
        return coherence.proof
    first = coherence.conflicts[0]
    world = first.world
    if world is None or str(world) not in first.proof:
        return first.proof
    terms = str(world)
    told = "; ".join(words.fact(atom, value, world) for atom, value in world.items())
    return first.proof.replace(terms, told, 1)


def verdicts_by_answers(
    spec: Spec, *, timeout: float | None = None, rlimit: int | None = DEFAULT_RLIMIT
) -> dict[str, dict[str, Any]]:
    """For each combination of answers to ``spec``'s scenarios (key ``"outer,inner"``), what ``judge`` decides.

    Each entry has ``coherent`` (true, false or null when undecided), ``proof`` (why not, when incoherent),
    ``reason`` (when undecided), ``reproduced_by`` (the schemes of the family that give every answer) and
    ``description_based`` (those among them that read the description, not only the world).
    """
    names = [s.name for s in spec.scenarios]
    words = Wording(spec.story)
    out: dict[str, dict[str, Any]] = {}
    for combo in itertools.product(ANSWERS, repeat=len(names)):
        answers = tuple(_judgment(n, a) for n, a in zip(names, combo, strict=True))
        (you,) = judge_spec(attrs.evolve(spec, judgments=answers), timeout=timeout, rlimit=rlimit).respondents
        out[",".join(combo)] = {
            "coherent": you.coherence.coherent,
            "proof": _proof_in_words(you.coherence, words),
            "reason": you.coherence.reason,
            "reproduced_by": list(you.fitting),
            "description_based": [s for s in you.fitting if not parse_scheme(s).world_based],
        }
    return out


_CSS = """
body { font: 16px/1.55 system-ui, sans-serif; color: #24292f; max-width: 760px; margin: 2em auto; padding: 0 1em; }
section { border: 1px solid #d0d7de; border-radius: 6px; padding: .5em 1em 1em; margin: 1em 0; }
button { font: inherit; padding: .3em .9em; margin: .3em .6em .3em 0; cursor: pointer; }
input[type=text] { font: inherit; padding: .2em .4em; }
label { margin-right: 1.2em; } .proof { color: #3d444d; } .bad { color: #d1242f; } .good { color: #1a7f37; }
[hidden] { display: none !important; }
"""

_SCRIPT = r"""
const verdicts = JSON.parse(document.getElementById("verdicts").textContent);
const scenarios = JSON.parse(document.getElementById("scenario-names").textContent);
const count = scenarios.length;
function chosen(k) {
  const picked = document.querySelector(`input[name="answer-${k}"]:checked`);
  return picked ? picked.value : null;
}
function show(k) {
  document.getElementById(`scenario-${k}`).hidden = false;
  document.getElementById(`show-${k}`).hidden = true;
}
function answered(k) {
  // A changed answer takes back a verdict already shown: it was for the old answers.
  document.getElementById("verdict").hidden = true;
  const next = k < count ? document.getElementById(`scenario-${k + 1}`) : null;
  if (next && next.hidden) { document.getElementById(`show-${k + 1}`).hidden = false; }
  let all = true;
  for (let j = 1; j <= count; j++) { all = all && chosen(j) !== null; }
  document.getElementById("show-verdict").hidden = !all;
  document.getElementById("download").hidden = !all;
}
// A cell of the CSV 'misalign-logic judge --answers' reads. A name that starts like a spreadsheet formula
// gets a leading apostrophe, so that opening the file in a spreadsheet never runs it.
function cell(text) {
  const safe = /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
  return /[",\r\n]/.test(safe) ? '"' + safe.replaceAll('"', '""') + '"' : safe;
}
function answersCsv() {
  const name = document.getElementById("respondent").value.trim() || "respondent";
  const rows = ["respondent,scenario,answer,strength"];
  scenarios.forEach((scenario, i) => rows.push([name, scenario, chosen(i + 1), ""].map(cell).join(",")));
  return rows.join("\r\n") + "\r\n";
}
function download() {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([answersCsv()], { type: "text/csv" }));
  link.download = "answers.csv";
  document.body.append(link);
  link.click();
  link.remove();
}
function line(text, cls) {
  const p = document.createElement("p");
  p.textContent = text;
  if (cls) { p.className = cls; }
  return p;
}
function verdict() {
  const answers = [];
  for (let k = 1; k <= count; k++) { answers.push(chosen(k)); }
  const found = verdicts[answers.join(",")];
  const box = document.getElementById("verdict");
  box.replaceChildren();
  box.append(line("Your answers: " + answers.map((a, i) => `${i + 1}: ${a}`).join(", ")));
  if (found.coherent === true) {
    box.append(line("COHERENT: some categorization that depends only on what happened gives all of them.", "good"));
  } else if (found.coherent === false) {
    box.append(line("INCOHERENT: no categorization that depends only on what happened gives all of them.", "bad"));
    box.append(line("Proof: " + found.proof, "proof"));
  } else {
    box.append(line("Undecided: " + found.reason));
  }
  const by = found.reproduced_by.length ? found.reproduced_by.join(", ") : "no scheme of the family";
  box.append(line("Reproduced by: " + by));
  if (found.description_based.length) {
    box.append(line("Of these, " + found.description_based.join(", ") +
      " read the description rather than only what happened: they are not categorizations of failures.", "bad"));
  }
  box.hidden = false;
  document.getElementById("show-verdict").hidden = true;
}
"""


def _scenario(k: int, text: str) -> str:
    radios = "".join(
        f'<label><input type="radio" name="answer-{k}" value="{a}" onchange="answered({k})"> {a}</label>'
        for a in ANSWERS
    )
    hidden = "" if k == 1 else " hidden"
    return (
        f'<button id="show-{k}" onclick="show({k})"{hidden}>show scenario {k}</button>'
        f'<section class="scenario" id="scenario-{k}" hidden><h2>Scenario {k}</h2>'
        f"<p>{_E(text.strip())}</p><p><b>Outer, inner, or ambiguous?</b></p><p>{radios}</p></section>"
    )


def _inline_json(value: object) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` block: no ``</script>`` (or ``<!--``) can close it."""
    return json.dumps(value, ensure_ascii=True).replace("<", "\\u003c")


def quiz_page(spec: Spec, verdicts: dict[str, dict[str, Any]], title: str = "Pop quiz") -> str:
    """The quiz page for ``spec``'s scenarios (each told by its ``text``), with ``verdicts`` inline.

    Args:
        spec: the quiz as a spec (its scenarios in order).
        verdicts: :func:`verdicts_by_answers` of ``spec``.
        title: the page's title.
    """
    texts: Sequence[str] = [s.text or "; ".join(c.text for c in s.own_constraints) for s in spec.scenarios]
    data = _inline_json(verdicts)
    names = _inline_json([s.name for s in spec.scenarios])
    body = "".join(_scenario(k, t) for k, t in enumerate(texts, start=1))
    intro = _E(spec.story.describe) if spec.story.describe else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_E(title)}</title>'
        f"<style>{_CSS}</style></head><body><h1>{_E(title)}</h1>"
        f"<p>{intro} For each scenario: is the failure outer misalignment, inner misalignment, or is it "
        "ambiguous? Scenario 2 is scenario 1 with more information.</p>"
        '<p><label>Your name (optional, for the answers file): <input type="text" id="respondent" '
        'maxlength="200" autocomplete="off"></label></p>'
        f'{body}<button id="show-verdict" onclick="verdict()" hidden>show the verdict</button>'
        '<button id="download" onclick="download()" hidden>download your answers (CSV)</button>'
        '<section id="verdict" hidden></section>'
        f'<script type="application/json" id="scenario-names">{names}</script>'
        f'<script type="application/json" id="verdicts">{data}</script><script>{_SCRIPT}</script></body></html>\n'
    )
