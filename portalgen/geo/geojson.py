"""GeoJSON in and out, and what a map popup shows.

* :func:`points_to_geojson` turns the points read by
  :func:`~portalgen.geo.coordinates.extract_points` into a FeatureCollection (row order,
  coordinates rounded to 6 decimals, about 10 cm, chosen properties): the same input gives the
  same bytes once dumped with ``json.dumps(..., ensure_ascii=False)``.
* :func:`validate_geojson` checks a GeoJSON document given by the commune (a ``.geojson``
  resource) before it is drawn: invalid structure is an error, geometries the map cannot draw
  are a warning naming the feature; :func:`summarize_features` counts points, lines and
  polygons and gives the bounding box; :func:`load_geojson_text` also reports JSON syntax
  errors with their line.
* :func:`popup_fields` picks the columns shown when a point is clicked.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..errors import Finding, Level, Location, error, warning
from .coordinates import PointsResult, find_coordinate_columns, fold_name

COORDINATE_DECIMALS = 6

# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    """A cell as a JSON value: None for empty, plain int/float/bool/str otherwise."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return None if not math.isfinite(number) else number
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return str(value)


def _json_column(column: pd.Series) -> list[Any]:
    """A column as JSON values (fast paths for text, integer and float columns)."""
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype) and not column.isna().any():
        return [bool(v) for v in column.tolist()]
    if pd.api.types.is_integer_dtype(dtype) and not column.isna().any():
        return [int(v) for v in column.tolist()]
    if pd.api.types.is_float_dtype(dtype) and isinstance(dtype, np.dtype):
        return [v if math.isfinite(v) else None for v in column.tolist()]
    if pd.api.types.is_string_dtype(dtype) and not isinstance(dtype, np.dtype):
        return [v if isinstance(v, str) else None for v in column.tolist()]
    return [_json_value(v) for v in column.astype(object).tolist()]


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while building many small dicts (none of them cyclic).

    Building 100 000 features otherwise triggers collection passes that cost more than the work.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def points_to_geojson(df: pd.DataFrame, points: PointsResult, properties: Sequence[str]) -> dict:
    """A GeoJSON FeatureCollection with one Point feature per point, in row order.

    Each feature's ``properties`` holds the given columns of its row (in that order; empty
    cells become null). Coordinates are ``[lon, lat]`` rounded to 6 decimals.
    """
    rows = list(points.rows)
    names = [str(p) for p in properties]
    subset = df.iloc[rows] if rows else df.iloc[0:0]
    return point_collection(points, names, [_json_column(subset[name]) for name in names])


def point_collection(points: PointsResult, names: Sequence[str], columns: Sequence[list[Any]]) -> dict:
    """The FeatureCollection of :func:`points_to_geojson` from its properties already as JSON values: one
    list per name, one value per point (a small table's map gives them without a pandas frame)."""
    lon = np.round(np.asarray(points.lon, dtype=float), COORDINATE_DECIMALS).tolist()
    lat = np.round(np.asarray(points.lat, dtype=float), COORDINATE_DECIMALS).tolist()
    values = zip(*columns) if names else iter(() for _ in points.rows)
    with _gc_paused():
        features = [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
             "properties": dict(zip(names, cells))}
            for x, y, cells in zip(lon, lat, values)
        ]
    return {"type": "FeatureCollection", "features": features}


# --------------------------------------------------------------------------------------------
# Reading and checking
# --------------------------------------------------------------------------------------------

POINT_TYPES = ("Point", "MultiPoint")
LINE_TYPES = ("LineString", "MultiLineString")
POLYGON_TYPES = ("Polygon", "MultiPolygon")
DRAWABLE_TYPES = POINT_TYPES + LINE_TYPES + POLYGON_TYPES
GEOMETRY_TYPES = DRAWABLE_TYPES + ("GeometryCollection",)
MAX_LISTED_FEATURES = 10


class _GeometryProblem(Exception):
    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


def _position(value: Any, path: str) -> None:
    if not isinstance(value, (list, tuple)) or not 2 <= len(value) <= 4:
        raise _GeometryProblem("structure", f"{path} should be a position [longitude, latitude]")
    for number in value[:2]:
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
            raise _GeometryProblem("structure", f"{path} should hold two numbers, not {json.dumps(value)[:60]}")
    lon, lat = value[0], value[1]
    if abs(lon) > 180 or abs(lat) > 90:
        raise _GeometryProblem("range", f"{path} is [{lon}, {lat}], which is not longitude/latitude in degrees")


