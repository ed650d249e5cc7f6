"""RDF/XML, written straight from the triple index, in the form of rdflib's plain "xml" serialiser:
one ``rdf:Description`` per subject, in the order of the index, each triple one element.

The only names to abbreviate are the predicates (a handful of vocabulary terms), which rdflib's
namespace manager gives once per process; everything else is text escaping from the standard
library, as rdflib does it (each term's element is its record's: records.py).
"""

from __future__ import annotations

from functools import lru_cache

from .namespaces import RDF, new_graph
from .records import BLANK_KIND, LITERAL_KIND, Term, xml_about
from .triples import Index


@lru_cache(maxsize=None)
def _namespace_manager():
    return new_graph().namespace_manager


@lru_cache(maxsize=1024)
def _qname(predicate: str) -> tuple[str, str, str]:
    """(qualified name, prefix, namespace) of a predicate, as rdflib's strict rules make it."""
    manager = _namespace_manager()
    prefix, namespace, _ = manager.compute_qname_strict(predicate)
    return manager.qname_strict(predicate), prefix, str(namespace)


def to_rdfxml(spo: Index) -> bytes:
    """The triples of ``spo`` as RDF/XML (UTF-8), subjects and predicates in the index's order."""
    bindings = {"rdf": str(RDF)}
    # predicate -> the start of its elements in this document, and the end of a literal's ("name>")
    elements: dict[Term, tuple[str, str]] = {}
    for predicates in spo.values():
        for predicate in predicates:
            if predicate not in elements:
                name, prefix, namespace = _qname(predicate.value)
                elements[predicate] = ("    <" + name, name + ">\n")
                bindings[prefix] = namespace
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n']
    out += [f'   xmlns:{prefix}="{namespace}"\n' for prefix, namespace in sorted(bindings.items())]
    out.append(">\n")
    write = out.append
    for subject, predicates in spo.items():
        if not predicates:
            continue
        if subject.kind == BLANK_KIND:
            write(f'  <rdf:Description rdf:nodeID="{subject.value}">\n')
        else:
            write("  <rdf:Description" + xml_about(subject) + ">\n")
        for predicate, objects in predicates.items():
            start, literal_end = elements[predicate]
            for node in objects:
                # A literal's element holds its text and is closed by name; the others end with "/>".
                write(start + node.xml + literal_end if node.kind == LITERAL_KIND else start + node.xml)
        write("  </rdf:Description>\n")
    write("</rdf:RDF>\n")
    return "".join(out).encode("utf-8", "replace")
