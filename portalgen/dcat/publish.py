"""Every machine-readable file of the site, as (path, bytes) pairs ready for the output plan."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Dataset, Site
from . import addresses
from .checksums import sha256sums
from .feed import atom_feed
from .graph import DEFAULT_PAGE_SIZE, catalogue_triples
from .hydra import PageView, add_view
from .jsonld import to_jsonld
from .rdfxml import to_rdfxml
from .triples import TripleSet, canonical, index, with_extra
from .turtle import to_turtle
from .sitemap import robots_txt, sitemap_xml


@dataclass(frozen=True)
class MetadataFile:
    path: str
    content: bytes
    owner: str


def catalogue_pages(datasets: tuple[Dataset, ...], page_size: int) -> list[tuple[Dataset, ...]]:
    """The datasets split into pages of ``page_size``, in id order (at least one page, maybe empty)."""
    if page_size < 1:
        raise ValueError("the catalogue page size must be at least 1")
    ordered = tuple(sorted(datasets, key=lambda d: d.id))
    count = max(1, math.ceil(len(ordered) / page_size))
    return [ordered[i * page_size:(i + 1) * page_size] for i in range(count)]


WRITERS = {"turtle": to_turtle, "xml": to_rdfxml, "json-ld": to_jsonld}


def write_triples(triples, rdf_format: str) -> bytes:
    """Any triples (an rdflib Graph, a TripleSet) in ``rdf_format`` (turtle, xml or json-ld), in the
    canonical order: the same triples always give the same bytes."""
    return WRITERS[rdf_format](canonical(index(triples)))


def page_view_triples(site: Site, rdf_format: str, number: int, page_count: int) -> TripleSet:
    """The Hydra paging triples of page ``number`` of one format (none when there is one page)."""
    view_triples = TripleSet()
    if page_count > 1:
        site_url = site.config.site_url
        next_url = (addresses.absolute(site_url, addresses.catalogue_file(rdf_format, number + 1))
                    if number < page_count else None)
        view = PageView(url=addresses.absolute(site_url, addresses.catalogue_file(rdf_format, number)),
                        next_url=next_url, total_items=len(site.datasets))
        add_view(view_triples, site_url, view)
    return view_triples


def catalogue_page_files(site: Site, number: int, datasets: tuple[Dataset, ...], page_count: int,
                         formats: tuple[str, ...] = tuple(addresses.CATALOGUE_FORMATS)) -> list[MetadataFile]:
    """Page ``number`` of the catalogue, in each format (each page is a complete graph)."""
    # In the order of the reference serialisation (a sorted copy, then the paging triples at the end).
    made = catalogue_triples(site, datasets, all_datasets=site.datasets)
    triples = canonical(made.spo)
    files = []
    for rdf_format in formats:
        view_triples = page_view_triples(site, rdf_format, number, page_count)
        content = WRITERS[rdf_format](with_extra(triples, view_triples, made.terms))
        files.append(MetadataFile(addresses.catalogue_file(rdf_format, number), content,
                                  f"DCAT catalogue ({rdf_format}, page {number})"))
    return files


def catalogue_files(site: Site, page_size: int = DEFAULT_PAGE_SIZE,
                    formats: tuple[str, ...] = tuple(addresses.CATALOGUE_FORMATS),
                    pages: range | None = None) -> list[MetadataFile]:
    """catalog.ttl, catalog.rdf, catalog.jsonld and, past ``page_size`` datasets, their next pages.

    Each format has its own chain of pages linked by hydra:next; each page is a complete graph.
    ``pages``: only these page numbers (1-based), so that two processes can share the work.
    """
    chunks = catalogue_pages(site.datasets, page_size)
    numbers = pages if pages is not None else range(1, len(chunks) + 1)
    files = []
    for number in numbers:
        if 1 <= number <= len(chunks):
            files += catalogue_page_files(site, number, chunks[number - 1], len(chunks), formats)
    return sorted(files, key=lambda f: f.path)


def metadata_files(site: Site, page_size: int = DEFAULT_PAGE_SIZE,
                   other_pages: tuple[str, ...] = (), catalogue: list[MetadataFile] | None = None
                   ) -> tuple[MetadataFile, ...]:
    """The DCAT catalogue, SHA256SUMS, sitemap.xml, robots.txt and the Atom feed. Needs ``site_url``.

    ``other_pages``: HTML output paths the sitemap lists beside the pages the model knows;
    ``catalogue``: the catalogue files when already made (see render.metadata.start_catalogue).
    """
    if not site.config.site_url:
        raise ValueError("metadata files need site_url")
    files = list(catalogue) if catalogue is not None else catalogue_files(site, page_size)
    files.append(MetadataFile(addresses.checksums_file(), sha256sums(site), "checksums of the published files"))
    files.append(MetadataFile(addresses.sitemap_file(), sitemap_xml(site, other_pages), "sitemap"))
    files.append(MetadataFile(addresses.robots_file(), robots_txt(site), "robots.txt"))
    files.append(MetadataFile(addresses.feed_file(), atom_feed(site), "Atom feed of the datasets"))
    return tuple(files)
