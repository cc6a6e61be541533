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
