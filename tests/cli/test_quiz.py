"""``misalign-logic quiz``: quizzes shaped like the seed's on any story, confirmed by ``check``, and their page."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import misalign_logic as ml
from misalign_logic.cli import main
from tests.browser import Page

# A story the quiz has not seen: a cleaning robot, with a cognition fact of its own and words for everything.
ROBOT = """
[story]
name = "robot"
describe = "A household robot is trained to tidy rooms; a camera scores how tidy a room looks."
actions = { tidy = "put things where they belong", stuff = "stuff the mess into a cupboard" }
choices = { tidiness = "how tidy the room really is", looks = "how tidy the room looks on camera" }

[story.situations]
lab = { phase = "training", describe = "the training lab, scored by the camera" }
home = { phase = "deployment", describe = "a customer's home" }

[story.facts]
knows_camera = { kind = "cognition", describe = "the robot knows the camera cannot see inside cupboards" }
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def _checked(path: Path) -> dict[str, Any]:
    status, out, _ = run("check", str(path), "--format", "json")
    assert status == 0
    report: dict[str, Any] = json.loads(out)
    return report


def _assert_shaped_like_the_seeds(path: Path) -> None:
    spec = ml.load_spec(path)
    one, two = spec.scenarios
    story = spec.story
    stated = [c.text for c in one.constraints]
    # Scenario 1 says what the model did in every situation and what the designers wished there ...
    assert all(f"policy({s.name}) == " in " ".join(stated) for s in story.situations)
    assert all(
        f"ideal({s.name}, {a})" in stated or f"not ideal({s.name}, {a})" in stated
        for s in story.situations
        for a in story.actions
    )
    # ... has a failure point, and leaves the model's cognition unsaid; scenario 2 adds one cognition fact.
    assert ml.classify(one, "heuristic:training-vs-model").forced is ml.Label.OUTER
    assert not one.mentions_cognition
    assert len(two.own_constraints) == 1
    assert two.mentions_cognition
    report = _checked(path)
    first, second = ({v["scheme"]: (v["status"], v["labels"]) for v in s["verdicts"]} for s in report["scenarios"])
    assert first["heuristic:training-vs-model"] == ("forced", ["outer"])
    assert second["heuristic:training-vs-model"] == ("forced", ["inner"])
    for scheme in spec.schemes[1:]:
        assert first[scheme.id][0] == "forced"
        assert second[scheme.id] == first[scheme.id]
    assert [(r["a"], r["relation"], r["b"]) for r in report["relations"]] == [("scenario-2", "refines", "scenario-1")]
    assert [f["scheme"] for f in report["flips"]] == ["heuristic:training-vs-model"]


def test_the_default_quiz_is_shaped_like_the_seeds_and_told_in_words(tmp_path: Path) -> None:
    target = tmp_path / "quiz.toml"
    status, out, _ = run("quiz", "-o", str(target))
    assert status == 0
    assert out.startswith(f"wrote {target}")
    _assert_shaped_like_the_seeds(target)
    one, two = (" ".join(s.text.split()) for s in ml.load_spec(target).scenarios)
    assert "the model chose to submit pull requests that just add useless print statements" in one
    assert "the model chose to write useful pull requests in order to deceive its overseers" in two


def test_a_quiz_on_a_story_it_has_not_seen(tmp_path: Path) -> None:
    story = tmp_path / "robot.toml"
    story.write_text(ROBOT)
    target = tmp_path / "quiz.toml"
    args = ["quiz", str(story), "--scheme", "objective[counterfactual=looks]", "--scheme", "root-cause"]
    # Seed 1 picks the story's own cognition fact, not a reason (seed 0: the seed's "it deceived in training").
    status, _, _ = run(*args, "--seed", "1", "-o", str(target))
    assert status == 0
    _assert_shaped_like_the_seeds(target)
    spec = ml.load_spec(target)
    assert [c.text for c in spec.scenarios[1].own_constraints] == ["knows_camera"]
    told = [" ".join(s.text.split()) for s in spec.scenarios]
    assert "The robot knows the camera cannot see inside cupboards" in told[1]
    assert "the model chose to stuff the mess into a cupboard" in told[0]


