"""RDF/XML, written straight from the triple index, in the form of rdflib's plain "xml" serialiser:
one ``rdf:Description`` per subject, in the order of the index, each triple one element.

The only names to abbreviate are the predicates (a handful of vocabulary terms), which rdflib's
namespace manager gives once per process; everything else is text escaping from the standard
library, as rdflib does it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Literal, URIRef

from .namespaces import RDF, new_graph
from .triples import Index, check_iri


@lru_cache(maxsize=None)
def _namespace_manager():
    return new_graph().namespace_manager


@lru_cache(maxsize=1024)
def _qname(predicate: str) -> tuple[str, str, str]:
    """(qualified name, prefix, namespace) of a predicate, as rdflib's strict rules make it."""
    manager = _namespace_manager()
    prefix, namespace, _ = manager.compute_qname_strict(predicate)
    return manager.qname_strict(predicate), prefix, str(namespace)


def _text(literal) -> str:
    """The literal's text escaped as rdflib's XML writer does (saxutils.escape, and \\r as &#13;)."""
    return str(literal).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("\r", "&#13;")


_QUOTEATTR_CHANGES = re.compile("[&<>\"\n\r\t]")


def _attribute(iri: str) -> str:
    """``quoteattr(iri)``: an IRI seldom holds a character quoteattr changes, and then it only
    adds the double quotes, which is done here without its replacements."""
    return quoteattr(iri) if _QUOTEATTR_CHANGES.search(iri) else '"' + iri + '"'


def _object_text(node) -> tuple[str, bool]:
    """What follows ``<name`` in the element of this object, and whether ``name>`` closes it."""
    kind = type(node)
    if kind is Literal:
        attributes = ""
        if node.language:
            attributes += f' xml:lang="{node.language}"'
        if node.datatype:
            attributes += f' rdf:datatype="{node.datatype}"'
        return attributes + ">" + _text(node) + "</", True
    if kind is BNode:
        return f' rdf:nodeID="{node}"/>\n', False
    return " rdf:resource=" + _attribute(check_iri(str(node))) + "/>\n", False


def to_rdfxml(spo: Index) -> bytes:
    """The triples of ``spo`` as RDF/XML (UTF-8), subjects and predicates in the index's order."""
    bindings = {"rdf": str(RDF)}
    for predicates in spo.values():
        for predicate in predicates:
            _, prefix, namespace = _qname(predicate)
            bindings[prefix] = namespace
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n']
    out += [f'   xmlns:{prefix}="{namespace}"\n' for prefix, namespace in sorted(bindings.items())]
    out.append(">\n")
    write = out.append
    resources: dict = {}  # IRI -> its element's end, made once per document (IRIs repeat, literals seldom)
    for subject, predicates in spo.items():
        if not predicates:
            continue
        if type(subject) is BNode:
            write(f'  <rdf:Description rdf:nodeID="{subject}">\n')
        else:
            write("  <rdf:Description rdf:about=" + _attribute(check_iri(str(subject))) + ">\n")
        for predicate, objects in predicates.items():
            name = _qname(predicate)[0]
            start = "    <" + name
            for node in objects:
                if type(node) is URIRef:
                    end = resources.get(node)
                    if end is None:
                        end = resources[node] = _object_text(node)[0]
                    write(start + end)
                    continue
                end, closed_by_name = _object_text(node)
                write(start + end + name + ">\n" if closed_by_name else start + end)
        write("  </rdf:Description>\n")
    write("</rdf:RDF>\n")
    return "".join(out).encode("utf-8", "replace")
