"""``judge FILE --answers CSV`` and ``report --answers``: a survey's respondents judged and tallied."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from misalign_logic.cli import main
from tests.conftest import SPECS

QUIZ = str(SPECS / "pop_quiz.toml")
EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "pop_quiz_answers.csv")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def survey() -> tuple[int, dict[str, Any], str]:
    code, out, err = run("judge", QUIZ, "--answers", EXAMPLE, "--format", "json")
    return code, json.loads(out), err


def test_every_respondent_is_judged(survey: tuple[int, dict[str, Any], str]) -> None:
    code, doc, err = survey
    assert code == 1  # some respondents are incoherent
    assert "left out" in err  # the spec's own [[judgment]] tables are not silently dropped
    by_name = {entry["respondent"]: entry for entry in doc["judgments"]}
    assert list(by_name) == ["ana", "ben", "chloe", "dev", "eli", "fay", "gus", "hana"]
    # The seed's majority, "1: outer, 2: inner": incoherent with every world-based categorization.
    for name in ("ana", "ben", "gus"):
        assert by_name[name]["coherent"] is False
        assert "scenario-2 refines scenario-1" in by_name[name]["proof"]
        assert by_name[name]["fitting_schemes"]
        assert by_name[name]["fitting_schemes"] == by_name[name]["fitting_description_based"]
    # "Ambiguous, then inner": coherent, and the deception heuristic gives it (as specs/pop_quiz.toml says).
    assert by_name["chloe"]["coherent"] is True
    assert by_name["chloe"]["fitting_schemes"] == ["heuristic:deception"]
    assert by_name["chloe"]["judgments"][0]["label"] == "ambiguous"
    # "Outer is possible, inner certain" is coherent too: the outer world need only avoid scenario 2.
    assert by_name["hana"]["coherent"] is True


def test_the_tally_counts_respondents_per_scheme(survey: tuple[int, dict[str, Any], str]) -> None:
    _, doc, _ = survey
    tally = doc["survey"]
    assert (tally["respondents"], tally["coherent"], tally["incoherent"], tally["undecided"]) == (8, 5, 3, 0)
    counts = {row["scheme"]: row["reproduces"] for row in tally["schemes"]}
    fitting = [entry["fitting_schemes"] for entry in doc["judgments"]]
    assert counts == {s: sum(s in f for f in fitting) for s in counts}
    assert counts["heuristic:training-vs-model"] == 4  # ana, ben, gus and hana: the folk heuristic
    assert counts["heuristic:deception"] == 2  # chloe and hana
    world_based = {row["scheme"] for row in tally["schemes"] if row["world_based"]}
    assert world_based == {s for s in counts if "reading=gricean" not in s and s != "heuristic:training-vs-model"}


def test_the_summary_comes_first_and_the_details_on_request() -> None:
    code, out, _ = run("judge", QUIZ, "--answers", EXAMPLE)
    assert code == 1
    assert out.startswith("survey: 8 respondent(s): 5 coherent, 3 incoherent\n")
    # Bars are scaled: 4 of 8 respondents is half of the 40-character bar.
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[3:21]}
    assert rows["heuristic:training-vs-model"] == ["4/8", "#" * 20, "(reads", "the", "description)"]
    assert rows["generalization[standard=reasons]"] == ["0/8"]
    assert rows["heuristic:deception"] == ["2/8", "#" * 10]
    split = "answers per scenario:\n  scenario-1: outer 5, ambiguous 2, inner 1\n"
    assert split + "  scenario-2: inner 6, outer 1, ambiguous 1\n" in out
    assert "incoherent respondents (3):\n  ana: scenario-2 refines scenario-1: every world of scenario-2" in out
    assert "details" not in out
    assert "proof:" not in out
    code, verbose, _ = run("judge", QUIZ, "--answers", EXAMPLE, "--verbose")
    assert code == 1
    assert verbose.startswith(out)
    assert "\ndetails\n-------\n" in verbose
    assert verbose.count("  proof: scenario-2 refines scenario-1") == 3


def test_a_thousand_respondents_are_summed_up_in_a_screenful(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    combos = [(a, b) for a in ("outer", "inner", "ambiguous") for b in ("outer", "inner", "ambiguous")]
    rows = ["respondent,scenario,answer"]
    for k in range(1000):
        first, second = combos[k % len(combos)]
        rows += [f"r{k},scenario-1,{first}", f"r{k},scenario-2,{second}"]
    answers.write_text("\n".join(rows) + "\n")
    code, out, _ = run("judge", QUIZ, "--answers", str(answers), "--scheme", "heuristic:deception")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) < 40
    assert lines[0].startswith("survey: 1000 respondent(s): ")
    assert "  scenario-1: outer 334, inner 333, ambiguous 333" in lines
    # "1: outer, 2: inner" and its mirror, and a certain label on scenario 1 with "ambiguous" on its refinement.
    assert lines[0] == "survey: 1000 respondent(s): 556 coherent, 444 incoherent"
    assert lines[-1] == "  ... and 424 more (--verbose or --format json lists every one, with its proof)"
    code, doc, _ = run("judge", QUIZ, "--answers", str(answers), "--scheme", "heuristic:deception", "--format", "json")
    survey = json.loads(doc)["survey"]
    assert survey["scenarios"][1] == {
        "scenario": "scenario-2",
        "answers": {"outer": 334, "inner": 333, "ambiguous": 333},
    }
    assert len(survey["incoherent_respondents"]) == survey["incoherent"] == 444
    assert survey["incoherent_respondents"][0] == {
        "respondent": "r1",
        "reason": "scenario-2 refines scenario-1: every world of scenario-2 is a world of scenario-1",
    }


def test_bad_rows_are_reported_with_their_lines(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text("respondent,scenario,answer\nana,scenario-1,outr\nana,scenario-9,inner\nbo,scenario-1,\n")
    code, _, err = run("judge", QUIZ, "--answers", str(answers))
    assert code == 2
    assert f"{answers}:2:1: error: 'outr' is not an answer" in err
    assert "did you mean 'outer'?" in err
    assert f"{answers}:3:1: error: 'scenario-9' is not a scenario of the spec" in err
    assert f"{answers}:4:1: error: the answer is empty" in err
    assert "Traceback" not in err


def test_a_header_without_the_answer_column_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text("respondent,scenario,label\nana,scenario-1,outer\n")
    code, _, err = run("judge", QUIZ, "--answers", str(answers))
    assert code == 2
    assert "lacks the column(s) answer" in err


def test_ambiguous_cannot_be_certain(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text("respondent,scenario,answer,strength\nana,scenario-1,ambiguous,certain\n")
    code, _, err = run("judge", QUIZ, "--answers", str(answers))
    assert code == 2
    assert "the answer 'ambiguous' is a possible one" in err


def test_answers_take_one_spec() -> None:
    code, _, err = run("judge", QUIZ, QUIZ, "--answers", EXAMPLE)
    assert code == 2
    assert "exactly one FILE" in err


def test_the_report_draws_a_bar_per_scheme(tmp_path: Path) -> None:
    page = tmp_path / "survey.html"
    result = subprocess.run(
        [sys.executable, "-m", "misalign_logic", "report", QUIZ, "--answers", EXAMPLE, "-o", str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    html = page.read_text()
    assert "<h2>Survey</h2>" in html
    assert html.count('class="bar"') == 18
    assert "heuristic:training-vs-model: 4 of 8" in html
    # The chart has an axis whose last tick is every respondent, a legend, and a panel per scenario's answers.
    assert "respondents whose every answer the scheme gives" in html
    assert html.count('class="key"') == 2 + 3
    assert html.count('class="answer"') == 6  # three answers were given to each scenario
    assert "scenario-1: ambiguous 2 of 8" in html


def test_the_markdown_report_tabulates_the_survey(tmp_path: Path) -> None:
    page = tmp_path / "survey.md"
    code, _, err = run("report", QUIZ, "--answers", EXAMPLE, "-o", str(page))
    assert code == 0, err
    text = page.read_text()
    assert "**Survey:** 8 respondent(s): 5 coherent, 3 incoherent." in text
    assert "| `heuristic:deception` | 2 of 8 |" in text


def test_one_world_for_both_halves_of_ambiguous_is_said_once() -> None:
    _, verbose, _ = run("judge", QUIZ, "--answers", EXAMPLE, "--verbose")
    # eli answered "ambiguous" to both scenarios; one world of scenario-2 serves as a world for outer and for inner
    # (a categorization may give it either label), so it is printed once, saying so, rather than twice.
    eli = verbose.split("\neli:\n")[1].split("\n\n")[0]
    assert "one world serves 'scenario-2: outer (possible)' and 'scenario-2: inner (possible)': " in eli
    assert "a world for 'scenario-2: outer (possible)'" not in eli
