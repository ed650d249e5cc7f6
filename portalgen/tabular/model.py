"""The values that pass between the tabular stages: options, detection, tables, results.

Every result is a frozen dataclass. Tables hold their columns as Arrow chunked arrays
(``string``, ``int64``…), so a million-row file stays compact in memory, and the source row
numbers (the line in a CSV file, the row in a spreadsheet, the position of a record in a JSON
array); a pandas DataFrame of the same columns (Arrow-backed, indexed by the source row
numbers) is built only when asked for.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Union

import numpy as np
import pandas as pd
import pyarrow as pa

from portalgen.errors import Finding

#: Column types, from the most specific to the most general.
INTEGER = "integer"
NUMBER = "number"
DATE = "date"
DATETIME = "datetime"
BOOLEAN = "boolean"
STRING = "string"
COLUMN_TYPES = (INTEGER, NUMBER, DATE, DATETIME, BOOLEAN, STRING)
NUMERIC_TYPES = (INTEGER, NUMBER)
TEMPORAL_TYPES = (DATE, DATETIME)

#: Input formats read_table understands.
TEXT_FORMATS = ("csv", "tsv", "txt")
SHEET_FORMATS = ("xlsx", "ods")
JSON_FORMATS = ("json", "geojson")
INPUT_FORMATS = TEXT_FORMATS + SHEET_FORMATS + JSON_FORMATS


@dataclass(frozen=True)
class ReadOptions:
    """How to read one data file. Every field left to ``None`` is detected.

    ``sheet`` is a sheet name or a 1-based sheet number; ``header_row`` the 1-based row
    (line in a CSV file) holding the column names; ``skip_rows`` the number of rows at the
    top to ignore before looking for the header; ``date_format`` a strftime pattern such as
    ``"%d/%m/%Y"``; ``thousands`` the thousands separator(s), ``""`` for none.
    """

    encoding: str | None = None
    delimiter: str | None = None
    quotechar: str | None = None
    decimal: str | None = None
    thousands: str | None = None
    date_format: str | None = None
    sheet: Union[str, int, None] = None
    header_row: int | None = None
    skip_rows: int | None = None


@dataclass(frozen=True)
class ColumnDetection:
    """What was found about one column, before normalisation.

    ``blockers`` are the (source row, value) pairs that stopped a mostly numeric or mostly
    date column from being converted; ``blocked_type`` is the type it would have had.
    """

    name: str
    type: str
    decimal: str | None = None
    thousands: str = ""
    date_format: str | None = None
    date_label: str | None = None
    blockers: tuple[tuple[int, str], ...] = ()
    blocked_type: str | None = None
    blocked_count: int = 0
    hint: str | None = None


@dataclass(frozen=True)
class Detection:
    """What was detected (or given in ReadOptions) for a file.

    ``encoding`` is a Python codec name (``utf-8``, ``utf-8-sig``, ``cp1252``, ``latin-1``,
    ``utf-16``) or ``None`` for spreadsheets and JSON parsed natively. ``decimal`` and
    ``thousands`` summarise the numeric columns; ``columns`` has the per-column detail.
    ``overridden`` names the fields that came from ReadOptions rather than detection.
    """

    format: str
    encoding: str | None = None
    delimiter: str | None = None
    quotechar: str | None = None
    decimal: str = "."
    thousands: str = ""
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    header_row: int | None = None
    title_rows: tuple[str, ...] = ()
    columns: tuple[ColumnDetection, ...] = ()
    overridden: tuple[str, ...] = ()

    @property
    def date_formats(self) -> tuple[tuple[str, str], ...]:
        """(column, strftime format) for every column detected as a date or date-time."""
        return tuple((c.name, c.date_format) for c in self.columns
                     if c.type in TEMPORAL_TYPES and c.date_format)

    def column(self, name: str) -> ColumnDetection:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


class _PythonValues:
    """The columns of a table (``arrays``) as Python objects, converted once per table: the shortcuts for
    small tables (detection, normalisation, profile, downloads) read them instead of calling Arrow. A
    step that already holds a column's values in Python (reading the file, normalising it) hands them
    over with :meth:`keep_values`, and the next steps find them without converting the column again. A
    table made from another (``dataclasses.replace``) starts with none: its columns may differ."""

    arrays: dict[str, pa.ChunkedArray]

    def values(self, name: str) -> list:
        """The column's values as Python objects (None for nulls): ``python_list(self.arrays[name])``."""
        converted = self._values
        if name not in converted:
            converted[name] = python_list(self.arrays[name])
        return converted[name]

    def keep_values(self, name: str, values: list) -> None:
        """Keep ``values`` as the column's :meth:`values`; the caller guarantees they are what
        ``python_list(self.arrays[name])`` gives (same values, same Python types)."""
        self._values[name] = values

    @functools.cached_property
    def _values(self) -> dict[str, list]:
        return {}


