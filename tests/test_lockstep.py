"""portalgen.lockstep: works given as steps give, run together, what each gives alone."""

from __future__ import annotations

import pytest

from portalgen.lockstep import run_in_lockstep, run_to_end


def _work(name: str, steps: int, log: list, fail_at: int | None = None, error: type = OSError):
    try:
        for step in range(steps):
            if step == fail_at:
                raise error(f"{name} failed at step {step}")
            log.append((name, step))
            yield
        return f"{name}: {steps} steps"
    finally:
        log.append((name, "closed"))


def test_run_to_end_does_every_step_and_returns_the_result():
    log = []
    assert run_to_end(_work("a", 3, log)) == "a: 3 steps"
    assert log == [("a", 0), ("a", 1), ("a", 2), ("a", "closed")]


def test_each_step_is_done_for_every_unfinished_work_before_the_next():
    log = []
    results = run_in_lockstep([_work("a", 2, log), _work("b", 0, log), _work("c", 3, log)])
    assert results == ["a: 2 steps", "b: 0 steps", "c: 3 steps"]
    steps = [entry for entry in log if entry[1] != "closed"]
    assert steps == [("a", 0), ("c", 0), ("a", 1), ("c", 1), ("c", 2)]


def test_a_tolerated_error_stops_only_its_work_and_takes_its_place():
    log = []
    results = run_in_lockstep([_work("a", 3, log), _work("b", 3, log, fail_at=1), _work("c", 3, log)],
                              tolerate=OSError)
    assert results[0] == "a: 3 steps" and results[2] == "c: 3 steps"
    assert isinstance(results[1], OSError) and str(results[1]) == "b failed at step 1"
    assert ("b", 1) not in log and ("a", 2) in log and ("c", 2) in log


def test_any_other_error_is_raised_and_every_unfinished_work_closed():
    log = []
    with pytest.raises(ValueError, match="b failed at step 1"):
        run_in_lockstep([_work("a", 5, log), _work("b", 3, log, fail_at=1, error=ValueError), _work("c", 5, log)],
                        tolerate=OSError)
    assert ("a", "closed") in log and ("c", "closed") in log  # their finally clauses ran
    assert ("a", 2) not in log and ("c", 2) not in log


def test_no_works_no_results():
    assert run_in_lockstep([]) == []
