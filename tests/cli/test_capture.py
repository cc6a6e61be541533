"""A story whose names are the schemes' bound variables: a choice called ``s`` is still the choice under
``objective[counterfactual=s]``, whose conditions bind ``s``, in ``check`` and in its probabilities under priors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import SPECS

#: The pop quiz's choices renamed to the objective scheme's variables; its own ``forall s`` renamed apart.
RENAMES = {"usefulness": "s", "merge_probability": "t"}


def _check(spec: Path, *schemes: str) -> dict[str, object]:
    argv = [sys.executable, "-m", "misalign_logic", "check", "--format", "json", str(spec)]
    for scheme in schemes:
        argv += ["--scheme", scheme]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _verdicts(doc: dict[str, object], names: dict[str, str]) -> dict[tuple[str, str], tuple[object, ...]]:
    """Per scenario and scheme (written with the original names): status, labels and probabilities."""
    out = {}
    for scenario in doc["scenarios"]:  # type: ignore[attr-defined]
        for v in scenario["verdicts"]:
            scheme = re.sub(r"=(\w+)\]", lambda m: f"={names.get(m.group(1), m.group(1))}]", v["scheme"])
            out[scenario["name"], scheme] = (v["status"], v["labels"], json.dumps(v["under_priors"]))
    return out


def test_a_choice_named_like_a_bound_variable_keeps_its_verdicts(tmp_path: Path) -> None:
    text = (SPECS / "pop_quiz.toml").read_text()
    text = text.replace(
        "forall s: ideal(s, useful_pr) and not ideal(s,", "forall x: ideal(x, useful_pr) and not ideal(x,"
    )
    for old, new in RENAMES.items():
        text = re.sub(rf"\b{old}\b", new, text)
    renamed = tmp_path / "bound_names.toml"
    renamed.write_text(text)
    schemes = ["objective", *(f"objective[counterfactual={c}]" for c in RENAMES)]
    original = _verdicts(_check(SPECS / "pop_quiz.toml", *schemes), {})
    back = {new: old for old, new in RENAMES.items()}
    got = _verdicts(
        _check(renamed, *(re.sub(r"=(\w+)\]", lambda m: f"={RENAMES[m.group(1)]}]", s) for s in schemes)), back
    )
    assert got == original
    assert got["scenario-1", "objective[counterfactual=usefulness]"][:2] == ("forced", ["inner"])
    assert got["scenario-1", "objective[counterfactual=merge_probability]"][:2] == ("forced", ["outer"])
    assert all(p != "null" for _, _, p in got.values())  # the probability step ran on every verdict
