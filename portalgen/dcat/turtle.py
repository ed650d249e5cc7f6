"""Turtle, written straight from the triple index, in the layout of rdflib's Turtle serialiser.

The output is the one rdflib gave (tests compare both, byte for byte, and parse it back): prefixes
that are used, then the subjects least referenced first (IRIs before blank nodes), ``a`` and
``rdfs:label`` first, other predicates and the objects sorted, and a blank node used once
written in place as ``[ … ]``. rdflib's serialiser looks every term up in its store and in its
namespace manager, triple after triple; this writer reads a plain index, and asks rdflib only for
the prefixed names of vocabulary terms, once per process. Each term's text is its record's
(records.py).
"""

from __future__ import annotations

from collections import Counter
from itertools import chain
from operator import attrgetter

from .namespaces import RDF_TYPE_IRI, RDFS_LABEL_IRI
from .records import BLANK_KIND, IRI_KIND, LITERAL_KIND, Term, to_rdflib, turtle_iri
from .triples import Index

INDENT = "    "
_value = attrgetter("value")


class _Writer:
    def __init__(self, spo: Index):
        self.spo = spo
        self.used: dict[str, str] = {}          # prefix -> namespace actually written
        self.verbs: dict[Term, str] = {}        # predicate -> its text in this document
        self.orders: dict = {}                  # predicates of a subject -> the order they are written in
        self.layouts: dict = {}                 # (depth, *predicates of a subject) -> layout()
        self.done: set = set()
        self.references: Counter = Counter()
        self.out: list[str] = []

    def label(self, node: Term) -> str:
        """The node's text (its record's), recording the prefix it uses."""
        if node.turtle_prefix is not None:
            prefix, namespace = node.turtle_prefix
            self.used[prefix] = namespace
        return node.turtle

    def verb(self, predicate: Term) -> str:
        text = self.verbs.get(predicate)
        if text is None:
            if predicate.value == RDF_TYPE_IRI:
                text = "a"
            else:
                text, prefix = turtle_iri(predicate.value, is_predicate=True)
                if prefix is not None:
                    self.used[prefix[0]] = prefix[1]
            self.verbs[predicate] = text
        return text

    # -- layout --------------------------------------------------------------------------------

    def predicate_order(self, predicates: dict) -> list:
        """rdf:type, then rdfs:label, then the others sorted (computed once per set of predicates)."""
        key = tuple(predicates)
        order = self.orders.get(key)
        if order is None:
            order = sorted(predicates, key=_value)
            for first in (RDFS_LABEL_IRI, RDF_TYPE_IRI):
                at = next((n for n, p in enumerate(order) if p.value == first), None)
                if at is not None:
                    order.insert(0, order.pop(at))
            self.orders[key] = order
        return order

    def layout(self, predicates: dict, depth: int) -> list[tuple[Term, str, str]]:
        """The subject's predicates in :meth:`predicate_order`, each with the text before its object
        list at ``depth`` (the separator from the previous predicate, and the verb) and that text
        followed by the space before a single object; made once per set of predicates and depth."""
        key = (depth, *predicates)
        found = self.layouts.get(key)
        if found is None:
            separator = " ;\n" + INDENT * (depth + 1)
            found = []
            for number, predicate in enumerate(self.predicate_order(predicates)):
                lead = (separator if number else " ") + self.verb(predicate)
                found.append((predicate, lead, lead + " "))
            self.layouts[key] = found
        return found

    def predicate_list(self, subject: Term, depth: int) -> None:
        predicates = self.spo.get(subject, {})
        write = self.out.append
        used = self.used
        for predicate, lead, lead_and_space in self.layout(predicates, depth):
            objects = predicates[predicate]
            node = objects[0]
            if len(objects) == 1 and node.kind != BLANK_KIND:
                # Most objects: one IRI or literal, written as object_list writes it, without the
                # call, in one string with the separator and the verb.
                prefix = node.turtle_prefix
                if prefix is not None:
                    used[prefix[0]] = prefix[1]
                write(lead_and_space + node.turtle)
            else:
                write(lead)
                self.object_list(objects, depth)

    def object_list(self, objects: list, depth: int) -> None:
        depth += 1  # rdflib indents every object list one step (its test for a single object never holds)
        separator = ",\n" + INDENT * (depth + 1)
        write = self.out.append
        references = self.references
        if len(objects) > 1:
            objects = rdflib_order(objects)
        for number, node in enumerate(objects):
            write(separator if number else " ")
            if node.kind == BLANK_KIND and node not in self.done and references[node] <= 1:
                self.done.add(node)
                write("[")
                self.predicate_list(node, depth + 1)
                write(" ]")
            else:
                write(self.label(node))

    def document(self) -> str:
        spo = self.spo
        references = self.references
        # The references of IRIs and blank nodes decide the subjects' order and the blank nodes
        # written in place. Literals are counted too (never looked up): every object is counted in
        # C, without a test per object.
        references.update(chain.from_iterable(chain.from_iterable(map(dict.values, spo.values()))))
        order = sorted(spo, key=lambda s: (s.kind == BLANK_KIND, references[s], s.value))
        body = self.out
        for subject in order:
            if subject in self.done:
                continue
            self.done.add(subject)
            if subject.kind == BLANK_KIND and not references[subject]:
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


def rdflib_order(objects: list) -> list:
    """The objects in rdflib's order of terms. For IRIs only, or plain literals only (no language,
    no datatype: rdflib compares their lexical forms as strings), that is the order of their text,
    sorted without making rdflib terms (a dataset's keywords); others are compared by rdflib."""
    if all(o.kind == IRI_KIND for o in objects) or \
            all(o.kind == LITERAL_KIND and o.language is None and o.datatype is None for o in objects):
        return sorted(objects, key=_value)
    return sorted(objects, key=to_rdflib)


def to_turtle(spo: Index) -> bytes:
    """The triples of ``spo`` as Turtle (UTF-8)."""
    return _Writer(spo).document().encode("utf-8", "replace")
