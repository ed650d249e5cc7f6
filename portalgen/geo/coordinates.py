"""Find the coordinates in a table and read them as longitude/latitude points.

* :func:`find_coordinate_columns` guesses which columns hold the coordinates from their names
  (``latitude``/``longitude``, ``lat``/``lon``, ``equip_lat``/``equip_long``, ``x``/``y``…; case
  and accents ignored) or from a Table Schema (``geopoint`` fields);
  :func:`parse_map_spec` reads them (and ``epsg``, ``popup``) from a dataset's ``map:`` settings.
* :func:`extract_points` reads the values, all at once with pandas/numpy: decimal commas,
  ``"48.85, 2.35"`` texts, ``[2.35, 48.85]`` arrays and ``POINT (2.35 48.85)`` are understood.
  Problems are reported with their row numbers: values that are not numbers, out of range,
  latitude and longitude swapped (fixed, with a warning, when swapping puts the point in
  France or an overseas territory and not swapping does not), Lambert-93 metres given as
  degrees (an error, unless ``epsg: 2154`` is declared: then they are converted).

Projected coordinates are converted here, without pyproj: Lambert-93 (EPSG:2154) and the nine
conic conformal zones CC42–CC50 (EPSG:3942–3950) with the inverse Lambert conformal conic
projection on the GRS80 ellipsoid, and Web Mercator (EPSG:3857). RGF93 and WGS84 differ by
less than a metre, so no datum shift is needed for a map.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import Finding, Level, Location, error, info, warning

GeopointOrder = Literal["auto", "latlon", "lonlat"]

# --------------------------------------------------------------------------------------------
# Which columns
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoordinateColumns:
    """Where a table keeps its coordinates: two columns, or one « geopoint » column.

    ``order`` says how a geopoint value is written: ``latlon`` (``"48.85, 2.35"``), ``lonlat``
    (``[2.35, 48.85]``, Table Schema's default) or ``auto`` (texts as lat,lon; JSON arrays and
    WKT as lon,lat). ``source`` tells how the columns were found: names, schema or config.
    """

    latitude: str | None = None
    longitude: str | None = None
    geopoint: str | None = None
    order: GeopointOrder = "auto"
    source: Literal["names", "schema", "config"] = "names"

    def __post_init__(self) -> None:
        pair = self.latitude is not None and self.longitude is not None
        if pair == (self.geopoint is not None) or (not pair and (self.latitude or self.longitude)):
            raise ValueError("CoordinateColumns needs latitude and longitude, or geopoint alone")

    @classmethod
    def from_geo_fields(cls, geo: Any) -> "CoordinateColumns | None":
        """From a schema's coordinate description: an object with ``latitude``, ``longitude``,
        ``geopoint`` and ``geopoint_format`` (Table Schema: ``default`` is "lon, lat", ``array``
        is [lon, lat], ``object`` has lon/lat keys)."""
        latitude, longitude = getattr(geo, "latitude", None), getattr(geo, "longitude", None)
        if latitude and longitude:
            return cls(latitude=latitude, longitude=longitude, source="schema")
        geopoint = getattr(geo, "geopoint", None)
        if geopoint:
            fmt = str(getattr(geo, "geopoint_format", None) or "default").lower()
            return cls(geopoint=geopoint, order="lonlat" if fmt in ("default", "array") else "auto",
                       source="schema")
        return None

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names used."""
        if self.geopoint is not None:
            return (self.geopoint,)
        return (self.latitude, self.longitude)  # type: ignore[return-value]


