"""Coordinate columns, map settings, reading points (swaps, Lambert-93, geopoints), speed."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from portalgen.errors import Level, Location
from portalgen.geo.coordinates import (CoordinateColumns, MapSpec, extract_points, find_coordinate_columns,
                                       in_france, parse_geopoints, parse_map_spec, to_lonlat)


def read_csv(tmp_path, text: str, name: str = "equipements.csv") -> pd.DataFrame:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def by_code(result, code: str):
    found = [f for f in result.findings if f.code == code]
    assert len(found) == 1, [str(f) for f in result.findings]
    return found[0]


# ---------------------------------------------------------------------------------------------
# find_coordinate_columns
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("columns, lat, lon", [
    (["nom", "lat", "lon"], "lat", "lon"),
    (["nom", "Latitude", "Longitude"], "Latitude", "Longitude"),
    (["LATITUDE", "LONGITUDE"], "LATITUDE", "LONGITUDE"),
    (["nom", "equip_lat", "equip_long", "x"], "equip_lat", "equip_long"),
    (["lat_wgs84", "lng_wgs84"], "lat_wgs84", "lng_wgs84"),
    (["Lat (°)", "Long (°)"], "Lat (°)", "Long (°)"),
    (["Latitude_é", "Longitude_é"], "Latitude_é", "Longitude_é"),
    (["geoLat", "geoLon"], "geoLat", "geoLon"),
    (["lat_depart", "lon_arrivee", "lat_arrivee", "lon_depart"], "lat_depart", "lon_depart"),
    (["y", "x", "nom"], "y", "x"),
    (["coordX", "coordY"], "coordY", "coordX"),
    (["X_L93", "Y_L93"], "Y_L93", "X_L93"),
])
def test_pairs_found_by_name(columns, lat, lon):
    assert find_coordinate_columns(columns) == CoordinateColumns(latitude=lat, longitude=lon)


@pytest.mark.parametrize("columns, geopoint, order", [
    (["nom", "geo_point_2d"], "geo_point_2d", "auto"),
    (["Coordonnées"], "Coordonnées", "auto"),
    (["nom", "lat_lon"], "lat_lon", "latlon"),
    (["lon_lat"], "lon_lat", "lonlat"),
    (["latlong"], "latlong", "latlon"),
])
def test_single_geopoint_column_found_by_name(columns, geopoint, order):
    assert find_coordinate_columns(columns) == CoordinateColumns(geopoint=geopoint, order=order)


@pytest.mark.parametrize("columns", [[], ["nom", "adresse"], ["population", "longueur", "latence"],
                                     ["x_min", "y_max"], ["lat"], ["index_x", "nb_y"]])
def test_no_coordinates(columns):
    assert find_coordinate_columns(columns) is None


def test_schema_geopoint_field_gives_the_order():
    schema = [{"name": "nom", "type": "string"}, {"name": "coords", "type": "geopoint"}]
    found = find_coordinate_columns(["nom", "coords", "lat", "lon"], schema_fields=schema)
    assert found == CoordinateColumns(geopoint="coords", order="lonlat", source="schema")
    as_object = [{"name": "coords", "type": "geopoint", "format": "object"}]
    assert find_coordinate_columns(["coords"], schema_fields=as_object).order == "auto"
    missing = [{"name": "elsewhere", "type": "geopoint"}]
    assert find_coordinate_columns(["lat", "lon"], schema_fields=missing).latitude == "lat"


def test_from_schema_geo_fields():
    class Geo:
        latitude = None
        longitude = None
        geopoint = "geo"
        geopoint_format = "default"

    assert CoordinateColumns.from_geo_fields(Geo()) == CoordinateColumns(geopoint="geo", order="lonlat",
                                                                         source="schema")
    Geo.latitude, Geo.longitude, Geo.geopoint = "lat", "lon", None
    assert CoordinateColumns.from_geo_fields(Geo()).columns == ("lat", "lon")


def test_coordinate_columns_must_be_a_pair_or_a_geopoint():
    with pytest.raises(ValueError):
        CoordinateColumns(latitude="lat")
    with pytest.raises(ValueError):
        CoordinateColumns(latitude="lat", longitude="lon", geopoint="g")


# ---------------------------------------------------------------------------------------------
# parse_map_spec
# ---------------------------------------------------------------------------------------------

WHERE = Location("datasets/equipements.yml", 8)
COLUMNS = ["nom", "adresse", "X", "Y", "geo"]


def test_map_spec_good():
    spec = parse_map_spec({"latitude": "Y", "longitude": "X", "epsg": 2154, "popup": ["nom", "adresse"]},
                          WHERE, columns=COLUMNS)
    assert spec == MapSpec(CoordinateColumns(latitude="Y", longitude="X", source="config"), 2154, ("nom", "adresse"))
    geo = parse_map_spec({"geopoint": "geo", "order": "lonlat", "epsg": "EPSG:4326"}, WHERE, columns=COLUMNS)
    assert geo.coordinates == CoordinateColumns(geopoint="geo", order="lonlat", source="config")
    assert geo.epsg == 4326
    assert parse_map_spec(None, WHERE) == MapSpec()
    assert parse_map_spec({"epsg": 3946}, WHERE).coordinates is None


@pytest.mark.parametrize("mapping, key, words", [
    ({"lat": "Y", "longitude": "X"}, "map.lat", "did you mean 'latitude'?"),
    ({"latitude": "Y"}, "map", "'longitude' is missing"),
    ({"latitude": "Y", "longitude": "X", "geopoint": "geo"}, "map.geopoint", "not both"),
    ({"latitude": "y", "longitude": "X"}, "map.latitude", "did you mean 'Y'?"),
    ({"geopoint": "geo", "order": "xy"}, "map.order", "latlon"),
    ({"latitude": "Y", "longitude": "X", "order": "latlon"}, "map.order", "only applies"),
    ({"epsg": 27572}, "map.epsg", "not supported"),
    ({"epsg": "lambert"}, "map.epsg", "not supported"),
    ({"popup": "nom"}, None, None),
    ({"popup": [{"a": 1}]}, "map.popup", "list of column names"),
    ({"popup": ["nom", "adrese"]}, "map.popup", "did you mean 'adresse'?"),
    ("geo", "map", "must be a mapping"),
])
def test_map_spec_bad(mapping, key, words):
    result = parse_map_spec(mapping, WHERE, columns=COLUMNS)
    if key is None:
        assert isinstance(result, MapSpec)
        return
    assert isinstance(result, list) and result
    assert result[0].key == key and result[0].where == WHERE
    assert words in result[0].format()


def test_map_spec_key_locations():
    places = {"epsg": Location("datasets/equipements.yml", 11, 9)}
    result = parse_map_spec({"epsg": 9999}, WHERE, key_locations=places)
    assert result[0].where == places["epsg"]


# ---------------------------------------------------------------------------------------------
# extract_points
# ---------------------------------------------------------------------------------------------

def test_good_points_with_decimal_commas(tmp_path):
    (tmp_path / "e.csv").write_text("nom;lat;lon\nMairie;48,8530;2,3499\nÉcole;43.6047; 1.4442\n", encoding="utf-8")
    df = pd.read_csv(tmp_path / "e.csv", sep=";", dtype=str, keep_default_na=False)
    result = extract_points(df, find_coordinate_columns(df.columns), file_label="data/e.csv")
    assert result.points == [(2.3499, 48.853, 0), (1.4442, 43.6047, 1)]
    assert result.findings == ()
    assert result.bbox == (1.4442, 43.6047, 2.3499, 48.853)
    assert (result.total_rows, result.missing_rows, result.invalid_rows, result.swapped_rows) == (2, 0, 0, 0)


def test_numeric_columns():
    df = pd.DataFrame({"latitude": [48.1, np.nan, 47.2], "longitude": [-1.6, np.nan, -1.55]})
    result = extract_points(df, find_coordinate_columns(df.columns), file_label="data/x.csv")
    assert result.rows == (0, 2)
    assert by_code(result, "geo-missing").level is Level.INFO


def test_problems_name_file_rows_and_columns(tmp_path):
    df = read_csv(tmp_path, "nom,lat,lon\n"
                            "ok,48.85,2.35\n"        # line 2
                            "vide,,\n"               # line 3
                            "texte,quarante,2\n"     # line 4
                            "demi,48.1,\n"           # line 5
                            "hors,95,2\n"            # line 6
                            "hors2,45,200\n")        # line 7
    result = extract_points(df, find_coordinate_columns(df.columns), file_label="data/equipements.csv")
    assert result.rows == (0,)
    missing = by_code(result, "geo-missing")
    assert missing.where == Location("data/equipements.csv", 3)
    assert missing.key == "columns lat/lon"
    assert missing.message.startswith("row 3:")
    unreadable = by_code(result, "geo-unreadable")
    assert unreadable.level is Level.WARNING
    assert unreadable.message.startswith("rows 4, 5 (2 rows):")
    assert unreadable.format().startswith("data/equipements.csv:4: columns lat/lon: rows 4, 5")
    out = by_code(result, "geo-out-of-range")
    assert out.message.startswith("rows 6, 7 (2 rows): latitude must be between -90 and 90")
    assert (result.missing_rows, result.invalid_rows) == (1, 4)


def test_first_row_number_can_be_changed(tmp_path):
    df = pd.DataFrame({"lat": ["x"], "lon": ["y"]})
    result = extract_points(df, CoordinateColumns(latitude="lat", longitude="lon"), file_label="data/t.xlsx",
                            first_row_number=5)
    assert by_code(result, "geo-unreadable").where.line == 5


def test_swapped_points_in_france_and_overseas_are_fixed(tmp_path):
    df = read_csv(tmp_path, "nom,latitude,longitude\n"
                            "Paris,2.3499,48.8530\n"          # swapped, metropolitan
                            "Pointe-à-Pitre,-61.5331,16.2411\n"  # swapped, Guadeloupe
                            "Saint-Denis,55.4481,-20.8789\n"   # swapped, La Réunion
                            "Cayenne,-52.3260,4.9372\n"       # swapped, Guyane
                            "Mamoudzou,45.2279,-12.7806\n"    # swapped, Mayotte
                            "Fort-de-France,14.6161,-61.0588\n"  # right, Martinique
                            "Berlin,52.52,13.405\n")           # right, abroad: left alone
    result = extract_points(df, find_coordinate_columns(df.columns), file_label="data/villes.csv")
    assert result.points == [(2.3499, 48.853, 0), (-61.5331, 16.2411, 1), (55.4481, -20.8789, 2),
                             (-52.326, 4.9372, 3), (45.2279, -12.7806, 4), (-61.0588, 14.6161, 5),
                             (13.405, 52.52, 6)]
    swapped = by_code(result, "geo-swapped")
    assert swapped.level is Level.WARNING
    assert swapped.message.startswith("rows 2, 3, 4, 5, 6 (5 rows): latitude and longitude were swapped")
    assert result.swapped_rows == 5


def test_lambert_93_given_as_degrees_is_an_error(tmp_path):
    df = read_csv(tmp_path, "nom,Y,X\nMairie,6862035.26,652469.02\nÉglise,6861636.36,652296.97\nOK,48.1,-1.6\n")
    result = extract_points(df, find_coordinate_columns(df.columns), file_label="data/l93.csv")
    assert result.rows == (2,)
    problem = by_code(result, "geo-lambert-as-degrees")
    assert problem.level is Level.ERROR
    assert result.has_errors
    assert "Lambert-93" in problem.message and problem.message.startswith("rows 2, 3 (2 rows)")
    assert "epsg: 2154" in problem.hint


REFERENCE = [  # (epsg, x, y, lon, lat), from the EPSG definitions (checked against PROJ)
    (2154, 652469.02, 6862035.26, 2.3522000, 48.8566000),
    (2154, 652296.97, 6861636.36, 2.3499000, 48.8530000),  # Notre-Dame de Paris
    (2154, 1240000, 6180000, 9.5694649, 42.5175174),
    (2154, 150000, 6840000, -4.4455739, 48.4267358),
    (3942, 1500000, 1100000, 0.6199888, 41.0745535),
    (3946, 1842000, 5176000, 4.8258585, 45.7694106),
    (3950, 1700000, 9212345, 3.0000000, 50.1109955),
    (3857, 261600, 6250500, 2.3499928, 48.8562197),
    (3857, -6850000, 1850000, -61.5345970, 16.3905909),
]


@pytest.mark.parametrize("epsg, x, y, lon, lat", REFERENCE)
def test_projection_accuracy(epsg, x, y, lon, lat):
    got_lon, got_lat = to_lonlat(np.array([x]), np.array([y]), epsg)
    assert abs(got_lon[0] - lon) < 1e-6 and abs(got_lat[0] - lat) < 1e-6


def test_lambert_origin_is_exact():
    lon, lat = to_lonlat(np.array([700000.0]), np.array([6600000.0]), 2154)
    assert lon[0] == pytest.approx(3.0, abs=1e-9) and lat[0] == pytest.approx(46.5, abs=1e-9)


def test_declared_lambert_93_is_converted(tmp_path):
    df = read_csv(tmp_path, "nom;X;Y\nNotre-Dame;652296,97;6861636,36\nHôtel de Ville;652 469,02;6 862 035,26\n"
                            "Inversé;6861636.36;652296.97\nDegrés;2.35;48.85\n", "l93.csv")
    df = pd.read_csv(tmp_path / "l93.csv", sep=";", dtype=str, keep_default_na=False)
    result = extract_points(df, find_coordinate_columns(df.columns), file_label="data/l93.csv", epsg=2154)
    assert result.rows == (0, 1, 2)
    (lon0, lat0, _), (lon1, lat1, _), (lon2, lat2, _) = result.points
    assert abs(lon0 - 2.3499) < 1e-4 and abs(lat0 - 48.8530) < 1e-4
    assert abs(lon1 - 2.3522) < 1e-4 and abs(lat1 - 48.8566) < 1e-4
    assert abs(lon2 - 2.3499) < 1e-4 and abs(lat2 - 48.8530) < 1e-4
    assert by_code(result, "geo-swapped").message.startswith("row 4: x and y were swapped")
    degrees = by_code(result, "geo-degrees-declared-projected")
    assert degrees.level is Level.ERROR and degrees.where.line == 5
    assert "remove 'epsg'" in degrees.hint


def test_declared_lambert_outside_france_is_a_warning():
    df = pd.DataFrame({"x": [1.5, 652296.97], "y": [47.0, 6861636.36]})
    result = extract_points(df, CoordinateColumns(latitude="y", longitude="x"), file_label="d.csv", epsg=2154)
    assert by_code(result, "geo-degrees-declared-projected").message.startswith("row 2:")
    df = pd.DataFrame({"x": [3_000_000.0], "y": [3_000_000.0]})
    result = extract_points(df, CoordinateColumns(latitude="y", longitude="x"), file_label="d.csv", epsg=2154)
    assert by_code(result, "geo-outside-area").level is Level.WARNING


def test_unsupported_epsg():
    df = pd.DataFrame({"x": [1.0], "y": [2.0]})
    result = extract_points(df, CoordinateColumns(latitude="y", longitude="x"), file_label="d.csv", epsg=27572)
    assert result.count == 0
    assert by_code(result, "geo-bad-epsg").level is Level.ERROR


@pytest.mark.parametrize("value, order, expected", [
    ("48.8530, 2.3499", "auto", (48.853, 2.3499)),
    ("48,8530; 2,3499", "auto", (48.853, 2.3499)),
    ("48,8530,2,3499", "auto", (48.853, 2.3499)),
    ("48.8530 2.3499", "auto", (48.853, 2.3499)),
    ("[2.3499, 48.8530]", "auto", (48.853, 2.3499)),
    ("(48.8530, 2.3499)", "latlon", (48.853, 2.3499)),
    ("2.3499, 48.8530", "lonlat", (48.853, 2.3499)),
    ("POINT (2.3499 48.8530)", "auto", (48.853, 2.3499)),
    ("point(2.3499 48.8530)", "latlon", (48.853, 2.3499)),
    ('{"lon": 2.3499, "lat": 48.8530}', "auto", (48.853, 2.3499)),
    ('{"latitude": "48.8530", "longitude": "2.3499"}', "auto", (48.853, 2.3499)),
    ("48.85", "auto", None),
    ("Paris", "auto", None),
])
def test_geopoint_values(value, order, expected):
    lat, lon = parse_geopoints(pd.Series([value]), order)
    if expected is None:
        assert np.isnan(lat[0]) or np.isnan(lon[0])
    else:
        assert (lat[0], lon[0]) == pytest.approx(expected)


def test_geopoint_column_from_a_file(tmp_path):
    df = read_csv(tmp_path, 'nom,geo_point_2d\nA,"48.85, 2.35"\nB,"[2.35, 48.85]"\nC,\nD,n/a\n')
    result = extract_points(df, find_coordinate_columns(df.columns), file_label="data/g.csv")
    assert result.points == [(2.35, 48.85, 0), (2.35, 48.85, 1)]
    assert by_code(result, "geo-unreadable").message.startswith("row 5:")
    assert by_code(result, "geo-missing").key == "column geo_point_2d"


def test_empty_table():
    df = pd.DataFrame({"lat": pd.Series([], dtype=str), "lon": pd.Series([], dtype=str)})
    result = extract_points(df, CoordinateColumns(latitude="lat", longitude="lon"), file_label="d.csv")
    assert (result.count, result.findings, result.bbox) == (0, (), None)


def test_many_bad_rows_are_summarised():
    df = pd.DataFrame({"lat": ["x"] * 25, "lon": ["1"] * 25})
    result = extract_points(df, CoordinateColumns(latitude="lat", longitude="lon"), file_label="d.csv")
    assert len(result.findings) == 1
    assert result.findings[0].message.startswith("rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 15 more (25 rows)")


def test_in_france():
    lat = np.array([48.85, 16.24, -21.0, 4.9, 52.5, 0.0])
    lon = np.array([2.35, -61.53, 55.5, -52.3, 13.4, 0.0])
    assert in_france(lat, lon).tolist() == [True, True, True, True, False, False]


def test_one_hundred_thousand_points_with_odd_values():
    # Correctness at size only: speed is measured by the benchmarks (bench/), not asserted in a unit test.
    rng = np.random.default_rng(7)
    size = 100_000
    lat = rng.uniform(42.5, 50.5, size).round(6).astype(str)
    lon = rng.uniform(-4.0, 7.5, size).round(6).astype(str)
    lat[::5] = np.char.replace(lat[::5], ".", ",")     # decimal commas
    lat[1::97], lon[1::97] = lon[1::97], lat[1::97].copy()  # some swapped
    lat[2::1000] = "?"                                 # some unreadable
    df = pd.DataFrame({"latitude": lat, "longitude": lon, "nom": [f"point {i}" for i in range(size)]})
    result = extract_points(df, find_coordinate_columns(df.columns), file_label="data/big.csv")
    assert result.count == size - 100
    assert result.swapped_rows == len(set(range(1, size, 97)) - set(range(2, size, 1000)))
