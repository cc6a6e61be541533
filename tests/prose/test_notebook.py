"""The example notebook runs top to bottom and shows rich output (skipped when no Jupyter kernel can start)."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def test_the_notebook_is_committed_without_outputs() -> None:
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(EXAMPLES / "pop_quiz.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)


def test_the_notebook_runs_and_displays_verdicts_and_the_diagram() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(EXAMPLES / "pop_quiz.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}}
    )
    from jupyter_client.kernelspec import NoSuchKernel

    try:
        client.execute()
    except (NoSuchKernel, RuntimeError, OSError, TimeoutError) as err:
        # A failing cell raises CellExecutionError, which is none of these: it fails the test.
        pytest.skip(f"no Jupyter kernel could start: {type(err).__name__}: {err}")
    html = [
        o["data"]["text/html"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "text/html" in o.get("data", {})
    ]
    joined = "\n".join(html)
    assert "scenario-2 refines scenario-1" in joined
    assert "whether it did so in order to deceive its overseers" in joined
    assert "INCOHERENT" in joined  # the majority's answers, judged
    assert "P(outer) = 0.99, P(inner) = 0.01" in joined  # the prior's numbers
    assert "<svg" in joined
    assert "⚠ flip" in joined
    assert "heuristic:training-vs-model" in str(nb.cells[-1].outputs[0]["data"]["text/plain"])
