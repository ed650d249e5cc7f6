"""The catalogue's RDF terms as plain records, each written once for every serialisation.

A :class:`Term` holds an IRI, a blank node or a literal with every text the writers need: its
N-Triples form (the canonical order's key, and its Turtle text unless abbreviated), its Turtle
text and the prefix that text uses, the end of its RDF/XML element and its JSON-LD forms. The
writers (turtle.py, rdfxml.py, jsonld.py) read these attributes instead of working each form out
from an rdflib term, in each writer, for every term of every page.

Terms compare and hash by identity (Python's default, in C): rdflib's Literal.__hash__ and
Identifier.__eq__ are Python functions, called for every triple of the catalogue. Equal terms
made twice are two records; the indexes of triples.py make them one (the first met, found by
its N-Triples form, which names an RDF term alone).

The forms are rdflib's: :func:`from_rdflib` and :func:`to_rdflib` convert both ways, and
tests/metadata (test_records.py, test_writers.py) check the writers' bytes against rdflib's own
serialisers on the same terms. Numbers, booleans, dates and language tags are left to rdflib's
Literal, which gives their lexical form and datatype (once per value: the catalogue caches them).
"""

from __future__ import annotations

import re
from functools import lru_cache
from json.encoder import encode_basestring
from typing import Any
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from .jsonldforms import ID_PAIR, ITEM_INDENT, KEY_INDENT, STEP, compact, object_forms, written_forms
from .namespaces import PREFIXES, RDF_NIL_IRI, XSD, new_graph

IRI_KIND, BLANK_KIND, LITERAL_KIND = "URIRef", "BNode", "Literal"  # rdflib's class names: the canonical order's first key

#: Numbers and booleans: rdflib's Turtle writes them bare, or with INF/NaN spelt its way; left to rdflib.
_TURTLE_NUMERIC_TYPES = frozenset(str(t) for t in (XSD.integer, XSD.boolean, XSD.decimal, XSD.double, XSD.float)) \
    | {"http://www.w3.org/2002/07/owl#rational"}
#: JSON-LD writes these as native JSON values (rdflib's toPython).
_JSON_NATIVE_TYPES = frozenset(str(t) for t in (XSD.boolean, XSD.integer, XSD.double, XSD.string))
_NAMESPACES = tuple(PREFIXES.values())
#: Integer types whose literal rdflib writes as str() of a Python int, its every form following from
#: that text and the datatype (none is numeric for Turtle or native in JSON-LD).
_PLAIN_INTEGER_TYPES = frozenset(str(XSD[name]) for name in (
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long", "int",
    "unsignedLong", "unsignedInt"))


class Term:
    """One RDF term and its written forms (see the module's docstring).

    ``kind``: "URIRef", "BNode" or "Literal"; ``value``: the IRI, the blank node's label or the
    literal's lexical form; ``language`` and ``datatype`` (an IRI string) of a literal; ``n3``:
    its N-Triples form; ``sort_key``: (kind, N-Triples form), the canonical order; ``turtle`` and ``turtle_prefix``:
    its Turtle text and the (prefix, namespace) it uses, if any; ``xml``: what follows
    ``<name`` in its RDF/XML element (a literal's element is then closed by ``name>``);
    ``json``: its JSON-LD value's (sort key, text alone under a key, text as a list item)."""

    __slots__ = ("kind", "value", "language", "datatype", "n3", "sort_key", "turtle", "turtle_prefix", "xml", "json",
                 "json_id")

    def __init__(self, kind: str, value: str, language: str | None, datatype: str | None, n3: str,
                 turtle: str, turtle_prefix: tuple[str, str] | None, xml: str, json: tuple[str, str, str],
                 json_id: str | None):
        self.kind = kind
        self.value = value
        self.language = language
        self.datatype = datatype
        self.n3 = n3
        self.sort_key = (kind, n3)
        self.turtle = turtle
        self.turtle_prefix = turtle_prefix
        self.xml = xml
        self.json = json
        self.json_id = json_id

    def __repr__(self) -> str:
        return f"Term({self.n3})"


# ------------------------------------------------------------------------------------------------
# Turtle's abbreviations of vocabulary IRIs, as rdflib's serialiser makes them
# ------------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _pname_oracle() -> TurtleSerializer:
    """rdflib's own serialiser over an empty graph with our prefixes: it says how a vocabulary
    IRI is abbreviated, so the rules (local name escapes, names that cannot end with a dot) stay
    rdflib's."""
    return TurtleSerializer(new_graph())


