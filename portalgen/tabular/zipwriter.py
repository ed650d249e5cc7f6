"""A small zip archive written byte for byte as :mod:`zipfile` writes it, whose constant entries are
compressed once per process rather than once per file.

Only what the XLSX writer needs: deflated entries with ASCII names, one modification time for all,
no zip64 (small archives). ``tests/tabular/test_tab_zipwriter.py`` checks the bytes against
zipfile's own.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
_VERSION = 20          # what zipfile writes for deflated entries
_UNIX = 3              # "made by" system
_DEFLATED = 8
#: Above this size zipfile would need zip64 records: this writer refuses.
LIMIT = (1 << 31) - 1


@dataclass(frozen=True)
class Deflated:
    """An entry's content, compressed as ``zipfile`` compresses it."""

    data: bytes
    crc: int
    size: int


def deflate(content: bytes, level: int = zlib.Z_DEFAULT_COMPRESSION) -> Deflated:
    """``content`` compressed in one piece (as ``ZipFile.writestr`` does)."""
    return deflate_pieces([content], level)


def deflate_pieces(pieces: Iterable[bytes | memoryview], level: int = zlib.Z_DEFAULT_COMPRESSION) -> Deflated:
    """Pieces compressed one after the other (as a file opened with ``ZipFile.open(…, "w")`` does)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
        size += len(piece)
        out.append(compressor.compress(piece))
    out.append(compressor.flush())
    return Deflated(b"".join(out), crc, size)


def _dos_time(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def _local_header(encoded: bytes, entry: Deflated, dos_time: int, dos_date: int) -> bytes:
    return _LOCAL_HEADER.pack(b"PK\x03\x04", _VERSION, 0, 0, _DEFLATED, dos_time, dos_date, entry.crc,
                              len(entry.data), entry.size, len(encoded), 0) + encoded


def _central_record(encoded: bytes, entry: Deflated, dos_time: int, dos_date: int, mode: int, offset: int) -> bytes:
    return _CENTRAL_HEADER.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, 0, _DEFLATED, dos_time, dos_date,
                                entry.crc, len(entry.data), entry.size, len(encoded), 0, 0, 0, 0, mode << 16,
                                offset) + encoded


def zip_bytes(entries: Iterable[tuple[str, Deflated]], date_time: tuple[int, int, int, int, int, int],
              mode: int = 0o644) -> bytes:
    """The archive of ``entries`` (name, content) in order, each dated ``date_time``."""
    dos_time, dos_date = _dos_time(date_time)
    body, directory = [], []
    offset = 0
    for name, entry in entries:
        encoded = name.encode("ascii")
        if max(len(entry.data), entry.size, offset) > LIMIT:
            raise ValueError("archive too large for zipwriter: use zipfile")
        local = _local_header(encoded, entry, dos_time, dos_date)
        body += (local, entry.data)
        directory.append(_central_record(encoded, entry, dos_time, dos_date, mode, offset))
        offset += len(local) + len(entry.data)
    central = b"".join(directory)
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, len(directory), len(directory), len(central), offset, 0)
    return b"".join(body) + central + end


class ArchiveFrame:
    """An archive whose entries are all constant but one, with the constant entries' headers packed once.

    :func:`zip_bytes` packs two headers an entry for every archive; a small table's workbook has nine
    entries of which only the sheet differs from one file to the next (for a given date), so the XLSX
    writer keeps one frame per date and packs only the sheet's headers and the central records of the
    entries after it (their offsets move with the sheet's size). :meth:`archive` gives exactly the bytes
    of :func:`zip_bytes` of the same entries (tested)."""

    def __init__(self, entries: Sequence[tuple[str, Deflated | None]], date_time: tuple[int, int, int, int, int, int],
                 mode: int = 0o644):
        """``entries`` in order, one of them with None for the content that varies."""
        (position,) = [i for i, (_, entry) in enumerate(entries) if entry is None]
        self._times = _dos_time(date_time)
        self._mode = mode
        before = [(name, entry) for name, entry in entries[:position] if entry is not None]
        head = zip_bytes(before, date_time, mode)
        end_size = _END_RECORD.size
        directory_size = sum(_CENTRAL_HEADER.size + len(name) for name, _ in before)
        self._head = head[: len(head) - end_size - directory_size]
        self._head_directory = head[len(self._head): len(head) - end_size]
        self._name = entries[position][0].encode("ascii")
        self._after = [(name.encode("ascii"), entry) for name, entry in entries[position + 1:]]
        self._tail = b"".join(_local_header(encoded, entry, *self._times) + entry.data
                              for encoded, entry in self._after)
        self._count = len(entries)

    def archive(self, entry: Deflated) -> bytes:
        """The archive with ``entry`` as the varying entry's content (refused where zip_bytes refuses)."""
        dos_time, dos_date = self._times
        offset = len(self._head)
        if max(len(entry.data), entry.size, offset) > LIMIT:
            raise ValueError("archive too large for zipwriter: use zipfile")
        local = _local_header(self._name, entry, dos_time, dos_date)
        directory = [self._head_directory, _central_record(self._name, entry, dos_time, dos_date, self._mode, offset)]
        offset += len(local) + len(entry.data)
        for encoded, constant in self._after:
            if offset > LIMIT:
                raise ValueError("archive too large for zipwriter: use zipfile")
            directory.append(_central_record(encoded, constant, dos_time, dos_date, self._mode, offset))
            offset += _LOCAL_HEADER.size + len(encoded) + len(constant.data)
        central = b"".join(directory)
        end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, self._count, self._count, len(central), offset, 0)
        return b"".join((self._head, local, entry.data, self._tail, central, end))
