"""The seed's pop quiz, answered by the solver through the library API.

Run: python examples/pop_quiz.py
"""

from __future__ import annotations

from pathlib import Path

import misalign_logic as ml

SPEC = Path(__file__).resolve().parent.parent / "specs" / "pop_quiz.toml"


def main() -> None:
    quiz = ml.load_spec(SPEC)
    one, two = quiz.scenario("scenario-1"), quiz.scenario("scenario-2")
    print(f"{two.name} {ml.relate(two, one).kind} {one.name}: it is scenario 1 with more information.\n")
    for scheme in quiz.schemes:
        for scenario in (one, two):
            verdict = ml.classify(scenario, scheme)
            line = f"{scenario.name:<11} {scheme.id:<44} {verdict.summary()}"
            if verdict.status is ml.Status.AMBIGUOUS:
                line += f"  (decided by {', '.join(verdict.deciding)})"
            print(line)
    verdict = ml.classify(two, "generalization[standard=reasons]")
    print(f"\nWhy is {two.name} forced {verdict.forced} when good feedback must reward good reasons?")
    for constraint in verdict.core:
        print(f"  because: {constraint.text}")
    print(f"  remedy: {verdict.remedy}")


if __name__ == "__main__":
    main()
