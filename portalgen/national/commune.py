"""The commune itself: boundary, population, postcodes and intercommunality, from the State's geographic API.

Source: API Découpage administratif, https://geo.api.gouv.fr/decoupage-administratif
(documentation of the endpoints and fields: https://geo.api.gouv.fr/decoupage-administratif/communes;
code: https://github.com/datagouv/api-geo). One request::

    GET https://geo.api.gouv.fr/communes/{insee}?fields=nom,code,codesPostaux,siren,codeEpci,epci,
        codeDepartement,departement,codeRegion,region,population,surface,centre,contour&format=json

answers one JSON object: ``nom``, ``code``, ``codesPostaux`` (list), ``siren``, ``codeEpci`` and
``epci`` ({code, nom}), ``codeDepartement``/``departement`` and ``codeRegion``/``region``
({code, nom}), ``population`` (population municipale, INSEE), ``surface`` (hectares), ``centre``
(GeoJSON Point) and ``contour`` (GeoJSON Polygon or MultiPolygon, from IGN Admin Express). A code
that is not a current commune answers **404**: the code is then checked for a merger (see
:mod:`portalgen.national.identity`). Licence: Licence Ouverte 2.0 (INSEE and IGN data).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from .files import french_int, json_text, read_json, write_csv, write_text_if_changed
from .source import Commune, FormatChanged, OutputFile, Parsed, Producer, Source, Step

GEO_API = "https://geo.api.gouv.fr"
FIELDS = ("nom,code,codesPostaux,siren,codeEpci,epci,codeDepartement,departement,codeRegion,region,"
          "population,surface,centre,contour")
BOUNDARY_FILE = "limite-communale.geojson"
FACTS_FILE = "commune.csv"
DECIMALS = 6


def commune_url(commune: Commune, earlier: Mapping[str, Path]) -> str:
    return f"{GEO_API}/communes/{commune.insee}?fields={FIELDS}&format=json"


def _named(value: Any, key: str) -> str:
    return str(value.get(key) or "") if isinstance(value, dict) else ""


def _round(coordinates: Any) -> Any:
    """Coordinates rounded to 6 decimals (about 10 cm), so the same boundary gives the same bytes."""
    if isinstance(coordinates, (list, tuple)):
        if coordinates and all(isinstance(c, (int, float)) for c in coordinates):
            return [round(float(c), DECIMALS) for c in coordinates]
        return [_round(c) for c in coordinates]
    raise FormatChanged("the boundary coordinates are not lists of numbers")


def check_answer(data: Any, commune: Commune) -> dict:
    """The fields this module reads, checked; FormatChanged names the first one missing or wrong."""
    if not isinstance(data, dict):
        raise FormatChanged("the answer is not a JSON object")
    if str(data.get("code")) != commune.insee:
        raise FormatChanged(f'the answer is about the code "{data.get("code")}", not "{commune.insee}"')
    if not isinstance(data.get("nom"), str) or not data["nom"]:
        raise FormatChanged('the field "nom" is missing')
    contour = data.get("contour")
    if not isinstance(contour, dict) or contour.get("type") not in ("Polygon", "MultiPolygon") \
            or not isinstance(contour.get("coordinates"), list):
        raise FormatChanged('the field "contour" is not a GeoJSON Polygon or MultiPolygon')
    if data.get("population") is not None and not isinstance(data["population"], int):
        raise FormatChanged('the field "population" is not a whole number')
    if not isinstance(data.get("codesPostaux", []), list):
        raise FormatChanged('the field "codesPostaux" is not a list')
    return data


def _bbox(geometry: dict) -> list[float]:
    points: list[list[float]] = []

    def walk(value: Any) -> None:
        if value and isinstance(value[0], (int, float)):
            points.append(value)
        else:
            for item in value:
                walk(item)

    walk(geometry["coordinates"])
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return [min(lons), min(lats), max(lons), max(lats)]


def parse_commune(raw: Mapping[str, Path], commune: Commune, out_dir: Path) -> Parsed:
    data = check_answer(read_json(raw["commune.json"]), commune)
    geometry = {"type": data["contour"]["type"], "coordinates": _round(data["contour"]["coordinates"])}
    postcodes = sorted(str(code) for code in data.get("codesPostaux") or [])
    epci = {"code": str(data.get("codeEpci") or _named(data.get("epci"), "code")),
            "nom": _named(data.get("epci"), "nom")}
    departement = {"code": str(data.get("codeDepartement") or _named(data.get("departement"), "code")),
                   "nom": _named(data.get("departement"), "nom")}
    region = {"code": str(data.get("codeRegion") or _named(data.get("region"), "code")),
              "nom": _named(data.get("region"), "nom")}
    surface = data.get("surface")
    centre = data.get("centre") if isinstance(data.get("centre"), dict) else None
    properties = {"code_insee": data["code"], "nom": data["nom"], "population": data.get("population"),
                  "codes_postaux": " ".join(postcodes), "code_epci": epci["code"] or None,
                  "nom_epci": epci["nom"] or None, "surface_ha": surface}
    feature_collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties, "geometry": geometry}]}
    write_text_if_changed(out_dir / BOUNDARY_FILE, json_text(feature_collection, indent=None))
    write_csv(out_dir / FACTS_FILE,
              ("code_insee", "nom", "population", "codes_postaux", "siren", "code_epci", "nom_epci",
               "code_departement", "nom_departement", "code_region", "nom_region", "surface_ha"),
              [(data["code"], data["nom"], data.get("population"), " ".join(postcodes), data.get("siren"),
                epci["code"], epci["nom"], departement["code"], departement["nom"], region["code"], region["nom"],
                surface)])
    population = data.get("population")
    summary = f"{data['nom']} (code INSEE {data['code']})"
    if population is not None:
        summary += f" compte {french_int(population)} habitants (population municipale)"
    if epci["nom"]:
        summary += f" et fait partie de l'intercommunalité {epci['nom']}"
    summary += "."
    facts = {"insee": data["code"], "nom": data["nom"], "population": population, "codes_postaux": postcodes,
             "siren": data.get("siren"), "epci": epci, "departement": departement, "region": region,
             "surface_ha": surface, "bbox": _bbox(geometry),
             "centre": _round(centre["coordinates"]) if centre and "coordinates" in centre else None}
    return Parsed(
        files=(OutputFile(BOUNDARY_FILE, "Limite communale",
                          "Contour de la commune (GeoJSON, WGS 84), issu d'ADMIN EXPRESS (IGN)."),
               OutputFile(FACTS_FILE, "Chiffres clés de la commune",
                          "Une ligne : codes, population municipale, codes postaux, intercommunalité, "
                          "département, région et surface en hectares.", map=False)),
        summary=summary, rows=1, facts=facts)


SOURCE = Source(
    name="commune",
    dataset_id="national-commune",
    title="Limite et chiffres clés de la commune",
    description=(
        "Le contour officiel de la commune, sa population municipale, ses codes postaux, son "
        "intercommunalité, son département et sa région, tels que les publie l'État dans l'API "
        "Découpage administratif (données du Code officiel géographique et de la population légale "
        "de l'INSEE, contours ADMIN EXPRESS de l'IGN)."),
    producer=Producer("INSEE et IGN (API Découpage administratif)",
                      "https://geo.api.gouv.fr/decoupage-administratif"),
    licence="lov2",
    frequency="annual",
    theme="Territoire",
    keywords=("données nationales", "limites administratives", "population", "codes postaux", "intercommunalité"),
    documentation=("https://geo.api.gouv.fr/decoupage-administratif/communes",
                   "https://github.com/datagouv/api-geo"),
    steps=(Step("commune.json", commune_url),),
    parse=parse_commune,
    stops_on_missing_commune=True,
)
