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
_KEY_SEPARATOR = ",\n" + KEY_INDENT  # before each key of a node (after its "@id")


class _Document:
    """The flat JSON-LD nodes of a triple index, written as text as they are made.

    The document is the one ``indented_json(normalise(nodes))`` gave: nodes by @id, each with "@id"
    then its keys sorted, value lists sorted by their items' JSON. Each term's value is written
    (alone under a key, and as a list item, one indent further) once, with its record
    (records.Term.json), rather than the whole tree of dicts being built, normalised and walked again.
    """

    def __init__(self) -> None:
        self.nodes: dict[str, list[str]] = {}     # @id -> its lines, each ",\n", indent, "key": value
        self.type_forms: dict[Term, tuple] = {}   # the forms of the objects of rdf:type
        self.keys: dict[Term, tuple] = {}         # predicate -> (its key, the key's JSON text and ": ")
        self.layouts: dict[tuple, list] = {}      # predicates of a subject -> layout()

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

    def layout(self, predicates: dict) -> list[tuple[Term, str, bool]]:
        """The subject's predicates in the order of their keys (a stable sort, as the lines were sorted
        by their keys), each with the start of its line (the separator from the previous line, the
        key's JSON and ": ") and whether it is "@type"; made once per set of predicates: most subjects
        share one of a few sets (a dataset's, a distribution's…)."""
        names = tuple(predicates)
        found = self.layouts.get(names)
        if found is None:
            key_of = self.key
            found = self.layouts[names] = [
                (predicate, _KEY_SEPARATOR + key_of(predicate)[1], key_of(predicate)[0] == "@type")
                for predicate in sorted(names, key=lambda predicate: key_of(predicate)[0])]
        return found

    def add(self, spo: Index) -> None:
        type_form = self.type_form
        list_open, list_close = "[\n" + ITEM_INDENT, "\n" + KEY_INDENT + "]"
        list_separator = ",\n" + ITEM_INDENT
        layout = self.layout
        nodes = self.nodes
        for subject, predicates in spo.items():
            # (the nodes are sorted by text(): the order they are made in does not matter)
            lines = nodes.setdefault(subject.json_id, [])
            for predicate, start, is_type in layout(predicates):
                objects = predicates[predicate]
                if len(objects) == 1:
                    # Most values: one term, its form its record's (or its form as a type).
                    node = objects[0]
                    if node.kind == BLANK_KIND:  # a blank node's value is its node, made if missing
                        nodes.setdefault(node.json_id, [])
                    lines.append(start + (type_form(node) if is_type else node.json)[1])
                    continue
                for node in objects:
                    if node.kind == BLANK_KIND:
                        nodes.setdefault(node.json_id, [])
                forms = [type_form(o) for o in objects] if is_type else [o.json for o in objects]
                forms.sort(key=itemgetter(0))
                lines.append(start + list_open + list_separator.join([f[2] for f in forms]) + list_close)

    def text(self) -> str:
        nodes = self.nodes
        if not nodes:
            graph = "[]"
        else:
            # normalise() sorted nodes by their whole JSON, which starts with the @id: sorting by
            # the @id's JSON (a string's, as _sorted_json writes it) gives the same order.
            graph = "[\n" + NODE_INDENT + (",\n" + NODE_INDENT).join([
                "{\n" + KEY_INDENT + '"@id": ' + encode_basestring(node_id)
                + "".join(nodes[node_id]) + "\n" + NODE_INDENT + "}"
                for node_id in sorted(nodes, key=encode_basestring)]) + "\n" + STEP + "]"
        return '{\n' + STEP + '"@context": ' + _CONTEXT_TEXT + ",\n" + STEP + '"@graph": ' + graph + "\n}\n"


def to_jsonld(spo: Index) -> bytes:
    """The triples of ``spo`` as JSON-LD, byte-identical to rdflib's, normalised, on the same triples."""
    document = _Document()
    document.add(spo)
    return document.text().encode("utf-8")
