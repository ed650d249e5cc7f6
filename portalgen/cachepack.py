"""The packed layout of a cache entry: a small result and the files its work made, as ONE file.

On the disks the builds run on, creating a file or a folder costs more system time than a small
table's conversions: a folder entry (a folder, five or six files, a rename) was about a quarter of
a small table's data work. A packed entry is one file, ``<key>.pack``::

    header   MAGIC, the size of the pickled result, the size of the whole file (struct ``HEAD``)
    result   the pickled result, each path to a file the work made stored as (offset, size) in …
    parts    … the bytes of those files, one after the other, in the order of their paths

The work puts its files in a scratch folder on a fast file system (:func:`scratch_folder`), or
keeps them in memory (:func:`memory_folder`: only the files written by a library, or read back by
path as the schema validation reads the CSV, are then made on the disk, in that folder);
:func:`write_entry` then copies them into the entry, which is written under a temporary name and
linked into place: a reader sees a whole entry or none, and when two processes store the same key
the first one's entry stays (a result already decoded from it may be in use). Reading an entry
(:func:`read_head`) reads its header and result, never its parts: the write stage copies those
straight from the entry (:class:`~portalgen.filesource.StoredPart`).

:mod:`portalgen.cache` pickles the result; this module knows the file.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import shutil
import struct
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .filesource import WorkFolder, copy_into
from .filewrite import CREATE, write_all

SUFFIX = ".pack"
MAGIC = b"portalgen-pack/1"
HEAD = struct.Struct(f"<{len(MAGIC)}sQQ")

#: Where scratch folders are made on Linux: a file system in memory (tmpfs), present in containers too,
#: where it is small (64 MiB by default in Docker: see ``tables.PACK_INPUT_BYTES``).
MEMORY_FOLDER = "/dev/shm"


class CorruptPack(OSError):
    """A packed entry that is not whole (truncated, overwritten, of another format)."""


class NotPackable(ValueError):
    """A result that refers to something in the scratch folder besides the files of its parts (the
    folder itself, a subfolder, a missing file), or a cache on a file system where an entry cannot be
    linked into place: it is stored as a folder entry instead."""


@dataclass(frozen=True)
class Parts:
    """The files a work made in its scratch folder, as they are laid out in the entry."""

    files: tuple[str, ...]               # their paths, in the order of the parts
    places: dict[str, tuple[int, int]]   # path -> (offset from the first part, size)
    size: int                            # of all the parts
    kept: dict[str, bytes] = field(default_factory=dict)  # path -> bytes, for the files kept in memory


@functools.lru_cache(maxsize=1)
def scratch_root() -> str:
    """Where scratch folders are made: :data:`MEMORY_FOLDER` when it is a writable folder, else the
    system's temporary folder."""
    if os.path.isdir(MEMORY_FOLDER) and os.access(MEMORY_FOLDER, os.W_OK | os.X_OK):
        return MEMORY_FOLDER
    return tempfile.gettempdir()


SCRATCH_PREFIX = "portalgen-work-"


def scratch_folder() -> Path | None:
    """A new, empty scratch folder for one work (the caller removes it), None when none can be made.

    One per work rather than one per process: in memory a folder costs a few microseconds, and none is
    left behind by a worker process that exits without running its clean-up. Its name holds the id of
    the process that made it, for :func:`remove_abandoned_scratch`."""
    try:
        return Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=scratch_root()))
    except OSError:
        return None


def memory_folder() -> WorkFolder:
    """A new scratch folder in memory for one work (:class:`~portalgen.filesource.WorkFolder`): a path of
    :func:`scratch_folder`'s kind, made on the disk only when the work needs it there (then removed by
    the caller, as a scratch folder is). The random part of its name makes it new, as mkdtemp's does;
    were it taken, the work's OSError sends it to a folder entry."""
    name = f"{SCRATCH_PREFIX}{os.getpid()}-{secrets.token_hex(6)}"
    return WorkFolder(os.path.join(scratch_root(), name), in_memory=True)


def remove_abandoned_scratch() -> int:
    """Remove the scratch folders of processes that no longer run (a worker killed in the middle of a
    work: the memory of /dev/shm is only given back when its files are removed). Returns how many were
    removed. A folder of a running process, another build's included, is left alone."""
    removed = 0
    try:
        names = os.listdir(scratch_root())
    except OSError:
        return 0
    for name in names:
        if not name.startswith(SCRATCH_PREFIX):
            continue
        pid_text = name[len(SCRATCH_PREFIX):].partition("-")[0]
        if not pid_text.isdigit() or _process_runs(int(pid_text)):
            continue
        shutil.rmtree(os.path.join(scratch_root(), name), ignore_errors=True)
        removed += 1
    return removed


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (no permission), or no such call here: assume it runs
        return True
    return True


