"""The configuration schema: every key a site may write, with its documentation.

This module is the single place where keys are declared. README's configuration
reference is checked against it by a test (tests/test_docs.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from ..errors import Location
from .checker import doc, locations_field, where_field

Frequency = Literal["continuous", "daily", "weekly", "monthly", "quarterly", "semiannual",
                    "annual", "biennial", "irregular", "never", "unknown"]


def _check_insee(value: str):
    if not re.fullmatch(r"(\d{5}|2[AB]\d{3})", value):
        return (f'"{value}" is not an INSEE commune code. Hint: the code officiel géographique has 5 characters, '
                'e.g. "35238" (quote it so a leading 0 is kept)')
    return None


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _check_siret(value: str):
    compact = value.replace(" ", "")
    if not re.fullmatch(r"\d{14}", compact):
        return f'"{value}" is not a SIRET. Hint: a SIRET has 14 digits (SIREN + establishment number); quote it'
    if not luhn_ok(compact):
        return f'"{value}" is not a valid SIRET (its check digit is wrong). Hint: copy it again from annuaire-entreprises.data.gouv.fr'
    return None


def _check_url(value: str):
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        return f'"{value}" is not a web address. Hint: write a full address starting with https://'
    return None


def _check_email(value: str):
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        return f'"{value}" is not an email address. Hint: write it like mairie@example.fr'
    return None


def _check_slug(value: str):
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        return f'"{value}" is not a valid identifier. Hint: use lowercase letters, digits and dashes only'
    return None


def _check_positive(value: int):
    return None if value > 0 else f"{value} must be greater than 0"


def _check_lat(value: float):
    return None if -90 <= value <= 90 else f"latitude {value} is out of range. Hint: a latitude is between -90 and 90 degrees"


def _check_lon(value: float):
    return None if -180 <= value <= 180 else f"longitude {value} is out of range. Hint: a longitude is between -180 and 180 degrees"


# --------------------------------------------------------------------------------------------
# Site settings (portal.yml)
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CommuneConfig:
    """The commune the portal belongs to."""

    name: str = field(metadata=doc("Official name of the commune, e.g. Saint-Aubin-sur-Lérette."))
    insee: str = field(metadata=doc("INSEE code (code officiel géographique), 5 characters, quoted.", check=_check_insee))
    siret: str | None = field(default=None, metadata=doc(
        "SIRET of the commune (14 digits, quoted); identifies the publisher in the DCAT catalogue.", check=_check_siret))
    population: int | None = field(default=None, metadata=doc("Number of inhabitants.", check=_check_positive))
    department: str | None = field(default=None, metadata=doc("Name of the département."))
    latitude: float | None = field(default=None, metadata=doc("Latitude of the commune centre (WGS84), for maps.", check=_check_lat))
    longitude: float | None = field(default=None, metadata=doc("Longitude of the commune centre (WGS84), for maps.", check=_check_lon))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class PublisherConfig:
    """Who publishes the data (usually the mairie)."""

    name: str = field(metadata=doc("Name of the publisher, e.g. Mairie de Saint-Aubin."))
    email: str | None = field(default=None, metadata=doc("Contact email of the publisher.", check=_check_email))
    url: str | None = field(default=None, metadata=doc("Web site of the publisher.", check=_check_url))
    address: str | None = field(default=None, metadata=doc("Postal address of the publisher."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class ContactConfig:
    """How residents and reusers reach the open-data team."""

    email: str | None = field(default=None, metadata=doc("Email for questions about the data.", check=_check_email))
    phone: str | None = field(default=None, metadata=doc("Phone number shown on the contact block."))
    form_url: str | None = field(default=None, metadata=doc("A contact form URL, used instead of email links when set.", check=_check_url))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class NavLink:
    """A link of the main navigation."""

    title: str = field(metadata=doc("Text of the link."))
    url: str = field(metadata=doc("Target: a path inside the site (pages/a-propos/) or a full https:// address."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class MapConfig:
    """Map settings. Tiles are the only thing a page may load from another host."""

    tiles: str = field(default="https://tile.openstreetmap.org/{z}/{x}/{y}.png", metadata=doc(
        "Tile URL template with {z}/{x}/{y}, or 'none' for maps without a background. Privacy: the visitor's "
        "browser asks this server for tiles, so it learns the visitor's IP address; use 'none' or your own tile "
        "server to avoid it."))
    attribution: str = field(default="© contributeurs OpenStreetMap", metadata=doc(
        "Attribution text shown on maps, required by most tile servers."))
    max_zoom: int = field(default=19, metadata=doc("Highest zoom level the tile server offers.", check=_check_positive))
    home: bool = field(default=False, metadata=doc(
        "Show on the home page a map of every dataset with coordinates (one layer each)."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class ThemeEntry:
    """A theme of the catalogue (Économie, Environnement…), with its own page."""

    name: str = field(metadata=doc("Label of the theme, as datasets write it in their `theme:` key."))
    description: str = field(default="", metadata=doc("What the theme covers (Markdown)."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


ProducerKind = Literal["service", "commune", "intercommunalite", "delegataire", "etat", "autre"]


@dataclass(frozen=True)
class ProducerEntry:
    """Who produces data: a service of the commune, the intercommunality, a delegate company…"""

    name: str = field(metadata=doc("Name, as datasets write it in their `producer:` key."))
    kind: ProducerKind = field(default="service", metadata=doc(
        "Kind: service (of the commune), commune, intercommunalite, delegataire, etat or autre."))
    description: str = field(default="", metadata=doc("What it does (Markdown)."))
    url: str | None = field(default=None, metadata=doc("Its web site.", check=_check_url))
    email: str | None = field(default=None, metadata=doc("Its contact email.", check=_check_email))
    siret: str | None = field(default=None, metadata=doc(
        "Its SIRET (14 digits, quoted), for producers that are not the commune (catalogue.csv).", check=_check_siret))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class FeedbackConfig:
    """How residents report an error in a dataset or propose a reuse."""

    email: str | None = field(default=None, metadata=doc(
        "Email receiving error reports and reuse proposals; defaults to contact.email, then publisher.email.",
        check=_check_email))
    error_url: str | None = field(default=None, metadata=doc(
        "A form or issue tracker for error reports, used instead of email; {dataset} is replaced by the dataset id.",
        check=_check_url))
    reuse_url: str | None = field(default=None, metadata=doc("A form to propose a reuse, used instead of email.",
                                                             check=_check_url))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class AuditConfig:
    """An accessibility audit of the portal (RGAA)."""

    date: dt.date = field(metadata=doc("Date of the audit (YYYY-MM-DD)."))
    rate: float = field(metadata=doc("Share of RGAA criteria met, in percent (e.g. 87.5)."))
    auditor: str = field(metadata=doc("Who made the audit."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()

    def validate(self):
        if not 0 <= self.rate <= 100:
            yield (f"the rate {self.rate} is not a percentage", "rate", "write a number between 0 and 100")


@dataclass(frozen=True)
class AccessibilityConfig:
    """The accessibility statement (déclaration d'accessibilité), mandatory for public bodies' sites."""

    audit: AuditConfig | None = field(default=None, metadata=doc(
        "The last RGAA audit: date, rate, auditor. Without it the site is declared 'non conforme' (not audited)."))
    contact: str | None = field(default=None, metadata=doc(
        "Email or form address to report an accessibility problem; defaults to the contact email."))
    non_accessible: tuple[str, ...] = field(default=(), metadata=doc("Known non-accessible content, one item each."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()

    @property
    def level(self) -> Literal["full", "partial", "none"]:
        """The compliance level the statement declares: not audited counts as "none" (non conforme)."""
        if self.audit is None:
            return "none"
        return "full" if self.audit.rate >= 100 else "partial" if self.audit.rate >= 50 else "none"


@dataclass(frozen=True)
class HostConfig:
    """The company or body hosting the site (mentions légales)."""

    name: str = field(metadata=doc("Name of the host, e.g. GitHub Inc. or the commune's provider."))
    address: str | None = field(default=None, metadata=doc("Postal address of the host."))
    phone: str | None = field(default=None, metadata=doc("Phone number of the host."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class LegalConfig:
    """Legal notices (mentions légales)."""

    director: str | None = field(default=None, metadata=doc(
        "Director of publication (usually the mayor), e.g. Marie Dupont, maire."))
    host: HostConfig | None = field(default=None, metadata=doc("Who hosts the site: name, address, phone."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


# --------------------------------------------------------------------------------------------
# Datasets (datasets/<id>.yml or portal.yml `datasets:`)
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReadConfig:
    """How to read a data file, when automatic detection is not right."""

    encoding: str | None = field(default=None, metadata=doc("Text encoding, e.g. utf-8, cp1252, latin-1."))
    delimiter: str | None = field(default=None, metadata=doc("Column separator: ',', ';', '\\t' or '|'."))
    quotechar: str | None = field(default=None, metadata=doc("Quote character, usually '\"'."))
    decimal: str | None = field(default=None, metadata=doc("Decimal mark in numbers: '.' or ','."))
    thousands: str | None = field(default=None, metadata=doc("Thousands separator in numbers, e.g. ' ' or '.'."))
    date_format: str | None = field(default=None, metadata=doc("Date format of date columns, e.g. %d/%m/%Y."))
    sheet: str | int | None = field(default=None, metadata=doc("Spreadsheet sheet to read (name or 0-based index)."))
    header_row: int | None = field(default=None, metadata=doc("Line number (1-based) of the header row in a spreadsheet or CSV.", check=_check_positive))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


PrivacyMode = Literal["drop", "mask", "hash", "generalise", "reviewed"]


@dataclass(frozen=True)
class PrivacyRule:
    """What to do with a column that holds personal data."""

    mode: PrivacyMode = field(metadata=doc(
        "drop (remove the column), mask (hide most characters), hash (replace by a stable code), generalise "
        "(dates → year, numbers → ranges, addresses → street level) or reviewed (a person checked it may be published)."))
    justification: str | None = field(default=None, metadata=doc(
        "Why the publication is lawful; required with reviewed (e.g. « numéro du standard de la mairie »)."))
    precision: Literal["year", "month"] | None = field(default=None, metadata=doc(
        "With generalise on dates: keep the year (default) or the year and month."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()

    def validate(self):
        if self.mode == "reviewed" and not (self.justification or "").strip():
            yield ("'reviewed' needs a justification", "justification",
                   "write why this column may be published, e.g. justification: numéro du standard de la mairie")


@dataclass(frozen=True)
class ResourceMapConfig:
    """How to place a file's rows on a map."""

    latitude: str | None = field(default=None, metadata=doc("Name of the latitude column (found by name when absent)."))
    longitude: str | None = field(default=None, metadata=doc("Name of the longitude column (found by name when absent)."))
    geopoint: str | None = field(default=None, metadata=doc("Name of a column holding 'lat,lon' (instead of two columns)."))
    epsg: int | None = field(default=None, metadata=doc(
        "Coordinate system of the columns when not WGS84 degrees, e.g. 2154 for Lambert-93 (converted)."))
    popup: tuple[str, ...] = field(default=(), metadata=doc("Columns shown in the popup of a point (main fields by default).",
                                                            single_as_list=True))
    enabled: bool = field(default=True, metadata=doc("Set to false to show no map for this file."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class ResourceConfig:
    """A file of a dataset: a path under data/ or a URL."""

    path: str | None = field(default=None, metadata=doc("Path of the file, relative to the site's data/ folder."))
    url: str | None = field(default=None, metadata=doc("Address of a remote file (instead of path).", check=_check_url))
    title: str | None = field(default=None, metadata=doc("Title of the file; defaults to the file name."))
    format: str | None = field(default=None, metadata=doc("Format (csv, xlsx, pdf…); defaults to the file extension."))
    description: str | None = field(default=None, metadata=doc("What the file contains (Markdown)."))
    read: ReadConfig | None = field(default=None, metadata=doc("Overrides of the automatic reading of the file."))
    privacy: dict[str, PrivacyMode | PrivacyRule] = field(default_factory=dict, metadata=doc(
        "Per column, what to do with personal data: a mode (drop, mask, hash, generalise) or a mapping with mode "
        "and justification (required for reviewed)."))
    map: ResourceMapConfig | None = field(default=None, metadata=doc(
        "Map settings of the file: latitude, longitude, geopoint, epsg, popup, enabled."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()

    def validate(self):
        if (self.path is None) == (self.url is None):
            yield ("a resource needs exactly one of 'path' or 'url'", None,
                   "write 'path: file.csv' for a file in data/, or 'url: https://…' for a remote file")


@dataclass(frozen=True)
class TemporalConfig:
    """The period the data covers."""

    start: dt.date | None = field(default=None, metadata=doc("First day covered (YYYY-MM-DD)."))
    end: dt.date | None = field(default=None, metadata=doc("Last day covered (YYYY-MM-DD)."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()

    def validate(self):
        if self.start and self.end and self.start > self.end:
            yield (f"the period starts ({self.start}) after it ends ({self.end})", "end", "swap start and end")


ChartType = Literal["bar", "line", "stacked_bar"]


@dataclass(frozen=True)
class ChartConfig:
    """A chart drawn at build time as an accessible SVG, with its data table."""

    type: ChartType = field(metadata=doc("bar, line or stacked_bar."))
    x: str = field(metadata=doc("Column of the categories or dates (horizontal axis)."))
    y: str | None = field(default=None, metadata=doc("Numeric column to aggregate; none counts rows."))
    aggregation: Literal["sum", "count", "mean"] | None = field(default=None, metadata=doc(
        "sum, count or mean; by default sum when y is given, else count."))
    group_by: str | None = field(default=None, metadata=doc("Column splitting the bars or lines into series."))
    title: str | None = field(default=None, metadata=doc("Title of the chart."))
    sort: Literal["x", "value", "none"] = field(default="x", metadata=doc("Order of the categories: x, value or none."))
    order: Literal["asc", "desc"] = field(default="asc", metadata=doc("asc or desc."))
    limit: int | None = field(default=None, metadata=doc("Keep the N first categories; the rest is grouped as 'Autres'.",
                                                         check=_check_positive))
    x_period: Literal["year", "month"] | None = field(default=None, metadata=doc("Group dates of x by year or month."))
    unit: str | None = field(default=None, metadata=doc("Unit of the values, e.g. €, shown in labels."))
    resource: str | None = field(default=None, metadata=doc("File the chart is drawn from (its path); the first table by default."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class FigureConfig:
    """A key figure ("chiffre marquant") shown at the top of the dataset page."""

    label: str = field(metadata=doc("What the figure is, e.g. Montant total versé."))
    op: Literal["sum", "count", "mean", "min", "max", "latest"] = field(metadata=doc(
        "sum, count, mean, min, max or latest (value of the last row ordered by the first date column)."))
    column: str | None = field(default=None, metadata=doc("Column the figure is computed on (not needed for count)."))
    filter: dict[str, str] = field(default_factory=dict, metadata=doc("Only rows where column = value, e.g. {annee: '2024'}."))
    unit: str | None = field(default=None, metadata=doc("Unit written after the number, e.g. €."))
    decimals: int | None = field(default=None, metadata=doc("Number of decimals shown."))
    resource: str | None = field(default=None, metadata=doc("File the figure is computed from (its path); the first table by default."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class DatasetConfig:
    """One dataset: what it is, who produces it, under which licence, and its files."""

    title: str = field(metadata=doc("Title of the dataset."))
    description: str = field(metadata=doc("What the data is, how it is produced, its limits (Markdown)."))
    resources: tuple[ResourceConfig | str, ...] = field(metadata=doc(
        "The files: each a path under data/, or a mapping with path or url and optional title, format, "
        "description, read.", single_as_list=False))
    licence: str | None = field(default=None, metadata=doc(
        "Licence id (lov2, odc-odbl, cc-by, cc-by-sa, cc-zero…); defaults to the site licence.", aliases=("license",)))
    keywords: tuple[str, ...] = field(default=(), metadata=doc("Keywords (a list of words).", single_as_list=True))
    theme: str | None = field(default=None, metadata=doc("Theme label, e.g. Économie et finances."))
    producer: str | None = field(default=None, metadata=doc("Service or body that produces the data; defaults to the publisher."))
    frequency: Frequency = field(default="unknown", metadata=doc(
        "Update frequency: continuous, daily, weekly, monthly, quarterly, semiannual, annual, biennial, irregular, "
        "never or unknown."))
    temporal: TemporalConfig | None = field(default=None, metadata=doc("Period covered: start and end dates."))
    schema: str | None = field(default=None, metadata=doc(
        "Schema the data follows: scdl/<name> (e.g. scdl/subventions), a file in the site, or a URL."))
    issued: dt.date | None = field(default=None, metadata=doc("Date of first publication (YYYY-MM-DD)."))
    modified: dt.date | None = field(default=None, metadata=doc("Date of the last update of the data (YYYY-MM-DD)."))
    featured: bool = field(default=False, metadata=doc("Show this dataset on the home page."))
    charts: tuple[ChartConfig, ...] = field(default=(), metadata=doc(
        "Charts drawn from the data: type, x, y, aggregation, group_by, title, sort, order, limit, x_period, resource."))
    figures: tuple[FigureConfig, ...] = field(default=(), metadata=doc(
        "Key figures: label, op, column, filter, unit, decimals, resource."))
    datagouv_url: str | None = field(default=None, metadata=doc(
        "Address of the same dataset on data.gouv.fr, linked from the dataset page.", check=_check_url))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()

    def validate(self):
        if not self.resources:
            yield ("the dataset has no resources", "resources",
                   "list at least one file, e.g. 'resources: [budget-2024.csv]'")
        if not self.title.strip():
            yield ("the title is empty", "title", "give the dataset a title")


@dataclass(frozen=True)
class SiteConfig:
    """The portal's settings (portal.yml)."""

    title: str = field(metadata=doc("Name of the portal, e.g. Données ouvertes de Saint-Aubin."))
    commune: CommuneConfig = field(metadata=doc("The commune: name, insee, siret, population, department, latitude, longitude."))
    tagline: str | None = field(default=None, metadata=doc("Short sentence under the portal name."))
    description: str = field(default="", metadata=doc("Why the commune opens its data, in its own words (Markdown); shown on the home page."))
    site_url: str | None = field(default=None, metadata=doc(
        "Public address of the portal (https://…/), used where a standard needs absolute URLs (DCAT, sitemap).",
        check=_check_url))
    language: Literal["fr", "en"] = field(default="fr", metadata=doc("Language of the portal's interface: fr or en."))
    licence: str = field(default="lov2", metadata=doc(
        "Default licence id of the datasets (lov2 = Licence Ouverte 2.0, odc-odbl = ODbL…).", aliases=("license",)))
    publisher: PublisherConfig | None = field(default=None, metadata=doc("Who publishes: name, email, url, address."))
    contact: ContactConfig | None = field(default=None, metadata=doc("Contact for questions about the data: email, phone, form_url."))
    theme: str = field(default="default", metadata=doc("Theme name (a folder of themes/), or a path to a theme folder."))
    navigation: tuple[NavLink, ...] = field(default=(), metadata=doc("Extra links of the main menu: a list of title and url."))
    preview_rows: int = field(default=50, metadata=doc("Rows shown in the preview table of a dataset page.", check=_check_positive))
    catalogue_page_size: int = field(default=50, metadata=doc("Datasets per page of the catalogue.", check=_check_positive))
    dcat_page_size: int = field(default=100, metadata=doc(
        "Datasets per page of the DCAT catalogue (catalog.rdf…); larger catalogues are split into pages that "
        "harvesters follow.", check=_check_positive))
    map: MapConfig = field(default_factory=MapConfig, metadata=doc("Map settings: tiles, attribution, max_zoom."))
    home_charts: tuple[str, ...] = field(default=(), metadata=doc(
        "Ids of datasets whose first chart is shown on the home page.", single_as_list=True))
    themes: tuple[ThemeEntry, ...] = field(default=(), metadata=doc(
        "Themes with a description; themes used by datasets but not listed here get a page too."))
    producers: tuple[ProducerEntry, ...] = field(default=(), metadata=doc(
        "Producers with a kind and description; producers used by datasets but not listed get a page too."))
    feedback: FeedbackConfig = field(default_factory=FeedbackConfig, metadata=doc(
        "Error reports and reuse proposals: email, error_url, reuse_url."))
    accessibility: AccessibilityConfig = field(default_factory=AccessibilityConfig, metadata=doc(
        "Accessibility statement: audit (date, rate, auditor), contact, non_accessible."))
    legal: LegalConfig = field(default_factory=LegalConfig, metadata=doc("Legal notices: director, host."))
    datasets: dict[str, DatasetConfig] = field(default_factory=dict, metadata=doc(
        "Datasets written inline, as id: {title, description, resources…} (instead of or beside datasets/*.yml)."))
    extra: dict[str, Any] = field(default_factory=dict, metadata=doc("Free-form values for themes and templates."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


# --------------------------------------------------------------------------------------------
# Front matter of Markdown documents (news/*.md, reuses/*.md, pages/*.md)
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewsMeta:
    """Front matter of a news post or event (news/*.md)."""

    title: str = field(metadata=doc("Title of the post."))
    date: dt.date = field(metadata=doc("Date of the post, or of the event when it is in the future (YYYY-MM-DD)."))
    author: str | None = field(default=None, metadata=doc("Who wrote it."))
    tags: tuple[str, ...] = field(default=(), metadata=doc("Tags (a list of words).", single_as_list=True))
    datasets: tuple[str, ...] = field(default=(), metadata=doc("Ids of related datasets.", single_as_list=True))
    summary: str | None = field(default=None, metadata=doc("One-sentence summary for lists; defaults to the first paragraph."))
    event: bool = field(default=False, metadata=doc(
        "The post announces an event on `date`: listed in the agenda while the date is to come."))
    place: str | None = field(default=None, metadata=doc("Where the event takes place."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


ReuseType = Literal["application", "visualisation", "article", "api", "service", "autre"]


@dataclass(frozen=True)
class ReuseMeta:
    """Front matter of a reuse (reuses/*.md): something built with the data."""

    title: str = field(metadata=doc("Name of the reuse."))
    type: ReuseType = field(default="autre", metadata=doc("Kind: application, visualisation, article, api, service or autre."))
    author: str | None = field(default=None, metadata=doc("Who made it."))
    url: str | None = field(default=None, metadata=doc("Where to see it.", check=_check_url))
    image: str | None = field(default=None, metadata=doc("An image in the site's static/ folder, e.g. static/reuses/carte.png."))
    datasets: tuple[str, ...] = field(default=(), metadata=doc("Ids of the datasets it uses.", single_as_list=True))
    date: dt.date | None = field(default=None, metadata=doc("Publication date (YYYY-MM-DD)."))
    featured: bool = field(default=False, metadata=doc("Show it on the home page."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class PageMeta:
    """Front matter of a free page (pages/*.md)."""

    title: str = field(metadata=doc("Title of the page."))
    nav: bool = field(default=False, metadata=doc("Show a link to the page in the main navigation."))
    order: int = field(default=100, metadata=doc("Position in the navigation (smaller first)."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()
