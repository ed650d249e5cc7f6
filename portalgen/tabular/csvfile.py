"""Read delimited text files (CSV, TSV, TXT) into text columns, keeping each row's line number.

The exact reader streams the file with Python's csv module (quotes, doubled quotes, line breaks
in quoted values) and turns rows into Arrow columns chunk by chunk, so memory stays close to the
size of the data. It knows the line of every row, checks every record that spans lines for a
quote left open, and lists rows with the wrong number of fields.

Files of FAST_PATH_BYTES or more are first given to Arrow's multi-threaded CSV parser; its
result is kept only when the file is regular (one line per row, no blank lines, every row the
header's width), which a line count proves. Anything else goes through the exact reader.
"""

from __future__ import annotations

import csv
import io
from array import array
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from portalgen.errors import DataError, Finding
from portalgen.tabular.detect import (
    SAMPLE_RECORDS, choose_delimiter, delimiter_candidates, detect_delimiter, field_counts, find_header,
)
from portalgen.tabular.model import ReadOptions
from portalgen.tabular.problems import data_error, fail, plural
from portalgen.tabular.raw import RawTable, gc_paused, small_text_columns, text_columns
from portalgen.tabular.sniff import (
    DataFile, canonical_encoding, check_encoding, check_is_text, check_not_empty, detect_encoding,
)
from portalgen.tabular.textmatch import SMALL_COLUMN

SAMPLE_CHARS = 1 << 16
#: From this size, a file is first read with Arrow's multi-threaded CSV parser (see _read_with_arrow).
FAST_PATH_BYTES = 20 * 1024 * 1024
_ARROW_ENCODINGS = {"utf-8": "utf8", "utf-8-sig": "utf8", "cp1252": "cp1252", "latin-1": "latin-1"}
HEAD_RECORDS = 40
CHUNK_ROWS = 50_000
MAX_RAGGED_LISTED = 10
#: A value spanning more lines than this is taken for an unclosed quote.
MAX_RECORD_LINES = 1000

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


def _read_sample(file: DataFile, encoding: str) -> tuple[str, bool]:
    """The first SAMPLE_CHARS characters, cut after the last complete line, and whether they are the
    whole file."""
    with file.text(encoding) as handle:
        sample = handle.read(SAMPLE_CHARS)
        truncated = bool(handle.read(1))
    if truncated and "\n" in sample:
        sample = sample[: sample.rfind("\n") + 1]
    return sample, not truncated


#: A parsed record: its cells, its first and last line.
RecordTuple = tuple[list[str], int, int]


def _parse(lines: Iterator[str], delimiter: str, quotechar: str) -> Iterator[RecordTuple]:
    """The records of text lines (line endings kept), each with its first and last line number.
    A ``csv.Error`` (a value over the field size limit) is raised where the reader meets it."""
    reader = csv.reader(lines, delimiter=delimiter, quotechar=quotechar, strict=False)
    previous_end = 0
    for cells in reader:
        end = reader.line_num
        yield cells, previous_end + 1, end
        previous_end = end


def _sample_lines(sample: str) -> io.StringIO:
    """The sample's lines, split and kept as a file opened with ``newline=""`` gives them."""
    return io.StringIO(sample, newline="")


def _head_records(sample: str, delimiter: str, quotechar: str) -> list[_Record]:
    records: list[_Record] = []
    try:
        for cells, start, end in _parse(_sample_lines(sample), delimiter, quotechar):
            records.append(_Record(cells, start, end))
            if len(records) >= HEAD_RECORDS:
                break
    except csv.Error:
        pass
    return records


@dataclass(frozen=True)
class _WholeText:
    """A small file's records, parsed once from its text (the whole file fits in the sample read for
    detection): the head records and the scan both read them, instead of parsing the text twice and
    decoding the file again. The records are those a reader of the file gives, the same text being
    split into lines the same way (``newline=""``); ``error`` is the ``csv.Error`` met after them."""

    text: str
    records: list[RecordTuple]
    error: csv.Error | None

    @classmethod
    def parse(cls, text: str, delimiter: str, quotechar: str) -> _WholeText:
        records: list[RecordTuple] = []
        try:
            records.extend(_parse(_sample_lines(text), delimiter, quotechar))
        except csv.Error as exc:
            return cls(text, records, exc)
        return cls(text, records, None)

    def head(self) -> list[_Record]:
        """What :func:`_head_records` gives for the same text."""
        return [_Record(*record) for record in self.records[:HEAD_RECORDS]]

    def replay(self) -> Iterator[RecordTuple]:
        """The records, then the error, as :func:`_parse` gives them."""
        yield from self.records
        if self.error is not None:
            raise self.error


