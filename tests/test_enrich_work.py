"""The plumbing of the data work: the result cache, and worker processes giving what one process gives."""

from __future__ import annotations

import pickle
import sys
from dataclasses import dataclass
from enum import Enum
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


class Kind(str, Enum):
    CSV = "csv"


@dataclass(frozen=True)
class Item:
    path: Path
    kind: Kind
    cells: tuple


def test_cached_results_have_their_paths_moved_to_the_final_folder(tmp_path):
    """Paths into the temporary folder, however deep, point into the entry's folder; other values,
    paths outside it included, come back equal; what compute returns is what a later get reads."""
    from portalgen.cache import ResultCache

    plain = ("a", 1, 2.5, None, b"x", True)
    outside = tmp_path / "elsewhere.csv"
    cache = ResultCache(tmp_path / "cache")
    entry = cache.compute("ab" * 32, lambda folder: {"items": [Item(folder / "sub" / "t.csv", Kind.CSV, plain)],
                                                     "folder": folder,
                                                     "outside": (outside, Item(outside, Kind.CSV, plain))})
    item = entry.value["items"][0]
    assert item.path == entry.folder / "sub" / "t.csv" and item.kind is Kind.CSV and item.cells == plain
    assert entry.value["folder"] == entry.folder
    assert entry.value["outside"] == (outside, Item(outside, Kind.CSV, plain))
    assert cache.get("ab" * 32).value == entry.value


def test_stored_bytes_decode_to_the_entry_a_get_reads(tmp_path):
    """What a worker sends its parent (store's bytes) gives the very entry the parent would read back."""
    cache = ResultCache(tmp_path)
    data = cache.store("cd" * 32, lambda folder: [folder / "x.csv", "é", 1.5])
    assert cache.decode("cd" * 32, data) == cache.get("cd" * 32)
    assert cache.decode("cd" * 32, data).value[0] == cache.get("cd" * 32).folder / "x.csv"


def test_a_corrupt_entry_is_computed_again(tmp_path):
    cache = ResultCache(tmp_path)
    entry = cache.compute("ef" * 32, lambda folder: 1)
    (entry.folder / "result.pickle").write_bytes(b"not a pickle")
    assert cache.get("ef" * 32) is None and not cache.has("ef" * 32)
    assert cache.compute("ef" * 32, lambda folder: 2).value == 2


def test_a_temporary_folder_left_by_an_interrupted_process_is_replaced(tmp_path):
    """A crashed process with our id left its half-written entry: it is cleared, never published."""
    import os

    cache = ResultCache(tmp_path)
    stale = cache._folder("cd34").with_name(f"cd34.tmp-{os.getpid()}")
    stale.mkdir(parents=True)
    (stale / "half.txt").write_text("half")

    def work(folder):
        (folder / "out.txt").write_text("whole")
        return folder / "out.txt"

    entry = cache.compute("cd34", work)
    assert entry.value.read_text() == "whole"
    assert sorted(p.name for p in entry.folder.iterdir()) == ["out.txt", "result.pickle"]
    assert not stale.exists()
