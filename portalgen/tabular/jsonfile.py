"""Read JSON (an array of objects) and GeoJSON (a FeatureCollection) into text columns.

Row numbers are the 1-based position of the record (or feature) in the file. GeoJSON
geometries are kept as JSON text, one per row; a Point also gives longitude and latitude
columns.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa

from portalgen.tabular.model import ReadOptions
from portalgen.tabular.problems import data_info, fail
from portalgen.tabular.raw import RawTable, text_columns
from portalgen.tabular.sheets import cell_text
from portalgen.tabular.sniff import (
    DataFile, canonical_encoding, check_encoding, check_is_text, check_not_empty, detect_encoding,
)

LONGITUDE = "longitude"
LATITUDE = "latitude"


def json_cell_text(value: object) -> str:
    """A JSON value as cell text: objects and arrays stay JSON, null is empty."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return cell_text(value)


def _load(path: Path, source: str, fmt: str, options: ReadOptions) -> object:
    check_not_empty(path, source)
    file = DataFile(path)
    check_is_text(file, source, fmt.upper())
    if options.encoding:
        encoding = canonical_encoding(options.encoding)
        check_encoding(file, source, encoding or "utf-8")
    else:
        encoding = detect_encoding(file, source)
    text = path.read_text(encoding=encoding or "utf-8")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(source, f"line {exc.lineno}, column {exc.colno}: this is not valid JSON ({exc.msg})",
                   row=exc.lineno, code="data.bad_json",
                   hint="check the file with a JSON validator; a missing comma or quote is the usual cause"
                   ) from None


def _columns_of(records: Sequence[dict]) -> list[str]:
    """Every key, in the order first seen."""
    names: dict[str, None] = {}
    for record in records:
        for key in record:
            names.setdefault(str(key), None)
    return list(names)


def _raw(names: list[str], rows: list[list[str]], **extra) -> RawTable:
    width = len(names)
    columns = tuple(pa.chunked_array([a], type=pa.string()) for a in text_columns(rows, width))
    return RawTable(header=tuple(names), columns=columns,
                    rows=np.arange(1, len(rows) + 1, dtype=np.int64), header_row=None, **extra)


def read_json(path: Path, source: str, options: ReadOptions) -> RawTable:
    """Read a JSON array of objects (or an object holding one such array)."""
    data = _load(path, source, "json", options)
    findings = []
    if isinstance(data, dict):
        arrays = [(k, v) for k, v in data.items() if isinstance(v, list)]
        if len(arrays) == 1:
            findings.append(data_info(source, f"records read from the {arrays[0][0]!r} array",
                                      code="data.json_wrapped"))
            data = arrays[0][1]
    if not isinstance(data, list):
        raise fail(source, "the JSON file is not an array of records ([{...}, {...}])", code="data.bad_json",
                   hint="publish a JSON array of objects, one object per row")
    for position, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            raise fail(source, f"record {position} is not an object ({{...}})", row=position,
                       code="data.bad_json", hint="every element of the array must be an object")
    names = _columns_of(data)
    rows = [[json_cell_text(record.get(name)) for name in names] for record in data]
    return _raw(names, rows, findings=tuple(findings))


def read_geojson(path: Path, source: str, options: ReadOptions) -> RawTable:
    """Read a GeoJSON FeatureCollection: properties become columns, geometries are kept."""
    data = _load(path, source, "geojson", options)
    if isinstance(data, dict) and data.get("type") == "Feature":
        features = [data]
    elif isinstance(data, dict) and data.get("type") == "FeatureCollection" and isinstance(
            data.get("features"), list):
        features = data["features"]
    else:
        raise fail(source, "the file is not a GeoJSON FeatureCollection", code="data.bad_geojson",
                   hint="a GeoJSON file starts with {\"type\": \"FeatureCollection\", \"features\": [...]}")
    properties: list[dict] = []
    geometries: list[str | None] = []
    points: list[tuple[str, str]] = []
    for position, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise fail(source, f"feature {position} is not a GeoJSON Feature", row=position,
                       code="data.bad_geojson", hint="each element of 'features' needs \"type\": \"Feature\"")
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            raise fail(source, f"feature {position}: 'properties' is not an object", row=position,
                       code="data.bad_geojson", hint="'properties' must be an object or null")
        geometry = feature.get("geometry")
        properties.append(props)
        geometries.append(json.dumps(geometry, ensure_ascii=False, separators=(",", ":"))
                          if geometry is not None else None)
        if isinstance(geometry, dict) and geometry.get("type") == "Point":
            coordinates = geometry.get("coordinates") or []
            if len(coordinates) >= 2:
                points.append((cell_text(coordinates[0]), cell_text(coordinates[1])))
                continue
        points.append(("", ""))
    names = _columns_of(properties)
    derived: list[str] = []
    has_points = any(lon for lon, _ in points)
    if has_points and LONGITUDE not in names and LATITUDE not in names:
        derived = [LONGITUDE, LATITUDE]
    rows = []
    for props, (lon, lat) in zip(properties, points):
        row = [json_cell_text(props.get(name)) for name in names]
        if derived:
            row += [lon, lat]
        rows.append(row)
    return _raw(names + derived, rows, geometry=tuple(geometries), derived_columns=tuple(derived))
