"""Controlled vocabularies the catalogue uses: EU data themes, EU frequencies, EU file types,
IANA media types, languages, and the licence titles data.gouv.fr knows.

Everything here is a plain table or a pure lookup: no graph, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .namespaces import EU_FILE_TYPE, EU_FREQUENCY, EU_LANGUAGE, EU_THEME, IANA_MEDIA_TYPES


@dataclass(frozen=True)
class Theme:
    """A concept of the EU data-theme vocabulary (the themes data.europa.eu and DCAT-AP use)."""

    code: str
    label_fr: str
    label_en: str

    @property
    def uri(self) -> str:
        return str(EU_THEME[self.code])

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_fr


EU_THEMES: tuple[Theme, ...] = (
    Theme("AGRI", "Agriculture, pêche, sylviculture et alimentation", "Agriculture, fisheries, forestry and food"),
    Theme("ECON", "Économie et finances", "Economy and finance"),
    Theme("EDUC", "Éducation, culture et sport", "Education, culture and sport"),
    Theme("ENER", "Énergie", "Energy"),
    Theme("ENVI", "Environnement", "Environment"),
    Theme("GOVE", "Gouvernement et secteur public", "Government and public sector"),
    Theme("HEAL", "Santé", "Health"),
    Theme("INTR", "Questions internationales", "International issues"),
    Theme("JUST", "Justice, système juridique et sécurité publique", "Justice, legal system and public safety"),
    Theme("OP_DATPRO", "Données provisoires", "Provisional data"),
    Theme("REGI", "Régions et villes", "Regions and cities"),
    Theme("SOCI", "Population et société", "Population and society"),
    Theme("TECH", "Science et technologie", "Science and technology"),
    Theme("TRAN", "Transports", "Transport"),
)
EU_THEME_SCHEME = "http://publications.europa.eu/resource/authority/data-theme"

# Words communes often use as a theme, mapped to the EU theme that covers them.
THEME_SYNONYMS: dict[str, str] = {
    "agriculture": "AGRI", "alimentation": "AGRI", "budget": "ECON", "economie": "ECON", "finances": "ECON",
    "finance": "ECON", "fiscalite": "ECON", "commerce": "ECON", "education": "EDUC", "culture": "EDUC",
    "sport": "EDUC", "sports": "EDUC", "ecoles": "EDUC", "scolaire": "EDUC", "energie": "ENER",
    "environnement": "ENVI", "eau": "ENVI", "dechets": "ENVI", "proprete": "ENVI", "espaces-verts": "ENVI",
    "administration": "GOVE", "citoyennete": "GOVE", "vie-municipale": "GOVE", "elections": "GOVE",
    "conseil-municipal": "GOVE", "sante": "HEAL", "securite": "JUST", "justice": "JUST",
    "urbanisme": "REGI", "territoire": "REGI", "amenagement": "REGI", "logement": "REGI", "social": "SOCI",
    "solidarite": "SOCI", "population": "SOCI", "societe": "SOCI", "associations": "SOCI", "etat-civil": "SOCI",
    "mobilite": "TRAN", "transport": "TRAN", "transports": "TRAN", "stationnement": "TRAN", "voirie": "TRAN",
    "numerique": "TECH", "technologie": "TECH", "sciences": "TECH",
}


def normalise_word(text: str) -> str:
    """Lowercase ASCII with dashes: 'Économie et finances' -> 'economie-et-finances'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


_THEME_INDEX: dict[str, Theme] = {}
for _theme in EU_THEMES:
    for _name in (_theme.code, _theme.label_fr, _theme.label_en, _theme.uri):
        _THEME_INDEX[normalise_word(_name)] = _theme
for _word, _code in THEME_SYNONYMS.items():
    _THEME_INDEX.setdefault(_word, next(t for t in EU_THEMES if t.code == _code))


def find_theme(label: str | None) -> Theme | None:
    """The EU data theme for a theme label written in a dataset (French or English label, code, or a
    common word such as 'Budget' or 'Mobilité'); None when it matches none."""
    if not label or not label.strip():
        return None
    return _THEME_INDEX.get(normalise_word(label))


