"""Read delimited text files (CSV, TSV, TXT) into text columns, keeping each row's line number.

The file is streamed once with Python's csv module (quotes, doubled quotes and line breaks in
quoted values handled) and turned into Arrow columns chunk by chunk, so memory stays close to
the size of the data itself.
"""

from __future__ import annotations

import csv
import io
from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from portalgen.errors import DataError
from portalgen.tabular.detect import detect_delimiter, find_header
from portalgen.tabular.model import ReadOptions
from portalgen.tabular.problems import data_error, fail, plural
from portalgen.tabular.raw import RawTable, gc_paused, text_columns
from portalgen.tabular.sniff import (
    canonical_encoding, check_encoding, check_is_text, check_not_empty, detect_encoding,
)

SAMPLE_CHARS = 1 << 16
HEAD_RECORDS = 40
CHUNK_ROWS = 50_000
MAX_RAGGED_LISTED = 10

DELIMITER_NAMES = {";": "';'", ",": "','", "\t": "tab", "|": "'|'"}


def delimiter_name(delimiter: str | None) -> str:
    if delimiter is None:
        return "none"
    return DELIMITER_NAMES.get(delimiter, repr(delimiter))


@dataclass(frozen=True)
class _Record:
    cells: list[str]
    start: int
    end: int


def _read_sample(path: Path, encoding: str) -> tuple[str, bool]:
    with open(path, encoding=encoding, newline="") as handle:
        sample = handle.read(SAMPLE_CHARS)
        truncated = bool(handle.read(1))
    if truncated and "\n" in sample:
        sample = sample[: sample.rfind("\n") + 1]
    return sample, truncated


def _head_records(sample: str, delimiter: str, quotechar: str) -> list[_Record]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar=quotechar)
    records: list[_Record] = []
    previous_end = 0
    try:
        for cells in reader:
            records.append(_Record(cells, previous_end + 1, reader.line_num))
            previous_end = reader.line_num
            if len(records) >= HEAD_RECORDS:
                break
    except csv.Error:
        pass
    return records


def _header_line(records: list[_Record], options: ReadOptions, source: str) -> int:
    """The line of the header record: given, or found below any title rows."""
    if options.header_row is not None:
        for record in records:
            if record.start == options.header_row:
                return record.start
            if record.start < options.header_row <= record.end:
                raise fail(source, f"header_row {options.header_row} is inside a value that spans lines "
                                   f"{record.start} to {record.end}", row=options.header_row,
                           code="data.bad_header_row", hint=f"use header_row: {record.start}")
        return options.header_row  # beyond the sample: checked while scanning
    skip = options.skip_rows or 0
    candidates = [r for r in records if r.start > skip]
    index = find_header([r.cells for r in candidates])
    if index is None:
        raise fail(source, "the file contains no data, only empty lines", code="data.empty_file",
                   hint="export the data again from the software that produced it")
    return candidates[index].start


@dataclass
class _Scan:
    header: list[str] | None = None
    header_end: int = 0
    titles: list[str] | None = None
    ragged: list[tuple[int, int, int]] | None = None
    ragged_total: int = 0
    last_start: int = 0
    last_end: int = 0
    lines: int = 0


def _field_limit_error(source: str, row: int, exc: csv.Error) -> DataError:
    message = str(exc)
    if "field larger than field limit" in message:
        return fail(source, f"row {row}: a value is longer than {csv.field_size_limit():,} characters; "
                            f"a quote (\") opened on row {row} is probably never closed",
                    row=row, code="data.unterminated_quote",
                    hint="close the quote, or double the quote characters that are part of a value (\"\")")
    return fail(source, f"row {row} cannot be read as CSV ({message})", row=row, code="data.bad_csv",
                hint="open the file in a spreadsheet and save it again as CSV")


def _scan_file(path: Path, source: str, encoding: str, delimiter: str, quotechar: str,
               header_line: int) -> tuple[_Scan, list[list[pa.Array]], np.ndarray]:
    scan = _Scan(titles=[], ragged=[])
    arrays: list[list[pa.Array]] = []
    starts = array("q")
    chunk: list[list[str]] = []
    width = 0
    named_width = 0

    def flush() -> None:
        for position, column in enumerate(text_columns(chunk, width)):
            arrays[position].append(column)
        chunk.clear()

    previous_end = 0
    with gc_paused(), open(path, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter, quotechar=quotechar, strict=False)
        try:
            for cells in reader:
                start = previous_end + 1
                previous_end = reader.line_num
                if scan.header is None:
                    if start < header_line:
                        if any(c.strip() for c in cells):
                            scan.titles.append(" ".join(c.strip() for c in cells if c.strip()))
                        continue
                    if start > header_line or not cells:
                        raise fail(source, f"row {header_line} is not the start of a row with column names",
                                   row=header_line, code="data.bad_header_row",
                                   hint="check header_row for this resource")
                    scan.header = cells
                    scan.header_end = previous_end
                    width = len(cells)
                    named_width = width
                    while named_width > 1 and not cells[named_width - 1].strip():
                        named_width -= 1
                    arrays = [[] for _ in range(width)]
                    continue
                if not cells:
                    continue
                count = len(cells)
                if count != width:
                    if named_width <= count < width:
                        cells = cells + [""] * (width - count)
                    elif count > width and not any(c.strip() for c in cells[width:]):
                        cells = cells[:width]
                    elif not any(c.strip() for c in cells):
                        continue
                    else:
                        scan.ragged_total += 1
                        if len(scan.ragged) < MAX_RAGGED_LISTED:
                            scan.ragged.append((start, previous_end, count))
                        continue
                scan.last_start, scan.last_end = start, previous_end
                chunk.append(cells)
                starts.append(start)
                if len(chunk) >= CHUNK_ROWS:
                    flush()
        except csv.Error as exc:
            raise _field_limit_error(source, previous_end + 1, exc) from None
        scan.lines = previous_end
        if scan.header is not None:
            flush()
    return scan, arrays, np.frombuffer(starts, dtype=np.int64).copy() if starts else np.zeros(0, np.int64)


