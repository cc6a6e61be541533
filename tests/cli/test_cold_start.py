"""What ``misalign-logic check`` loads: run in a fresh interpreter, as a user starts it."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import SPECS

_PROBE = """
import io, json, sys
from misalign_logic.cli import main
code = main(["check", sys.argv[1]], stdout=io.StringIO())
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"hypothesis", "drawsvg"})
print(json.dumps({"code": code, "heavy": heavy}))
"""


def test_check_imports_neither_hypothesis_nor_drawsvg() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(SPECS / "pop_quiz.toml")], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == {"code": 0, "heavy": []}


def test_the_probe_sees_a_heavy_import_when_there_is_one() -> None:
    # The same probe where hypothesis was loaded first: shows the check above can fail.
    probe = _PROBE.replace(
        "from misalign_logic.cli import main", "import hypothesis\nfrom misalign_logic.cli import main"
    )
    path = str(SPECS / "pop_quiz.toml")
    done = subprocess.run([sys.executable, "-c", probe, path], capture_output=True, text=True, check=True)
    assert "hypothesis" in json.loads(done.stdout)["heavy"]
