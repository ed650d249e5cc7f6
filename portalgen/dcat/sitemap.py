"""sitemap.xml and robots.txt: every public page with its last change date taken from the data."""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .. import routes
from ..model import Site
from . import addresses

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class SitemapEntry:
    path: str                  # output path (routes)
    lastmod: dt.date | None


def _newest(dates) -> dt.date | None:
    present = [d for d in dates if d is not None]
    return max(present) if present else None


def sitemap_entries(site: Site, other_pages: tuple[str, ...] = ()) -> tuple[SitemapEntry, ...]:
    """The pages of the site, in a stable order, each dated by the newest date of what it shows.

    ``other_pages``: output paths of further HTML pages (theme, producer, legal pages…), listed
    after the known ones without a date; 404.html is never listed.
    """
    dataset_dates = {d.id: d.modified or d.issued for d in site.datasets}
    newest_data = _newest(dataset_dates.values())
    entries = [SitemapEntry(routes.home(), _newest([newest_data, *(n.date for n in site.news)]))]
    pages = max(1, math.ceil(len(site.datasets) / site.config.catalogue_page_size))
    entries += [SitemapEntry(routes.catalogue(n), newest_data) for n in range(1, pages + 1)]
    entries += [SitemapEntry(routes.dataset(d.id), dataset_dates[d.id]) for d in sorted(site.datasets, key=lambda d: d.id)]
    if site.news:
        entries.append(SitemapEntry(routes.news_list(), _newest(n.date for n in site.news)))
        entries += [SitemapEntry(routes.news_item(n.slug), n.date) for n in sorted(site.news, key=lambda n: n.slug)]
    if site.reuses:
        entries.append(SitemapEntry(routes.reuses_list(), _newest(r.date for r in site.reuses)))
        entries += [SitemapEntry(routes.reuse(r.slug), r.date) for r in sorted(site.reuses, key=lambda r: r.slug)]
    entries += [SitemapEntry(routes.page(p.slug), p.date) for p in sorted(site.pages, key=lambda p: p.slug)]
    known = {e.path for e in entries} | {routes.not_found()}
    entries += [SitemapEntry(path, None) for path in sorted(set(other_pages) - known) if path.endswith(".html")]
    return tuple(entries)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def sitemap_xml(site: Site, other_pages: tuple[str, ...] = ()) -> bytes:
    """The sitemaps.org document with absolute addresses on ``site_url``."""
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for entry in sitemap_entries(site, other_pages):
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = addresses.absolute(site.config.site_url, entry.path)
        if entry.lastmod:
            ET.SubElement(url, "lastmod").text = entry.lastmod.isoformat()
    return _xml(root)


def robots_txt(site: Site) -> bytes:
    """Allow every crawler and point to the sitemap.

    Crawlers only read robots.txt at the root of a host: on a sub-folder (GitHub Pages project
    site) the file is harmless but ignored, and the sitemap must be declared in the search
    engines' webmaster tools instead.
    """
    sitemap = addresses.absolute(site.config.site_url, addresses.sitemap_file())
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode("utf-8")
