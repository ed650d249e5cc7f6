"""The syndicat's settings (syndicat.yml): every key, typed, with its documentation.

The keys are checked by the same machinery as portal.yml (:mod:`portalgen.config.checker`):
unknown keys get a "did you mean", wrong values name the file, line and column. ``defaults``
holds the settings each commune inherits; its keys have exactly the types portal.yml gives them
(see :mod:`portalgen.syndicat.inherit` for the merge rules).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from ..config.checker import doc, locations_field, where_field
from ..config.schema import (AccessibilityConfig, ContactConfig, FeedbackConfig, LegalConfig, MapConfig, NavLink,
                             ProducerEntry, PublisherConfig, ThemeEntry)
from ..errors import Location

SLUG_PLACEHOLDER = "{slug}"


def _check_url(value: str):
    if not re.match(r"^https://[^\s/$.?#][^\s]*/$", value):
        return (f'"{value}" is not the address of a site. Hint: write a full https:// address ending with /, '
                'e.g. https://opendata.mon-syndicat.fr/')
    return None


def _check_pattern(value: str):
    if value.count(SLUG_PLACEHOLDER) != 1:
        return (f'"{value}" does not contain {SLUG_PLACEHOLDER} exactly once. Hint: write where each commune\'s '
                'portal is published, e.g. https://opendata.mon-syndicat.fr/{slug}/ (sub-folder) or '
                'https://{slug}.opendata.mon-syndicat.fr/ (sub-domain)')
    example = value.replace(SLUG_PLACEHOLDER, "commune")
    if not re.match(r"^https://[^\s/$.?#][^\s]*/$", example):
        return (f'"{value}" is not a web address pattern. Hint: write a full https:// address ending with /, '
                'e.g. https://opendata.mon-syndicat.fr/{slug}/')
    if "?" in value or "#" in value:
        return f'"{value}" contains ? or #. Hint: a portal address is a plain https:// address ending with /'
    return None


def _check_link(value: str):
    if not re.match(r"^https?://\S+$", value):
        return f'"{value}" is not a web address. Hint: write a full address starting with https://'
    return None


def _check_positive(value: int):
    return None if value > 0 else f"{value} must be greater than 0"


def _check_folder(value: str):
    if value.startswith(("/", "~")) or ".." in value.split("/") or not value.strip():
        return f'"{value}" is not a folder inside the syndicat folder. Hint: write a relative name such as communes'
    return None


@dataclass(frozen=True)
class SiteDefaults:
    """Settings every commune inherits unless its portal.yml writes them (same keys and types as portal.yml)."""

    theme: str | None = field(default=None, metadata=doc(
        "Theme name, or a path to a theme folder relative to the syndicat folder (one look for every commune)."))
    licence: str | None = field(default=None, metadata=doc(
        "Default licence id of the datasets (lov2, odc-odbl…).", aliases=("license",)))
    language: Literal["fr", "en"] | None = field(default=None, metadata=doc("Language of the portals: fr or en."))
    publisher: PublisherConfig | None = field(default=None, metadata=doc(
        "Default publisher: name, email, url, address (a commune usually writes its own)."))
    contact: ContactConfig | None = field(default=None, metadata=doc(
        "Contact for questions about the data: email, phone, form_url (e.g. the syndicat's help desk)."))
    map: MapConfig | None = field(default=None, metadata=doc("Map settings: tiles, attribution, max_zoom."))
    feedback: FeedbackConfig | None = field(default=None, metadata=doc(
        "Error reports and reuse proposals: email, error_url, reuse_url."))
    accessibility: AccessibilityConfig | None = field(default=None, metadata=doc(
        "Accessibility statement shared by the portals (one theme, one audit): audit (date, rate, auditor), "
        "contact, non_accessible."))
    legal: LegalConfig | None = field(default=None, metadata=doc(
        "Legal notices: director, host (the syndicat usually hosts every portal)."))
    navigation: tuple[NavLink, ...] | None = field(default=None, metadata=doc(
        "Extra links of the main menu: a list of title and url (a commune's list replaces it)."))
    preview_rows: int | None = field(default=None, metadata=doc(
        "Rows shown in the preview table of a dataset page.", check=_check_positive))
    catalogue_page_size: int | None = field(default=None, metadata=doc(
        "Datasets per page of each commune's catalogue.", check=_check_positive))
    themes: tuple[ThemeEntry, ...] | None = field(default=None, metadata=doc(
        "Themes with a description (a commune's list replaces it)."))
    producers: tuple[ProducerEntry, ...] | None = field(default=None, metadata=doc(
        "Producers with a kind and description (a commune's list replaces it)."))
    extra: dict[str, Any] | None = field(default=None, metadata=doc(
        "Free-form values for themes and templates (merged key by key with the commune's)."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()


@dataclass(frozen=True)
class SyndicatConfig:
    """The syndicat's settings (syndicat.yml): who it is, where the portals are published, shared defaults."""

    name: str = field(metadata=doc("Name of the syndicat, e.g. Syndicat mixte du numérique de la Lérette."))
    site_url: str = field(metadata=doc(
        "Public address of the regional portal (https://…/), where the communes list, the observatory and the "
        "regional catalogue are published.", check=_check_url))
    communes_url: str | None = field(default=None, metadata=doc(
        "Address of each commune's portal, with {slug} for the commune folder's name: a sub-folder "
        "(https://opendata.syndicat.fr/{slug}/, the default: site_url + {slug}/) or a sub-domain "
        "(https://{slug}.opendata.syndicat.fr/).", check=_check_pattern))
    communes_dir: str = field(default="communes", metadata=doc(
        "Folder holding one site folder per commune (its name is the commune's slug).", check=_check_folder))
    title: str | None = field(default=None, metadata=doc(
        "Title of the regional portal; defaults to « Données ouvertes – » and the syndicat's name."))
    tagline: str | None = field(default=None, metadata=doc("Short sentence under the regional portal's title."))
    description: str = field(default="", metadata=doc("What the syndicat does for its communes (Markdown), on the home page."))
    language: Literal["fr", "en"] = field(default="fr", metadata=doc("Language of the regional pages: fr or en."))
    publisher: PublisherConfig | None = field(default=None, metadata=doc(
        "The syndicat as publisher of the regional catalogue: name, email, url, address (name defaults to `name`)."))
    contact: ContactConfig | None = field(default=None, metadata=doc("Contact shown on the regional pages: email, phone, form_url."))
    accessibility: AccessibilityConfig = field(default_factory=AccessibilityConfig, metadata=doc(
        "Accessibility of the regional pages: audit (date, rate, auditor), contact, non_accessible."))
    legal_url: str | None = field(default=None, metadata=doc(
        "Address of the syndicat's legal notices (mentions légales), linked from the regional pages.",
        check=_check_link))
    map: MapConfig | None = field(default=None, metadata=doc(
        "Map of the communes: tiles, attribution, max_zoom; defaults to defaults.map."))
    catalogue_page_size: int = field(default=50, metadata=doc(
        "Datasets per page of the regional catalogue's HTML list.", check=_check_positive))
    dcat_page_size: int = field(default=100, metadata=doc(
        "Datasets per page of the regional DCAT catalogue (hydra:next paging, as data.gouv.fr harvests it).",
        check=_check_positive))
    defaults: SiteDefaults = field(default_factory=SiteDefaults, metadata=doc(
        "Settings every commune inherits: theme, licence, language, publisher, contact, map, feedback, "
        "accessibility, legal, navigation, preview_rows, catalogue_page_size, themes, producers, extra."))
    where: Location | None = where_field()
    key_locations: Mapping[str, Location] = locations_field()

    @property
    def portal_title(self) -> str:
        return self.title or (f"Open data – {self.name}" if self.language == "en" else f"Données ouvertes – {self.name}")

    @property
    def url_pattern(self) -> str:
        """Each commune's address, with {slug} to replace."""
        return self.communes_url or (self.site_url + SLUG_PLACEHOLDER + "/")

    def commune_url(self, slug: str) -> str:
        return self.url_pattern.replace(SLUG_PLACEHOLDER, slug)
