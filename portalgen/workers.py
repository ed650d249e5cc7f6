"""One rule for every stage that forks helper processes (the data work, the dataset pages, the DCAT
catalogue, the write): how many cores this process may fill with them."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from typing import Callable, Generic, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores_to_fork_on() -> int:
    """The cores a stage may share among processes it forks; 1 means fork nothing.

    1 where fork is not available, and inside a worker process: a syndicat builds its communes in
    worker processes that already fill the cores, and forking more would only make them compete."""
    if "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.parent_process() is not None:
        return 1
    return os.cpu_count() or 1


def map_forked(function: Callable[[T], R], items: Sequence[T], *, parallel_from: int) -> list[R]:
    """``[function(item) for item in items]``, shared among forked processes when there are at least
    ``parallel_from`` items and cores to fork on.

    This process does the first share; each forked one does another and sends its results back
    pickled, so ``function``'s results must pickle, and be worth more than their pickling (reading
    and checking a file, say). A share whose process fails is done again here, where its error, if
    any, is raised as it would be without forking."""
    cores = cores_to_fork_on()
    if cores < 2 or len(items) < max(parallel_from, 2):
        return [function(item) for item in items]
    size = -(-len(items) // cores)
    shares = [items[start:start + size] for start in range(0, len(items), size)]
    forked = [_fork(lambda share=share: [function(item) for item in share]) for share in shares[1:]]
    received: list[list[R] | None] = []
    try:
        results = [function(item) for item in shares[0]]
        for process in forked:
            received.append(_receive(process))
    finally:  # on an error here, no forked process is left waiting to send its results
        for process in forked[len(received):]:
            _receive(process)
    for share, done in zip(shares[1:], received):
        results += done if done is not None else [function(item) for item in share]
    return results


def _fork(work: Callable[[], list]) -> tuple[int, int] | None:
    """Fork a process that sends ``work()`` pickled: (its pid, the pipe to read), or None when it cannot
    be forked (process limit, memory)."""
    reader, writer = os.pipe()
    try:
        child = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if child == 0:  # the forked process: its work, then leave at once (no cleanup of the parent's state)
        code = 0
        try:
            os.close(reader)
            gc.freeze()  # the inherited heap is never garbage: the collector need not walk it
            with os.fdopen(writer, "wb") as pipe:
                pickle.dump(work(), pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(writer)
    return child, reader


class Forked(Generic[R]):
    """``function()`` computed in a forked process while this one does other work; :meth:`result` waits for it.

    For serial work that need not wait (validating a generated file while the rest of a stage goes on).
    ``function``'s result must pickle. It runs here instead, when the result is asked, if ``fork`` is
    false, if there are no cores to fork on, or if the forked process fails (its error, if any, is then
    raised as it would be without forking). Use it as a context manager: on leaving, a forked process
    whose result was not asked is waited for, so none is left behind."""

    def __init__(self, function: Callable[[], R], *, fork: bool = True) -> None:
        self._function = function
        self._process = _fork(lambda: [function()]) if fork and cores_to_fork_on() >= 2 else None

    def result(self) -> R:
        process, self._process = self._process, None
        received = _receive(process)
        return received[0] if received is not None else self._function()

    def __enter__(self) -> "Forked[R]":
        return self

    def __exit__(self, *exc_info) -> None:
        process, self._process = self._process, None
        _receive(process)


def _receive(process: tuple[int, int] | None) -> list | None:
    """The results a forked process sends, or None when it failed or could not be forked."""
    if process is None:
        return None
    child, reader = process
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(child, 0)
    return pickle.loads(data) if os.waitstatus_to_exitcode(status) == 0 else None
