"""Look at a file's bytes before reading it: empty, binary, which text encoding.

Encoding detection is rule-based, not statistical: a byte-order mark decides; otherwise a
file that decodes as UTF-8 is UTF-8; otherwise it is Windows-1252 (Latin-1 when it holds
bytes Windows-1252 leaves undefined). A file that is mostly UTF-8 with some bytes that are
not is reported, because guessing would corrupt either part. A file whose UTF-16 byte-order
mark is followed by bytes that are not UTF-16, a UTF-32 file, and a text file holding NUL bytes
(binary data after a text-looking start) are reported too, each naming its first bad line:
every file that passes these checks decodes without error in the encoding found.
"""

from __future__ import annotations

import codecs
import errno
import io
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from portalgen.tabular.problems import fail, listing, plural

BLOCK_SIZE = 1 << 20
HEAD_SIZE = 8192
#: Files up to this size are read once, whole, and looked at in memory (see DataFile).
WHOLE_FILE_BYTES = 1 << 20

ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with byte-order mark",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1 (ISO-8859-1)",
    "utf-16": "UTF-16",
}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "XLS/DOC (Microsoft Office 97-2003)"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PAR1", "Parquet"),
    (b"\x1f\x8b", "GZIP archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
)
_UNDEFINED_IN_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
#: Byte-order marks of text in 2 or 4 bytes per character, where NUL bytes are normal.
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_WIDE_BOMS = (*_UTF32_BOMS, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def encoding_label(encoding: str | None) -> str:
    """A codec name in plain words ('cp1252' → 'Windows-1252')."""
    if encoding is None:
        return "native"
    return ENCODING_LABELS.get(canonical_encoding(encoding) or encoding, encoding)


def canonical_encoding(name: str) -> str | None:
    """Our name for a codec given by a webmaster ('Windows-1252', 'latin1', 'UTF8'), or None."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "cp1252": "cp1252", "iso8859-1": "latin-1",
            "latin-1": "latin-1", "utf-16": "utf-16"}.get(codec, codec)


def read_head(path: Path, size: int = HEAD_SIZE) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)


@dataclass(frozen=True)
class DataFile:
    """A data file looked at several times before and while it is read (binary or text, encoding,
    sample, rows). A small file's bytes are read once (``data``) and every look reads them from
    memory: opening the file for each look cost more than the looks. The same bytes give the
    same answers; a large file (``data`` None) is opened at each look, as it streams."""

    path: Path
    data: bytes | None = None

    @classmethod
    def read(cls, path: Path, size: int) -> DataFile:
        """The file of ``size`` bytes, read whole when it is small."""
        return cls(path, path.read_bytes() if size <= WHOLE_FILE_BYTES else None)

    def head(self, size: int = HEAD_SIZE) -> bytes:
        return read_head(self.path, size) if self.data is None else self.data[:size]

    def binary(self) -> BinaryIO:
        return open(self.path, "rb") if self.data is None else io.BytesIO(self.data)

    def text(self, encoding: str) -> TextIO:
        """The file decoded, line endings as written (``newline=""``)."""
        if self.data is None:
            return open(self.path, encoding=encoding, newline="")
        return io.TextIOWrapper(io.BytesIO(self.data), encoding=encoding, newline="")


def binary_kind(head: bytes, path: Path | None = None) -> str | None:
    """The kind of binary file these first bytes belong to ('PDF', 'XLSX'…), or None for text
    (text with a UTF-16 or UTF-32 byte-order mark included: :func:`detect_encoding` judges it)."""
    if head.startswith(_WIDE_BOMS):
        return None
    for magic, label in _MAGIC:
        if head.startswith(magic):
            return label
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path) if path is not None else "ZIP archive"
    if b"\x00" in head:
        return "binary data"
    return None


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return "XLSX"
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace")
                if "opendocument.spreadsheet" in mimetype:
                    return "ODS"
                if "opendocument.text" in mimetype:
                    return "ODT"
            if "word/document.xml" in names:
                return "DOCX"
    except (zipfile.BadZipFile, OSError):
        pass
    return "ZIP archive"


#: The errors of ``stat`` that ``Path.is_file`` answers False to (it raises the others).
_NO_FILE_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def regular_file_size(path: Path) -> int | None:
    """The size of ``path`` when ``path.is_file()`` (a regular file, links followed), else None: the
    same answer, with the size the readers need, from one ``stat`` call instead of two."""
    try:
        status = path.stat()
    except OSError as exc:
        if exc.errno in _NO_FILE_ERRNOS:
            return None
        raise
    except ValueError:
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def check_not_empty(path: Path, source: str, size: int | None = None) -> int:
    """The file's size (``size`` when the caller knows it); a DataError when it has no bytes at all."""
    if size is None:
        size = path.stat().st_size
    if size == 0:
        raise fail(source, "the file is empty (0 bytes)", code="data.empty_file",
                   hint="export the data again from the software that produced it, "
                        "or remove this resource")
    return size


def check_is_text(file: DataFile, source: str, fmt: str) -> None:
    """A DataError when a file declared as text (CSV…) is really a binary file: binary from its
    first bytes, or holding a NUL byte further on (a text file in one byte per character never
    does; the csv module would read it as a character of a value)."""
    head = file.head()
    kind = binary_kind(head, file.path)
    name = fmt.upper()
    if kind is None:
        if not head.startswith(_WIDE_BOMS):
            _check_no_nul(file, source, name)
        return
    if kind in ("XLSX", "ODS"):
        hint = f"declare the resource format as {kind.lower()} (or give the file the .{kind.lower()} extension)"
    else:
        hint = f"export the data as {name} from the software that produced it"
    raise fail(source, f"this looks like a binary file ({kind}), not {name}", code="data.binary_file",
               hint=hint)


def _check_no_nul(file: DataFile, source: str, name: str) -> None:
    """A DataError naming the first line holding a NUL byte, if any."""
    lines_before = 0
    with file.binary() as handle:
        while block := handle.read(BLOCK_SIZE):
            position = block.find(b"\x00")
            if position >= 0:
                line = lines_before + block.count(b"\n", 0, position) + 1
                raise fail(source, f"line {line} holds binary data (a NUL byte), which a {name} file never "
                                   "holds: the file is damaged, or is not a text export",
                           row=line, code="data.binary_file",
                           hint=f"export the data again as {name} from the software that produced it")
            lines_before += block.count(b"\n")


@dataclass(frozen=True)
class _Utf8Scan:
    invalid_bytes: int
    multibyte_extra: int
    cp1252_undefined: bool


def _decoded_blocks(file: DataFile, skip: int) -> Iterator[tuple[bytes, str]]:
    """(bytes, text) block by block, bytes that are not UTF-8 decoded as lone surrogates."""
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    with file.binary() as handle:
        handle.seek(skip)
        while True:
            block = handle.read(BLOCK_SIZE)
            yield block, decoder.decode(block, final=not block)
            if not block:
                return


def _scan_utf8(file: DataFile, skip: int = 0) -> _Utf8Scan:
    """Count the bytes that are not valid UTF-8, and the extra bytes of valid multi-byte sequences.

    Decoding with replacement characters keeps this at C speed; a replacement character that was
    really in the text is counted as an invalid byte, which only makes the verdict more careful.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    invalid = 0
    total_bytes = 0
    total_chars = 0
    undefined = False
    with file.binary() as handle:
        handle.seek(skip)
        while True:
            block = handle.read(BLOCK_SIZE)
            text = decoder.decode(block, final=not block)
            total_bytes += len(block)
            total_chars += len(text)
            replaced = text.count("\ufffd")
            if replaced:
                invalid += replaced
                if not undefined:
                    undefined = any(b in block for b in _UNDEFINED_IN_CP1252)
            if not block:
                break
    return _Utf8Scan(invalid, total_bytes - total_chars, undefined)


def _invalid_lines(file: DataFile, skip: int) -> tuple[list[int], int, str]:
    """The first lines holding bytes that are not UTF-8, how many such lines, and the first one."""
    lines: list[int] = []
    count = 0
    sample = ""
    line = 1
    for _, text in _decoded_blocks(file, skip):
        position = 0
        last = 0
        for match in _ESCAPED_BYTE.finditer(text):
            line += text.count("\n", position, match.start())
            position = match.start()
            if line != last:
                count += 1
                last = line
                if len(lines) < 5:
                    lines.append(line)
                if not sample:
                    start = text.rfind("\n", 0, match.start()) + 1
                    end = text.find("\n", match.start())
                    raw = text[start:end if end >= 0 else len(text)]
                    sample = raw.encode("utf-8", "surrogateescape").decode("cp1252", "replace").strip()
        line += text.count("\n", position)
    return lines, count, sample


def detect_encoding(file: DataFile, source: str) -> str:
    """The text encoding of a file: 'utf-8-sig', 'utf-16', 'utf-8', 'cp1252' or 'latin-1'.

    Raises DataError when the file is mostly UTF-8 but some lines are not (mixed encodings).
    """
    head = file.head(4)
    if head.startswith(_UTF32_BOMS):
        raise fail(source, "the file is UTF-32 text (its first bytes are a UTF-32 byte-order mark), "
                           "which portalgen does not read", row=1, code="data.bad_encoding",
                   hint="save the file again as 'CSV UTF-8' from the software that produced it")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        line = _first_undecodable_line(file, "utf-16")
        if line is not None:
            raise fail(source, f"the file starts with a UTF-16 byte-order mark, but line {line} cannot be "
                               "read as UTF-16: the file is damaged, or is not a text export",
                       row=line, code="data.bad_encoding",
                       hint="export the data again as 'CSV UTF-8' from the software that produced it")
        return "utf-16"
    has_bom = head.startswith(codecs.BOM_UTF8)
    scan = _scan_utf8(file, skip=3 if has_bom else 0)
    if scan.invalid_bytes == 0:
        return "utf-8-sig" if has_bom else "utf-8"
    if has_bom or scan.multibyte_extra > scan.invalid_bytes:
        lines, count, sample = _invalid_lines(file, skip=3 if has_bom else 0)
        first = lines[0]
        raise fail(
            source,
            f"mixed encodings: the file is UTF-8 but {plural(count, 'line')} "
            f"({listing([str(n) for n in lines], count)}) {'contains' if count == 1 else 'contain'} bytes "
            f"that are not UTF-8, probably "
            f"Windows-1252 text pasted in (line {first} reads {sample[:60]!r} in Windows-1252)",
            row=first, code="data.mixed_encoding",
            hint="open the file in a spreadsheet or text editor, fix or retype those lines and save it "
                 "again as 'CSV UTF-8'; or set 'encoding: cp1252' for this resource if the file is "
                 "really Windows-1252",
        )
    return "latin-1" if scan.cp1252_undefined else "cp1252"


def _first_undecodable_line(file: DataFile, encoding: str) -> int | None:
    """The first line that cannot be decoded with ``encoding``, or None when the whole file can."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    lines_before = 0
    with file.binary() as handle:
        while True:
            block = handle.read(BLOCK_SIZE)
            try:
                text = decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                partial = block[: exc.start].decode(encoding, "replace")
                return lines_before + partial.count("\n") + 1
            lines_before += text.count("\n")
            if not block:
                return None


def check_encoding(file: DataFile, source: str, encoding: str) -> None:
    """A DataError naming the first line that cannot be decoded with a given encoding."""
    line = _first_undecodable_line(file, encoding)
    if line is not None:
        raise fail(source, f"line {line} cannot be read as {encoding_label(encoding)}",
                   row=line, code="data.bad_encoding",
                   hint="remove the 'encoding' setting to let portalgen detect it, or save "
                        "the file again as 'CSV UTF-8'")
