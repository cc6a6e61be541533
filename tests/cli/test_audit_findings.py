"""``audit``'s gaps, overlaps and distinctions as a user meets them: one line each, and with ``--verbose`` (or in
JSON) a spec file that ``check`` accepts as printed and that reproduces the verdict claimed; the gap and
overlap facts minimal, checked by enumeration."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import misalign_logic as ml
from misalign_logic.model.schemes import Label
from misalign_logic.testing.bruteforce import brute_forces

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples" / "taxonomies"
#: Between these lines ``--verbose`` writes a spec file, as it is.
BLOCK = re.compile(r"^----- (?P<what>[^\n]*) -----\n(?P<spec>.*?)\n-----$", re.MULTILINE | re.DOTALL)


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "misalign_logic", *args], capture_output=True, text=True, check=False, cwd=cwd
    )


def _check(spec: str, tmp_path: Path, name: str) -> list[dict[str, Any]]:
    """``check --format json`` on ``spec`` saved as a file: the verdicts of its one scenario."""
    path = tmp_path / f"{name}.toml"
    path.write_text(spec, encoding="utf-8")
    done = _run("check", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    (scenario,) = json.loads(done.stdout)["scenarios"]
    verdicts: list[dict[str, Any]] = scenario["verdicts"]
    return verdicts


@pytest.fixture(scope="module")
def overlapping() -> dict[str, Any]:
    done = _run("audit", str(EXAMPLES / "overlapping.toml"), "--format", "json")
    assert done.returncode == 1, done.stderr
    (scheme,) = json.loads(done.stdout)["schemes"]
    found: dict[str, Any] = scheme["categorization"]
    return found


@pytest.mark.parametrize("kind", ["gap", "overlap"])
def test_the_json_spec_of_a_gap_or_overlap_is_checked_to_its_claimed_value(
    overlapping: dict[str, Any], kind: str, tmp_path: Path
) -> None:
    found = overlapping[f"{kind}_scenario"]
    assert found["minimal"] is True
    expected = "unlabelled" if kind == "gap" else "+".join(overlapping["overlap_labels"])
    assert found["value"] == expected
    (verdict,) = _check(found["spec"], tmp_path, kind)
    assert verdict["scheme"] == "feedback-or-departure"
    assert (verdict["status"], verdict["labels"]) == ("forced", [expected])
    # Folded: fewer facts than the world the solver gave, and every one of them a fact of that world.
    world = overlapping[kind]
    assert 0 < len(found["facts"]) < len(world)


@pytest.mark.parametrize(
    "taxonomy", ["overlapping.toml", "seed_vocabulary.toml", "specification_robustness_assurance.toml"]
)
def test_the_verbose_text_writes_each_finding_as_a_spec_check_reproduces(taxonomy: str, tmp_path: Path) -> None:
    done = _run("audit", str(EXAMPLES / taxonomy), "--verbose")
    assert done.returncode == 1, done.stderr
    blocks = list(BLOCK.finditer(done.stdout))
    assert blocks
    for i, block in enumerate(blocks):
        claim = re.search(r"every world of scenario '(\w+)' is (\S+) \(", block["spec"])
        assert claim is not None, block["spec"]
        (verdict,) = _check(block["spec"], tmp_path, f"finding{i}")
        assert (verdict["status"], verdict["labels"]) == ("forced", [claim[2]])


@pytest.mark.parametrize("taxonomy", ["overlapping.toml", "specification_robustness_assurance.toml"])
def test_no_stated_fact_of_a_gap_or_overlap_can_be_dropped(taxonomy: str, tmp_path: Path) -> None:
    """Checked by enumeration, not by the solver that shrank it: the facts force the value, and dropping any
    one of them lets some world of the scenario get another value."""
    done = _run("audit", str(EXAMPLES / taxonomy), "--format", "json")
    found = json.loads(done.stdout)["schemes"][0]["categorization"]
    shrunk = [found[k] for k in ("gap_scenario", "overlap_scenario") if found[k] is not None]
    assert shrunk
    for i, one in enumerate(shrunk):
        (tmp_path / f"{i}.toml").write_text(one["spec"], encoding="utf-8")
        spec = ml.load_spec(tmp_path / f"{i}.toml")
        (scenario,) = spec.scenarios
        (scheme,) = spec.own_schemes
        value = Label(one["value"])
        assert brute_forces(scenario, scheme, value)
        facts = [c.text for c in scenario.constraints]
        assert facts == one["facts"]
        for k in range(len(facts)):
            fewer = ml.Scenario.from_strings(scenario.story, "fewer", facts[:k] + facts[k + 1 :])
            assert not brute_forces(fewer, scheme, value), f"{facts[k]} can be dropped"


def test_a_distinction_is_one_line_and_its_verbose_spec_reproduces_both_verdicts(tmp_path: Path) -> None:
    args = ("audit", str(ROOT / "tests" / "data" / "seed_schemes.toml"), "--compare", "my-deception", "root-cause")
    short, verbose = _run(*args), _run(*args, "--verbose")
    line = next(x for x in short.stdout.splitlines() if x.startswith("my-deception vs root-cause"))
    said = re.search(r"they differ \((.+) vs (.+)\) in story", line)
    assert said is not None
    assert "[story]" not in short.stdout
    (block,) = [b for b in BLOCK.finditer(verbose.stdout) if b["what"].startswith("where my-deception and root-cause")]
    by_scheme = {v["scheme"]: f"{v['status']} {' '.join(v['labels'])}" for v in _check(block["spec"], tmp_path, "d")}
    assert (by_scheme["my-deception"], by_scheme["root-cause"]) == (said[1], said[2])


def test_the_text_is_one_line_per_finding_naming_each_expectations_spec_and_scenario() -> None:
    done = _run("audit", "examples/taxonomies/overlapping.toml")
    lines = done.stdout.splitlines()
    assert [x.split(" (")[0].strip() for x in lines if x.startswith(("  gap", "  overlap"))] == ["overlap", "gap"]
    expectations = [x for x in lines if x.startswith("  expect")]
    assert expectations == [
        "  expect ok   specs/coastrunners.toml, scenario coastrunners: outer certain (the seed's clean case): "
        "forced outer",
        "  expect ok   specs/coinrun.toml, scenario coinrun: inner certain (the seed's clean case): forced inner",
        "  expect ok   specs/coastrunners.toml, scenario coastrunners: outer certain "
        "(examples/taxonomies/overlapping.toml:10): forced outer",
    ]
    (quiz,) = [x for x in lines if x.startswith("  pop quiz")]
    assert quiz.startswith("  pop quiz (specs/pop_quiz.toml): scenario-1 ")
    assert len(quiz) <= 200
    assert "[story]" not in done.stdout


def test_a_long_pop_quiz_answer_is_cut_in_the_text_and_whole_with_verbose(tmp_path: Path) -> None:
    many = tmp_path / "many.toml"
    labels = [f"label{i}" for i in range(12)]
    many.write_text(
        "[scheme.many]\nlabels = [" + ", ".join(f'"{x}"' for x in ["outer", "inner", *labels]) + "]\n"
        'outer = "false"\ninner = "false"\n' + "".join(f'{x} = "true"\n' for x in labels),
        encoding="utf-8",
    )
    short, verbose = _run("audit", str(many)), _run("audit", str(many), "--verbose")
    assert short.returncode == verbose.returncode == 1, short.stderr
    (quiz,) = [x for x in short.stdout.splitlines() if x.startswith("  pop quiz")]
    assert len(quiz) <= 200
    assert "…" in quiz
    (whole,) = [x for x in verbose.stdout.splitlines() if x.startswith("  pop quiz")]
    assert "label9" in whole


def test_a_name_with_control_characters_stays_on_its_line(tmp_path: Path) -> None:
    # An escape sequence, and a line feed that would start a line reading like a finding of its own.
    home = tmp_path / "evil\x1b[31m\n  expect ok   dir"
    home.mkdir()
    (home / "coinrun.toml").write_text((ROOT / "specs" / "coinrun.toml").read_text(encoding="utf-8"), encoding="utf-8")
    taxonomy = home / "t.toml"
    taxonomy.write_text(
        (EXAMPLES / "overlapping.toml")
        .read_text(encoding="utf-8")
        .replace("../../specs/coastrunners", "coinrun")
        .replace('scenario = "coastrunners"', 'scenario = "coinrun"'),
        encoding="utf-8",
    )
    done = _run("audit", str(taxonomy), cwd=tmp_path)
    assert "\x1b" not in done.stdout
    assert "evil\\u001b[31m\\u000a  expect ok   dir/coinrun.toml, scenario coinrun" in done.stdout
    assert not [x for x in done.stdout.splitlines() if x.startswith("  expect ok   dir")]
