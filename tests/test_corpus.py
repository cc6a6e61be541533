"""The corpus of published failures: every file loads, checks and cites its source; the seed's clean cases
sit where the seed puts them (docs/model.md, "The seed's table": CoastRunners forced outer, CoinRun forced
inner, under every scheme of rows 1–5 and 11, once their stories state what the seed says is clear)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import misalign_logic as ml

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FILES = sorted(CORPUS.glob("*.toml"))
# A citation: "Source(s): <authors>, <year>, "<title>"".
_CITATION = re.compile(r'Sources?: [^"]+?, (19|20)\d\d, "[^"]+"')


def _seed_rows(spec: ml.Spec) -> list[ml.Scheme]:
    """The schemes of the seed's table, rows 1–5 and 11, for this story."""
    return [
        ml.Scheme("objective"),
        *(ml.Scheme("objective", counterfactual=c) for c in spec.story.choices),
        ml.Scheme("generalization", standard="outcomes"),
        ml.Scheme("generalization", standard="reasons"),
        ml.Scheme("root-cause"),
    ]


def test_the_corpus_holds_at_least_twenty_stories_each_citing_its_source() -> None:
    assert len(FILES) >= 20
    for path in FILES:
        # The header comment, its lines joined: a title may wrap.
        header = path.read_text(encoding="utf-8").split("[story]", 1)[0]
        head = " ".join(line.lstrip("# ") for line in header.splitlines())
        assert _CITATION.search(head), f"{path.name}: no 'Source: authors, year, \"title\"' line in its header"
        assert "in our words" in head, f"{path.name}: no account of the source in the header"


def test_every_corpus_file_loads_and_checks_without_the_solver_giving_up() -> None:
    stories = set()
    for path in FILES:
        spec = ml.load_spec(path)
        result = ml.check_spec(spec, explain=False)
        assert result.complete, path.name
        assert not any(v.status is ml.Status.INCONSISTENT for _, vs in result.verdicts for v in vs), path.name
        # The first scenario is the story as told; every other one says more than it (so relate has a refinement
        # to show, and the atlas a row that states what the source left open).
        told = spec.scenarios[0].name
        assert len(spec.scenarios) >= 2, path.name
        refining = {r.a for r in result.relations if r.b == told and r.kind is ml.RelationKind.REFINES}
        assert refining == {s.name for s in spec.scenarios[1:]}, path.name
        stories.add(spec.story.name)
    assert len(stories) == len(FILES)  # no story twice


@pytest.mark.parametrize(("name", "label"), [("coastrunners", ml.Label.OUTER), ("coinrun", ml.Label.INNER)])
def test_the_seeds_clean_cases_once_stated(name: str, label: ml.Label) -> None:
    spec = ml.load_spec(CORPUS / f"{name}.toml")
    stated = spec.scenario("stated")
    for scheme in _seed_rows(spec):
        verdict = ml.classify(stated, scheme, explain=False)
        assert verdict.forced is label, (scheme.id, verdict.summary())


@pytest.mark.parametrize(("name", "label"), [("coastrunners", ml.Label.OUTER), ("coinrun", ml.Label.INNER)])
def test_the_clean_cases_are_stated_as_expectations(name: str, label: ml.Label) -> None:
    """The files' own [[expect]] tables claim what the test above proves (pytest --misalign checks each)."""
    spec = ml.load_spec(CORPUS / f"{name}.toml")
    claimed = {(e.scenario, e.scheme, e.label, e.strength) for e in spec.expectations}
    assert claimed == {("stated", s.id, label, ml.Strength.CERTAIN) for s in _seed_rows(spec)}
