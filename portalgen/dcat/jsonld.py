"""JSON-LD with the context inline, written straight from the triple index: one flat node per
subject, in the form rdflib's serialiser gives with a context of prefixes only, then normalised
as serialise.to_jsonld does (nodes by @id, keys sorted, value lists sorted).

rdflib builds the document by querying its store for every node and matching every predicate
against the context's terms; with a context of prefixes only, each value's form follows from the
term alone, which is what this writer does.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from rdflib import BNode, Literal, URIRef

from .namespaces import RDF, XSD
from .serialise import JSONLD_CONTEXT, normalise

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


def _value(node, nodes: dict):
    if isinstance(node, Literal):
        datatype = node.datatype
        if datatype is not None:
            if datatype in _NATIVE_TYPES:
                return node.toPython()
            return {"@type": compact(str(datatype)), "@value": str(node)}
        if node.language:
            return {"@language": node.language, "@value": str(node)}
        return str(node)
    if isinstance(node, BNode):
        node_id = "_:" + str(node)
        nodes.setdefault(node_id, {"@id": node_id})
        return {"@id": node_id}
    return {"@id": compact(node)}


def _nodes(spo) -> dict:
    nodes: dict = {}
    for subject, predicates in spo.items():
        node_id = "_:" + str(subject) if isinstance(subject, BNode) else compact(subject)
        node = nodes.setdefault(node_id, {"@id": node_id})
        for predicate, objects in predicates.items():
            if predicate == RDF.type:
                key = "@type"
                values = [compact(o) if isinstance(o, URIRef) else _value(o, nodes) for o in objects]
            else:
                key = compact(predicate)
                values = [_value(o, nodes) for o in objects]
            node[key] = values if len(values) > 1 else values[0]
    return nodes


def _write(value, indent: str, out: list) -> None:
    """``value`` as json.dumps(value, ensure_ascii=False, indent=2) writes it."""
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + "  "
        out.append("{")
        first = True
        for key, item in value.items():
            out.append(("\n" if first else ",\n") + inner + encode_basestring(key) + ": ")
            first = False
            _write(item, inner, out)
        out.append("\n" + indent + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = indent + "  "
        out.append("[")
        first = True
        for item in value:
            out.append(("\n" if first else ",\n") + inner)
            first = False
            _write(item, inner, out)
        out.append("\n" + indent + "]")
    else:
        out.append(json.dumps(value))


def to_jsonld(spo) -> bytes:
    """The triples of ``spo`` as JSON-LD, byte-identical to serialise.to_jsonld on the same triples."""
    nodes = _nodes(spo)
    ordered = [normalise(nodes[node_id]) for node_id in
               sorted(nodes, key=lambda node_id: json.dumps(node_id, ensure_ascii=False))]
    out: list[str] = []
    _write({"@context": JSONLD_CONTEXT, "@graph": ordered}, "", out)
    out.append("\n")
    return "".join(out).encode("utf-8")
