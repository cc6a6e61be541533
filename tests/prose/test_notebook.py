"""The example notebook runs top to bottom and shows rich output.

Skipped only when no Jupyter kernel can start. Once a kernel is up, a failing cell, a kernel that dies or a
cell that hangs past the timeout fails the test; the last two are planted below to show they do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")


def run_notebook(nb: Any, timeout: int = 120) -> None:
    """Execute ``nb`` in a fresh python3 kernel; skip the calling test only if the kernel cannot start."""
    from jupyter_client.kernelspec import NoSuchKernel

    client = nbclient.NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}}
    )
    client.km = client.create_kernel_manager()
    try:
        client.start_new_kernel()
        client.start_new_kernel_client()  # waits until the kernel answers
    except (NoSuchKernel, RuntimeError, OSError, TimeoutError) as err:
        pytest.skip(f"no Jupyter kernel could start: {type(err).__name__}: {err}")
    # The kernel is up. From here every error propagates: CellExecutionError, DeadKernelError, CellTimeoutError.
    client.execute()


@pytest.fixture(scope="module")
def kernel() -> None:
    """Skips when no kernel can start: the only reason to skip the tests that use it."""
    run_notebook(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]))


def test_the_notebook_is_committed_without_outputs() -> None:
    nb = nbformat.read(EXAMPLES / "pop_quiz.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)


def test_the_notebook_runs_and_displays_verdicts_and_the_diagram() -> None:
    nb = nbformat.read(EXAMPLES / "pop_quiz.ipynb", as_version=4)
    run_notebook(nb)
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


@pytest.mark.parametrize(
    ("source", "error"),
    [("import os\nos._exit(1)", "DeadKernelError"), ("import time\ntime.sleep(60)", "CellTimeoutError")],
)
def test_a_dying_kernel_or_a_hung_cell_fails_rather_than_skips(kernel: None, source: str, error: str) -> None:
    crash = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])

    def run_without_skipping() -> None:
        try:
            run_notebook(crash, timeout=2)
        except pytest.skip.Exception as skipped:
            pytest.fail(f"a started kernel's {error} was turned into a skip: {skipped}")

    with pytest.raises(getattr(nbclient.exceptions, error)):
        run_without_skipping()
