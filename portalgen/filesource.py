"""Where the bytes of a file to publish are: a whole file, or a part of a packed cache entry.

The data work of a small table keeps the files it produced (its downloads) inside one cache file, its
packed entry (:mod:`portalgen.cache`), where creating one file per download would cost more than making
it. A download is then a :class:`StoredPart` of that file; the writers copy either kind of source with
:func:`copy_into`, the kernel copying the bytes where it can.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, TypeAlias

from .filewrite import CREATE, write_all


@dataclass(frozen=True)
class StoredPart:
    """The ``size`` bytes at ``offset`` of the file ``path``: one file inside a packed cache entry."""

    path: Path
    offset: int
    size: int

    def read_bytes(self) -> bytes:
        """The part's bytes (what ``Path.read_bytes`` gives for a whole file)."""
        with open(self.path, "rb") as handle:
            handle.seek(self.offset)
            data = handle.read(self.size)
        if len(data) != self.size:
            raise OSError(f"{self.path} is shorter than the part at {self.offset} of {self.size} bytes it holds")
        return data


#: The bytes of a published file: a file of its own, or a part of a packed cache entry.
FileSource: TypeAlias = Path | StoredPart


#: What the build writes into a file: its bytes, or where they are.
Content: TypeAlias = bytes | FileSource


def content_size(content: Content) -> int:
    """The number of bytes of ``content``."""
    if isinstance(content, StoredPart):
        return content.size
    return content.stat().st_size if isinstance(content, Path) else len(content)


def open_text(source: FileSource, encoding: str = "utf-8") -> TextIO:
    """``source`` opened as text, its line ends as they are (``newline=""``, as the csv module wants).

    A part is read whole (parts are the files of small work); a file is read as it goes."""
    if isinstance(source, StoredPart):
        return io.StringIO(source.read_bytes().decode(encoding), newline="")
    return source.open(encoding=encoding, newline="")


#: Linux copies between files in the kernel (as shutil does there); elsewhere the bytes go through here.
_SENDFILE = sys.platform.startswith("linux")


def copy_into(source: FileSource | str, target: int) -> int:
    """Copy the bytes of ``source`` to the open file ``target`` (at its current position); returns the
    bytes copied."""
    part = source if isinstance(source, StoredPart) else None
    handle = os.open(part.path if part else source, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        start, size = (part.offset, part.size) if part else (0, os.fstat(handle).st_size)
        if not _SENDFILE:
            return _copy_through_memory(handle, start, size, target)
        copied = 0
        while copied < size:
            sent = os.sendfile(target, handle, start + copied, size - copied)
            if not sent:
                break
            copied += sent
        return copied
    finally:
        os.close(handle)


def write_new_file(path: Path | str, content: Content) -> int:
    """Create (or replace) the file ``path`` with ``content``; returns the bytes written.

    With the system calls a file needs and no more (most of a small write is system time): open,
    write or sendfile, close. ``open(…, "wb")`` would also ask whether the file is a terminal, and
    ``shutil.copyfile`` would first look up both paths to refuse copying a file onto itself or onto
    a named pipe, which cannot happen to a new file the build makes."""
    descriptor = os.open(path, CREATE, 0o666)
    try:
        if isinstance(content, (Path, StoredPart)):
            return copy_into(content, descriptor)
        return write_all(descriptor, content)
    finally:
        os.close(descriptor)


#: Bytes compared at a time by :func:`holds_exactly` (big downloads are not read whole into memory).
COMPARE_CHUNK = 1 << 20


def holds_exactly(path: str, content: Content) -> bool:
    """Whether the regular file ``path`` (not a link to one) holds exactly the bytes of ``content``."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size != content_size(content):
            return False
        if isinstance(content, bytes):
            return all(os.read(descriptor, COMPARE_CHUNK) == content[start:start + COMPARE_CHUNK]
                       for start in range(0, len(content), COMPARE_CHUNK))
        part = content if isinstance(content, StoredPart) else StoredPart(content, 0, status.st_size)
        with open(part.path, "rb") as source:
            source.seek(part.offset)
            for start in range(0, part.size, COMPARE_CHUNK):
                size = min(COMPARE_CHUNK, part.size - start)
                if os.read(descriptor, size) != source.read(size):
                    return False
        return True
    except OSError:
        return False
    finally:
        os.close(descriptor)


class WorkFolder:
    """The folder ``path`` a work puts its files in, on disk or, with ``in_memory``, partly in memory.

    A packed cache entry (:mod:`portalgen.cachepack`) holds the files of a small work: written to a
    scratch folder first, each cost a create, a write, a walk, a stat, a copy and a removal, about a
    tenth of a small table's work, mostly system time. In memory, a file whose bytes are made whole
    (:meth:`keep`) is held in :attr:`kept` under the text of the path it would have, and the entry is
    written from there; a file that must be on disk (written by a library, or read back by path) is
    written under :meth:`on_disk`, which makes the folder the first time. Either way the work refers
    to each file by the same path, so its result is the same (tested equal)."""

    def __init__(self, path: Path | str, *, in_memory: bool = False):
        self.path = os.fspath(path)
        self.in_memory = in_memory
        self.kept: dict[str, bytes] = {}
        self.made = not in_memory  # a folder on disk is made by whoever gives it

    def on_disk(self) -> str:
        """The folder's path, the folder made if it is not yet (a new folder in memory: see ``made``)."""
        if not self.made:
            os.mkdir(self.path)
            self.made = True
        return self.path

    def keep(self, name: str, data: bytes) -> str:
        """Put the file ``name`` with the bytes ``data`` in the folder; returns its path."""
        path = os.path.join(self.path, name)
        if self.in_memory:
            self.kept[path] = data
        else:
            write_new_file(path, data)
        return path

    def write_out(self, path: str) -> None:
        """Write the kept file ``path`` to the disk (something reads it back by its path)."""
        data = self.kept.pop(path, None)
        if data is not None:
            self.on_disk()
            write_new_file(path, data)


def _copy_through_memory(handle: int, start: int, size: int, target: int) -> int:
    """:func:`copy_into` where the kernel does not copy between files: by chunks of 1 MiB."""
    os.lseek(handle, start, os.SEEK_SET)
    copied = 0
    while copied < size:
        chunk = os.read(handle, min(1 << 20, size - copied))
        if not chunk:
            break
        copied += write_all(target, chunk)
    return copied
