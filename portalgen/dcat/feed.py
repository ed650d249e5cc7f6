"""An Atom feed of the datasets, newest first, dated by their publication and update dates."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from ..model import Dataset, Site
from ..render.text import plain_summary
from . import addresses
from .graph import publisher_name
from .xmltext import clean_text

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
EPOCH = dt.date(1970, 1, 1)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def dated_datasets(site: Site, size: int = FEED_SIZE) -> list[tuple[dt.date, Dataset]]:
    """Datasets that have a publication or update date, most recent first (then by id)."""
    dated = [((d.modified or d.issued), d) for d in site.datasets if d.modified or d.issued]
    dated.sort(key=lambda item: (item[0], item[1].id), reverse=True)
    return dated[:size]


def atom_feed(site: Site, size: int = FEED_SIZE) -> bytes:
    """The feed document. Datasets without any date cannot be placed in time and are left out;
    the feed's own date is the newest entry's (else the build date, else 1970-01-01)."""
    site_url = site.config.site_url
    entries = dated_datasets(site, size)
    updated = entries[0][0] if entries else (site.build_date or EPOCH)
    ET.register_namespace("", ATOM_NS)
    root = ET.Element(f"{{{ATOM_NS}}}feed", {XML_LANG: site.config.language})
    ET.SubElement(root, f"{{{ATOM_NS}}}id").text = addresses.absolute(site_url, addresses.feed_file())
    ET.SubElement(root, f"{{{ATOM_NS}}}title").text = clean_text(site.config.title)
    if site.config.tagline:
        ET.SubElement(root, f"{{{ATOM_NS}}}subtitle").text = clean_text(site.config.tagline)
    ET.SubElement(root, f"{{{ATOM_NS}}}updated").text = _timestamp(updated)
    ET.SubElement(root, f"{{{ATOM_NS}}}link", rel="self", type="application/atom+xml",
                  href=addresses.absolute(site_url, addresses.feed_file()))
    ET.SubElement(root, f"{{{ATOM_NS}}}link", rel="alternate", type="text/html", href=addresses.home_url(site_url))
    author = ET.SubElement(root, f"{{{ATOM_NS}}}author")
    ET.SubElement(author, f"{{{ATOM_NS}}}name").text = clean_text(publisher_name(site))
    for day, dataset in entries:
        entry = ET.SubElement(root, f"{{{ATOM_NS}}}entry")
        ET.SubElement(entry, f"{{{ATOM_NS}}}id").text = addresses.dataset_uri(site_url, dataset.id)
        ET.SubElement(entry, f"{{{ATOM_NS}}}title", type="text").text = clean_text(dataset.title)
        ET.SubElement(entry, f"{{{ATOM_NS}}}updated").text = _timestamp(day)
        if dataset.issued:
            ET.SubElement(entry, f"{{{ATOM_NS}}}published").text = _timestamp(dataset.issued)
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", rel="alternate", type="text/html",
                      href=addresses.dataset_page_url(site_url, dataset.id))
        summary = plain_summary(clean_text(dataset.description), 400)
        if summary:
            ET.SubElement(entry, f"{{{ATOM_NS}}}summary", type="text").text = summary
        for keyword in sorted(set(dataset.keywords)):
            ET.SubElement(entry, f"{{{ATOM_NS}}}category", term=clean_text(keyword))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
