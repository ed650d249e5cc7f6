"""Decoding stored results: classes looked up once per process give what pickle's own look-up gives."""

from __future__ import annotations

import gc
import pickle
from pathlib import Path

import pytest

from portalgen import cache
from portalgen.cache import ResultCache
from portalgen.pipeline import build
from tests.helpers import write_site

GLOBALS = [("builtins", "getattr"), ("builtins", "set"), ("collections", "OrderedDict"), ("pathlib", "PosixPath"),
           ("datetime", "date"), ("decimal", "Decimal"), ("portalgen.model", "Dataset"),
           ("portalgen.filesource", "StoredPart"), ("copyreg", "_reconstructor"), ("os.path", "join"),
           ("portalgen.cache", "ResultCache.decode")]


@pytest.mark.parametrize("module, name", GLOBALS)
def test_a_class_found_once_is_what_pickle_finds(module: str, name: str) -> None:
    found = __import__(module, fromlist=["x"])
    for part in name.split("."):
        found = getattr(found, part)
    data = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
    for _ in range(2):  # looked up, then remembered
        assert cache._EntryUnpickler(data).load() is pickle.loads(data) is found


def test_a_missing_class_is_an_error_each_time() -> None:
    for module, name in (("portalgen.model", "NoSuchClass"), ("portalgen.no_such_module", "X")):
        texts = b"".join(b"\x8c" + bytes([len(text)]) + text.encode() for text in (module, name))
        data = b"\x80\x05" + texts + b"\x93."  # protocol 5: module, name, STACK_GLOBAL, STOP
        for _ in range(2):
            with pytest.raises((AttributeError, ModuleNotFoundError)):
                cache._EntryUnpickler(data).load()


class _PlainLookUp(cache._EntryUnpickler):
    """The unpickler as it was: pickle's own look-up every time."""

    def find_class(self, module: str, name: str):
        if module == cache.__name__ and name in (cache._in_entry.__name__, cache._in_pack.__name__):
            return super().find_class(module, name)
        return pickle.Unpickler.find_class(self, module, name)


def test_stored_results_of_a_build_decode_to_the_same_values(tmp_path: Path, monkeypatch) -> None:
    site = write_site(tmp_path / "site", {
        "data/points.csv": "nom,latitude,longitude,date,montant\nÉcole <b>,48.1,-1.6,2024-01-31,\"1,5\"\n"
                           "Mairie & co,48.2,-1.7,,\n\"Long\"\"texte\",,, 31/12/2023,12\n",
        "datasets/points.yml": "title: Points\ndescription: Des points de la commune, pour tester.\n"
                               "resources: [points.csv]\n"})
    assert not build(site, tmp_path / "out").failed()
    results = ResultCache(site / ".portalgen-cache")
    stored = sorted((site / ".portalgen-cache" / "work").glob("*/*"))
    assert len(stored) >= 2
    decoded = []
    for entry in stored:
        key = entry.name.split(".")[0]
        data = results._read(key)
        decoded.append(results.decode(key, data))
    monkeypatch.setattr(cache, "_EntryUnpickler", _PlainLookUp)
    for entry, ours in zip(stored, decoded):
        key = entry.name.split(".")[0]
        assert ours is not None and results.decode(key, results._read(key)) == ours


@pytest.mark.parametrize("root", ["/a/b", "rel/x", "/a/b/", ".", "/é x/ç", "/a//b/./c"])
def test_a_pack_path_joined_to_its_shard_is_the_path_of_its_whole_text(root: str) -> None:
    results = ResultCache(Path(root))
    for key in ("ab" + "c" * 62, "00" + "f" * 62, "ab" + "d" * 62, "ab" + "c" * 62):
        whole = Path(results._folder_text(key) + ".pack")
        assert results._pack(key) == whole and str(results._pack(key)) == str(whole)


def test_decoding_an_entry_leaves_no_garbage_cycle(tmp_path: Path) -> None:
    """The build freezes what its main process holds as the data work's results arrive
    (pipeline._collector_set_for_a_build): a cycle left by decoding would be kept until the build ends."""
    site = write_site(tmp_path / "site", {
        "data/points.csv": "nom,latitude,longitude\nÉcole,48.1,-1.6\nMairie,48.2,-1.7\n",
        "datasets/points.yml": "title: Points\ndescription: Des points de la commune, pour tester.\n"
                               "resources: [points.csv]\n"})
    assert not build(site, tmp_path / "out").failed()
    results = ResultCache(site / ".portalgen-cache")
    keys = [entry.name.split(".")[0] for entry in sorted((site / ".portalgen-cache" / "work").glob("*/*.pack"))]
    assert keys
    stored = [results._read(key) for key in keys]
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        decoded = [results.decode(key, data) for key, data in zip(keys, stored)]
        assert all(entry is not None for entry in decoded)
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()
