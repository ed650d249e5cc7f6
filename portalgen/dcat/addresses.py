"""Output paths of the machine-readable files, and the absolute addresses standards need.

Page and dataset paths come from :mod:`portalgen.routes`; the paths of the metadata files are
declared here until routes.py takes them over (same form: a path relative to the site root).
Absolute addresses are built on the public ``site_url`` with every path segment percent-encoded,
so a file named "Budget 2024.csv" still gives a valid IRI.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from .. import routes

CATALOGUE_FORMATS: dict[str, str] = {"turtle": "ttl", "xml": "rdf", "json-ld": "jsonld"}
CATALOGUE_MEDIA_TYPES: dict[str, str] = {
    "turtle": "text/turtle", "xml": "application/rdf+xml", "json-ld": "application/ld+json"}


def catalogue_file(rdf_format: str, page: int = 1) -> str:
    """catalog.ttl / catalog.rdf / catalog.jsonld; later pages under catalog/page-N.<ext>."""
    ext = CATALOGUE_FORMATS[rdf_format]
    return f"catalog.{ext}" if page <= 1 else f"catalog/page-{page}.{ext}"


def checksums_file() -> str:
    return "SHA256SUMS"


def sitemap_file() -> str:
    return "sitemap.xml"


def robots_file() -> str:
    return "robots.txt"


def feed_file() -> str:
    return "feed.atom"


_PATH_SAFE = "/-._~!$&'()*+,;=:@"   # kept as they are in a path (the sub-delimiters, ':' and '@')


def absolute(site_url: str, path: str) -> str:
    """The public address of an output path, percent-encoded ('x/index.html' -> '<site_url>x/')."""
    return _root(site_url) + quote(routes.url_path(path), safe=_PATH_SAFE)


@lru_cache(maxsize=64)
def _root(site_url: str) -> str:
    return safe_iri(site_url).rstrip("/") + "/"


_NOT_IN_IRI = {ch: f"%{ord(ch):02X}" for ch in ' "<>{}|\\^`'}


def safe_iri(url: str) -> str:
    """An address written by hand, with the ASCII characters an IRI may not hold percent-encoded
    (space, quote, <, >, {, }, |, backslash, ^, backquote). Letters such as é are valid in an IRI
    and kept; existing %XX escapes are kept."""
    return "".join(_NOT_IN_IRI.get(ch, ch) for ch in url.strip() if ch >= " ")


@lru_cache(maxsize=64)  # the catalogue asks for it once per dataset (its producer's IRI)
def home_url(site_url: str) -> str:
    return absolute(site_url, routes.home())


@lru_cache(maxsize=1024)
def dataset_page_url(site_url: str, dataset_id: str) -> str:
    """The dataset page's address (kept for the pages being made: a dataset's IRI, its landing page
    and each of its distributions' IRIs start with it, and percent-encoding it costs)."""
    return absolute(site_url, routes.dataset(dataset_id))


def dataset_uri(site_url: str, dataset_id: str) -> str:
    """The dataset's IRI and dct:identifier: stable as long as its id (the YAML file name) is."""
    return dataset_page_url(site_url, dataset_id) + "#dataset"


def file_url(site_url: str, dataset_id: str, filename: str) -> str:
    """``absolute(site_url, routes.dataset_file(dataset_id, filename))``, from the dataset page's address
    (kept): percent-encoding works character by character and keeps '/', so encoding the file name
    alone and appending it is the same text, but for a file named index.html, which url_path shortens
    (tests/metadata/test_addresses.py compares both)."""
    if filename == "index.html" or filename.endswith("/index.html"):
        return absolute(site_url, routes.dataset_file(dataset_id, filename))
    return dataset_page_url(site_url, dataset_id) + _quoted(filename, _PATH_SAFE)


def distribution_uri(site_url: str, dataset_id: str, key: str, *, remote: bool = False) -> str:
    """A download's IRI: #file-<file name> for a published file, #link-<resource id> for a remote one."""
    return dataset_page_url(site_url, dataset_id) + ("#link-" if remote else "#file-") + _quoted(key, "-._~")


@lru_cache(maxsize=None)  # asked with a few constant ``safe`` sets
def _unchanged_by_quote(safe: str) -> re.Pattern[str]:
    """Text quote(text, safe=safe) gives back unchanged: made of letters, digits and "-._~" (RFC 3986's
    unreserved characters, which quote never encodes) and the ASCII characters of ``safe`` (quote drops
    the others from it)."""
    return re.compile("[A-Za-z0-9" + re.escape("-._~" + "".join([c for c in safe if c.isascii()])) + "]*")


def _quoted(text: str, safe: str) -> str:
    """``quote(text, safe=safe)``: most file names and resource ids are plain ("budget-2024.csv",
    "source/budget-2024.csv" in a path) and are then given back as they are without quote's encoding
    and byte scan (two per distribution of the catalogue, one per download of a dataset page's
    schema.org block; tests/metadata/test_addresses.py compares both on odd names)."""
    return text if _unchanged_by_quote(safe).fullmatch(text) else quote(text, safe=safe)


def catalogue_uri(site_url: str) -> str:
    """The catalogue's IRI: the address of the human catalogue page."""
    return absolute(site_url, routes.catalogue())
