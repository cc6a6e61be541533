"""A survey's tally: how many respondents answered coherently, and how many each scheme reproduces.

The seed posed its pop quiz to a group and asked why the answers were inconsistent; its appendix offers
explanations (training process vs learned model, deception, Gricean implicature, priors). Given every
respondent's answers judged (:func:`~misalign_logic.solve.judge.judge_spec`), the tally says how many answer
sets some categorization of worlds can give, and, for each scheme of the family (the appendix's heuristics
among them), how many respondents' answers it reproduces — every answer borne out.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs

from misalign_logic.model.schemes import parse_scheme
from misalign_logic.solve.judge import JudgeResult

__all__ = ["Tally", "tally"]


@attrs.frozen
class Tally:
    """Counts over a survey's respondents.

    Attributes:
        respondents: how many respondents answered.
        coherent: how many answer sets some categorization of worlds gives.
        incoherent: how many no categorization gives (each with a proof in the judged result).
        undecided: how many the solver left undecided.
        reproduced: per scheme ID (the family's order), how many respondents it reproduces.
        world_based: the scheme IDs among them that depend only on the world.
        answers: per scenario (in order of first answer), how many respondents gave each answer (``outer``,
            ``ambiguous``, ...), in the order answers were first seen.
        incoherent_because: per incoherent respondent, the first sentence of the proof (one line).
    """

    respondents: int
    coherent: int
    incoherent: int
    undecided: int
    reproduced: tuple[tuple[str, int], ...]
    world_based: frozenset[str]
    answers: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()
    incoherent_because: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "respondents": self.respondents,
            "coherent": self.coherent,
            "incoherent": self.incoherent,
            "undecided": self.undecided,
            "schemes": [
                {"scheme": scheme, "reproduces": count, "world_based": scheme in self.world_based}
                for scheme, count in self.reproduced
            ],
            "scenarios": [{"scenario": name, "answers": dict(counts)} for name, counts in self.answers],
            "incoherent_respondents": [{"respondent": who, "reason": why} for who, why in self.incoherent_because],
        }


def tally(result: JudgeResult) -> Tally:
    """Count ``result``'s respondents by coherence, and the respondents each scheme reproduces."""
    states = [r.coherence.coherent for r in result.respondents]
    fitting = [frozenset(r.fitting) for r in result.respondents]
    reproduced = tuple((s, sum(s in f for f in fitting)) for s in result.schemes)
    answers: dict[str, Counter[str]] = {}
    for r in result.respondents:
        for j in r.judgments:
            answers.setdefault(j.scenario, Counter())[j.answer] += 1
    because = tuple(
        (r.name, _first_sentence(r.coherence.proof)) for r in result.respondents if r.coherence.coherent is False
    )
    return Tally(
        len(states),
        states.count(True),
        states.count(False),
        states.count(None),
        reproduced,
        frozenset(s for s in result.schemes if parse_scheme(s).world_based),
        tuple((name, tuple(counts.items())) for name, counts in answers.items()),
        because,
    )


def _first_sentence(proof: str) -> str:
    """The proof's first sentence: which scenarios clash and how they relate (the world that shows it follows)."""
    head, _, _ = proof.partition(". ")
    return head.rstrip(".")