def _positions(value: Any, path: str, minimum: int) -> None:
    if not isinstance(value, (list, tuple)):
        raise _GeometryProblem("structure", f"{path} should be a list of positions")
    if len(value) < minimum:
        raise _GeometryProblem("structure", f"{path} should have at least {minimum} positions, it has {len(value)}")
    for i, position in enumerate(value):
        _position(position, f"{path}[{i}]")


def _rings(value: Any, path: str, notes: list[str]) -> None:
    if not isinstance(value, (list, tuple)) or not value:
        raise _GeometryProblem("structure", f"{path} should be a list of rings (lists of positions)")
    for i, ring in enumerate(value):
        _positions(ring, f"{path}[{i}]", 4)
        if list(ring[0][:2]) != list(ring[-1][:2]):
            notes.append(f"{path}[{i}] is not closed (its last position should repeat the first)")


def _list_of(value: Any, path: str) -> list:
    if not isinstance(value, (list, tuple)):
        raise _GeometryProblem("structure", f"{path} should be a list")
    return list(value)


def _check_geometry(geometry: Any, path: str, notes: list[str], *, nested: bool = False) -> None:
    """Raise _GeometryProblem when ``geometry`` is not a drawable GeoJSON geometry; add notes for small faults."""
    if not isinstance(geometry, dict):
        raise _GeometryProblem("structure", f"{path} should be an object with 'type' and 'coordinates'")
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        raise _GeometryProblem("type", f"{path} has type {json.dumps(kind)}, which the map cannot draw")
    if kind == "GeometryCollection":
        if nested:
            raise _GeometryProblem("type", f"{path} is a GeometryCollection inside a GeometryCollection, "
                                           "which the map cannot draw")
        members = geometry.get("geometries")
        if not isinstance(members, list):
            raise _GeometryProblem("structure", f"{path} is a GeometryCollection without a 'geometries' list")
        for i, member in enumerate(members):
            _check_geometry(member, f"{path}.geometries[{i}]", notes, nested=True)
        return
    if "coordinates" not in geometry:
        raise _GeometryProblem("structure", f"{path} ({kind}) has no 'coordinates'")
    coords = geometry["coordinates"]
    where = f"{path}.coordinates"
    if kind == "Point":
        _position(coords, where)
    elif kind == "MultiPoint":
        _positions(coords, where, 1)
    elif kind == "LineString":
        _positions(coords, where, 2)
    elif kind == "MultiLineString":
        for i, line in enumerate(_list_of(coords, where)):
            _positions(line, f"{where}[{i}]", 2)
    elif kind == "Polygon":
        _rings(coords, where, notes)
    else:
        for i, polygon in enumerate(_list_of(coords, where)):
            _rings(polygon, f"{where}[{i}]", notes)


def _feature_list(indexes: list[int], total: int) -> str:
    shown = ", ".join(str(i + 1) for i in indexes[:MAX_LISTED_FEATURES])
    more = len(indexes) - MAX_LISTED_FEATURES
    word = "feature" if len(indexes) == 1 else "features"
    return f"{word} {shown}" + (f" and {more} more" if more > 0 else "") + f" (of {total})"


_PROBLEMS = {
    # kind: (level, message, hint, code)
    "not-feature": (Level.ERROR, "is not a GeoJSON Feature (an object with \"type\": \"Feature\")",
                    "each item of 'features' must be {\"type\": \"Feature\", \"geometry\": …, \"properties\": …}",
                    "geojson-not-feature"),
    "structure": (Level.ERROR, "has an invalid geometry, so it is left off the map",
                  "re-export the file from your GIS software as GeoJSON", "geojson-bad-geometry"),
    "range": (Level.ERROR, "has coordinates that are not longitude/latitude degrees (probably metres of a "
                           "projection such as Lambert-93), so it is left off the map",
              "export the file in WGS84 (EPSG:4326), as GeoJSON requires", "geojson-not-wgs84"),
    "type": (Level.WARNING, "has a geometry type the map cannot draw, so it is left off the map",
             "use Point, LineString, Polygon, their Multi- forms, or a flat GeometryCollection",
             "geojson-undrawable"),
    "no-geometry": (Level.WARNING, "has no geometry (null), so it is not on the map",
                    "give these features a geometry, or remove them", "geojson-no-geometry"),
    "properties": (Level.WARNING, "has 'properties' that are not an object; they are ignored",
                   "'properties' must be an object such as {\"nom\": \"Mairie\"} or null", "geojson-bad-properties"),
    "ring": (Level.WARNING, "has a polygon ring that is not closed (the map closes it)",
             "make the last position of each ring repeat the first", "geojson-open-ring"),
}


