"""JSON-LD with the context inline, written straight from the triple index: one flat node per
subject, in the form rdflib's serialiser gives with a context of prefixes only, then normalised
as rdflib's output was normalised (nodes by @id, keys sorted, value lists sorted: :func:`normalise`).

rdflib builds the document by querying its store for every node and matching every predicate
against the context's terms; with a context of prefixes only, each value's form follows from the
term alone, which is what this writer does.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import BNode, Literal, URIRef

from .jsontext import indented_json
from .namespaces import PREFIXES, RDF, XSD

JSONLD_CONTEXT: dict[str, str] = dict(sorted(PREFIXES.items()))


#: json.dumps(value, sort_keys=True, ensure_ascii=False), without making an encoder at each call.
_sorted_json = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode


def normalise(value: Any) -> Any:
    """JSON with keys sorted and every list sorted (by its items' JSON), at every level."""
    if isinstance(value, dict):
        return {key: normalise(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        items = [normalise(item) for item in value]
        return sorted(items, key=_sorted_json)
    return value


_PREFIX_OF = {namespace: prefix for prefix, namespace in JSONLD_CONTEXT.items()}
_NATIVE_TYPES = frozenset({XSD.boolean, XSD.integer, XSD.double, XSD.string})


def compact(iri: str) -> str:
    """prefix:name when the IRI's namespace (up to its last #, / or :) is a prefix of the context."""
    iri = str(iri)
    for delimiter in "#/:":
        at = iri.rfind(delimiter)
        if at > -1:
            prefix = _PREFIX_OF.get(iri[:at + 1])
            return f"{prefix}:{iri[at + 1:]}" if prefix else iri
    return iri


RDF_TYPE = RDF.type
RDF_TYPE_KEY = compact(RDF_TYPE)


class _Nodes:
    """The flat JSON-LD nodes of a triple index, keyed by @id, with their keys and value lists
    sorted as :func:`normalise` sorts them."""

    def __init__(self) -> None:
        self.nodes: dict = {}
        self.compacted: dict = {}
        self.values: dict = {}      # term -> its JSON value (shared: never changed once made)

    def compact(self, iri) -> str:
        text = self.compacted.get(iri)
        if text is None:
            text = self.compacted[iri] = compact(iri)
        return text

    def value(self, node):
        found = self.values.get(node)
        if found is None:
            found = self.values[node] = self._value(node)
        return found

    def _value(self, node):
        kind = type(node)
        if kind is Literal:
            datatype = node.datatype
            if datatype is not None:
                if datatype in _NATIVE_TYPES:
                    return node.toPython()
                return {"@type": self.compact(datatype), "@value": str(node)}
            if node.language:
                return {"@language": node.language, "@value": str(node)}
            return str(node)
        if kind is BNode:
            node_id = "_:" + str(node)
            self.nodes.setdefault(node_id, {"@id": node_id})
            return {"@id": node_id}
        return {"@id": self.compact(node)}

    def add(self, spo) -> dict:
        nodes, value, compact_iri = self.nodes, self.value, self.compact
        for subject, predicates in spo.items():
            node_id = "_:" + str(subject) if type(subject) is BNode else compact_iri(subject)
            properties = []
            for predicate, objects in predicates.items():
                key = compact_iri(predicate)
                if key == RDF_TYPE_KEY and predicate == RDF_TYPE:  # the text first: cheaper than rdflib's ==
                    values = [compact_iri(o) if type(o) is URIRef else value(o) for o in objects]
                    properties.append(("@type", values))
                else:
                    properties.append((key, [value(o) for o in objects]))
            node = nodes.setdefault(node_id, {"@id": node_id})
            for key, values in sorted(properties):
                if len(values) > 1:
                    node[key] = normalise(values)
                else:
                    node[key] = values[0]
        return nodes


def to_jsonld(spo) -> bytes:
    """The triples of ``spo`` as JSON-LD, byte-identical to rdflib's, normalised, on the same triples."""
    nodes = _Nodes().add(spo)
    # normalise() sorts nodes by their whole JSON, which starts with the @id: sorting by the @id's
    # JSON gives the same order without encoding every node.
    ordered = [nodes[node_id] for node_id in sorted(nodes, key=_sorted_json)]
    return (indented_json({"@context": JSONLD_CONTEXT, "@graph": ordered}) + "\n").encode("utf-8")
