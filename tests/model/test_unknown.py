"""One unknown (model/unknown.py): every status enum of the package with an outcome for "the solver gave up"
derives from :class:`Decision`, so that outcome has one name, one written value and one meaning."""

from __future__ import annotations

import enum
import importlib
import pickle
import pkgutil

import pytest

import misalign_logic as ml
from misalign_logic.model.unknown import UNKNOWN_VALUE, Decision

#: The statuses known today; the scan below must find at least these, so it cannot pass by finding nothing.
KNOWN = {"Status", "RelationKind", "ProbabilityStatus", "Bearing", "TellingKind", "Parting", "Outcome"}


def _enums() -> list[type[enum.Enum]]:
    """Every enum class defined in the package, from every module (imported as a user would)."""
    found: dict[str, type[enum.Enum]] = {}
    for info in pkgutil.walk_packages(ml.__path__, "misalign_logic."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, enum.Enum) and value.__module__ == info.name:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return list(found.values())


def _has_unknown(cls: type[enum.Enum]) -> bool:
    """Whether an enum has an outcome for "unknown", by its name or by the value it writes."""
    return any(
        name.upper() == "UNKNOWN" or (isinstance(m.value, str) and m.value.lower() == UNKNOWN_VALUE)
        for name, m in cls.__members__.items()
    )


def test_every_status_with_an_unknown_outcome_is_a_decision() -> None:
    enums = _enums()
    with_unknown = {cls.__name__: cls for cls in enums if _has_unknown(cls)}
    assert set(with_unknown) >= KNOWN
    outside = sorted(f"{cls.__module__}.{name}" for name, cls in with_unknown.items() if not issubclass(cls, Decision))
    assert outside == [], "derive these from misalign_logic.model.unknown.Decision"


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_unknown_is_the_one_undecided_outcome_and_writes_one_value(name: str) -> None:
    (cls,) = [c for c in _enums() if c.__name__ == name and issubclass(c, Decision)]
    undecided = [m for m in cls if not m.decided]
    assert undecided == [cls["UNKNOWN"]]
    assert str(cls["UNKNOWN"]) == cls["UNKNOWN"].value == "unknown"
    assert cls("unknown") is cls["UNKNOWN"]
    assert pickle.loads(pickle.dumps(cls["UNKNOWN"])) is cls["UNKNOWN"]
    assert all(str(m) == m.value for m in cls)


def test_a_status_whose_unknown_is_spelled_otherwise_is_refused() -> None:
    with pytest.raises(TypeError, match="exactly one unknown outcome"):

        class GaveUp(Decision):
            YES = "yes"
            GAVE_UP = "unknown"

    with pytest.raises(TypeError, match="exactly one unknown outcome"):

        class Missing(Decision):
            YES = "yes"
            UNKNOWN = "undecided"


def test_an_unknown_verdict_claims_nothing(quiz: ml.Spec) -> None:
    verdict = ml.classify(quiz.scenarios[0], quiz.schemes[0], rlimit=1)
    assert verdict.status is ml.Status.UNKNOWN
    assert not verdict.status.decided
    assert verdict.forced is None
    assert verdict.to_dict()["status"] == "unknown"
