"""read_table: any supported data file → a Table of text columns with what was detected.

Reading is the same for every format once the reader has produced header cells and text
columns: column names are cleaned, nameless empty columns and empty rows dropped, duplicate
names refused, and every column's type and format detected.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from portalgen.errors import DataError, Finding
from portalgen.lockstep import Steps, run_to_end
from portalgen.tabular.csvfile import delimiter_name, read_text
from portalgen.tabular.detect import detect_columns, summary_decimal, summary_thousands
from portalgen.tabular.jsonfile import read_geojson, read_json
from portalgen.tabular.model import (
    INPUT_FORMATS, SHEET_FORMATS, TEXT_FORMATS, Detection, ReadOptions, Table, chunked,
)
from portalgen.tabular.problems import data_error, data_warning, fail, plural
from portalgen.tabular.raw import RawTable
from portalgen.tabular.sheets import read_sheet
from portalgen.tabular.textmatch import SMALL_COLUMN
from portalgen.tabular.sniff import canonical_encoding, encoding_label, regular_file_size

_FORMAT_ALIASES = {"text": "txt", "geo+json": "geojson", "xls": "xls"}
_THOUSANDS_ALLOWED = set(" \u00a0\u202f.'")


def input_format(fmt: str | None, path: Path) -> str:
    """'csv', 'xlsx'… from a declared format or, when none, from the file extension."""
    name = (fmt or path.suffix).lower().lstrip(".")
    return _FORMAT_ALIASES.get(name, name)


def check_options(options: ReadOptions) -> tuple[str, ...]:
    """Plain-words problems with ReadOptions given by a webmaster (empty when all is fine)."""
    problems = []
    if options.encoding is not None and canonical_encoding(options.encoding) is None:
        problems.append(f"encoding {options.encoding!r} is unknown (try utf-8, cp1252 or latin-1)")
    for field_name in ("delimiter", "quotechar"):
        value = getattr(options, field_name)
        if value is not None and (len(value) != 1 or value in "\r\n"):
            problems.append(f"{field_name} must be one character, not {value!r}")
    if options.delimiter is not None and options.delimiter == options.quotechar:
        problems.append("delimiter and quotechar must differ")
    if options.decimal is not None and options.decimal not in (".", ","):
        problems.append(f"decimal must be '.' or ',', not {options.decimal!r}")
    if options.thousands is not None:
        if not set(options.thousands) <= _THOUSANDS_ALLOWED:
            problems.append(f"thousands must be made of spaces, '.' or an apostrophe, not {options.thousands!r}")
        if options.decimal is not None and options.decimal in options.thousands:
            problems.append("decimal and thousands must differ")
    if options.date_format is not None:
        if "%" not in options.date_format:
            problems.append(f"date_format {options.date_format!r} has no % field (example: '%d/%m/%Y')")
        else:
            try:
                date(2000, 1, 2).strftime(options.date_format)
            except ValueError:
                problems.append(f"date_format {options.date_format!r} is not a valid strftime pattern")
    if options.sheet is not None and not isinstance(options.sheet, (str, int)):
        problems.append("sheet must be a sheet name or a number (1 for the first sheet)")
    if isinstance(options.sheet, int) and options.sheet < 1:
        problems.append("sheet numbers start at 1")
    if options.header_row is not None and (not isinstance(options.header_row, int) or options.header_row < 1):
        problems.append("header_row must be a row number starting at 1")
    if options.skip_rows is not None and (not isinstance(options.skip_rows, int) or options.skip_rows < 0):
        problems.append("skip_rows must be a number of rows (0 or more)")
    return tuple(problems)


_SPACES = re.compile(r"\s+")


def clean_name(cell: str) -> str:
    """A header cell as a column name: one line, single spaces, no byte-order mark."""
    return _SPACES.sub(" ", cell.replace("\ufeff", "")).strip()


def column_label(position: int, fmt: str) -> str:
    """'C' in a spreadsheet, '3' in a text file (1-based position)."""
    if fmt not in SHEET_FORMATS:
        return str(position)
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Cells(NamedTuple):
    """A text column as Arrow values and, in a small table (at most SMALL_COLUMN rows), the same values
    read into Python once (None in a longer table). Each step of the reading of a small table (trim,
    empty rows, the detection of types) looks at the Python values, which costs less than an Arrow call,
    instead of converting the column again (~5 µs a column each time): the Python values are always
    ``arrow.to_pylist()``, kept so by every step that changes the column."""

    arrow: pa.ChunkedArray
    texts: list[str | None] | None


def _filled(trimmed: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.fill_null(pc.not_equal(trimmed, ""), False)


def _is_empty(cells: _Cells) -> bool:
    if cells.texts is not None:
        return not any(cells.texts)
    return len(cells.arrow) == 0 or not pc.any(_filled(cells.arrow)).as_py()


#: Unicode white space, as utf8_trim_whitespace trims it (RE2 syntax).
_SPACE = r"[\s\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
_EDGE_SPACE = f"^{_SPACE}|{_SPACE}$"
#: The same characters, for short columns checked in Python (RE2's ``\s`` is ``[\t\n\f\r ]``).
_SPACE_CHARS = frozenset("\t\n\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
                         + "".join(chr(c) for c in range(0x2000, 0x200B)))


def _has_edge_space(column: pa.ChunkedArray, texts: list[str | None] | None = None) -> bool:
    """Whether some value (of a column without nulls) starts or ends with white space; ``texts``, when
    given, are the column's values read into Python (see :class:`_Cells`)."""
    if texts is None and len(column) <= SMALL_COLUMN:
        texts = column.to_pylist()
    if texts is not None:
        if None not in texts and list(map(str.strip, texts)) == texts:
            return False  # str.strip removes each of _SPACE_CHARS (and more): no value has one at an edge
        return any(v and (v[0] in _SPACE_CHARS or v[-1] in _SPACE_CHARS) for v in texts)
    return bool(pc.any(pc.match_substring_regex(column, _EDGE_SPACE)).as_py())


