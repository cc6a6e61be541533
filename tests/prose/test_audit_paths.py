"""How the audit's text names a spec file: as the user would write it, wherever the package is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from misalign_logic.prose.audit import shown_path
from misalign_logic.spec.bundled import bundled_spec


def test_a_bundled_spec_is_named_specs_slash_its_name_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the package's own folder is not under the working directory
    assert shown_path(str(bundled_spec("coinrun.toml"))) == "specs/coinrun.toml"


def test_a_bundled_spec_under_the_working_directory_is_named_specs_slash_its_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A virtual environment inside a checkout puts the installed package under the working directory.
    bundled = bundled_spec("coinrun.toml")
    monkeypatch.chdir(bundled.parents[2])
    assert shown_path(str(bundled)) == "specs/coinrun.toml"


def test_a_file_under_the_working_directory_is_named_relative_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "coinrun.toml").write_text("")  # named like a bundled spec, but the user's own
    monkeypatch.chdir(tmp_path)
    assert shown_path(str(tmp_path / "mine" / "coinrun.toml")) == "mine/coinrun.toml"


def test_another_file_elsewhere_is_named_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "elsewhere" / "coinrun.toml"
    other.parent.mkdir()
    other.write_text("")
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    assert shown_path(str(other)) == str(other)
    assert shown_path("") == "?"
