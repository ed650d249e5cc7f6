"""Write ``catalogue.csv`` in the SCDL "catalogue simplifié" format (schema ``scdl/catalogue``).

The pipeline gives one :class:`CatalogueRow` (or a plain dict) per dataset. Columns are
written in the schema's order with the exact labels the schema allows for
``COUV_SPAT_MAILLE``, ``FREQ_MAJ`` and ``LICENCE``; :func:`catalogue_licence_label` and
:func:`catalogue_frequency_label` translate portalgen's licence ids and frequencies.
:func:`missing_catalogue_values` lists required values that are empty, for warnings.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .custom_checks import is_valid_siret
from .definitions.catalogue import DEFINITION as CATALOGUE_DEFINITION

CATALOGUE_COLUMNS: tuple[str, ...] = tuple(f.name for f in CATALOGUE_DEFINITION.fields)
"""The catalogue's columns, in schema order (COLL_NOM … URL)."""

_ENUMS: dict[str, tuple[str, ...]] = {f.name: f.enum for f in CATALOGUE_DEFINITION.fields if f.enum}
MAILLES: tuple[str, ...] = _ENUMS["COUV_SPAT_MAILLE"]
FREQUENCES: tuple[str, ...] = _ENUMS["FREQ_MAJ"]
LICENCES: tuple[str, ...] = _ENUMS["LICENCE"]

DateLike = dt.date | str | None
TextList = Sequence[str] | str


@dataclass(frozen=True)
class CatalogueRow:
    """One dataset in the catalogue. Attribute ``x`` is column ``X`` (``coll_nom`` -> ``COLL_NOM``).

    Dates may be :class:`datetime.date` or ISO strings. ``mots_cles`` and
    ``format_ressources`` may be lists or ``;``-separated strings; they are written in lower
    case without accents, separated by ``;``, as the standard asks.
    """

    coll_nom: str = ""
    coll_siret: str = ""
    id: str = ""
    titre: str = ""
    description: str = ""
    theme: str = ""
    producteur_nom: str = ""
    producteur_siret: str = ""
    couv_spat_maille: str = ""
    couv_spat_nom: str = ""
    couv_temp_debut: DateLike = None
    couv_temp_fin: DateLike = None
    date_publ: DateLike = None
    freq_maj: str = ""
    date_maj: DateLike = None
    mots_cles: TextList = ()
    licence: str = ""
    nombre_ressources: int | None = None
    format_ressources: TextList = ()
    url: str = ""


_ATTRIBUTES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(CatalogueRow))
assert tuple(a.upper() for a in _ATTRIBUTES) == CATALOGUE_COLUMNS, "CatalogueRow must follow the schema"

_FREQUENCY_ALIASES: dict[str, str] = {
    "unknown": "Inconnue", "inconnue": "Inconnue",
    "never": "Ponctuelle", "punctual": "Ponctuelle", "once": "Ponctuelle", "ponctuelle": "Ponctuelle",
    "irregular": "Irrégulière", "irreguliere": "Irrégulière",
    "continuous": "Continuelle", "continuelle": "Continuelle", "realtime": "Continuelle",
    "hourly": "Toutes les heures",
    "daily": "Quotidienne ou plusieurs fois par jour", "quotidienne": "Quotidienne ou plusieurs fois par jour",
    "weekly": "Hebdomadaire ou plusieurs fois par semaine",
    "hebdomadaire": "Hebdomadaire ou plusieurs fois par semaine",
    "monthly": "Mensuelle ou plusieurs fois par mois", "mensuelle": "Mensuelle ou plusieurs fois par mois",
    "bimonthly": "Bimestrielle", "bimestrielle": "Bimestrielle",
    "quarterly": "Trimestrielle", "trimestrielle": "Trimestrielle",
    "semiannual": "Semestrielle", "biannual": "Semestrielle", "semestrielle": "Semestrielle",
    "annual": "Annuelle", "yearly": "Annuelle", "annuelle": "Annuelle",
    "biennial": "Biennale", "biennale": "Biennale",
    "triennial": "Triennale", "triennale": "Triennale",
    "quinquennial": "Quinquennale", "quinquennale": "Quinquennale",
}


