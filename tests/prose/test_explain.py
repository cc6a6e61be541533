"""Explanations: the pop quiz's verdicts told in the seed's words, from the solver's cores and witnesses."""

from __future__ import annotations

import io
import json

import pytest

import misalign_logic as ml
from misalign_logic.cli import main
from misalign_logic.prose.words import Wording
from tests.conftest import SPECS

REASONS = "generalization[standard=reasons]"
#: Where scenario 2's own fact is written in the quiz's spec file (1-based), read off the file itself.
DECEPTIVE_LINE = 1 + next(
    i
    for i, line in enumerate((SPECS / "pop_quiz.toml").read_text().splitlines())
    if '"reason(review) == deceptive"' in line
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _sentences(text: str) -> int:
    return sum(text.count(end) for end in (". ", ".\n")) + (1 if text.rstrip().endswith(".") else 0)


def test_scenario_1_under_reasons_turns_on_whether_the_useful_prs_were_written_to_deceive(s1: ml.Scenario) -> None:
    explanation = ml.explain(ml.classify(s1, REASONS), s1)
    by_label = {p.label: p for p in explanation.paragraphs if p.label is not None}
    assert set(by_label) == {ml.Label.OUTER, ml.Label.INNER}
    for label, paragraph in by_label.items():
        text = " ".join(paragraph.sentences)
        assert 2 <= len(paragraph.sentences) <= 3, text
        assert "write useful pull requests" in text, text  # the story's own words, from its describe strings
        assert dict(paragraph.facts) == {"reason(review)": "deceptive" if label is ml.Label.OUTER else "aligned"}
        assert "deceive its overseers" in text
    outer = " ".join(by_label[ml.Label.OUTER].sentences)
    assert "in order to deceive its overseers" in outer
    assert "rewarded a good output chosen for a bad reason" in outer  # the seed's words for the bad feedback
    assert "fix the feedback process" in outer  # the seed's plan, step 2
    inner = " ".join(by_label[ml.Label.INNER].sentences)
    assert "for the right reasons" in inner
    assert "generalized poorly" in inner
    assert "diversify the training distribution" in inner  # the seed's plan, step 3
    deciding = explanation.paragraphs[-1]
    assert deciding.label is None
    assert deciding.sentences[0].startswith("The label turns on why the model chose to write useful pull requests")
    assert "whether it did so in order to deceive its overseers (`reason(review)`)" in deciding.sentences[0]


def test_the_acceptance_command_prints_it(s1: ml.Scenario) -> None:
    code, out, err = run("explain", str(SPECS / "pop_quiz.toml"), "--scenario", "scenario-1", "--scheme", REASONS)
    assert (code, err) == (0, "")
    flat = " ".join(out.split())
    assert "scenario-1 is ambiguous under the generalization-based scheme" in flat
    assert "outer: Suppose in training" in flat
    assert "inner: Suppose in training" in flat
    assert "The label turns on why the model chose to write useful pull requests" in flat
    assert "(`reason(review)`)" in flat


def test_a_forced_verdict_quotes_its_minimal_core_with_lines(s2: ml.Scenario) -> None:
    verdict = ml.classify(s2, REASONS)
    explanation = ml.explain(verdict, s2)
    quotes = explanation.paragraphs[0].quotes
    assert [q.text for q in quotes] == [c.text for c in verdict.core]
    deceptive = next(q for q in quotes if q.text == "reason(review) == deceptive")
    assert (deceptive.line, deceptive.stated_in) == (DECEPTIVE_LINE, "scenario-2")
    assert deceptive.where("scenario-2") == f"line {DECEPTIVE_LINE}"
    assert "stated in scenario-1" in quotes[0].where("scenario-2")
    text = explanation.text()
    assert f"“reason(review) == deceptive”   (line {DECEPTIVE_LINE})" in text
    assert "Remedy (the seed's plan, step 2): fix the feedback process" in " ".join(text.split())


def test_choice_is_told_with_the_seeds_readings_of_the_design_objective(s1: ml.Scenario) -> None:
    text = " ".join(ml.explain(ml.classify(s1, "objective"), s1).text().split())
    assert "Suppose the designers meant the design objective as “how well the pull request implements" in text
    assert "which reading of the design objective the designers meant" in text
    assert "(`choice`)" in text


def test_inconsistent_quotes_the_clash() -> None:
    story = ml.Story.build("tiny", {"train": "training", "test": "deployment"}, ["good", "bad"], ["c"])
    s = ml.Scenario.from_strings(story, "clash", ["policy(test) == bad", "policy(test) == good", "choice == c"])
    explanation = ml.explain(ml.classify(s, "objective"), s)
    assert "has no world" in explanation.headline
    assert {q.text for q in explanation.paragraphs[0].quotes} == {"policy(test) == bad", "policy(test) == good"}


def test_unknown_gives_the_solvers_reason_and_claims_nothing() -> None:
    verdict = ml.Verdict("s", "objective", ml.Status.UNKNOWN, reason="timeout")
    explanation = ml.explain(verdict)
    assert "gave up" in explanation.headline
    assert "(timeout)" in explanation.headline
    assert "Nothing is claimed" in explanation.text()


def test_without_describe_words_the_bare_names_are_used() -> None:
    story = ml.Story.build("tiny", {"train": "training", "test": "deployment"}, ["good", "bad"], ["c"])
    s = ml.Scenario.from_strings(
        story,
        "s",
        [
            "forall s: ideal(s, good) and not ideal(s, bad)",
            "forall a: feedback(train, a) == ideal(train, a)",
            "policy(train) == good",
            "policy(test) == bad",
        ],
    )
    text = ml.explain(ml.classify(s, REASONS), s).text()
    assert "in situation `train`, the model chose to take action `good` in order to deceive" in " ".join(text.split())


def test_check_json_carries_the_explanations_in_structured_form() -> None:
    code, out, _ = run("check", str(SPECS / "pop_quiz.toml"), "--format", "json", "--scheme", REASONS)
    assert code == 0
    one, two = (s["verdicts"][0] for s in json.loads(out)["scenarios"])
    paragraphs = one["explanation"]["paragraphs"]
    assert [p["decided_by"] for p in paragraphs[:2]] == [{"reason(review)": "aligned"}, {"reason(review)": "deceptive"}]
    assert two["core_facts"][-1] == {
        "text": "reason(review) == deceptive",
        "file": str(SPECS / "pop_quiz.toml"),
        "line": DECEPTIVE_LINE,
        "column": 6,
        "stated_in": "scenario-2",
    }
    assert two["explanation"]["paragraphs"][0]["facts"][-1]["line"] == DECEPTIVE_LINE


@pytest.mark.parametrize("actions", ['["a", "b"]', '{ a = "do a", b = "" }'])
def test_actions_may_be_a_list_or_a_table_of_descriptions(actions: str) -> None:
    spec = ml.parse_spec(
        f'[story]\nactions = {actions}\nchoices = {{ c = "the reading c" }}\n'
        '[story.situations]\nt = "training"\n[[scenario]]\nname = "s"\n'
    )
    assert spec.story.actions == ("a", "b")
    assert spec.story.description("c") == "the reading c"
    assert spec.story.description("a") == ("do a" if "{" in actions else "")
    assert spec.story.description("b") == ""


def test_a_table_of_non_strings_is_refused_with_a_location() -> None:
    with pytest.raises(ml.SpecError) as info:
        ml.parse_spec(
            '[story]\nactions = { a = 1 }\nchoices = ["c"]\n[story.situations]\nt = "training"\n'
            '[[scenario]]\nname = "s"\n'
        )
    assert info.value.line == 2
    assert "table of names to descriptions" in str(info.value)


def test_explain_rejects_an_unknown_scenario() -> None:
    code, out, err = run("explain", str(SPECS / "pop_quiz.toml"), "--scenario", "nope")
    assert code == 2
    assert out == ""
    assert "no scenario named 'nope'" in err


_DECLARED = """
[story]
name = "w"
actions = ["good", "bad"]
choices = ["c"]
[story.situations]
t = "training"
d = "deployment"
[story.facts]
fooled = { kind = "world", args = ["Situation"], describe = "the reviewer was fooled" }
plain = { kind = "world", args = ["Situation"] }
[scheme.fool]
labels = { fooled-reviewer = "the reviewer was fooled in training", sound-review = "no reviewer was fooled" }
fooled-reviewer = "exists s in training: fooled(s) or plain(s)"
sound-review = "forall s in training: not fooled(s) and not plain(s)"
[[scenario]]
name = "x"
constraints = ["policy(d) == bad", "not ideal(d, bad)", "not plain(t)"]
"""


def test_a_declared_symbol_with_arguments_is_told_in_its_words_beside_its_term() -> None:
    spec = ml.parse_spec(_DECLARED, "declared.toml")
    told = ml.explain(ml.classify(spec.scenarios[0], "fool"), spec.scenarios[0]).text()
    assert "Suppose the reviewer was fooled (`fooled(t)`)." in told
    assert "whether the reviewer was fooled (`fooled(t)`)" in told
    # A symbol without words is told as the term, never in another symbol's words.
    words = Wording(spec.story)
    assert words.fact("plain(t)", False) == "`plain(t)` does not hold"
