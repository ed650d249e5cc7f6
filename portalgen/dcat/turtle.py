"""Turtle, written straight from the triple index, in the layout of rdflib's Turtle serialiser.

The output is the one rdflib gave (tests compare both, byte for byte, and parse it back): prefixes
that are used, then the subjects least referenced first (IRIs before blank nodes), ``a`` and
``rdfs:label`` first, other predicates and the objects sorted, and a blank node used once
written in place as ``[ … ]``. rdflib's serialiser looks every term up in its store and in its
namespace manager, triple after triple; this writer reads a plain index, and asks rdflib only for
the prefixed names of vocabulary terms, once per process.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer

from .namespaces import PREFIXES, RDF, RDFS, XSD, new_graph
from .triples import Index, check_iri, quoted

# Numbers and booleans: rdflib writes them bare, or with INF/NaN spelt its way; left to rdflib.
_NUMERIC_TYPES = frozenset({XSD.integer, XSD.boolean, XSD.decimal, XSD.double, XSD.float,
                            URIRef("http://www.w3.org/2002/07/owl#rational")})
_NAMESPACES = tuple(PREFIXES.values())
INDENT = "    "


@lru_cache(maxsize=None)
def _pname_oracle() -> TurtleSerializer:
    """rdflib's own serialiser over an empty graph with our prefixes: it says how a vocabulary
    IRI is abbreviated, so the rules (local name escapes, names that cannot end with a dot) stay
    rdflib's."""
    return TurtleSerializer(new_graph())


@lru_cache(maxsize=4096)
def _vocabulary_pname(iri: str, is_predicate: bool) -> tuple[str, str] | None:
    oracle = _pname_oracle()
    name = oracle.get_pname(URIRef(iri), gen_prefix=is_predicate)
    if name is None:
        return None
    prefix = name.split(":", 1)[0]
    return name, str(oracle.namespaces[prefix])


class _Writer:
    def __init__(self, spo: Index):
        self.spo = spo
        self.used: dict[str, str] = {}          # prefix -> namespace actually written
        self.done: set = set()
        self.references: Counter = Counter()
        self.out: list[str] = []

    # -- labels --------------------------------------------------------------------------------

    def iri(self, iri: str, is_predicate: bool = False) -> str:
        iri = str(iri)  # a URIRef would turn "<" + iri into a URIRef
        if iri.startswith(_NAMESPACES):
            found = _vocabulary_pname(iri, is_predicate)
            if found is not None:
                self.used[found[0].split(":", 1)[0]] = found[1]
                return found[0]
        return "<" + check_iri(iri) + ">"

    def literal(self, literal: Literal) -> str:
        datatype = literal.datatype
        if datatype in _NUMERIC_TYPES:
            return literal._literal_n3(use_plain=True, qname_callback=lambda dt: self.iri(str(dt)))
        text = quoted(str(literal))
        if literal.language:
            return text + "@" + literal.language
        if datatype is not None:
            return text + "^^" + self.iri(str(datatype))
        return text

    def label(self, node) -> str:
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, BNode):
            return "_:" + str(node)
        if node == RDF.nil:
            return "()"
        return self.iri(node)

    def verb(self, predicate) -> str:
        return "a" if predicate == RDF.type else self.iri(predicate, is_predicate=True)

    # -- layout --------------------------------------------------------------------------------

    def predicate_list(self, subject, depth: int) -> None:
        predicates = self.spo.get(subject, {})
        order = [p for p in (RDF.type, RDFS.label) if p in predicates]
        order += sorted((p for p in predicates if p != RDF.type and p != RDFS.label), key=str)
        write = self.out.append
        for number, predicate in enumerate(order):
            if number:
                write(" ;\n" + INDENT * (depth + 1))
            else:
                write(" ")
            write(self.verb(predicate))
            self.object_list(predicates[predicate], depth)

    def object_list(self, objects: list, depth: int) -> None:
        depth += 1  # rdflib indents every object list one step (its test for a single object never holds)
        for number, node in enumerate(sorted(objects) if len(objects) > 1 else objects):
            if number:
                self.out.append(",\n" + INDENT * (depth + 1))
            else:
                self.out.append(" ")
            if isinstance(node, BNode) and node not in self.done and self.references[node] <= 1:
                self.done.add(node)
                self.out.append("[")
                self.predicate_list(node, depth + 1)
                self.out.append(" ]")
            else:
                self.out.append(self.label(node))

    def document(self) -> str:
        spo = self.spo
        references = self.references
        for predicates in spo.values():
            for objects in predicates.values():
                references.update(objects)
        # Register the prefixes in the order rdflib meets them (the set is what matters: sorted below).
        for subject, predicates in spo.items():
            self.label(subject)
            for predicate, objects in predicates.items():
                if predicate != RDF.type:
                    self.iri(predicate, is_predicate=True)
                for node in objects:
                    if isinstance(node, URIRef):
                        self.iri(node)
                    elif isinstance(node, Literal) and node.datatype is not None:
                        self.iri(str(node.datatype))
        order = sorted(spo, key=lambda s: (isinstance(s, BNode), references[s], str(s)))
        body = self.out
        for subject in order:
            if subject in self.done:
                continue
            self.done.add(subject)
            if isinstance(subject, BNode) and not references[subject]:
                body.append("\n[]")
            else:
                body.append("\n" + self.label(subject))
            self.predicate_list(subject, 0)
            body.append(" .\n")
        head = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(self.used.items()))
        return head + "".join(body) + "\n"


def to_turtle(spo: Index) -> bytes:
    """The triples of ``spo`` as Turtle (UTF-8)."""
    return _Writer(spo).document().encode("utf-8", "replace")
