"""Rich display: verdicts, relations and explanations render as HTML and Markdown in notebooks."""

from __future__ import annotations

import misalign_logic as ml


def test_a_verdict_shows_its_summary_and_explanation(s1: ml.Scenario) -> None:
    verdict = ml.classify(s1, "generalization[standard=reasons]")
    page = verdict._repr_html_()
    assert "<b>scenario-1</b> under <code>generalization[standard=reasons]</code>" in page
    assert "ambiguous {" in page
    assert "reason(review)" in page
    md = verdict._repr_markdown_()
    assert md.startswith("**scenario-1** under `generalization[standard=reasons]`: ambiguous {inner, outer}")
    assert "**outer**:" in md
    assert "**inner**:" in md


def test_a_forced_verdict_lists_its_quoted_facts(s2: ml.Scenario) -> None:
    verdict = ml.classify(s2, "generalization[standard=reasons]")
    assert "<li><code>reason(review) == deceptive</code>" in verdict._repr_html_()
    assert "> - `reason(review) == deceptive`" in verdict._repr_markdown_()


def test_an_explanation_with_the_storys_words_displays_them(s1: ml.Scenario) -> None:
    explanation = ml.explain(ml.classify(s1, "generalization[standard=reasons]"), s1)
    assert "write useful pull requests" in explanation._repr_html_()
    assert "write useful pull requests" in explanation._repr_markdown_()


def test_a_relation_shows_its_sentence_and_witness_worlds(s1: ml.Scenario, s2: ml.Scenario) -> None:
    relation = ml.relate(s2, s1)
    page = relation._repr_html_()
    assert "scenario-2 refines scenario-1: every world of scenario-2 is a world of scenario-1" in page
    assert "<summary>a world of scenario-1 that is not a world of scenario-2</summary>" in page
    assert "<code>reason(review)</code></td><td><code>aligned</code>" in page
    md = relation._repr_markdown_()
    assert md.startswith("scenario-2 refines scenario-1")
    assert "`reason(review) == aligned`" in md


def test_html_escapes_the_spec_text() -> None:
    story = ml.Story.build("tiny", {"train": "training", "test": "deployment"}, ["good", "bad"], ["rd"])
    s = ml.Scenario.from_strings(story, "<b>x</b>", ["policy(test) == bad"])
    page = ml.classify(s, "objective")._repr_html_()
    assert "<b>x</b>" not in page.replace("<b>&lt;b&gt;x&lt;/b&gt;</b>", "")


def test_judgment_results_and_probabilities_display(quiz: ml.Spec, s1: ml.Scenario) -> None:
    judged = ml.judge_spec(quiz)
    page = judged._repr_html_()
    assert '<b>majority</b>: <b style="color:#d1242f">INCOHERENT</b>' in page
    assert "scenario-2 refines scenario-1" in page
    assert "**majority**: **INCOHERENT**" in judged._repr_markdown_()
    majority = next(r for r in judged.respondents if r.name == "majority")
    assert "INCOHERENT" in majority._repr_html_()
    assert "Reproduced by:" in majority._repr_markdown_()
    chance = ml.probability(s1, "heuristic:deception", quiz.prior("deception-is-rare"))
    assert "P(outer) = 0.99, P(inner) = 0.01" in chance._repr_html_()
    assert chance._repr_markdown_().startswith("**scenario-1** under `heuristic:deception`, prior `deception-is-rare`")
