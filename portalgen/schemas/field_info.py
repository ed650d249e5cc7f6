"""What a schema tells about its fields: documentation for the data dictionary, plain rules,
where the coordinates are, and which charts make sense by default."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from .definitions import ALL_DEFINITIONS, ChartSuggestion, GeoFields, SchemaDefinition
from .registry import SchemaInfo, descriptor_of
from .validate import describe_pattern

TYPE_LABELS: dict[str, str] = {
    "string": "texte",
    "number": "nombre",
    "integer": "nombre entier",
    "boolean": "oui/non",
    "date": "date",
    "datetime": "date et heure",
    "time": "heure",
    "year": "année",
    "yearmonth": "mois",
    "geopoint": "point géographique",
    "geojson": "géométrie GeoJSON",
    "array": "liste",
    "object": "objet",
    "duration": "durée",
    "any": "quelconque",
}


class FieldDoc(NamedTuple):
    """Title, description and Table Schema type of a field."""

    title: str
    description: str
    type: str


def _definition_of(schema: SchemaInfo | Mapping[str, Any]) -> SchemaDefinition | None:
    """The known definition behind ``schema``: directly, or when its field names match one."""
    if isinstance(schema, SchemaInfo) and schema.definition is not None:
        return schema.definition
    names = tuple(str(f.get("name")) for f in descriptor_of(schema).get("fields", [])
                  if isinstance(f, Mapping))
    for definition in ALL_DEFINITIONS:
        if tuple(f.name for f in definition.fields) == names:
            return definition
    return None


def _fields(schema: SchemaInfo | Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [f for f in descriptor_of(schema).get("fields", []) if isinstance(f, Mapping)]


def field_docs(schema: SchemaInfo | Mapping[str, Any]) -> dict[str, FieldDoc]:
    """Field name -> (title, description, type), in schema order. Missing titles fall back to
    the name, missing descriptions to an empty string."""
    docs: dict[str, FieldDoc] = {}
    for fdesc in _fields(schema):
        name = str(fdesc.get("name"))
        docs[name] = FieldDoc(str(fdesc.get("title") or name), str(fdesc.get("description") or ""),
                              str(fdesc.get("type") or "string"))
    return docs


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def field_rule_text(fdesc: Mapping[str, Any]) -> str:
    """Plain French summary of a field's type and constraints («Obligatoire. Nombre. …»)."""
    constraints = fdesc.get("constraints") or {}
    parts = ["Obligatoire." if constraints.get("required") else "Facultatif."]
    ftype = str(fdesc.get("type") or "string")
    fmt = fdesc.get("format")
    type_text = TYPE_LABELS.get(ftype, ftype)
    if ftype == "string" and fmt == "email":
        type_text = "adresse électronique"
    elif ftype == "string" and fmt == "uri":
        type_text = "adresse web"
    elif ftype == "date":
        type_text = "date au format AAAA-MM-JJ"
    elif ftype == "boolean" and fdesc.get("trueValues"):
        type_text = f"oui/non ({' ou '.join([*fdesc['trueValues'][:1], *(fdesc.get('falseValues') or [])[:1]])})"
    parts.append(type_text[0].upper() + type_text[1:] + ".")
    if "enum" in constraints:
        parts.append("Valeurs autorisées : " + ", ".join(str(v) for v in constraints["enum"]) + ".")
    item_enum = ((fdesc.get("arrayItem") or {}).get("constraints") or {}).get("enum")
    if item_enum:
        parts.append("Valeurs possibles dans la liste : " + ", ".join(str(v) for v in item_enum) + ".")
    if "pattern" in constraints:
        parts.append(f"Format : {describe_pattern(str(constraints['pattern']))}.")
    if "minimum" in constraints and "maximum" in constraints:
        parts.append(f"Entre {_number_text(constraints['minimum'])} et {_number_text(constraints['maximum'])}.")
    elif "minimum" in constraints:
        parts.append(f"Au moins {_number_text(constraints['minimum'])}.")
    elif "maximum" in constraints:
        parts.append(f"Au plus {_number_text(constraints['maximum'])}.")
    if "maxLength" in constraints:
        parts.append(f"{constraints['maxLength']} caractères au plus.")
    if "minLength" in constraints:
        parts.append(f"{constraints['minLength']} caractères au moins.")
    if constraints.get("unique"):
        parts.append("Valeur unique dans le fichier.")
    return " ".join(parts)


def field_rules(schema: SchemaInfo | Mapping[str, Any]) -> dict[str, str]:
    """Field name -> plain French rules (required, type, allowed values, format), in schema order."""
    return {str(f.get("name")): field_rule_text(f) for f in _fields(schema)}


_LAT_NAMES = re.compile(r"^(lat|latitude|y|ylat|lat_?coor\d*|.*_lat|.*_latitude|lat_.*|latitude_.*)$")
_LON_NAMES = re.compile(r"^(lon|lng|long|longitude|x|xlong|long_?coor\d*|.*_lon|.*_lng|.*_long|"
                        r".*_longitude|lon_.*|lng_.*|long_.*|longitude_.*)$")


def geo_fields(schema: SchemaInfo | Mapping[str, Any]) -> GeoFields | None:
    """Where the coordinates are: the known schema's fields, else the first ``geopoint``
    field, else a latitude/longitude pair recognised by name. None when there is none."""
    definition = _definition_of(schema)
    if definition is not None:
        return definition.geo
    fields = _fields(schema)
    for fdesc in fields:
        if fdesc.get("type") == "geopoint":
            return GeoFields(geopoint=str(fdesc.get("name")),
                             geopoint_format=str(fdesc.get("format") or "default"))
    candidates = [f for f in fields if f.get("type") in ("number", "string", "any", None)]
    lat = next((str(f["name"]) for f in candidates if _LAT_NAMES.match(str(f.get("name")).lower())), None)
    lon = next((str(f["name"]) for f in candidates if _LON_NAMES.match(str(f.get("name")).lower())), None)
    if lat and lon:
        return GeoFields(latitude=lat, longitude=lon)
    return None


def chart_suggestions(schema: SchemaInfo | Mapping[str, Any]) -> tuple[ChartSuggestion, ...]:
    """Default charts: those of the known schema, else a count per value of the first field
    with a short list of allowed values. Empty when nothing obvious fits."""
    definition = _definition_of(schema)
    if definition is not None:
        return definition.charts
    for fdesc in _fields(schema):
        enum = (fdesc.get("constraints") or {}).get("enum")
        if enum and 2 <= len(enum) <= 20:
            label = fdesc.get("title") or fdesc.get("name")
            return (ChartSuggestion(f"Répartition par {str(label).lower()}", "bar", "count",
                                    str(fdesc.get("name"))),)
    return ()
