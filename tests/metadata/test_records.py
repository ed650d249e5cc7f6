"""The catalogue's term records (dcat/records.py) against rdflib's terms, the general path: the
records graph.py makes directly are the records of the rdflib terms rdflib would make of the same
values, every form of a record is the one rdflib writes, and the conversions go both ways."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import quoteattr

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from portalgen.dcat.jsonldforms import compact
from portalgen.dcat.records import (Term, blank, from_rdflib, iri, literal, plain_literal, to_rdflib,
                                    vocabulary_iri, xml_about)

ODD_TEXTS = ["", "texte", "  espaces  ", 'guillemets "doubles" et \'simples\'', "barre \\ oblique", "fin \\",
             'fin en guillemet "', 'a\nb\\"', "ligne\nsuivante\r\n\ttab", '"""trois"""\nguillemets',
             "<script>alert('x')</script>&amp;", "ü ñ 漢字 😀", "1,5", "2024-03-01", "x" * 5000, "null",
             "\u2028\u00a0"]
ODD_IRIS = ["https://example.org/a", "https://example.org/é%20à/x'y;(1)", "https://x/漢字😀?a=1&b=2",
            "http://www.w3.org/ns/dcat#Dataset", "http://www.w3.org/ns/dcat#local.", "http://purl.org/dc/terms/",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil", "mailto:a@b.example", "urn:x",
            "https://geo.api.gouv.fr/communes/35238", "https://www.iana.org/assignments/media-types/text/csv"]
VALUES = [1, 0, -3, 10_000, True, 2.5, dt.date(2024, 2, 29), dt.date(1999, 12, 31)]
DATATYPES = [str(XSD.date), str(XSD.nonNegativeInteger), str(XSD.string), "http://www.opengis.net/ont/geosparql#wktLiteral",
             "https://example.org/types#odd"]


def slots(term: Term) -> tuple:
    return tuple(getattr(term, name) for name in Term.__slots__)


def rdflib_pairs():
    """(the record graph.py makes, the rdflib term of the same value), for odd values of every kind."""
    pairs = [(iri(value), URIRef(value)) for value in ODD_IRIS]
    pairs += [(blank(label), BNode(label)) for label in ("period-d-1", "format-7z", "x")]
    for text in ODD_TEXTS:
        pairs.append((literal(text), Literal(text)))
        pairs.append((plain_literal(text), Literal(text)))
        pairs += [(literal(text, language=lang), Literal(text, lang=lang)) for lang in ("fr", "en", "en-GB")]
        pairs += [(literal(text, datatype=datatype), Literal(text, datatype=URIRef(datatype)))
                  for datatype in DATATYPES]
    pairs += [(literal(value), Literal(value)) for value in VALUES]
    pairs += [(literal(7, datatype=str(XSD.nonNegativeInteger)), Literal(7, datatype=XSD.nonNegativeInteger))]
    # Integers of the integer types literal() makes without rdflib (a file's byte size), odd ones too.
    pairs += [(literal(number, datatype=str(XSD[name])), Literal(number, datatype=XSD[name]))
              for name in ("nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
                           "long", "int", "unsignedLong", "unsignedInt")
              for number in (0, 1, -1, 7, 255, 65_536, 2**31, 2**63, -2**63 - 1, 10**30)]
    return pairs


@pytest.mark.parametrize("made, term", rdflib_pairs(), ids=repr)
def test_made_records_are_the_records_of_rdflibs_terms(made, term):
    assert slots(made) == slots(from_rdflib(term))


@pytest.mark.parametrize("made, term", rdflib_pairs(), ids=repr)
def test_a_records_forms_are_rdflibs(made, term):
    assert made.kind == type(term).__name__
    assert made.value == str(term)
    if not (isinstance(term, Literal) and str(term).endswith('\\"') and "\n" in str(term)):
        assert made.n3 == term.n3()  # (rdflib leaves a final quote after a backslash bare: see test_writers)
    assert to_rdflib(made) == term
    assert type(to_rdflib(made)) is type(term)


def test_records_are_equal_only_to_themselves():
    """Equal terms made twice are two records (the indexes make them one by their N-Triples form)."""
    first, second = literal("même texte"), plain_literal("même texte")
    assert first != second and first.n3 == second.n3
    assert len({first, second}) == 2


@pytest.mark.parametrize("value", ODD_IRIS + ["http://www.w3.org/ns/dcat", "http://www.w3.org/ns/dcat#", "https://x/a#b",
                                              "http://purl.org/dc/terms", "http://purl.org/dc/termsX/y", "x:y"])
def test_an_iris_json_ld_id_is_its_compacted_form(value):
    """iri() compacts only the IRIs of the context's namespaces (the others are their own id)."""
    assert iri(value).json_id == compact(value)


@pytest.mark.parametrize("value", ODD_IRIS + ["https://x/a&b'c\te", "https://x/\n\r"])
def test_an_iris_rdf_about_is_its_quoted_iri(value):
    assert xml_about(iri(value)) == " rdf:about=" + quoteattr(value)


def test_vocabulary_iris_are_one_record_each():
    assert vocabulary_iri("http://purl.org/dc/terms/title") is vocabulary_iri("http://purl.org/dc/terms/title")


@pytest.mark.parametrize("value", ["https://example.org/a b", "https://example.org/<a>", 'https://x/"q"',
                                   "https://x/{a}", "https://x/a|b", "https://x/a\\b", "https://x/^", "https://x/`"])
def test_an_iri_no_format_can_hold_is_refused(value):
    with pytest.raises(ValueError):
        iri(value)
    with pytest.raises(Exception, match="does not look like a valid URI"):  # rdflib's refusal
        URIRef(value).n3()
