"""Every machine-readable file of the site, as (path, bytes) pairs ready for the output plan."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Dataset, Site
from . import addresses
from .checksums import sha256sums
from .feed import atom_feed
from .graph import DEFAULT_PAGE_SIZE, catalogue_graph
from .hydra import PageView, add_view
from .serialise import serialise, sorted_copy
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


def catalogue_files(site: Site, page_size: int = DEFAULT_PAGE_SIZE,
                    formats: tuple[str, ...] = tuple(addresses.CATALOGUE_FORMATS)) -> list[MetadataFile]:
    """catalog.ttl, catalog.rdf, catalog.jsonld and, past ``page_size`` datasets, their next pages.

    Each format has its own chain of pages linked by hydra:next; each page is a complete graph.
    """
    site_url = site.config.site_url
    pages = catalogue_pages(site.datasets, page_size)
    files = []
    for number, datasets in enumerate(pages, start=1):
        # Sorted once per page; each format's paging triples are added at the end, then taken away.
        graph = sorted_copy(catalogue_graph(site, datasets, all_datasets=site.datasets))
        for rdf_format in formats:
            view_triples: set = set()
            if len(pages) > 1:
                next_url = (addresses.absolute(site_url, addresses.catalogue_file(rdf_format, number + 1))
                            if number < len(pages) else None)
                view = PageView(url=addresses.absolute(site_url, addresses.catalogue_file(rdf_format, number)),
                                next_url=next_url, total_items=len(site.datasets))
                before = set(graph)
                add_view(graph, site_url, view)
                view_triples = set(graph) - before
            files.append(MetadataFile(addresses.catalogue_file(rdf_format, number),
                                      serialise(graph, rdf_format, presorted=True),
                                      f"DCAT catalogue ({rdf_format}, page {number})"))
            for triple in view_triples:
                graph.remove(triple)
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
