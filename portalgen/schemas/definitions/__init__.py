"""The schemas portalgen knows without any network access, one module per schema.

``ALL_DEFINITIONS`` lists them in the order they are presented on the "socle commun" page:
the SCDL schemas first, then the other schemas useful to a commune.
"""

from __future__ import annotations

from . import (
    budget,
    catalogue,
    dae,
    deliberations,
    equipements,
    fontaine_eau,
    irve_statique,
    menus_collectifs,
    plats_menus_collectifs,
    prenoms,
    stationnement,
    stationnement_cyclable,
    subventions,
)
from ._dsl import ArrayItem, ChartSuggestion, Check, Field, GeoFields, SchemaDefinition

ALL_DEFINITIONS: tuple[SchemaDefinition, ...] = (
    deliberations.DEFINITION,
    subventions.DEFINITION,
    equipements.DEFINITION,
    budget.DEFINITION,
    prenoms.DEFINITION,
    catalogue.DEFINITION,
    menus_collectifs.DEFINITION,
    plats_menus_collectifs.DEFINITION,
    dae.DEFINITION,
    irve_statique.DEFINITION,
    stationnement.DEFINITION,
    fontaine_eau.DEFINITION,
    stationnement_cyclable.DEFINITION,
)

__all__ = [
    "ALL_DEFINITIONS",
    "ArrayItem",
    "ChartSuggestion",
    "Check",
    "Field",
    "GeoFields",
    "SchemaDefinition",
]
