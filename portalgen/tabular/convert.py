"""write_downloads: publish a normalised table as CSV, JSON, XLSX, Parquet and GeoJSON.

Every file is byte-identical from one build to the next for the same table: rows in source
order, keys in column order, no clock time (the XLSX workbook dates and its zip entries come
from the ``timestamp`` argument). CSV, JSON and GeoJSON are written chunk by chunk from Arrow
columns, so a million-row table needs little more memory than the table itself.

CSV: UTF-8 without BOM, ',' separator, '\\n' line ends, quotes only where needed.
JSON: an array of records, one per line, UTF-8 (no \\u escapes for accents), null for empty.
XLSX: one sheet 'Données', bold frozen header, numbers and dates as real cell values.
Parquet: typed columns (int64, double, date32, timestamp[s], string), zstd compression.
GeoJSON: a FeatureCollection of the rows, geometry from the source GeoJSON or from the
latitude/longitude columns, every column in ``properties``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from portalgen.tabular.formatting import canonical_strings
from portalgen.tabular.model import (
    BOOLEAN, DATE, DATETIME, INTEGER, NUMBER, STRING, DerivedFile, NormalisedTable, PlannedDownload,
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
#: Above this many rows no XLSX is written: spreadsheet software struggles, and writing one
#: takes minutes. Excel itself stops at 1,048,576 rows.
XLSX_MAX_ROWS = 100_000
EXCEL_ROW_LIMIT = 1_048_575
SHEET_TITLE = "Données"
DEFAULT_TIMESTAMP = dt.datetime(2000, 1, 1)
CHUNK_ROWS = 65_536

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# --------------------------------------------------------------------------- plan

def has_geometry(normalised: NormalisedTable) -> bool:
    """True when the table has a source geometry or point columns with at least one point."""
    if normalised.geometry is not None:
        return any(g is not None for g in normalised.geometry)
    if normalised.point_columns is None:
        return False
    lat, lon = normalised.point_columns
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


def _lines(chunk_lines: pa.Array) -> list[str]:
    return chunk_lines.to_pylist()


# --------------------------------------------------------------------------- CSV

def _csv_field(text: pa.Array, single_column: bool) -> pa.Array:
    needs_quotes = pc.fill_null(pc.match_substring_regex(text, r'[",\r\n]'), False)
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    out = pc.if_else(needs_quotes, quoted, text)
    if single_column:  # an empty line would be read as no row at all
        out = pc.if_else(pc.fill_null(pc.equal(out, ""), True), '""', out)
    return pc.fill_null(out, "")


def _csv_text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if re.search(r'[",\r\n]', value) else value


def csv_bytes_chunks(normalised: NormalisedTable) -> Iterator[bytes]:
    """The CSV file, piece by piece."""
    names = normalised.column_names
    types = {c.name: c.type for c in normalised.columns}
    single = len(names) == 1
    header = ",".join(_csv_text(n) for n in names)
    if single and header == "":
        header = '""'
    yield (header + "\n").encode("utf-8")
    for _, chunk in _chunks(normalised, names):
        fields = [_csv_field(canonical_strings(chunk[n], types[n]), single) for n in names]
        lines = pc.binary_join_element_wise(*fields, ",") if len(fields) > 1 else fields[0]
        yield ("\n".join(_lines(lines)) + "\n").encode("utf-8")


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


def _json_objects(chunk: dict[str, pa.Array], names: Sequence[str], types: dict[str, str],
                  length: int) -> list[str]:
    if not names:
        return ["{}"] * length
    parts: list[object] = ["{"]
    for position, name in enumerate(names):
        key = json.dumps(name, ensure_ascii=False) + ": "
        parts.append(key if position == 0 else ", " + key)
        parts.append(_json_values(chunk[name], types[name]))
    parts.append("}")
    return _lines(pc.binary_join_element_wise(*parts, ""))


def json_bytes_chunks(normalised: NormalisedTable) -> Iterator[bytes]:
    """The JSON file (an array of records, one per line), piece by piece."""
    names = normalised.column_names
    types = {c.name: c.type for c in normalised.columns}
    if normalised.row_count == 0:
        yield b"[]\n"
        return
    yield b"[\n"
    for offset, chunk in _chunks(normalised, names):
        length = len(next(iter(chunk.values()))) if chunk else min(CHUNK_ROWS, normalised.row_count - offset)
        records = _json_objects(chunk, names, types, length)
        yield (("" if offset == 0 else ",\n") + ",\n".join(records)).encode("utf-8")
    yield b"\n]\n"


# --------------------------------------------------------------------------- GeoJSON

def _point_geometries(lat: pa.Array, lon: pa.Array) -> pa.Array:
    lat_text = canonical_strings(lat, NUMBER if pa.types.is_floating(lat.type) else INTEGER)
    lon_text = canonical_strings(lon, NUMBER if pa.types.is_floating(lon.type) else INTEGER)
    point = pc.binary_join_element_wise('{"type": "Point", "coordinates": [', lon_text, ", ", lat_text, "]}", "")
    return pc.fill_null(point, "null")


def geojson_bytes_chunks(normalised: NormalisedTable) -> Iterator[bytes]:
    """The GeoJSON FeatureCollection, piece by piece."""
    types = {c.name: c.type for c in normalised.columns}
    source_geometry = normalised.geometry
    if source_geometry is not None:
        names = [n for n in normalised.column_names if n not in normalised.derived_columns]
        geometry_column = pa.chunked_array([pa.array(source_geometry, type=pa.string())], type=pa.string())
    else:
        names = list(normalised.column_names)
        geometry_column = None
    yield b'{"type": "FeatureCollection", "features": [\n'
    lat_name, lon_name = normalised.point_columns or (None, None)
    for offset, chunk in _chunks(normalised, normalised.column_names):
        length = min(CHUNK_ROWS, normalised.row_count - offset)
        if geometry_column is not None:
            geometry = pc.fill_null(geometry_column.slice(offset, length).combine_chunks(), "null")
        else:
            geometry = _point_geometries(chunk[lat_name], chunk[lon_name])
        properties = pa.array(_json_objects(chunk, names, types, length), type=pa.string())
        features = pc.binary_join_element_wise('{"type": "Feature", "geometry": ', geometry,
                                               ', "properties": ', properties, "}", "")
        yield (("" if offset == 0 else ",\n") + ",\n".join(_lines(features))).encode("utf-8")
    yield b"\n]}\n"


# --------------------------------------------------------------------------- Parquet

def write_parquet(normalised: NormalisedTable, path: Path) -> None:
    """Typed columns in a Parquet file (zstd, no pandas metadata)."""
    table = normalised.arrow_table()
    pq.write_table(table, path, compression="zstd", row_group_size=CHUNK_ROWS * 16)


# --------------------------------------------------------------------------- XLSX

def _xlsx_cell_values(values: pa.Array, column_type: str) -> list[object]:
    items = values.to_pylist()
    if column_type in (STRING, BOOLEAN):
        return [_ILLEGAL_XML.sub("", v) if v is not None and _ILLEGAL_XML.search(v) else v for v in items]
    return items


def _fixed_zip(data: bytes, path: Path, timestamp: dt.datetime) -> None:
    """Copy a zip archive with every entry dated ``timestamp`` and fixed attributes."""
    stamp = max(timestamp, dt.datetime(1980, 1, 1))
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename), compresslevel=6)


def write_xlsx(normalised: NormalisedTable, path: Path, timestamp: dt.datetime) -> None:
    """One-sheet workbook written with openpyxl; byte-identical for the same table and timestamp."""
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
    for name in normalised.column_names:
        cell = WriteOnlyCell(sheet, value=_ILLEGAL_XML.sub("", name))
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    types = {c.name: c.type for c in normalised.columns}
    names = normalised.column_names
    for _, chunk in _chunks(normalised, names):
        columns = [_xlsx_cell_values(chunk[n], types[n]) for n in names]
        for row in zip(*columns):
            cells = []
            for value in row:
                if isinstance(value, str) and value.startswith("="):
                    text_cell = WriteOnlyCell(sheet, value=value)
                    text_cell.data_type = "s"  # text, never a formula
                    cells.append(text_cell)
                else:
                    cells.append(value)
            sheet.append(cells)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    _fixed_zip(buffer.getvalue(), path, timestamp)


# --------------------------------------------------------------------------- files

def _write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    with open(path, "wb") as handle:
        for piece in chunks:
            handle.write(piece)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_format(normalised: NormalisedTable, fmt: str, path: Path, *,
                 timestamp: dt.datetime = DEFAULT_TIMESTAMP) -> None:
    """Write one download format to ``path``."""
    if fmt == CSV:
        _write_chunks(path, csv_bytes_chunks(normalised))
    elif fmt == JSON:
        _write_chunks(path, json_bytes_chunks(normalised))
    elif fmt == GEOJSON:
        _write_chunks(path, geojson_bytes_chunks(normalised))
    elif fmt == PARQUET:
        write_parquet(normalised, path)
    elif fmt == XLSX:
        write_xlsx(normalised, path, timestamp)
    else:
        raise ValueError(f"unknown download format {fmt!r}")


def write_downloads(normalised: NormalisedTable, out_dir: Path | str, stem: str, *,
                    timestamp: dt.datetime | None = None, formats: Sequence[str] | None = None,
                    xlsx_max_rows: int = XLSX_MAX_ROWS) -> tuple[DerivedFile, ...]:
    """Write the downloads that apply (see :func:`download_plan`) as ``out_dir/stem.<ext>``.

    ``timestamp`` (naive UTC) dates the XLSX workbook; pass the dataset's modification date
    or the build's SOURCE_DATE_EPOCH, never the clock. ``formats`` restricts the labels
    written (default: all that apply). Returns one DerivedFile per file, in FORMATS order.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
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
        path = out / name
        write_format(normalised, planned.format, path, timestamp=stamp)
        results.append(DerivedFile(planned.format, name, MEDIA_TYPES[planned.format], path.stat().st_size,
                                   _sha256(path)))
    return tuple(results)
