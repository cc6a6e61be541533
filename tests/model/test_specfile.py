"""A loaded spec file is a record of the model room (model/specfile.py): the readers build it, and it stays
importable from the reader's module too."""

from __future__ import annotations

import pickle

import misalign_logic as ml
from misalign_logic.model import specfile
from misalign_logic.spec import load, taxonomy


def test_the_record_is_the_one_the_readers_build(quiz: ml.Spec) -> None:
    spec = quiz
    assert type(spec) is specfile.Spec
    assert ml.Spec is load.Spec is specfile.Spec
    assert taxonomy.Expectation is specfile.Expectation
    assert taxonomy.AnswersExpectation is specfile.AnswersExpectation
    assert pickle.loads(pickle.dumps(spec)) == spec
