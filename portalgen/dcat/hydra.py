"""Hydra paging of the catalogue, as data.gouv.fr's harvester follows it.

udata reads the node typed ``hydra:PartialCollectionView`` on each page and fetches its
``hydra:next`` until a page has none. It keeps no list of visited pages, so no page may link
back (no first, previous or last): a loop would never end.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef

from . import addresses
from .namespaces import HYDRA, RDF, new_graph


@dataclass(frozen=True)
class PageView:
    """Where a catalogue page sits in the Hydra paging: its own address and the next page's."""

    url: str
    next_url: str | None
    total_items: int


def add_view(graph: Graph, site_url: str, view: PageView) -> None:
    """Hydra paging as data.gouv.fr's harvester follows it: the catalogue is a ``hydra:Collection``
    whose ``hydra:view`` is this page, a ``hydra:PartialCollectionView`` with ``hydra:next`` (none on
    the last page). No link points back (first, previous): the harvester has no loop guard."""
    catalogue = URIRef(addresses.catalogue_uri(site_url))
    page = URIRef(view.url)
    graph.add((catalogue, RDF.type, HYDRA.Collection))
    graph.add((catalogue, HYDRA.totalItems, Literal(view.total_items)))
    graph.add((catalogue, HYDRA.view, page))
    graph.add((page, RDF.type, HYDRA.PartialCollectionView))
    if view.next_url:
        graph.add((page, HYDRA.next, URIRef(view.next_url)))


def with_view(graph: Graph, site_url: str, view: PageView | None) -> Graph:
    """A copy of a page graph with its paging added (the graph itself is left as it was)."""
    if view is None:
        return graph
    copy = new_graph()
    for triple in graph:
        copy.add(triple)
    add_view(copy, site_url, view)
    return copy
