"""Priors: the spec format, its errors, and exact P(label | scenario) intervals, on a story of its own."""

from __future__ import annotations

from fractions import Fraction

import pytest

import misalign_logic as ml
from misalign_logic import Label, ProbabilityStatus
from misalign_logic.model.priors import MAX_ASSIGNMENTS, decimal
from tests.conftest import lab_story

STORY = (
    lab_story("launch-fails")
    + """
[[scenario]]
name = "it-was-scheming"
extends = "launch-fails"
constraints = ["reason(drill) == deceptive"]
"""
)

PRIORS = """
[prior.rare-scheming]
"reason(drill)" = { deceptive = "1/4", aligned = 0.75 }
planned = 0.5
weather = { calm = 1 }

[prior.meant-a]
choice = { spec_a = 0.3, spec_b = 0.7 }

[prior.never-scheming]
"reason(drill)" = { aligned = 1 }
"""


@pytest.fixture(scope="module")
def lab() -> ml.Spec:
    return ml.parse_spec(STORY + PRIORS, "lab.toml")


def test_prior_tables_are_read_exactly(lab: ml.Spec) -> None:
    prior = lab.prior("rare-scheming")
    tables = {u.term: dict(u.table) for u in prior.unknowns}
    assert tables == {
        "reason(drill)": {"deceptive": Fraction(1, 4), "aligned": Fraction(3, 4)},
        "planned": {"true": Fraction(1, 2), "false": Fraction(1, 2)},
        "weather": {"calm": Fraction(1)},
    }
    # Values of probability 0 are not enumerated: 2 x 2 x 1 assignments.
    assert prior.size == 4
    assert sum(w for w, _ in prior.assignments()) == 1


def test_forced_labels_give_exact_points(lab: ml.Spec) -> None:
    p = ml.probability(lab.scenario("launch-fails"), "heuristic:deception", lab.prior("rare-scheming"))
    assert p.status is ProbabilityStatus.KNOWN
    assert p.of(Label.INNER) == (Fraction(1, 4), Fraction(1, 4))
    assert p.of(Label.OUTER) == (Fraction(3, 4), Fraction(3, 4))
    assert p.of(Label.BOTH) == (0, 0)
    assert p.summary() == "P(outer) = 0.75, P(inner) = 0.25"


def test_a_prior_on_the_free_variable_decides_the_objective_scheme(lab: ml.Spec) -> None:
    p = ml.probability(lab.scenario("launch-fails"), "objective", lab.prior("meant-a"))
    assert p.of(Label.OUTER) == (Fraction(3, 10), Fraction(3, 10))
    assert p.of(Label.INNER) == (Fraction(7, 10), Fraction(7, 10))


def test_unknowns_outside_the_prior_give_an_interval(lab: ml.Spec) -> None:
    p = ml.probability(lab.scenario("launch-fails"), "objective", lab.prior("rare-scheming"))
    assert p.of(Label.OUTER) == (0, 1)
    assert p.of(Label.INNER) == (0, 1)
    assert "P(outer) in [0, 1]" in p.summary()


def test_assignments_the_scenario_rules_out_are_dropped_and_the_rest_renormalized(lab: ml.Spec) -> None:
    analysis = ml.Analysis(lab.scenario("it-was-scheming"), explain=False)
    p = ml.probability(analysis, "heuristic:deception", lab.prior("rare-scheming"))
    assert p.of(Label.INNER) == (1, 1)


def test_no_assignment_left_is_inconsistent_not_a_number(lab: ml.Spec) -> None:
    p = ml.probability(lab.scenario("it-was-scheming"), "heuristic:deception", lab.prior("never-scheming"))
    assert p.status is ProbabilityStatus.INCONSISTENT
    with pytest.raises(ValueError, match="not known"):
        p.of(Label.INNER)
    assert p.to_dict() == {"status": "inconsistent"}


def test_solver_giving_up_makes_the_probability_unknown(lab: ml.Spec) -> None:
    analysis = ml.Analysis(lab.scenario("launch-fails"), rlimit=1, explain=False)
    p = ml.probability(analysis, "heuristic:deception", lab.prior("rare-scheming"))
    assert p.status is ProbabilityStatus.UNKNOWN
    assert p.bounds == ()
    assert "probability" not in p.to_dict()


