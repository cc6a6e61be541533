"""``--scheme NAME`` selects a scheme the file itself defines, in every command, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SPEC = """
[story]
name = "toy"
situations = { t1 = "training", d1 = "deployment" }
actions = ["a1", "a2"]
choices = ["c1"]

[[scenario]]
name = "s1"
constraints = ["not ideal(d1, policy(d1))", "feedback(t1, a1) != ideal(t1, a1)"]

[[judgment]]
scenario = "s1"
label = "outer"
strength = "certain"

[scheme.mine]
outer = "exists t in training, a in Action: feedback(t, a) != ideal(t, a)"
inner = "not (exists t in training, a in Action: feedback(t, a) != ideal(t, a))"
"""


def _run(*argv: str | Path) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "misalign_logic", *map(str, argv)], capture_output=True, text=True, check=False
    )
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "toy.toml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def test_check_selects_the_files_own_scheme(spec: Path) -> None:
    code, out, err = _run("check", spec, "--scheme", "mine")
    assert (code, err) == (0, "")
    assert "mine    forced outer" in out
    assert "objective" not in out  # only the scheme asked for


@pytest.mark.parametrize("command", ["explain", "atlas", "audit", "judge"])
def test_every_command_selects_the_files_own_scheme(spec: Path, command: str) -> None:
    code, out, err = _run(command, spec, "--scheme", "mine")
    assert "unknown scheme" not in err
    assert code in (0, 1), err
    assert "mine" in out


def test_report_selects_the_files_own_scheme(spec: Path, tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    code, out, err = _run("report", spec, "--scheme", "mine", "-o", page)
    assert (code, err) == (0, "")
    assert "1 scheme(s)" in out


def test_an_audit_flip_spec_reads_back_with_its_scheme_selected(tmp_path: Path) -> None:
    flips = tmp_path / "flips"
    taxonomy = Path(__file__).resolve().parents[2] / "examples" / "taxonomies" / "reads_the_description.toml"
    code, out, _ = _run("audit", taxonomy, "--format", "json")
    assert code == 1
    (scheme,) = json.loads(out)["schemes"]
    flips.write_text(scheme["flip"]["spec"], encoding="utf-8")
    code, out, err = _run("check", flips, "--scheme", "talks-about-reasons")
    assert (code, err) == (0, "")
    assert "forced outer  forced inner" in out


def test_a_scheme_called_all_is_refused_where_it_is_defined(tmp_path: Path) -> None:
    path = tmp_path / "all.toml"
    path.write_text(SPEC.replace("[scheme.mine]", "[scheme.all]"), encoding="utf-8")
    code, out, err = _run("check", path)
    assert code == 2
    assert out == ""
    assert f"{path}:17:9: error: a scheme cannot be called 'all'" in err
    assert "hint:" in err
    assert "Traceback" not in err


def test_the_api_reads_a_taxonomys_and_a_defined_schemes_names_back(tmp_path: Path) -> None:
    taxonomy = tmp_path / "t.toml"
    taxonomy.write_text(SPEC.split("[scheme.mine]")[1].join(["[scheme.theirs]", ""]), encoding="utf-8")
    script = f"""
import misalign_logic as ml
from misalign_logic.spec.taxonomy import load_taxonomy
load_taxonomy({str(taxonomy)!r})
ml.Scheme.define("defined", outer="fixes_feedback", inner="not fixes_feedback")
print(ml.parse_scheme("theirs").id, ml.parse_scheme("defined").id)
try:
    ml.Scheme.define("all", outer="true", inner="false")
except ml.SpecError as err:
    print("refused:", err)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    first, *rest = done.stdout.splitlines()
    assert first == "theirs defined"
    assert rest[0].startswith("refused:")
    assert "cannot be called 'all'" in rest[0]
