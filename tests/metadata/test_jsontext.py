"""indented_json (the metadata documents' JSON writer) against json.dumps, the general path it replaces."""

from __future__ import annotations

import json
from collections import OrderedDict

import pytest
from markupsafe import Markup

from portalgen.dcat.jsontext import indented_json

DOCUMENTS = [
    {},
    [],
    "",
    None,
    0,
    -3.25,
    1e300,
    float("nan"),
    True,
    {"a": None, "b": False, "c": [], "d": {}, "e": [[], {}], "f": 12, "g": 1.5},
    {"z": 1, "a": 2, "é": 3, "A": 4, "": 5, "10": 6, "9": 7},
    {"@context": "https://schema.org", "@type": "Dataset", "name": "Subventions 2024",
     "description": "Ligne 1\nLigne 2\t« guillemets » \"doubles\" \\ barre, \u2028 séparateur, \x00 nul",
     "keywords": ["vélo", "", "  ", "1 234,56", "31/12/2024", "<script>alert('x')</script>&amp;"],
     "distribution": [{"@type": "DataDownload", "contentSize": "123 B", "encodingFormat": "text/csv"},
                      {"@type": "DataDownload", "name": "😀 emoji 𝔘", "contentUrl": "https://ex.fr/a b"}],
     "geo": {"latitude": 47.5, "longitude": -0.25}, "isAccessibleForFree": True,
     "nested": [[1, [2, [3, {"x": [None]}]]], ("tuple", "items")]},
    {"long": "x" * 10_000, "markup": Markup("<b>déjà</b>"), "ordered": OrderedDict([("b", 1), ("a", 2)])},
]


@pytest.mark.parametrize("document", DOCUMENTS, ids=range(len(DOCUMENTS)))
@pytest.mark.parametrize("indent", [1, 2, 4])
@pytest.mark.parametrize("sort_keys", [False, True])
def test_same_text_as_json_dumps(document, indent, sort_keys):
    expected = json.dumps(document, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
    assert indented_json(document, indent=indent, sort_keys=sort_keys) == expected


def test_same_errors_for_values_json_cannot_write():
    with pytest.raises(TypeError):
        json.dumps({"a": {1, 2}}, indent=1)
    with pytest.raises(TypeError):
        indented_json({"a": {1, 2}}, indent=1)


def test_keys_must_be_strings():
    with pytest.raises(TypeError):
        indented_json({1: "a"})
