"""Atom feeds (RFC 4287): one writer for the feed of datasets and the feed of news posts."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..dcat.xmltext import clean_text

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class AtomEntry:
    id: str
    title: str
    link: str                       # the entry's page (absolute)
    updated: dt.date
    published: dt.date | None = None
    author: str | None = None
    summary: str = ""
    content_html: str = ""
    categories: tuple[str, ...] = ()


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _element(parent, name: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element


def atom_feed(*, lang: str, feed_id: str, self_url: str, alternate_url: str, title: str, subtitle: str | None,
              updated: dt.date, author: str, entries: list[AtomEntry]) -> bytes:
    """The feed document, deterministic; text is cleaned of characters XML forbids."""
    ET.register_namespace("", ATOM_NS)
    root = ET.Element(f"{{{ATOM_NS}}}feed", {XML_LANG: lang})
    _element(root, "id", feed_id)
    _element(root, "title", clean_text(title))
    if subtitle:
        _element(root, "subtitle", clean_text(subtitle))
    _element(root, "updated", _timestamp(updated))
    _element(root, "link", rel="self", type="application/atom+xml", href=self_url)
    _element(root, "link", rel="alternate", type="text/html", href=alternate_url)
    _element(_element(root, "author"), "name", clean_text(author))
    for item in entries:
        entry = _element(root, "entry")
        _element(entry, "id", item.id)
        _element(entry, "title", clean_text(item.title), type="text")
        _element(entry, "updated", _timestamp(item.updated))
        if item.published:
            _element(entry, "published", _timestamp(item.published))
        _element(entry, "link", rel="alternate", type="text/html", href=item.link)
        if item.author:
            _element(_element(entry, "author"), "name", clean_text(item.author))
        if item.summary:
            _element(entry, "summary", clean_text(item.summary), type="text")
        if item.content_html:
            _element(entry, "content", clean_text(item.content_html), type="html")
        for term in item.categories:
            _element(entry, "category", term=clean_text(term))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
