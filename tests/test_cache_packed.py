"""Packed cache entries (portalgen/cachepack.py): one file per small result, equal to a folder entry.

A packed entry is a fast path of the result cache: each test checks it gives what the folder layout
gives (the same values, the same bytes for every file), or falls back to that layout."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

from portalgen import cachepack, tabular
from portalgen.cache import ResultCache
from portalgen.commonbase import read_entries
from portalgen.enrich import tables
from portalgen.filesource import StoredPart, WorkFolder, content_size, open_text, write_new_file
from portalgen.tabular import convert
from portalgen.pipeline import build, read_site
from portalgen.syndicat.output import write_atomically
from tests.helpers import tree_bytes, write_site

KEY = "ab" * 32

#: Files as a work makes them: empty, unicode, line ends of every kind, HTML, a long text, binary.
FILES = {
    "t.csv": "nom,montant,date\r\nÉcole « Jean-Jaurès »,\"1 234,56\",31/12/2023\r\n,,\r\n".encode("utf-8"),
    "vide.csv": b"",
    "t.json": '[{"nom":"<script>alert(1)</script>","v":null}]'.encode("utf-8"),
    "long.txt": ("é" * 100_000 + "\n").encode("utf-8"),
    "t.xlsx": bytes(range(256)) * 50,
    "sous/t.geojson": b'{"type":"FeatureCollection","features":[]}',
}


def _work(folder: Path) -> dict:
    for name, data in FILES.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(data)
    return {"files": {name: folder / name for name in FILES}, "outside": Path("/nulle/part.csv"),
            "text": "<b>é</b>", "n": None, "rows": (1, 2.5, "")}


def _scratch_left() -> list[str]:
    """This process's scratch folders (other processes on the machine, builds or tests, make and remove theirs)."""
    mine = f"{cachepack.SCRATCH_PREFIX}{os.getpid()}-"
    return [name for name in os.listdir(cachepack.scratch_root()) if name.startswith(mine)]


def test_a_packed_entry_gives_what_a_folder_entry_gives(tmp_path):
    before = set(_scratch_left())
    folder_entry = ResultCache(tmp_path / "folder").compute(KEY, _work)
    packed_entry = ResultCache(tmp_path / "packed").compute(KEY, _work, packed=True)
    assert packed_entry.folder is None and folder_entry.folder is not None
    plain, packed = folder_entry.value, packed_entry.value
    assert {k: v for k, v in packed.items() if k != "files"} == {k: v for k, v in plain.items() if k != "files"}
    assert all(isinstance(part, StoredPart) for part in packed["files"].values())
    assert {name: s.read_bytes() for name, s in packed["files"].items()} == {
        name: s.read_bytes() for name, s in plain["files"].items()} == FILES
    assert {name: content_size(s) for name, s in packed["files"].items()} == {
        name: len(data) for name, data in FILES.items()}
    # One file in the cache, and nothing left in the scratch file system.
    assert [p.name for p in (tmp_path / "packed").rglob("*") if p.is_file()] == [f"{KEY}.pack"]
    assert set(_scratch_left()) == before


def test_stored_bytes_get_and_decode_agree_and_are_only_the_head(tmp_path):
    cache = ResultCache(tmp_path)
    data = cache.store(KEY, _work, packed=True)
    assert cache.has(KEY)
    assert cachepack.is_head(data) and len(data) < sum(map(len, FILES.values()))  # never the files' bytes
    assert cache.decode(KEY, data) == cache.get(KEY)
    assert cache.store(KEY, lambda folder: 1 / 0, packed=True) == data  # stored: never recomputed
    assert cache.compute(KEY, lambda folder: 1 / 0, packed=True) == cache.get(KEY)


def test_both_layouts_side_by_side(tmp_path):
    cache = ResultCache(tmp_path)
    big, small = "cd" * 32, "ef" * 32
    cache.compute(big, _work)
    cache.compute(small, _work, packed=True)
    assert cache.has(big) and cache.has(small)
    assert cache.get(big).folder is not None and cache.get(small).folder is None
    for key in (big, small):
        assert {n: s.read_bytes() for n, s in cache.get(key).value["files"].items()} == FILES


def _corrupt_garbage(pack: Path) -> None:
    pack.write_bytes(b"not a pack at all")


def _corrupt_truncated(pack: Path) -> None:
    pack.write_bytes(pack.read_bytes()[:-1])


