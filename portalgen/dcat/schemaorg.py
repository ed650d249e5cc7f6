"""schema.org JSON-LD for the pages: a ``Dataset`` on each dataset page (what Google Dataset Search
reads) and a ``DataCatalog`` on the catalogue pages. Built as plain dicts, written as JSON that is
safe inside a <script> element."""

from __future__ import annotations

import html
import re
from typing import Any

import markdown as markdown_lib
import nh3
from markupsafe import Markup

from ..model import Dataset, Site
from ..render.text import plain_paragraphs
from . import addresses
from .graph import distribution_title, publisher_name
from .jsontext import indented_json
from .xmltext import clean_text

DESCRIPTION_MAX = 5000   # Google Dataset Search reads 50 to 5000 characters
_MARKDOWN = markdown_lib.Markdown()   # one converter, reset before each text (creating one is slow)


def plain_text(markdown_text: str | None, limit: int = DESCRIPTION_MAX) -> str:
    """The whole Markdown text as one plain-text paragraph, cut at a word boundary past ``limit``."""
    if not markdown_text or not markdown_text.strip():
        return ""
    text = clean_text(markdown_text)
    if plain_paragraphs(text) is not None:  # plain prose: Markdown would only wrap it in <p> elements
        plain = re.sub(r"\s+", " ", text).strip()
    else:
        rendered = _MARKDOWN.reset().convert(text)
        plain = re.sub(r"\s+", " ", html.unescape(nh3.clean(rendered, tags=set()))).strip()
    if len(plain) <= limit:
        return plain
    return plain[:limit - 1].rsplit(" ", 1)[0] + "…"


def _organisation(site: Site) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": clean_text(publisher_name(site))}
    publisher = site.config.publisher
    if publisher and publisher.url:
        org["url"] = publisher.url
    if publisher and publisher.email:
        org["email"] = publisher.email
    return org


def _place(site: Site) -> dict[str, Any]:
    commune = site.config.commune
    place: dict[str, Any] = {"@type": "Place", "name": clean_text(commune.name),
                             "identifier": f"INSEE:{commune.insee}"}
    if commune.latitude is not None and commune.longitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": commune.latitude, "longitude": commune.longitude}
    return place


def _temporal(dataset: Dataset) -> str | None:
    if not (dataset.temporal_start or dataset.temporal_end):
        return None
    start = dataset.temporal_start.isoformat() if dataset.temporal_start else ".."
    end = dataset.temporal_end.isoformat() if dataset.temporal_end else ".."
    return f"{start}/{end}"


def _licence(site: Site, dataset: Dataset) -> Any:
    licence = dataset.licence
    if licence.url:
        return licence.url
    return {"@type": "CreativeWork", "name": licence.title}


def _downloads(site: Site, dataset: Dataset) -> list[dict[str, Any]]:
    site_url = site.config.site_url
    items = []
    for resource in dataset.resources:
        if resource.is_remote:
            items.append({"@type": "DataDownload", "name": clean_text(resource.title), "contentUrl": resource.url,
                          "encodingFormat": resource.format.upper()})
            continue
        for published in resource.all_files:
            items.append({"@type": "DataDownload",
                          "name": clean_text(distribution_title(resource, published, site.config.language)),
                          "contentUrl": addresses.file_url(site_url, dataset.id, published.filename),
                          "encodingFormat": published.media_type, "contentSize": f"{published.size} B"})
    return items


def catalogue_reference(site: Site) -> dict[str, Any]:
    return {"@type": "DataCatalog", "name": clean_text(site.config.title),
            "url": addresses.catalogue_uri(site.config.site_url)}


def dataset_jsonld(site: Site, dataset: Dataset) -> dict[str, Any]:
    """The schema.org Dataset of one dataset page."""
    site_url = site.config.site_url
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Dataset",
        "@id": addresses.dataset_uri(site_url, dataset.id),
        "identifier": addresses.dataset_uri(site_url, dataset.id),
        "name": clean_text(dataset.title),
        "description": plain_text(dataset.description) or clean_text(dataset.title),
        "url": addresses.dataset_page_url(site_url, dataset.id),
        "license": _licence(site, dataset),
        "isAccessibleForFree": True,
        "inLanguage": site.config.language,
        "publisher": _organisation(site),
        "creator": ({"@type": "Organization", "name": clean_text(dataset.producer)} if dataset.producer
                    else _organisation(site)),
        "spatialCoverage": _place(site),
        "includedInDataCatalog": catalogue_reference(site),
        "distribution": _downloads(site, dataset),
    }
    if dataset.keywords:
        data["keywords"] = [clean_text(k) for k in dataset.keywords]
    temporal = _temporal(dataset)
    if temporal:
        data["temporalCoverage"] = temporal
    if dataset.modified:
        data["dateModified"] = dataset.modified.isoformat()
    if dataset.issued:
        data["datePublished"] = dataset.issued.isoformat()
    return data


def catalogue_jsonld(site: Site, datasets: list[Dataset] | tuple[Dataset, ...] = ()) -> dict[str, Any]:
    """The schema.org DataCatalog of a catalogue page, listing the datasets shown on it."""
    site_url = site.config.site_url
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "DataCatalog",
        "@id": addresses.catalogue_uri(site_url),
        "name": clean_text(site.config.title),
        "url": addresses.catalogue_uri(site_url),
        "inLanguage": site.config.language,
        "publisher": _organisation(site),
        "spatialCoverage": _place(site),
        "dataset": [{"@type": "Dataset", "@id": addresses.dataset_uri(site_url, d.id), "name": clean_text(d.title),
                     "url": addresses.dataset_page_url(site_url, d.id)} for d in datasets],
    }
    description = plain_text(site.config.description) or clean_text(site.config.tagline or "")
    if description:
        data["description"] = description
    return data


def script_json(data: dict[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json"> element: keys sorted, and <, >, & escaped so
    no text can close the element."""
    text = indented_json(data, indent=1, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


class TemplateHelpers:
    """What the theme partials call (as ``site.extras.metadata``): JSON-LD blocks and the alternate
    links to the machine-readable files. Stateless: everything comes from the arguments."""

    def dataset_jsonld(self, site: Site, dataset: Dataset) -> Markup:
        return script_json(dataset_jsonld(site, dataset))

    def catalogue_jsonld(self, site: Site, datasets=()) -> Markup:
        return script_json(catalogue_jsonld(site, datasets))

    @property
    def catalogue_links(self) -> list[dict[str, str]]:
        """[{key, path, media_type}] for <link rel="alternate">, RDF/XML first (the one to harvest)."""
        order = ("xml", "turtle", "json-ld")
        return [{"key": fmt.replace("-", ""), "path": addresses.catalogue_file(fmt),
                 "media_type": addresses.CATALOGUE_MEDIA_TYPES[fmt]} for fmt in order]

    @property
    def feed_path(self) -> str:
        return addresses.feed_file()

    @property
    def sitemap_path(self) -> str:
        return addresses.sitemap_file()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TemplateHelpers)

    def __hash__(self) -> int:
        return hash(TemplateHelpers)