@lru_cache(maxsize=4096)  # pure, and called for every dataset with a handful of values
def _plain(text: str) -> str:
    """Lower case, without accents, trimmed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip().lower()


@lru_cache(maxsize=4096)  # pure, and called for every dataset with a handful of values
def catalogue_frequency_label(frequency: str | None) -> str | None:
    """The catalogue's ``FREQ_MAJ`` label for a portalgen frequency (``annual``…), a French
    word or an exact label. None when not recognised."""
    if not frequency:
        return None
    if frequency in FREQUENCES:
        return frequency
    key = _plain(frequency).replace("-", "").replace("_", "").replace(" ", "")
    for label in FREQUENCES:
        if key == _plain(label).replace(" ", ""):
            return label
    return _FREQUENCY_ALIASES.get(key)


@lru_cache(maxsize=4096)  # pure, and called for every dataset with a handful of values
def catalogue_licence_label(licence: str | None) -> str | None:
    """The catalogue's ``LICENCE`` label for a licence id (``lov2``, ``etalab-2.0``,
    ``odc-odbl``, ``cc-by``…) or an exact label; other licences are "Spécifique ou autre".
    None for an empty value."""
    if not licence or not licence.strip():
        return None
    if licence in LICENCES:
        return licence
    key = _plain(licence).replace(" ", "-")
    if key in ("lov2", "fr-lo", "lo", "lo2") or key.startswith(("etalab", "lo-", "licence-ouverte")):
        return "Licence Ouverte-LO"
    if "odbl" in key or "open-database" in key:
        return "Open Database License-ODBL"
    if key.startswith(("cc-", "cc0")) or "creative-commons" in key:
        return "Creative Commons-CC"
    return "Spécifique ou autre"


def _text_list(value: Any) -> str:
    if value is None:
        return ""
    items = value.split(";") if isinstance(value, str) else [str(v) for v in value]
    seen: list[str] = []
    for item in items:
        plain = _plain(item)
        if plain and plain not in seen:
            seen.append(plain)
    return ";".join(seen)


def _date_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _cell(attribute: str, value: Any) -> str:
    if attribute in ("mots_cles", "format_ressources"):
        return _text_list(value)
    if attribute in ("couv_temp_debut", "couv_temp_fin", "date_publ", "date_maj"):
        return _date_text(value)
    if attribute == "nombre_ressources":
        return "" if value is None else str(int(value))
    return "" if value is None else " ".join(str(value).split())


def as_catalogue_row(row: CatalogueRow | Mapping[str, Any]) -> CatalogueRow:
    """A :class:`CatalogueRow` from a row or a dict keyed by attribute names or column names.
    Unknown keys raise ``KeyError`` naming them."""
    if isinstance(row, CatalogueRow):
        return row
    values: dict[str, Any] = {}
    unknown = []
    for key, value in row.items():
        attribute = str(key).lower()
        if attribute in _ATTRIBUTES:
            values[attribute] = value
        else:
            unknown.append(str(key))
    if unknown:
        raise KeyError(f"unknown catalogue column(s): {', '.join(sorted(unknown))}; "
                       f"expected: {', '.join(CATALOGUE_COLUMNS)}")
    return CatalogueRow(**values)


def catalogue_cells(row: CatalogueRow | Mapping[str, Any]) -> dict[str, str]:
    """Column name -> text cell, in schema order."""
    row = as_catalogue_row(row)
    return {attribute.upper(): _cell(attribute, getattr(row, attribute)) for attribute in _ATTRIBUTES}


def in_file_order(cells: Iterable[Mapping[str, str]]) -> list[Mapping[str, str]]:
    """Rows' cells (:func:`catalogue_cells`) in the order catalogue.csv lists them: by ID, then title."""
    return sorted(cells, key=lambda c: (c["ID"], c["TITRE"]))


def cells_csv_text(cells: Iterable[Mapping[str, str]]) -> str:
    """The CSV text of rows whose cells are made already, in the order given (header in schema order).

    :func:`catalogue_csv_text` is this of its rows' cells :func:`in_file_order`; a caller that also needs
    the cells for something else (the build's checks, parts of the file) makes them once."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CATALOGUE_COLUMNS)
    for row_cells in cells:
        writer.writerow([row_cells[column] for column in CATALOGUE_COLUMNS])
    return buffer.getvalue()


def catalogue_csv_text(rows: Iterable[CatalogueRow | Mapping[str, Any]]) -> str:
    """The catalogue as CSV text (UTF-8, comma, header in schema order, rows sorted by ID)."""
    return cells_csv_text(in_file_order(catalogue_cells(r) for r in rows))


def write_catalogue_csv(path: Path | str, rows: Iterable[CatalogueRow | Mapping[str, Any]]) -> Path:
    """Write ``catalogue.csv`` at ``path`` (parent folders created). Deterministic output."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(catalogue_csv_text(rows), encoding="utf-8", newline="")
    return target


