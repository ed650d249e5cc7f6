"""Dataset pages rendered by forked worker processes on big sites, handed back in dataset order.

The workers are forked from the build process, so they inherit the site model and the renderer
(its compiled templates too: one page is rendered before forking) and nothing is copied to them
but two numbers per chunk of datasets. They return each page's bytes; the build process adds
them to the output plan in dataset order, exactly as if it had rendered them itself, so the
output is the same bytes either way (tests/render/test_parallel.py). A chunk a worker could not
render is rendered again by the build process, which then meets the error the serial build meets.

The DCAT catalogue is made in other forked processes meanwhile (render/metadata.py); the workers
inherit its handle but never touch it. Each worker starts with ``gc.freeze()``: the heap it inherits
(the site model, the compiled templates) is never garbage, so the collector stops walking it at
every full collection, and stops writing to its memory pages (which stay shared with the parent).
"""

from __future__ import annotations

import concurrent.futures
import gc
import itertools
import multiprocessing
from typing import Callable, Iterator, Sequence

from ..model import Dataset
from ..workers import cores_to_fork_on

#: From this many datasets (and with two processors or more), pages are rendered by WORKERS processes.
PARALLEL_FROM = 200
WORKERS = 2
CHUNK = 25                  # datasets per task: small enough to keep both workers busy to the end

PageRenderer = Callable[[object, Dataset], bytes]
_JOB: tuple = ()            # (renderer, datasets, render_page), set while the workers are forked


def worth_parallel(count: int) -> bool:
    """Whether ``count`` dataset pages are rendered in worker processes on this machine."""
    return count >= PARALLEL_FROM and cores_to_fork_on() >= 2


def _render_chunk(bounds: tuple[int, int]) -> list[bytes] | None:
    """In a worker: the pages of datasets[start:stop], or None when one cannot be rendered."""
    renderer, datasets, render_page = _JOB
    start, stop = bounds
    try:
        return [render_page(renderer, dataset) for dataset in datasets[start:stop]]
    except Exception:
        return None  # the build process renders this chunk again and reports the error itself


class PagesInWorkers:
    """The pages of ``datasets``, rendered ahead by forked workers; iterate for one item per dataset,
    in order: the page's bytes, or None where the caller must render the page itself."""

    def __init__(self, renderer, datasets: Sequence[Dataset], render_page: PageRenderer):
        global _JOB
        self._count = len(datasets)
        self._pool = None
        self._results: Iterator[list[bytes] | None] = iter(())
        self._first: bytes | None = None
        try:
            self._first = render_page(renderer, datasets[0]) if datasets else None  # compiles the templates
        except Exception:
            self._bounds = []  # the caller renders every page, and meets this error in its turn
            return
        self._bounds = [(start, min(start + CHUNK, self._count)) for start in range(1, self._count, CHUNK)]
        if not self._bounds:
            return
        _JOB = (renderer, datasets, render_page)
        try:
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=WORKERS, mp_context=multiprocessing.get_context("fork"), initializer=gc.freeze)
            self._results = self._pool.map(_render_chunk, self._bounds)  # forks the workers
        except OSError:  # cannot fork (process limit, memory): the caller renders every page
            self.close()
        finally:
            _JOB = ()

    def __iter__(self) -> Iterator[bytes | None]:
        if not self._count:
            return
        yield self._first
        if not self._bounds:
            yield from itertools.repeat(None, self._count - 1)
            return
        for start, stop in self._bounds:
            try:
                pages = next(self._results, None)
            except Exception:  # a worker died (killed, out of memory): the caller renders the rest
                self.close()
                pages = None
            yield from pages if pages is not None else itertools.repeat(None, stop - start)
        self.close()

    def close(self) -> None:
        """Stop the workers (tasks not started are dropped); safe to call more than once."""
        pool, self._pool = self._pool, None
        self._results = iter(())
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def serial_pages(datasets: Sequence[Dataset]) -> Iterator[None]:
    """The stand-in for PagesInWorkers on small sites: the caller renders every page."""
    return itertools.repeat(None, len(datasets))
