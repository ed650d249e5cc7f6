"""A dataset page's reuses and news posts, read from the renderer's index, are what a scan of every document finds."""

from __future__ import annotations

import random
from types import SimpleNamespace

from portalgen.render.pages import docs_by_dataset


def test_the_index_gives_what_a_scan_gives():
    ids = ["budget", "Budget", "élus", "a b", "", "budget-2", "x"]
    rnd = random.Random(11)
    for _ in range(300):
        docs = [SimpleNamespace(name=n, meta=SimpleNamespace(datasets=tuple(rnd.choice(ids) for _ in range(rnd.randint(0, 4)))))
                for n in range(rnd.randint(0, 8))]
        index = docs_by_dataset(docs)
        for dataset_id in ids + ["missing"]:
            scanned = [d for d in docs if dataset_id in d.meta.datasets]
            assert index.get(dataset_id, []) == scanned
            assert [id(d) for d in index.get(dataset_id, [])] == [id(d) for d in scanned]
