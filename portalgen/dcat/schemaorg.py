"""schema.org JSON-LD for the pages: a ``Dataset`` on each dataset page (what Google Dataset Search
reads) and a ``DataCatalog`` on the catalogue pages. Built as plain dicts, written as JSON that is
safe inside a <script> element."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring
from typing import Any

import markdown as markdown_lib
import nh3
from markupsafe import Markup

from ..model import Dataset, Site
from ..render.text import is_plain_prose, one_line
from . import addresses
from .graph import distribution_title, publisher_name
from .jsontext import indented_json, indented_value
from .xmltext import clean_text

DESCRIPTION_MAX = 5000   # Google Dataset Search reads 50 to 5000 characters
_MARKDOWN = markdown_lib.Markdown()   # one converter, reset before each text (creating one is slow)


def plain_text(markdown_text: str | None, limit: int = DESCRIPTION_MAX) -> str:
    """The whole Markdown text as one plain-text paragraph, cut at a word boundary past ``limit``."""
    if not markdown_text or not markdown_text.strip():
        return ""
    text = clean_text(markdown_text)
    if is_plain_prose(text):  # plain prose: Markdown would only wrap it in <p> elements
        plain = one_line(text)
    else:
        rendered = _MARKDOWN.reset().convert(text)
        plain = one_line(html.unescape(nh3.clean(rendered, tags=set())))
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


def _download_values(site: Site, dataset: Dataset) -> Iterator[tuple[str | None, str, str, str]]:
    """Each DataDownload of a dataset page's block as (contentSize, or None for a remote link, contentUrl,
    encodingFormat, name): what both the general writer (:func:`_downloads`) and the direct one
    (:func:`_distribution_member`) write."""
    site_url = site.config.site_url
    language = site.config.language
    for resource in dataset.resources:
        if resource.is_remote:
            yield None, resource.url, resource.format.upper(), clean_text(resource.title)
            continue
        for published in resource.all_files:
            yield (f"{published.size} B", addresses.file_url(site_url, dataset.id, published.filename),
                   published.media_type, clean_text(distribution_title(resource, published, language)))


def _downloads(site: Site, dataset: Dataset) -> list[dict[str, Any]]:
    items = []
    for size, url, media_type, name in _download_values(site, dataset):
        item = {"@type": "DataDownload", "name": name, "contentUrl": url, "encodingFormat": media_type}
        if size is not None:
            item["contentSize"] = size
        items.append(item)
    return items


def catalogue_reference(site: Site) -> dict[str, Any]:
    return {"@type": "DataCatalog", "name": clean_text(site.config.title),
            "url": addresses.catalogue_uri(site.config.site_url)}


def _site_wide_fields(site: Site) -> dict[str, Any]:
    """The fields of every dataset page's schema.org Dataset that depend only on the site."""
    return {
        "@context": "https://schema.org", "@type": "Dataset",
        "isAccessibleForFree": True,
        "inLanguage": site.config.language,
        "publisher": _organisation(site),
        "spatialCoverage": _place(site),
        "includedInDataCatalog": catalogue_reference(site),
    }


def _dataset_fields(site: Site, dataset: Dataset) -> dict[str, Any]:
    """The other fields of a dataset page's schema.org Dataset but ``distribution`` (``creator`` only
    when the dataset names its producer: otherwise it is the publisher, see :func:`dataset_jsonld`)."""
    site_url = site.config.site_url
    uri = addresses.dataset_uri(site_url, dataset.id)
    data: dict[str, Any] = {
        "@id": uri,
        "identifier": uri,
        "name": clean_text(dataset.title),
        "description": plain_text(dataset.description) or clean_text(dataset.title),
        "url": addresses.dataset_page_url(site_url, dataset.id),
        "license": _licence(site, dataset),
    }
    if dataset.producer:
        data["creator"] = {"@type": "Organization", "name": clean_text(dataset.producer)}
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


def dataset_jsonld(site: Site, dataset: Dataset) -> dict[str, Any]:
    """The schema.org Dataset of one dataset page."""
    data = {**_site_wide_fields(site), **_dataset_fields(site, dataset), "distribution": _downloads(site, dataset)}
    data.setdefault("creator", _organisation(site))
    return data