def _detect_delimiter_and_parse(sample: str, fmt: str, quotechar: str) -> tuple[str, _WholeText]:
    """The separator of a short whole file, found as :func:`detect_delimiter` finds it, and the
    file parsed with it, from the same parse: the detection parses the text with each candidate
    separator anyway, and the records it reads are those :class:`_WholeText` keeps (same reader,
    same lines, stopping at the same ``csv.Error``), so the chosen separator's parse is kept
    instead of parsing the text again (tested equal to detecting, then parsing).
    Only for texts of at most SAMPLE_RECORDS lines: the detection reads that many records of each
    candidate at most, so parsing them whole costs it nothing more."""
    parsed = {d: _WholeText.parse(sample, d, quotechar) for d in delimiter_candidates(sample, fmt)}
    delimiter = choose_delimiter(
        {d: field_counts(cells for cells, _, _ in whole.records) for d, whole in parsed.items()}, fmt)
    whole = parsed.get(delimiter) or _WholeText.parse(sample, delimiter, quotechar)
    return delimiter, whole


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
    titles: list[str] = field(default_factory=list)
    ragged: list[tuple[int, int, int]] = field(default_factory=list)
    ragged_total: int = 0
    broken_quotes: list[tuple[int, int, bool]] = field(default_factory=list)
    lines: int = 0
    #: The columns' cells, when the rows are few (see :func:`small_text_columns`).
    texts: tuple[list[str], ...] | None = None


class _LineTap:
    """Iterates over a file's lines for the csv module, remembering the last ones read, so a
    record spanning several lines can be checked again."""

    def __init__(self, handle: Iterator[str]):
        self._handle = handle
        self.recent: deque[str] = deque(maxlen=MAX_RECORD_LINES)

    def __iter__(self) -> "_LineTap":
        return self

    def __next__(self) -> str:
        line = next(self._handle)
        self.recent.append(line)
        return line


