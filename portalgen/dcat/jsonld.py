"""JSON-LD with the context inline, written straight from the triple index: one flat node per
subject, in the form rdflib's serialiser gives with a context of prefixes only, then normalised
as rdflib's output was normalised (nodes by @id, keys sorted, value lists sorted: :func:`normalise`).

rdflib builds the document by querying its store for every node and matching every predicate
against the context's terms; with a context of prefixes only, each value's form follows from the
term alone, which is what this writer does (each term's forms are its record's: records.py).
"""

from __future__ import annotations

from json.encoder import encode_basestring
from operator import itemgetter

from .jsonldforms import (ITEM_INDENT, JSONLD_CONTEXT, KEY_INDENT, NODE_INDENT, STEP, normalise,
                          written_forms)
from .jsontext import indented_value
from .namespaces import RDF_TYPE_IRI
from .records import BLANK_KIND, IRI_KIND, Term
from .triples import Index

__all__ = ["JSONLD_CONTEXT", "normalise", "to_jsonld"]

_CONTEXT_TEXT = indented_value(JSONLD_CONTEXT, STEP, STEP)


class _Document:
    """The flat JSON-LD nodes of a triple index, written as text as they are made.

    The document is the one ``indented_json(normalise(nodes))`` gave: nodes by @id, each with "@id"
    then its keys sorted, value lists sorted by their items' JSON. Each term's value is written
    (alone under a key, and as a list item, one indent further) once, with its record
    (records.Term.json), rather than the whole tree of dicts being built, normalised and walked again.
    """

    def __init__(self) -> None:
        self.nodes: dict[str, list[str]] = {}     # @id -> its "key": value lines
        self.type_forms: dict[Term, tuple] = {}   # the forms of the objects of rdf:type
        self.keys: dict[Term, tuple] = {}         # predicate -> (its key, the key's JSON text and ": ")
        self.orders: dict[tuple, list] = {}       # predicates of a subject -> in the order of their keys

    def type_form(self, node: Term) -> tuple[str, str, str]:
        """An IRI as an object of rdf:type is written compacted, as a string."""
        found = self.type_forms.get(node)
        if found is None:
            found = self.type_forms[node] = written_forms(node.json_id) if node.kind == IRI_KIND else node.json
        return found

    def key(self, predicate: Term) -> tuple[str, str]:
        found = self.keys.get(predicate)
        if found is None:
            key = "@type" if predicate.value == RDF_TYPE_IRI else predicate.json_id
            found = self.keys[predicate] = (key, encode_basestring(key) + ": ")
        return found

    def key_order(self, predicates: dict) -> list:
        """The subject's predicates in the order of their keys (a stable sort, as the lines were sorted
        by their keys), sorted once per set of predicates: most subjects share one of a few sets (a
        dataset's, a distribution's…)."""
        names = tuple(predicates)
        order = self.orders.get(names)
        if order is None:
            key_of = self.key
            order = self.orders[names] = sorted(names, key=lambda predicate: key_of(predicate)[0])
        return order

    def add(self, spo: Index) -> None:
        type_form, keys = self.type_form, self.keys
        list_open, list_close = "[\n" + ITEM_INDENT, "\n" + KEY_INDENT + "]"
        list_separator = ",\n" + ITEM_INDENT
        key_order = self.key_order
        nodes = self.nodes
        for subject, predicates in spo.items():
            lines = []
            for predicate in key_order(predicates):
                key, key_text = keys[predicate]  # made by key_order
                objects = predicates[predicate]
                if len(objects) == 1 and key != "@type":
                    # Most values: one term, its form its record's.
                    node = objects[0]
                    if node.kind == BLANK_KIND:  # a blank node's value is its node, made if missing
                        nodes.setdefault(node.json_id, [])
                    lines.append(key_text + node.json[1])
                    continue
                for node in objects:
                    if node.kind == BLANK_KIND:
                        nodes.setdefault(node.json_id, [])
                forms = [type_form(o) for o in objects] if key == "@type" else [o.json for o in objects]
                if len(forms) == 1:
                    lines.append(key_text + forms[0][1])
                else:
                    forms.sort(key=itemgetter(0))
                    lines.append(key_text + list_open + list_separator.join([f[2] for f in forms]) + list_close)
            nodes.setdefault(subject.json_id, []).extend(lines)

    def text(self) -> str:
        nodes = self.nodes
        if not nodes:
            graph = "[]"
        else:
            key_separator = ",\n" + KEY_INDENT
            # normalise() sorted nodes by their whole JSON, which starts with the @id: sorting by
            # the @id's JSON (a string's, as _sorted_json writes it) gives the same order.
            graph = "[\n" + NODE_INDENT + (",\n" + NODE_INDENT).join([
                "{\n" + KEY_INDENT + '"@id": ' + encode_basestring(node_id)
                + "".join([key_separator + line for line in nodes[node_id]]) + "\n" + NODE_INDENT + "}"
                for node_id in sorted(nodes, key=encode_basestring)]) + "\n" + STEP + "]"
        return '{\n' + STEP + '"@context": ' + _CONTEXT_TEXT + ",\n" + STEP + '"@graph": ' + graph + "\n}\n"


def to_jsonld(spo: Index) -> bytes:
    """The triples of ``spo`` as JSON-LD, byte-identical to rdflib's, normalised, on the same triples."""
    document = _Document()
    document.add(spo)
    return document.text().encode("utf-8")
