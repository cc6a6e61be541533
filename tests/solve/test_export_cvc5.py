"""The exported SMT-LIB queries, replayed in a second solver (cvc5): its answers give the library's verdicts.

For every scenario of every bundled spec under every scheme of its family (each parameter, both readings),
and for every corpus story under the built-in schemes, each label's "possible?" and "forced?" scripts are
run in a fresh cvc5 solver. The label set cvc5's answers imply must be the verdict's, the forced label must
be the verdict's, and every answer must be the status the script records. cvc5 shares no code with z3.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import misalign_logic as ml
from misalign_logic.solve.export import Script, export_scripts
from tests.conftest import SPECS

cvc5 = pytest.importorskip("cvc5")

CORPUS = SPECS.parent / "corpus"


def replay(text: str) -> str:
    """What cvc5 answers to the script's one ``check-sat``."""
    manager = cvc5.TermManager()
    solver = cvc5.Solver(manager)
    symbols = cvc5.SymbolManager(manager)
    parser = cvc5.InputParser(solver, symbols)
    parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, text, "exported")
    answers = []
    while True:
        command = parser.nextCommand()
        if command.isNull():
            break
        said = command.invoke(solver, symbols).strip()
        if said:
            answers.append(said)
    assert len(answers) == 1, answers
    return answers[0]


def _check(scenario: ml.Scenario, scheme: ml.Scheme) -> int:
    """Replay every script of ``scenario`` under ``scheme`` in cvc5 and compare with the library; returns how many."""
    verdict = ml.classify(scenario, scheme, explain=False)
    scripts: tuple[Script, ...] = export_scripts(scenario, scheme)
    answers = {(s.label, s.question): replay(s.text) for s in scripts}
    assert all(answers[s.label, s.question] == s.expected for s in scripts), (scenario.name, scheme.id, answers)
    possible = frozenset(label for (label, q), a in answers.items() if q == "possible" and a == "sat")
    forced = {label for (label, q), a in answers.items() if q == "forced" and a == "unsat"}
    assert possible == verdict.labels, (scenario.name, scheme.id)
    if not possible:
        assert verdict.status is ml.Status.INCONSISTENT
    elif len(possible) == 1:
        assert verdict.status is ml.Status.FORCED
        assert forced == set(possible)
    else:
        assert verdict.status is ml.Status.AMBIGUOUS
        assert not forced
    return len(scripts)


@pytest.mark.parametrize("path", sorted(SPECS.glob("*.toml")), ids=lambda p: p.stem)
def test_every_bundled_query_replays_in_cvc5(path: Path) -> None:
    spec = ml.load_spec(path)
    replayed = sum(_check(sc, scheme) for sc in spec.scenarios for scheme in ml.scheme_family(spec.story))
    assert replayed > 0
    print(f"{path.name}: {replayed} queries replayed in cvc5")


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.toml")), ids=lambda p: p.stem)
def test_corpus_queries_replay_in_cvc5(path: Path) -> None:
    spec = ml.load_spec(path)
    replayed = sum(_check(sc, scheme) for sc in spec.scenarios for scheme in ml.default_schemes(spec.story))
    assert replayed > 0
    print(f"{path.name}: {replayed} queries replayed in cvc5")


def test_a_wrong_expected_answer_would_show(s1: ml.Scenario) -> None:
    # The replay is not vacuous: cvc5 tells "possible" from "impossible" on the same text.
    (possible, forced) = export_scripts(s1, "heuristic:deception", "inner")
    assert (replay(possible.text), replay(forced.text)) == ("sat", "sat")
    (_, forced_two) = export_scripts(s1.refine("told", ["reason(review) == deceptive"]), "heuristic:deception", "inner")
    assert replay(forced_two.text) == "unsat"


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.toml")), ids=lambda p: p.stem)
def test_corpus_queries_under_both_readings_replay_in_cvc5(path: Path) -> None:
    spec = ml.load_spec(path)
    replayed = sum(_check(sc, scheme) for sc in spec.scenarios for scheme in ml.scheme_family(spec.story))
    assert replayed > 0
