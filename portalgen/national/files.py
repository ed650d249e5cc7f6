"""Deterministic file writing: the same content gives the same bytes, and an unchanged file is not touched.

CSV is UTF-8, comma-separated, ``\\n`` line ends, quoted only when needed; JSON keeps the key
order it is given (or sorts it when asked), two-space indent and a final newline. Files are
replaced atomically, and only when their bytes change, so ``git status`` after a refresh shows
exactly what the national sources changed.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Sequence

from ..fingerprint import sha256_file
from .source import FormatChanged

GZIP_MAGIC = b"\x1f\x8b"


def same_bytes(a: Path, b: Path) -> bool:
    return a.is_file() and b.is_file() and a.stat().st_size == b.stat().st_size and sha256_file(a) == sha256_file(b)


def replace_if_changed(staged: Path, dest: Path) -> bool:
    """Move ``staged`` to ``dest`` unless ``dest`` already has the same bytes; True when written."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if same_bytes(staged, dest):
        staged.unlink()
        return False
    os.replace(staged, dest)
    return True


def write_text_if_changed(dest: Path, text: str) -> bool:
    """Write UTF-8 text atomically unless the file already holds it; True when written."""
    data = text.encode("utf-8")
    if dest.is_file() and dest.read_bytes() == data:
        return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, dest)
    return True


def json_text(value: Any, *, sort_keys: bool = False, indent: int | None = 2) -> str:
    """JSON as written by portalgen: UTF-8 characters kept, fixed separators, final newline."""
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, indent=indent, separators=separators) + "\n"


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a normalised CSV (UTF-8, comma, ``\\n``); None becomes an empty cell. Returns the row count."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in row])
            count += 1
    return count


@contextmanager
def open_text(path: Path) -> Iterator[IO[str]]:
    """Open a raw answer as text, line by line: gzip is recognised by its magic bytes, a BOM is dropped."""
    with path.open("rb") as probe:
        gzipped = probe.read(2) == GZIP_MAGIC
    raw = gzip.open(path, "rb") if gzipped else path.open("rb")
    try:
        with io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="") as text:
            yield text
    finally:
        raw.close()


def csv_rows(handle: IO[str]) -> tuple[list[str], Iterator[list[str]]]:
    """The header and a row iterator of a CSV whose delimiter is ``;``, ``,`` or a tab (read from the header)."""
    first = handle.readline()
    delimiter = max((";", ",", "\t"), key=first.count)
    header = next(csv.reader([first], delimiter=delimiter), [])
    return [name.strip() for name in header], csv.reader(handle, delimiter=delimiter)


def table_rows(path: Path, required: Sequence[str], what: str) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV answer, read as a stream: (line number, {column: stripped text}); blank rows skipped.

    Raises FormatChanged when a ``required`` column is missing or a row is cut short; ``what``
    names the file in the message ("the address file")."""
    with open_text(path) as handle:
        header, reader = csv_rows(handle)
        missing = [name for name in required if name not in header]
        if missing:
            raise FormatChanged(f"the columns {', '.join(missing)} are missing from {what} "
                                f"(found: {', '.join(header[:8]) or 'nothing'})")
        width = len(header)
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < width - 1:
                raise FormatChanged(f"line {line} of {what} has {len(row)} columns instead of {width}")
            yield line, {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}


def read_json(path: Path) -> Any:
    """A JSON answer; invalid JSON is a changed format, not a crash."""
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FormatChanged(f"the answer is not valid JSON ({exc})") from None


_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?$")


def clean_number(text: str | None, decimals: int | None = None) -> str:
    """A number written the same way every time ('1234.5', '12'); '' when absent or not a number."""
    value = (text or "").strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not _NUMBER.match(value):
        return ""
    number = float(value.replace(",", "."))
    if decimals is not None:
        text_value = f"{number:.{decimals}f}"
        return text_value.rstrip("0").rstrip(".") if "." in text_value else text_value
    return str(int(number)) if number.is_integer() else repr(number)


def clean_int(text: str | None) -> str:
    value = clean_number(text)
    if not value:
        return ""
    return str(int(round(float(value))))


def french_int(number: int) -> str:
    """A whole number as French pages write it: 40 000 (narrow no-break space between thousands)."""
    return f"{number:,}".replace(",", "\u202f")
