"""The escaping rules for terminal text: a stream keeps its own layout, a name keeps to one line."""

from __future__ import annotations

import io

import pytest

from misalign_logic.cli.output import Escaped
from misalign_logic.model.escape import escape_controls, one_line
from misalign_logic.testing.file_checks import escaped

# Every kind of character the rules speak of: ESC and the rest of C0, DEL, C1, bidirectional overrides and
# isolates, line and paragraph separators, and the tab and line feed of a text's own layout.
HOSTILE = "a\x1b[31mb\x00c\x07d\x7fe\x9bf\u202eg\u2066h\u200fi\u2028j\tk\nl"


def test_a_stream_escapes_every_control_but_its_layout() -> None:
    assert escape_controls(HOSTILE) == (
        "a\\u001b[31mb\\u0000c\\u0007d\\u007fe\\u009bf\\u202eg\\u2066h\\u200fi\u2028j\tk\nl"
    )


def test_a_name_keeps_to_one_line() -> None:
    assert one_line(HOSTILE) == (
        "a\\u001b[31mb\\u0000c\\u0007d\\u007fe\\u009bf\\u202eg\\u2066h\\u200fi\\u2028j\\u0009k\\u000al"
    )


@pytest.mark.parametrize("write", [escaped, lambda text: _through_the_command_stream(text)])
def test_the_command_and_the_pytest_report_escape_alike(write: object) -> None:
    assert callable(write)
    assert write(HOSTILE) == escape_controls(HOSTILE)


def _through_the_command_stream(text: str) -> str:
    out = io.StringIO()
    Escaped(out, "<stdout>").write(text)
    return out.getvalue()
