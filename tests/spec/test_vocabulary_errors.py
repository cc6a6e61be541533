"""Bad declarations of the user's own vocabulary, and bad amounts: located errors with hints, exit 2, no traceback.

Each case is a spec with one mistake, run through the command line in a fresh interpreter, as a user runs it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAD = """\
[story]
actions = ["hit_targets", "finish"]
choices = ["score"]

[story.situations]
train = "training"
race = "deployment"
"""

SORTS = """
[story.sorts]
Skill = ["navigation", "goal_pursuit"]
"""

FACTS = """
[story.facts]
points = { kind = "world", args = ["Situation", "Action"], range = [0, 100] }
knows = { kind = "cognition", args = ["Situation", "Skill"] }
"""


GOOD = HEAD + SORTS + FACTS


def _scenario(*constraints: str) -> str:
    quoted = ", ".join(f'"{c}"' for c in constraints)
    return f'\n[[scenario]]\nname = "s"\nconstraints = [{quoted}]\n'


CASES = [
    # (what, spec text, the message's words, text on the line the error names)
    (
        "an undeclared symbol",
        HEAD + SORTS + FACTS + _scenario("score_of(race) > 1"),
        "unknown function 'score_of'",
        "constraints",
    ),
    (
        "a wrong arity",
        HEAD + SORTS + FACTS + _scenario("points(race) > 1"),
        "points takes 2 argument(s), got 1",
        "constraints",
    ),
    (
        "an argument of the wrong sort",
        HEAD + SORTS + FACTS + _scenario("knows(race, finish)"),
        "argument 'finish' of knows is an action, expected a value of sort Skill",
        "constraints",
    ),
    (
        "a user sort named like a built-in sort",
        HEAD + '\n[story.sorts]\nAction = ["a"]\n',
        "'Action' cannot name a sort",
        "Action =",
    ),
    (
        "a user sort named like a constant",
        HEAD + '\n[story.sorts]\nrace = ["a"]\n',
        "'race' names both a situation and a sort",
        "race = [",
    ),
    (
        "an empty range",
        HEAD + '\n[story.facts]\npoints = { kind = "world", range = [5, 1] }\n',
        "the range of 'points' is empty: [5, 1]",
        "range =",
    ),
    (
        "a range beyond the limit",
        HEAD + '\n[story.facts]\npoints = { kind = "world", range = [0, 2000000] }\n',
        "the range of 'points' reaches beyond ±1000000",
        "range =",
    ),
    (
        "a range too wide",
        HEAD + '\n[story.facts]\npoints = { kind = "world", range = [0, 20000] }\n',
        "the range of 'points' holds 20001 values; the limit is 10001",
        "range =",
    ),
    (
        "an argument of an undeclared sort",
        HEAD + '\n[story.facts]\nknows = { kind = "cognition", args = ["Skil"] }\n',
        "fact 'knows' takes an argument of unknown sort 'Skil'",
        "Skil",
    ),
    (
        "an amount compared with a boolean",
        HEAD + SORTS + FACTS + _scenario("points(race, finish) > knows(race, navigation)"),
        "cannot compare an amount with a true/false statement",
        "constraints",
    ),
    (
        "an amount compared with a situation",
        HEAD + SORTS + FACTS + _scenario("points(race, finish) == race"),
        "cannot compare an amount with a situation",
        "constraints",
    ),
    (
        "an order on actions",
        HEAD + SORTS + FACTS + _scenario("policy(race) < finish"),
        "< compares amounts",
        "constraints",
    ),
    (
        "a product of two amounts",
        HEAD + SORTS + FACTS + _scenario("points(race, finish) * points(train, finish) > 1"),
        "cannot multiply two amounts: the language is linear",
        "constraints",
    ),
    (
        "a literal times a literal beyond the limit",
        HEAD + SORTS + FACTS + _scenario("points(race, finish) > 1000000 * 10000000"),
        "the number 10000000000000 is beyond ±10^12",
        "constraints",
    ),
    (
        "a sum of booleans",
        HEAD + SORTS + FACTS + _scenario("sum(k in Skill: knows(race, k)) > 1"),
        "sum works on amounts",
        "constraints",
    ),
    (
        "a sum over too many instances",
        HEAD.replace('race = "deployment"', "\n".join(f's{i} = "deployment"' for i in range(400)))
        + '\n[story.facts]\npoints = { kind = "world", args = ["Situation"], range = [0, 1] }\n'
        + _scenario("sum(x, y, z: points(x) + points(y) - points(z)) > 1"),
        "the quantifiers expand to",
        "constraints",
    ),
    (
        "a sum of too many terms",
        HEAD.replace('race = "deployment"', "\n".join(f's{i} = "deployment"' for i in range(60)))
        + '\n[story.facts]\npoints = { kind = "world", args = ["Situation", "Action"], range = [0, 1] }\n'
        + _scenario("sum(x, y, a: points(x, a) + points(y, a)) > 1"),
        "the sum adds up 7442 terms; the limit is 5000",
        "constraints",
    ),
    (
        "a symbol with too many ground terms",
        HEAD.replace('race = "deployment"', "\n".join(f's{i} = "deployment"' for i in range(400)))
        + '\n[story.facts]\nknows = { kind = "cognition", args = ["Situation", "Situation"] }\n',
        "fact 'knows' has 160801 ground terms; the limit is 40000",
        "knows =",
    ),
]


@pytest.mark.parametrize(("what", "text", "words", "marker"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_declaration_or_amount_is_a_located_error(
    tmp_path: Path, what: str, text: str, words: str, marker: str
) -> None:
    spec = tmp_path / "bad.toml"
    spec.write_text(text)
    done = subprocess.run(
        [sys.executable, "-m", "misalign_logic", "check", str(spec)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, (what, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert words in done.stderr, done.stderr
    line = next(i for i, t in enumerate(text.splitlines(), 1) if marker in t)
    assert f"bad.toml:{line}:" in done.stderr, done.stderr
    assert "hint:" in done.stderr or "error:" in done.stderr
