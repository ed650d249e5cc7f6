"""The plumbing of the data work: the result cache, and worker processes giving what one process gives."""

from __future__ import annotations

import pickle
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from portalgen.cache import ResultCache
from portalgen.enrich import commonbase, tables
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


def test_the_waiting_work_runs_once_while_workers_run_and_never_without_them(tmp_path, monkeypatch):
    bench_build.write_site(tmp_path / "site", tables.PARALLEL_FROM * 2, 5)
    site, _ = read_site(tmp_path / "site")
    monkeypatch.setattr(tables, "cores_to_fork_on", lambda: 2)
    calls = []
    tables.enrich(site, EnrichContext(cache_dir=tmp_path / "parallel", while_data_workers_run=lambda: calls.append(1)))
    assert calls == [1]
    monkeypatch.setattr(tables, "PARALLEL_FROM", 10 ** 9)
    tables.enrich(site, EnrichContext(cache_dir=tmp_path / "serial", while_data_workers_run=lambda: calls.append(2)))
    assert calls == [1]


def test_settle_is_called_once_per_batch_of_results_received(tmp_path, monkeypatch):
    count = tables.PARALLEL_FROM * 2 + 3
    bench_build.write_site(tmp_path / "site", count, 5)
    site, _ = read_site(tmp_path / "site")
    monkeypatch.setattr(tables, "cores_to_fork_on", lambda: 2)
    monkeypatch.setattr(tables, "BATCH_SIZE", 4)
    calls = []
    enriched, _ = tables.enrich(site, EnrichContext(cache_dir=tmp_path / "parallel", settle=lambda: calls.append(1)))
    assert len(calls) == -(-count // 2)  # batches of count // (2 workers * 4) = 2 jobs
    assert all(d.resources[0].table is not None for d in enriched.datasets)
    calls.clear()
    monkeypatch.setattr(tables, "PARALLEL_FROM", 10 ** 9)
    tables.enrich(site, EnrichContext(cache_dir=tmp_path / "serial", settle=lambda: calls.append(1)))
    assert len(calls) == -(-count // 4)
    calls.clear()
    tables.enrich(site, EnrichContext(cache_dir=tmp_path / "serial", settle=lambda: calls.append(1)))
    assert calls == []  # nothing computed, nothing received


def test_the_catalogue_check_is_prepared_only_on_sites_checked_in_halves(tmp_path, monkeypatch):
    bench_build.write_site(tmp_path / "site", 3, 2)
    site, _ = read_site(tmp_path / "site")
    imports = []
    monkeypatch.setattr(commonbase, "import_validator", lambda: imports.append(len(site.datasets)))
    commonbase.prepare_catalogue_check(site)
    assert imports == []
    monkeypatch.setattr(commonbase, "CHECK_IN_HALVES_FROM", 3)
    commonbase.prepare_catalogue_check(site)
    assert imports == [3]


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


def _job(name: str, size: int | None):
    from types import SimpleNamespace
    source = None if size is None else SimpleNamespace(size=size)
    return SimpleNamespace(key=name, resource=SimpleNamespace(source_file=source))


def test_small_inputs_go_in_lockstep_groups_bounded_in_bytes_and_the_others_alone():
    mib = 1 << 20
    assert tables.LOCKSTEP_INPUT_BYTES == 4 * mib
    sizes = {"a": 10, "b": mib, "c": mib, "d": mib, "e": mib, "f": 2 * mib, "g": None, "h": 0, "i": 5, "j": mib}
    groups = tables._lockstep_groups([_job(name, size) for name, size in sizes.items()])
    assert [[job.key for job in group] for group in groups] == [
        ["a", "b", "c", "d"], ["e"], ["f"], ["g"], ["h", "i", "j"]]


def test_resources_run_in_lockstep_give_what_each_gives_alone(tmp_path, monkeypatch):
    """Odd tables (decimal commas, empty rows, HTML, unicode, long texts, coordinates) and a table too big to
    be packed between them: the data work done in lockstep is the work done table by table."""
    from tests.test_cache_packed import BIG_CSV, ODD_CSV

    root = tmp_path / "site"
    bench_build.write_site(root, 6, 5)
    extra = {"odd.csv": ODD_CSV, "long.csv": BIG_CSV.encode("utf-8"),
             "html.csv": "titre,texte\n<script>alert(1)</script>,\"é\n<b>gras</b>\"\n".encode("utf-8")}
    for name, data in extra.items():
        (root / "data" / name).write_bytes(data)
        (root / "datasets" / f"x-{name[:-4]}.yml").write_text(
            f"title: Table {name}\ndescription: x\nresources: [{name}]\n", encoding="utf-8")
    monkeypatch.setattr(tables, "PACK_INPUT_BYTES", len(ODD_CSV))  # long.csv is worked on alone, in a folder
    monkeypatch.setattr(tables, "PARALLEL_FROM", 10 ** 9)
    site, _ = read_site(root)
    together = _results(site, tmp_path / "together")
    monkeypatch.setattr(tables, "LOCKSTEP_INPUT_BYTES", 0)  # every group one table
    assert _results(site, tmp_path / "alone") == together
    assert sorted(together[0]) == ["html", *(f"jeu-{n:05d}" for n in range(6)), "long", "odd"]
    assert all(together[0].values()) and together[2]  # files for every table, and the odd table's findings