@dataclass(frozen=True, eq=False)
class Table(_PythonValues):
    """A data file as read: every column is text (``string``) with spaces trimmed around
    values, empty cells are ``""``.

    ``arrays`` holds the columns in order, as Arrow chunked arrays; ``row_numbers`` the source
    row numbers; ``conversions`` describes, in plain words, what reading already changed (title
    row skipped, empty rows removed…); ``geometry`` holds each row's GeoJSON geometry as JSON
    text when the source was GeoJSON, and ``derived_columns`` names columns computed from it
    (longitude, latitude).
    """

    source: str
    arrays: dict[str, pa.ChunkedArray]
    row_numbers: np.ndarray
    detection: Detection
    findings: tuple[Finding, ...] = ()
    conversions: tuple[str, ...] = ()
    geometry: tuple[str | None, ...] | None = None
    derived_columns: tuple[str, ...] = ()

    @property
    def source_rows(self) -> tuple[int, ...]:
        return tuple(self.row_numbers.tolist())

    @property
    def row_count(self) -> int:
        return len(self.row_numbers)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(self.arrays)

    def arrow(self, name: str) -> pa.ChunkedArray:
        """The column's text as an Arrow chunked array."""
        return self.arrays[name]

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        """The table as a pandas DataFrame of Arrow-backed columns indexed by source row numbers,
        built when first asked for: building one costs more than most of the work on a small table,
        and the pipeline itself reads the Arrow columns."""
        return frame_from_arrow(self.arrays, self.row_numbers)


@dataclass(frozen=True)
class Column:
    """A normalised column: its type, its source format ('dd/mm/yyyy', 'decimal comma'…) and,
    for numbers, the most decimals seen in the source and whether every value had that many
    (money written 12,50 keeps showing two decimals)."""

    name: str
    type: str
    decimals: int | None = None
    source_format: str | None = None
    fixed_decimals: bool = False


@dataclass(frozen=True, eq=False)
class NormalisedTable(_PythonValues):
    """A table with typed columns (Arrow chunked arrays in ``arrays``), ready to profile and publish.

    integer → ``int64``, number → ``double``, date → ``date32``, datetime → ``timestamp[s]``,
    boolean and string → ``string`` (booleans are kept as written). Empty cells are null.
    ``row_numbers`` are the source row numbers. ``point_columns`` is (latitude column, longitude
    column) when the table has usable WGS 84 point coordinates.
    """

    source: str
    arrays: dict[str, pa.ChunkedArray]
    row_numbers: np.ndarray
    columns: tuple[Column, ...]
    detection: Detection
    conversions: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    geometry: tuple[str | None, ...] | None = None
    derived_columns: tuple[str, ...] = ()
    point_columns: tuple[str, str] | None = None

    @property
    def row_count(self) -> int:
        return len(self.row_numbers)

    @property
    def source_rows(self) -> tuple[int, ...]:
        return tuple(self.row_numbers.tolist())

    @functools.cached_property
    def column_names(self) -> tuple[str, ...]:
        """The columns' names, in order (kept: the work on a table asks for them about ten times, and
        ``columns`` cannot change, the table being frozen; :func:`dataclasses.replace` makes a new table)."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    def arrow(self, name: str) -> pa.ChunkedArray:
        """The column's values as an Arrow chunked array."""
        return self.arrays[name]

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        """The table as a pandas DataFrame indexed by source row numbers, built when first asked for
        (see :attr:`Table.frame`)."""
        return frame_from_arrow(self.arrays, self.row_numbers)

    def arrow_table(self) -> pa.Table:
        """All columns as one Arrow table, in column order (no copy)."""
        names = list(self.column_names)
        return pa.table([self.arrow(n) for n in names], names=names)


