"""check_many and ``check --jobs``: parallel runs give the serial run's results, in input order."""

from __future__ import annotations

import concurrent.futures
import io
import pickle
from pathlib import Path

import pytest

from misalign_logic import Problem, SpecError, check_many, check_spec, load_spec
from misalign_logic.cli import main

QUIZ = Path(__file__).parent.parent.parent / "specs" / "pop_quiz.toml"
SPECS = sorted((Path(__file__).parent.parent.parent / "specs").glob("*.toml"))


def test_results_pickle_to_equal_values() -> None:
    result = check_spec(load_spec(QUIZ))
    assert pickle.loads(pickle.dumps(result)) == result
    for _, verdicts in result.verdicts:
        for v in verdicts:
            assert pickle.loads(pickle.dumps(v)) == v


def test_process_pool_keeps_input_order_and_values() -> None:
    files = [*SPECS, QUIZ, *reversed(SPECS)]
    serial = check_many(files)
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        parallel = check_many(files, executor=pool)
    assert [r.path for r in parallel] == [str(f) for f in files]
    assert parallel == serial


def test_any_executor_and_loaded_specs() -> None:
    specs = [load_spec(f) for f in SPECS]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        assert check_many(specs, executor=pool) == [check_spec(s) for s in specs]


def test_bad_spec_raises_spec_error_from_a_worker(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[story]\nname = "x"\n')
    with pytest.raises(SpecError) as caught:
        check_many([QUIZ, bad], jobs=2)
    assert caught.value.file == str(bad)


def test_jobs_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        check_many([QUIZ], jobs=0)


def test_cli_jobs_output_is_byte_identical() -> None:
    files = [str(f) for f in SPECS] * 2
    outputs = {}
    for fmt in ("json", "text"):
        for jobs in ("1", "2"):
            out = io.StringIO()
            assert main(["check", *files, "--format", fmt, "--jobs", jobs], stdout=out) == 0
            outputs[fmt, jobs] = out.getvalue()
        assert outputs[fmt, "1"] == outputs[fmt, "2"]


def test_cli_bad_jobs_exits_2() -> None:
    err = io.StringIO()
    assert main(["check", str(QUIZ), "--jobs", "0"], stdout=io.StringIO(), stderr=err) == 2
    assert "--jobs" in err.getvalue()


def test_spec_error_pickles_with_every_problem() -> None:
    error = SpecError([Problem("first", "a.toml", 1, 2, "fix it"), Problem("second", "a.toml", 3, 4)])
    back = pickle.loads(pickle.dumps(error))
    assert back.problems == error.problems
    assert (back.file, back.line, back.column) == ("a.toml", 1, 2)
    assert str(back) == str(error)
