"""A scheme's own labels, as a user runs them: verdicts over values, and each mistake a located error (exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

STORY = """[story]
name = "toy"
situations = { t1 = "training", d1 = "deployment" }
actions = ["a1", "a2"]
choices = ["c1"]

[[scenario]]
name = "open"
constraints = ["not ideal(d1, policy(d1))"]

[[scenario]]
name = "bad-reward"
extends = "open"
constraints = ["feedback(t1, a1) != ideal(t1, a1)"]

"""

SHAH = """[scheme.shah]
labels = { specification-gaming = "the reward was wrong on training", capability-failure = "the reward was right" }
specification-gaming = "exists t in training, a in Action: feedback(t, a) != ideal(t, a)"
capability-failure = "forall t in training, a in Action: feedback(t, a) == ideal(t, a)"
"""

GAPPY = """[scheme.gappy]
labels = ["spec-gaming", "misgeneralization"]
spec-gaming = "exists t in training, a in Action: feedback(t, a) != ideal(t, a)"
misgeneralization = "fixes_generalization"
"""


def _run(*argv: str | Path) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "misalign_logic", *map(str, argv)], capture_output=True, text=True, check=False
    )
    return done.returncode, done.stdout, done.stderr


def _spec(tmp_path: Path, schemes: str) -> Path:
    path = tmp_path / "spec.toml"
    path.write_text(STORY + schemes, encoding="utf-8")
    return path


def test_declared_labels_get_verdicts_and_words(tmp_path: Path) -> None:
    path = _spec(tmp_path, SHAH)
    code, out, err = _run("check", path, "--scheme", "shah")
    assert (code, err) == (0, "")
    assert "ambiguous {capability-failure, specification-gaming}  forced specification-gaming" in out
    code, out, _ = _run("explain", path, "--scheme", "shah", "--scenario", "bad-reward")
    assert code == 0
    assert "specification-gaming means that the reward was wrong on training" in " ".join(out.split())
    assert "misalignment" not in out  # never the seed's words for a label of one's own
    code, out, _ = _run("explain", path, "--scheme", "shah", "--scenario", "open")
    assert code == 0
    # Each witness of an ambiguous verdict is told with its label's words too.
    assert "under this scheme, capability-failure means that the reward was right" in " ".join(out.split())


def test_a_scheme_that_is_not_a_categorization_gets_every_verdict(tmp_path: Path) -> None:
    path = _spec(tmp_path, GAPPY)
    code, out, err = _run("check", path, "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    verdicts = {(s["name"], v["scheme"]): v for s in doc["scenarios"] for v in s["verdicts"]}
    assert len(verdicts) == 2 * 9  # the eight built-in schemes and the file's own, on both scenarios
    gappy = verdicts["open", "gappy"]
    values = ["misgeneralization", "misgeneralization+spec-gaming", "spec-gaming", "unlabelled"]
    assert (gappy["status"], gappy["labels"]) == ("ambiguous", values)
    assert sorted(gappy["witnesses"]) == values
    assert gappy["witnesses"]["unlabelled"]["world"]["fixes_generalization"] is False
    assert verdicts["bad-reward", "gappy"]["labels"] == ["misgeneralization+spec-gaming", "spec-gaming"]
    code, out, _ = _run("audit", path, "--format", "json")
    assert code == 1
    (scheme,) = json.loads(out)["schemes"]
    assert scheme["categorization"]["holds"] is False
    assert scheme["categorization"]["overlap_labels"] == ["misgeneralization", "spec-gaming"]
    assert scheme["categorization"]["gap"] is not None


@pytest.mark.parametrize(
    ("table", "line", "message", "hint"),
    [
        (
            'labels = ["gaming", "other"]\ngaming = "fixes_feedback"\nother = "true"\ngamming = "true"\n',
            5,
            "a condition for 'gamming', which is not a declared label",
            "did you mean 'gaming'?",
        ),
        ('labels = ["gaming", "other"]\ngaming = "fixes_feedback"\n', 2, "label 'other' has no condition", "other ="),
        ('labels = ["unlabelled"]\nunlabelled = "true"\n', 2, "label 'unlabelled' is a reserved word", "unlabelled"),
        ('labels = ["none", "x"]\nnone = "true"\nx = "true"\n', 2, "label 'none' is a reserved word", "none"),
        ('labels = ["a+b"]\n"a+b" = "true"\n', 2, "label 'a+b' contains '+'", "declare each label"),
        ('labels = ["x", "x"]\nx = "true"\n', 2, "label 'x' is declared twice", "declare each label once"),
        ("labels = []\n", 2, "the scheme declares no labels", "at least one"),
        ('labels = ["2x"]\n"2x" = "true"\n', 2, "'2x' cannot name a label", "starting with a letter"),
        ('labels = "x"\nx = "true"\n', 2, "must be a list or a table, not a string", "labels = ["),
    ],
)
def test_label_mistakes_are_located_errors(tmp_path: Path, table: str, line: int, message: str, hint: str) -> None:
    path = _spec(tmp_path, "[scheme.mine]\n" + table)
    head = STORY.count("\n")
    code, out, err = _run("check", path)
    assert (code, out) == (2, "")
    assert "Traceback" not in err
    assert f"{path}:{head + line}:" in err, err
    assert message in err, err
    assert "hint:" in err, err
    assert hint in err, err


def test_a_condition_for_an_undeclared_label_is_refused_in_python() -> None:
    script = """