def test_json_prints_exact_decimals(lab: ml.Spec) -> None:
    p = ml.probability(lab.scenario("launch-fails"), "heuristic:deception", lab.prior("rare-scheming"))
    assert p.to_dict() == {"status": "known", "probability": {"outer": ["0.75", "0.75"], "inner": ["0.25", "0.25"]}}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(99, 100), "0.99"),
        (Fraction(1), "1"),
        (Fraction(0), "0"),
        (Fraction(1, 8), "0.125"),
        (Fraction(1, 3), "1/3"),
    ],
)
def test_decimal_is_exact(value: Fraction, text: str) -> None:
    assert decimal(value) == text
    assert Fraction(text) == value


def test_build_from_python_values(lab: ml.Spec) -> None:
    prior = ml.Prior.build(lab.story, "p", {"reason(drill)": {"deceptive": "1/100", "aligned": 0.99}})
    p = ml.probability(lab.scenario("launch-fails"), "heuristic:deception", prior)
    assert p.of(Label.OUTER) == (Fraction(99, 100),) * 2
    with pytest.raises(ml.SpecError, match=r"sum to 0\.9"):
        ml.Prior.build(lab.story, "p", {"reason(drill)": {"deceptive": 0.1, "aligned": 0.8}})


@pytest.mark.parametrize(
    ("table", "message", "where"),
    [
        ('"reason(drill)" = { deceptive = 0.1, aligned = 0.8 }', "sum to 0.9, not 1", (1, 2)),
        ('"reason(drill)" = { deceptive = 0.5, clever = 0.5 }', "'clever' is not a value of reason(drill)", (1, 2)),
        ('"reason(drill)" = 0.5', "needs a table of its values", (1, 2)),
        ('"training(drill)" = 0.5', "not an unknown of the world", (1, 2)),
        ('"ideal(drill, policy(drill))" = 0.5', "not an unknown of the world", (1, 2)),
        ('"reason(dril)" = { aligned = 1 }', "unknown name 'dril'", (1, 9)),
        ("planned = 1.5", "not between 0 and 1", (1, 1)),
        ('planned = "half"', "'half' is not a probability", (1, 1)),
        ("planned = true", "a boolean is not a probability", (1, 1)),
        (
            '"reason(drill)" = { aligned = 1 }\n"reason( drill )" = { aligned = 1 }',
            "gives 'reason(drill)' twice",
            (2, 2),
        ),
    ],
)
def test_bad_priors_are_located(table: str, message: str, where: tuple[int, int]) -> None:
    text = STORY + "\n[prior.p]\n" + table + "\n"
    offset = STORY.count("\n") + 2
    with pytest.raises(ml.SpecError) as caught:
        ml.parse_spec(text, "bad.toml")
    err = caught.value
    assert message in str(err)
    assert (err.file, err.line - offset, err.column) == ("bad.toml", *where)


def test_too_many_assignments_is_refused() -> None:
    actions = [f"a{i}" for i in range(7)]
    story = ml.Story.build("big", {"t": "training", "d": "deployment"}, actions, ["c"])
    tables = {f"{f}({s}, {a})": 0.5 for f in ("ideal", "exhibitable") for s in ("t", "d") for a in actions}
    assert 2 ** len(tables) > MAX_ASSIGNMENTS
    with pytest.raises(ml.SpecError, match=f"the limit is {MAX_ASSIGNMENTS}"):
        ml.Prior.build(story, "p", tables)


def test_check_reports_probabilities_in_json_and_text(lab: ml.Spec) -> None:
    result = ml.check_spec(lab, [ml.parse_scheme("heuristic:deception")])
    doc = result.to_dict()
    verdict = doc["scenarios"][0]["verdicts"][0]
    assert verdict["under_priors"]["rare-scheming"]["probability"] == {
        "outer": ["0.75", "0.75"],
        "inner": ["0.25", "0.25"],
    }
    assert verdict["under_priors"]["never-scheming"]["probability"] == {"outer": ["1", "1"]}
    assert doc["scenarios"][1]["verdicts"][0]["under_priors"]["never-scheming"] == {"status": "inconsistent"}
