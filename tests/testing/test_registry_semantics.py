"""The registry's built-in conditions say what docs/model.md says: on random complete worlds, the labels they
give (as the brute-force checker reads them) equal docs/model.md's definitions written out by hand here, in
Python, independently of the registry's text."""

from __future__ import annotations

import random

import pytest

import misalign_logic as ml
from misalign_logic.model.story import FactKind
from misalign_logic.testing.bruteforce import _conditions, _failure_points, _World


def _good(w: _World, standard: str, t: str) -> bool:
    for a in w.story.actions:
        fb, ideal = w.read("feedback", (t, a)), w.read("ideal", (t, a))
        if standard == "outcomes":
            ok = fb == ideal
        elif standard == "reasons":
            ok = (
                fb == (bool(ideal) and w.read("reason", (t,)) == "aligned")
                if w.read("policy", (t,)) == a
                else fb == ideal
            )
        else:
            ok = (not ideal or bool(fb)) and not (not ideal and w.read("exhibitable", (t, a)) and fb)
        if not ok:
            return False
    return True


def _by_hand(w: _World, scheme: ml.Scheme, cognition: bool) -> ml.Label:
    failures = _failure_points(w)
    if not failures:
        return ml.Label.NONE
    name = scheme.family.name
    if name == "objective":
        choice = scheme.counterfactual or str(w.read("choice", ()))
        outer = [bool(w.read("design", (choice, s, str(w.read("policy", (s,)))))) for s in failures]
        return ml.Label.OUTER if all(outer) else ml.Label.INNER if not any(outer) else ml.Label.BOTH
    if name == "generalization":
        bad = any(not _good(w, str(scheme.standard), t) for t in w.story.training)
        return ml.Label.OUTER if bad else ml.Label.INNER
    if name == "root-cause":
        fb, gen = w.read("fixes_feedback", ()), w.read("fixes_generalization", ())
        return ml.Label.OUTER if fb and not gen else ml.Label.INNER if gen and not fb else ml.Label.BOTH
    if name == "heuristic:deception":
        return (
            ml.Label.INNER if any(w.read("reason", (t,)) == "deceptive" for t in w.story.training) else ml.Label.OUTER
        )
    return ml.Label.INNER if cognition else ml.Label.OUTER


def _random_world(story: ml.Story, rng: random.Random) -> _World:
    values: dict[str, bool | str] = {"choice": rng.choice(story.choices)}
    values["fixes_feedback"], values["fixes_generalization"] = rng.random() < 0.5, rng.random() < 0.5
    for s in story.situations:
        values[f"policy({s.name})"] = rng.choice(story.actions)
        values[f"reason({s.name})"] = rng.choice(story.reasons)
        for a in story.actions:
            for func in ("ideal", "exhibitable", "feedback"):
                values[f"{func}({s.name}, {a})"] = rng.random() < 0.5
            for c in story.choices:
                values[f"design({c}, {s.name}, {a})"] = rng.random() < 0.5
    for f in story.facts:
        values[f.name] = rng.random() < 0.5 if f.values is None else rng.choice(f.values)
    return _World(story, values)


@pytest.mark.parametrize("shape", [(1, 1, 2, 1), (2, 1, 2, 2), (1, 2, 3, 2), (0, 2, 2, 1)])
def test_the_registry_says_what_the_model_says(shape: tuple[int, int, int, int]) -> None:
    t, d, a, c = shape
    situations = {**{f"t{i}": "training" for i in range(t)}, **{f"d{i}": "deployment" for i in range(d)}}
    story = ml.Story.build(
        "s", situations, [f"a{i}" for i in range(a)], [f"c{i}" for i in range(c)], facts={"knew": "cognition"}
    )
    assert story.fact("knew").kind is FactKind.COGNITION
    rng = random.Random(sum(shape))
    for _ in range(150):
        w = _random_world(story, rng)
        for mentioned in (frozenset(), frozenset({"reason"})):
            for scheme in ml.default_schemes(story):
                labels = {label for label, e in _conditions(story, scheme, mentioned) if w.holds(e, {})}
                found = labels if _failure_points(w) else {ml.Label.NONE}
                assert found == {_by_hand(w, scheme, bool(mentioned))}, (scheme.id, dict(w.values))
