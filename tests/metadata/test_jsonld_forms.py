"""The JSON-LD writer's fast forms of a value (jsonldforms.written_forms) and of a term (its
record's, records.Term.json) against the general writers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from portalgen.dcat.jsonldforms import compact, general_forms, written_forms
from portalgen.dcat.records import from_rdflib

_NATIVE_TYPES = frozenset({XSD.boolean, XSD.integer, XSD.double, XSD.string})


def jsonld_value(term):
    """The term's value in rdflib's JSON-LD with a context of prefixes only: the general path."""
    if isinstance(term, Literal):
        if term.datatype is not None:
            if term.datatype in _NATIVE_TYPES:
                return term.toPython()
            return {"@type": compact(term.datatype), "@value": str(term)}
        if term.language:
            return {"@language": term.language, "@value": str(term)}
        return str(term)
    if isinstance(term, BNode):
        return {"@id": "_:" + str(term)}
    return {"@id": compact(term)}

ODD_TEXTS = ["", "texte", "  espaces  ", 'guillemets "doubles"', "barre \\ oblique", "ligne\nsuivante\r\n\ttab",
             "<script>alert('x')</script>", "ü ñ 漢字 😀", "1,5", "2024-03-01", "x" * 5000, "null", "\x7f\u2028"]


def odd_terms():
    terms = [URIRef("https://example.org/a?b=1&c=d&e=f%3C"), URIRef("http://www.w3.org/ns/dcat#Dataset"), BNode("n-1")]
    for text in ODD_TEXTS:
        terms += [Literal(text), Literal(text, lang="fr"), Literal(text, datatype=XSD.date),
                  Literal(text, datatype=XSD.string)]
    terms += [Literal(1), Literal(True), Literal(2.5), Literal(Decimal("1.50")), Literal(dt.date(2024, 2, 29)),
              Literal("abc", datatype=XSD.integer), Literal("1e3", datatype=XSD.double), Literal(-0)]
    return terms


@pytest.mark.parametrize("term", odd_terms(), ids=repr)
def test_fast_forms_are_the_general_forms(term):
    value = jsonld_value(term)
    assert written_forms(value) == general_forms(value)


def test_objects_with_unsorted_keys_take_the_general_path():
    value = {"@value": "v", "@type": "xsd:date"}
    assert written_forms(value) == general_forms(value)


@pytest.mark.parametrize("term", odd_terms() + [URIRef("https://example.org/é%20à/x'y"), URIRef("urn:x"),
                                                 URIRef("http://purl.org/dc/terms/title"), Literal("x" * 100_000)],
                         ids=repr)
def test_record_forms_are_the_forms_of_the_terms_value(term):
    assert from_rdflib(term).json == general_forms(jsonld_value(term))
