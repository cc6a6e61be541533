"""The command line, called in process with StringIO, as a user would run it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from misalign_logic.cli import main
from tests.conftest import SPECS


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_check_json_reproduces_the_seed_table() -> None:
    code, out, err = run("check", str(SPECS / "pop_quiz.toml"), "--format", "json")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    got = {(s["name"], v["scheme"]): (v["status"], v["labels"]) for s in doc["scenarios"] for v in s["verdicts"]}
    ambiguous = ("ambiguous", ["inner", "outer"])
    expected = {
        "objective": (ambiguous, ambiguous),
        "objective[counterfactual=usefulness]": (("forced", ["inner"]),) * 2,
        "objective[counterfactual=merge_probability]": (("forced", ["outer"]),) * 2,
        "generalization[standard=outcomes]": (("forced", ["inner"]),) * 2,
        "generalization[standard=reasons]": (ambiguous, ("forced", ["outer"])),
        "root-cause": (("ambiguous", ["both", "inner", "outer"]),) * 2,
    }
    for scheme, (one, two) in expected.items():
        assert got["scenario-1", scheme] == one, scheme
        assert got["scenario-2", scheme] == two, scheme
    assert {"a": "scenario-2", "b": "scenario-1", "relation": "refines"}.items() <= doc["relations"][0].items()


def test_check_text_is_a_table(tmp_path: Path) -> None:
    code, out, _ = run("check", str(SPECS / "pop_quiz.toml"), "--scheme", "objective")
    assert code == 0
    assert "objective  ambiguous {inner, outer}  ambiguous {inner, outer}" in out
    assert "decided by choice" in out
    assert "scenario-2 refines scenario-1" in out


def test_python_dash_m_runs_the_command_line() -> None:
    # A fresh interpreter, as a user runs it: the same output and exit status as the command, errors without
    # a traceback.
    def dash_m(*argv: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "misalign_logic", *argv]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    argv = ("check", str(SPECS / "pop_quiz.toml"), "--scheme", "objective")
    done = dash_m(*argv)
    assert (done.returncode, done.stdout, done.stderr) == run(*argv)
    assert "scenario-2 refines scenario-1" in done.stdout
    missing = dash_m("check", "no-such-spec.toml")
    assert missing.returncode == 2
    assert "no-such-spec.toml" in missing.stderr
    assert "Traceback" not in missing.stderr


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("[story\nname = 'x'\n", "not valid TOML", "1:7"),
        (None, "unknown function 'idael'", "11:4"),
        (None, "ideal takes 2 argument(s), got 1", "11:4"),
        (None, "cycle: s1 -> s2 -> s1", "16:1"),
    ],
    ids=["toml-syntax", "unknown-symbol", "wrong-arity", "extends-cycle"],
)
def test_bad_spec_exits_2_with_location(tmp_path: Path, text: str | None, message: str, line: str) -> None:
    good = (
        "[story]\nactions = ['a', 'b']\nchoices = ['c']\n[story.situations]\nt = 'training'\nd = 'deployment'\n"
        "[[scenario]]\nname = 's1'\nextends = 's2'\nconstraints = [\n"
        "  'policy(d) == a',\n  'CONSTRAINT',\n]\n"
        "[[scenario]]\nname = 's2'\nextends = 's1'\n"
    )
    if text is None:
        constraint = {"unknown function 'idael'": "idael(d, a)"}.get(message, "ideal(d)")
        text = good.replace("CONSTRAINT", "ideal(d, a)" if "cycle" in message else constraint)
        if "cycle" not in message:
            text = text.replace("extends = 's2'\n", "").replace("extends = 's1'\n", "")
    path = tmp_path / "bad.toml"
    path.write_text(text)
    code, out, err = run("check", str(path))
    assert code == 2
    assert out == ""
    assert message in err
    assert f"bad.toml:{line}:" in err
    assert "Traceback" not in err


def test_unknown_scheme_on_the_command_line_exits_2() -> None:
    code, _, err = run("check", str(SPECS / "pop_quiz.toml"), "--scheme", "objectve")
    assert code == 2
    assert "unknown scheme 'objectve'" in err


def test_missing_file_exits_2() -> None:
    code, _, err = run("check", "no/such/spec.toml")
    assert code == 2
    assert "cannot read the spec" in err


def test_scheme_all_runs_the_whole_family_under_both_readings() -> None:
    """``--scheme all``: every built-in scheme with every parameter, literal and Gricean (18 on the quiz)."""
    out = io.StringIO()
    status = main(["check", str(SPECS / "pop_quiz.toml"), "--scheme", "all", "--no-explain", "--format", "json"], out)
    assert status == 0
    schemes = [v["scheme"] for v in json.loads(out.getvalue())["scenarios"][0]["verdicts"]]
    assert len(schemes) == len(set(schemes)) == 18
    assert "heuristic:deception[reading=gricean]" in schemes
    assert "objective[counterfactual=merge_probability,reading=gricean]" in schemes


@pytest.mark.parametrize(
    ("scheme", "hint"),
    [
        ("generalization[standard=reason]", "did you mean 'reasons'?"),
        ("heuristic:deception[reading=gricaen]", "did you mean 'gricean'?"),
        ("objectiv", "did you mean 'objective'?"),
    ],
)
def test_a_misspelt_scheme_gets_a_did_you_mean(scheme: str, hint: str) -> None:
    err = io.StringIO()
    status = main(["check", str(SPECS / "pop_quiz.toml"), "--scheme", scheme], io.StringIO(), err)
    assert status == 2
    assert hint in err.getvalue()


def test_the_text_table_names_a_few_deciding_facts_and_counts_the_rest() -> None:
    """A line of ``check``'s text names at most eight deciding facts; JSON keeps them all."""
    from misalign_logic.cli.check import _few

    facts = [f"ideal(s{i}, a)" for i in range(20)]
    assert _few(facts[:8]) == ", ".join(facts[:8])
    assert _few(facts) == ", ".join(facts[:8]) + ", and 12 more (see --format json)"