def _trimmed(raw: RawTable, small: bool) -> tuple[list[_Cells], int]:
    """The reader's columns with spaces (including no-break spaces) trimmed around values, and how many
    non-empty cells changed. Columns with nothing to trim are not copied. ``small``: the table has
    at most SMALL_COLUMN rows, and its columns are read into Python (see :class:`_Cells`), or taken
    as the reader kept them (:attr:`RawTable.texts`, the same values)."""
    result = []
    changed = 0
    for position, column in enumerate(raw.columns):
        texts = (column.to_pylist() if raw.texts is None else raw.texts[position]) if small else None
        if column.null_count == 0 and not _has_edge_space(column, texts):
            result.append(_Cells(column, texts))
            continue
        trimmed = pc.fill_null(pc.utf8_trim_whitespace(column), "")
        difference = pc.and_(pc.not_equal(column, trimmed), pc.not_equal(trimmed, ""))
        changed += int(pc.sum(pc.cast(difference, pa.int64())).as_py() or 0)
        result.append(_Cells(trimmed, trimmed.to_pylist() if small else None))
    return result, changed


def _name_columns(raw: RawTable, columns: list[_Cells], source: str, fmt: str
                  ) -> tuple[list[tuple[str, _Cells]], list[Finding], int]:
    named: list[tuple[str, _Cells]] = []
    findings: list[Finding] = []
    dropped = 0
    names = [clean_name(h) for h in raw.header]
    taken = set(names)
    for position, (name, column) in enumerate(zip(names, columns), start=1):
        if name:
            named.append((name, column))
            continue
        if _is_empty(column):
            dropped += 1
            continue
        new_name = f"colonne_{position}"
        while new_name in taken:
            new_name += "_"
        taken.add(new_name)
        findings.append(data_warning(source, f"column {column_label(position, fmt)} has values but no name in "
                                             f"the header row; it was named {new_name!r}",
                                     row=raw.header_row, code="data.unnamed_column",
                                     hint="write a name for that column in the header row"))
        named.append((new_name, column))
    counts = Counter(n for n in names if n)
    duplicates = [n for n in counts if counts[n] > 1]
    if duplicates:
        errors = []
        for name in duplicates:
            positions = [column_label(i, fmt) for i, n in enumerate(names, start=1) if n == name]
            errors.append(data_error(source, f"duplicate column name {name!r} (columns {' and '.join(positions)})",
                                     row=raw.header_row, code="data.duplicate_columns",
                                     hint="give each column its own name in the header row"))
        raise DataError(errors)
    return named, findings, dropped


def _drop_empty_rows(columns: list[tuple[str, _Cells]], rows: np.ndarray
                     ) -> tuple[list[tuple[str, _Cells]], np.ndarray, int]:
    if not columns or len(rows) == 0:
        return columns, rows, 0
    small = columns[0][1].texts is not None
    if small:  # a few Arrow calls per column cost more than looking at each cell
        filled_rows = [any(cells) for cells in zip(*(column.texts for _, column in columns))]
        if all(filled_rows):
            return columns, rows, 0
        keep, keep_np = pa.array(filled_rows, type=pa.bool_()), np.array(filled_rows, dtype=bool)
    else:
        keep = None
        for _, column in columns:
            filled = _filled(column.arrow)
            keep = filled if keep is None else pc.or_(keep, filled)
        if pc.all(keep).as_py():
            return columns, rows, 0
        keep_np = np.asarray(keep.to_numpy(), dtype=bool)
    kept = [(name, _Cells(pc.filter(column.arrow, keep),
                          [t for t, filled in zip(column.texts, filled_rows) if filled] if small else None))
            for name, column in columns]
    return kept, rows[keep_np], int((~keep_np).sum())