def test_where_no_quiz_exists_the_reason_is_given() -> None:
    status, out, _ = run("quiz", "--scheme", "heuristic:deception")
    assert status == 1
    assert out.startswith("no quiz exists for heuristic:deception on story 'pop-quiz'")
    assert "reason's value, which scenario 1 must leave unsaid" in out
    assert "seed" not in out


def test_bad_schemes_exit_with_status_2() -> None:
    status, _, err = run("quiz", "--scheme", "objective[counterfactual=nope]")
    assert status == 2
    assert "declares no choice 'nope'" in err
    status, _, err = run("quiz", "--schemes", "heuristic:training-vs-model[reading=gricean]")
    assert status == 2
    assert "world-based" in err


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("page")
    story = where / "robot.toml"
    # Words a spec gives reach the page: markup in them must show as text, not run.
    story.write_text(ROBOT.replace("a customer's home", "a customer's <script>document.title='owned'</script>home"))
    # As a user runs it: the installed command in a fresh interpreter.
    command = [sys.executable, "-m", "misalign_logic", "quiz", str(story), "--scheme", "root-cause"]
    result = subprocess.run(
        [*command, "-o", str(where / "q.toml"), "--html", str(where / "q.html")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return where / "q.html"


def _answer(page: Page, first: str, second: str) -> str:
    page.run("document.getElementById('show-1').click()")
    page.run(f"document.querySelector('input[name=answer-1][value={first}]').click()")
    page.run("document.getElementById('show-2').click()")
    page.run(f"document.querySelector('input[name=answer-2][value={second}]').click()")
    page.run("document.getElementById('show-verdict').click()")
    text: str = page.run("document.getElementById('verdict').innerText")
    return text


needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="no chromium binary")


@needs_chromium
def test_the_page_shows_one_scenario_at_a_time_and_judges_the_majoritys_answers(page: Path, tmp_path: Path) -> None:
    with Page(page, tmp_path) as browser:
        assert browser.run("document.getElementById('scenario-1').hidden") is True
        assert browser.run("document.getElementById('show-2').hidden") is True
        verdict = _answer(browser, "outer", "inner")
        assert browser.run("document.title") == "Pop quiz"  # the story's markup did not run
        shown = browser.run("document.getElementById('scenario-1').innerText")
    assert "<script>" in shown
    assert "INCOHERENT" in verdict
    assert "scenario-2 refines scenario-1" in verdict
    # The proof's world is told in the story's words, not as terms of the language.
    assert "in a customer's <script>" in verdict
    assert "the model chose to stuff the mess into a cupboard" in verdict
    assert "policy(" not in verdict
    assert "Reproduced by: heuristic:training-vs-model" in verdict


@needs_chromium
def test_the_page_finds_ambiguous_then_inner_coherent(page: Path, tmp_path: Path) -> None:
    with Page(page, tmp_path) as browser:
        verdict = _answer(browser, "ambiguous", "inner")
        # Changing an answer takes the verdict back until it is asked for again.
        browser.run("document.querySelector('input[name=answer-2][value=outer]').click()")
        assert browser.run("document.getElementById('verdict').hidden") is True
        browser.run("document.getElementById('show-verdict').click()")
        changed = browser.run("document.getElementById('verdict').innerText")
    assert "COHERENT" in verdict
    assert "INCOHERENT" not in verdict
    assert "Reproduced by:" in verdict
    assert "Your answers: 1: ambiguous, 2: outer" in changed


def _downloaded(folder: Path) -> Path:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.suffix == ".csv"]
        if done:
            return done[0]
        time.sleep(0.05)
    raise TimeoutError("the page saved no answers file")


