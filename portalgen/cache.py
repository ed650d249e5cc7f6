"""A content-addressed cache of the costly per-resource work (normalisation, profiling,
conversions, validation, privacy scan).

The key covers the input bytes (their sha256), the settings that change the result and the
portalgen version, so a rebuild with nothing changed does none of that work, and changing one
file redoes only that file's work. An entry is a folder holding ``result.pickle`` and the files
the work produced; it is written under a temporary name and renamed into place, so an
interrupted build never leaves a half-written entry. Paths inside the entry are stored relative to
its folder (:func:`dump_result`).
"""

from __future__ import annotations

import copyreg
import functools
import hashlib
import io
import json
import os
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path, PosixPath, WindowsPath
from typing import Any, Callable

from . import __version__
from .filewrite import write_new_file


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """The portalgen version and a hash of its code: results made by other code are never reused."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_key(*parts: Any) -> str:
    """A stable key for JSON-serialisable parts (dataclasses are turned into their repr)."""
    payload = json.dumps([code_version(), *parts], sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CacheEntry:
    folder: Path
    value: Any


def _in_entry(relative: str) -> Path:
    """Stands in a stored result for a path inside its entry; :class:`_EntryUnpickler` resolves it."""
    raise pickle.UnpicklingError("a cached result is read with ResultCache, which knows its folder")


def dump_result(value: Any, folder: Path) -> bytes:
    """The stored form of a result made in ``folder``: paths inside it are kept relative to it.

    So an entry does not depend on where it was made (a temporary folder, renamed into place): no
    rewrite of the result is needed, and a path is rebuilt from one short string when read back,
    where pickle's own form of a path is every part of it, each parsed again."""
    base = str(folder)
    prefix = base + os.sep

    def reduce_path(path: Path):
        text = str(path)
        if text.startswith(prefix):
            return _in_entry, (text[len(prefix):],)
        if text == base:
            return _in_entry, ("",)
        return type(path), (text,)

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, PosixPath: reduce_path, WindowsPath: reduce_path}
    pickler.dump(value)
    return buffer.getvalue()


class _EntryUnpickler(pickle.Unpickler):
    def __init__(self, data: bytes, folder: Path):
        super().__init__(io.BytesIO(data))
        self.folder = folder

    def find_class(self, module: str, name: str):
        if module == __name__ and name == _in_entry.__name__:
            return self.folder.joinpath
        return super().find_class(module, name)


def load_result(data: bytes, folder: Path) -> Any:
    """A result stored by :func:`dump_result`, its paths pointing into ``folder``."""
    return _EntryUnpickler(data, folder).load()


class ResultCache:
    def __init__(self, root: Path):
        self.root = root

    def _folder(self, key: str) -> Path:
        return self.root / "work" / key[:2] / key

    def has(self, key: str) -> bool:
        """Whether an entry is stored for ``key`` (without reading it)."""
        return (self._folder(key) / "result.pickle").is_file()

    def get(self, key: str) -> CacheEntry | None:
        folder = self._folder(key)
        try:
            data = (folder / "result.pickle").read_bytes()
        except OSError:
            return None
        return self.decode(key, data)

    def decode(self, key: str, data: bytes) -> CacheEntry | None:
        """The entry of ``key`` from its stored bytes (as :meth:`store` returns them); None when they are
        corrupt or were made by other code (the entry is then removed, to be computed again)."""
        folder = self._folder(key)
        try:
            return CacheEntry(folder, load_result(data, folder))
        except Exception:
            shutil.rmtree(folder, ignore_errors=True)
            return None

    def store(self, key: str, work: Callable[[Path], Any]) -> bytes:
        """The stored bytes of ``key``'s entry: ``work(folder)`` is run and its result stored, unless
        another process (a syndicat's other commune) stored it already.

        A worker process sends these bytes to its parent, which decodes them (:meth:`decode`) instead
        of reading the entry back from the disk."""
        folder = self._folder(key)
        try:
            return (folder / "result.pickle").read_bytes()
        except OSError:
            pass
        tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
        try:
            tmp.mkdir(parents=True)
        except FileExistsError:  # left by an interrupted process that had the same id
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
        try:
            data = dump_result(work(tmp), tmp)
            write_new_file(tmp / "result.pickle", data)
            try:
                tmp.rename(folder)
            except OSError:
                # Another process (a syndicat's other commune with the same file) stored it first:
                # its entry is as good as ours, and may be in use.
                shutil.rmtree(tmp, ignore_errors=True)
                return (folder / "result.pickle").read_bytes()
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return data

    def compute(self, key: str, work: Callable[[Path], Any]) -> CacheEntry:
        """Return the cached entry for ``key``, or run ``work(folder)`` and store its result.

        The value returned is always the one read back from the stored bytes, so a build that
        computes an entry sees exactly what a later build that reuses it sees."""
        entry = self.get(key)
        if entry is not None:
            return entry
        entry = self.decode(key, self.store(key, work))
        if entry is None:
            raise pickle.UnpicklingError(f"the result stored under {key} cannot be read back")
        return entry
