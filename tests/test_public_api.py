"""The public modules' ``__all__`` lists exactly the names they define for users, checked in a fresh interpreter
(as a user imports them), so a name added to the package but not to ``__all__`` (or the reverse) fails here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Each public module; its public names are every attribute not starting with "_" that is not a module, and
#: the names it lists in __all__ must be those (``__version__`` is listed too).
PUBLIC = ("misalign_logic", "misalign_logic.strategies", "misalign_logic.testing")

_PROBE = """
import importlib, json, sys, types
module = importlib.import_module(sys.argv[1])
names = sorted(
    n for n, v in vars(module).items()
    if not n.startswith("_") and not isinstance(v, types.ModuleType) and n != "annotations"
)
missing = [n for n in module.__all__ if not hasattr(module, n)]
print(json.dumps({"all": list(module.__all__), "public": names, "missing": missing}))
"""


@pytest.mark.parametrize("name", PUBLIC)
def test_all_lists_the_public_names(name: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, name], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["missing"] == []
    assert sorted(set(found["all"]) - {"__version__"}) == found["public"]
    assert len(found["all"]) == len(set(found["all"]))


def test_former_names_still_work() -> None:
    """Renamed public names stay importable under their former names, as the same objects."""
    import misalign_logic as ml
    from misalign_logic.solve import coherence

    assert ml.Conflict is ml.Incoherence is coherence.Conflict is coherence.Incoherence