_HINTS: dict[str, str] = {
    "COLL_NOM": "set the publisher name in portal.yml",
    "COLL_SIRET": "set the commune's 14-digit SIRET in portal.yml (annuaire-entreprises.data.gouv.fr)",
    "ID": "give the dataset an id (its file name in datasets/)",
    "TITRE": "add a title to the dataset",
    "DESCRIPTION": "add a description to the dataset",
    "THEME": "add a theme to the dataset",
    "PRODUCTEUR_NOM": "name the producer of the dataset (defaults to the publisher)",
    "PRODUCTEUR_SIRET": "give the producer's 14-digit SIRET (defaults to the publisher's)",
    "COUV_SPAT_MAILLE": f"choose the spatial granularity among: {', '.join(MAILLES)}",
    "COUV_SPAT_NOM": "name the territory covered (defaults to the commune)",
    "COUV_TEMP_DEBUT": "give the start date of the period covered (temporal.start)",
    "COUV_TEMP_FIN": "give the end date of the period covered (temporal.end)",
    "DATE_PUBL": "give the date of first publication (issued)",
    "FREQ_MAJ": "set the update frequency (frequency: annual, monthly…)",
    "DATE_MAJ": "give the date of the last update (modified)",
    "MOTS_CLES": "add at least one keyword",
    "LICENCE": "set the licence of the dataset or of the site",
    "NOMBRE_RESSOURCES": "the dataset needs at least one file",
    "FORMAT_RESSOURCES": "the dataset needs at least one file with a known format",
    "URL": "set the site's base URL in portal.yml so dataset pages have an address",
}


@dataclass(frozen=True)
class CatalogueProblem:
    """A value of one catalogue row that the catalogue schema would reject."""

    dataset_id: str
    column: str
    message: str
    hint: str


def missing_catalogue_values(row: CatalogueRow | Mapping[str, Any]) -> list[tuple[str, str]]:
    """(column, hint) for each required catalogue value that is empty in ``row`` (every column
    of the catalogue is required), in schema order. Hints are English build messages."""
    return missing_cell_values(catalogue_cells(row))


def missing_cell_values(cells: Mapping[str, str]) -> list[tuple[str, str]]:
    """:func:`missing_catalogue_values` of a row whose cells are made already (:func:`catalogue_cells`)."""
    return [(column, _HINTS[column]) for column in CATALOGUE_COLUMNS if not cells[column]]


def catalogue_problems(rows: Iterable[CatalogueRow | Mapping[str, Any]]) -> list[CatalogueProblem]:
    """Everything in ``rows`` that would make catalogue.csv non-conformant: missing values,
    labels outside the allowed lists, invalid SIRET, dates not in YYYY-MM-DD, start after end."""
    return [problem for row in rows for problem in cell_problems(catalogue_cells(row))]


def cell_problems(cells: Mapping[str, str]) -> list[CatalogueProblem]:
    """:func:`catalogue_problems` of one row whose cells are made already (:func:`catalogue_cells`)."""
    problems: list[CatalogueProblem] = []
    ident = cells["ID"] or cells["TITRE"] or "?"
    for column, hint in missing_cell_values(cells):
        problems.append(CatalogueProblem(ident, column, f"{column} is empty", hint))
    for column, allowed in _ENUMS.items():
        if cells[column] and cells[column] not in allowed:
            problems.append(CatalogueProblem(ident, column, f"{column} '{cells[column]}' is not an allowed value",
                                             f"use one of: {', '.join(allowed)}"))
    for column in ("COLL_SIRET", "PRODUCTEUR_SIRET"):
        if cells[column] and not is_valid_siret(cells[column]):
            problems.append(CatalogueProblem(ident, column, f"{column} '{cells[column]}' is not a valid SIRET",
                                             _HINTS[column]))
    dates: dict[str, dt.date] = {}
    for column in ("COUV_TEMP_DEBUT", "COUV_TEMP_FIN", "DATE_PUBL", "DATE_MAJ"):
        if cells[column]:
            try:
                dates[column] = dt.date.fromisoformat(cells[column])
            except ValueError:
                problems.append(CatalogueProblem(ident, column, f"{column} '{cells[column]}' is not a date",
                                                 "write dates as YYYY-MM-DD"))
    if "COUV_TEMP_DEBUT" in dates and "COUV_TEMP_FIN" in dates and \
            dates["COUV_TEMP_DEBUT"] > dates["COUV_TEMP_FIN"]:
        problems.append(CatalogueProblem(ident, "COUV_TEMP_FIN", "the period covered ends before it starts",
                                         "check temporal.start and temporal.end"))
    if cells["NOMBRE_RESSOURCES"] and int(cells["NOMBRE_RESSOURCES"]) < 1:
        problems.append(CatalogueProblem(ident, "NOMBRE_RESSOURCES", "NOMBRE_RESSOURCES must be at least 1",
                                         _HINTS["NOMBRE_RESSOURCES"]))
    if not cells["URL"].startswith(("http://", "https://")) and cells["URL"]:
        problems.append(CatalogueProblem(ident, "URL", f"URL '{cells['URL']}' is not an absolute web address",
                                         _HINTS["URL"]))
    return problems
