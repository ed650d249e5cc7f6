"""Field documentation, plain rules, coordinates and default charts derived from schemas."""

from __future__ import annotations

import pytest

from portalgen.schemas import (ChartSuggestion, GeoFields, chart_suggestions, field_docs, field_rules,
                               find_known_schema, geo_fields, known_schemas)


def test_field_docs_in_schema_order():
    docs = field_docs(find_known_schema("subventions"))
    assert list(docs)[:3] == ["nomAttribuant", "idAttribuant", "dateConvention"]
    title, description, ftype = docs["montant"]
    assert (title, ftype) == ("Montant", "number")
    assert "euros" in description
    assert docs["dateConvention"].type == "date"


def test_field_docs_of_a_plain_descriptor_fall_back_to_names():
    docs = field_docs({"fields": [{"name": "x"}, {"name": "y", "title": "Ordonnée", "type": "integer"}]})
    assert docs == {"x": ("x", "", "string"), "y": ("Ordonnée", "", "integer")}


def test_every_known_field_is_documented():
    for info in known_schemas():
        for name, doc in field_docs(info).items():
            assert doc.title and doc.description.endswith((".", "…")), (info.id, name)


def test_field_rules_in_plain_french():
    rules = field_rules(find_known_schema("subventions"))
    assert rules["idAttribuant"] == "Obligatoire. Texte. Format : 14 chiffres, sans espace."
    assert rules["pourcentageSubvention"] == "Obligatoire. Nombre. Entre 0,01 et 1."
    assert rules["notificationUE"] == "Obligatoire. Oui/non (oui ou non)."
    assert rules["nature"].startswith("Obligatoire. Texte. Valeurs autorisées : aide en numéraire, ")
    assert rules["referenceDecision"] == "Facultatif. Texte."
    assert field_rules(find_known_schema("menus-collectifs"))["menuPlatAllergene"].startswith(
        "Facultatif. Liste. Valeurs possibles dans la liste : céréales contenant du gluten")


@pytest.mark.parametrize("name, expected", [
    ("equipements", GeoFields(latitude="EQUIP_LAT", longitude="EQUIP_LONG")),
    ("dae", GeoFields(latitude="lat_coor1", longitude="long_coor1")),
    ("stationnement", GeoFields(latitude="Ylat", longitude="Xlong")),
    ("fontaine-eau", GeoFields(latitude="latitude", longitude="longitude")),
    ("irve", GeoFields(geopoint="coordonneesXY", geopoint_format="array")),
    ("stationnement-cyclable", GeoFields(geopoint="coordonneesxy", geopoint_format="array")),
    ("subventions", None),
    ("budget", None),
])
def test_geo_fields_of_known_schemas(name, expected):
    assert geo_fields(find_known_schema(name)) == expected


def test_geo_fields_of_other_schemas():
    assert geo_fields({"fields": [{"name": "nom"}, {"name": "lat", "type": "number"},
                                  {"name": "lon", "type": "number"}]}) == GeoFields(latitude="lat", longitude="lon")
    assert geo_fields({"fields": [{"name": "geo_point_2d", "type": "geopoint"}]}) == \
        GeoFields(geopoint="geo_point_2d", geopoint_format="default")
    assert geo_fields({"fields": [{"name": "nom"}, {"name": "lat", "type": "number"}]}) is None
    # A copy of a known schema (same field names) gets the known answer.
    assert geo_fields(find_known_schema("equipements").descriptor()) == \
        GeoFields(latitude="EQUIP_LAT", longitude="EQUIP_LONG")


def test_chart_suggestions_use_real_fields():
    numeric = {"number", "integer"}
    for info in known_schemas():
        types = {name: doc.type for name, doc in field_docs(info).items()}
        for chart in chart_suggestions(info):
            assert chart.kind in ("bar", "line", "pie") and chart.measure in ("count", "sum")
            assert chart.category_field in types, (info.id, chart)
            if chart.measure == "sum":
                assert types[chart.value_field] in numeric, (info.id, chart)
            if chart.series_field:
                assert chart.series_field in types
            if chart.date_part == "year":
                assert types[chart.category_field] in ("date", "datetime")
    subventions = chart_suggestions(find_known_schema("subventions"))
    assert subventions[0] == ChartSuggestion("Montant des subventions par année", "bar", "sum",
                                             "dateConvention", value_field="montant", date_part="year")
    budget = chart_suggestions(find_known_schema("budget"))
    assert {(c.category_field, c.series_field) for c in budget} >= {("BGT_ANNEE", "BGT_SECTION")}
    assert [c.category_field for c in chart_suggestions(find_known_schema("equipements"))] == \
        ["EQUIP_THEME", "EQUIP_TYPE"]


def test_chart_suggestion_for_unknown_schema():
    [chart] = chart_suggestions({"fields": [{"name": "nom"}, {"name": "etat", "title": "État",
                                             "constraints": {"enum": ["bon", "moyen", "mauvais"]}}]})
    assert (chart.measure, chart.category_field, chart.title) == ("count", "etat", "Répartition par état")
    assert chart_suggestions({"fields": [{"name": "nom"}]}) == ()
