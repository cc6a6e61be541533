"""The atlas: its cells are check_many's verdicts, its figures count them, and any executor gives the same atlas."""

from __future__ import annotations

import concurrent.futures
import json
import subprocess
import sys
from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.model.schemes import Label
from misalign_logic.model.verdicts import Status
from misalign_logic.solve.atlas import Atlas, Cell, Column, Row, atlas, atlas_schemes, figures

CORPUS = Path(__file__).resolve().parent.parent.parent / "corpus"
# A few stories, not the whole corpus: a spec-gaming case, a goal-misgeneralization case, and two thought
# experiments where the schemes disagree.
FEW = [CORPUS / f"{n}.toml" for n in ("coastrunners", "coinrun", "smartvault", "deceptive_alignment")]


@pytest.fixture(scope="module")
def specs() -> list[ml.Spec]:
    return [ml.load_spec(f) for f in FEW]


@pytest.fixture(scope="module")
def serial(specs: list[ml.Spec]) -> Atlas:
    return atlas(specs)


def _row(*cells: Cell, told: bool = True) -> Row:
    return Row("x.toml", "x", "s", told, cells)


FORCED_OUTER = Cell(Status.FORCED, frozenset({Label.OUTER}))
FORCED_INNER = Cell(Status.FORCED, frozenset({Label.INNER}))
AMBIGUOUS = Cell(Status.AMBIGUOUS, frozenset({Label.OUTER, Label.INNER}))


def test_figures_count_rows_over_world_based_columns_only() -> None:
    columns = (Column("a", True), Column("b", True), Column("words", False))
    rows = [
        _row(FORCED_OUTER, FORCED_OUTER, FORCED_INNER),  # clean: the description-based column does not count
        _row(FORCED_OUTER, FORCED_INNER, FORCED_OUTER),  # conflicting
        _row(AMBIGUOUS, FORCED_INNER, FORCED_INNER),  # ambiguous
        _row(FORCED_INNER, Cell(None), FORCED_INNER),  # clean: a scheme that does not apply is left out
        _row(Cell(Status.UNKNOWN), FORCED_INNER, FORCED_INNER),  # undecided, and not clean
    ]
    got = figures(columns, rows)
    assert (got.rows, got.same_forced, got.ambiguous, got.conflicting, got.undecided) == (5, 2, 1, 1, 1)
    assert [(s.scheme, s.forced, s.applicable) for s in got.shares] == [("a", 3, 5), ("b", 4, 4), ("words", 5, 5)]


def test_cells_are_the_verdicts_check_gives(specs: list[ml.Spec], serial: Atlas) -> None:
    schemes = atlas_schemes(specs)
    assert [c.id for c in serial.columns] == [s.id for s in schemes]
    assert "objective[counterfactual=score]" not in [c.id for c in serial.columns]  # one story's choice
    rows = iter(serial.rows)
    for spec in specs:
        for k, scenario in enumerate(spec.scenarios):
            row = next(rows)
            assert (row.story, row.scenario, row.told) == (spec.story.name, scenario.name, k == 0)
            # The atlas skips the explanations; the verdicts with them (another path) give the same labels.
            analysis = ml.Analysis(scenario)
            for cell, scheme in zip(row.cells, schemes, strict=True):
                verdict = analysis.classify(scheme)
                assert (cell.status, cell.labels) == (verdict.status, verdict.labels)
    assert next(rows, None) is None


def test_refinements_and_flips_are_check_s(specs: list[ml.Spec], serial: Atlas) -> None:
    results = [ml.check_spec(s) for s in specs]
    refining = (ml.RelationKind.REFINES, ml.RelationKind.REFINED_BY)
    assert serial.refinements == sum(1 for r in results for rel in r.relations if rel.kind in refining) > 0
    assert serial.flips == tuple((r.story, f) for r in results for f in r.flips)
    # Only the description-based heuristic can flip; the deceptive-alignment story mentions reasons from the
    # start, so it has none.
    assert {f.scheme for _, f in serial.flips} == {"heuristic:training-vs-model"}
    assert "deceptive-alignment" not in {story for story, _ in serial.flips}


def test_headline_figures_on_a_few_stories(serial: Atlas) -> None:
    # As told, each of the four leaves the root cause open, so none is clean; the thought experiments get
    # different forced labels from different generalization standards.
    assert (serial.stories, serial.told.rows) == (4, 4)
    assert (serial.told.same_forced, serial.told.ambiguous, serial.told.conflicting) == (0, 4, 2)
    by_row = {(r.story, r.scenario): r for r in serial.rows}
    clean = by_row["coastrunners", "stated"]
    world = [c for c, col in zip(clean.cells, serial.columns, strict=True) if col.world_based]
    assert {c.summary() for c in world} == {"outer"}
    assert serial.every.same_forced >= 1
    assert serial.complete


def test_a_scheme_for_one_storys_choice_is_n_a_for_the_others(specs: list[ml.Spec]) -> None:
    scheme = ml.parse_scheme("objective[counterfactual=diamond_safe]")
    result = atlas(specs, [scheme])
    status = {r.story: r.cells[0].summary() for r in result.rows if r.told}
    assert status == {"coastrunners": "n/a", "coinrun": "n/a", "smartvault": "inner", "deceptive-alignment": "n/a"}
    assert result.told.shares[0].applicable == 1


def test_a_scheme_that_applies_to_no_story_is_an_error(specs: list[ml.Spec]) -> None:
    with pytest.raises(ml.SpecError, match="none of the stories declares the choice 'nowhere'"):
        atlas(specs, [ml.parse_scheme("objective[counterfactual=nowhere]")])


def test_any_executor_gives_the_serial_atlas(specs: list[ml.Spec], serial: Atlas) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        assert atlas(specs, executor=pool) == serial


def test_a_dask_cluster_gives_the_serial_atlas(specs: list[ml.Spec], serial: Atlas) -> None:
    # Dask is in the test extra: a missing install fails here rather than skipping.
    from dask import distributed

    # A real cluster: a scheduler and two worker processes, each task pickled to a worker and back.
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        on_cluster = atlas(specs, executor=client.get_executor())
    assert on_cluster == serial
    assert on_cluster.to_dict() == serial.to_dict()


def test_a_taxonomy_gets_its_own_column_in_a_fresh_process() -> None:
    """``atlas --taxonomy FILE`` adds the file's schemes as columns, also when workers classify (``--jobs 2``).

    The sound example taxonomy is the outcomes-based generalization scheme in a user's words, so its column
    must equal the built-in ``generalization[standard=outcomes]`` column on every row.
    """
    taxonomy = CORPUS.parent / "examples" / "taxonomies" / "sound.toml"
    command = [sys.executable, "-m", "misalign_logic", "atlas", *map(str, FEW), "--taxonomy", str(taxonomy)]
    run = subprocess.run([*command, "--jobs", "2", "--format", "json"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    ids = [c["id"] for c in doc["columns"]]
    assert ids[-1] == "bad-feedback-is-outer"
    mine, builtin = ids.index("bad-feedback-is-outer"), ids.index("generalization[standard=outcomes]")
    assert doc["rows"]
    for row in doc["rows"]:
        assert row["cells"][mine] == row["cells"][builtin], row