def _catalogue_site_fields(site: Site) -> dict[str, Any]:
    """The fields of every catalogue page's schema.org DataCatalog but its ``dataset`` list."""
    site_url = site.config.site_url
    catalogue = addresses.catalogue_uri(site_url)
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "DataCatalog",
        "@id": catalogue,
        "name": clean_text(site.config.title),
        "url": catalogue,
        "inLanguage": site.config.language,
        "publisher": _organisation(site),
        "spatialCoverage": _place(site),
    }
    description = plain_text(site.config.description) or clean_text(site.config.tagline or "")
    if description:
        data["description"] = description
    return data


def _catalogue_entries(site: Site, datasets: Iterable[Dataset]) -> dict[str, Any]:
    """The ``dataset`` field of a catalogue page's DataCatalog: the datasets shown on the page."""
    site_url = site.config.site_url
    return {"dataset": [{"@type": "Dataset", "@id": addresses.dataset_uri(site_url, d.id),
                         "name": clean_text(d.title), "url": addresses.dataset_page_url(site_url, d.id)}
                        for d in datasets]}


def catalogue_jsonld(site: Site, datasets: list[Dataset] | tuple[Dataset, ...] = ()) -> dict[str, Any]:
    """The schema.org DataCatalog of a catalogue page, listing the datasets shown on it."""
    return {**_catalogue_site_fields(site), **_catalogue_entries(site, datasets)}