def parts_in(scratch: WorkFolder) -> Parts:
    """Every file of ``scratch`` as a part, in the order of their paths: those it keeps in memory, and
    those under its folder on the disk (none when the folder was never made)."""
    found: list[tuple[str, int]] = [(path, len(data)) for path, data in scratch.kept.items()]
    if scratch.made:
        for folder, _, names in os.walk(scratch.path):
            for name in names:
                path = os.path.join(folder, name)
                found.append((path, os.stat(path).st_size))
    found.sort()
    places: dict[str, tuple[int, int]] = {}
    offset = 0
    for path, size in found:
        places[path] = (offset, size)
        offset += size
    return Parts(tuple(path for path, _ in found), places, offset, scratch.kept)


def remove_scratch(scratch: WorkFolder, parts: Parts | None = None) -> None:
    """Remove the scratch folder of a work; ``parts`` are the files in it when known (a folder holding
    only them is removed with one call each, where a general removal looks at every file first). A
    folder in memory never made on the disk has nothing to remove."""
    if not scratch.made:
        return
    if parts is not None:
        try:
            for path in parts.files:
                if path not in parts.kept:
                    os.unlink(path)
            os.rmdir(scratch.path)
            return
        except OSError:
            pass  # a subfolder, or a file already gone: the general removal below
    shutil.rmtree(scratch.path, ignore_errors=True)


def head(pickled: bytes, parts: Parts) -> bytes:
    """The header and result of an entry: what :func:`read_head` reads back."""
    return HEAD.pack(MAGIC, len(pickled), HEAD.size + len(pickled) + parts.size) + pickled


def is_head(data: bytes) -> bool:
    """Whether ``data`` is the head of a packed entry (a folder entry's data is a bare pickle)."""
    return data[:len(MAGIC)] == MAGIC


def split_head(data: bytes) -> tuple[bytes, int]:
    """The pickled result in the head ``data``, and the offset of the first part in the entry."""
    magic, pickled_size, _ = HEAD.unpack_from(data)
    if magic != MAGIC or len(data) != HEAD.size + pickled_size:
        raise CorruptPack("not the head of a packed entry")
    return data[HEAD.size:], len(data)


def write_entry(pack: str, data: bytes, parts: Parts) -> bytes:
    """Write the entry whose path is ``pack`` from its head ``data`` and its ``parts``; returns the head of
    the entry stored, which is another process's when it stored the same key first. Raises
    :class:`NotPackable` where the file system takes no hard link."""
    tmp = f"{pack}.tmp-{os.getpid()}"
    try:
        descriptor = os.open(tmp, CREATE, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(pack), exist_ok=True)
        descriptor = os.open(tmp, CREATE, 0o666)
    try:
        try:
            pending = [data]  # the head and the parts kept in memory after it: written in one call
            for path in parts.files:
                kept = parts.kept.get(path)
                if kept is not None:
                    pending.append(kept)
                    continue
                write_all(descriptor, b"".join(pending))
                pending = []
                if copy_into(path, descriptor) != parts.places[path][1]:
                    raise OSError(f"{path} changed while it was packed")
            write_all(descriptor, b"".join(pending))
        finally:
            os.close(descriptor)
        try:
            os.link(tmp, pack)  # unlike a rename, never replaces an entry another process stored first
        except FileExistsError:
            return read_head(pack)
        except OSError as exc:
            folder = os.path.dirname(pack)
            raise NotPackable(f"{folder} takes no hard link (a FAT disk, some network shares)") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return data


def read_head(pack: Path | str) -> bytes:
    """The header and result of the entry ``pack`` (not its parts). Raises FileNotFoundError when there
    is none, :class:`CorruptPack` when it is not whole."""
    descriptor = os.open(pack, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        header = _read_exactly(descriptor, HEAD.size)
        magic, pickled_size, total = HEAD.unpack(header)
        if magic != MAGIC or os.fstat(descriptor).st_size != total:
            raise CorruptPack(f"{pack} is not a whole packed entry")
        return header + _read_exactly(descriptor, pickled_size)
    finally:
        os.close(descriptor)


def _read_exactly(descriptor: int, size: int) -> bytes:
    data = os.read(descriptor, size)
    while len(data) < size:
        more = os.read(descriptor, size - len(data))
        if not more:
            raise CorruptPack("a packed entry ends early")
        data += more
    return data
