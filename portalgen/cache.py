"""A content-addressed cache of the costly per-resource work (normalisation, profiling,
conversions, validation, privacy scan).

The key covers the input bytes (their sha256), the settings that change the result and the
portalgen version, so a rebuild with nothing changed does none of that work, and changing one
file redoes only that file's work. An entry is written under a temporary name and moved into
place, so an interrupted build never leaves a half-written entry. It has one of two layouts:

- a folder holding ``result.pickle`` and the files the work produced; paths inside the entry are
  stored relative to its folder (:func:`dump_result`);
- a packed entry, for small work (``store(…, packed=True)``): ONE file, ``<key>.pack``, holding a
  header, the pickled result, then the bytes of each file the work produced (:mod:`portalgen.cachepack`);
  paths to those files are stored as parts of the entry (:func:`dump_packed_result`). The work runs
  in a scratch folder on a fast file system; on the cache's disk, creating a file costs more system
  time than a small table's conversions, and a packed entry is one file where a folder entry is a
  folder and five or six files.
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
from typing import Any, Callable, Sequence

from . import __version__, cachepack
from .filesource import StoredPart, WorkFolder, write_new_file
from .lockstep import Steps, run_in_lockstep, run_to_end


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
    """A stored result; ``folder`` is the entry's folder, None for a packed entry (whose files are
    :class:`~portalgen.filesource.StoredPart` values in ``value``)."""

    folder: Path | None
    value: Any


def _in_entry(relative: str) -> Path:
    """Stands in a stored result for a path inside its entry; :class:`_EntryUnpickler` resolves it."""
    raise pickle.UnpicklingError("a cached result is read with ResultCache, which knows its folder")


def _in_pack(offset: int, size: int) -> StoredPart:
    """Stands in a stored result for a file packed in its entry; :class:`_EntryUnpickler` resolves it."""
    raise pickle.UnpicklingError("a cached result is read with ResultCache, which knows its entry")


def _dump_with_paths(value: Any, reduce_path: Callable[[Path], tuple]) -> bytes:
    """``value`` pickled, each path in it stored as ``reduce_path`` gives it (a pickle reduction)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, PosixPath: reduce_path, WindowsPath: reduce_path}
    pickler.dump(value)
    return buffer.getvalue()


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

    return _dump_with_paths(value, reduce_path)


def dump_packed_result(value: Any, scratch: str, parts: cachepack.Parts) -> bytes:
    """The stored form of a result made in the scratch folder whose path is ``scratch`` for a packed entry:
    each path to one of the ``parts`` is kept as its place in the entry, read back as a :class:`StoredPart`.
    Raises :class:`cachepack.NotPackable` for any other path into ``scratch``."""
    prefix = scratch + os.sep

    def reduce_path(path: Path):
        text = str(path)
        place = parts.places.get(text)
        if place is not None:
            return _in_pack, place
        if text.startswith(prefix) or text == scratch:
            raise cachepack.NotPackable(f"the result refers to {path}, which is not a file the work made")
        return type(path), (text,)

    return _dump_with_paths(value, reduce_path)


#: (module, name) → what pickle's ``find_class`` found for it in this process; see :class:`_EntryUnpickler`.
_FOUND_CLASSES: dict[tuple[str, str], Any] = {}


class _EntryUnpickler(pickle.Unpickler):
    """Reads a stored result back: a path inside a folder entry is joined to ``folder``; a part of a
    packed entry becomes a :class:`StoredPart` of ``pack``, its offset counted from ``first_part``.

    Any other class or function is looked up once per process (:data:`_FOUND_CLASSES`): the parent of
    the data work's workers decodes one result per dataset, each naming the same few dozen classes, and
    pickle's look-up (the module in ``sys.modules``, its attribute, an audit event) made a tenth of the
    decoding. The answer is the same every time: results are pickled at the highest protocol (where the
    look-up depends on the module and name only), and a module's class or function does not change
    during a build."""

    def __init__(self, data: bytes, folder: Path | None = None, pack: Path | None = None, first_part: int = 0):
        super().__init__(io.BytesIO(data))
        self.folder = folder
        self.pack = pack
        self.first_part = first_part

    def find_class(self, module: str, name: str):
        if module == __name__ and name == _in_entry.__name__ and self.folder is not None:
            return self.folder.joinpath
        if module == __name__ and name == _in_pack.__name__ and self.pack is not None:
            return functools.partial(_part_in, self.pack, self.first_part)
        found = _FOUND_CLASSES.get((module, name))
        if found is None:
            found = _FOUND_CLASSES[module, name] = super().find_class(module, name)
        return found