@functools.lru_cache(maxsize=4096)
def fold_name(name: str) -> str:
    """A column name lowercased, without accents, camelCase split, words joined by ``_`` (remembered:
    the same few column names come back in every table of a site)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(name))
    decomposed = unicodedata.normalize("NFKD", spaced)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


_LAT_WORDS = frozenset({"lat", "latitude", "latitudes", "lati"})
_LON_WORDS = frozenset({"lon", "long", "lng", "longitude", "longitudes", "longi"})
_CONTEXT_WORDS = frozenset({"coord", "coords", "coordonnee", "coordonnees", "coordinate", "gps", "wgs84",
                            "wgs", "geo", "l93", "lambert", "lambert93", "rgf93", "point", "pos", "position",
                            "utm", "epsg", "2154", "4326", "cc", "loc", "localisation"})
_GEOPOINT_NAMES = frozenset({"geopoint", "geo_point", "geo_point_2d", "geopoint_2d", "geolocalisation", "geoloc",
                             "coordonnees", "coordonnees_gps", "coordonnees_geographiques", "coordinates",
                             "coords", "coord", "position", "localisation", "point", "gps", "point_geo",
                             "geo_coordinates", "latlon", "latlong", "lonlat", "wgs84", "geocoordonnees"})


def _words(name: str) -> list[str]:
    return [w for w in fold_name(name).split("_") if w]


def _axis_candidates(columns: Sequence[str], axis_words: frozenset[str], other_words: frozenset[str]):
    """(column, stem, rank) for columns naming one axis; stem = the other words of the name."""
    found = []
    for position, column in enumerate(columns):
        words = _words(column)
        if not any(w in axis_words for w in words) or any(w in other_words for w in words):
            continue
        stem = tuple(w for w in words if w not in axis_words)
        found.append((column, stem, position))
    return found


def _xy_candidates(columns: Sequence[str], letter: str):
    found = []
    for position, column in enumerate(columns):
        words = _words(column)
        if letter in words and all(w == letter or w in _CONTEXT_WORDS for w in words):
            stem = tuple(w for w in words if w != letter)
            found.append((column, stem, position))
    return found


def _best_pair(first, second):
    """The best (a, b) pair: same stem first, then short names, then column order."""
    best = None
    for a, stem_a, pos_a in first:
        for b, stem_b, pos_b in second:
            if a == b:
                continue
            key = (stem_a != stem_b, len(stem_a) + len(stem_b), pos_a, pos_b)
            if best is None or key < best[0]:
                best = (key, a, b)
    return None if best is None else (best[1], best[2])


def _schema_geopoint(schema_fields: Sequence[Mapping[str, Any]] | None, columns: Sequence[str]):
    for spec in schema_fields or ():
        if not isinstance(spec, Mapping) or str(spec.get("type", "")).lower() != "geopoint":
            continue
        name = spec.get("name")
        if name not in columns:
            continue
        fmt = str(spec.get("format", "default")).lower()
        # Table Schema: "default" is "lon, lat"; "array" is [lon, lat]; "object" has lon/lat keys.
        return CoordinateColumns(geopoint=name, order="lonlat" if fmt in ("default", "array") else "auto",
                                 source="schema")
    return None


def find_coordinate_columns(columns: Sequence[str], *,
                            schema_fields: Sequence[Mapping[str, Any]] | None = None) -> CoordinateColumns | None:
    """Guess which columns hold the coordinates, or None when there are none.

    In order of preference: a ``geopoint`` field of the Table Schema (``schema_fields``, its
    ``format`` giving the order); a latitude/longitude pair by name (``lat``, ``latitude``,
    ``equip_lat``, ``lat_wgs84``… with ``lon``, ``long``, ``lng``, ``longitude``…, preferring two
    names that differ only by that word); one column holding both (``geo_point_2d``,
    ``coordonnees``, ``lat_lon``…); an ``x``/``y`` pair (``x``, ``coord_x``, ``x_l93``…).
    """
    names = [str(c) for c in columns]
    from_schema = _schema_geopoint(schema_fields, names)
    if from_schema is not None:
        return from_schema
    return _coordinates_by_name(tuple(names))


@functools.lru_cache(maxsize=1024)
def _coordinates_by_name(names: tuple[str, ...]) -> CoordinateColumns | None:
    """The coordinate columns :func:`find_coordinate_columns` finds by name alone, remembered per list of
    names (the tables of a site share a few lists of column names; the result is frozen)."""
    pair = _best_pair(_axis_candidates(names, _LAT_WORDS, _LON_WORDS), _axis_candidates(names, _LON_WORDS, _LAT_WORDS))
    if pair is not None:
        return CoordinateColumns(latitude=pair[0], longitude=pair[1])
    for column in names:
        folded = fold_name(column)
        words = folded.split("_")
        lat_at = next((i for i, w in enumerate(words) if w in _LAT_WORDS), None)
        lon_at = next((i for i, w in enumerate(words) if w in _LON_WORDS), None)
        if lat_at is not None and lon_at is not None:
            return CoordinateColumns(geopoint=column, order="latlon" if lat_at < lon_at else "lonlat")
        if folded in ("latlon", "latlong", "latlng"):
            return CoordinateColumns(geopoint=column, order="latlon")
        if folded in ("lonlat", "lnglat"):
            return CoordinateColumns(geopoint=column, order="lonlat")
    for column in names:
        if fold_name(column) in _GEOPOINT_NAMES:
            return CoordinateColumns(geopoint=column, order="auto")
    xy = _best_pair(_xy_candidates(names, "y"), _xy_candidates(names, "x"))
    if xy is not None:
        return CoordinateColumns(latitude=xy[0], longitude=xy[1])
    return None


# --------------------------------------------------------------------------------------------
# Map settings of a dataset
# --------------------------------------------------------------------------------------------

SUPPORTED_EPSG: dict[int, str] = {
    4326: "WGS84 longitude/latitude in degrees",
    2154: "Lambert-93 (RGF93), metres",
    **{3900 + zone: f"Lambert CC{zone} (RGF93), metres" for zone in range(42, 51)},
    3857: "Web Mercator, metres",
}

MAP_KEYS: dict[str, str] = {
    "latitude": "column holding the latitude (with 'longitude')",
    "longitude": "column holding the longitude (with 'latitude')",
    "geopoint": "one column holding both, e.g. \"48.85, 2.35\" (instead of latitude/longitude)",
    "order": "how the geopoint column is written: latlon or lonlat",
    "epsg": "coordinate system of the values: 4326 (degrees, default), 2154 (Lambert-93), 3942–3950, 3857",
    "popup": "columns shown when a point is clicked (a list)",
}
_MAP_ALIASES = {"lat": "latitude", "lon": "longitude", "long": "longitude", "lng": "longitude", "y": "latitude",
                "x": "longitude", "crs": "epsg", "srid": "epsg", "projection": "epsg", "fields": "popup",
                "popup_fields": "popup", "columns": "popup", "coordinates": "geopoint", "coordonnees": "geopoint"}


@dataclass(frozen=True)
class MapSpec:
    """A dataset's ``map:`` settings: the coordinate columns (None: find them), their EPSG code and popup fields."""

    coordinates: CoordinateColumns | None = None
    epsg: int | None = None
    popup: tuple[str, ...] | None = None
    where: Location | None = field(default=None, compare=False, repr=False)


