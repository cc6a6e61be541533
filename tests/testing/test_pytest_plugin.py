"""``pytest --misalign``: spec and taxonomy files as test items, run the way a user runs them (pytest in a
fresh process, on a folder of their files)."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

STORY = """
[story]
actions = ["safe", "risky"]
choices = ["spec_a", "spec_b"]
[story.situations]
drill = "training"
launch = "deployment"

[[scenario]]
name = "told"
constraints = [
    "forall s: ideal(s, safe) and not ideal(s, risky)",
    "policy(launch) == risky",
    "design(spec_a, launch, risky)",
    "not design(spec_b, launch, risky)",
]
"""

# Two expectations of one scenario: spec_a's objective forces outer (holds), spec_b's forces inner (fails).
EXPECT = (
    STORY
    + """
[[expect]]
scenario = "told"
scheme = "objective[counterfactual=spec_a]"
label = "outer"

[[expect]]
scenario = "told"
scheme = "objective[counterfactual=spec_b]"
label = "outer"
"""
)

# The plain objective leaves told ambiguous: outer is possible, not certain; the second table's name is taken.
WIDE = (
    STORY
    + """
[[expect]]
scenario = "told"
scheme = "objective"
label = "outer"
strength = "possible"

[[expect]]
scenario = "told"
scheme = "objective"
label = "outer"
"""
)

# One respondent whose answers clash (forced outer and forced inner on one scenario), one whose answers hold
# and are borne out by the scheme the file names, and one the file wrongly expects to be incoherent.
ANSWERS = (
    STORY
    + """
[[scenario]]
name = "calm"
extends = "told"
constraints = ["reason(drill) == aligned"]

[[judgment]]
respondent = "split"
scenario = "told"
label = "outer"
strength = "certain"

[[judgment]]
respondent = "split"
scenario = "calm"
label = "inner"
strength = "certain"

[[judgment]]
respondent = "ann"
scenario = "told"
label = "outer"
strength = "possible"

[[judgment]]
respondent = "bob"
scenario = "calm"
label = "inner"
strength = "possible"

[[expect]]
respondent = "ann"
fitting = ["objective[counterfactual=spec_a]"]

[[expect]]
respondent = "bob"
coherent = false
"""
)

# A taxonomy file: its scheme, expected to call the spec's scenario outer.
TAXONOMY = """
[scheme.bad-feedback-is-outer-t]
outer = "exists t in training, a in Action: feedback(t, a) != ideal(t, a)"
inner = "forall t in training, a in Action: feedback(t, a) == ideal(t, a)"