def _corrupt_longer(pack: Path) -> None:
    pack.write_bytes(pack.read_bytes() + b"x")


def _corrupt_pickle(pack: Path) -> None:
    data = bytearray(pack.read_bytes())
    data[cachepack.HEAD.size:cachepack.HEAD.size + 4] = b"\xff\xff\xff\xff"
    pack.write_bytes(bytes(data))


def _corrupt_empty(pack: Path) -> None:
    pack.write_bytes(b"")


@pytest.mark.parametrize("corrupt", [_corrupt_garbage, _corrupt_truncated, _corrupt_longer, _corrupt_pickle,
                                     _corrupt_empty])
def test_a_corrupt_or_truncated_pack_is_removed_and_computed_again(tmp_path, corrupt):
    cache = ResultCache(tmp_path)
    cache.compute(KEY, _work, packed=True)
    pack = cache._pack(KEY)
    corrupt(pack)
    assert cache.get(KEY) is None and not pack.exists() and not cache.has(KEY)
    entry = cache.compute(KEY, _work, packed=True)
    assert {n: s.read_bytes() for n, s in entry.value["files"].items()} == FILES


def test_the_first_stored_pack_stays_when_another_process_stores_the_same_key(tmp_path):
    """Two processes computing the same key: the second keeps the first one's entry (its parts may be in use,
    and another result's parts would sit at other offsets), and returns its head."""
    cache = ResultCache(tmp_path)

    def work_while_another_stores(folder: Path) -> dict:
        ResultCache(tmp_path).store(KEY, lambda other: {"winner": True, **_work(other)}, packed=True)
        return {"winner": False, **_work(folder)}

    data = cache.store(KEY, work_while_another_stores, packed=True)
    entry = cache.decode(KEY, data)
    assert entry.value["winner"] is True and cache.get(KEY) == entry
    assert {n: s.read_bytes() for n, s in entry.value["files"].items()} == FILES
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [f"{KEY}.pack"]  # no temporary file left


def _store_in_child(root: str, queue) -> None:
    queue.put(ResultCache(Path(root)).store(KEY, _work, packed=True))


def test_processes_storing_the_same_key_at_once_all_read_one_whole_entry(tmp_path):
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    children = [context.Process(target=_store_in_child, args=(str(tmp_path), queue)) for _ in range(4)]
    for child in children:
        child.start()
    heads = [queue.get(timeout=60) for _ in children]
    for child in children:
        child.join(timeout=60)
    cache = ResultCache(tmp_path)
    assert all(cache.decode(KEY, head) == cache.get(KEY) for head in heads)
    assert {n: s.read_bytes() for n, s in cache.get(KEY).value["files"].items()} == FILES


def test_without_a_scratch_folder_the_entry_is_a_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(cachepack, "scratch_folder", lambda: None)
    entry = ResultCache(tmp_path).compute(KEY, _work, packed=True)
    assert entry.folder is not None and entry.value["files"]["t.csv"] == entry.folder / "t.csv"


