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


RDF_TYPE, RDFS_LABEL, RDF_NIL_IRI = RDF.type, RDFS.label, str(RDF.nil)


class _Writer:
    def __init__(self, spo: Index):
        self.spo = spo
        self.used: dict[str, str] = {}          # prefix -> namespace actually written
        self.labels: dict[int, str] = {}        # id(term) -> its text in this document (see label)
        self.verbs: dict = {}                   # predicate -> its text in this document
        self.orders: dict = {}                  # predicates of a subject -> the order they are written in
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
        """The node's text, made once per document (which also records the prefixes it uses).

        Keyed by the term's id: every term is in the index this writer holds, so it outlives the
        document and its id names it alone; rdflib's Literal.__hash__, a Python function, is not
        called (equal terms the index did not make one object get their own, equal, text)."""
        text = self.labels.get(id(node))
        if text is None:
            kind = type(node)
            if kind is Literal:
                text = self.literal(node)
            elif kind is BNode:
                text = "_:" + str(node)
            elif str(node) == RDF_NIL_IRI:  # a URIRef: compared as text, without rdflib's equality test
                text = "()"
            else:
                text = self.iri(node)
            self.labels[id(node)] = text
        return text

    def verb(self, predicate) -> str:
        text = self.verbs.get(predicate)
        if text is None:
            text = self.verbs[predicate] = "a" if predicate == RDF_TYPE else self.iri(predicate, is_predicate=True)
        return text

    # -- layout --------------------------------------------------------------------------------

    def predicate_order(self, predicates: dict) -> list:
        """rdf:type, then rdfs:label, then the others sorted (computed once per set of predicates)."""
        key = tuple(predicates)
        order = self.orders.get(key)
        if order is None:
            # The keys themselves are kept (not the equal module constants), so that looking them up
            # in each subject's predicates finds them by identity, without rdflib's equality test.
            order = sorted(predicates, key=str)
            for first in (RDFS_LABEL, RDF_TYPE):
                if first in predicates:
                    at = order.index(first)
                    order.insert(0, order.pop(at))
            self.orders[key] = order
        return order

    def predicate_list(self, subject, depth: int) -> None:
        predicates = self.spo.get(subject, {})
        write = self.out.append
        separator = " ;\n" + INDENT * (depth + 1)
        verbs, labels = self.verbs, self.labels
        for number, predicate in enumerate(self.predicate_order(predicates)):
            write(separator if number else " ")
            write(verbs.get(predicate) or self.verb(predicate))
            objects = predicates[predicate]
            node = objects[0]
            if len(objects) == 1 and type(node) is not BNode:
                # Most objects: one IRI or literal, written as object_list writes it, without the call.
                write(" " + (labels.get(id(node)) or self.label(node)))
            else:
                self.object_list(objects, depth)

    def object_list(self, objects: list, depth: int) -> None:
        depth += 1  # rdflib indents every object list one step (its test for a single object never holds)
        separator = ",\n" + INDENT * (depth + 1)
        write = self.out.append
        labels, references = self.labels, self.references
        if len(objects) > 1:
            # rdflib's order of terms; for IRIs only, that is the order of their text
            objects = sorted(objects, key=str) if all(type(o) is URIRef for o in objects) else sorted(objects)
        for number, node in enumerate(objects):
            write(separator if number else " ")
            if type(node) is BNode and node not in self.done and references[node] <= 1:
                self.done.add(node)
                write("[")
                self.predicate_list(node, depth + 1)
                write(" ]")
            else:
                text = labels.get(id(node))
                write(text if text is not None else self.label(node))

    def document(self) -> str:
        spo = self.spo
        references = self.references
        # Only IRIs and blank nodes can be subjects, whose references decide the order and the
        # blank nodes written in place: literals are not counted (their hash is slow).
        references.update([node for predicates in spo.values() for objects in predicates.values()
                           for node in objects if type(node) is not Literal])
        order = sorted(spo, key=lambda s: (type(s) is BNode, references[s], str(s)))
        body = self.out
        for subject in order:
            if subject in self.done:
                continue
            self.done.add(subject)
            if type(subject) is BNode and not references[subject]:
                body.append("\n[]")
            else:
                body.append("\n" + self.label(subject))
            self.predicate_list(subject, 0)
            body.append(" .\n")
        # Every node and predicate is written above (the prefixes declared are the ones used):
        # rdflib's first pass over the triples, which records them, is not needed.
        # The prefixes go before the body in the one join (adding strings would copy the body twice).
        body[:0] = [f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(self.used.items())]
        body.append("\n")
        return "".join(body)


def to_turtle(spo: Index) -> bytes:
    """The triples of ``spo`` as Turtle (UTF-8)."""
    return _Writer(spo).document().encode("utf-8", "replace")