[[expect]]
spec = "quiet.toml"
scenario = "told"
label = "outer"
strength = "possible"
"""

# Where the judgments of "split" and "ann" begin (their first [[judgment]] tables).
SPLIT = next(k for k, line in enumerate(ANSWERS.splitlines(), 1) if line == 'respondent = "split"') - 1
ANN = next(k for k, line in enumerate(ANSWERS.splitlines(), 1) if line == 'respondent = "ann"') - 1

BAD = STORY.replace("policy(launch) == risky", "policy(launch) == riksy")


def _line(text: str, needle: str, nth: int = 1) -> int:
    """The line (from 1) of the ``nth`` line of ``text`` that contains ``needle``."""
    found = [k for k, line in enumerate(text.splitlines(), 1) if needle in line]
    return found[nth - 1]


def _folder(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    return tmp_path


def _pytest(where: Path, *args: str, hypothesis: bool = False) -> subprocess.CompletedProcess[str]:
    """pytest, as a user runs it in ``where`` (no cache written).

    hypothesis' own pytest plugin is left out unless asked for: it imports the whole library at start-up (its
    entry point registers the strategies), which these items do not need, and every run would take a second
    longer. One test keeps it, as a user's run has it.
    """
    plugins = () if hypothesis else ("-p", "no:hypothesispytest")
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *plugins, "-rA", *args]
    return subprocess.run(command, cwd=where, capture_output=True, text=True, timeout=300, check=False)


def test_without_the_option_nothing_is_collected(tmp_path: Path) -> None:
    run = _pytest(_folder(tmp_path, lab=EXPECT), "--co", "-q")
    assert run.returncode == 5, run.stdout  # no tests collected
    assert "lab.toml" not in run.stdout


def test_expectations_pass_and_fail_with_the_explanation(tmp_path: Path) -> None:
    run = _pytest(
        _folder(tmp_path, lab=EXPECT, quiet=STORY, taxonomy=TAXONOMY, wide=WIDE), "--misalign", hypothesis=True
    )
    assert run.returncode == 1, run.stdout
    assert "PASSED wide.toml::told::objective::outer\n" in run.stdout
    assert f"FAILED wide.toml::told::objective::outer@{_line(WIDE, '[[expect]]', 2)}" in run.stdout
    assert "the solver says: ambiguous {inner, outer}" in run.stdout
    assert "PASSED lab.toml::told::objective[counterfactual=spec_a]::outer" in run.stdout
    assert "FAILED lab.toml::told::objective[counterfactual=spec_b]::outer" in run.stdout
    assert "PASSED taxonomy.toml::told::bad-feedback-is-outer-t::outer" in run.stdout
    assert "quiet.toml" not in run.stdout  # no claims: not collected without --misalign-all
    failure = run.stdout.split("FAILURES", 1)[1]
    # The claim's file and line, the verdict, and the minimal core quoted with its lines; no traceback.
    assert (
        f"lab.toml:{_line(EXPECT, '[[expect]]', 2)}: "
        "expected told under objective[counterfactual=spec_b]: outer (certain)" in failure
    )
    assert "the solver says: forced inner" in failure
    assert f"“not design(spec_b, launch, risky)”   (line {_line(EXPECT, 'not design(spec_b')})" in failure
    assert "Traceback" not in failure
    assert "file_checks.py" not in failure
    assert "raise " not in failure


def test_respondents_coherence_and_fitting_schemes(tmp_path: Path) -> None:
    run = _pytest(_folder(tmp_path, answers=ANSWERS), "--misalign")
    assert run.returncode == 1, run.stdout
    assert "PASSED answers.toml::respondent::ann" in run.stdout
    assert "FAILED answers.toml::respondent::split" in run.stdout
    assert "FAILED answers.toml::respondent::bob" in run.stdout
    failure = run.stdout.split("FAILURES", 1)[1]
    assert f"answers.toml:{SPLIT}: the answers of 'split' are incoherent" in failure
    assert "calm refines told" in failure  # the proof
    assert (
        f"answers.toml:{_line(ANSWERS, '[[expect]]', 2)}: "
        "the answers of 'bob' are coherent, though the file expects them not to be" in failure
    )


def test_a_scheme_that_does_not_bear_an_answer_out_fails(tmp_path: Path) -> None:
    wrong = ANSWERS.replace(
        'fitting = ["objective[counterfactual=spec_a]"]', 'fitting = ["objective[counterfactual=spec_b]"]'
    )
    run = _pytest(_folder(tmp_path, answers=wrong), "--misalign", "-k", "ann")
    assert run.returncode == 1, run.stdout
    assert "FAILED answers.toml::respondent::ann" in run.stdout
    assert "split" not in run.stdout.split("short test summary", 1)[1]  # -k chose one item
    assert "not all borne out by the schemes the file names as fitting" in run.stdout
    assert f"'told: outer (possible)' (line {ANN}) under objective[counterfactual=spec_b]: contradicted" in run.stdout


def test_an_unknown_verdict_fails_with_its_reason(tmp_path: Path) -> None:
    run = _pytest(_folder(tmp_path, lab=EXPECT, answers=ANSWERS), "--misalign", "--misalign-rlimit", "1")
    assert run.returncode == 1, run.stdout
    assert "PASSED" not in run.stdout
    assert "the solver gave up, so nothing is claimed: resource limit of 1 units" in run.stdout
    assert "the answers of 'ann' were left undecided, so nothing is claimed" in run.stdout


def test_a_bad_limit_is_a_usage_error(tmp_path: Path) -> None:
    run = _pytest(_folder(tmp_path, lab=EXPECT), "--misalign", "--misalign-timeout", "soon")
    assert run.returncode == 4
    assert "--misalign-timeout: expected a number, got 'soon'" in run.stderr
    run = _pytest(tmp_path, "--misalign", "--misalign-rlimit", "-3")
    assert run.returncode == 4
    assert "--misalign-rlimit: rlimit must be a whole number" in run.stderr


def test_a_malformed_file_is_a_collection_error_located_as_the_command_says(tmp_path: Path) -> None:
    run = _pytest(_folder(tmp_path, bad=BAD + '\n[[expect]]\nscenario = "told"\nlabel = "outer"\n'), "--misalign")
    assert run.returncode == 2, run.stdout
    assert "ERROR collecting bad.toml" in run.stdout
    assert f"bad.toml:{_line(BAD, 'riksy')}:24: error: in 'policy(launch) == riksy': unknown name 'riksy'" in run.stdout
    assert "hint: did you mean 'risky'?" in run.stdout
    assert "Traceback" not in run.stdout


def test_a_claim_naming_a_missing_scenario_is_located(tmp_path: Path) -> None:
    text = STORY + '\n[[expect]]\nscenario = "toll"\nlabel = "outer"\n'
    run = _pytest(_folder(tmp_path, lab=text), "--misalign")
    assert run.returncode == 2, run.stdout
    assert (
        f"lab.toml:{_line(text, '[[expect]]')}:1: error: no scenario named 'toll'; the scenarios are told" in run.stdout
    )


def test_every_file_checks_each_scenario_has_a_world(tmp_path: Path) -> None:
    clash = STORY.replace('"policy(launch) == risky",', '"policy(launch) == risky", "policy(launch) == safe",')
    run = _pytest(_folder(tmp_path, quiet=STORY, clash=clash), "--misalign-all", "-x")
    assert run.returncode == 1, run.stdout
    assert run.stdout.count("::told::consistent") == 2  # -x: stopped at the first failure
    run = _pytest(tmp_path, "--misalign-all")
    assert run.returncode == 1, run.stdout
    assert "PASSED quiet.toml::told::consistent" in run.stdout
    assert "FAILED clash.toml::told::consistent" in run.stdout
    assert f"clash.toml:{_line(clash, 'forall s: ideal')}: expected told under objective: a world" in run.stdout
    assert "the solver says: inconsistent" in run.stdout


def test_junit_xml_names_each_claim(tmp_path: Path) -> None:
    report = tmp_path / "out" / "junit.xml"
    run = _pytest(_folder(tmp_path, lab=EXPECT), "--misalign", f"--junitxml={report}")
    assert run.returncode == 1, run.stdout
    # JUnit splits a node's name before its first bracket: the class is FILE.scenario, the name the rest.
    cases = {c.get("name", "")[:32]: c for c in ET.parse(report).getroot().iter("testcase")}
    assert set(cases) == {"objective[counterfactual=spec_a]", "objective[counterfactual=spec_b]"}
    assert {c.get("classname") for c in cases.values()} == {"lab.toml.told"}
    failed = cases["objective[counterfactual=spec_b]"].find("failure")
    assert failed is not None
    assert "the solver says: forced inner" in (failed.text or "")


def test_parallel_workers_run_the_same_items(tmp_path: Path) -> None:
    pytest.importorskip("xdist")
    run = _pytest(_folder(tmp_path, lab=EXPECT, answers=ANSWERS), "--misalign", "-n", "2")
    assert run.returncode == 1, run.stdout
    assert "PASSED lab.toml::told::objective[counterfactual=spec_a]::outer" in run.stdout
    assert "FAILED lab.toml::told::objective[counterfactual=spec_b]::outer" in run.stdout
    assert "PASSED answers.toml::respondent::ann" in run.stdout


def test_pytest_starts_without_importing_the_library(tmp_path: Path) -> None:
    """The entry point is loaded at every start-up; without --misalign it imports nothing of the library.

    hypothesis' own pytest plugin is turned off here: its entry point imports the library by itself.
    """
    probe = (
        "import sys, pytest\n"
        "pytest.main(['--co', '-q', '-p', 'no:cacheprovider', '-p', 'no:hypothesispytest', *sys.argv[1:]])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pytest_misalign_logic', 'misalign_logic', 'z3'}))\n"
    )
    for args, loaded in (
        ((), "['pytest_misalign_logic']"),
        (("--misalign",), "['misalign_logic', 'pytest_misalign_logic', 'z3']"),
    ):
        run = subprocess.run(
            [sys.executable, "-c", probe, *args], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
        )
        assert run.stdout.strip().splitlines()[-1] == loaded, run.stdout + run.stderr


def test_a_missing_spec_is_located_at_the_claim_and_names_are_escaped(tmp_path: Path) -> None:
    lost = TAXONOMY.replace("quiet.toml", "gone.toml")
    odd = ANSWERS.replace('respondent = "ann"', 'respondent = "a\\u001b[31mnn"')
    run = _pytest(_folder(tmp_path, lost=lost, odd=odd), "--misalign", "--continue-on-collection-errors")
    assert f"lost.toml:{_line(lost, '[[expect]]')}:1: error: gone.toml: cannot read the spec" in run.stdout
    assert "odd.toml::respondent::a\\u001b[31mnn" in run.stdout
    assert "\x1b[31m" not in run.stdout