@needs_chromium
@pytest.mark.parametrize(
    ("name", "first", "second", "coherent"),
    [('ana, from "lab"', "outer", "inner", False), ("=HYPERLINK(1)", "ambiguous", "inner", True)],
)
def test_the_answers_a_respondent_clicks_are_downloaded_and_judged(
    page: Path, tmp_path: Path, name: str, first: str, second: str, coherent: bool
) -> None:
    saved = tmp_path / "downloads"
    saved.mkdir()
    with Page(page, tmp_path / "profile") as browser:
        browser.allow_downloads(saved)
        browser.run(f"document.getElementById('respondent').value = {json.dumps(name)}")
        _answer(browser, first, second)
        browser.run("document.getElementById('download').click()")
        answers = _downloaded(saved)
    rows = list(csv.reader(io.StringIO(answers.read_text(encoding="utf-8"))))
    # A name that starts like a formula is kept as text, not as a formula, when a spreadsheet opens the file.
    respondent = name if not name.startswith("=") else "'" + name
    assert rows == [
        ["respondent", "scenario", "answer", "strength"],
        [respondent, "scenario-1", first, ""],
        [respondent, "scenario-2", second, ""],
    ]
    # As a user runs it: the judge command on the quiz and the file the page saved.
    command = [sys.executable, "-m", "misalign_logic", "judge", str(page.with_suffix(".toml"))]
    result = subprocess.run(
        [*command, "--answers", str(answers), "--format", "json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == (0 if coherent else 1), result.stderr  # judge's exit status: 1 when incoherent
    (judged,) = json.loads(result.stdout)["judgments"]
    assert judged["respondent"] == respondent
    assert judged["coherent"] is coherent


def test_the_page_loads_nothing_and_carries_every_combination(page: Path) -> None:
    html = page.read_text()
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "<script>document.title" not in html
    data = html.split('<script type="application/json" id="verdicts">')[1].split("</script>")[0]
    verdicts = json.loads(data)
    assert len(verdicts) == 9
    assert verdicts["outer,inner"]["coherent"] is False
    assert verdicts["outer,outer"]["coherent"] is True


CORPUS = Path(__file__).resolve().parents[2] / "corpus"
TAXONOMIES = Path(__file__).resolve().parents[2] / "examples" / "taxonomies"

# A user's story whose file already says what the designers wanted at deployment: a video call, not a restaurant.
SCHEDULER = """
[story]
name = "scheduler"
describe = "An assistant books meetings."
actions = { video = "set up a video call", restaurant = "book a restaurant" }
choices = { safety = "keeping people safe", habit = "what people usually book" }
[story.situations]
office = { phase = "training", describe = "the office, before the pandemic" }
pandemic = { phase = "deployment", describe = "the pandemic" }
[[scenario]]
name = "as-told"
text = "Before the pandemic, a restaurant; during it the designers wanted a video call; it booked a restaurant."
constraints = [
    "ideal(office, restaurant)",
    "not ideal(office, video)",
    "ideal(pandemic, video)",
    "not ideal(pandemic, restaurant)",
    "policy(pandemic) == restaurant",
    "not design(safety, pandemic, restaurant)",
]
"""


def _verdicts(path: Path) -> tuple[dict[str, tuple[str, list[str]]], ...]:
    report = _checked(path)
    assert [(r["a"], r["relation"], r["b"]) for r in report["relations"]] == [("scenario-2", "refines", "scenario-1")]
    return tuple({v["scheme"]: (v["status"], v["labels"]) for v in s["verdicts"]} for s in report["scenarios"])


@pytest.mark.parametrize("source", sorted(p.name for p in CORPUS.glob("*.toml")))
def test_a_quiz_from_a_corpus_story_keeps_every_stated_fact_or_says_why_not(source: str, tmp_path: Path) -> None:
    spec = ml.load_spec(CORPUS / source)
    chosen = spec.scenarios[0]
    target = tmp_path / "quiz.toml"
    status, out, _ = run("quiz", str(CORPUS / source), "--from", chosen.name, "-o", str(target))
    if status == 1:
        assert out.startswith(f"no quiz exists for generalization[standard=outcomes] on scenario {chosen.name!r} of ")
        assert any(why in out for why in ("speaks of the model's cognition", "leaves", "failure point", "no world"))
        return
    assert status == 0, out
    one, two = ml.load_spec(target).scenarios
    # Scenario 1 is the chosen scenario, every stated fact kept: each refines the other.
    assert ml.relate(one, chosen).kind.value == "equivalent"
    assert not one.mentions_cognition
    assert len(two.own_constraints) == 1
    assert two.mentions_cognition
    first, second = _verdicts(target)
    assert first["heuristic:training-vs-model"] == ("forced", ["outer"])
    assert second["heuristic:training-vs-model"] == ("forced", ["inner"])
    assert first["generalization[standard=outcomes]"][0] == "forced"
    assert second["generalization[standard=outcomes]"] == first["generalization[standard=outcomes]"]


def test_most_corpus_stories_open_a_quiz(tmp_path: Path) -> None:
    made = 0
    for path in sorted(CORPUS.glob("*.toml")):
        status, _, _ = run("quiz", str(path), "--from", ml.load_spec(path).scenarios[0].name, "-o", str(tmp_path / "q"))
        made += status == 0
    assert made >= 18  # the rest speak of cognition already or leave the scheme's label open


def test_a_quiz_from_the_users_scenario_is_told_in_its_words(tmp_path: Path) -> None:
    story = tmp_path / "scheduler.toml"
    story.write_text(SCHEDULER)
    target = tmp_path / "quiz.toml"
    status, _, _ = run(
        "quiz", str(story), "--from", "as-told", "--scheme", "objective[counterfactual=safety]", "-o", str(target)
    )
    assert status == 0
    one, two = ml.load_spec(target).scenarios
    told = "Before the pandemic, a restaurant; during it the designers wanted a video call; it booked a restaurant."
    assert " ".join(one.text.split()) == told
    assert "The same story, and one more thing is known about the model:" in two.text


def test_a_generated_quiz_contradicts_nothing_the_file_says(tmp_path: Path) -> None:
    story = tmp_path / "scheduler.toml"
    story.write_text(SCHEDULER)
    target = tmp_path / "quiz.toml"
    status, _, _ = run("quiz", str(story), "-o", str(target))
    assert status == 0
    told = ml.load_spec(story).scenarios[0]
    for scenario in ml.load_spec(target).scenarios:
        both = ml.Scenario.from_strings(
            told.story, "both", [*(c.text for c in told.constraints), *(c.text for c in scenario.constraints)]
        )
        assert ml.classify(both, "heuristic:training-vs-model").status is not ml.Status.INCONSISTENT, scenario.name


def test_a_quiz_under_the_users_taxonomy_is_a_complete_spec(tmp_path: Path) -> None:
    target = tmp_path / "quiz.toml"
    status, _, _ = run("quiz", "--taxonomy", str(TAXONOMIES / "sound.toml"), "-o", str(target))
    assert status == 0
    text = target.read_text()
    assert '[scheme."bad-feedback-is-outer"]' in text
    # The written file alone reproduces the quiz, as a user runs it.
    result = subprocess.run(
        [sys.executable, "-m", "misalign_logic", "check", str(target), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first, second = ({v["scheme"]: v["labels"] for v in s["verdicts"]} for s in json.loads(result.stdout)["scenarios"])
    assert first["bad-feedback-is-outer"] == second["bad-feedback-is-outer"]
    assert (first["heuristic:training-vs-model"], second["heuristic:training-vs-model"]) == (["outer"], ["inner"])


def test_from_names_a_scenario_of_the_file(tmp_path: Path) -> None:
    story = tmp_path / "scheduler.toml"
    story.write_text(SCHEDULER)
    status, _, err = run("quiz", str(story), "--from", "as-tol")
    assert status == 2
    assert "--from names no scenario of the spec: 'as-tol'" in err
    assert "did you mean 'as-told'?" in err
    status, _, err = run("quiz", "--from", "as-told")
    assert status == 2
    assert "give the spec FILE too" in err
