"""The command's JSON output contract: every JSON document it prints carries ``format_version``.

The schemas of the documents ship in the package (``misalign_logic/schema/<command>.json``, JSON Schema
draft 2020-12) and are published in ``docs/reference/json.md``. A change to any key of a document is a new
format version: the schemas change with it, and the test suite records a fingerprint of each schema's keys
per version, so a key cannot change while the version stays.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["FORMAT_VERSION", "SCHEMAS", "json_text", "schema"]

#: The version of the JSON documents' shape; bumped whenever a key is added, removed or renamed.
FORMAT_VERSION = "2"

#: The commands whose JSON output has a schema shipped in the package.
SCHEMAS = ("check", "judge", "audit", "atlas", "explain", "worlds", "ask")


def json_text(doc: dict[str, Any], *, ensure_ascii: bool = True) -> str:
    """``doc`` as the command prints it: ``format_version`` first, indented, with a final new line."""
    return json.dumps({"format_version": FORMAT_VERSION, **doc}, indent=2, ensure_ascii=ensure_ascii) + "\n"


def schema(command: str) -> dict[str, Any]:
    """The JSON Schema of ``command``'s JSON output, as shipped in the package."""
    if command not in SCHEMAS:
        msg = f"no JSON schema for {command!r}; there is one for each of {', '.join(SCHEMAS)}"
        raise ValueError(msg)
    text = resources.files("misalign_logic").joinpath("schema", f"{command}.json").read_text(encoding="utf-8")
    found: dict[str, Any] = json.loads(text)
    return found
