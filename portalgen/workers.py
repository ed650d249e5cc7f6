"""One rule for every stage that forks helper processes (the data work, the dataset pages, the DCAT
catalogue, the write): how many cores this process may fill with them."""

from __future__ import annotations

import multiprocessing
import os


def cores_to_fork_on() -> int:
    """The cores a stage may share among processes it forks; 1 means fork nothing.

    1 where fork is not available, and inside a worker process: a syndicat builds its communes in
    worker processes that already fill the cores, and forking more would only make them compete."""
    if "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.parent_process() is not None:
        return 1
    return os.cpu_count() or 1
