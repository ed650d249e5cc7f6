"""Find point coordinates in a table: latitude/longitude columns recognised by name.

Names (case and accents ignored): latitude ← lat, latitude, y, *_lat, *_latitude;
longitude ← long, lon, lng, longitude, x, *_long, *_lon, *_lng, *_longitude. Both columns
must be numeric and within WGS 84 ranges; x/y in metres (Lambert 93…) are not used for maps.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from portalgen.errors import Finding
from portalgen.tabular.model import NUMERIC_TYPES, Column
from portalgen.tabular.problems import data_warning

_LAT_NAMES = ("latitude", "lat", "y")
_LON_NAMES = ("longitude", "lon", "lng", "long", "x")
_LAT_SUFFIXES = ("_lat", "_latitude")
_LON_SUFFIXES = ("_lon", "_long", "_lng", "_longitude")


def _plain(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().strip()
    return "".join(ch if ch.isalnum() else "_" for ch in text)


def _rank(name: str, exact: Sequence[str], suffixes: Sequence[str]) -> tuple[int, str] | None:
    """(priority, prefix) when the name is a coordinate name; lower priority is better."""
    plain = _plain(name)
    if plain in exact:
        return (exact.index(plain), "")
    for suffix in suffixes:
        if plain.endswith(suffix) and len(plain) > len(suffix):
            return (len(exact), plain[: -len(suffix)])
    return None


def coordinate_candidates(names: Sequence[str]) -> tuple[str, str] | None:
    """(latitude column, longitude column) by name, or None."""
    return _candidates_of(tuple(names))


@functools.lru_cache(maxsize=1 << 12)
def _candidates_of(names: tuple[str, ...]) -> tuple[str, str] | None:
    """:func:`coordinate_candidates`, kept per tuple of names (a pure function of them): the same column
    names come back in file after file, and plain-casing each name cost more than the rest of the
    search for point columns."""
    lats = [(r, n) for n in names if (r := _rank(n, _LAT_NAMES, _LAT_SUFFIXES)) is not None]
    lons = [(r, n) for n in names if (r := _rank(n, _LON_NAMES, _LON_SUFFIXES)) is not None]
    if not lats or not lons:
        return None
    pairs = []
    for (lat_rank, lat_prefix), lat in lats:
        for (lon_rank, lon_prefix), lon in lons:
            if lat == lon:
                continue
            xy = _plain(lat) == "y" or _plain(lon) == "x"
            same_family = lat_prefix == lon_prefix
            pairs.append(((xy, not same_family, lat_rank + lon_rank, names.index(lat)), lat, lon))
    if not pairs:
        return None
    _, lat, lon = min(pairs)
    return lat, lon


def _within(values: pa.ChunkedArray, limit: float) -> bool:
    bounds = pc.min_max(values).as_py()
    if bounds["min"] is None:
        return True
    return -limit <= bounds["min"] and bounds["max"] <= limit


def find_point_columns(source: str, columns: Sequence[Column], arrays: dict[str, pa.ChunkedArray]
                       ) -> tuple[tuple[str, str] | None, tuple[Finding, ...]]:
    """The (latitude, longitude) columns usable for a map, and warnings when names match but
    values cannot be WGS 84 coordinates."""
    names = [c.name for c in columns]
    pair = coordinate_candidates(names)
    if pair is None:
        return None, ()
    lat, lon = pair
    types = {c.name: c.type for c in columns}
    if types[lat] not in NUMERIC_TYPES or types[lon] not in NUMERIC_TYPES:
        return None, (data_warning(
            source, f"columns {lat!r} and {lon!r} look like coordinates but are not all numbers; "
                    "no map or GeoJSON will be made", code="data.coordinates_not_numeric",
            hint="write coordinates as decimal degrees (48.8566 or 48,8566), one number per cell"),)
    if not (_within(arrays[lat], 90) and _within(arrays[lon], 180)):
        return None, (data_warning(
            source, f"columns {lat!r} and {lon!r} look like coordinates but are not latitude/longitude in "
                    "degrees (maybe Lambert 93 metres); no map or GeoJSON will be made",
            code="data.coordinates_not_wgs84",
            hint="add columns latitude and longitude in decimal degrees (WGS 84)"),)
    return (lat, lon), ()
