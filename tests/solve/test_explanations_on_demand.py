"""Explanations on demand: a verdict's status and labels never wait for its cores and deciding facts, which are
computed when first read and are the ones a classification that explains at once gives.

Which witness world and which core z3 finds can depend on the questions its context answered before (the
generalization schemes of ``instructgpt_harmful`` do), so each check below compares against the explanations
computed at once, in order, in a context of their own: what a fresh process prints.
"""

from __future__ import annotations

import concurrent.futures
import json
import pickle
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import misalign_logic as ml
from misalign_logic.solve.classify import Analysis
from misalign_logic.solve.explaining import Replay
from misalign_logic.testing import assert_ambiguous, assert_forced, explain

ROOT = Path(__file__).resolve().parents[2]
# A story whose explanations under three schemes change when asked alone instead of after the others.
HARMFUL = ROOT / "corpus" / "instructgpt_harmful.toml"

_SCRIPT = """
import json, sys
import z3
import misalign_logic as ml
from misalign_logic.solve import backend

spec = ml.load_spec(sys.argv[1])
mode, history = sys.argv[2], sys.argv[3:]
told = []
for s in spec.scenarios:
    if mode == "at-once":
        with ml.isolated():
            told += [ml.classify(s, scheme, explain=True) for scheme in spec.schemes]
    else:
        told += [ml.classify(s, scheme) for scheme in spec.schemes]
for path in history:  # other stories solved, in this thread, before any explanation is read
    if path == "noise":  # terms made and dropped in this thread's context, nothing solved
        ctx = backend._context().ctx
        kept = [z3.Or(z3.Bool(f"j{i}", ctx), z3.Bool(f"k{i}", ctx)) for i in range(3000)][::2]
        continue
    other = ml.load_spec(path)
    ml.check_spec(other)
    for s in other.scenarios:
        for scheme in other.schemes:
            ml.classify(s, scheme, explain=True)
if mode == "backwards":
    for verdict in reversed(told):
        verdict.core
print(json.dumps([v.to_dict() for v in told], sort_keys=True))
"""


def _told(mode: str, *history: Path | str) -> object:
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(HARMFUL), mode, *map(str, history)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)


def test_explanations_read_later_are_those_computed_at_once() -> None:
    at_once = _told("at-once")
    # Each history alone changes what the thread's own context finds for these questions.
    assert _told("later", "noise", ROOT / "specs" / "pop_quiz.toml") == at_once
    assert _told("later", HARMFUL) == at_once
    assert _told("backwards", "noise", HARMFUL) == at_once  # read last first: each after the questions before it


@pytest.fixture
def quiz() -> ml.Spec:
    return ml.load_spec(ROOT / "specs" / "pop_quiz.toml")


def _at_once(scenario: ml.Scenario, schemes: list[ml.Scheme]) -> list[ml.Verdict]:
    with ml.isolated():
        analysis = Analysis(scenario, explain=True)
        return [analysis.classify(scheme) for scheme in schemes]


