"""write_downloads: publish a normalised table as CSV, JSON, XLSX, Parquet and GeoJSON.

Every file is byte-identical from one build to the next for the same table: rows in source
order, keys in column order, no clock time (the XLSX workbook dates and its zip entries come
from the ``timestamp`` argument). CSV, JSON and GeoJSON are written chunk by chunk from Arrow
columns, so a million-row table needs little more memory than the table itself.

CSV: UTF-8 without BOM, ',' separator, '\\n' line ends, quotes only where needed.
JSON: an array of records, one per line, UTF-8 (no \\u escapes for accents), null for empty.
XLSX: one sheet 'Données', bold frozen header, numbers and dates as real cell values.
Parquet: typed columns (int64, double, date32, timestamp[ms], string), zstd compression and dictionary
encoding (snappy and plain encoding for a small table: see ``write_parquet``).
GeoJSON: a FeatureCollection of the rows, geometry from the source GeoJSON or from the
latitude/longitude columns, every column in ``properties``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
import os
import re
import weakref
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from portalgen.filesource import WorkFolder
from portalgen.filewrite import CREATE, write_all
from portalgen.lockstep import Steps, run_to_end
from portalgen.tabular import zipwriter
from portalgen.tabular.formatting import canonical_strings, canonical_values
from portalgen.tabular.model import (
    DATE, DATETIME, INTEGER, NUMBER, DerivedFile, NormalisedTable, PlannedDownload,
)

CSV, JSON, XLSX, PARQUET, GEOJSON = "CSV", "JSON", "XLSX", "Parquet", "GeoJSON"
FORMATS = (CSV, JSON, XLSX, PARQUET, GEOJSON)
MEDIA_TYPES = {
    CSV: "text/csv",
    JSON: "application/json",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PARQUET: "application/vnd.apache.parquet",
    GEOJSON: "application/geo+json",
}
EXTENSIONS = {CSV: "csv", JSON: "json", XLSX: "xlsx", PARQUET: "parquet", GEOJSON: "geojson"}
#: Above this many rows no XLSX is written: spreadsheet software struggles with such tables
#: (CSV and Parquet serve them better). Excel itself stops at 1,048,576 rows.
XLSX_MAX_ROWS = 200_000
EXCEL_ROW_LIMIT = 1_048_575
SHEET_TITLE = "Données"
DEFAULT_TIMESTAMP = dt.datetime(2000, 1, 1)
CHUNK_ROWS = 65_536
#: Up to this many rows, CSV and JSON text is assembled in Python from the canonical strings: on a
#: small table each Arrow compute call costs more than the work. Both ways write the same bytes (tested).
SMALL_TABLE_ROWS = 256

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# --------------------------------------------------------------------------- plan

def has_geometry(normalised: NormalisedTable) -> bool:
    """True when the table has a source geometry or point columns with at least one point."""
    if normalised.geometry is not None:
        return any(g is not None for g in normalised.geometry)
    if normalised.point_columns is None:
        return False
    lat, lon = normalised.point_columns
    if normalised.row_count <= SMALL_TABLE_ROWS:  # Python values, which the GeoJSON writer reads too
        lat_values, lon_values = _python_values(normalised, lat), _python_values(normalised, lon)
        if lat_values is not None and lon_values is not None:
            return any(y is not None and x is not None for y, x in zip(lat_values, lon_values))
    both = pc.and_(pc.is_valid(normalised.arrow(lat)), pc.is_valid(normalised.arrow(lon)))
    return bool(pc.any(both).as_py())


def download_plan(normalised: NormalisedTable, *, xlsx_max_rows: int = XLSX_MAX_ROWS
                  ) -> tuple[PlannedDownload, ...]:
    """Which formats write_downloads produces for this table, and why a format is left out."""
    plan = [PlannedDownload(CSV, True), PlannedDownload(JSON, True)]
    rows = normalised.row_count
    if rows > min(xlsx_max_rows, EXCEL_ROW_LIMIT):
        plan.append(PlannedDownload(XLSX, False, f"the table has {rows:,} rows; XLSX is only made up to "
                                                 f"{min(xlsx_max_rows, EXCEL_ROW_LIMIT):,} rows"))
    else:
        plan.append(PlannedDownload(XLSX, True))
    plan.append(PlannedDownload(PARQUET, True))
    if has_geometry(normalised):
        plan.append(PlannedDownload(GEOJSON, True))
    else:
        plan.append(PlannedDownload(GEOJSON, False, "the table has no point coordinates or geometry"))
    return tuple(plan)


# --------------------------------------------------------------------------- chunks

def _chunks(normalised: NormalisedTable, names: Sequence[str]) -> Iterator[tuple[int, dict[str, pa.Array]]]:
    """(offset, {column: values}) for successive slices of CHUNK_ROWS rows."""
    columns = {name: normalised.arrow(name) for name in names}
    total = normalised.row_count
    for offset in range(0, total, CHUNK_ROWS):
        length = min(CHUNK_ROWS, total - offset)
        yield offset, {name: col.slice(offset, length).combine_chunks() for name, col in columns.items()}


def _string_bytes(strings: pa.Array) -> memoryview:
    """All strings of an Arrow string array back to back, as UTF-8 bytes (no copy)."""
    if strings.null_count:
        strings = pc.fill_null(strings, "")
    if len(strings) == 0:
        return memoryview(b"")
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32)[strings.offset: strings.offset + len(strings) + 1]
    data = strings.buffers()[2]
    if data is None:
        return memoryview(b"")
    return memoryview(data)[int(offsets[0]): int(offsets[-1])]


def _lines_bytes(lines: pa.Array, terminator: str = "\n") -> memoryview:
    """Each string followed by a terminator, as one piece of UTF-8."""
    return _string_bytes(pc.binary_join_element_wise(lines, terminator, ""))


def _joined_bytes(items: pa.Array, first: bool, separator: str = ",\n") -> memoryview:
    """Items separated by ``separator``; a separator first too unless this is the first piece."""
    piece = _string_bytes(pc.binary_join_element_wise(separator, items, ""))
    return piece[len(separator.encode("utf-8")):] if first else piece


# --------------------------------------------------------------------------- small tables

#: Canonical texts of the columns of small tables, shared by the CSV, JSON and XLSX writers.
_CANONICAL: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _python_values(normalised: NormalisedTable, name: str) -> list | None:
    """The column's Python values, or None when Python cannot hold one of them (a date before year 1 or
    after 9999, which Arrow holds): the small-table writers then ask Arrow."""
    try:
        return normalised.values(name)
    except (OverflowError, ValueError):
        return None


def _canonical_texts(normalised: NormalisedTable, name: str, column_type: str) -> list[str | None]:
    """A small table's column as canonical texts (None for nulls), made once per table, column and type:
    :func:`canonical_values` of its Python values (the texts :func:`canonical_strings` gives, tested)."""
    texts = _CANONICAL.setdefault(normalised, {})
    key = (name, column_type)
    if key not in texts:
        values = _python_values(normalised, name)
        if values is not None:
            texts[key] = canonical_values(values, column_type)
        else:
            texts[key] = canonical_strings(normalised.arrow(name), column_type).to_pylist()
    return texts[key]


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_EPOCH = dt.datetime(1970, 1, 1)
_SECOND = dt.timedelta(seconds=1)


def _epoch_counts(normalised: NormalisedTable, name: str, column_type: str) -> list[int | None]:
    """A small table's date column as days since 1970, or its date-time column as seconds since 1970
    (Arrow's own numbers for them): from the Python values, without a cast, when Python holds them."""
    values = _python_values(normalised, name)
    if values is None:
        return pc.cast(normalised.arrow(name), pa.int32() if column_type == DATE else pa.int64()).to_pylist()
    if column_type == DATE:
        return [None if v is None else v.toordinal() - _EPOCH_ORDINAL for v in values]
    return [None if v is None else (v - _EPOCH) // _SECOND for v in values]


# --------------------------------------------------------------------------- CSV

def _csv_field(text: pa.Array, single_column: bool) -> pa.Array:
    needs_quotes = pc.fill_null(pc.match_substring_regex(text, r'[",\r\n]'), False)
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    out = pc.if_else(needs_quotes, quoted, text)
    if single_column:  # an empty line would be read as no row at all
        out = pc.if_else(pc.fill_null(pc.equal(out, ""), True), '""', out)
    return pc.fill_null(out, "")


_CSV_QUOTED = re.compile(r'[",\r\n]')


def _csv_text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if _CSV_QUOTED.search(value) else value


def _small_csv_field(value: str | None, single_column: bool) -> str:
    """_csv_field for one value."""
    if value is None:
        return '""' if single_column else ""
    text = _csv_text(value)
    return '""' if single_column and text == "" else text


def _end_to_end(texts: list[str | None]) -> str:
    """A small column's texts put end to end, nulls left out: the writers below search it once for the
    characters they would change, instead of each text. Those are single characters, so no match can
    straddle two texts: the column has one exactly when one of its texts has one."""
    return "".join(filter(None, texts))


def _small_csv_fields(texts: list[str | None], single_column: bool) -> list[str]:
    """_csv_field for a small table's column. Most columns hold no character that needs quotes (numbers
    and dates never do): one search finds out (:func:`_end_to_end`), and then each field is its text, ''
    for a null, as _small_csv_field gives when it finds nothing to quote (a single column's empty fields
    are always written "")."""
    if not single_column and _CSV_QUOTED.search(_end_to_end(texts)) is None:
        return ["" if t is None else t for t in texts]
    return [_small_csv_field(t, single_column) for t in texts]


def _small_csv_rows(normalised: NormalisedTable, names: Sequence[str], types: dict[str, str]) -> bytes:
    single = len(names) == 1
    columns = [_small_csv_fields(_canonical_texts(normalised, n, types[n]), single) for n in names]
    return ("\n".join(map(",".join, zip(*columns))) + "\n").encode("utf-8")


def csv_bytes_chunks(normalised: NormalisedTable) -> Iterator[bytes | memoryview]:
    """The CSV file, piece by piece."""
    names = normalised.column_names
    types = {c.name: c.type for c in normalised.columns}
    single = len(names) == 1
    header = ",".join(_csv_text(n) for n in names)
    if single and header == "":
        header = '""'
    yield (header + "\n").encode("utf-8")
    if normalised.row_count <= SMALL_TABLE_ROWS and names:
        if normalised.row_count:
            yield _small_csv_rows(normalised, names, types)
        return
    for _, chunk in _chunks(normalised, names):
        fields = [_csv_field(canonical_strings(chunk[n], types[n]), single) for n in names]
        lines = pc.binary_join_element_wise(*fields, ",") if len(fields) > 1 else fields[0]
        yield _lines_bytes(lines)


# --------------------------------------------------------------------------- JSON

def _json_strings(text: pa.Array) -> pa.Array:
    """JSON string literals for text values, as json.dumps(ensure_ascii=False) writes them."""
    quoted = pc.binary_join_element_wise('"', text, '"', "")
    needs_escape = pc.fill_null(pc.match_substring_regex(text, r'[\x00-\x1f"\\]'), False)
    if pc.any(needs_escape).as_py():
        escaped = [json.dumps(v, ensure_ascii=False) for v in pc.filter(text, needs_escape).to_pylist()]
        quoted = pc.replace_with_mask(quoted, needs_escape, pa.array(escaped, type=pa.string()))
    return pc.fill_null(quoted, "null")


def _json_values(values: pa.Array, column_type: str) -> pa.Array:
    text = canonical_strings(values, column_type)
    if column_type in (INTEGER, NUMBER):
        return pc.fill_null(text, "null")
    if column_type in (DATE, DATETIME):
        return pc.fill_null(pc.binary_join_element_wise('"', text, '"', ""), "null")
    return _json_strings(text)


def _json_keys(names: Sequence[str]) -> list[str]:
    """Each column's key in a JSON record, with its colon."""
    return [json.dumps(name, ensure_ascii=False) + ": " for name in names]


def _json_objects(chunk: dict[str, pa.Array], names: Sequence[str], types: dict[str, str],
                  length: int) -> pa.Array:
    """One JSON object per row, keys in column order."""
    if not names:
        return pa.array(["{}"] * length, type=pa.string())
    parts: list[object] = ["{"]
    for position, (name, key) in enumerate(zip(names, _json_keys(names))):
        parts.append(key if position == 0 else ", " + key)
        parts.append(_json_values(chunk[name], types[name]))
    parts.append("}")
    return pc.binary_join_element_wise(*parts, "")


#: The characters json.dumps escapes (ensure_ascii=False): control characters, quote, backslash.
_JSON_ESCAPED = re.compile(r'[\x00-\x1f"\\]')


def _small_json_values(texts: list[str | None], column_type: str) -> list[str]:
    """_json_values of canonical texts, as Python strings. A text column with no character json.dumps
    escapes (one search, :func:`_end_to_end`) has each text between quotes, which is what json.dumps
    writes for such a text."""
    if column_type in (INTEGER, NUMBER):
        return ["null" if t is None else t for t in texts]
    if column_type in (DATE, DATETIME) or _JSON_ESCAPED.search(_end_to_end(texts)) is None:
        return ["null" if t is None else f'"{t}"' for t in texts]
    return ["null" if t is None else json.dumps(t, ensure_ascii=False) for t in texts]


def _small_json_objects(normalised: NormalisedTable, names: Sequence[str], types: dict[str, str]) -> list[str]:
    """_json_objects of a whole small table, as Python strings."""
    if not names:
        return ["{}"] * normalised.row_count
    columns = [_small_json_values(_canonical_texts(normalised, n, types[n]), types[n]) for n in names]
    record = _json_record_format(tuple(names))
    return [record % row for row in zip(*columns)]


@functools.lru_cache(maxsize=256)
def _json_record_format(names: tuple[str, ...]) -> str:
    """One JSON record as a %-format of its values' texts: each column's key (its '%' doubled), then %s.
    Formatting a row's texts at once makes the text _json_objects joins (tested), with one call a row
    instead of a concatenation a cell. Made once per process for the same columns (the datasets of a
    site often share theirs): a json.dumps a column name costs more than formatting a small table's row."""
    return "{" + ", ".join(key.replace("%", "%%") + "%s" for key in _json_keys(names)) + "}"


def json_bytes_chunks(normalised: NormalisedTable) -> Iterator[bytes | memoryview]:
    """The JSON file (an array of records, one per line), piece by piece."""
    names = normalised.column_names
    types = {c.name: c.type for c in normalised.columns}
    if normalised.row_count == 0:
        yield b"[]\n"
        return
    yield b"[\n"
    if normalised.row_count <= SMALL_TABLE_ROWS and names:  # a single chunk
        yield ",\n".join(_small_json_objects(normalised, names, types)).encode("utf-8")
        yield b"\n]\n"
        return
    for offset, chunk in _chunks(normalised, names):
        length = len(next(iter(chunk.values()))) if chunk else min(CHUNK_ROWS, normalised.row_count - offset)
        yield _joined_bytes(_json_objects(chunk, names, types, length), first=offset == 0)
    yield b"\n]\n"


# --------------------------------------------------------------------------- GeoJSON

def _coordinate_type(values: pa.Array | pa.ChunkedArray) -> str:
    """How a coordinate column is written: as a number, or as an integer when Arrow holds integers."""
    return NUMBER if pa.types.is_floating(values.type) else INTEGER


def _point_geometries(lat: pa.Array, lon: pa.Array) -> pa.Array:
    lat_text = canonical_strings(lat, _coordinate_type(lat))
    lon_text = canonical_strings(lon, _coordinate_type(lon))
    point = pc.binary_join_element_wise('{"type": "Point", "coordinates": [', lon_text, ", ", lat_text, "]}", "")
    return pc.fill_null(point, "null")


def _small_geometries(normalised: NormalisedTable) -> list[str]:
    """The geometry of each row of a small table (the source's, or the point of its coordinates), as
    Python strings: what the general path joins with Arrow ('null' when the row has none)."""
    if normalised.geometry is not None:
        return ["null" if g is None else g for g in normalised.geometry]
    lat, lon = normalised.point_columns
    lat_texts = _canonical_texts(normalised, lat, _coordinate_type(normalised.arrow(lat)))
    lon_texts = _canonical_texts(normalised, lon, _coordinate_type(normalised.arrow(lon)))
    return ["null" if y is None or x is None else f'{{"type": "Point", "coordinates": [{x}, {y}]}}'
            for y, x in zip(lat_texts, lon_texts)]


def _geojson_names(normalised: NormalisedTable) -> list[str]:
    """The columns written in each feature's properties: all but those derived from a source geometry."""
    if normalised.geometry is not None:
        return [n for n in normalised.column_names if n not in normalised.derived_columns]
    return list(normalised.column_names)


def _geojson_feature(geometry: str, properties: str) -> str:
    """One feature, as the general path joins it."""
    return f'{{"type": "Feature", "geometry": {geometry}, "properties": {properties}}}'


def geojson_bytes_chunks(normalised: NormalisedTable) -> Iterator[bytes | memoryview]:
    """The GeoJSON FeatureCollection, piece by piece."""
    types = {c.name: c.type for c in normalised.columns}
    names = _geojson_names(normalised)
    yield b'{"type": "FeatureCollection", "features": [\n'
    if 0 < normalised.row_count <= SMALL_TABLE_ROWS:  # a single chunk, joined in Python
        features = map(_geojson_feature, _small_geometries(normalised), _small_json_objects(normalised, names, types))
        yield ",\n".join(features).encode("utf-8")
        yield b"\n]}\n"
        return
    geometry_column = None
    if normalised.geometry is not None:
        geometry_column = pa.chunked_array([pa.array(normalised.geometry, type=pa.string())], type=pa.string())
    lat_name, lon_name = normalised.point_columns or (None, None)
    for offset, chunk in _chunks(normalised, normalised.column_names):
        length = min(CHUNK_ROWS, normalised.row_count - offset)
        if geometry_column is not None:
            geometry = pc.fill_null(geometry_column.slice(offset, length).combine_chunks(), "null")
        else:
            geometry = _point_geometries(chunk[lat_name], chunk[lon_name])
        properties = _json_objects(chunk, names, types, length)
        features = pc.binary_join_element_wise('{"type": "Feature", "geometry": ', geometry,
                                               ', "properties": ', properties, "}", "")
        yield _joined_bytes(features, first=offset == 0)
    yield b"\n]}\n"


# --------------------------------------------------------------------------- Parquet

def parquet_table(normalised: NormalisedTable) -> pa.Table:
    """The table as the Parquet file holds it: the table's columns, with date-times in milliseconds
    (Parquet has no seconds unit). Built once, casting only the date-time columns: a second table for
    the schema, a schema comparison and a cast of the whole table cost tens of microseconds, which
    count on a small table's file."""
    names = list(normalised.column_names)
    columns = []
    for name in names:
        values = normalised.arrow(name)
        if pa.types.is_timestamp(values.type):
            values = values.cast(pa.timestamp("ms"))
        columns.append(values)
    return pa.Table.from_arrays(columns, names=names)


def write_parquet(normalised: NormalisedTable, folder: WorkFolder, name: str) -> tuple[str, int]:
    """Typed columns in a Parquet file (no pandas metadata); returns the file's sha256 and size.

    A small table's file is made in memory, then kept and hashed at once (the same bytes:
    the writer puts nothing of its sink in the file), instead of read back to hash it. It is
    written with snappy and without dictionary pages: on a few hundred rows, zstd and dictionary
    encoding make the writer 2.5 times slower (about 380 µs instead of 140 µs for 20 rows of 7
    columns, a second of CPU on 10,000 small datasets) and save at most 2 KB a file, often nothing."""
    table = parquet_table(normalised)
    if normalised.row_count <= SMALL_TABLE_ROWS:
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="snappy", use_dictionary=False)
        return _keep(folder, name, [sink.getvalue()])
    path = os.path.join(folder.on_disk(), name)
    pq.write_table(table, path, compression="zstd", row_group_size=CHUNK_ROWS * 16)
    return _sha256(path)


# --------------------------------------------------------------------------- XLSX
#
# openpyxl builds the workbook (styles, bold frozen header, properties) around a one-row
# sample of the cell styles the data needs. Building a workbook costs tens of milliseconds,
# so it is built once per process around a placeholder header cell and a placeholder date;
# each file then gets its own header row and dates, written as openpyxl writes them. Its
# per-cell writer is far too slow for large tables (tens of microseconds a cell), so the data
# rows are written as the same worksheet XML openpyxl writes (inline strings, numbers, date
# serials with its date styles), built column by column with Arrow, straight into the zip entry.

EXCEL_EPOCH_DAYS = 25569  # days from 1899-12-30 (Excel day 0) to 1970-01-01
EXCEL_MAX_TEXT = 32767
_SAMPLE_ROW = re.compile(r'<row r="2">.*?</row>', re.S)
_SAMPLE_STYLE = re.compile(r'<c r="([AB])2" s="(\d+)"')
_HEADER_ROW = re.compile(r'<row r="1">.*?</row>', re.S)
_HEADER_STYLE = re.compile(r'<c r="A1" s="(\d+)"')
_PLACEHOLDER_NAME = "portalgen-header-placeholder"
_PLACEHOLDER_TIME = dt.datetime(1999, 12, 31, 23, 59, 58)
_CORE_PART = "docProps/core.xml"


def column_letters(position: int) -> str:
    """'A' for 1, 'Z' for 26, 'AA' for 27."""
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _escape_xml(text: str) -> str:
    """Text as XML character data (as ElementTree writes it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_text(text: pa.Array) -> pa.Array:
    if pc.any(pc.fill_null(pc.match_substring_regex(text, _ILLEGAL_XML.pattern), False)).as_py():
        text = pc.replace_substring_regex(text, _ILLEGAL_XML.pattern, "")
    if pc.any(pc.fill_null(pc.greater(pc.utf8_length(text), EXCEL_MAX_TEXT), False)).as_py():
        text = pc.utf8_slice_codeunits(text, 0, EXCEL_MAX_TEXT)
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        text = pc.replace_substring(text, raw, entity)
    return text


def _xlsx_cells(values: pa.Array, column_type: str, letter: str, rows: pa.Array, styles: dict[str, str]
                ) -> pa.Array:
    """The <c> elements of one column ('' for empty cells), as openpyxl writes them."""
    reference = pc.binary_join_element_wise(f'<c r="{letter}', rows, "")
    if column_type in (INTEGER, NUMBER):
        cell = pc.binary_join_element_wise(reference, '" t="n"><v>', canonical_strings(values, column_type),
                                           "</v></c>", "")
    elif column_type == DATE:
        serial = pc.cast(pc.add(pc.cast(pc.cast(values, pa.int32()), pa.int64()), EXCEL_EPOCH_DAYS), pa.string())
        cell = pc.binary_join_element_wise(reference, f'" s="{styles["date"]}" t="n"><v>', serial, "</v></c>", "")
    elif column_type == DATETIME:
        seconds = pc.cast(pc.cast(values, pa.int64()), pa.float64())
        serial = canonical_strings(pc.add(pc.divide(seconds, 86400.0), float(EXCEL_EPOCH_DAYS)), NUMBER)
        cell = pc.binary_join_element_wise(reference, f'" s="{styles["datetime"]}" t="n"><v>', serial,
                                           "</v></c>", "")
    else:
        cell = pc.binary_join_element_wise(reference, '" t="inlineStr"><is><t>', _xml_text(values),
                                           "</t></is></c>", "")
    return pc.fill_null(cell, "")


def _small_xlsx_cells(normalised: NormalisedTable, name: str, column_type: str, letter: str, rows: list[int],
                      styles: dict[str, str]) -> list[str]:
    """_xlsx_cells for a column of a small table, built in Python."""
    if column_type in (INTEGER, NUMBER):
        texts = _canonical_texts(normalised, name, column_type)
        return ["" if t is None else f'<c r="{letter}{r}" t="n"><v>{t}</v></c>' for r, t in zip(rows, texts)]
    if column_type == DATE:  # days since 1970 (any year Arrow holds, even those Python dates cannot)
        days = _epoch_counts(normalised, name, DATE)
        return ["" if d is None else f'<c r="{letter}{r}" s="{styles["date"]}" t="n"><v>{d + EXCEL_EPOCH_DAYS}</v></c>'
                for r, d in zip(rows, days)]
    if column_type == DATETIME:  # the double arithmetic of _xlsx_cells, the same texts as canonical_strings
        serials = canonical_values([None if s is None else float(s) / 86400.0 + float(EXCEL_EPOCH_DAYS)
                                    for s in _epoch_counts(normalised, name, DATETIME)], NUMBER)
        return ["" if t is None else f'<c r="{letter}{r}" s="{styles["datetime"]}" t="n"><v>{t}</v></c>'
                for r, t in zip(rows, serials)]
    return ["" if t is None else f'<c r="{letter}{r}" t="inlineStr"><is><t>{t}</t></is></c>'
            for r, t in zip(rows, _small_xml_texts(normalised.values(name)))]


#: The characters _xml_text removes or escapes.
_XML_CHANGED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f&<>]")


def _small_xml_texts(texts: list[str | None]) -> list[str | None]:
    """_xml_text of a small table's text column, as Python strings. Most columns need no change: when
    their texts put end to end (:func:`_end_to_end`) are no longer than Excel's limit (so none is cut)
    and hold no character removed or escaped, they are returned as they are, which is what the per-text
    change gives for each of them."""
    joined = _end_to_end(texts)
    if len(joined) <= EXCEL_MAX_TEXT and _XML_CHANGED.search(joined) is None:
        return texts
    return [None if t is None else _escape_xml(_ILLEGAL_XML.sub("", t)[:EXCEL_MAX_TEXT]) for t in texts]


def _xlsx_rows(normalised: NormalisedTable, styles: dict[str, str]) -> Iterator[bytes | memoryview]:
    names = normalised.column_names
    types = {c.name: c.type for c in normalised.columns}
    letters = {name: column_letters(i) for i, name in enumerate(names, start=1)}
    if normalised.row_count <= SMALL_TABLE_ROWS:
        if names and normalised.row_count:
            numbers = list(range(2, 2 + normalised.row_count))
            cells = [_small_xlsx_cells(normalised, n, types[n], letters[n], numbers, styles) for n in names]
            row = '<row r="%d">' + "%s" * len(names) + "</row>"  # a row's number, then its cells
            yield "".join([row % cells_of_row for cells_of_row in zip(numbers, *cells)]).encode("utf-8")
        return
    for offset, chunk in _chunks(normalised, names):
        length = len(next(iter(chunk.values())))
        rows = pc.cast(pa.array(np.arange(offset + 2, offset + 2 + length, dtype=np.int64)), pa.string())
        cells = [_xlsx_cells(chunk[n], types[n], letters[n], rows, styles) for n in names]
        yield _string_bytes(pc.binary_join_element_wise('<row r="', rows, '">', *cells, "</row>", ""))


def _openpyxl_workbook(column_names: Sequence[str], timestamp: dt.datetime) -> bytes:
    """The workbook as openpyxl writes it: header row, then a sample row of the date styles."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook(write_only=True)
    workbook.properties.creator = "portalgen"
    workbook.properties.created = timestamp
    workbook.properties.modified = timestamp
    sheet = workbook.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in column_names:
        cell = WriteOnlyCell(sheet, value=_ILLEGAL_XML.sub("", name))
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    sheet.append([timestamp.date(), timestamp])  # removed when the data is written; registers the date styles
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


@dataclass(frozen=True)
class _XlsxTemplate:
    """openpyxl's workbook cut where each file differs: the header row, the dates, the data rows."""

    parts: tuple[tuple[str, bytes], ...]      # every zip entry but the sheet and the properties, in order
    core: tuple[str, ...]                     # docProps/core.xml split at the placeholder date
    sheet_head: str                           # the sheet XML before the header row
    sheet_tail: str                           # the sheet XML after the sample row
    header_style: str | None                  # the bold header cells' style id (None: no header cells)
    styles: dict[str, str]                    # the date and datetime cells' style ids
    order: tuple[str, ...]                    # the zip entries' names, in openpyxl's order


@functools.lru_cache(maxsize=2)
def _xlsx_template(with_header: bool) -> _XlsxTemplate:
    """openpyxl's workbook around a placeholder header cell and date, built once per process."""
    workbook = _openpyxl_workbook([_PLACEHOLDER_NAME] if with_header else [], _PLACEHOLDER_TIME)
    parts, order = [], []
    core: tuple[str, ...] = ()
    sheet_head = sheet_tail = ""
    header_style = None
    styles: dict[str, str] = {}
    placeholder_time = _w3cdtf(_PLACEHOLDER_TIME)
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        for entry in archive.infolist():
            order.append(entry.filename)
            data = archive.read(entry.filename)
            if entry.filename == _CORE_PART:
                core = tuple(data.decode("utf-8").split(placeholder_time))
                if len(core) != 3:
                    raise RuntimeError("unexpected openpyxl document properties")
            elif entry.filename.startswith("xl/worksheets/sheet"):
                xml = data.decode("utf-8")
                sample = _SAMPLE_ROW.search(xml)
                styles = {("date" if letter == "A" else "datetime"): style
                          for letter, style in _SAMPLE_STYLE.findall(sample.group(0))}
                if with_header:
                    header = _HEADER_ROW.search(xml)
                    header_style = _HEADER_STYLE.search(header.group(0)).group(1)
                    if header.group(0) != _xlsx_header_row((_PLACEHOLDER_NAME,), header_style):
                        raise RuntimeError("unexpected openpyxl header row")
                    sheet_head, sheet_tail = xml[: header.start()], xml[sample.end():]
                else:
                    sheet_head, sheet_tail = xml[: sample.start()], xml[sample.end():]
            else:
                parts.append((entry.filename, data))
    return _XlsxTemplate(tuple(parts), core, sheet_head, sheet_tail, header_style, styles, tuple(order))


def _w3cdtf(timestamp: dt.datetime) -> str:
    """A document property date as openpyxl writes it."""
    return timestamp.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _xlsx_header_cell(position: int, name: str, style: str) -> str:
    """One bold header cell as openpyxl writes an inline string (control characters removed, text
    cut at Excel's limit, xml:space="preserve" around text with spaces at either end)."""
    text = _ILLEGAL_XML.sub("", name)[:EXCEL_MAX_TEXT]
    reference = f'<c r="{column_letters(position)}1" s="{style}" t="inlineStr"'
    if not text:
        return reference + " />"
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f"{reference}><is><t{space}>{_escape_xml(text)}</t></is></c>"


@functools.lru_cache(maxsize=256)
def _xlsx_header_row(names: tuple[str, ...], style: str) -> str:
    """The bold header row, made once per process for the same columns (the datasets of a site often
    share theirs)."""
    cells = "".join(_xlsx_header_cell(i, name, style) for i, name in enumerate(names, start=1))
    return f'<row r="1">{cells}</row>'


#: The level at which the constant entries are compressed (zipfile's writestr is given it).
_PARTS_LEVEL = 6


@functools.lru_cache(maxsize=2)
def _compressed_parts(with_header: bool) -> dict[str, zipwriter.Deflated]:
    """The template's constant entries, compressed once per process."""
    return {name: zipwriter.deflate(data, _PARTS_LEVEL) for name, data in _xlsx_template(with_header).parts}


def _xlsx_core(template: _XlsxTemplate, timestamp: dt.datetime) -> bytes:
    """The document properties entry, dated ``timestamp``."""
    return _w3cdtf(timestamp).join(template.core).encode("utf-8")


def _zip_date_time(timestamp: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """The zip entries' date (zip dates start in 1980)."""
    stamp = max(timestamp, dt.datetime(1980, 1, 1))
    return stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second


@functools.lru_cache(maxsize=64)
def _small_xlsx_frame(with_header: bool, timestamp: dt.datetime) -> zipwriter.ArchiveFrame:
    """The workbook's archive around its sheet, made once per process and date (the datasets of a site
    share a few): the constant entries and the document properties compressed, their headers packed."""
    template = _xlsx_template(with_header)
    constant = _compressed_parts(with_header)
    core = zipwriter.deflate(_xlsx_core(template, timestamp), _PARTS_LEVEL)
    entries = [(name, core if name == _CORE_PART else constant.get(name)) for name in template.order]
    return zipwriter.ArchiveFrame(entries, _zip_date_time(timestamp))


def _small_xlsx_bytes(normalised: NormalisedTable, template: _XlsxTemplate, with_header: bool,
                      timestamp: dt.datetime) -> bytes:
    """The workbook of a small table, the same bytes zipfile writes (see write_xlsx): only its sheet is
    compressed and packed per file (see :func:`_small_xlsx_frame`)."""
    pieces = [template.sheet_head.encode("utf-8")]
    if template.header_style is not None:
        pieces.append(_xlsx_header_row(normalised.column_names, template.header_style).encode("utf-8"))
    pieces.extend(_xlsx_rows(normalised, template.styles))
    pieces.append(template.sheet_tail.encode("utf-8"))
    return _small_xlsx_frame(with_header, timestamp).archive(zipwriter.deflate_pieces(pieces))


def write_xlsx(normalised: NormalisedTable, folder: WorkFolder, name: str, timestamp: dt.datetime) -> tuple[str, int]:
    """One-sheet workbook 'Données' (see the section comment); byte-identical for the same table
    and timestamp: every zip entry is dated ``timestamp``. Returns the file's sha256 and size (a small
    table's workbook is made in memory and hashed as it is written)."""
    names = normalised.column_names
    template = _xlsx_template(bool(names))
    if normalised.row_count <= SMALL_TABLE_ROWS:
        return _keep(folder, name, [_small_xlsx_bytes(normalised, template, bool(names), timestamp)])
    date_time = _zip_date_time(timestamp)
    core = _xlsx_core(template, timestamp)
    path = os.path.join(folder.on_disk(), name)
    contents = dict(template.parts)
    contents[_CORE_PART] = core
    with zipfile.ZipFile(path, "w") as target:
        for name in template.order:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            if name in contents:
                target.writestr(info, contents[name], compresslevel=6)
                continue
            with target.open(info, "w") as handle:
                handle.write(template.sheet_head.encode("utf-8"))
                if template.header_style is not None:
                    handle.write(_xlsx_header_row(names, template.header_style).encode("utf-8"))
                for piece in _xlsx_rows(normalised, template.styles):
                    handle.write(piece)
                handle.write(template.sheet_tail.encode("utf-8"))
    return _sha256(path)


# --------------------------------------------------------------------------- files

def _write_chunks(path: Path | str, chunks: Iterable[bytes | memoryview]) -> tuple[str, int]:
    """Write the pieces to ``path``; returns the file's sha256 and size, counted on the way (no stat of
    the file after).

    The pieces are large (whole small files, or chunks of thousands of rows), so they go straight to
    the file descriptor: Python's buffered file object cost more than the write of a small file."""
    digest = hashlib.sha256()
    size = 0
    descriptor = os.open(path, CREATE, 0o666)
    try:
        for piece in chunks:
            digest.update(piece)
            size += write_all(descriptor, piece)
    finally:
        os.close(descriptor)
    return digest.hexdigest(), size


def _keep(folder: WorkFolder, name: str, chunks: Iterable[bytes | memoryview]) -> tuple[str, int]:
    """Put the file ``name`` made of the pieces into ``folder``; returns its sha256 and size. A folder in
    memory keeps the file's bytes joined (its work is small: see :class:`WorkFolder`); on disk they are
    written as they come (:func:`_write_chunks`)."""
    if not folder.in_memory:
        return _write_chunks(os.path.join(folder.path, name), chunks)
    data = b"".join(chunks)
    folder.keep(name, data)
    return hashlib.sha256(data).hexdigest(), len(data)


def _sha256(path: Path | str) -> tuple[str, int]:
    """The sha256 and size of a file written by a library."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _write_format(normalised: NormalisedTable, fmt: str, folder: WorkFolder, name: str,
                  timestamp: dt.datetime) -> tuple[str, int]:
    """Put one download format into ``folder`` as ``name``; returns the file's sha256 and size."""
    if fmt == CSV:
        return _keep(folder, name, csv_bytes_chunks(normalised))
    if fmt == JSON:
        return _keep(folder, name, json_bytes_chunks(normalised))
    if fmt == GEOJSON:
        return _keep(folder, name, geojson_bytes_chunks(normalised))
    if fmt == PARQUET:
        return write_parquet(normalised, folder, name)
    if fmt == XLSX:
        return write_xlsx(normalised, folder, name, timestamp)
    raise ValueError(f"unknown download format {fmt!r}")


def write_format(normalised: NormalisedTable, fmt: str, path: Path, *,
                 timestamp: dt.datetime = DEFAULT_TIMESTAMP) -> None:
    """Write one download format to ``path``."""
    _write_format(normalised, fmt, WorkFolder(os.path.dirname(path) or "."), os.path.basename(path), timestamp)


def write_downloads(normalised: NormalisedTable, out_dir: Path | str | WorkFolder, stem: str, *,
                    timestamp: dt.datetime | None = None, formats: Sequence[str] | None = None,
                    xlsx_max_rows: int = XLSX_MAX_ROWS) -> tuple[DerivedFile, ...]:
    """Write the downloads that apply (see :func:`download_plan`) as ``out_dir/stem.<ext>``.

    ``timestamp`` (naive UTC) dates the XLSX workbook; pass the dataset's modification date
    or the build's SOURCE_DATE_EPOCH, never the clock. ``formats`` restricts the labels
    written (default: all that apply). Returns one DerivedFile per file, in FORMATS order. A
    :class:`WorkFolder` in memory keeps the files it can (see there).
    """
    return run_to_end(download_steps(normalised, out_dir, stem, timestamp=timestamp, formats=formats,
                                     xlsx_max_rows=xlsx_max_rows))


def download_steps(normalised: NormalisedTable, out_dir: Path | str | WorkFolder, stem: str, *,
                   timestamp: dt.datetime | None = None, formats: Sequence[str] | None = None,
                   xlsx_max_rows: int = XLSX_MAX_ROWS) -> Steps[tuple[DerivedFile, ...]]:
    """:func:`write_downloads` as steps (see :mod:`portalgen.lockstep`): one file a step."""
    folder = out_dir if isinstance(out_dir, WorkFolder) else WorkFolder(out_dir)
    # the data work's folder exists: one stat instead of a failing mkdir
    if folder.made and not os.path.isdir(folder.path):
        os.makedirs(folder.path, exist_ok=True)
    stamp = timestamp or DEFAULT_TIMESTAMP
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    stamp = stamp.replace(microsecond=0)
    wanted = set(formats) if formats is not None else set(FORMATS)
    unknown = wanted - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown download formats: {', '.join(sorted(unknown))}")
    results = []
    for planned in download_plan(normalised, xlsx_max_rows=xlsx_max_rows):
        if not planned.produced or planned.format not in wanted:
            continue
        name = f"{stem}.{EXTENSIONS[planned.format]}"
        sha256, size = _write_format(normalised, planned.format, folder, name, stamp)
        results.append(DerivedFile(planned.format, name, MEDIA_TYPES[planned.format], size, sha256))
        yield
    return tuple(results)
