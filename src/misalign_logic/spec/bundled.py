"""The specs that come with the library: the seed's clean cases and its pop quiz (specs/ in the repository)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_spec"]


def bundled_spec(name: str) -> Path:
    """The path of bundled spec ``name`` (e.g. ``coinrun.toml``): inside the installed package, or the
    repository's ``specs/`` folder when the package runs from a checkout.

    Raises:
        FileNotFoundError: neither place has it.
    """
    here = Path(__file__).resolve().parent.parent
    for folder in (here / "specs", here.parent.parent / "specs"):
        if (folder / name).is_file():
            return folder / name
    msg = f"the bundled spec {name} is not installed"
    raise FileNotFoundError(msg)