def _top_level(obj: Any, file_label: str) -> tuple[list | None, list[Finding]]:
    where = Location(file_label)
    hint = "a GeoJSON file holds one object, usually {\"type\": \"FeatureCollection\", \"features\": [...]}"
    if not isinstance(obj, dict):
        kind = "a list" if isinstance(obj, list) else type(obj).__name__
        return None, [error(f"the file is not a GeoJSON object (it holds {kind})", where, hint=hint,
                            code="geojson-not-object")]
    kind = obj.get("type")
    findings: list[Finding] = []
    crs = json.dumps(obj.get("crs", {}).get("properties", {}).get("name", "")) if isinstance(
        obj.get("crs"), dict) and isinstance(obj["crs"].get("properties"), dict) else ""
    if crs and not any(token in crs for token in ("4326", "CRS84", "crs84")):
        findings.append(error(f"the file declares the coordinate system {crs}; maps need WGS84 longitude/latitude",
                              where, key="crs", hint="export the file in WGS84 (EPSG:4326), as GeoJSON requires",
                              code="geojson-crs"))
    if kind == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list):
            findings.append(error("the FeatureCollection has no 'features' list", where, key="features",
                                  hint=hint, code="geojson-no-features"))
            return None, findings
        return features, findings
    if kind == "Feature":
        return [obj], findings
    if kind in GEOMETRY_TYPES:
        return [{"type": "Feature", "geometry": obj, "properties": {}}], findings
    if kind is None:
        findings.append(error("the object has no \"type\"", where, key="type", hint=hint, code="geojson-no-type"))
    else:
        findings.append(error(f"\"type\": {json.dumps(kind)} is not a GeoJSON type", where, key="type", hint=hint,
                              code="geojson-bad-type"))
    return None, findings


def validate_geojson(obj: Any, file_label: str) -> tuple[list[dict], list[Finding]]:
    """Check a parsed GeoJSON document; return the features the map can draw, and the problems.

    A FeatureCollection, a single Feature or a bare geometry are accepted. Invalid documents or
    features are errors; undrawable geometry types (unknown types, nested GeometryCollections),
    null geometries, open polygon rings and bad properties are warnings; each finding names the
    features concerned (numbered from 1, with the first one's index in ``key``).
    """
    features, findings = _top_level(obj, file_label)
    if features is None:
        return [], findings
    total = len(features)
    by_kind: dict[str, list[int]] = {}
    details: dict[str, str] = {}
    kept: list[dict] = []
    for index, feature in enumerate(features):
        path = f"features[{index}]"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            by_kind.setdefault("not-feature", []).append(index)
            continue
        properties = feature.get("properties")
        if properties is not None and not isinstance(properties, dict):
            by_kind.setdefault("properties", []).append(index)
        if "geometry" not in feature:
            by_kind.setdefault("structure", []).append(index)
            details.setdefault("structure", f"{path} has no 'geometry' member")
            continue
        if feature["geometry"] is None:
            by_kind.setdefault("no-geometry", []).append(index)
            continue
        notes: list[str] = []
        try:
            _check_geometry(feature["geometry"], f"{path}.geometry", notes)
        except _GeometryProblem as problem:
            by_kind.setdefault(problem.kind, []).append(index)
            details.setdefault(problem.kind, problem.detail)
            continue
        if notes:
            by_kind.setdefault("ring", []).append(index)
            details.setdefault("ring", notes[0])
        kept.append(feature)
    for kind in _PROBLEMS:
        indexes = by_kind.get(kind)
        if not indexes:
            continue
        level, message, hint, code = _PROBLEMS[kind]
        detail = f" (first: {details[kind]})" if kind in details else ""
        make = error if level is Level.ERROR else warning
        findings.append(make(f"{_feature_list(indexes, total)} {message}{detail}", Location(file_label),
                             key=f"features[{indexes[0]}]", hint=hint, code=code))
    return kept, findings