def _column_hint(name: str, columns: Sequence[str]) -> str:
    by_fold: dict[str, str] = {}
    for column in columns:
        by_fold.setdefault(fold_name(column), str(column))
    if fold_name(name) in by_fold:
        return f"did you mean '{by_fold[fold_name(name)]}'? (names must match exactly)"
    close = difflib.get_close_matches(fold_name(name), list(by_fold), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"'{by_fold[c]}'" for c in close) + "?"
    shown = ", ".join(map(str, list(columns)[:12])) + (", …" if len(columns) > 12 else "")
    return f"the columns are: {shown}"


def parse_map_spec(mapping: Any, where: Location, *, columns: Sequence[str] | None = None,
                   key_prefix: str = "map",
                   key_locations: Mapping[str, Location] | None = None) -> MapSpec | list[Finding]:
    """Check a dataset's ``map:`` mapping (keys in :data:`MAP_KEYS`) and build a :class:`MapSpec`.

    With ``columns`` (the data file's column names), named columns must exist. Returns the spec
    or every problem found, each naming the key and a fix.
    """
    places = key_locations or {}
    findings: list[Finding] = []

    def problem(key: str | None, message: str, hint: str, code: str = "map-spec") -> None:
        findings.append(error(message, places.get(key, where) if key else where,
                              key=f"{key_prefix}.{key}" if key else key_prefix, hint=hint, code=code))

    if mapping is None:
        return MapSpec(where=where)
    if not isinstance(mapping, Mapping):
        problem(None, "the map settings must be a mapping of keys (latitude, longitude, epsg, popup…)",
                "write them as indented 'key: value' lines under 'map:'")
        return findings
    raw = {str(k): v for k, v in mapping.items()}
    for key in sorted(raw):
        if key not in MAP_KEYS:
            guess = _MAP_ALIASES.get(fold_name(key)) or next(iter(difflib.get_close_matches(
                fold_name(key), list(MAP_KEYS), n=1, cutoff=0.6)), None)
            known = ", ".join(MAP_KEYS)
            problem(key, f"unknown map key '{key}'",
                    f"did you mean '{guess}'? Known keys: {known}" if guess else f"known keys: {known}",
                    code="map-unknown-key")

    def column(key: str) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
            problem(key, f"'{key}' must be a column name", f"write '{key}: <column name>'")
            return None
        name = str(value).strip()
        if columns is not None and name not in [str(c) for c in columns]:
            problem(key, f"'{key}' names column '{name}', which is not in the data file",
                    _column_hint(name, [str(c) for c in columns]), code="map-unknown-column")
            return None
        return name

    latitude, longitude, geopoint = column("latitude"), column("longitude"), column("geopoint")
    order = raw.get("order")
    if order is not None and order not in ("latlon", "lonlat"):
        problem("order", f"'order' cannot be '{order}'", "write 'order: latlon' (\"48.85, 2.35\") or "
                "'order: lonlat' (\"2.35, 48.85\")")
    if order is not None and "geopoint" not in raw:
        problem("order", "'order' only applies to a 'geopoint' column", "remove 'order', or add 'geopoint: <column>'")
    has_pair = "latitude" in raw or "longitude" in raw
    if has_pair and "geopoint" in raw:
        problem("geopoint", "give either 'latitude' and 'longitude', or 'geopoint', not both",
                "keep the pair of columns, or the single geopoint column")
    elif has_pair and ("latitude" not in raw or "longitude" not in raw):
        missing = "longitude" if "latitude" in raw else "latitude"
        problem(None, f"'latitude' and 'longitude' go together; '{missing}' is missing",
                f"add '{missing}: <column name>'", code="map-missing-key")

    epsg = raw.get("epsg")
    if isinstance(epsg, str) and re.fullmatch(r"\s*(epsg:)?\s*\d+\s*", epsg, flags=re.I):
        epsg = int(re.sub(r"\D", "", epsg))
    if epsg is not None and (isinstance(epsg, bool) or not isinstance(epsg, int) or epsg not in SUPPORTED_EPSG):
        supported = ", ".join(f"{code} ({label})" for code, label in SUPPORTED_EPSG.items() if code < 3942 or code > 3950)
        problem("epsg", f"coordinate system '{raw.get('epsg')}' is not supported",
                f"supported: {supported}, and 3942 to 3950 (Lambert CC zones); or export the file in WGS84 (4326)",
                code="map-bad-epsg")
        epsg = None

    popup = raw.get("popup")
    popup_fields: tuple[str, ...] | None = None
    if popup is not None:
        items = [popup] if isinstance(popup, str) else popup
        if not isinstance(items, list) or not all(isinstance(i, (str, int)) and not isinstance(i, bool) for i in items):
            problem("popup", "'popup' must be a list of column names", "write e.g. 'popup: [nom, adresse]'")
        else:
            popup_fields = tuple(str(i) for i in items)
            if columns is not None:
                for name in popup_fields:
                    if name not in [str(c) for c in columns]:
                        problem("popup", f"popup column '{name}' is not in the data file",
                                _column_hint(name, [str(c) for c in columns]), code="map-unknown-column")

    if findings:
        return findings
    coordinates = None
    if latitude and longitude:
        coordinates = CoordinateColumns(latitude=latitude, longitude=longitude, source="config")
    elif geopoint:
        coordinates = CoordinateColumns(geopoint=geopoint, order=order or "auto", source="config")
    return MapSpec(coordinates=coordinates, epsg=epsg, popup=popup_fields, where=where)


