"""points_to_geojson, validate_geojson, summarize_features, load_geojson_text, popup_fields."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from portalgen.errors import Level, Location
from portalgen.geo.coordinates import CoordinateColumns, extract_points, find_coordinate_columns
from portalgen.geo.geojson import (FeatureSummary, load_geojson_text, points_to_geojson, popup_fields,
                                   summarize_features, validate_geojson)

FILE = "data/quartiers.geojson"


def point(lon, lat, **properties):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def codes(findings):
    return [f.code for f in findings]


# ---------------------------------------------------------------------------------------------
# points_to_geojson
# ---------------------------------------------------------------------------------------------

def test_points_to_geojson_from_a_csv(tmp_path):
    (tmp_path / "equipements.csv").write_text(
        "nom,type,lat,lon,capacite,ouverture\n"
        "Mairie,administration,48.853012345,2.349912345,120,2001-05-04\n"
        "Sans coordonnées,parc,,,,\n"
        'Salle "Les Halles" & co,culture,47.2184,-1.5536,,\n',
        encoding="utf-8")
    df = pd.read_csv(tmp_path / "equipements.csv", dtype={"nom": str, "type": str}, keep_default_na=True)
    points = extract_points(df, find_coordinate_columns(df.columns), file_label="data/equipements.csv")
    geojson = points_to_geojson(df, points, ["nom", "capacite", "ouverture"])
    assert geojson == {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.349912, 48.853012]},
             "properties": {"nom": "Mairie", "capacite": 120.0, "ouverture": "2001-05-04"}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-1.5536, 47.2184]},
             "properties": {"nom": 'Salle "Les Halles" & co', "capacite": None, "ouverture": None}},
        ],
    }
    text = json.dumps(geojson, ensure_ascii=False)
    assert "NaN" not in text
    assert json.dumps(points_to_geojson(df, points, ["nom", "capacite", "ouverture"]), ensure_ascii=False) == text


def test_property_types_become_plain_json():
    df = pd.DataFrame({
        "lat": [48.0, 47.0], "lon": [2.0, 3.0],
        "entier": pd.array([1, None], dtype="Int64"),
        "reel": [1.5, np.nan],
        "booleen": [True, False],
        "quand": pd.to_datetime(["2024-01-02", "2024-01-02 10:30"], format="ISO8601"),
        "texte": pd.array(["a", None], dtype="string"),
        "objet": [{"k": 1}, None],
    })
    points = extract_points(df, CoordinateColumns(latitude="lat", longitude="lon"), file_label="d.csv")
    properties = [f["properties"] for f in points_to_geojson(df, points, list(df.columns[2:]))["features"]]
    assert properties == [
        {"entier": 1, "reel": 1.5, "booleen": True, "quand": "2024-01-02", "texte": "a", "objet": "{'k': 1}"},
        {"entier": None, "reel": None, "booleen": False, "quand": "2024-01-02T10:30:00", "texte": None,
         "objet": None},
    ]
    json.dumps(properties, allow_nan=False)


def test_no_points_and_no_properties():
    df = pd.DataFrame({"lat": ["x"], "lon": ["y"]})
    points = extract_points(df, CoordinateColumns(latitude="lat", longitude="lon"), file_label="d.csv")
    assert points_to_geojson(df, points, ["lat"]) == {"type": "FeatureCollection", "features": []}
    ok = pd.DataFrame({"lat": [48.0], "lon": [2.0]})
    points = extract_points(ok, CoordinateColumns(latitude="lat", longitude="lon"), file_label="d.csv")
    assert points_to_geojson(ok, points, [])["features"][0]["properties"] == {}


def test_one_hundred_thousand_features():
    size = 100_000
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"lat": rng.uniform(43, 49, size), "lon": rng.uniform(-1, 7, size),
                       "nom": [f"p{i}" for i in range(size)], "n": np.arange(size)})
    points = extract_points(df, CoordinateColumns(latitude="lat", longitude="lon"), file_label="d.csv")
    geojson = points_to_geojson(df, points, ["nom", "n"])
    assert len(geojson["features"]) == size
    assert geojson["features"][-1]["properties"] == {"nom": f"p{size - 1}", "n": size - 1}


# ---------------------------------------------------------------------------------------------
# validate_geojson
# ---------------------------------------------------------------------------------------------

def test_valid_collection_of_every_drawable_type():
    square = [[[2.0, 48.0], [2.1, 48.0], [2.1, 48.1], [2.0, 48.1], [2.0, 48.0]]]
    doc = collection(
        point(2.35, 48.85, nom="Mairie"),
        {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": [[2.0, 48.0], [2.2, 48.2, 35.0]]},
         "properties": None},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[2.0, 48.0], [2.5, 48.5]]},
         "properties": {}},
        {"type": "Feature", "geometry": {"type": "MultiLineString", "coordinates": [[[1, 47], [1.5, 47.5]]]},
         "properties": {}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": square}, "properties": {}},
        {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [square]}, "properties": {}},
        {"type": "Feature", "geometry": {"type": "GeometryCollection", "geometries": [
            {"type": "Point", "coordinates": [3.0, 45.0]},
            {"type": "LineString", "coordinates": [[3.0, 45.0], [3.1, 45.2]]}]}, "properties": {}},
    )
    features, findings = validate_geojson(doc, FILE)
    assert findings == []
    assert len(features) == 7
    assert summarize_features(features) == FeatureSummary(points=3, lines=3, polygons=2,
                                                          bbox=(1.0, 45.0, 3.1, 48.85))


def test_single_feature_and_bare_geometry_are_accepted():
    features, findings = validate_geojson(point(2.0, 48.0), FILE)
    assert len(features) == 1 and findings == []
    features, findings = validate_geojson({"type": "Point", "coordinates": [2.0, 48.0]}, FILE)
    assert features == [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.0, 48.0]},
                         "properties": {}}]
    assert summarize_features(features).total == 1


@pytest.mark.parametrize("doc, code, words", [
    ([point(2, 48)], "geojson-not-object", "holds a list"),
    ("FeatureCollection", "geojson-not-object", "holds str"),
    ({"features": []}, "geojson-no-type", "has no \"type\""),
    ({"type": "Featurecollection", "features": []}, "geojson-bad-type", "\"Featurecollection\" is not"),
    ({"type": "FeatureCollection"}, "geojson-no-features", "no 'features' list"),
    ({"type": "FeatureCollection", "features": {"a": 1}}, "geojson-no-features", "no 'features' list"),
])
def test_invalid_documents(doc, code, words):
    features, findings = validate_geojson(doc, FILE)
    assert features == []
    assert codes(findings) == [code]
    assert findings[0].level is Level.ERROR
    assert findings[0].where == Location(FILE)
    assert words in findings[0].message


@pytest.mark.parametrize("bad, code, detail", [
    ({"type": "Point"}, "geojson-bad-geometry", "has no 'coordinates'"),
    ({"type": "Point", "coordinates": [2.0]}, "geojson-bad-geometry", "should be a position"),
    ({"type": "Point", "coordinates": ["2", "48"]}, "geojson-bad-geometry", "should hold two numbers"),
    ({"type": "Point", "coordinates": [[2.0, 48.0]]}, "geojson-bad-geometry", "should be a position"),
    ({"type": "Point", "coordinates": [[2.0], [48.0]]}, "geojson-bad-geometry", "should hold two numbers"),
    ({"type": "LineString", "coordinates": [[2.0, 48.0]]}, "geojson-bad-geometry", "at least 2 positions"),
    ({"type": "Polygon", "coordinates": [[2.0, 48.0], [3.0, 48.0]]}, "geojson-bad-geometry", "positions"),
    ({"type": "Polygon", "coordinates": [[[2, 48], [3, 48], [2, 48]]]}, "geojson-bad-geometry", "at least 4"),
    ({"type": "MultiPolygon", "coordinates": "[]"}, "geojson-bad-geometry", "should be a list"),
    ({"type": "GeometryCollection"}, "geojson-bad-geometry", "without a 'geometries' list"),
    ("POINT(2 48)", "geojson-bad-geometry", "should be an object"),
    ({"type": "Point", "coordinates": [652469.02, 6862035.26]}, "geojson-not-wgs84", "not longitude/latitude"),
    ({"type": "Circle", "coordinates": [2, 48], "radius": 5}, "geojson-undrawable", "\"Circle\""),
    ({"type": "GeometryCollection", "geometries": [{"type": "GeometryCollection", "geometries": []}]},
     "geojson-undrawable", "inside a GeometryCollection"),
])
def test_bad_geometries_name_the_feature(bad, code, detail):
    doc = collection(point(2.0, 48.0), {"type": "Feature", "geometry": bad, "properties": {}}, point(3.0, 47.0))
    features, findings = validate_geojson(doc, FILE)
    assert len(features) == 2
    assert codes(findings) == [code]
    finding = findings[0]
    assert finding.key == "features[1]"
    assert finding.message.startswith("feature 2 (of 3) ")
    assert detail in finding.message
    expected = Level.WARNING if code == "geojson-undrawable" else Level.ERROR
    assert finding.level is expected
    assert finding.hint


def test_feature_level_problems():
    open_ring = {"type": "Polygon", "coordinates": [[[2, 48], [3, 48], [3, 49], [2, 49.5]]]}
    doc = collection(
        {"type": "Feature", "geometry": None, "properties": {}},
        {"type": "Feature", "properties": {}},
        {"type": "feature", "geometry": {"type": "Point", "coordinates": [2, 48]}},
        "not a feature",
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2, 48]}, "properties": ["a"]},
        {"type": "Feature", "geometry": open_ring, "properties": {}},
    )
    features, findings = validate_geojson(doc, FILE)
    assert len(features) == 2  # the point with bad properties, and the open ring (the map closes it)
    found = {f.code: f for f in findings}
    assert found["geojson-no-geometry"].level is Level.WARNING
    assert found["geojson-no-geometry"].message.startswith("feature 1 (of 6)")
    assert "has no 'geometry' member" in found["geojson-bad-geometry"].message
    assert found["geojson-not-feature"].message.startswith("features 3, 4 (of 6)")
    assert found["geojson-bad-properties"].key == "features[4]"
    assert found["geojson-open-ring"].level is Level.WARNING


def test_many_bad_features_give_one_finding():
    doc = collection(*[{"type": "Feature", "geometry": {"type": "Point", "coordinates": [700000, 6600000]},
                        "properties": {}} for _ in range(30)])
    features, findings = validate_geojson(doc, FILE)
    assert features == [] and len(findings) == 1
    assert findings[0].message.startswith("features 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 20 more (of 30)")


def test_projected_crs_member_is_an_error():
    doc = collection(point(2.0, 48.0))
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}}
    _, findings = validate_geojson(doc, FILE)
    assert codes(findings) == ["geojson-crs"]
    assert "EPSG::2154" in findings[0].message
    doc["crs"]["properties"]["name"] = "urn:ogc:def:crs:OGC:1.3:CRS84"
    assert validate_geojson(doc, FILE)[1] == []


def test_load_geojson_text_from_a_file(tmp_path):
    path = tmp_path / "quartiers.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [\n  {"type": "Feature",,}\n ]\n}\n',
                    encoding="utf-8")
    features, findings = load_geojson_text(path.read_text(encoding="utf-8"), FILE)
    assert features == []
    assert codes(findings) == ["geojson-syntax"]
    assert findings[0].where == Location(FILE, 3, 22)
    path.write_text(json.dumps(collection(point(2.0, 48.0))), encoding="utf-8")
    features, findings = load_geojson_text(path.read_text(encoding="utf-8"), FILE)
    assert len(features) == 1 and findings == []


def test_summary_of_nothing():
    assert summarize_features([]) == FeatureSummary(0, 0, 0, None)


# ---------------------------------------------------------------------------------------------
# popup_fields
# ---------------------------------------------------------------------------------------------

def test_popup_fields_name_like_first_then_useful_then_others():
    columns = ["id", "code_insee", "latitude", "longitude", "type_equipement", "Adresse", "Nom de l'équipement",
               "gid", "capacite", "libelle_court", "observations", "geo_shape"]
    assert popup_fields(columns) == ["Nom de l'équipement", "libelle_court", "Adresse", "type_equipement",
                                     "code_insee", "capacite"]


def test_popup_fields_limit_exclude_and_geopoint():
    columns = ["geo_point_2d", "titre", "commune", "x", "y", "a", "b"]
    assert popup_fields(columns, max_fields=3) == ["titre", "commune", "a"]
    assert popup_fields(columns, exclude=["commune"]) == ["titre", "a", "b"]


def test_popup_fields_configured():
    columns = ["nom", "adresse", "horaires"]
    assert popup_fields(columns, ["horaires", "nom", "inconnu", "nom"]) == ["horaires", "nom"]
    assert popup_fields(columns, []) == []


def test_popup_fields_of_nothing():
    assert popup_fields([]) == []
    assert popup_fields(["lat", "lon"]) == []
