"""A scheme family's parameters come from its entry: which exist, their values, IDs, errors and meaning in prose.

A family added to the registry with parameters of its own is read, rendered, refused, classified (checked
against the brute-force checker) and explained with no other module knowing it; the built-ins keep their
IDs and messages. Each standard's faults, the ways explanations say a world broke it, are checked against
the standard's own condition by the solver: every fault breaks it, and every break is one of them.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest

import misalign_logic as ml
from misalign_logic.model import families
from misalign_logic.model.errors import SpecError
from misalign_logic.model.families import BUILTIN, Family, Fault, Parameter
from misalign_logic.model.schemes import scheme_family
from misalign_logic.prose.explain import _fault
from misalign_logic.prose.words import Wording
from misalign_logic.testing.bruteforce import brute_classify
from tests.conftest import SPECS

STORY = ml.Story.build(
    "probe",
    {"train": "training", "ship": "deployment"},
    ["act", "idle"],
    ["c1", "c2"],
    ("aligned", "deceptive", "bored"),
)

#: A family of the tests' own with a statement parameter (with faults) and an optional choice parameter.
SCRATCH = Family(
    "scratch-fixes",
    "Outer when the fix the level names would have prevented the failure, inner otherwise.",
    (("outer", "{level}"), ("inner", "not ({level})")),
    (
        Parameter(
            "level",
            ("lax", "strict"),
            required=True,
            texts=(("lax", "fixes_feedback"), ("strict", "fixes_feedback and not fixes_generalization")),
            sort="Bool",
            faults=(
                Fault("strict", ("fixes_generalization",), "the inductive bias alone would have done"),
                Fault("strict", ("not fixes_feedback",), "the feedback would not have done"),
                Fault("lax", ("not fixes_feedback",), "the feedback alone would not have done"),
            ),
            unexplained="the fix fell short",
        ),
        Parameter("pick", open_text="choice"),
    ),
    consequences=(("outer", "then the {level} fix works"), ("inner", "then {how}, inner")),
    words="the scratch scheme at level {level}",
)


@pytest.fixture
def scratch(monkeypatch: pytest.MonkeyPatch) -> Family:
    """The scratch family, registered for one test only (the registry's other users never see it)."""
    monkeypatch.setattr(families, "_USER", dict(families._USER))
    return families.register(SCRATCH)


@pytest.mark.parametrize(
    "scheme_id",
    [
        "objective[counterfactual=usefulness]",
        "generalization[standard=reasons]",
        "heuristic:deception[reading=gricean]",
        "objective[counterfactual=c1,reading=gricean]",
        "root-cause",
    ],
)
def test_the_built_in_ids_render_as_written(scheme_id: str) -> None:
    assert ml.parse_scheme(scheme_id).id == scheme_id


def test_every_default_scheme_reads_back_with_its_values_in_the_entry_s_order() -> None:
    for scheme in scheme_family(STORY):
        again = ml.parse_scheme(scheme.id)
        assert again == scheme
        assert hash(again) == hash(scheme)
        names = [p.name for p in scheme.family.parameters]
        assert [n for n, _ in scheme.params] == [n for n in names if scheme.param(n) is not None]


def test_values_by_keyword_by_position_and_the_named_properties_agree() -> None:
    assert ml.Scheme("objective", counterfactual="c1") == ml.Scheme("objective", "c1")
    assert ml.Scheme("objective", counterfactual="c1").counterfactual == "c1"
    reasons = ml.Scheme("generalization", None, "reasons", "gricean")
    assert (reasons.standard, reasons.reading, reasons.counterfactual) == ("reasons", "gricean", None)
    assert reasons == ml.Scheme("generalization", standard="reasons", reading="gricean")
    assert ml.Scheme("objective", counterfactual=None) == ml.Scheme("objective")
    with pytest.raises(TypeError):
        ml.Scheme("objective", "c1", counterfactual="c2")


def test_a_scheme_pickled_keeps_its_place_in_tables_of_another_process() -> None:
    """The cached hash is not pickled: a scheme unpickled where strings hash otherwise is still found."""
    data = pickle.dumps(ml.parse_scheme("generalization[standard=reasons]")).hex()
    code = (
        "import pickle, misalign_logic as ml\n"
        f"s = pickle.loads(bytes.fromhex({data!r}))\n"
        "print({ml.parse_scheme('generalization[standard=reasons]'): 'found'}[s])\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "found"


def test_a_family_s_own_parameters_are_read_rendered_and_told(scratch: Family) -> None:
    scheme = ml.parse_scheme("scratch-fixes[pick=c2,level=strict]")
    assert scheme.id == "scratch-fixes[level=strict,pick=c2]"
    assert (scheme.param("level"), scheme.param("pick"), scheme.family) == ("strict", "c2", scratch)
    assert ml.Scheme("scratch-fixes", level="lax") == ml.parse_scheme("scratch-fixes[level=lax]")
    assert (scheme.choices, ml.parse_scheme("scratch-fixes[level=lax]").choices) == (("c2",), ())
    assert ml.parse_scheme("objective[counterfactual=c1]").choices == ("c1",)


@pytest.mark.parametrize(
    ("scheme_id", "message", "hint"),
    [
        ("scratch-fixes", "scratch-fixes needs level=one of lax, strict", ""),
        ("scratch-fixes[level=strct]", "scratch-fixes needs level=one of lax, strict", "did you mean 'strict'?"),
        ("scratch-fixes[levle=lax]", "unknown parameter 'levle'", "did you mean 'level'?"),
        ("scratch-fixes[level=lax,standard=reasons]", "scratch-fixes takes no standard", ""),
        ("objective[level=lax]", "objective takes no level", ""),
        ("root-cause[zz=1]", "unknown parameter 'zz'", "parameters are {built-in}, level, pick and reading"),
    ],
)
def test_a_family_s_parameters_are_the_only_ones_accepted(
    scratch: Family, scheme_id: str, message: str, hint: str
) -> None:
    with pytest.raises(SpecError) as err:
        ml.parse_scheme(scheme_id)
    (problem,) = err.value.problems
    assert problem.message == f"in scheme {scheme_id!r}: {message}"
    built_in = dict.fromkeys(p.name for f in BUILTIN.values() for p in f.parameters)  # listed first, in order
    assert problem.hint == hint.replace("{built-in}", ", ".join(built_in))


@pytest.mark.parametrize(
    ("scheme_id", "message", "hint"),
    [
        ("objective[standard=outcomes]", "objective takes no standard", ""),
        ("generalization[counterfactual=x]", "generalization takes no counterfactual", ""),
        ("generalization", "generalization needs standard=one of outcomes, reasons, verifiable", ""),
        ("objective[foo=bar]", "unknown parameter 'foo'", "parameters are counterfactual, standard and reading"),
        ("objective[reading=x]", "unknown reading 'x'; use literal or gricean", ""),
    ],
)
def test_the_built_ins_messages_are_kept(scheme_id: str, message: str, hint: str) -> None:
    with pytest.raises(SpecError) as err:
        ml.parse_scheme(scheme_id)
    assert [(p.message, p.hint) for p in err.value.problems] == [(f"in scheme {scheme_id!r}: {message}", hint)]


def test_a_spec_file_naming_a_parameter_the_family_lacks_is_refused_where_written(scratch: Family) -> None:
    quiz = (SPECS / "pop_quiz.toml").read_text(encoding="utf-8")
    text = quiz + '\n[check]\nschemes = ["objective", "scratch-fixes[level=lax,standard=reasons]"]\n'
    with pytest.raises(SpecError) as err:
        ml.parse_spec(text, "spec.toml")
    (problem,) = err.value.problems
    assert problem.message == "in scheme 'scratch-fixes[level=lax,standard=reasons]': scratch-fixes takes no standard"
    assert (problem.file, problem.line) == ("spec.toml", len(text.splitlines()))


@pytest.mark.parametrize("level", ["lax", "strict"])
def test_a_family_s_own_parameter_classifies_as_the_brute_force_checker_does(scratch: Family, level: str) -> None:
    scheme = ml.parse_scheme(f"scratch-fixes[level={level}]")
    for constraints in (
        [],
        ["fixes_feedback"],
        ["not fixes_generalization"],
        ["fixes_generalization", "fixes_feedback"],
    ):
        scenario = ml.Scenario.from_strings(STORY, "one", ["not ideal(ship, policy(ship))", *constraints])
        verdict = ml.classify(scenario, scheme)
        brute = brute_classify(scenario, scheme)
        assert (verdict.status, verdict.labels) == (brute.status, brute.labels), constraints


def test_a_family_s_own_faults_and_words_are_told(scratch: Family) -> None:
    scenario = ml.Scenario.from_strings(
        STORY, "one", ["not ideal(ship, policy(ship))", "fixes_feedback or fixes_generalization"]
    )
    told = ml.explain(ml.classify(scenario, "scratch-fixes[level=strict]"), scenario).text(width=1000)
    assert "Then the inductive bias alone would have done, inner." in told
    assert "under the scratch scheme at level strict" in told  # a value without words of its own is itself


def _where_broken(value: str, *faults: str) -> str:
    """The scenario text: some training situation and action where the facts hold and the standard holds."""
    found = " and ".join(faults) if faults else "true"
    standard = families.GOOD_FEEDBACK[value]
    return f"exists t in training: exists a in Action: {found} and ({standard})"


def _inconsistent(text: str) -> bool:
    scenario = ml.Scenario.from_strings(STORY, "probe", [text])
    verdict = ml.classify(scenario, "root-cause", explain=False)
    assert verdict.status is not ml.Status.UNKNOWN
    return verdict.status is ml.Status.INCONSISTENT


@pytest.mark.parametrize("value", BUILTIN["generalization"].parameters[0].values)
def test_every_fault_of_a_standard_breaks_it_and_every_break_is_a_fault(value: str) -> None:
    standard = BUILTIN["generalization"].parameter("standard")
    assert standard is not None
    faults = standard.faults_of(value)
    assert faults, f"the entry tells no way {value} can be broken"
    for fault in faults:
        assert _inconsistent(_where_broken(value, *fault.facts)), fault
    found = " or ".join("(" + " and ".join(f.facts) + ")" for f in faults)
    assert _inconsistent(
        f"exists t in training: not ({families.GOOD_FEEDBACK[value]}) and not (exists a in Action: {found})"
    )


@pytest.mark.parametrize(
    ("value", "world", "words"),
    [
        ("outcomes", {"feedback(train, act)": True, "ideal(train, act)": False}, "rewarded a bad output"),
        (
            "reasons",
            {"policy(train)": "act", "feedback(train, act)": True, "ideal(train, act)": True, "reason(train)": "bored"},
            "rewarded a good output chosen for a bad reason",
        ),
        (
            "outcomes",
            {"policy(train)": "act", "feedback(train, act)": True, "ideal(train, act)": True, "reason(train)": "bored"},
            "some feedback on the training data was bad",
        ),
        (
            "reasons",
            {
                "policy(train)": "act",
                "feedback(train, act)": False,
                "ideal(train, act)": True,
                "reason(train)": "bored",
            },
            "some feedback on the training data was bad",
        ),
        (
            "verifiable",
            {"feedback(train, idle)": True, "ideal(train, idle)": False, "exhibitable(train, idle)": True},
            "rewarded choosing to take action `idle`, a bad output that could have been exhibited as bad",
        ),
        ("verifiable", {"feedback(train, idle)": True, "ideal(train, idle)": False}, "some feedback"),
    ],
)
def test_the_words_of_a_bad_feedback_are_the_faults_of_the_scheme_s_own_standard(
    value: str, world: dict[str, object], words: str
) -> None:
    scheme = ml.Scheme("generalization", standard=value)
    with_story = _fault(scheme, world, STORY, Wording(STORY), frozenset())  # type: ignore[arg-type]
    without = _fault(scheme, world, None, Wording(None), frozenset())  # type: ignore[arg-type]
    assert words in with_story
    assert without == with_story