def load_geojson_text(text: str, file_label: str) -> tuple[list[dict], list[Finding]]:
    """Parse GeoJSON text and validate it; a JSON syntax error becomes a finding with its line and column."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [error(f"the file is not valid JSON: {exc.msg}", Location(file_label, exc.lineno, exc.colno),
                          hint="check the brackets, commas and quotes around this place; GIS software can "
                               "re-export a valid file", code="geojson-syntax")]
    return validate_geojson(obj, file_label)


@dataclass(frozen=True)
class FeatureSummary:
    """How many features of each family, and the bounding box (min lon, min lat, max lon, max lat)."""

    points: int
    lines: int
    polygons: int
    bbox: tuple[float, float, float, float] | None

    @property
    def total(self) -> int:
        return self.points + self.lines + self.polygons


def _walk_positions(coords: Any, lons: list[float], lats: list[float]) -> None:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)) and not isinstance(
            coords[0], bool):
        lons.append(float(coords[0]))
        lats.append(float(coords[1]))
        return
    if isinstance(coords, (list, tuple)):
        for item in coords:
            _walk_positions(item, lons, lats)


def summarize_features(features: Sequence[dict]) -> FeatureSummary:
    """Count the (validated) features by family — a GeometryCollection counts each member — and bound them."""
    counts = {"points": 0, "lines": 0, "polygons": 0}
    lons: list[float] = []
    lats: list[float] = []

    def visit(geometry: dict) -> None:
        kind = geometry.get("type")
        if kind == "GeometryCollection":
            for member in geometry.get("geometries", []):
                visit(member)
            return
        if kind in POINT_TYPES:
            counts["points"] += 1
        elif kind in LINE_TYPES:
            counts["lines"] += 1
        elif kind in POLYGON_TYPES:
            counts["polygons"] += 1
        _walk_positions(geometry.get("coordinates"), lons, lats)

    for feature in features:
        if isinstance(feature.get("geometry"), dict):
            visit(feature["geometry"])
    bbox = (min(lons), min(lats), max(lons), max(lats)) if lons else None
    return FeatureSummary(counts["points"], counts["lines"], counts["polygons"], bbox)


# --------------------------------------------------------------------------------------------
# Popups
# --------------------------------------------------------------------------------------------

MAX_POPUP_FIELDS = 6
_NAME_WORDS = ("nom", "name", "libelle", "intitule", "titre", "title", "denomination", "raison_sociale",
               "appellation", "enseigne", "designation", "label")
_USEFUL_WORDS = ("adresse", "address", "adr", "voie", "rue", "commune", "ville", "city", "code_postal", "cp",
                 "type", "categorie", "category", "nature", "famille", "description", "horaires", "telephone",
                 "tel", "site", "url", "web", "email", "courriel", "date", "statut", "etat")
_TECHNICAL_WORDS = ("id", "gid", "fid", "objectid", "uuid", "ogc_fid", "geom", "geometry", "the_geom", "wkt",
                    "geo_shape", "index", "rowid")


def _word_rank(column: str, words: Sequence[str]) -> int | None:
    """Position of the first of ``words`` found among the column's words (or the whole name), else None."""
    folded = fold_name(column)
    parts = folded.split("_")
    for rank, word in enumerate(words):
        if folded == word or word in parts or ("_" in word and word in folded):
            return rank
    return None


def popup_fields(columns: Sequence[str], configured: Sequence[str] | None = None, *,
                 exclude: Sequence[str] = (), max_fields: int = MAX_POPUP_FIELDS) -> list[str]:
    """The columns to show in a map popup, most telling first.

    With ``configured``, those of them that exist, in that order (check unknown names with
    :func:`~portalgen.geo.coordinates.parse_map_spec`). Otherwise: name-like columns (nom,
    name, libellé, titre…), then useful ones (adresse, type, catégorie, horaires…), then the
    others in file order, leaving out coordinate columns, ``exclude`` and technical ids, up to
    ``max_fields``.
    """
    names = [str(c) for c in columns]
    if configured is not None:
        seen: list[str] = []
        for name in configured:
            if name in names and name not in seen:
                seen.append(name)
        return seen
    coords = find_coordinate_columns(names)
    skipped = set(exclude) | set(coords.columns if coords else ())
    candidates = [c for c in names if c not in skipped and _word_rank(c, _TECHNICAL_WORDS) is None
                  and fold_name(c) not in ("x", "y")]
    named = sorted((c for c in candidates if _word_rank(c, _NAME_WORDS) is not None),
                   key=lambda c: (_word_rank(c, _NAME_WORDS), names.index(c)))
    useful = sorted((c for c in candidates if c not in named and _word_rank(c, _USEFUL_WORDS) is not None),
                    key=lambda c: (_word_rank(c, _USEFUL_WORDS), names.index(c)))
    others = [c for c in candidates if c not in named and c not in useful]
    return (named + useful + others)[:max_fields]
