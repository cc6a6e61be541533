"""Solver limits: an exhausted query is `unknown` with its reason, and the rest of the file is still decided.

The hard story is a pigeonhole: nine deployment situations must each get a different action out of eight.
It has no world, but proving that takes z3 tens of seconds; a small resource limit makes it give up at once,
the same way on every machine (a resource limit counts work, not time).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.cli import main
from tests.conftest import SPECS

HOLES = 8
TINY = 100_000  # resource units: far more than the easy scenario needs, far less than the pigeonhole


def hard_spec(holes: int = HOLES) -> str:
    situations = "\n".join(f's{i} = "deployment"' for i in range(holes + 1))
    actions = ", ".join(f'"a{i}"' for i in range(holes))
    return f"""\
[story]
actions = [{actions}]
choices = ["c"]
[story.situations]
t = "training"
{situations}

[[scenario]]
name = "easy"
constraints = ["forall s: ideal(s, a0) and not ideal(s, a1)", "forall s in deployment: policy(s) == a1",
               "forall s in deployment: design(c, s, a1)", "fixes_feedback and not fixes_generalization"]

[[scenario]]
name = "pigeonhole"
constraints = ["forall x in deployment, y in deployment: x != y -> policy(x) != policy(y)"]
"""


@pytest.fixture
def hard_file(tmp_path: Path) -> Path:
    path = tmp_path / "hard.toml"
    path.write_text(hard_spec())
    return path


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_cli_reports_unknown_and_completes_the_file(hard_file: Path) -> None:
    code, out, err = run("check", str(hard_file), "--format", "json", "--rlimit", str(TINY))
    assert (code, err) == (1, "")  # 1: the solver gave up on something (cli.py's exit statuses)
    doc = json.loads(out)
    verdicts = {s["name"]: {v["scheme"]: v for v in s["verdicts"]} for s in doc["scenarios"]}
    assert len(verdicts["pigeonhole"]) == len(verdicts["easy"]) == 8
    for v in verdicts["pigeonhole"].values():
        assert v["status"] == "unknown"
        assert v["labels"] == []
        assert "resource limit of 100000 units per query reached" in v["reason"]
    # The rest of the file is decided as if the hard scenario were not there.
    easy = {scheme: (v["status"], v["labels"]) for scheme, v in verdicts["easy"].items()}
    assert easy["objective[counterfactual=c]"] == ("forced", ["outer"])
    assert easy["root-cause"] == ("forced", ["outer"])
    assert easy["generalization[standard=outcomes]"] == ("ambiguous", ["inner", "outer"])
    [relation] = doc["relations"]
    assert (relation["relation"], relation["a"], relation["b"]) == ("unknown", "easy", "pigeonhole")
    assert "resource limit" in relation["reason"]


def test_the_text_report_shows_unknown_with_its_reason(hard_file: Path) -> None:
    code, out, _ = run("check", str(hard_file), "--rlimit", str(TINY), "--scheme", "objective[counterfactual=c]")
    assert code == 1
    assert "objective[counterfactual=c]  forced outer  unknown" in out
    assert "pigeonhole, objective[counterfactual=c]: the solver gave up (resource limit of 100000 units" in out
    assert "easy unknown pigeonhole" in out


def test_a_wall_clock_timeout_also_gives_unknown(hard_file: Path) -> None:
    # The pigeonhole needs tens of seconds; ten milliseconds cannot be enough on any machine.
    code, out, _ = run(
        "check", str(hard_file), "--timeout", "0.01", "--rlimit", "0", "--scheme", "objective", "--format", "json"
    )
    assert code == 1
    pigeonhole = json.loads(out)["scenarios"][1]["verdicts"][0]
    assert (pigeonhole["status"], pigeonhole["reason"]) == (
        "unknown",
        "timeout of 10 ms per query reached; raise the timeout",
    )


def test_classify_and_relate_give_unknown_rather_than_raise() -> None:
    spec = ml.parse_spec(hard_spec())
    easy, hard = spec.scenarios
    verdict = ml.classify(hard, "root-cause", rlimit=TINY)
    assert verdict.status is ml.Status.UNKNOWN
    assert verdict.forced is None
    assert "resource limit" in verdict.reason
    assert ml.relate(easy, hard, rlimit=TINY).kind is ml.RelationKind.UNKNOWN
    # One analysis keeps working after a query gave up: the next scheme is decided or unknown, never an error.
    analysis = ml.Analysis(hard, rlimit=TINY)
    assert {analysis.classify(s).status for s in ("objective", "heuristic:deception")} == {ml.Status.UNKNOWN}


def test_a_smaller_pigeonhole_is_decided_within_the_same_limit() -> None:
    # The limit bounds work, not answers: a small instance of the same shape is proved inconsistent.
    _, small = ml.parse_spec(hard_spec(holes=3)).scenarios
    assert ml.classify(small, "objective", rlimit=TINY).status is ml.Status.INCONSISTENT


def test_the_default_limit_changes_no_answer_on_the_bundled_specs() -> None:
    for path in sorted(SPECS.glob("*.toml")):
        for scenario in ml.load_spec(path).scenarios:
            for scheme in ("objective", "generalization[standard=reasons]", "root-cause"):
                bounded = ml.classify(scenario, scheme)  # rlimit=DEFAULT_RLIMIT
                unbounded = ml.classify(scenario, scheme, rlimit=None)
                assert bounded.status is not ml.Status.UNKNOWN
                assert (bounded.status, bounded.labels) == (unbounded.status, unbounded.labels)


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "soon"])
def test_a_bad_timeout_is_a_usage_error(value: str) -> None:
    code, out, err = run("check", str(SPECS / "pop_quiz.toml"), "--timeout", value)
    assert (code, out) == (2, "")
    assert "argument --timeout: expected a positive number of seconds" in err


@pytest.mark.parametrize("value", ["-1", "1.5", str(2**32)])
def test_a_bad_rlimit_is_a_usage_error(value: str) -> None:
    code, out, err = run("check", str(SPECS / "pop_quiz.toml"), "--rlimit", value)
    assert (code, out) == (2, "")
    assert "argument --rlimit: expected a whole number of units" in err


@pytest.mark.parametrize("command", ["check", "explain", "judge", "report"])
@pytest.mark.parametrize("option", [("--timeout", "nan"), ("--rlimit", "-1")], ids=["timeout", "rlimit"])
def test_every_solving_command_checks_its_limits(command: str, option: tuple[str, str], tmp_path: Path) -> None:
    extra = ["-o", str(tmp_path / "out.md")] if command == "report" else []
    code, out, err = run(command, str(SPECS / "pop_quiz.toml"), *extra, *option)
    assert (code, out) == (2, "")
    assert f"argument {option[0]}: expected" in err
    assert "Traceback" not in err
