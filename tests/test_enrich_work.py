"""The plumbing of the data work: the result cache, and worker processes giving what one process gives."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from portalgen.cache import ResultCache
from portalgen.enrich import tables
from portalgen.enrich.stage import EnrichContext
from portalgen.pipeline import read_site

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import bench_build  # noqa: E402


def test_computed_entry_is_the_stored_one(tmp_path):
    cache = ResultCache(tmp_path)
    assert not cache.has("ab12")

    def work(folder):
        (folder / "out.txt").write_text("x")
        return {"file": folder / "out.txt", "n": 1}

    entry = cache.compute("ab12", work)
    assert cache.has("ab12")
    stored = cache.get("ab12")
    assert entry.folder == stored.folder
    assert entry.value == stored.value
    assert entry.value["file"] == stored.folder / "out.txt" and entry.value["file"].read_text() == "x"
    assert cache.compute("ab12", lambda folder: 1 / 0).value == stored.value  # never recomputed


def _results(site, cache_dir):
    enriched, findings = tables.enrich(site, EnrichContext(cache_dir=cache_dir))
    downloads = {r.id: [(d.filename, d.size, d.sha256) for d in r.downloads]
                 for d in enriched.datasets for r in d.resources}
    return downloads, [pickle.dumps(d.resources[0].table) for d in enriched.datasets], findings


def test_worker_batches_give_what_one_process_gives(tmp_path, monkeypatch):
    count = tables.PARALLEL_FROM * 3 + 1  # several batches, the last one short
    bench_build.write_site(tmp_path / "site", count, 5)
    site, _ = read_site(tmp_path / "site")
    parallel = _results(site, tmp_path / "parallel")
    monkeypatch.setattr(tables, "PARALLEL_FROM", 10 ** 9)
    assert _results(site, tmp_path / "serial") == parallel
    assert len(parallel[0]) == count and all(parallel[0].values())