def script_json(data: dict[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json"> element: keys sorted, and <, >, & escaped so
    no text can close the element."""
    return Markup(_script_safe(indented_json(data, indent=SCRIPT_INDENT, sort_keys=True)))


SCRIPT_INDENT = 1


def _script_safe(text: str) -> str:
    """The text with <, > and & written as JSON escapes. Each is replaced only when the text holds it:
    str.replace with a longer replacement first counts the character's occurrences, comparing one
    character at a time (a microsecond per replacement on a dataset page's block, with or without any),
    where ``in`` uses the fast search for one character, and most blocks hold none of them."""
    if "<" in text:
        text = text.replace("<", "\\u003c")
    if ">" in text:
        text = text.replace(">", "\\u003e")
    if "&" in text:
        text = text.replace("&", "\\u0026")
    return text


def _member_texts(data: dict[str, Any]) -> dict[str, str]:
    """Each ``"key": value`` member of ``data`` as script_json writes it inside its top-level object,
    before _script_safe (which _joined_object applies to the whole object at once).

    Each value is written where it stands, one level down (indented_value); _script_safe replaces
    characters one by one, so applying it to the joined object is applying it to each member, and
    applying it again to a member already made safe changes nothing (it writes no <, > or &)."""
    step = " " * SCRIPT_INDENT
    return {key: encode_basestring(key) + ": " + (encode_basestring(value) if type(value) is str  # as _write does
                                                  else indented_value(value, step, step, sort_keys=True))
            for key, value in data.items()}


_ITEM_INDENT = " " * (2 * SCRIPT_INDENT)   # a DataDownload in the distribution list of the top-level object
_FIELD_HEAD = ",\n" + " " * (3 * SCRIPT_INDENT) + '"'   # before each field of a DataDownload but the first
_REMOTE_DOWNLOAD = ("{\n" + " " * (3 * SCRIPT_INDENT) + '"@type": "DataDownload"' + _FIELD_HEAD + 'contentUrl": %s'
                    + _FIELD_HEAD + 'encodingFormat": %s' + _FIELD_HEAD + 'name": %s\n' + _ITEM_INDENT + "}")
_FILE_DOWNLOAD = ("{\n" + " " * (3 * SCRIPT_INDENT) + '"@type": "DataDownload"' + _FIELD_HEAD + 'contentSize": %s'
                  + _FIELD_HEAD + 'contentUrl": %s' + _FIELD_HEAD + 'encodingFormat": %s' + _FIELD_HEAD
                  + 'name": %s\n' + _ITEM_INDENT + "}")


def _distribution_member(site: Site, dataset: Dataset) -> str:
    """``_member_texts({"distribution": _downloads(site, dataset)})["distribution"]``, written straight
    from their values (:func:`_download_values`): the DataDownload items are a third of a dataset page's
    block, and the general writer walks each item's dict. The templates above are that writer's layout
    of an item (keys sorted, one field a line, SCRIPT_INDENT steps) and each value goes through the same
    string encoder; every value is a str (the model types them so; contentSize is formatted there),
    so the texts are equal (tests/metadata/test_schemaorg_fast.py compares them on varied datasets)."""
    items = [_REMOTE_DOWNLOAD % (encode_basestring(url), encode_basestring(media_type), encode_basestring(name))
             if size is None else
             _FILE_DOWNLOAD % (encode_basestring(size), encode_basestring(url), encode_basestring(media_type),
                               encode_basestring(name))
             for size, url, media_type, name in _download_values(site, dataset)]
    value = ("[\n" + _ITEM_INDENT + (",\n" + _ITEM_INDENT).join(items) + "\n" + " " * SCRIPT_INDENT + "]"
             if items else "[]")
    return '"distribution": ' + value


def _joined_object(members: dict[str, str]) -> Markup:
    """The top-level object of script_json from its members' texts, in key order, made script-safe."""
    inner = "\n" + " " * SCRIPT_INDENT
    return Markup(_script_safe("{" + inner + ("," + inner).join([members[key] for key in sorted(members)])
                               + "\n}"))


class _SiteWideMembers:
    """The members of the pages' JSON-LD that are the same on every page of a site (publisher,
    place, catalogue…: half of a dataset page's block; all of a catalogue page's but its dataset
    list, with the site description converted from Markdown), written once per site rather than at
    each page. Keeps one site: a build renders one site's pages (a syndicat's communes are built one
    at a time in each process), and the site it holds cannot be collected, so ``is`` identifies it."""

    def __init__(self) -> None:
        self._site: Site | None = None
        self._members: dict[str, str] = {}
        self._publisher: dict[str, str] = {}
        self._catalogue: dict[str, str] = {}

    def of(self, site: Site) -> tuple[dict[str, str], dict[str, str]]:
        """(the site-wide members, the ``creator`` member of a dataset that names no producer)."""
        self._hold(site)
        return self._members, self._publisher

    def of_catalogue(self, site: Site) -> dict[str, str]:
        """The members of a catalogue page's DataCatalog but its ``dataset`` list."""
        self._hold(site)
        return self._catalogue

    def _hold(self, site: Site) -> None:
        if site is not self._site:
            self._members = _member_texts(_site_wide_fields(site))
            self._publisher = _member_texts({"creator": _organisation(site)})
            self._catalogue = _member_texts(_catalogue_site_fields(site))
            self._site = site


_SITE_WIDE = _SiteWideMembers()


def dataset_script_json(site: Site, dataset: Dataset) -> Markup:
    """``script_json(dataset_jsonld(site, dataset))``, with the site-wide members written once per site
    (see _SiteWideMembers; tests/metadata/test_schemaorg_fast.py compares both on varied datasets)."""
    site_wide, publisher_creator = _SITE_WIDE.of(site)
    members = {**site_wide, **_member_texts(_dataset_fields(site, dataset)),
               "distribution": _distribution_member(site, dataset)}
    if "creator" not in members:
        members.update(publisher_creator)
    return _joined_object(members)


def catalogue_script_json(site: Site, datasets: Iterable[Dataset] = ()) -> Markup:
    """``script_json(catalogue_jsonld(site, datasets))``, with the members but the dataset list written
    once per site (see _SiteWideMembers; tests/metadata/test_schemaorg_fast.py compares both)."""
    return _joined_object({**_SITE_WIDE.of_catalogue(site), **_member_texts(_catalogue_entries(site, datasets))})


class TemplateHelpers:
    """What the theme partials call (as ``site.extras.metadata``): JSON-LD blocks and the alternate
    links to the machine-readable files. Stateless: everything comes from the arguments."""

    def dataset_jsonld(self, site: Site, dataset: Dataset) -> Markup:
        return dataset_script_json(site, dataset)

    def catalogue_jsonld(self, site: Site, datasets=()) -> Markup:
        return catalogue_script_json(site, datasets)

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
