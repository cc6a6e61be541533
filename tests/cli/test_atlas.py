"""``misalign-logic atlas``, run as a user runs it: in a fresh process, on files and directories."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from misalign_logic.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = ROOT / "corpus"


def atlas(*argv: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "misalign_logic", "atlas", *map(str, argv)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def test_json_on_two_stories() -> None:
    done = atlas(CORPUS / "coastrunners.toml", CORPUS / "coinrun.toml", "--format", "json")
    assert (done.returncode, done.stderr) == (0, "")
    doc = json.loads(done.stdout)
    ids = [c["id"] for c in doc["columns"]]
    assert ids[0] == "objective"
    assert "heuristic:training-vs-model" in ids
    told = [r for r in doc["rows"] if r["told"]]
    assert [(r["story"], r["scenario"]) for r in told] == [("coastrunners", "as-told"), ("coinrun", "as-told")]
    stated = {r["story"]: r["cells"] for r in doc["rows"] if r["scenario"] == "stated"}
    objective = ids.index("objective")
    assert stated["coastrunners"][objective] == {"status": "forced", "labels": ["outer"]}
    assert stated["coinrun"][objective] == {"status": "forced", "labels": ["inner"]}
    assert doc["figures"]["told"]["rows"] == 2
    assert doc["figures"]["every"]["rows"] == len(doc["rows"]) == 7


def test_text_on_a_directory_with_schemes_named(tmp_path: Path) -> None:
    for name in ("coinrun.toml", "maze_cheese.toml"):
        (tmp_path / name).write_bytes((CORPUS / name).read_bytes())
    (tmp_path / "notes.md").write_text("not a spec")  # only *.toml files are stories
    done = atlas(tmp_path, "--scheme", "objective", "--scheme", "generalization[standard=reasons]", "--jobs", "2")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("atlas of 2 stories, 6 scenarios, 2 schemes\n")
    lines = done.stdout.splitlines()
    assert any(line.split() == ["coinrun", "*", "as-told", "inner", "{inner,", "outer}"] for line in lines)
    assert any(line.split() == ["stated", "inner", "inner"] for line in lines)
    assert "forced to one label under every world-based scheme" in done.stdout


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["atlas", *map(str, argv)], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_bad_paths_and_schemes_exit_2_without_a_traceback(tmp_path: Path) -> None:
    code, out, err = run(tmp_path / "nowhere")
    assert (code, out) == (2, "")
    assert err == f"misalign-logic: error: {tmp_path / 'nowhere'}: no such file or directory\n"
    code, _, err = run(tmp_path)
    assert code == 2
    assert "holds no spec file" in err
    code, _, err = run(CORPUS / "coinrun.toml", "--scheme", "objective[counterfactual=score]")
    assert code == 2
    assert "none of the stories declares the choice 'score'" in err
    bad = tmp_path / "bad.toml"
    bad.write_text("[story\n")
    code, out, err = run(CORPUS / "coinrun.toml", bad)
    assert (code, out) == (2, "")
    assert err.startswith(f"{bad}:1:")
    code, _, err = run(CORPUS / "coinrun.toml", "--jobs", "0")
    assert code == 2
    assert "expected a positive number of worker processes" in err


def test_a_solver_that_gives_up_makes_unknown_cells_and_exit_1() -> None:
    code, out, err = run(CORPUS / "coinrun.toml", "--rlimit", "50", "--format", "json")
    assert (code, err) == (1, "")
    doc = json.loads(out)
    assert {c["status"] for r in doc["rows"] for c in r["cells"]} == {"unknown"}
    told = doc["figures"]["told"]
    assert (told["same_forced"], told["ambiguous"], told["conflicting"], told["undecided"]) == (0, 0, 0, 1)
    assert all(share["forced"] == 0 for share in told["shares"])