def _unterminated_quote_at_end(path: Path, encoding: str, delimiter: str, quotechar: str,
                               start: int) -> bool:
    """True when the record starting at line ``start`` runs to the end of the file inside quotes."""
    with open(path, encoding=encoding, newline="") as handle:
        for _ in range(start - 1):
            handle.readline()
        reader = csv.reader(handle, delimiter=delimiter, quotechar=quotechar, strict=True)
        try:
            for _ in reader:
                pass
        except csv.Error as exc:
            return "unexpected end of data" in str(exc)
    return False


def _ragged_findings(source: str, scan: _Scan, width: int, quotechar: str, delimiter: str):
    findings = []
    for start, end, count in scan.ragged:
        lines = f" (lines {start} to {end})" if end != start else ""
        if end != start:
            hint = (f"a quote ({quotechar}) opened on row {start} is probably never closed: close it, "
                    f"or double the quote characters that belong to a value ({quotechar * 2})")
        elif count > width:
            hint = (f"a value in that row probably contains the separator {delimiter_name(delimiter)}: "
                    f"put that value in quotes ({quotechar}…{quotechar}), or remove the extra separator")
        else:
            hint = "a value or a separator is missing in that row"
        findings.append(data_error(source, f"row {start}{lines} has {count} fields, header has {width}",
                                   row=start, code="data.ragged_row", hint=hint))
    if scan.ragged_total > len(scan.ragged):
        findings.append(data_error(
            source, f"{plural(scan.ragged_total, 'row')} in all do not have {width} fields "
                    f"(only the first {len(scan.ragged)} are listed)", code="data.ragged_row",
            hint="check the separator: maybe set 'delimiter' for this resource"))
    return findings


def read_text(path: Path, source: str, fmt: str, options: ReadOptions) -> RawTable:
    """Read a CSV/TSV/TXT file into a RawTable (see the module docstring)."""
    check_not_empty(path, source)
    check_is_text(path, source, "TSV" if fmt == "tsv" else "CSV")
    if options.encoding:
        encoding = canonical_encoding(options.encoding) or options.encoding
        check_encoding(path, source, encoding)
    else:
        encoding = detect_encoding(path, source)
    quotechar = options.quotechar or '"'
    sample, _ = _read_sample(path, encoding)
    if not sample.strip():
        raise fail(source, "the file contains no data, only spaces or empty lines", code="data.empty_file",
                   hint="export the data again from the software that produced it")
    delimiter = options.delimiter or detect_delimiter(sample, fmt, quotechar)
    header_line = _header_line(_head_records(sample, delimiter, quotechar), options, source)
    scan, arrays, starts = _scan_file(path, source, encoding, delimiter, quotechar, header_line)
    if scan.header is None:
        raise fail(source, f"header_row {header_line} is beyond the end of the file ({scan.lines} lines)",
                   row=header_line, code="data.bad_header_row", hint="check header_row for this resource")
    width = len(scan.header)
    findings = []
    last_multiline = scan.last_end != scan.last_start and scan.last_end == scan.lines
    ragged_at_end = bool(scan.ragged) and scan.ragged[-1][1] == scan.lines and scan.ragged[-1][0] != scan.lines
    suspect = scan.ragged[-1][0] if ragged_at_end else (scan.last_start if last_multiline else None)
    if suspect is not None and _unterminated_quote_at_end(path, encoding, delimiter, quotechar, suspect):
        raise fail(source, f"row {suspect}: a quote ({quotechar}) opened here is never closed, so the rest "
                           f"of the file (lines {suspect} to {scan.lines}) reads as one value",
                   row=suspect, code="data.unterminated_quote",
                   hint=f"close the quote, or double the quote characters that belong to a value "
                        f"({quotechar * 2})")
    if scan.ragged_total:
        findings.extend(_ragged_findings(source, scan, width, quotechar, delimiter))
        raise DataError(findings)
    columns = tuple(pa.chunked_array(chunks, type=pa.string()) for chunks in arrays)
    return RawTable(header=tuple(scan.header), columns=columns, rows=starts, header_row=header_line,
                    title_rows=tuple(scan.titles or ()), encoding=encoding, delimiter=delimiter,
                    quotechar=quotechar)