def test_scratch_root_falls_back_to_the_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(cachepack, "MEMORY_FOLDER", str(tmp_path / "no-shm"))
    monkeypatch.setattr(cachepack.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    cachepack.scratch_root.cache_clear()
    try:
        assert cachepack.scratch_root() == str(tmp_path / "tmp")
        entry = ResultCache(tmp_path / "cache").compute(KEY, _work, packed=True)
        assert entry.folder is None and list((tmp_path / "tmp").iterdir()) == []
        (tmp_path / "tmp").rmdir()
        assert cachepack.scratch_folder() is None  # nowhere to make it: the caller uses the folder layout
    finally:
        cachepack.scratch_root.cache_clear()


def test_a_full_scratch_file_system_falls_back_to_the_folder_layout(tmp_path):
    """The work fails with ENOSPC in the scratch folder: it is done again in a folder entry."""
    calls = []

    def work(folder: Path) -> dict:
        calls.append(folder)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return _work(folder)

    entry = ResultCache(tmp_path).compute(KEY, work, packed=True)
    assert entry.folder is not None and len(calls) == 2 and not calls[0].exists()
    assert {n: s.read_bytes() for n, s in entry.value["files"].items()} == FILES


def test_an_error_of_the_work_itself_is_raised(tmp_path):
    def work(folder: Path):
        raise OSError(errno.EACCES, "denied")

    with pytest.raises(OSError):
        ResultCache(tmp_path).store(KEY, work, packed=True)
    assert not ResultCache(tmp_path).has(KEY)


def test_a_result_referring_to_more_than_its_files_is_stored_as_a_folder(tmp_path):
    entry = ResultCache(tmp_path).compute(KEY, lambda folder: {"folder": folder, **_work(folder)}, packed=True)
    assert entry.folder is not None and entry.value["folder"] == entry.folder


def test_a_cache_where_entries_cannot_be_linked_gets_folder_entries(tmp_path, monkeypatch):
    def no_hard_links(source, target):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(cachepack.os, "link", no_hard_links)
    entry = ResultCache(tmp_path).compute(KEY, _work, packed=True)
    assert entry.folder is not None
    assert {n: s.read_bytes() for n, s in entry.value["files"].items()} == FILES
    assert not list(tmp_path.rglob("*.pack*"))  # no temporary pack left


def test_parts_are_copied_and_read_as_text_like_files(tmp_path):
    """The consumers of a download's source (the site's writers, the register's reader) give for a part what
    they give for the same bytes in a file of its own."""
    entry = ResultCache(tmp_path / "cache").compute(KEY, _work, packed=True)
    for name, part in entry.value["files"].items():
        write_new_file(tmp_path / "copy", part)
        assert (tmp_path / "copy").read_bytes() == FILES[name]
        write_atomically(tmp_path / "regional" / name, part)
        assert (tmp_path / "regional" / name).read_bytes() == FILES[name]
    whole = tmp_path / "t.csv"
    whole.write_bytes(FILES["t.csv"])
    part = entry.value["files"]["t.csv"]
    with open_text(part) as packed, open_text(whole) as plain:
        assert list(csv.reader(packed)) == list(csv.reader(plain))
    with open_text(part) as packed, whole.open(encoding="utf-8", newline="") as plain:
        assert packed.read() == plain.read()


def test_the_register_reads_a_packed_csv_as_a_file(tmp_path):
    text = ("DELIB_ID,DELIB_DATE,DELIB_OBJET,VOTE_EFFECTIF,VOTE_POUR,VOTE_CONTRE,VOTE_ABSTENTION\r\n"
            "2024-01,2024-01-15,\"Budget « primitif »\r\nligne 2\",29,25,2,2\r\n"
            "2024-02,,<script>x</script>,,,,\r\n")
    whole = tmp_path / "delibs.csv"
    whole.write_text(text, encoding="utf-8", newline="")

    def work(folder: Path) -> Path:
        (folder / "d.csv").write_text(text, encoding="utf-8", newline="")
        return folder / "d.csv"

    part = ResultCache(tmp_path / "cache").compute(KEY, work, packed=True).value
    site = write_site(tmp_path / "site")
    dataset = read_site(site)[0].datasets[0]
    assert isinstance(part, StoredPart)
    assert read_entries(part, dataset, label="data/d.csv", site_root=site) == read_entries(
        whole, dataset, label="data/d.csv", site_root=site)


ODD_CSV = (
    "nom;montant;date;note;latitude;longitude\r\n"
    "École « Jean-Jaurès »;1 234,56;31/12/2023;<script>alert('x')</script>;48,1;-1,6\r\n"
    ";;;;;\r\n"
    "Ünïcødé ✓;-0,5;01/01/2024;" + "très long " * 300 + ";48,2;-1,7\r\n"
    "\"Guillemets \"\"ici\"\"\";NULL;;null;;\r\n"
).encode("utf-8")


BIG_CSV = "n,libellé,montant,jour\n" + "".join(
    f"{n},É{n} <b>x</b>,{n * 1.5 if n % 7 else ''},2024-01-{n % 28 + 1:02d}\n"
    for n in range(convert.SMALL_TABLE_ROWS + 50))


def _tables(folder: Path) -> list:
    """Normalised tables: odd small ones, and one with more rows than the small-table writers take."""
    found = []
    for number, data in enumerate((ODD_CSV, BIG_CSV.encode("utf-8"), b"seule\nx\n\n\"\"\n", b"a,b\n")):
        path = folder / f"t{number}.csv"
        path.write_bytes(data)
        found.append(tabular.normalise(tabular.read_table(path)))
    return found


def test_a_work_folder_in_memory_gets_the_files_a_folder_on_disk_gets(tmp_path):
    """The downloads kept in memory (and the large table's written on disk beside them) are the files
    written in a plain folder, with the same sizes and hashes; a small table's folder is never made."""
    stamp = dt.datetime(2024, 5, 6, 7, 8, 9)
    for number, table in enumerate(_tables(tmp_path)):
        plain = tmp_path / f"plain{number}"
        expected = tabular.write_downloads(table, plain, "t", timestamp=stamp)
        memory = WorkFolder(tmp_path / f"memory{number}", in_memory=True)
        assert tabular.write_downloads(table, memory, "t", timestamp=stamp) == expected
        big = table.row_count > convert.SMALL_TABLE_ROWS
        assert memory.made == big and Path(memory.path).exists() == big
        parts = cachepack.parts_in(memory)
        assert parts.files == tuple(str(plain).replace("plain", "memory") + os.sep + d.name
                                    for d in sorted(expected, key=lambda d: d.name))
        for d in expected:
            path = os.path.join(memory.path, d.name)
            data = memory.kept[path] if path in memory.kept else Path(path).read_bytes()
            assert data == (plain / d.name).read_bytes() and parts.places[path][1] == d.size


def test_a_kept_file_written_out_is_packed_from_the_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(cachepack, "scratch_root", lambda: str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()

    def work(folder: WorkFolder) -> dict:
        kept = {name: Path(folder.keep(name, data)) for name, data in FILES.items() if "/" not in name}
        folder.write_out(str(kept["t.csv"]))  # read back by a validator
        assert kept["t.csv"].read_bytes() == FILES["t.csv"]
        return {"files": kept}

    cache = ResultCache(tmp_path / "cache")
    entry = cache.decode(KEY, cache.store(KEY, work, packed=True, in_memory=True))
    assert entry.folder is None and not os.listdir(tmp_path / "scratch")
    assert {n: s.read_bytes() for n, s in entry.value["files"].items()} == {
        n: d for n, d in FILES.items() if "/" not in n}


def test_a_site_built_with_packed_entries_is_the_site_built_with_folders(tmp_path, monkeypatch):
    """Odd values (empty cells, nulls, unicode, decimal commas, dates, long texts, HTML, coordinates): the
    site from packed entries, computed then reused, is byte for byte the site from folder entries."""
    files = {"data/subventions.csv": ODD_CSV,
             "data/autre.csv": "a,b\n1,2\n,\n",
             "datasets/autre.yml": "title: Autre\ndescription: x\nresources: [autre.csv]\n",
             # more rows than the small-table writers take: its Parquet and XLSX files are written on disk
             "data/long.csv": BIG_CSV,
             "datasets/long.yml": "title: Long\ndescription: x\nresources: [long.csv]\n"}
    sites = {}
    for name, limit in (("folders", -1), ("packed", tables.PACK_INPUT_BYTES)):
        monkeypatch.setattr(tables, "PACK_INPUT_BYTES", limit)
        site = write_site(tmp_path / name, files)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        assert build(site, tmp_path / f"{name}-out").written
        sites[name] = tree_bytes(tmp_path / f"{name}-out")
        suffixes = {p.suffix for p in (site / ".portalgen-cache" / "work").rglob("*") if p.is_file()}
        assert (".pack" in suffixes) == (name == "packed")
        shutil.rmtree(tmp_path / f"{name}-out")
        tables.WORK_COUNTER["processed"] = 0
        assert build(site, tmp_path / f"{name}-out").written  # every result read back from the cache
        assert tables.WORK_COUNTER["processed"] == 0
        assert tree_bytes(tmp_path / f"{name}-out") == sites[name]
    marker = ".portalgen-site"
    assert {k: v for k, v in sites["packed"].items() if k != marker} == {
        k: v for k, v in sites["folders"].items() if k != marker}
    assert any(name.endswith(".geojson") for name in sites["packed"])


def test_scratch_folders_of_dead_processes_are_removed_and_others_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(cachepack, "scratch_root", lambda: str(tmp_path))
    child = os.fork()
    if child == 0:
        os._exit(0)
    os.waitpid(child, 0)  # a process id that no longer runs
    dead = tmp_path / f"{cachepack.SCRATCH_PREFIX}{child}-abc"
    (dead / "sub").mkdir(parents=True)
    (dead / "sub" / "x.csv").write_bytes(b"a")
    mine = Path(cachepack.scratch_folder())
    (mine / "y.csv").write_bytes(b"b")
    others = [tmp_path / "portalgen-work-notanumber", tmp_path / "unrelated", tmp_path / f"{cachepack.SCRATCH_PREFIX}1-x"]
    for folder in others:
        folder.mkdir()
    assert cachepack.remove_abandoned_scratch() == 1
    assert not dead.exists() and (mine / "y.csv").exists() and all(folder.exists() for folder in others)


def test_a_build_removes_abandoned_scratch_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(cachepack, "scratch_root", lambda: str(tmp_path / "scratch"))
    (tmp_path / "scratch").mkdir()
    child = os.fork()
    if child == 0:
        os._exit(0)
    os.waitpid(child, 0)
    dead = tmp_path / "scratch" / f"{cachepack.SCRATCH_PREFIX}{child}-abc"
    dead.mkdir()
    site = write_site(tmp_path / "site")  # its one small table: packed, through a scratch folder
    assert build(site, tmp_path / "out").written
    assert not dead.exists()


# ---------------------------------------------------------------------------------------------- lockstep

def _on_disk(work):
    """``work`` (folder -> result) given a folder in memory (as in_memory works are) or a path."""
    return lambda folder: work(Path(folder.on_disk()) if isinstance(folder, WorkFolder) else folder)


def _steps(work):
    """``work`` (folder -> result) as steps: one step before the work, one after it."""
    def steps(folder):
        yield
        value = _on_disk(work)(folder)
        yield
        return value
    return steps


def _keyed(number: int) -> str:
    return f"{number:02d}" * 32


def test_works_stored_in_lockstep_are_what_store_gives_each_alone(tmp_path):
    before = set(_scratch_left())
    together = ResultCache(tmp_path / "together")
    stored = together.store_in_lockstep([(_keyed(n), _steps(_work)) for n in range(3)])
    for number, data in enumerate(stored):
        alone = ResultCache(tmp_path / f"alone-{number}")
        assert data == alone.store(_keyed(number), _on_disk(_work), packed=True, in_memory=True)
        entry = together.decode(_keyed(number), data)
        assert entry == together.get(_keyed(number)) and entry.folder is None
        assert {n: s.read_bytes() for n, s in entry.value["files"].items()} == FILES
    assert sorted(p.name for p in (tmp_path / "together").rglob("*") if p.is_file()) == [
        f"{_keyed(n)}.pack" for n in range(3)]
    assert set(_scratch_left()) == before


def test_a_stored_work_is_not_done_again_in_lockstep(tmp_path):
    cache = ResultCache(tmp_path)
    first = cache.store(_keyed(1), _work, packed=True)
    stored = cache.store_in_lockstep([(_keyed(1), _steps(lambda folder: 1 / 0)), (_keyed(2), _steps(_work))])
    assert stored[0] == first and cache.has(_keyed(2))


def test_in_lockstep_a_full_scratch_or_an_unpackable_result_falls_back_to_a_folder_entry(tmp_path):
    calls = []

    def full_once(folder):
        calls.append(folder)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return _work(folder)

    cache = ResultCache(tmp_path)
    stored = cache.store_in_lockstep([
        (_keyed(1), _steps(full_once)),
        (_keyed(2), _steps(lambda folder: {"folder": folder, **_work(folder)})),
        (_keyed(3), _steps(_work))])
    entries = [cache.decode(_keyed(n), data) for n, data in zip((1, 2, 3), stored)]
    assert [entry.folder is not None for entry in entries] == [True, True, False]
    assert len(calls) == 2
    assert entries[1].value["folder"] == entries[1].folder
    for entry in entries:
        assert {n: s.read_bytes() for n, s in entry.value["files"].items()} == FILES


def test_in_lockstep_an_error_of_a_work_itself_is_raised_and_nothing_is_left(tmp_path):
    before = set(_scratch_left())

    def fails(folder):
        _work(folder)
        raise ValueError("bad table")

    cache = ResultCache(tmp_path)
    with pytest.raises(ValueError, match="bad table"):
        cache.store_in_lockstep([(_keyed(1), _steps(_work)), (_keyed(2), _steps(fails))])
    assert not cache.has(_keyed(1)) and not cache.has(_keyed(2))
    assert set(_scratch_left()) == before
