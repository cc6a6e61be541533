"""The taxonomies from the literature in examples/taxonomies/ audit as their README documents, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples" / "taxonomies"

#: file -> (exit status, categorization holds, overlap labels, a gap found, expectations)
DOCUMENTED = {
    "shah2022.toml": (
        0,
        True,
        [],
        False,
        {
            ("reward-wrong", "forced specification-gaming"),
            ("goal-misgeneralized", "forced goal-misgeneralization"),
            ("clumsy", "forced capability-failure"),
        },
    ),
    "specification_robustness_assurance.toml": (
        1,
        False,
        ["assurance", "specification"],
        False,
        {
            ("raters-liked-flattery", "forced specification"),
            ("good-ratings-visible-failure", "forced robustness"),
            ("hidden-failure", "forced assurance"),
        },
    ),
    "krakovna_specification_gaming.toml": (
        0,
        True,
        [],
        False,
        {("coastrunners", "forced specification-gaming"), ("just-bad", "forced other-failure")},
    ),
    "seed_vocabulary.toml": (
        1,
        False,
        ["data-distribution", "feedback-quality", "knowledge-gap"],
        True,
        {("fooled-reviewer", "forced feedback-quality+knowledge-gap")},
    ),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_a_bundled_taxonomy_audits_as_documented(name: str) -> None:
    code, holds, overlap, gap, expected = DOCUMENTED[name]
    done = subprocess.run(
        [sys.executable, "-m", "misalign_logic", "audit", str(EXAMPLES / name), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == code, done.stderr
    (scheme,) = json.loads(done.stdout)["schemes"]
    c = scheme["categorization"]
    assert (c["holds"], c["overlap_labels"], c["gap"] is not None) == (holds, overlap, gap)
    assert c["scope"]["stories"] == 37
    assert scheme["world_based"] is True
    assert all(e["holds"] for e in scheme["expectations"])
    assert {(e["scenario"], e["verdict"]) for e in scheme["expectations"]} == expected
    assert scheme["pop_quiz"] == {}  # its labels are not outer and inner


def test_each_bundled_taxonomy_cites_its_source_and_is_in_the_readme() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for name in DOCUMENTED:
        assert f"`{name}`" in readme
        head = (EXAMPLES / name).read_text(encoding="utf-8").split("[story]")[0]
        assert head.startswith("#")
        assert "20" in head or "seed" in head


def test_a_taxonomy_file_declaring_its_own_symbol_audits_as_documented() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "misalign_logic", "audit", str(EXAMPLES / "shah2022_declared.toml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("shah2022-declared: OK\n  categorization: holds (36 stories within scope 2")
    assert "world-based: yes" in result.stdout
