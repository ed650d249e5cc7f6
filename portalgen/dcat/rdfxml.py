"""RDF/XML, written straight from the triple index, in the form of rdflib's plain "xml" serialiser:
one ``rdf:Description`` per subject, in the order of the index, each triple one element.

The only names to abbreviate are the predicates (a handful of vocabulary terms), which rdflib's
namespace manager gives once per process; everything else is text escaping from the standard
library, as rdflib does it.
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Literal

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
    resources: dict = {}  # IRI -> its quoted attribute value, made once per document
    for subject, predicates in spo.items():
        if not predicates:
            continue
        if isinstance(subject, BNode):
            write(f'  <rdf:Description rdf:nodeID="{subject}">\n')
        else:
            write(f"  <rdf:Description rdf:about={quoteattr(check_iri(str(subject)))}>\n")
        for predicate, objects in predicates.items():
            name = _qname(predicate)[0]
            for node in objects:
                if isinstance(node, Literal):
                    attributes = ""
                    if node.language:
                        attributes += f' xml:lang="{node.language}"'
                    if node.datatype:
                        attributes += f' rdf:datatype="{node.datatype}"'
                    write(f"    <{name}{attributes}>{_text(node)}</{name}>\n")
                elif isinstance(node, BNode):
                    write(f'    <{name} rdf:nodeID="{node}"/>\n')
                else:
                    attribute = resources.get(node)
                    if attribute is None:
                        attribute = resources[node] = quoteattr(check_iri(str(node)))
                    write(f"    <{name} rdf:resource={attribute}/>\n")
        write("  </rdf:Description>\n")
    write("</rdf:RDF>\n")
    return "".join(out).encode("utf-8", "replace")
