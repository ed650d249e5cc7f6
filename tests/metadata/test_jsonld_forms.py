"""The JSON-LD writer's fast forms of a value (jsonld.written_forms) and of a term
(_Document.term_forms) against the general writers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from portalgen.dcat.jsonld import _Document, general_forms, written_forms

ODD_TEXTS = ["", "texte", "  espaces  ", 'guillemets "doubles"', "barre \\ oblique", "ligne\nsuivante\r\n\ttab",
             "<script>alert('x')</script>", "ü ñ 漢字 😀", "1,5", "2024-03-01", "x" * 5000, "null", "\x7f\u2028"]


def odd_terms():
    terms = [URIRef("https://example.org/a?b=1&c=<d>"), URIRef("http://www.w3.org/ns/dcat#Dataset"), BNode("n-1")]
    for text in ODD_TEXTS:
        terms += [Literal(text), Literal(text, lang="fr"), Literal(text, datatype=XSD.date),
                  Literal(text, datatype=XSD.string)]
    terms += [Literal(1), Literal(True), Literal(2.5), Literal(Decimal("1.50")), Literal(dt.date(2024, 2, 29)),
              Literal("abc", datatype=XSD.integer), Literal("1e3", datatype=XSD.double), Literal(-0)]
    return terms


@pytest.mark.parametrize("term", odd_terms(), ids=repr)
def test_fast_forms_are_the_general_forms(term):
    value = _Document().value(term)
    assert written_forms(value) == general_forms(value)


def test_objects_with_unsorted_keys_take_the_general_path():
    value = {"@value": "v", "@type": "xsd:date"}
    assert written_forms(value) == general_forms(value)


@pytest.mark.parametrize("term", odd_terms() + [URIRef("https://example.org/é à/x\"y\\z"), URIRef("urn:x"),
                                                 URIRef("http://purl.org/dc/terms/title"), Literal("x" * 100_000)],
                         ids=repr)
def test_term_forms_are_the_forms_of_the_terms_value(term):
    document = _Document()
    assert document.term_forms(term) == general_forms(_Document().value(term))
