"""``misalign-logic judge`` and the judgments in ``check --format json``, called in process."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from misalign_logic.cli import main
from tests.conftest import SPECS

QUIZ = str(SPECS / "pop_quiz.toml")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def judged() -> tuple[int, dict[str, Any]]:
    code, out, err = run("judge", QUIZ, "--format", "json")
    assert err == ""
    doc = json.loads(out)
    return code, {entry["respondent"]: entry for entry in doc["judgments"]}


def test_the_majority_answer_is_incoherent_and_exits_1(judged: tuple[int, dict[str, Any]]) -> None:
    code, by_name = judged
    assert code == 1
    majority = by_name["majority"]
    assert majority["coherent"] is False
    assert majority["proof"].startswith("scenario-2 refines scenario-1")
    assert majority["conflicts"][0]["relation"] == "refines"
    assert majority["conflicts"][0]["world"]["reason(review)"] == "deceptive"
    assert "heuristic:training-vs-model" in majority["fitting_schemes"]
    assert "heuristic:training-vs-model" in majority["fitting_flips"]
    assert "heuristic:deception[reading=gricean]" in majority["fitting_schemes"]
    assert set(majority["fitting_schemes"]) == set(majority["fitting_description_based"])


def test_the_alternative_answers(judged: tuple[int, dict[str, Any]]) -> None:
    _, by_name = judged
    assert by_name["ambiguous-then-inner"]["coherent"] is True
    assert by_name["ambiguous-then-inner"]["fitting_schemes"] == ["heuristic:deception"]
    assert by_name["gricean"]["coherent"] is True
    assert "heuristic:deception" in by_name["gricean"]["fitting_schemes"]
    prior = by_name["prior"]
    assert prior["coherent"] is True
    assert prior["caveats"]
    first = prior["judgments"][0]
    assert (first["strength"], first["prior"], first["threshold"]) == ("probable", "deception-is-rare", "0.99")
    deception = next(s for s in first["schemes"] if s["scheme"] == "heuristic:deception")
    assert deception["bearing"] == "borne-out"
    assert deception["probability"]["probability"]["outer"] == ["0.99", "0.99"]


def test_per_judgment_details_carry_the_reason(judged: tuple[int, dict[str, Any]]) -> None:
    _, by_name = judged
    outer = by_name["majority"]["judgments"][0]
    assert outer["text"] == "scenario-1: outer (certain)"
    bearings = {s["scheme"]: s for s in outer["schemes"]}
    assert bearings["objective[counterfactual=merge_probability]"]["bearing"] == "borne-out"
    assert (
        "forall a: design(merge_probability, farm, a)"
        in bearings["objective[counterfactual=merge_probability]"]["core"]
    )
    assert bearings["heuristic:deception"]["bearing"] == "contradicted"
    assert bearings["heuristic:deception"]["world"]["reason(review)"] == "deceptive"


def test_judge_text_puts_the_verdict_first() -> None:
    code, out, _ = run("judge", QUIZ)
    assert code == 1
    assert out.index("majority: INCOHERENT") < out.index("details")
    assert "proof: scenario-2 refines scenario-1" in out
    assert "ambiguous-then-inner: coherent" in out
    assert (
        "! heuristic:training-vs-model reads the description, not only the world; non-monotone flip: "
        "scenario-2 refines scenario-1, yet gets {inner} where scenario-1 allowed only {outer}"
    ) in out


def test_coherent_answers_exit_0(tmp_path: Path) -> None:
    text = (SPECS / "pop_quiz.toml").read_text()
    text = text[: text.index("[[judgment]]")] + (
        '[[judgment]]\nscenario = "scenario-1"\nlabel = "inner"\nstrength = "possible"\n'
        '[[judgment]]\nscenario = "scenario-2"\nlabel = "inner"\nstrength = "certain"\n'
    )
    path = tmp_path / "mine.toml"
    path.write_text(text)
    code, out, _ = run("judge", str(path), "--format", "json")
    assert code == 0
    (entry,) = json.loads(out)["judgments"]
    assert (entry["respondent"], entry["coherent"]) == ("unattributed", True)


def test_check_json_carries_judgments_and_probabilities() -> None:
    code, out, _ = run("check", QUIZ, "--format", "json")
    assert code == 0  # check decides; only judge exits 1 on incoherent answers
    doc = json.loads(out)
    by_name = {entry["respondent"]: entry for entry in doc["judgments"]}
    assert by_name["majority"]["coherent"] is False
    assert "heuristic:training-vs-model" in by_name["majority"]["fitting_schemes"]
    s1 = next(s for s in doc["scenarios"] if s["name"] == "scenario-1")
    deception = next(v for v in s1["verdicts"] if v["scheme"] == "heuristic:deception")
    assert deception["under_priors"]["deception-is-rare"]["probability"]["outer"] == ["0.99", "0.99"]


def test_check_text_shows_probabilities() -> None:
    _, out, _ = run("check", QUIZ, "--scheme", "heuristic:deception")
    assert "scenario-1, heuristic:deception, prior deception-is-rare: P(outer) = 0.99, P(inner) = 0.01" in out
    assert "misalign-logic judge" in out


def test_judge_without_judgments_exits_2() -> None:
    code, out, err = run("judge", str(SPECS / "coinrun.toml"))
    assert (code, out) == (2, "")
    assert "records no answers" in err


def test_bad_judgment_exits_2_with_location(tmp_path: Path) -> None:
    text = (
        SPECS / "pop_quiz.toml"
    ).read_text() + '\n[[judgment]]\nscenario = "scenario-3"\nlabel = "outer"\nstrength = "certain"\n'
    line = text.count("\n") - 2
    path = tmp_path / "bad.toml"
    path.write_text(text)
    code, _, err = run("judge", str(path))
    assert code == 2
    assert f"bad.toml:{line}:1: error: judgment: 'scenario-3' is not a scenario of this file" in err
    assert "Traceback" not in err
