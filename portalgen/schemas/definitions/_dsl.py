"""A compact way to write Table Schema definitions, and the hints portalgen derives from them.

Each module of this package describes one published schema with :class:`SchemaDefinition`.
Field names, types and constraints follow the published standard; titles and descriptions
are short texts written for this project. :meth:`SchemaDefinition.descriptor` turns a
definition into a frictionless-compatible Table Schema descriptor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Number = int | float


@dataclass(frozen=True)
class ArrayItem:
    """Type and constraints of each element of an ``array`` field."""

    type: str = "string"
    enum: tuple[str, ...] | None = None
    required: bool | None = None

    def descriptor(self) -> dict[str, Any]:
        constraints: dict[str, Any] = {}
        if self.required is not None:
            constraints["required"] = self.required
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        item: dict[str, Any] = {"type": self.type}
        if constraints:
            item["constraints"] = constraints
        return item


@dataclass(frozen=True)
class Field:
    """One column of a table: name, type, French title and description, and constraints."""

    name: str
    type: str
    title: str
    description: str
    required: bool = False
    format: str | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: Number | None = None
    maximum: Number | None = None
    min_length: int | None = None
    max_length: int | None = None
    unique: bool = False
    true_values: tuple[str, ...] | None = None
    false_values: tuple[str, ...] | None = None
    array_item: ArrayItem | None = None
    pattern_help: str | None = None
    """Plain French description of ``pattern`` for error messages (not part of the descriptor)."""

    def constraints(self) -> dict[str, Any]:
        """The Table Schema ``constraints`` object of this field (empty when none)."""
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.min_length is not None:
            constraints["minLength"] = self.min_length
        if self.max_length is not None:
            constraints["maxLength"] = self.max_length
        if self.unique:
            constraints["unique"] = True
        return constraints

    def descriptor(self) -> dict[str, Any]:
        """The Table Schema field descriptor."""
        result: dict[str, Any] = {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "type": self.type,
        }
        if self.format is not None:
            result["format"] = self.format
        if self.true_values is not None:
            result["trueValues"] = list(self.true_values)
        if self.false_values is not None:
            result["falseValues"] = list(self.false_values)
        if self.array_item is not None:
            result["arrayItem"] = self.array_item.descriptor()
        constraints = self.constraints()
        if constraints:
            result["constraints"] = constraints
        return result


@dataclass(frozen=True)
class Check:
    """A ``custom_checks`` entry: a check name and its parameters (as key/value pairs)."""

    name: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, name: str, **params: Any) -> "Check":
        """Build a check; list values are stored as tuples. Use ``**{"a-b": 1}`` for dashed keys."""
        frozen = tuple((key, tuple(value) if isinstance(value, list) else value)
                       for key, value in params.items())
        return cls(name, frozen)

    def descriptor(self) -> dict[str, Any]:
        params = {key: list(value) if isinstance(value, tuple) else value
                  for key, value in self.params}
        return {"name": self.name, "params": params}


@dataclass(frozen=True)
class ChartSuggestion:
    """A default chart for a dataset following a schema.

    ``measure`` is ``"count"`` (rows per category) or ``"sum"`` (of ``value_field`` per
    category). ``category_field`` is the x axis; with ``date_part="year"`` its date values
    are grouped by year. ``series_field`` splits bars/lines into series. ``limit`` keeps the
    largest N categories (None: all).
    """

    title: str
    kind: str
    measure: str
    category_field: str
    value_field: str | None = None
    date_part: str | None = None
    series_field: str | None = None
    limit: int | None = None


@dataclass(frozen=True)
class GeoFields:
    """Where the coordinates of a row are.

    Either ``latitude`` and ``longitude`` (two number columns, WGS84 degrees), or
    ``geopoint`` (one column of Table Schema type ``geopoint``; ``geopoint_format`` is its
    format: ``"default"`` is ``"lon, lat"``, ``"array"`` is ``[lon, lat]``, ``"object"`` is
    ``{"lon": …, "lat": …}``).
    """

    latitude: str | None = None
    longitude: str | None = None
    geopoint: str | None = None
    geopoint_format: str | None = None


@dataclass(frozen=True)
class SchemaDefinition:
    """One published Table Schema, as known to portalgen."""

    id: str
    name: str
    title: str
    version: str
    url: str
    explanation: str
    fields: tuple[Field, ...]
    scdl: bool = True
    aliases: tuple[str, ...] = ()
    missing_values: tuple[str, ...] | None = None
    primary_key: tuple[str, ...] | None = None
    custom_checks: tuple[Check, ...] = ()
    geo: GeoFields | None = None
    charts: tuple[ChartSuggestion, ...] = field(default=())

    def descriptor(self) -> dict[str, Any]:
        """A frictionless-compatible Table Schema descriptor (a new dict each call)."""
        result: dict[str, Any] = {
            "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
            "name": self.name,
            "title": self.title,
            "description": self.explanation,
            "version": self.version,
            "path": self.url,
            "fields": [f.descriptor() for f in self.fields],
        }
        if self.missing_values is not None:
            result["missingValues"] = list(self.missing_values)
        if self.primary_key is not None:
            result["primaryKey"] = list(self.primary_key)
        if self.custom_checks:
            result["custom_checks"] = [c.descriptor() for c in self.custom_checks]
        return result


SIRET_PATTERN = r"^\d{14}$"
SIREN_PATTERN = r"^\d{9}$"
INSEE_COMMUNE_PATTERN = r"^([013-9]\d|2[AB1-9])\d{3}$"
OUI = ("oui",)
NON = ("non",)
VRAI = ("true", "True", "TRUE", "1", "vrai", "Vrai", "VRAI")
FAUX = ("false", "False", "FALSE", "0", "faux", "Faux", "FAUX")