@lru_cache(maxsize=4096)
def vocabulary_pname(iri: str, is_predicate: bool = False) -> tuple[str, tuple[str, str]] | None:
    """(prefixed name, (prefix, namespace)) of an IRI of the catalogue's namespaces, or None."""
    oracle = _pname_oracle()
    name = oracle.get_pname(URIRef(iri), gen_prefix=is_predicate)
    if name is None:
        return None
    prefix = name.split(":", 1)[0]
    return name, (prefix, str(oracle.namespaces[prefix]))


# ------------------------------------------------------------------------------------------------
# Making terms
# ------------------------------------------------------------------------------------------------

_NOT_IN_IRI = re.compile('[<>" {}|\\\\^`]')


def check_iri(iri: str) -> str:
    """The IRI, or ValueError when it holds a character no serialisation can write (as rdflib)."""
    if _NOT_IN_IRI.search(iri):
        raise ValueError(f'"{iri}" does not look like a valid URI, cannot serialize this. '
                         "Did you want to urlencode it?")
    return iri


def element_text(text: str) -> str:
    """Text escaped as rdflib's XML writer does (saxutils.escape, and \\r as &#13;)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("\r", "&#13;")


_QUOTEATTR_CHANGES = re.compile("[&<>\"\n\r\t]")


def attribute(text: str) -> str:
    """``quoteattr(text)``: an IRI seldom holds a character quoteattr changes, and then it only
    adds the double quotes, which is done here without its replacements."""
    return quoteattr(text) if _QUOTEATTR_CHANGES.search(text) else '"' + text + '"'


_RESOURCE, _EMPTY_END = " rdf:resource=", "/>\n"   # around an IRI object's quoted IRI in RDF/XML


def iri(value: str) -> Term:
    """An IRI; ValueError when it holds a character Turtle or RDF/XML cannot write (the whole
    catalogue is refused then, as rdflib's N-Triples form of the term, the canonical order's key,
    refused it)."""
    value = check_iri(str(value))
    n3 = "<" + value + ">"
    if value.startswith(_NAMESPACES):
        turtle, prefix = ("()", None) if value == RDF_NIL_IRI else turtle_iri(value)
        compacted = compact(value)
    else:
        # compact() abbreviates only IRIs in a namespace of the context, which are PREFIXES'
        # namespaces: the others (the portal's own addresses, most IRIs) are their own JSON-LD id.
        turtle, prefix, compacted = n3, None, value
    pair = ID_PAIR + encode_basestring(compacted)  # its JSON-LD value, {"@id": …}: object_forms([pair])
    return Term(IRI_KIND, value, None, None, n3, turtle, prefix, _RESOURCE + attribute(value) + _EMPTY_END,
                ("{" + pair + "}", _ALONE_OPEN + pair + _ALONE_CLOSE, _ITEM_OPEN + pair + _ITEM_CLOSE), compacted)


def xml_about(term: Term) -> str:
    """The rdf:about attribute of an IRI record as an RDF/XML subject: its quoted IRI is the one
    of its element as an object (checked and quoted when the record was made)."""
    return " rdf:about=" + term.xml[len(_RESOURCE):-len(_EMPTY_END)]


# The JSON-LD forms of an object of one pair (see jsonldforms.object_forms), around the pair.
_ALONE_OPEN, _ALONE_CLOSE = "{\n" + ITEM_INDENT, "\n" + KEY_INDENT + "}"
_ITEM_OPEN, _ITEM_CLOSE = "{\n" + ITEM_INDENT + STEP, "\n" + ITEM_INDENT + "}"


def turtle_iri(iri: str, is_predicate: bool = False) -> tuple[str, tuple[str, str] | None]:
    """The IRI as Turtle writes it, abbreviated when it can be, and the (prefix, namespace) used."""
    if iri.startswith(_NAMESPACES):
        found = vocabulary_pname(iri, is_predicate)
        if found is not None:
            return found
    return "<" + check_iri(iri) + ">", None


def blank(label: str) -> Term:
    label = str(label)
    node_id = "_:" + label
    return Term(BLANK_KIND, label, None, None, node_id, node_id, None, f' rdf:nodeID="{label}"/>\n',
                object_forms([ID_PAIR + encode_basestring(node_id)]), node_id)


def plain_literal(text: str) -> Term:
    """A literal without language or datatype (most of the catalogue's)."""
    n3 = quoted(text)
    encoded = encode_basestring(text)
    return Term(LITERAL_KIND, text, None, None, n3, n3, None, ">" + element_text(text) + "</",
                (encoded, encoded, encoded), None)


def literal(value: Any, language: str | None = None, datatype: str | None = None) -> Term:
    """A literal of any Python value, with rdflib's lexical form and datatype (as ``Literal(value,
    lang=language, datatype=datatype)``)."""
    if type(value) is str and language is None and datatype is None:
        return plain_literal(value)
    if type(value) is int and language is None and datatype in _PLAIN_INTEGER_TYPES:
        # A file's byte size (one per distribution of the catalogue): made without rdflib's Literal,
        # whose lexical form is then str(value) (tests/metadata/test_records.py compares both).
        return _typed_literal_of(str(value), None, datatype, None)
    return from_rdflib(Literal(value, lang=language, datatype=URIRef(datatype) if datatype else None))


def _typed_literal(term: Literal) -> Term:
    return _typed_literal_of(str(term), term.language, str(term.datatype) if term.datatype is not None else None,
                             term)


def _typed_literal_of(text: str, language: str | None, datatype: str | None, term: Literal | None) -> Term:
    """The record of a literal with a language or a datatype; ``term``, its rdflib Literal, is needed
    only for the numeric (Turtle) and native (JSON-LD) datatypes."""
    n3 = quoted(text)
    turtle, prefix, xml_attributes = n3, None, ""
    if language:
        n3 = turtle = n3 + "@" + language
        xml_attributes += f' xml:lang="{language}"'
    if datatype is not None:
        xml_attributes += f' rdf:datatype="{datatype}"'
        n3 += "^^<" + datatype + ">"
        if datatype in _TURTLE_NUMERIC_TYPES:
            prefixes: list = []

            def qname(datatype_iri) -> str:
                text, used = turtle_iri(str(datatype_iri))
                prefixes.append(used)
                return text
            turtle = term._literal_n3(use_plain=True, qname_callback=qname)
            prefix = prefixes[0] if prefixes else None
        else:
            text_of_type, prefix = turtle_iri(datatype)
            turtle += "^^" + text_of_type
        value = term.toPython() if datatype in _JSON_NATIVE_TYPES else \
            {"@type": compact(datatype), "@value": text}
    elif language:
        value = {"@language": language, "@value": text}
    else:
        value = text
    return Term(LITERAL_KIND, text, language, datatype, n3, turtle, prefix,
                xml_attributes + ">" + element_text(text) + "</", written_forms(value), None)


def from_rdflib(term: Node) -> Term:
    """The record of an rdflib term."""
    if isinstance(term, URIRef):
        return iri(term)
    if isinstance(term, BNode):
        return blank(term)
    if isinstance(term, Literal):
        if term.language is None and term.datatype is None:
            return plain_literal(str(term))
        return _typed_literal(term)
    raise TypeError(f"not an RDF term: {term!r}")


def as_term(term) -> Term:
    """A record as it is, any rdflib term as its record."""
    return term if type(term) is Term else from_rdflib(term)


def to_rdflib(term: Term) -> Node:
    """The rdflib term of a record (the reference path: catalogue_graph)."""
    if term.kind == IRI_KIND:
        return URIRef(term.value)
    if term.kind == BLANK_KIND:
        return BNode(term.value)
    return Literal(term.value, lang=term.language, datatype=URIRef(term.datatype) if term.datatype else None)


class Vocabulary:
    """The terms of one namespace, each made once per process: ``Vocabulary(DCT).title`` is the
    record of ``DCT.title``. Predicates must be one record each: the indexes group a subject's
    triples by predicate, found by identity."""

    def __init__(self, namespace: str):
        self._namespace = str(namespace)

    def __getattr__(self, name: str) -> Term:
        if name.startswith("__"):
            raise AttributeError(name)
        term = vocabulary_iri(self._namespace + name)
        setattr(self, name, term)  # found without __getattr__ from now on
        return term

    def __str__(self) -> str:
        return self._namespace


#: IRIs of vocabularies (predicates, classes, file types, themes, licences…), one record each per process.
vocabulary_iri = lru_cache(maxsize=None)(iri)


def quoted(text: str) -> str:
    """A string in Turtle/N-Triples quotes: one line in "…", several in \"\"\"…\"\"\" (the same
    choices as rdflib, except that a final quote after a backslash is escaped, which rdflib misses)."""
    if "\n" in text:
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded.endswith('"'):
            backslashes = len(encoded) - 1 - len(encoded[:-1].rstrip("\\"))
            if backslashes % 2 == 0:  # not escaped yet
                encoded = encoded[:-1] + '\\"'
        return '"""' + encoded.replace("\r", "\\r") + '"""'
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r") + '"'