def _quote_problem(lines: list[str], delimiter: str, quotechar: str) -> str | None:
    """Why a record spanning lines is broken ('end' of file inside quotes, 'text' after a closing
    quote), or None when its quotes are well formed."""
    reader = csv.reader(io.StringIO("".join(lines), newline=""), delimiter=delimiter, quotechar=quotechar,
                        strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error as exc:
        return "end" if "unexpected end of data" in str(exc) else "text"
    return None


def _field_limit_error(source: str, row: int, exc: csv.Error) -> DataError:
    message = str(exc)
    if "field larger than field limit" in message:
        return fail(source, f"row {row}: a value is longer than {csv.field_size_limit():,} characters; "
                            f"a quote (\") opened on row {row} is probably never closed",
                    row=row, code="data.unterminated_quote",
                    hint="close the quote, or double the quote characters that are part of a value (\"\")")
    return fail(source, f"row {row} cannot be read as CSV ({message})", row=row, code="data.bad_csv",
                hint="open the file in a spreadsheet and save it again as CSV")


def _scan_file(file: DataFile, source: str, encoding: str, delimiter: str, quotechar: str,
               header_line: int) -> tuple[_Scan, list[list[pa.Array]], np.ndarray]:
    """Parse the whole file, streamed (see :func:`_scan_records`)."""
    with gc_paused(), file.text(encoding) as handle:
        tap = _LineTap(handle)
        return _scan_records(_parse(tap, delimiter, quotechar), lambda start, end: list(tap.recent)[start - end - 1:],
                             source, delimiter, quotechar, header_line)


def _scan_whole_text(whole: _WholeText, source: str, delimiter: str, quotechar: str, header_line: int
                     ) -> tuple[_Scan, list[list[pa.Array]], np.ndarray]:
    """:func:`_scan_file` on the records of a small file parsed once (see :class:`_WholeText`)."""
    lines: list[str] = []

    def record_lines(start: int, end: int) -> list[str]:
        if not lines:
            lines.extend(_sample_lines(whole.text))
        return lines[start - 1:end]

    with gc_paused():
        return _scan_records(whole.replay(), record_lines, source, delimiter, quotechar, header_line)


def _scan_records(records: Iterator[RecordTuple], record_lines: Callable[[int, int], list[str]], source: str,
                  delimiter: str, quotechar: str, header_line: int
                  ) -> tuple[_Scan, list[list[pa.Array]], np.ndarray]:
    """Title lines, header, rows as Arrow chunks with their start lines, and the rows that cannot be
    right (wrong number of fields, broken quotes). ``record_lines(start, end)`` gives the lines of a
    record spanning lines (the last read), to check its quotes."""
    scan = _Scan()
    arrays: list[list[pa.Array]] = []
    starts = array("q")
    chunk: list[list[str]] = []
    width = 0
    named_width = 0

    def flush(last: bool = False) -> None:
        """The chunk as Arrow columns; a small table's (its last chunk is its only one, CHUNK_ROWS being
        more than SMALL_COLUMN) also keeps its cells (see :attr:`_Scan.texts`)."""
        if last and len(starts) <= SMALL_COLUMN:
            columns, scan.texts = small_text_columns(chunk, width)
        else:
            columns = text_columns(chunk, width)
        for position, column in enumerate(columns):
            arrays[position].append(column)
        chunk.clear()

    previous_end = 0
    try:
        for cells, start, previous_end in records:
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
                width = len(cells)
                named_width = width
                while named_width > 1 and not cells[named_width - 1].strip():
                    named_width -= 1
                arrays = [[] for _ in range(width)]
                continue
            if previous_end != start:
                span = previous_end - start + 1
                problem = "end" if span > MAX_RECORD_LINES else _quote_problem(
                    record_lines(start, previous_end), delimiter, quotechar)
                if problem is not None:
                    scan.broken_quotes.append((start, previous_end, problem == "end"))
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
            chunk.append(cells)
            starts.append(start)
            if len(chunk) >= CHUNK_ROWS:
                flush()
    except csv.Error as exc:
        raise _field_limit_error(source, previous_end + 1, exc) from None
    scan.lines = previous_end
    if scan.header is not None:
        flush(last=True)
    return scan, arrays, np.frombuffer(starts, dtype=np.int64).copy() if starts else np.zeros(0, np.int64)


def _quote_findings(source: str, scan: _Scan, quotechar: str) -> list[Finding]:
    findings = []
    hint = ("close the quote, or double the quote characters that belong to a value "
            f"({quotechar * 2})")
    for start, end, at_end in scan.broken_quotes:
        if at_end:
            message = (f"row {start}: a quote ({quotechar}) opened here is never closed, so the rest of the "
                       f"file (lines {start} to {end}) reads as one value")
        else:
            message = (f"row {start}: a quote ({quotechar}) opened here is closed only on line {end}, and "
                       f"text follows it, so lines {start} to {end} read as one value")
        findings.append(data_error(source, message, row=start, code="data.unterminated_quote", hint=hint))
    return findings


def _ragged_findings(source: str, scan: _Scan, width: int, quotechar: str, delimiter: str) -> list[Finding]:
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


def _physical_lines(path: Path) -> int | None:
    """Number of lines of the file, or None when it has lone carriage returns (old Mac files)."""
    newlines = 0
    returns = 0
    last = b""
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            newlines += block.count(b"\n")
            returns += block.count(b"\r")
            last = block[-1:]
    if returns and returns != newlines:
        return None
    return newlines + (0 if last == b"\n" else 1)


def _read_with_arrow(path: Path, encoding: str, delimiter: str, quotechar: str, header_line: int,
                     head: list[_Record]) -> RawTable | None:
    """Read a large, regular file with Arrow's CSV parser; None when the file is not regular enough
    for Arrow's rows to be matched to lines (then the exact line-by-line reader runs).

    Regular means: every record from the header on is one line, no blank lines, every row has the
    header's number of fields. Then data row i is line header_line + i.
    """
    import pyarrow.csv as arrow_csv

    header_record = next((r for r in head if r.start == header_line), None)
    if encoding not in _ARROW_ENCODINGS or header_record is None or any(
            r.start != r.end for r in head if r.start <= header_line):
        return None
    lines = _physical_lines(path)
    if lines is None:
        return None
    width = len(header_record.cells)
    names = [f"f{i}" for i in range(width)]
    irregular: list[int] = []

    def on_invalid_row(row) -> str:
        irregular.append(row.number or 0)
        return "skip"

    try:
        table = arrow_csv.read_csv(
            path,
            read_options=arrow_csv.ReadOptions(encoding=_ARROW_ENCODINGS[encoding], skip_rows=header_line,
                                               column_names=names, block_size=1 << 22),
            parse_options=arrow_csv.ParseOptions(delimiter=delimiter, quote_char=quotechar, double_quote=True,
                                                 escape_char=False, newlines_in_values=True,
                                                 ignore_empty_lines=True, invalid_row_handler=on_invalid_row),
            convert_options=arrow_csv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                     strings_can_be_null=False,
                                                     quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeDecodeError, ValueError):
        return None
    if irregular or lines != header_line + table.num_rows:
        return None
    titles = tuple(" ".join(c.strip() for c in r.cells if c.strip()) for r in head
                   if r.start < header_line and any(c.strip() for c in r.cells))
    rows = np.arange(header_line + 1, header_line + 1 + table.num_rows, dtype=np.int64)
    return RawTable(header=tuple(header_record.cells), columns=tuple(table.columns), rows=rows,
                    header_row=header_line, title_rows=titles, encoding=encoding, delimiter=delimiter,
                    quotechar=quotechar)


def read_text(path: Path, source: str, fmt: str, options: ReadOptions, size: int | None = None) -> RawTable:
    """Read a CSV/TSV/TXT file into a RawTable (see the module docstring); ``size``: its size in bytes,
    when the caller knows it."""
    size = check_not_empty(path, source, size)
    file = DataFile.read(path, size)
    check_is_text(file, source, "TSV" if fmt == "tsv" else "CSV")
    if options.encoding:
        encoding = canonical_encoding(options.encoding) or options.encoding
        check_encoding(file, source, encoding)
    else:
        encoding = detect_encoding(file, source)
    quotechar = options.quotechar or '"'
    sample, whole_file = _read_sample(file, encoding)
    if not sample.strip():
        raise fail(source, "the file contains no data, only spaces or empty lines", code="data.empty_file",
                   hint="export the data again from the software that produced it")
    if whole_file and not options.delimiter and sample.count("\n") <= SAMPLE_RECORDS:
        delimiter, whole = _detect_delimiter_and_parse(sample, fmt, quotechar)
    else:
        delimiter = options.delimiter or detect_delimiter(sample, fmt, quotechar)
        whole = _WholeText.parse(sample, delimiter, quotechar) if whole_file else None
    if whole is not None:  # parsed once (see _WholeText)
        header_line = _header_line(whole.head(), options, source)
        scan, arrays, starts = _scan_whole_text(whole, source, delimiter, quotechar, header_line)
    else:
        head = _head_records(sample, delimiter, quotechar)
        header_line = _header_line(head, options, source)
        fast = _read_with_arrow(path, encoding, delimiter, quotechar, header_line, head) \
            if size >= FAST_PATH_BYTES else None
        if fast is not None:
            return fast
        scan, arrays, starts = _scan_file(file, source, encoding, delimiter, quotechar, header_line)
    if scan.header is None:
        raise fail(source, f"header_row {header_line} is beyond the end of the file ({scan.lines} lines)",
                   row=header_line, code="data.bad_header_row", hint="check header_row for this resource")
    width = len(scan.header)
    findings = _quote_findings(source, scan, quotechar)
    if scan.ragged_total:
        findings.extend(_ragged_findings(source, scan, width, quotechar, delimiter))
    if findings:
        raise DataError(findings)
    columns = tuple(pa.chunked_array(chunks, type=pa.string()) for chunks in arrays)
    return RawTable(header=tuple(scan.header), columns=columns, rows=starts, header_row=header_line,
                    title_rows=tuple(scan.titles or ()), encoding=encoding, delimiter=delimiter,
                    quotechar=quotechar, texts=scan.texts)

