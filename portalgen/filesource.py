"""Where the bytes of a file to publish are: a whole file, or a part of a packed cache entry.

The data work of a small table keeps the files it produced (its downloads) inside one cache file, its
packed entry (:mod:`portalgen.cache`), where creating one file per download would cost more than making
it. A download is then a :class:`StoredPart` of that file; the writers copy either kind of source with
:func:`copy_into`, the kernel copying the bytes where it can.
"""

from __future__ import annotations

import io
import os
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
