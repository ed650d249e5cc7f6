"""The reference the catalogue's own writers (portalgen/dcat/turtle.py, rdfxml.py, jsonld.py) are
tested against: rdflib's serialisers, made deterministic as the catalogue used them before the writers.

rdflib's output order follows its store's iteration order, which can depend on Python's string
hashing. The triples are therefore copied into a fresh graph in sorted order before writing, and
the JSON-LD document is normalised (nodes sorted by @id, keys and value lists sorted), so the same
graph always gives the same bytes.
"""

from __future__ import annotations

import json

from rdflib import Graph

from portalgen.dcat.jsonld import JSONLD_CONTEXT, normalise
from portalgen.dcat.namespaces import new_graph


def _sort_key(triple) -> tuple:
    return tuple((type(term).__name__, term.n3()) for term in triple)


def sorted_copy(graph: Graph) -> Graph:
    """The same triples in a fresh graph, inserted in a stable order."""
    copy = new_graph(ordered=True)
    for triple in sorted(graph, key=_sort_key):
        copy.add(triple)
    return copy


def to_turtle(graph: Graph, presorted: bool = False) -> bytes:
    return (graph if presorted else sorted_copy(graph)).serialize(format="turtle", encoding="utf-8")


def to_rdfxml(graph: Graph, presorted: bool = False) -> bytes:
    return (graph if presorted else sorted_copy(graph)).serialize(format="xml", encoding="utf-8")


def to_jsonld(graph: Graph, presorted: bool = False) -> bytes:
    """JSON-LD with the context written inline (never a remote context URL)."""
    raw = (graph if presorted else sorted_copy(graph)).serialize(format="json-ld", context=JSONLD_CONTEXT,
                                                                 auto_compact=True)
    document = json.loads(raw)
    context = document.pop("@context", JSONLD_CONTEXT)
    nodes = document.pop("@graph", None)
    if nodes is None:  # a single node is written without @graph
        nodes = [document] if document else []
    ordered = {"@context": context, "@graph": normalise(nodes)}
    return (json.dumps(ordered, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


SERIALISERS = {"turtle": to_turtle, "xml": to_rdfxml, "json-ld": to_jsonld}


def serialise(graph: Graph, rdf_format: str, presorted: bool = False) -> bytes:
    """The graph in ``rdf_format`` (turtle, xml or json-ld), byte-identical for the same triples.

    ``presorted``: the graph is already a :func:`sorted_copy` (plus triples added in a fixed order)."""
    return SERIALISERS[rdf_format](graph, presorted)
