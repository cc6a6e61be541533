"""The JSON output contract: ``--version``, ``format_version`` in every document, and the shipped schemas.

Every JSON document the command prints (run as a user runs it, in a fresh process) is validated against the
schema the installed package ships, and each schema's key set is fingerprinted per format version, so that
changing a key without bumping :data:`FORMAT_VERSION` fails here.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from misalign_logic.cli.json_output import FORMAT_VERSION, SCHEMAS, schema
from tests.conftest import SPECS

ROOT = SPECS.parent
CORPUS = ROOT / "corpus"
TAXONOMIES = ROOT / "examples" / "taxonomies"

#: Per format version, per schema, the fingerprint of its key set (see _fingerprint). A change to a schema's
#: keys is a new format version: bump FORMAT_VERSION and add a new entry; never edit a released one.
FINGERPRINTS: dict[str, dict[str, str]] = {
    "1": {
        "check": "d5d2b46e84eeede9",
        "judge": "0b89ebed272250e3",
        "audit": "97a0769584f480da",
        "atlas": "8fb6fbbe421252f1",
        "explain": "a125c7f818abd367",
        "worlds": "c770879270784cf1",
        "ask": "322cf7a371e89bc1",
    },
    "2": {
        "check": "48d7e2faf9fe1fba",
        "judge": "988e1805a06ad1d2",
        "audit": "55fa5ae018c2f1fe",
        "atlas": "8c10701d83261d40",
        "explain": "38cf64db5de15e37",
        "worlds": "3345159d6f90ffbf",
        "ask": "b2f5bc033444bc08",
    },
}


def _keys(node: Any, path: str, out: set[str]) -> None:
    """Every property path a schema names, marked required or optional, with the types it allows."""
    if isinstance(node, dict):
        required = set(node.get("required", ()))
        for name, sub in (node.get("properties") or {}).items():
            out.add(f"{path}.{name}{'!' if name in required else '?'}")
            _keys(sub, f"{path}.{name}", out)
        if "type" in node:
            out.add(f"{path}:{json.dumps(node['type'])}")
        if "const" in node:
            out.add(f"{path}={json.dumps(node['const'])}")
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                _keys(node[key], f"{path}[{key}]", out)
        for i, alt in enumerate(node.get("anyOf", ())):
            _keys(alt, f"{path}|{i}", out)
        if "$ref" in node:
            out.add(f"{path}->{node['$ref']}")
        for name, sub in (node.get("$defs") or {}).items():
            _keys(sub, f"#{name}", out)


def _fingerprint(command: str) -> str:
    found: set[str] = set()
    _keys(schema(command), "", found)
    return hashlib.sha256("\n".join(sorted(found)).encode()).hexdigest()[:16]


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "misalign_logic", *argv]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, cwd=ROOT)


# Each command over the bundled specs and a few corpus stories, as a user runs it.
RUNS: list[tuple[str, tuple[str, ...]]] = [
    ("check", ("check", *(str(p) for p in sorted(SPECS.glob("*.toml"))))),
    ("check", ("check", str(CORPUS / "reward_tampering.toml"), str(CORPUS / "sycophancy.toml"))),
    ("check", ("check", str(CORPUS / "deceptive_alignment.toml"), "--scheme", "all")),
    ("judge", ("judge", str(SPECS / "pop_quiz.toml"))),
    ("explain", ("explain", str(SPECS / "pop_quiz.toml"))),
    ("explain", ("explain", str(CORPUS / "smartvault.toml"))),
    ("atlas", ("atlas", str(SPECS))),
    ("atlas", ("atlas", str(CORPUS / "coinrun.toml"), "--taxonomy", str(TAXONOMIES / "sound.toml"))),
    ("audit", ("audit", str(TAXONOMIES / "overlapping.toml"), "--scope", "1")),
    ("audit", ("audit", "--compare", "objective", "heuristic:deception", "--scope", "1")),
    ("worlds", ("worlds", str(SPECS / "pop_quiz.toml"), "--scenario", "scenario-1", "--scheme", "root-cause")),
    ("worlds", ("worlds", str(SPECS / "coinrun.toml"), "--scenario", "coinrun", "--scheme", "objective", "--count")),
    ("ask", ("ask", str(SPECS / "pop_quiz.toml"), "--scenario", "scenario-1", "--scheme", "root-cause")),
    ("ask", ("ask", str(SPECS / "pop_quiz.toml"), "--scenario", "scenario-2", "--scheme", "heuristic:deception")),
    (
        "ask",
        ("ask", str(SPECS / "pop_quiz.toml"), "--scenario", "scenario-1", "--scheme", "objective", "--rlimit", "1"),
    ),
    (
        "worlds",
        (
            "worlds",
            str(CORPUS / "sycophancy.toml"),
            "--scenario",
            "as-told",
            "--scheme",
            "heuristic:deception",
            "--limit",
            "1",
        ),
    ),
]


@pytest.fixture(scope="module")
def printed() -> list[tuple[str, tuple[str, ...], dict[str, Any]]]:
    out = []
    for command, argv in RUNS:
        done = _cli(*argv, "--format", "json")
        assert done.returncode in (0, 1), (argv, done.stderr)
        out.append((command, argv, json.loads(done.stdout)))
    return out


def test_version_comes_from_the_package_metadata() -> None:
    done = _cli("--version")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"misalign-logic {metadata.version('misalign-logic')}\n"


@pytest.mark.parametrize("command", SCHEMAS)
def test_each_schema_is_valid_draft_2020_12_and_names_the_version(command: str) -> None:
    found = schema(command)
    jsonschema.Draft202012Validator.check_schema(found)
    assert found["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert found["properties"]["format_version"] == {
        "const": FORMAT_VERSION,
        "description": "the version of this document's shape",
    }
    assert found["required"][0] == "format_version"


def test_every_printed_document_fits_its_schema(printed: list[tuple[str, tuple[str, ...], dict[str, Any]]]) -> None:
    for command, argv, doc in printed:
        assert next(iter(doc)) == "format_version", argv
        assert doc["format_version"] == FORMAT_VERSION
        jsonschema.Draft202012Validator(schema(command)).validate(doc)


def test_a_renamed_key_does_not_fit(printed: list[tuple[str, tuple[str, ...], dict[str, Any]]]) -> None:
    # The schemas are closed: a key the schema does not name is an error, so a rename cannot slip through.
    _, _, doc = printed[0]
    verdict = doc["scenarios"][0]["verdicts"][0]
    verdict["state"] = verdict.pop("status")
    assert not jsonschema.Draft202012Validator(schema("check")).is_valid(doc)


@pytest.mark.parametrize("command", SCHEMAS)
def test_a_changed_key_set_needs_a_new_format_version(command: str) -> None:
    recorded = FINGERPRINTS.get(FORMAT_VERSION, {})
    assert recorded.get(command) == _fingerprint(command), (
        f"the keys of {command}'s JSON changed: bump FORMAT_VERSION in misalign_logic/cli/json_output.py, "
        f"record FINGERPRINTS[{FORMAT_VERSION!r}][{command!r}] = {_fingerprint(command)!r} as a new version, "
        "and update docs/reference/json.md"
    )


def test_released_versions_have_distinct_key_sets() -> None:
    # A version whose fingerprints equal an older one's would mean a version was bumped for nothing, or an old
    # entry was edited in place to match the new keys.
    seen = [tuple(sorted(v.items())) for v in FINGERPRINTS.values()]
    assert len(seen) == len(set(seen))


def test_the_schemas_ship_in_the_wheel(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here (no build backend?): {built.stderr[-300:]}")
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for command in SCHEMAS:
            assert f"misalign_logic/schema/{command}.json" in names
            shipped = json.loads(archive.read(f"misalign_logic/schema/{command}.json"))
            assert shipped == schema(command)


def test_the_reference_page_names_the_version_and_every_schema() -> None:
    page = (ROOT / "docs" / "reference" / "json.md").read_text()
    assert f'(currently `"{FORMAT_VERSION}"`)' in page
    assert f"| `{FORMAT_VERSION}` |" in page
    for command in SCHEMAS:
        assert f"`schema/{command}.json`" in page