@dataclass(frozen=True)
class ColumnProfile:
    """Facts about one column: ``count`` filled cells, ``empty`` cells, ``distinct`` values,
    min/max (numbers: int/float; dates: ISO text) and the 5 most frequent values (as text,
    ties broken by value)."""

    name: str
    type: str
    count: int
    empty: int
    distinct: int
    min: int | float | str | None = None
    max: int | float | str | None = None
    top: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class DerivedFile:
    """A download written next to the source: label, file name, IANA media type, size, hash."""

    format: str
    name: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class PlannedDownload:
    """Whether a download format applies to a table, and why not when it does not."""

    format: str
    produced: bool
    reason: str | None = None


@dataclass(frozen=True)
class Preview:
    """The first rows of a table, every cell formatted for display on a French page."""

    columns: tuple[str, ...]
    types: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source_rows: tuple[int, ...]
    total_rows: int

    @property
    def truncated(self) -> bool:
        return self.total_rows > len(self.rows)


@dataclass(frozen=True)
class FigureSpec:
    """A key figure to compute: ``op`` is sum, count, mean, min, max or latest.

    ``filter`` keeps rows whose column equals the value (given as a mapping or pairs);
    ``group_by`` computes one value per distinct value of that column; ``latest`` takes the
    value of ``column`` on the most recent row (by ``date_column``, else the first date
    column, else the last row).
    """

    label: str
    op: str
    column: str | None = None
    filter: tuple[tuple[str, object], ...] = ()
    group_by: str | None = None
    decimals: int | None = None
    unit: str | None = None
    date_column: str | None = None

    def __post_init__(self) -> None:
        raw = self.filter
        if isinstance(raw, dict):
            pairs = tuple(sorted((str(k), v) for k, v in raw.items()))
        else:
            pairs = tuple((str(k), v) for k, v in (raw or ()))
        object.__setattr__(self, "filter", pairs)


@dataclass(frozen=True)
class FigureGroup:
    key: str | None
    value: int | float | str | None
    display: str


@dataclass(frozen=True)
class Figure:
    """A computed key figure: raw ``value`` and its French ``display`` text."""

    label: str
    op: str
    column: str | None
    value: int | float | str | None
    display: str
    groups: tuple[FigureGroup, ...] = field(default=())


def _numpy_converts(arrow_type: pa.DataType) -> bool:
    """Whether NumPy's ``tolist`` gives the same Python objects as Arrow's ``to_pylist`` for this type
    (whenever the value fits in Python's dates: see :func:`python_list`)."""
    return pa.types.is_date32(arrow_type) or (pa.types.is_timestamp(arrow_type) and arrow_type.tz is None)


def python_list(values: pa.ChunkedArray) -> list:
    """``values.to_pylist()``, made faster for dates and naive date-times.

    Arrow builds each date or date-time through a Python-level scalar (~1.3 µs a value: 26 µs for a
    20-row date column, more than the rest of its table's columns together); NumPy's ``tolist`` of the
    same ``datetime64`` values makes the same ``datetime.date`` / ``datetime.datetime`` objects (None
    for nulls) in C. Where Python cannot hold a value (a year outside 1-9999, nanoseconds), NumPy gives
    an int instead: then the result is Arrow's own, which raises as it always did (tested equal on
    every unit, nulls, bounds and out-of-range values)."""
    if _numpy_converts(values.type):
        converted = values.to_numpy().tolist()
        if not any(type(value) is int for value in converted):
            return converted
    return values.to_pylist()


def chunked(values: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray:
    """The values as a chunked array (as :func:`frame_from_arrow` stores them)."""
    return pa.chunked_array([values], type=values.type) if isinstance(values, pa.Array) else values


def frame_from_arrow(columns: dict[str, pa.ChunkedArray | pa.Array], rows) -> pd.DataFrame:
    """Build a DataFrame of Arrow-backed columns indexed by source row numbers."""
    data = {}
    for name, values in columns.items():
        data[name] = pd.arrays.ArrowExtensionArray(chunked(values))
    index = pd.Index(rows, dtype="int64", name="source_row")
    if not data:
        return pd.DataFrame(index=index)
    return pd.DataFrame(data, index=index, copy=False)