def _reading_conversions(raw: RawTable, fmt: str, empty_rows: int, empty_columns: int,
                         trimmed_cells: int) -> tuple[str, ...]:
    notes = []
    if raw.encoding == "utf-8-sig":
        notes.append("UTF-8 byte-order mark (BOM) removed")
    elif raw.encoding not in (None, "utf-8"):
        notes.append(f"encoding {encoding_label(raw.encoding)} → UTF-8")
    if raw.delimiter is not None and raw.delimiter != ",":
        notes.append(f"separator {delimiter_name(raw.delimiter)} → ','")
    if raw.sheet is not None:
        notes.append(f"sheet {raw.sheet!r} ({fmt.upper()}) → CSV")
    if raw.title_rows:
        notes.append(f"{plural(len(raw.title_rows), 'title row')} above the header skipped "
                     f"({raw.title_rows[0]!r})")
    if empty_rows:
        notes.append(f"{plural(empty_rows, 'empty row')} removed")
    if empty_columns:
        notes.append(f"{plural(empty_columns, 'empty column')} without a name removed")
    if trimmed_cells:
        notes.append(f"spaces around values trimmed in {plural(trimmed_cells, 'cell')}")
    return tuple(notes)


def _overridden(options: ReadOptions) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(options) if getattr(options, f.name) is not None)


def assemble(raw: RawTable, source: str, fmt: str, options: ReadOptions) -> Table:
    """Turn a reader's RawTable into a Table (see the module docstring)."""
    trimmed, trimmed_cells = _trimmed(raw, small=len(raw.rows) <= SMALL_COLUMN)
    named, findings, empty_columns = _name_columns(raw, trimmed, source, fmt)
    named, rows, empty_rows = _drop_empty_rows(named, raw.rows)
    geometry = raw.geometry
    if geometry is not None and empty_rows:
        kept_rows = set(int(r) for r in rows)
        geometry = tuple(g for r, g in zip(raw.rows, geometry) if int(r) in kept_rows)
    detections = detect_columns({name: column.arrow for name, column in named}, rows, delimiter=raw.delimiter,
                                options=options, texts={name: column.texts for name, column in named})
    all_findings = list(raw.findings) + findings
    if len(rows) == 0:
        all_findings.append(data_warning(source, "the file has column names but no rows: the table will be "
                                                 "published empty", code="data.header_only",
                                         hint="check that this is the right file, or add the data rows"))
    detection = Detection(
        format=fmt, encoding=raw.encoding, delimiter=raw.delimiter, quotechar=raw.quotechar,
        decimal=summary_decimal(detections), thousands=summary_thousands(detections),
        sheet=raw.sheet, sheets=raw.sheets, header_row=raw.header_row, title_rows=raw.title_rows,
        columns=detections, overridden=_overridden(options))
    columns = {name: chunked(column.arrow) for name, column in named}
    table = Table(source=source, arrays=columns, row_numbers=np.asarray(rows, dtype=np.int64), detection=detection,
                  findings=tuple(all_findings),
                  conversions=_reading_conversions(raw, fmt, empty_rows, empty_columns, trimmed_cells),
                  geometry=geometry, derived_columns=raw.derived_columns)
    for name, column in named:
        if column.texts is not None:  # normalise reads them (see _Cells)
            table.keep_values(name, column.texts)
    return table


def read_table(path: Path | str, fmt: str | None = None, options: ReadOptions | None = None, *,
               source: str | None = None) -> Table:
    """Read a data file (csv, tsv, txt, xlsx, ods, json, geojson) into a Table.

    ``fmt`` defaults to the file extension; ``source`` is the name used in messages (default:
    the path as given). Raises DataError for a file that cannot be published as it is.
    """
    return run_to_end(read_table_steps(path, fmt, options, source=source))


def read_table_steps(path: Path | str, fmt: str | None = None, options: ReadOptions | None = None, *,
                     source: str | None = None) -> Steps[Table]:
    """:func:`read_table` in steps (see :mod:`portalgen.lockstep`): the file read, then its columns told."""
    path = Path(path)
    source = source or str(path)
    options = options or ReadOptions()
    fmt = input_format(fmt, path)
    problems = check_options(options)
    if problems:
        raise DataError([data_error(source, p, code="data.bad_option",
                                    hint="fix the reading options of this resource") for p in problems])
    if fmt == "xls":
        raise fail(source, "old Excel 97-2003 files (.xls) cannot be read", code="data.unsupported_format",
                   hint="open the file in a spreadsheet and save it as .xlsx or .ods")
    if fmt not in INPUT_FORMATS:
        raise fail(source, f"format {fmt!r} is not a table format portalgen can read "
                           f"({', '.join(INPUT_FORMATS)})", code="data.unsupported_format",
                   hint="publish the data as CSV or XLSX, or declare the right format")
    size = regular_file_size(path)
    if size is None:
        raise fail(source, "the file does not exist", code="data.missing_file",
                   hint="check the path of this resource (it is relative to the site folder)")
    if fmt in TEXT_FORMATS:
        raw = read_text(path, source, fmt, options, size)
    elif fmt in SHEET_FORMATS:
        raw = read_sheet(path, source, fmt, options)
    elif fmt == "json":
        raw = read_json(path, source, options)
    else:
        raw = read_geojson(path, source, options)
    yield
    return assemble(raw, source, fmt, options)
