"""The error catalogue of specs/README.md: every way a spec can be wrong, each with its message and location.

Each case edits one line of a valid spec (``GOOD``) and checks the error's message, line, column and hint.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.cli import main
from misalign_logic.spec.limits import MAX_ACTIONS, MAX_CHOICES, MAX_SCENARIOS, MAX_SITUATIONS, MAX_SPEC_BYTES

GOOD = """\
[story]
actions = ["useful_pr", "print_pr"]
choices = ["usefulness", "merge_probability"]

[story.situations]
review = "training"
farm = "deployment"

[[scenario]]
name = "one"
constraints = ["policy(farm) == print_pr"]

[[scenario]]
name = "two"
extends = "one"
constraints = ["reason(review) == deceptive"]
"""


def problems(text: str) -> list[tuple[str, str, str]]:
    """Each problem of ``text`` as (message, "line:column", hint)."""
    with pytest.raises(ml.SpecError) as caught:
        ml.parse_spec(text, "bad.toml")
    assert all(p.file == "bad.toml" for p in caught.value.problems)
    return [(p.message, f"{p.line}:{p.column}", p.hint) for p in caught.value.problems]


def edit(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def test_the_good_spec_loads() -> None:
    spec = ml.parse_spec(GOOD)
    assert [s.name for s in spec.scenarios] == ["one", "two"]


# (id, text, message, "line:column", hint): the catalogue, one row per way of being wrong.
CATALOGUE = [
    (
        "toml-syntax",
        edit("[story]", "[story"),
        "not valid TOML: Expected ']' at the end of a table declaration",
        "1:7",
        "check quotes",
    ),
    (
        "toml-unclosed-at-end",
        GOOD + 'x = ["a",',
        "not valid TOML: Invalid value at the end of the file",
        "17:10",
        "check quotes",
    ),
    (
        "duplicate-situation",
        edit('farm = "deployment"', 'review = "deployment"'),
        "not valid TOML: Cannot overwrite a value (a key or table given twice)",
        "7:1",
        "declared twice",
    ),
    ("unknown-key-top", GOOD + "[chek]\n", "unknown key 'chek' in the spec", "17:2", "did you mean 'check'?"),
    (
        "unknown-key-story",
        edit("actions =", "action ="),
        "unknown key 'action' in [story]",
        "2:1",
        "did you mean 'actions'?",
    ),
    (
        "unknown-key-situation",
        edit('review = "training"', 'review = { phase = "training", descrbe = "x" }'),
        "unknown key 'descrbe' in situation 'review'",
        "6:32",
        "did you mean 'describe'?",
    ),
    (
        "unknown-key-fact",
        GOOD.replace("\n[[scenario]]", "[story.facts]\nknew = { knd = 'cognition' }\n\n[[scenario]]", 1),
        "unknown key 'knd' in fact 'knew'",
        "9:10",
        "did you mean 'kind'?",
    ),
    (
        "unknown-key-scenario",
        edit('constraints = ["policy', 'constraint = ["policy'),
        "unknown key 'constraint' in [[scenario]]",
        "11:1",
        "did you mean 'constraints'?",
    ),
    (
        "unknown-key-check",
        GOOD + "[check]\nscheme = ['objective']\n",
        "unknown key 'scheme' in [check]",
        "18:1",
        "did you mean 'schemes'?",
    ),
    (
        "unknown-function",
        edit("policy(farm) == print_pr", "idael(farm, print_pr)"),
        "in 'idael(farm, print_pr)': unknown function 'idael'",
        "11:17",
        "did you mean 'ideal'?",
    ),
    (
        "unknown-name",
        edit("policy(farm) == print_pr", "policy(farm) == print_pt"),
        "in 'policy(farm) == print_pt': unknown name 'print_pt'",
        "11:33",
        "did you mean 'print_pr'?",
    ),
    (
        "wrong-arity",
        edit("policy(farm) == print_pr", "ideal(farm)"),
        "in 'ideal(farm)': ideal takes 2 argument(s), got 1",
        "11:17",
        "write ideal(Situation, Action)",
    ),
    (
        "argument-sort",
        edit("policy(farm) == print_pr", "ideal(print_pr, farm)"),
        "in 'ideal(print_pr, farm)': argument 'print_pr' of ideal is an action, expected a situation",
        "11:23",
        "",
    ),
    (
        "compare-sorts",
        edit("policy(farm) == print_pr", "policy(farm) == usefulness"),
        "in 'policy(farm) == usefulness': cannot compare an action with a choice",
        "11:30",
        "",
    ),
    (
        "not-a-statement",
        edit("policy(farm) == print_pr", "policy(farm)"),
        "in 'policy(farm)': 'policy' is an action, not a true/false statement",
        "11:17",
        "compare it with ==",
    ),
    (
        "single-equals",
        edit("policy(farm) == print_pr", "policy(farm) = print_pr"),
        "in 'policy(farm) = print_pr': unexpected '='",
        "11:30",
        "compare with ==",
    ),
    (
        "feedback-in-deployment",
        edit("policy(farm) == print_pr", "feedback(farm, print_pr)"),
        "in 'feedback(farm, print_pr)': feedback is only given in training situations",
        "11:26",
        "use ideal or design",
    ),
    ("empty-constraint", edit('"policy(farm) == print_pr"', '"  "'), "empty constraint", "11:17", "write a statement"),
    (
        "python-code",
        edit('"policy(farm) == print_pr"', "\"__import__('os').system('touch pwned')\""),
        'unexpected "\'"',
        "11:28",
        "",
    ),
    (
        "list-of-names",
        edit('actions = ["useful_pr", "print_pr"]', 'actions = "useful_pr"'),
        "actions must be a list of names",
        "2:1",
        'write actions = ["a", "b"]',
    ),
    (
        "name-not-string",
        edit('name = "one"', "name = 1"),
        "a [[scenario]] needs a name that is a non-empty string",
        "10:1",
        "add name",
    ),
    (
        "text-not-string",
        edit('name = "one"', 'name = "one"\ntext = ["x"]'),
        "text of a scenario must be a string, not an array",
        "11:1",
        'write text = "..."',
    ),
    (
        "constraints-not-strings",
        edit('["policy(farm) == print_pr"]', "[1]"),
        "constraints of scenario 'one' must be a list of strings",
        "11:1",
        "write constraints",
    ),
    (
        "phase",
        edit('review = "training"', 'review = "trainig"'),
        'situation \'review\' needs phase "training" or "deployment"',
        "6:1",
        "did you mean 'training'?",
    ),
    (
        "fact-kind",
        GOOD.replace("\n[[scenario]]", "[story.facts]\nknew = 'mind'\n\n[[scenario]]", 1),
        'fact \'knew\' needs kind "cognition" or "world"',
        "9:1",
        "cognition:",
    ),
    (
        "fact-values",
        GOOD.replace("\n[[scenario]]", "[story.facts]\nmood = { kind = 'world', values = [] }\n\n[[scenario]]", 1),
        "values of fact 'mood' must be a non-empty list of names",
        "9:26",
        'write values = ["low", "high"]',
    ),
    (
        "duplicate-action",
        edit('["useful_pr", "print_pr"]', '["useful_pr", "print_pr", "useful_pr"]'),
        "action 'useful_pr' is listed twice",
        "2:37",
        "give each thing its own name",
    ),
    (
        "duplicate-across-kinds",
        edit('"merge_probability"]', '"print_pr"]'),
        "'print_pr' names both an action and a choice",
        "3:26",
        "give each thing its own name",
    ),
    (
        "duplicate-scenario",
        edit('name = "two"', 'name = "one"'),
        "two scenarios are named 'one'",
        "14:1",
        "the first is at line 9",
    ),
    (
        "reserved-name",
        edit('"print_pr"]', '"policy"]'),
        "'policy' cannot name an action: it is a keyword or built-in function",
        "2:25",
        "use letters",
    ),
    (
        "invalid-name",
        edit('"print_pr"]', '"print pr"]'),
        "'print pr' cannot name an action: it is not a name",
        "2:25",
        "use letters",
    ),
    (
        "reasons-need-aligned",
        edit("[story]\n", '[story]\nreasons = ["aligned", "decepive"]\n'),
        "the reasons must include 'deceptive'",
        "2:1",
        "did you mean 'decepive'?",
    ),
    (
        "extends-missing",
        edit('extends = "one"', 'extends = "onw"'),
        "scenario 'two' extends 'onw', which is not a scenario of this file",
        "15:1",
        "did you mean 'one'?",
    ),
    (
        "extends-not-a-name",
        edit('extends = "one"', "extends = ['one']"),
        "extends of scenario 'two' must be a scenario's name, not an array",
        "15:1",
        'write extends = "one"',
    ),
    (
        "extends-cycle",
        edit('name = "one"', 'name = "one"\nextends = "two"'),
        "scenarios extend each other in a cycle: one -> two -> one",
        "16:1",
        "does not extend it back",
    ),
    ("no-story", GOOD[GOOD.index("[[scenario]]") :], "the spec has no [story] table", "1:1", "start the file"),
    (
        "no-situations",
        edit('[story.situations]\nreview = "training"\nfarm = "deployment"\n', ""),
        "[story] needs situations, each with its phase",
        "1:2",
        "add [story.situations]",
    ),
    (
        "no-actions",
        edit('actions = ["useful_pr", "print_pr"]\n', ""),
        "[story] needs actions = [...]",
        "1:2",
        "add a line: actions",
    ),
    (
        "empty-choices",
        edit('["usefulness", "merge_probability"]', "[]"),
        "the story declares no choices",
        "3:1",
        "declare at least one",
    ),
    (
        "no-scenarios",
        GOOD[: GOOD.index("[[scenario]]")],
        "the spec has no [[scenario]] tables",
        "8:1",
        "add [[scenario]]",
    ),
    (
        "scenario-not-array",
        edit('[[scenario]]\nname = "one"', '[scenario]\nname = "one"').split("\n[[")[0],
        "scenario must be an array of tables: write [[scenario]], not [scenario]",
        "9:2",
        "add [[scenario]]",
    ),
    (
        "unknown-scheme",
        GOOD + "[check]\nschemes = ['objectiv']\n",
        "unknown scheme 'objectiv'",
        "18:13",
        "did you mean 'objective'?",
    ),
    (
        "scheme-choice",
        GOOD + "[check]\nschemes = ['objective[counterfactual=usefulnes]']\n",
        "the story declares no choice 'usefulnes'",
        "18:13",
        "the choices are",
    ),
    (
        "prior-sum",
        GOOD + '\n[prior.rare]\n"reason(review)" = { deceptive = 0.02, aligned = 0.99 }\n',
        "prior 'rare': the probabilities of reason(review) sum to 1.01, not 1",
        "19:2",
        "must sum to exactly 1",
    ),
    (
        "prior-unknown",
        GOOD + '\n[prior.rare]\n"reasn(review)" = { deceptive = 0.01, aligned = 0.99 }\n',
        "in 'reasn(review)': unknown function 'reasn'",
        "19:2",
        "did you mean 'reason'?",
    ),
    (
        "prior-value",
        GOOD + '\n[prior.rare]\n"reason(review)" = { deceptiv = 0.01, aligned = 0.99 }\n',
        "prior 'rare': 'deceptiv' is not a value of reason(review)",
        "19:2",
        "its values are aligned, deceptive",
    ),
    (
        "judgment-scenario",
        GOOD + '\n[[judgment]]\nscenario = "tow"\nlabel = "outer"\nstrength = "certain"\n',
        "judgment: 'tow' is not a scenario of this file",
        "19:1",
        "did you mean 'two'?",
    ),
    (
        "judgment-label",
        GOOD + '\n[[judgment]]\nscenario = "one"\nlabel = "outr"\nstrength = "certain"\n',
        "judgment: 'outr' is not a label",
        "20:1",
        "did you mean 'outer'?",
    ),
    (
        "judgment-key",
        GOOD + '\n[[judgment]]\nscenario = "one"\nlabel = "outer"\nstrenght = "certain"\n',
        "unknown key 'strenght' in [[judgment]]",
        "21:1",
        "did you mean 'strength'?",
    ),
    (
        "judgment-prior",
        GOOD + '\n[prior.rare]\n"reason(review)" = { deceptive = 0.01, aligned = 0.99 }\n'
        '\n[[judgment]]\nscenario = "one"\nlabel = "outer"\nstrength = "probable"\nprior = "rar"\nthreshold = 0.9\n',
        "judgment: 'rar' is not a prior of this file",
        "25:1",
        "did you mean 'rare'?",
    ),
    (
        "variable-hides-name",
        edit("policy(farm) == print_pr", "forall farm: ideal(farm, print_pr)"),
        "variable 'farm' hides a name of the story",
        "11:24",
        "pick another variable name",
    ),
    (
        "variable-over-booleans",
        edit("policy(farm) == print_pr", "forall v: v == fixes_feedback"),
        "variable 'v' would range over true/false",
        "11:24",
        "write the two cases out",
    ),
]


@pytest.mark.parametrize(
    ("text", "message", "where", "hint"), [c[1:] for c in CATALOGUE], ids=[c[0] for c in CATALOGUE]
)
def test_catalogue_entry(text: str, message: str, where: str, hint: str) -> None:
    found = problems(text)
    assert any(message in m and w == where and hint in h for m, w, h in found), found


def test_catalogue_ids_are_unique() -> None:
    assert len({c[0] for c in CATALOGUE}) == len(CATALOGUE)


def _story(situations: int = 2, actions: int = 2, choices: int = 1) -> str:
    sits = "\n".join(f"s{i} = 'deployment'" for i in range(situations - 1))
    return (
        f"[story]\nactions = [{', '.join(repr(f'a{i}') for i in range(actions))}]\n"
        f"choices = [{', '.join(repr(f'c{i}') for i in range(choices))}]\n"
        f"[story.situations]\nt = 'training'\n{sits}\n[[scenario]]\nname = 'x'\n"
    )


@pytest.mark.parametrize(
    ("sizes", "message", "where"),
    [
        (
            {"situations": MAX_SITUATIONS + 1},
            f"the story has {MAX_SITUATIONS + 1} situations; the limit is {MAX_SITUATIONS}",
            "4:8",
        ),
        ({"actions": MAX_ACTIONS + 1}, f"the story has {MAX_ACTIONS + 1} actions; the limit is {MAX_ACTIONS}", "2:1"),
        ({"choices": MAX_CHOICES + 1}, f"the story has {MAX_CHOICES + 1} choices; the limit is {MAX_CHOICES}", "3:1"),
        (
            {"situations": 200, "actions": 64, "choices": 4},
            "situations × actions × choices is 51200; the limit is 40000",
            "1:2",
        ),
    ],
    ids=["situations", "actions", "choices", "grounding"],
)
def test_size_limits(sizes: dict[str, int], message: str, where: str) -> None:
    found = problems(_story(**sizes))
    assert any(message in m and w == where for m, w, _ in found), found


def test_too_many_scenarios() -> None:
    text = _story() + "".join(f"[[scenario]]\nname = 'x{i}'\n" for i in range(MAX_SCENARIOS))
    found = problems(text)
    assert any(
        f"the spec has {MAX_SCENARIOS + 1} scenarios; the limit is {MAX_SCENARIOS}" in m
        and w == f"{7 + 2 * MAX_SCENARIOS}:3"
        for m, w, _ in found
    ), found


def test_quantifiers_beyond_the_grounding_limit() -> None:
    text = _story(situations=200) + "constraints = ['forall x, y, z in Situation: policy(x) == policy(y)']\n"
    found = problems(text)
    assert any(
        "the quantifiers expand to 8000000 instances here; the limit is 100000" in m and w == "207:30"
        for m, w, _ in found
    ), found


def test_constraint_too_long() -> None:
    text = edit("policy(farm) == print_pr", " and ".join(["policy(farm) == print_pr"] * 5000))
    [(message, where, hint)] = problems(text)
    assert message.startswith("constraint is 144995 characters long; the limit is 100000")
    assert (where, hint) == (
        "11:17",
        "split it into several constraints, or raise the limit with --limits constraint_length=144995 (Python:"
        " limits=Limits(constraint_length=144995)), or in the spec file's [check.limits] table:"
        " constraint_length = 144995",
    )


@pytest.mark.parametrize(
    ("nested", "limit"),
    [("(" * 150 + "true" + ")" * 150, 64), ("not " * 10_000 + "true", 64)],
    ids=["parentheses", "not"],
)
def test_deep_nesting_is_refused(nested: str, limit: int) -> None:
    # Both would exhaust Python's recursion if the parser did not stop at the limit first.
    [(message, where, hint)] = problems(edit("policy(farm) == print_pr", nested))
    assert f"expression nested more than {limit} levels deep" in message
    assert where.startswith("11:")
    assert hint == "split it into constraints"


def test_text_beyond_the_size_limit_is_refused_unparsed() -> None:
    [(message, where, _)] = problems(GOOD + "#" * MAX_SPEC_BYTES)
    assert message == f"the spec is {len(GOOD) + MAX_SPEC_BYTES} characters long; the limit is {MAX_SPEC_BYTES}"
    assert where == "0:0"


def test_error_inside_an_escaped_string_points_at_the_source() -> None:
    # \u0028 is "(", so the text is 'ideal(farm) and idael(farm, print_pr)' with the error at its 17th character.
    text = edit('"policy(farm) == print_pr"', '"ideal\\u0028farm, print_pr) and idael(farm, print_pr)"')
    [(message, where, _)] = problems(text)
    assert "unknown function 'idael'" in message
    assert where == "11:48"  # the column in the file, past the six characters of the escape


def test_error_in_a_multiline_string_points_at_its_line() -> None:
    text = edit('["policy(farm) == print_pr"]', "['''\npolicy(farm) == print_pr and\n    idael(farm, print_pr)''']")
    [(_, where, _)] = problems(text)
    assert where == "13:5"


def test_error_after_a_line_continuation_points_at_its_line() -> None:
    text = edit('["policy(farm) == print_pr"]', '["""policy(farm) == print_pr and \\\n      idael(farm, print_pr)"""]')
    [(_, where, _)] = problems(text)
    assert where == "12:7"


def test_crlf_line_endings_keep_locations() -> None:
    text = edit("policy(farm) == print_pr", "idael(farm, print_pr)").replace("\n", "\r\n")
    [(_, where, _)] = problems(text)
    assert where == "11:17"


def test_every_problem_of_a_file_is_reported_in_order() -> None:
    text = (
        edit("actions =", "action =")
        .replace('review = "training"', 'review = "trainig"')
        .replace('extends = "one"', 'extends = "onw"')
    )
    found = problems(text)
    assert [(m.split(",")[0], w) for m, w, _ in found] == [
        ("[story] needs actions = [...]", "1:2"),
        ("unknown key 'action' in [story]", "2:1"),
        ('situation \'review\' needs phase "training" or "deployment"', "6:1"),
        ("scenario 'two' extends 'onw'", "15:1"),
    ]


def test_every_constraint_error_of_a_file_is_reported() -> None:
    text = edit("policy(farm) == print_pr", "idael(farm, print_pr)").replace("deceptive", "deceptiv")
    found = problems(text)
    assert [w for _, w, _ in found] == ["11:17", "16:35"]


def test_the_cli_prints_every_problem_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(edit("policy(farm) == print_pr", "idael(farm, print_pr)").replace("deceptive", "deceptiv"))
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(path)], stdout=out, stderr=err) == 2
    assert out.getvalue() == ""
    assert f"{path}:11:17: error: in 'idael(farm, print_pr)': unknown function 'idael'" in err.getvalue()
    assert f"{path}:16:35: error:" in err.getvalue()
    assert "hint: did you mean 'ideal'?" in err.getvalue()
    assert "Traceback" not in err.getvalue()
