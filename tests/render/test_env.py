"""Template helpers that replace filter chains must give what the chains gave."""

from __future__ import annotations

import itertools
import random
from types import SimpleNamespace

import jinja2

from portalgen.render.env import card_formats

CHAIN = jinja2.Environment().from_string(
    "{{ resources|map(attribute='format')|map('upper')|unique|sort|join('|') }}")


def test_card_formats_as_the_filter_chain():
    names = ["csv", "CSV", "Csv", "json", "geojson", "a_b", "ab", "xlsx", "pdf", "é", "É", "ß", "x-y", "1", "", "zip"]
    rnd = random.Random(3)
    cases = [list(c) for c in itertools.combinations(names[:6], 3)]
    cases += [[rnd.choice(names) for _ in range(rnd.randint(0, 6))] for _ in range(500)]
    for formats in cases:
        resources = [SimpleNamespace(format=f) for f in formats]
        assert "|".join(card_formats(resources)) == CHAIN.render(resources=resources), formats
