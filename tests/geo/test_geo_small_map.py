"""A small table's map drawn from its Python values (geo.extract_number_points, geo.point_collection) gives
what the pandas frame gives: the same layer, GeoJSON bytes and findings, on odd tables and map settings."""

from __future__ import annotations

import pytest

from portalgen import geo, tabular
from portalgen.config.schema import ResourceMapConfig
from portalgen.enrich import tables
from portalgen.filesource import WorkFolder

HEADER = "latitude,longitude,nom,valeur,nombre,jour,horodatage,actif\n"
FILES = {
    "plain": HEADER + "48.1,-1.7,Alpha,1.5,3,2024-01-01,2024-01-01T10:00:05,oui\n"
                      "48.2,-1.6,Bêta,,4,2024-02-29,2024-01-02T00:00:00,non\n",
    "odd": HEADER + "48.1,-1.7,<script>alert(1)</script>,1e300,,31/12/2024,,\n"
                    ",,Sans coordonnées,2,7,,,\n"
                    "-1.7,48.1,Inversé,,8,,,vrai\n"
                    "48.3,,Une seule,-0.0,9,,,\n"
                    "95,200,Hors limites,3.25,10,,,\n"
                    "6789012,352000,Lambert,,11,,,\n"
                    "47.5,1.6,\"Virgule, ; et \"\"guillemets\"\"\",12.5,12,,,\n"
                    "47.6,1.7,Œuvre &amp; ça € ✓ 日本,,13,,,\n",
    "integers": "lat,lon,texte,annee\n48,-2,a,2020\n47,-1,,2021\n,,c,\n",
    "dates": ("latitude;longitude;date;quand\n48,1;-1,7;31/12/2024;2024-03-04 00:00:00\n"
              "48,2;-1,6;;2024-03-04 12:30:00\n"),
    "lambert": "y,x,nom\n6789012.5,352000.25,A\n6790000,353000,B\n48.1,-1.7,Degrés\n",
    "empty": "latitude,longitude,nom\n,,a\n,,b\n",
}
MAPS = {
    "none": None,
    "lambert": ResourceMapConfig(latitude="y", longitude="x", epsg=2154),
    "unsupported": ResourceMapConfig(latitude="latitude", longitude="longitude", epsg=9999),
    "popup": ResourceMapConfig(latitude="latitude", longitude="longitude", popup=("nom",)),
}


class _Settings:
    def __init__(self, map_config):
        self.map = map_config


def _layer(normalised, map_config, folder):
    findings: list = []
    try:
        layer, download = tables._map_layer(normalised, lambda: tables._plain_frame(normalised), _Settings(map_config),
                                            None, WorkFolder(folder), "t", "data/t.csv", None, findings)
    except KeyError as exc:  # configured columns the table lacks: both paths fail alike
        return repr(exc)
    data = (folder / download.filename).read_bytes() if download else None
    return layer, download and download.sha256, data, findings


@pytest.mark.parametrize("map_name", MAPS)
@pytest.mark.parametrize("name", FILES)
def test_small_map_gives_what_the_frame_gives(name, map_name, tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_text(FILES[name], encoding="utf-8")
    normalised = tabular.normalise(tabular.read_table(path))
    (tmp_path / "small").mkdir()
    (tmp_path / "general").mkdir()
    small = _layer(normalised, MAPS[map_name], tmp_path / "small")
    monkeypatch.setattr(tabular.convert, "SMALL_TABLE_ROWS", -1)
    general = _layer(tabular.normalise(tabular.read_table(path)), MAPS[map_name], tmp_path / "general")
    assert small == general


def test_small_map_path_is_taken_for_number_coordinates(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(FILES["odd"], encoding="utf-8")
    normalised = tabular.normalise(tabular.read_table(path))
    coords = geo.find_coordinate_columns(list(normalised.column_names))
    assert tables._small_map_json_columns(normalised, coords) is not None
