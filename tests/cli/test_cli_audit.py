"""``misalign-logic audit``, run as a user runs it: in a fresh process, on the example taxonomies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import misalign_logic as ml

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples" / "taxonomies"


def _audit(*args: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "misalign_logic", "audit", *args], capture_output=True, text=True, check=False
    )
    return done.returncode, done.stdout, done.stderr


def test_the_sound_taxonomy_is_proved_a_categorization() -> None:
    code, out, _ = _audit(str(EXAMPLES / "sound.toml"), "--format", "json")
    assert code == 0
    (scheme,) = json.loads(out)["schemes"]
    assert scheme["categorization"]["holds"] is True
    assert scheme["categorization"]["scope"]["n"] == 2
    assert scheme["categorization"]["scope"]["stories"] == 36
    assert scheme["world_based"] is True
    assert scheme["flip"] is None
    assert all(e["holds"] for e in scheme["expectations"])
    assert {(e["scenario"], e["label"]) for e in scheme["expectations"]} >= {
        ("coastrunners", "outer"),
        ("coinrun", "inner"),
    }


def test_the_overlapping_taxonomy_gets_an_overlap_and_a_gap_world() -> None:
    code, out, _ = _audit(str(EXAMPLES / "overlapping.toml"), "--format", "json")
    assert code == 1
    (scheme,) = json.loads(out)["schemes"]
    found = scheme["categorization"]
    assert found["holds"] is False
    assert found["overlap"]["ideal(d1, a1)"] is False
    assert found["overlap_labels"] == ["inner", "outer"]
    assert found["gap"] is not None


def test_the_description_reading_taxonomy_gets_a_flip_that_loads(tmp_path: Path) -> None:
    code, out, _ = _audit(str(EXAMPLES / "reads_the_description.toml"), "--format", "json")
    assert code == 1
    (scheme,) = json.loads(out)["schemes"]
    assert scheme["world_based"] is False
    (tmp_path / "flip.toml").write_text(scheme["flip"]["spec"], encoding="utf-8")
    spec = ml.load_spec(tmp_path / "flip.toml")
    base, refined = (ml.classify(s, "talks-about-reasons") for s in spec.scenarios)
    assert not refined.labels <= base.labels


def test_compare_says_equivalent_or_writes_a_distinguishing_spec(tmp_path: Path) -> None:
    data = ROOT / "tests" / "data" / "seed_schemes.toml"
    code, out, _ = _audit(
        str(data),
        "--compare",
        "my-deception",
        "heuristic:deception",
        "--compare",
        "my-deception",
        "root-cause",
        "--format",
        "json",
    )
    assert code == 1  # the deception heuristic calls CoinRun outer
    same, differ = json.loads(out)["comparisons"]
    assert same["equivalent"] is True
    assert same["scenario"] is None
    assert differ["equivalent"] is False
    (tmp_path / "d.toml").write_text(differ["scenario"], encoding="utf-8")
    subprocess.run([sys.executable, "-m", "misalign_logic", "check", str(tmp_path / "d.toml")], check=False)


def test_a_malformed_condition_is_a_located_error_with_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[scheme.bad]\nouter = "true"\ninner = "idael(d, a)"\n', encoding="utf-8")
    code, out, err = _audit(str(bad))
    assert code == 2
    assert not out
    assert f"{bad}:3:10: error: scheme 'bad', condition of inner" in err
    assert "Traceback" not in err


def test_taxonomy_option_adds_schemes_to_check(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "misalign_logic",
            "check",
            str(ROOT / "specs" / "coinrun.toml"),
            "--taxonomy",
            str(EXAMPLES / "sound.toml"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    verdicts = json.loads(done.stdout)["scenarios"][0]["verdicts"]
    mine = next(v for v in verdicts if v["scheme"] == "bad-feedback-is-outer")
    assert mine["status"] == "forced"
    assert mine["labels"] == ["inner"]