import misalign_logic as ml
try:
    ml.Scheme.define("py-labels", labels=["a", "b"], conditions={"a": "true", "c": "false"})
except ml.SpecError as err:
    print(err)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "a condition for 'c', which is not a declared label" in done.stdout
    assert "label 'b' has no condition" in done.stdout


def test_audit_compare_works_over_declared_label_sets(tmp_path: Path) -> None:
    """Same labels, equivalent conditions: equivalent; the same split under other names: they differ."""
    renamed = SHAH.replace("shah", "renamed").replace("specification-gaming", "reward-wrong")
    rewritten = SHAH.replace("shah", "rewritten").replace(
        'capability-failure = "forall t in training, a in Action: feedback(t, a) == ideal(t, a)"',
        'capability-failure = "not (exists t in training, a in Action: feedback(t, a) != ideal(t, a))"',
    )
    path = _spec(tmp_path, SHAH + renamed + rewritten)
    compare = ("--compare", "shah", "rewritten", "--compare", "shah", "renamed")
    code, out, err = _run("audit", path, *compare, "--format", "json")
    assert code in (0, 1), err
    same, other = json.loads(out)["comparisons"]
    assert same["equivalent"] is True
    assert other["equivalent"] is False
    assert other["verdicts"] == {"a": "forced specification-gaming", "b": "forced reward-wrong"}


def test_find_disagreement_works_over_declared_label_sets() -> None:
    script = """
import misalign_logic as ml
from misalign_logic.testing.search import find_disagreement
story = ml.Story.build("s", {"t1": "training", "d1": "deployment"}, ("a1", "a2"), ("c1",))
bad = "exists t in training, a in Action: feedback(t, a) != ideal(t, a)"
ml.Scheme.define("mine-a", labels=["x", "y"], conditions={"x": bad, "y": f"not ({bad})"})
ml.Scheme.define("mine-b", labels=["x", "y"], conditions={"x": "fixes_feedback", "y": "not fixes_feedback"})
ml.Scheme.define("mine-c", labels=["x", "y"], conditions={"x": f"not (not ({bad}))", "y": f"not ({bad})"})
found = find_disagreement("mine-a", "mine-b", story)
print(type(found).__name__)
print(found.note)
print(type(find_disagreement("mine-a", "mine-c", story)).__name__)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    kind, note, none = done.stdout.splitlines()
    assert (kind, none) == ("Found", "NoneExists")
    assert ("mine-a forces {x} and mine-b forces {y}" in note) or ("mine-a forces {y} and mine-b forces {x}" in note)