# --------------------------------------------------------------------------------------------
# France and its overseas territories
# --------------------------------------------------------------------------------------------

#: Boxes (name, lat min, lat max, lon min, lon max) around France and its overseas territories.
FRANCE_AREAS: tuple[tuple[str, float, float, float, float], ...] = (
    ("France métropolitaine", 41.0, 51.5, -5.5, 10.0),
    ("Guadeloupe", 15.75, 16.55, -61.85, -60.95),
    ("Martinique", 14.35, 14.9, -61.25, -60.8),
    ("Saint-Martin et Saint-Barthélemy", 17.85, 18.15, -63.2, -62.75),
    ("Guyane", 2.1, 5.8, -54.65, -51.6),
    ("La Réunion", -21.4, -20.85, 55.2, 55.85),
    ("Mayotte", -13.05, -12.6, 44.95, 45.35),
    ("Saint-Pierre-et-Miquelon", 46.7, 47.15, -56.45, -56.1),
    ("Wallis-et-Futuna", -14.4, -13.15, -178.25, -176.1),
    ("Polynésie française", -28.0, -7.8, -154.8, -134.4),
    ("Nouvelle-Calédonie", -22.8, -19.5, 163.5, 168.2),
)


def in_france(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """True where (lat, lon) falls in France or one of its overseas territories (vectorised)."""
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    inside = np.zeros(lat.shape, dtype=bool)
    for _name, lat_min, lat_max, lon_min, lon_max in FRANCE_AREAS:
        inside |= (lat >= lat_min) & (lat <= lat_max) & (lon >= lon_min) & (lon <= lon_max)
    return inside


# --------------------------------------------------------------------------------------------
# Projections
# --------------------------------------------------------------------------------------------

GRS80_A = 6378137.0
GRS80_F = 1 / 298.257222101


@dataclass(frozen=True)
class LambertConic:
    """A Lambert conformal conic projection with two standard parallels, on GRS80 (degrees, metres)."""

    lat0: float
    lon0: float
    lat1: float
    lat2: float
    x0: float
    y0: float

    def to_lonlat(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Inverse projection: easting/northing in metres to longitude/latitude in degrees (vectorised)."""
        a, e2 = GRS80_A, GRS80_F * (2 - GRS80_F)
        e = np.sqrt(e2)

        def m(phi):
            return np.cos(phi) / np.sqrt(1 - e2 * np.sin(phi) ** 2)

        def t(phi):
            s = np.sin(phi)
            return np.tan(np.pi / 4 - phi / 2) / ((1 - e * s) / (1 + e * s)) ** (e / 2)

        phi0, phi1, phi2 = np.radians([self.lat0, self.lat1, self.lat2])
        n = (np.log(m(phi1)) - np.log(m(phi2))) / (np.log(t(phi1)) - np.log(t(phi2)))
        big_f = m(phi1) / (n * t(phi1) ** n)
        rho0 = a * big_f * t(phi0) ** n
        dx = np.asarray(x, dtype=float) - self.x0
        dy = rho0 - (np.asarray(y, dtype=float) - self.y0)
        rho = np.sign(n) * np.hypot(dx, dy)
        with np.errstate(divide="ignore", invalid="ignore"):
            tt = (rho / (a * big_f)) ** (1 / n)
            theta = np.arctan2(np.sign(n) * dx, np.sign(n) * dy)
            lon = theta / n + np.radians(self.lon0)
            phi = np.pi / 2 - 2 * np.arctan(tt)
            for _ in range(12):
                s = np.sin(phi)
                phi = np.pi / 2 - 2 * np.arctan(tt * ((1 - e * s) / (1 + e * s)) ** (e / 2))
        return np.degrees(lon), np.degrees(phi)


LAMBERT_93 = LambertConic(lat0=46.5, lon0=3.0, lat1=44.0, lat2=49.0, x0=700_000.0, y0=6_600_000.0)


def lambert_cc(zone: int) -> LambertConic:
    """The conic conformal zone CC``zone`` (42 to 50), EPSG:39``zone``."""
    return LambertConic(lat0=float(zone), lon0=3.0, lat1=zone - 0.75, lat2=zone + 0.75, x0=1_700_000.0,
                        y0=(zone - 41) * 1_000_000.0 + 200_000.0)


def web_mercator_to_lonlat(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """EPSG:3857 metres to longitude/latitude degrees (vectorised)."""
    lon = np.degrees(np.asarray(x, dtype=float) / GRS80_A)
    lat = np.degrees(2 * np.arctan(np.exp(np.asarray(y, dtype=float) / GRS80_A)) - np.pi / 2)
    return lon, lat


def to_lonlat(x: np.ndarray, y: np.ndarray, epsg: int) -> tuple[np.ndarray, np.ndarray]:
    """Convert projected coordinates (easting ``x``, northing ``y``) of ``epsg`` to degrees."""
    if epsg == 4326:
        return np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if epsg == 2154:
        return LAMBERT_93.to_lonlat(x, y)
    if 3942 <= epsg <= 3950:
        return lambert_cc(epsg - 3900).to_lonlat(x, y)
    if epsg == 3857:
        return web_mercator_to_lonlat(x, y)
    raise ValueError(f"unsupported EPSG code {epsg}")


# --------------------------------------------------------------------------------------------
# Reading values
# --------------------------------------------------------------------------------------------

_NUM = r"[-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?"
_PAIR = re.compile(rf"^\s*([\[(])?\s*({_NUM})\s*(?:[,;]\s*|\s+)({_NUM})\s*[\])]?\s*$")
_WKT = re.compile(rf"^\s*POINT\s*Z?\s*\(\s*({_NUM})\s+({_NUM})", re.IGNORECASE)
_OBJ_LAT = re.compile(rf"[\"']lat(?:itude)?[\"']\s*:\s*[\"']?({_NUM})")
_OBJ_LON = re.compile(rf"[\"'](?:lon|lng|long|longitude)[\"']\s*:\s*[\"']?({_NUM})")
_SPACES = "[\\s\u00a0\u202f]+"  # spaces, no-break spaces (real characters, for pyarrow)


def _texts(column: pd.Series) -> pd.Series:
    return column.astype("string").str.strip()


def _present(column: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        return column.notna().to_numpy()
    text = _texts(column)
    return (text.notna() & (text != "")).to_numpy(dtype=bool, na_value=False)


def _to_float(text: pd.Series) -> np.ndarray:
    numbers = pd.to_numeric(text, errors="coerce")
    return pd.Series(numbers, index=text.index).astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def parse_numbers(column: pd.Series) -> np.ndarray:
    """A column of coordinates as floats (NaN where empty or not a number).

    Texts may use a decimal comma (``48,8530``), spaces as thousands separators
    (``652 469,02``) and a trailing degree sign.
    """
    if pd.api.types.is_bool_dtype(column.dtype):
        return np.full(len(column), np.nan)
    if pd.api.types.is_numeric_dtype(column.dtype):
        return column.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    text = _texts(column)
    numbers = _to_float(text)
    retry = np.isnan(numbers) & (text.notna() & (text != "")).to_numpy(dtype=bool, na_value=False)
    if retry.any():
        cleaned = (text[retry].str.replace(_SPACES, "", regex=True).str.replace(",", ".", regex=False)
                   .str.replace("°", "", regex=False))
        numbers[retry] = _to_float(cleaned)
    return numbers


def _number_text(group: pd.Series) -> pd.Series:
    return group.str.replace(",", ".", regex=False)


def parse_geopoints(column: pd.Series, order: GeopointOrder = "auto") -> tuple[np.ndarray, np.ndarray]:
    """A geopoint column as (latitude, longitude) float arrays (NaN where unreadable).

    Understands ``"48.85, 2.35"``, ``"48,85; 2,35"``, ``[2.35, 48.85]``, ``POINT (2.35 48.85)``
    and ``{"lon": 2.35, "lat": 48.85}``. ``order`` says which number comes first in the first two
    forms; ``auto`` reads texts as lat,lon and bracketed arrays as lon,lat (GeoJSON order).
    """
    text = _texts(column)
    size = len(column)
    lat = np.full(size, np.nan)
    lon = np.full(size, np.nan)
    pairs = text.str.extract(_PAIR)
    first = _to_float(_number_text(pairs[1]))
    second = _to_float(_number_text(pairs[2]))
    bracketed = pairs[0].notna().to_numpy(dtype=bool, na_value=False)
    if order == "latlon":
        lon_first = np.zeros(size, dtype=bool)
    elif order == "lonlat":
        lon_first = np.ones(size, dtype=bool)
    else:
        lon_first = bracketed
    lat = np.where(lon_first, second, first)
    lon = np.where(lon_first, first, second)
    rest = np.isnan(lat) & text.notna().to_numpy(dtype=bool, na_value=False)
    if rest.any():
        sub = text[rest]
        wkt = sub.str.extract(_WKT)
        wkt_lon = _to_float(_number_text(wkt[0]))
        wkt_lat = _to_float(_number_text(wkt[1]))
        obj_lat = _to_float(_number_text(sub.str.extract(_OBJ_LAT)[0]))
        obj_lon = _to_float(_number_text(sub.str.extract(_OBJ_LON)[0]))
        lat[rest] = np.where(np.isnan(wkt_lat), obj_lat, wkt_lat)
        lon[rest] = np.where(np.isnan(wkt_lat), obj_lon, wkt_lon)
    return lat, lon


# --------------------------------------------------------------------------------------------
# Extracting points
# --------------------------------------------------------------------------------------------

MAX_LISTED_ROWS = 10


@dataclass(frozen=True)
class PointsResult:
    """Points read from a table, and what went wrong.

    ``lon``, ``lat`` (degrees WGS84) and ``rows`` (0-based positions in the DataFrame, for
    ``df.iloc``) are parallel tuples in table order. Counts say how many rows had no coordinates,
    unusable ones, or swapped ones (fixed).
    """

    lon: tuple[float, ...]
    lat: tuple[float, ...]
    rows: tuple[int, ...]
    findings: tuple[Finding, ...] = ()
    total_rows: int = 0
    missing_rows: int = 0
    invalid_rows: int = 0
    swapped_rows: int = 0

    @property
    def count(self) -> int:
        """Number of points."""
        return len(self.rows)

    @property
    def points(self) -> list[tuple[float, float, int]]:
        """The points as (lon, lat, row) tuples."""
        return list(zip(self.lon, self.lat, self.rows))

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        """(min lon, min lat, max lon, max lat), or None without points."""
        if not self.rows:
            return None
        return (min(self.lon), min(self.lat), max(self.lon), max(self.lat))

    @property
    def has_errors(self) -> bool:
        return any(f.level is Level.ERROR for f in self.findings)


def _row_list(numbers: np.ndarray) -> str:
    shown = ", ".join(str(int(v)) for v in numbers[:MAX_LISTED_ROWS])
    more = len(numbers) - MAX_LISTED_ROWS
    if len(numbers) == 1:
        return f"row {shown}"
    return f"rows {shown}" + (f" and {more} more" if more > 0 else "")


@dataclass
class _Reporter:
    file_label: str
    first_row_number: int
    column_key: str
    findings: list[Finding] = field(default_factory=list)

    def rows(self, mask: np.ndarray, level: Level, message: str, hint: str, code: str) -> None:
        positions = np.flatnonzero(mask)
        if positions.size == 0:
            return
        numbers = positions + self.first_row_number
        make = {Level.ERROR: error, Level.WARNING: warning, Level.INFO: info}[level]
        count = f" ({positions.size} rows)" if positions.size > 1 else ""
        self.findings.append(make(f"{_row_list(numbers)}{count}: {message}",
                                  Location(self.file_label, int(numbers[0])), key=self.column_key,
                                  hint=hint, code=code))


def _raw_values(df: pd.DataFrame, coords: CoordinateColumns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lat or y, lon or x, present) arrays."""
    if coords.geopoint is not None:
        column = df[coords.geopoint]
        lat, lon = parse_geopoints(column, coords.order)
        return lat, lon, _present(column)
    lat = parse_numbers(df[coords.latitude])
    lon = parse_numbers(df[coords.longitude])
    return lat, lon, _present(df[coords.latitude]) | _present(df[coords.longitude])


def _looks_lambert93(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Where (y=lat, x=lon) look like Lambert-93 metres (in either order)."""
    def fits(x, y):
        return (x >= 50_000) & (x <= 1_350_000) & (y >= 6_000_000) & (y <= 7_200_000)
    return fits(lon, lat) | fits(lat, lon)


def extract_points(df: pd.DataFrame, coords: CoordinateColumns, *, file_label: str, epsg: int | None = None,
                   first_row_number: int = 2) -> PointsResult:
    """Read the coordinates of every row of ``df`` as WGS84 longitude/latitude.

    ``epsg`` is the declared coordinate system (None or 4326: degrees; 2154, 3942–3950, 3857:
    metres, converted). Row numbers in messages are ``first_row_number`` + the row's position
    (2 = a CSV whose header is line 1). Rows without coordinates are skipped (an info finding);
    unreadable or out-of-range ones are skipped with a warning; swapped latitude/longitude in
    France are fixed with a warning; Lambert-93 metres without ``epsg: 2154`` are an error.
    Everything is computed on whole columns, so 100 000 rows take a fraction of a second.
    """
    lat, lon, present = _raw_values(df, coords)
    return _points(lat, lon, present, coords, file_label=file_label, epsg=epsg, first_row_number=first_row_number)


def extract_number_points(latitude: Sequence[float | int | None], longitude: Sequence[float | int | None],
                          coords: CoordinateColumns, *, file_label: str, epsg: int | None = None,
                          first_row_number: int = 2) -> PointsResult:
    """:func:`extract_points` of latitude and longitude columns already typed as numbers and read into Python
    (a small table's values, None where empty), without a pandas frame, which costs more than the rest of a
    small table's map. The arrays are those ``_raw_values`` reads from numeric pandas columns (NaN where
    empty; a row has coordinates when either is given), and the checks are the same code (tested)."""
    lat = np.array([np.nan if v is None else v for v in latitude], dtype=float)
    lon = np.array([np.nan if v is None else v for v in longitude], dtype=float)
    present = ~np.isnan(lat) | ~np.isnan(lon)
    return _points(lat, lon, present, coords, file_label=file_label, epsg=epsg, first_row_number=first_row_number)


def _points(lat: np.ndarray, lon: np.ndarray, present: np.ndarray, coords: CoordinateColumns, *, file_label: str,
            epsg: int | None, first_row_number: int) -> PointsResult:
    """The points of raw coordinate arrays (lat or y, lon or x, whether the row has any), checked and converted."""
    column_key = (f"column {coords.geopoint}" if coords.geopoint is not None
                  else f"columns {coords.latitude}/{coords.longitude}")
    report = _Reporter(file_label, first_row_number, column_key)
    total = len(present)
    if epsg is not None and epsg not in SUPPORTED_EPSG:
        report.findings.append(error(
            f"coordinate system EPSG:{epsg} is not supported, so the points cannot be placed on the map",
            Location(file_label), key=column_key, code="geo-bad-epsg",
            hint="export the file in WGS84 (EPSG:4326) or Lambert-93 (EPSG:2154)"))
        return PointsResult((), (), (), tuple(report.findings), total, 0, total, 0)
    readable = np.isfinite(lat) & np.isfinite(lon)
    missing = ~present
    unreadable = present & ~readable
    report.rows(missing, Level.INFO, "no coordinates; these rows are not on the map",
                "fill in the coordinates if these rows should appear on the map", "geo-missing")
    report.rows(unreadable, Level.WARNING, "the coordinates are not numbers (or only one of the two is given); "
                "these rows are not on the map",
                "write decimal degrees such as 48.8530 and 2.3499 (a comma as decimal mark is fine)", "geo-unreadable")

    projected = epsg not in (None, 4326)
    swapped = np.zeros(total, dtype=bool)
    usable = readable.copy()
    if projected:
        degrees = readable & (np.abs(lon) <= 180) & (np.abs(lat) <= 90)
        report.rows(degrees, Level.ERROR, f"the values look like degrees, but EPSG:{epsg} ({SUPPORTED_EPSG[epsg]}) is "
                    "declared", "remove 'epsg' from the map settings if the coordinates are longitude/latitude "
                    "degrees", "geo-degrees-declared-projected")
        usable &= ~degrees
        x, y = np.where(usable, lon, 0.0), np.where(usable, lat, 0.0)
        lon_a, lat_a = to_lonlat(x, y, epsg)
        lon_b, lat_b = to_lonlat(y, x, epsg)
        swapped = usable & ~in_france(lat_a, lon_a) & in_france(lat_b, lon_b)
        lon = np.where(swapped, lon_b, lon_a)
        lat = np.where(swapped, lat_b, lat_a)
        report.rows(swapped, Level.WARNING, "x and y were swapped (the values only fall in France the other way "
                    "round); portalgen swapped them back", "swap the two columns in the data file", "geo-swapped")
        converted_ok = usable & np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        outside = converted_ok & ~in_france(lat, lon)
        report.rows(outside, Level.WARNING, f"once converted from EPSG:{epsg}, these points are outside France",
                    "check these values and the declared 'epsg'", "geo-outside-area")
        report.rows(usable & ~converted_ok, Level.WARNING, f"these values cannot be converted from EPSG:{epsg}; "
                    "the rows are not on the map", "check these values", "geo-out-of-range")
        usable = converted_ok
    else:
        lambert = readable & _looks_lambert93(lat, lon)
        report.rows(lambert, Level.ERROR, "the values look like Lambert-93 coordinates (metres, EPSG:2154), not "
                    "longitude/latitude degrees; these rows are not on the map",
                    "add 'epsg: 2154' to the dataset's map settings and portalgen will convert them",
                    "geo-lambert-as-degrees")
        out_of_range = readable & ~lambert & ((np.abs(lat) > 90) | (np.abs(lon) > 180))
        report.rows(out_of_range, Level.WARNING, "latitude must be between -90 and 90 and longitude between -180 and "
                    "180; these rows are not on the map",
                    "check these values; if they are metres of a projection, declare its 'epsg'", "geo-out-of-range")
        usable &= ~lambert & ~out_of_range
        swapped = usable & ~in_france(lat, lon) & in_france(lon, lat)
        lat, lon = np.where(swapped, lon, lat), np.where(swapped, lat, lon)
        report.rows(swapped, Level.WARNING, "latitude and longitude were swapped (the point is in France only the "
                    "other way round); portalgen swapped them back",
                    "swap the values of the latitude and longitude columns in the data file", "geo-swapped")

    positions = np.flatnonzero(usable)
    return PointsResult(
        lon=tuple(lon[positions].tolist()), lat=tuple(lat[positions].tolist()), rows=tuple(positions.tolist()),
        findings=tuple(report.findings), total_rows=total, missing_rows=int(missing.sum()),
        invalid_rows=int((present & ~usable).sum()), swapped_rows=int(swapped.sum()),
    )
