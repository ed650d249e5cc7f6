"""A small zip archive written byte for byte as :mod:`zipfile` writes it, whose constant entries are
compressed once per process rather than once per file.

Only what the XLSX writer needs: deflated entries with ASCII names, one modification time for all,
no zip64 (small archives). ``tests/tabular/test_tab_zipwriter.py`` checks the bytes against
zipfile's own.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
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
        body.append(_LOCAL_HEADER.pack(b"PK\x03\x04", _VERSION, 0, 0, _DEFLATED, dos_time, dos_date, entry.crc,
                                       len(entry.data), entry.size, len(encoded), 0))
        body.append(encoded)
        body.append(entry.data)
        directory.append(_CENTRAL_HEADER.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, 0, _DEFLATED, dos_time,
                                              dos_date, entry.crc, len(entry.data), entry.size, len(encoded), 0, 0,
                                              0, 0, mode << 16, offset))
        directory.append(encoded)
        offset += _LOCAL_HEADER.size + len(encoded) + len(entry.data)
    central = b"".join(directory)
    count = len(directory) // 2
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(central), offset, 0)
    return b"".join(body) + central + end
