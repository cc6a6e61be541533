"""The pre-commit hooks of .pre-commit-hooks.yaml, run the way pre-commit runs them: the hook's entry with the
changed files that match its ``files`` pattern appended, in a git repository."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = (ROOT / "specs" / "coinrun.toml").read_text(encoding="utf-8")
TAXONOMY = """
[scheme.bad-feedback-h]
outer = "exists t in training, a in Action: feedback(t, a) != ideal(t, a)"
inner = "forall t in training, a in Action: feedback(t, a) == ideal(t, a)"

[[expect]]
spec = "stories/coinrun.toml"
scenario = "coinrun"
label = "LABEL"
"""


def _hooks() -> dict[str, dict[str, str]]:
    """Each hook's ``entry`` and ``files``, read from the file pre-commit reads (a list of flat mappings)."""
    hooks: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines():
        found = re.match(r"^(?:- )?\s*(id|entry|files|language):\s*(.*)$", line)
        if found and found[1] == "id":
            current = hooks.setdefault(found[2], {})
        elif found:
            current[found[1]] = found[2]
    return hooks


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def _run_hook(repo: Path, hook: str) -> subprocess.CompletedProcess[str]:
    """pre-commit's way: the staged files matching ``files``, appended to ``entry``, run from the repository."""
    spec = _hooks()[hook]
    changed = [f for f in _git(repo, "diff", "--cached", "--name-only").split() if re.search(spec["files"], f)]
    program, *options = shlex.split(spec["entry"])
    script = shutil.which(program, path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "misalign_logic"]
    return subprocess.run(
        [*command, *options, *changed], cwd=repo, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q")
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "coinrun.toml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "taxonomy.toml").write_text(TAXONOMY.replace("LABEL", "inner"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "stories"\n', encoding="utf-8")
    _git(tmp_path, "add", ".")
    return tmp_path


def test_the_hooks_are_python_hooks_on_toml_files() -> None:
    hooks = _hooks()
    assert set(hooks) == {"misalign-logic-check", "misalign-logic-audit"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert re.search(hook["files"], "a/b.toml")
        assert not re.search(hook["files"], "a/b.py")


def test_check_hook_checks_the_changed_specs_only(repo: Path) -> None:
    run = _run_hook(repo, "misalign-logic-check")
    assert run.returncode == 0, run.stderr
    assert "stories/coinrun.toml: story 'coinrun'" in run.stdout
    assert "taxonomy.toml" not in run.stdout
    assert "pyproject" not in run.stdout + run.stderr


def test_check_hook_stops_a_commit_with_a_bad_spec(repo: Path) -> None:
    bad = SPEC.replace("[[scenario]]", "[[scenario]]\nnmae = 'x'", 1)
    (repo / "stories" / "coinrun.toml").write_text(bad, encoding="utf-8")
    _git(repo, "add", ".")
    run = _run_hook(repo, "misalign-logic-check")
    assert run.returncode == 2
    line = bad.splitlines().index("nmae = 'x'") + 1
    assert f"stories/coinrun.toml:{line}:1: error: unknown key 'nmae'" in run.stderr
    assert "Traceback" not in run.stderr


def test_audit_hook_audits_the_changed_taxonomies_only(repo: Path) -> None:
    run = _run_hook(repo, "misalign-logic-audit")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "bad-feedback-h: OK" in run.stdout
    assert "expect ok   stories/coinrun.toml, scenario coinrun: inner certain (taxonomy.toml:" in run.stdout


def test_audit_hook_stops_a_commit_whose_expectation_fails(repo: Path) -> None:
    (repo / "taxonomy.toml").write_text(TAXONOMY.replace("LABEL", "outer"), encoding="utf-8")
    _git(repo, "add", ".")
    run = _run_hook(repo, "misalign-logic-audit")
    assert run.returncode == 1
    assert "expect FAIL stories/coinrun.toml, scenario coinrun: outer certain (taxonomy.toml:" in run.stdout


def test_hooks_pass_when_no_file_of_their_kind_changed(repo: Path) -> None:
    _git(repo, "rm", "-q", "--cached", "taxonomy.toml", "stories/coinrun.toml")
    for hook in ("misalign-logic-check", "misalign-logic-audit"):
        run = _run_hook(repo, hook)
        assert run.returncode == 0, run.stderr
        assert run.stdout == ""
