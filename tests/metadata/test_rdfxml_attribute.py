"""The RDF/XML writer's quoting of IRIs (records.attribute) against saxutils.quoteattr, the general path."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

import pytest

from portalgen.dcat.records import attribute

IRIS = ["https://example.org/a", "https://example.org/a?b=1&c=2", "https://example.org/l'été", "https://x/漢字😀",
        'https://x/"q"', "https://x/'s'\"d\"", "https://x/<b>", "https://x/\ttab\nline\rcr", "", "1,5", "mailto:a@b.fr"]


@pytest.mark.parametrize("iri", IRIS)
def test_attribute_is_quoteattr(iri):
    assert attribute(iri) == quoteattr(iri)