def test_status_and_labels_do_not_wait_for_the_explanation(quiz: ml.Spec, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario, schemes = quiz.scenarios[0], list(quiz.schemes)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("explained while deciding")

    with monkeypatch.context() as m:
        for name in ("_witness", "_proved", "_sufficient", "_deciding"):
            m.setattr(Analysis, name, refuse)
        analysis = Analysis(scenario)
        verdicts = [analysis.classify(scheme) for scheme in schemes]
        for v in verdicts:
            assert str(v).endswith(v.summary())  # reads the status, labels and forced label
            assert not v.explained
    assert {v.status for v in verdicts} == {ml.Status.FORCED, ml.Status.AMBIGUOUS}
    assert verdicts == _at_once(scenario, schemes)
    assert all(v.explained for v in verdicts)
    assert all(v.minimal and (v.core or v.witnesses) for v in verdicts)


def test_a_verdict_pickles_with_its_explanation(quiz: ml.Spec) -> None:
    scenario, schemes = quiz.scenarios[0], list(quiz.schemes)
    analysis = Analysis(scenario)
    verdicts = [analysis.classify(scheme) for scheme in schemes]
    copies = [pickle.loads(pickle.dumps(v)) for v in verdicts]  # computed on pickling, not before
    assert all(v.explained for v in copies)
    assert copies == verdicts == _at_once(scenario, schemes)
    assert [c.to_dict() for c in copies] == [v.to_dict() for v in _at_once(scenario, schemes)]


def test_a_copy_given_part_of_an_explanation_keeps_that_part(quiz: ml.Spec) -> None:
    analysis = Analysis(quiz.scenarios[0])
    verdicts = [analysis.classify(scheme) for scheme in quiz.schemes]
    forced = next(v for v in verdicts if v.status is ml.Status.FORCED)
    trimmed = attrs.evolve(forced, core=())
    assert not forced.explained
    assert not trimmed.explained
    assert trimmed.core == ()
    assert trimmed.minimal is True
    assert trimmed.witnesses == ()
    assert forced.core
    assert forced.minimal is True


def test_an_explanation_read_in_another_thread_is_the_same(quiz: ml.Spec) -> None:
    scenario, schemes = quiz.scenarios[1], list(quiz.schemes)
    analysis = Analysis(scenario)
    verdicts = [analysis.classify(scheme) for scheme in schemes]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        read = list(pool.map(lambda v: v.to_dict(), verdicts))
    assert read == [v.to_dict() for v in _at_once(scenario, schemes)]


def _assert_otherwise(scenario: ml.Scenario, scheme: ml.Scheme, want: ml.Verdict) -> None:
    """An assertion helper's claim that ``want`` refutes."""
    if want.forced is None:
        assert_forced(scenario, scheme, "none")
    else:
        assert_ambiguous(scenario, scheme)


def test_an_assertion_message_explains_as_before(quiz: ml.Spec) -> None:
    scenario = quiz.scenarios[0]
    for scheme in quiz.schemes:
        (want,) = _at_once(scenario, [scheme])
        with ml.isolated(), pytest.raises(AssertionError) as failed:
            _assert_otherwise(scenario, scheme, want)
        assert str(failed.value).split("\n", 1)[1] == explain(want)


def test_asking_again_is_free_and_tells_the_same(quiz: ml.Spec) -> None:
    analysis = Analysis(quiz.scenarios[0])
    first = analysis.classify("objective")
    assert analysis.classify("objective") is first
    assert Analysis(quiz.scenarios[0], explain=False).classify("objective").labels == first.labels


class _Told:
    """An analysis that answers every question with one verdict (stands for a solver that gave up, or not)."""

    def __init__(self, verdict: ml.Verdict) -> None:
        self.verdict = verdict
        self.asked: list[str] = []

    def classify(self, scheme: str | ml.Scheme, given: object = ()) -> ml.Verdict:
        self.asked.append(str(scheme))
        return self.verdict


def test_an_explanation_the_solver_gave_up_on_is_not_claimed_minimal(quiz: ml.Spec) -> None:
    scenario = quiz.scenarios[0]
    decided = Analysis(scenario, explain=False).classify("objective[counterfactual=usefulness]")
    assert decided.status is ml.Status.FORCED
    gave_up = _Told(ml.Verdict(scenario.name, decided.scheme, ml.Status.UNKNOWN, reason="canceled"))
    quiet = _Told(decided)
    replay = Replay(lambda: gave_up, lambda: quiet)
    first = replay.ask(ml.parse_scheme("objective"), ())
    index = replay.ask(ml.parse_scheme(decided.scheme), ())
    later = ml.Verdict.later(
        decided.scenario, decided.scheme, decided.status, decided.labels, replay.pending(index, decided)
    )
    assert later.core == decided.core  # the solver's first core, from the analysis that does not explain
    assert later.minimal is False
    assert gave_up.asked == ["objective", decided.scheme]  # the question before it was replayed first
    assert quiet.asked == [decided.scheme]
    assert first == 0