def _part_in(pack: Path, first_part: int, offset: int, size: int) -> StoredPart:
    """A part of a packed entry, as :class:`_EntryUnpickler` reads it back. A function of its own, handed
    to the unpickler with ``pack`` and ``first_part`` bound, not a method of the unpickler: its memo would
    keep the method, the method the unpickler, a cycle holding the pickled bytes that only the collector
    frees, and the build puts what the main process holds out of its sight as results arrive (10,000
    datasets: 200 MB more at the peak)."""
    return StoredPart(pack, first_part + offset, size)


def load_result(data: bytes, folder: Path) -> Any:
    """A result stored by :func:`dump_result`, its paths pointing into ``folder``."""
    return _EntryUnpickler(data, folder=folder).load()


def load_packed_result(head: bytes, pack: Path) -> Any:
    """A result stored in the packed entry ``pack`` whose head (:func:`cachepack.read_head`) is ``head``."""
    pickled, first_part = cachepack.split_head(head)
    return _EntryUnpickler(pickled, pack=pack, first_part=first_part).load()


class ResultCache:
    def __init__(self, root: Path):
        self.root = root
        self._shards: dict[str, Path] = {}  # key[:2] → the folder of its entries, see _pack

    def _folder(self, key: str) -> Path:
        return Path(self._folder_text(key))

    def _folder_text(self, key: str) -> str:
        # Joined as text: a build looks up every entry, and a pathlib join costs more than the lookup.
        return os.path.join(self.root, "work", key[:2], key)

    def _pack_text(self, key: str) -> str:
        return self._folder_text(key) + cachepack.SUFFIX

    def _pack(self, key: str) -> Path:
        # From the entries' folder, made once per shard (256 at most): a Path joined to it parses the entry's
        # name only, where a Path of the whole text parses every part again (the build decodes one a dataset).
        shard = self._shards.get(key[:2])
        if shard is None:
            shard = self._shards[key[:2]] = Path(self.root, "work", key[:2])
        return shard / (key + cachepack.SUFFIX)

    def has(self, key: str) -> bool:
        """Whether an entry is stored for ``key`` (without reading it)."""
        folder = self._folder_text(key)
        return os.path.isfile(folder + cachepack.SUFFIX) or os.path.isfile(os.path.join(folder, "result.pickle"))

    def _read(self, key: str) -> bytes | None:
        """The stored bytes of ``key``'s entry (a packed entry's header and result, never its files),
        None when there is none."""
        folder = self._folder_text(key)
        try:
            return cachepack.read_head(folder + cachepack.SUFFIX)
        except FileNotFoundError:
            pass
        except OSError:  # unreadable or truncated: removed, to be computed again
            Path(folder + cachepack.SUFFIX).unlink(missing_ok=True)
            return None
        try:
            with open(os.path.join(folder, "result.pickle"), "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def get(self, key: str) -> CacheEntry | None:
        data = self._read(key)
        return None if data is None else self.decode(key, data)

    def decode(self, key: str, data: bytes) -> CacheEntry | None:
        """The entry of ``key`` from its stored bytes (as :meth:`store` returns them); None when they are
        corrupt or were made by other code (the entry is then removed, to be computed again)."""
        if cachepack.is_head(data):
            pack = self._pack(key)
            try:
                return CacheEntry(None, load_packed_result(data, pack))
            except Exception:
                pack.unlink(missing_ok=True)
                return None
        folder = self._folder(key)
        try:
            return CacheEntry(folder, load_result(data, folder))
        except Exception:
            shutil.rmtree(folder, ignore_errors=True)
            return None

    def store(self, key: str, work: Callable[[Any], Any], *, packed: bool = False,
              in_memory: bool = False) -> bytes:
        """The stored bytes of ``key``'s entry: ``work(folder)`` is run and its result stored, unless
        another process (a syndicat's other commune) stored it already.

        With ``packed``, the work runs in a scratch folder and its result and files are stored as one
        packed entry, when a scratch folder can be had and the result refers to nothing but the files
        the work made there (otherwise the entry is a folder, as without ``packed``). With ``in_memory``
        too, the work is given a :class:`~portalgen.filesource.WorkFolder` in memory instead
        (:func:`cachepack.memory_folder`), and the entry is written from the files it keeps.

        A worker process sends these bytes to its parent, which decodes them (:meth:`decode`) instead
        of reading the entry back from the disk."""
        data = self._read(key)
        if data is not None:
            return data
        scratch = None
        if packed and in_memory:
            scratch = cachepack.memory_folder()
        elif packed:
            folder = cachepack.scratch_folder()
            scratch = WorkFolder(folder) if folder is not None else None
        if scratch is None:
            return self._store_folder(key, work)
        data = self._store_packed(key, work, scratch)
        return data if data is not None else self._store_folder(key, work)

    def _store_packed(self, key: str, work: Callable[[Any], Any], scratch: WorkFolder) -> bytes | None:
        """:meth:`store` in the packed layout, the work run in ``scratch`` (removed here); None when the
        result cannot be packed, and then the folder layout does the work again on the cache's disk:
        when the scratch file system is full (it is small in a container; an error that is not that is
        raised there again), when the result refers to more than the files the work made, or when the
        cache's file system takes no hard link (see :func:`cachepack.write_entry`)."""
        try:
            value = work(scratch if scratch.in_memory else Path(scratch.path))
        except BaseException as exc:
            cachepack.remove_scratch(scratch)
            if isinstance(exc, OSError):
                return None
            raise
        return self._pack_and_remove(key, value, scratch)

    def _pack_and_remove(self, key: str, value: Any, scratch: WorkFolder) -> bytes | None:
        """The packed entry of ``value`` and the files its work made in ``scratch``, written; None when it
        cannot be packed (see :meth:`_store_packed`). ``scratch`` is removed."""
        parts = None
        try:
            parts = cachepack.parts_in(scratch)
            pickled = dump_packed_result(value, scratch.path, parts)
            # The entry's path as text: a worker writes one entry per small table, and pathlib's parsing
            # and joining cost more than the rest of writing it, its system calls aside.
            return cachepack.write_entry(self._pack_text(key), cachepack.head(pickled, parts), parts)
        except cachepack.NotPackable:
            return None
        finally:
            cachepack.remove_scratch(scratch, parts)

    def store_in_lockstep(self, works: Sequence[tuple[str, Callable[[Any], Steps[Any]]]]) -> list[bytes]:
        """``[store(key, work, packed=True, in_memory=True) for key, work in works]``, but each work is given
        as steps (see :mod:`portalgen.lockstep`) and the works the cache lacks run in lockstep: for small
        works, whose many short calls into different libraries cost less CPU so. The results and entries are
        those of :meth:`store`; a work that cannot be packed is done again alone in the folder layout."""
        stored = [self._read(key) for key, _ in works]
        missing = [index for index, data in enumerate(stored) if data is None]
        scratches = [cachepack.memory_folder() for _ in missing]
        try:
            outcomes = run_in_lockstep([works[index][1](scratch) for index, scratch in zip(missing, scratches)],
                                       tolerate=OSError)
            for index, scratch, outcome in zip(missing, scratches, outcomes):
                key, steps = works[index]
                data = None if isinstance(outcome, OSError) else self._pack_and_remove(key, outcome, scratch)
                stored[index] = data if data is not None else self._store_folder(
                    key, lambda folder, steps=steps: run_to_end(steps(folder)))
        finally:
            for scratch in scratches:  # (those packed are removed already: nothing is left to do for them)
                cachepack.remove_scratch(scratch)
        return stored

    def _store_folder(self, key: str, work: Callable[[Path], Any]) -> bytes:
        """:meth:`store` in the folder layout."""
        folder = self._folder(key)
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

    def compute(self, key: str, work: Callable[[Path], Any], *, packed: bool = False) -> CacheEntry:
        """Return the cached entry for ``key``, or run ``work(folder)`` and store its result (packed
        or not, see :meth:`store`).

        The value returned is always the one read back from the stored bytes, so a build that
        computes an entry sees exactly what a later build that reuses it sees."""
        entry = self.get(key)
        if entry is not None:
            return entry
        entry = self.decode(key, self.store(key, work, packed=packed))
        if entry is None:
            raise pickle.UnpicklingError(f"the result stored under {key} cannot be read back")
        return entry
