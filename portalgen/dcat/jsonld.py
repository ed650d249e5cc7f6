"""JSON-LD with the context inline, written straight from the triple index: one flat node per
subject, in the form rdflib's serialiser gives with a context of prefixes only, then normalised
as rdflib's output was normalised (nodes by @id, keys sorted, value lists sorted: :func:`normalise`).

rdflib builds the document by querying its store for every node and matching every predicate
against the context's terms; with a context of prefixes only, each value's form follows from the
term alone, which is what this writer does.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any

from rdflib import BNode, Literal, URIRef

from .jsontext import indented_value
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


_STEP = "  "
_NODE_INDENT = _STEP * 2    # a node, an item of "@graph"
_KEY_INDENT = _STEP * 3     # a node's keys
_ITEM_INDENT = _STEP * 4    # the items of a list of values
_CONTEXT_TEXT = indented_value(JSONLD_CONTEXT, _STEP, _STEP)


class _Document:
    """The flat JSON-LD nodes of a triple index, written as text as they are made.

    The document is the one ``indented_json(normalise(nodes))`` gave: nodes by @id, each with "@id"
    then its keys sorted, value lists sorted by their items' JSON. Each term's value is made, sorted
    and written (alone under a key, and as a list item, one indent further) once per document by
    jsontext's writer, rather than the whole tree of dicts being built, normalised and walked again.

    The forms are kept by the term's id, not the term: the terms are those of the index written,
    which outlives the document, so an id names one term, and rdflib's Literal.__hash__ (a Python
    function) is not called for every value (equal terms that are not one object get equal forms).
    """

    def __init__(self) -> None:
        self.nodes: dict[str, list[str]] = {}     # @id -> its "key": value lines
        self.compacted: dict = {}
        self.forms: dict[int, tuple] = {}         # id(term) -> (sort key, text alone, text in a list)
        self.type_forms: dict[int, tuple] = {}    # the same for the objects of rdf:type
        self.keys: dict = {}                      # predicate -> (its key, the key's JSON text and ": ")

    def compact(self, iri) -> str:
        text = self.compacted.get(iri)
        if text is None:
            text = self.compacted[iri] = compact(iri)
        return text

    def form(self, node) -> tuple[str, str, str]:
        found = self.forms.get(id(node))
        if found is None:
            found = self.forms[id(node)] = self.term_forms(node)
        return found

    def term_forms(self, node) -> tuple[str, str, str]:
        """``written_forms(self.value(node))``. Most values are an IRI or a plain literal, whose
        forms are those of ``{"@id": …}`` and of a string: they are written here without the value
        being made and then looked at (tests/metadata/test_jsonld_forms.py: the same forms)."""
        kind = type(node)
        if kind is URIRef:
            return object_forms([_ID_PAIR + encode_basestring(self.compact(node))])
        if kind is Literal and node.datatype is None and not node.language:
            text = encode_basestring(node)
            return text, text, text
        return written_forms(self.value(node))

    def type_form(self, node) -> tuple[str, str, str]:
        found = self.type_forms.get(id(node))
        if found is None:
            found = self.type_forms[id(node)] = (
                written_forms(self.compact(node)) if type(node) is URIRef else self.form(node))
        return found

    def value(self, node):
        """The term's JSON value (a node's @id for a blank node, whose node is made if missing)."""
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
            self.nodes.setdefault(node_id, [])
            return {"@id": node_id}
        return {"@id": self.compact(node)}

    def key(self, predicate) -> tuple[str, str]:
        found = self.keys.get(predicate)
        if found is None:
            key = self.compact(predicate)
            if key == RDF_TYPE_KEY and predicate == RDF_TYPE:
                key = "@type"
            found = self.keys[predicate] = (key, encode_basestring(key) + ": ")
        return found

    def add(self, spo) -> None:
        compact_iri, form, type_form, key_of = self.compact, self.form, self.type_form, self.key
        list_open, list_close = "[\n" + _ITEM_INDENT, "\n" + _KEY_INDENT + "]"
        list_separator = ",\n" + _ITEM_INDENT
        known_form, known_key = self.forms.get, self.keys.get
        for subject, predicates in spo.items():
            node_id = "_:" + str(subject) if type(subject) is BNode else compact_iri(subject)
            properties = []
            for predicate, objects in predicates.items():
                key, key_text = known_key(predicate) or key_of(predicate)
                if len(objects) == 1 and key != "@type":
                    # Most values: one term, its form looked up in the document's forms without a call.
                    node = objects[0]
                    properties.append((key, key_text + (known_form(id(node)) or form(node))[1]))
                    continue
                forms = [type_form(o) for o in objects] if key == "@type" else [form(o) for o in objects]
                if len(forms) == 1:
                    properties.append((key, key_text + forms[0][1]))
                else:
                    forms.sort(key=itemgetter(0))
                    properties.append((key, key_text + list_open + list_separator.join([f[2] for f in forms])
                                       + list_close))
            properties.sort(key=itemgetter(0))
            self.nodes.setdefault(node_id, []).extend([line for _, line in properties])

    def text(self) -> str:
        nodes = self.nodes
        if not nodes:
            graph = "[]"
        else:
            key_separator = ",\n" + _KEY_INDENT
            # normalise() sorted nodes by their whole JSON, which starts with the @id: sorting by
            # the @id's JSON (a string's, as _sorted_json writes it) gives the same order.
            graph = "[\n" + _NODE_INDENT + (",\n" + _NODE_INDENT).join([
                "{\n" + _KEY_INDENT + '"@id": ' + encode_basestring(node_id)
                + "".join([key_separator + line for line in nodes[node_id]]) + "\n" + _NODE_INDENT + "}"
                for node_id in sorted(nodes, key=encode_basestring)]) + "\n" + _STEP + "]"
        return '{\n' + _STEP + '"@context": ' + _CONTEXT_TEXT + ",\n" + _STEP + '"@graph": ' + graph + "\n}\n"


def written_forms(value) -> tuple[str, str, str]:
    """A value's sort key in a normalised list (its sorted JSON), and its text alone under a key
    and as an item of a list.

    Nearly every value is a string or an object of strings with its keys in sorted order (the
    objects :meth:`_Document.value` makes: @id; @type, @value; @language, @value), whose three
    forms are written here directly; any other value (numbers, booleans) by jsontext's and json's
    general writers, which give the same texts (tests/metadata/test_jsonld_forms.py)."""
    if type(value) is str:
        text = encode_basestring(value)
        return text, text, text
    if type(value) is dict and list(value) == sorted(value) and all(type(v) is str for v in value.values()):
        return object_forms([encode_basestring(key) + ": " + encode_basestring(item) for key, item in value.items()])
    return general_forms(value)


_ID_PAIR = encode_basestring("@id") + ": "


def object_forms(pairs: list[str]) -> tuple[str, str, str]:
    """:func:`written_forms` of a JSON object of strings, given as its ``"key": "value"`` texts in
    the order of the keys."""
    return ("{" + ", ".join(pairs) + "}",
            "{\n" + _ITEM_INDENT + (",\n" + _ITEM_INDENT).join(pairs) + "\n" + _KEY_INDENT + "}",
            "{\n" + _ITEM_INDENT + _STEP + (",\n" + _ITEM_INDENT + _STEP).join(pairs) + "\n" + _ITEM_INDENT + "}")


def general_forms(value) -> tuple[str, str, str]:
    """:func:`written_forms`'s three forms by the general writers, for any JSON value."""
    return (_sorted_json(normalise(value)), indented_value(value, _KEY_INDENT, _STEP),
            indented_value(value, _ITEM_INDENT, _STEP))


def to_jsonld(spo) -> bytes:
    """The triples of ``spo`` as JSON-LD, byte-identical to rdflib's, normalised, on the same triples."""
    document = _Document()
    document.add(spo)
    return document.text().encode("utf-8")