# The frequencies of portal.yml (schema.Frequency) -> EU frequency vocabulary codes (read by udata).
FREQUENCY_CODES: dict[str, str] = {
    "continuous": "UPDATE_CONT", "daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY",
    "quarterly": "QUARTERLY", "semiannual": "ANNUAL_2", "annual": "ANNUAL", "biennial": "BIENNIAL",
    "irregular": "IRREG", "never": "NEVER", "unknown": "UNKNOWN",
}


@lru_cache(maxsize=1024)  # a pure lookup, asked for every dataset and file of the catalogue
def frequency_uri(frequency: str) -> str:
    """The EU frequency concept for a dataset's ``frequency`` value (UNKNOWN when not recognised)."""
    return str(EU_FREQUENCY[FREQUENCY_CODES.get(frequency, "UNKNOWN")])


# Lowercase format -> code of the EU file-type vocabulary.
FILE_TYPE_CODES: dict[str, str] = {
    "csv": "CSV", "tsv": "TSV", "txt": "TXT", "json": "JSON", "geojson": "GEOJSON", "xlsx": "XLSX", "xls": "XLS",
    "ods": "ODS", "odt": "ODT", "pdf": "PDF", "zip": "ZIP", "xml": "XML", "kml": "KML", "gpx": "GPX",
    "html": "HTML", "png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "docx": "DOCX", "doc": "DOC",
    "parquet": "PARQUET", "shp": "SHP", "rdf": "RDF_XML", "ttl": "RDF_TURTLE", "jsonld": "JSON_LD",
}


@lru_cache(maxsize=1024)  # a pure lookup, asked for every dataset and file of the catalogue
def file_type_uri(fmt: str) -> str | None:
    """The EU file-type concept for a format (csv, XLSX…), or None when the vocabulary lacks it."""
    code = FILE_TYPE_CODES.get(fmt.strip().lower())
    return str(EU_FILE_TYPE[code]) if code else None


_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


@lru_cache(maxsize=1024)  # a pure lookup, asked for every dataset and file of the catalogue
def media_type_uri(media_type: str | None) -> str | None:
    """The IANA register address of a media type (https://www.iana.org/assignments/media-types/text/csv),
    or None for an empty or malformed one (parameters such as ;charset= are dropped)."""
    if not media_type:
        return None
    bare = media_type.split(";", 1)[0].strip().lower()
    return IANA_MEDIA_TYPES + bare if _MEDIA_TYPE.match(bare) else None


LANGUAGE_CODES = {"fr": "FRA", "en": "ENG"}


@lru_cache(maxsize=1024)  # a pure lookup, asked for every dataset and file of the catalogue
def language_uri(lang: str) -> str:
    return str(EU_LANGUAGE[LANGUAGE_CODES.get(lang, "FRA")])


# Formats data.gouv.fr counts as closed in its quality score (udata CLOSED_FORMATS).
CLOSED_FORMATS = frozenset({"pdf", "doc", "docx", "word", "xls", "excel", "xlsx"})

# Formats that are documents rather than data: no dct:conformsTo to a table schema.
DOCUMENT_FORMATS = frozenset({"pdf", "doc", "docx", "odt", "html", "htm", "png", "jpg", "jpeg", "txt"})

# data.gouv.fr's licence list (id -> exact title), as its harvester matches them. Snapshot:
# ../shared/reference/dcat/datagouv_licenses_snapshot.json (a test checks both agree).
DATAGOUV_LICENCE_TITLES: dict[str, str] = {
    "cc-by": "Creative Commons Attribution",
    "cc-by-sa": "Creative Commons Attribution Share-Alike",
    "cc-zero": "Creative Commons CCZero",
    "fr-lo": "Licence Ouverte / Open Licence",
    "lov2": "Licence Ouverte / Open Licence version 2.0",
    "notspecified": "License Not Specified",
    "odc-by": "Open Data Commons Attribution License",
    "odc-odbl": "Open Data Commons Open Database License (ODbL)",
    "odc-pddl": "Open Data Commons Public Domain Dedication and Licence (PDDL)",
    "other-at": "Other (Attribution)",
    "other-open": "Other (Open)",
    "other-pd": "Other (Public Domain)",
}


def known_to_datagouv(licence_title: str) -> bool:
    """True when data.gouv.fr's licence list has exactly this title (its harvester then recognises it)."""
    return licence_title in DATAGOUV_LICENCE_TITLES.values() and licence_title != "License Not Specified"
