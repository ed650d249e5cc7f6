"""Dataset cards: a theme's card partials are used on every page that lists datasets, and in the search index."""

from __future__ import annotations

import pytest

from portalgen.pipeline import build
from tests.helpers import write_site

DATASET = """\
title: Subventions {n}
description: "Les subventions <b>versées</b> aux associations, 12,5 % de plus & « autres »."
theme: Économie
producer: Service des finances
featured: true
modified: 2024-03-01
resources:
  - subventions.csv
"""

#: Each page listing both datasets, with how many cards it has (the home page: featured and latest).
LISTINGS = {"datasets/index.html": 2, "themes/economie/index.html": 2, "producers/service-des-finances/index.html": 2,
            "index.html": 4, "search/cards/0.json": 2}


def _listed_site(tmp_path, templates: dict[str, str]):
    files = {f"datasets/subventions-{n}.yml": DATASET.format(n=n) for n in (1, 2)}
    files.update({f"templates/partials/{name}": text for name, text in templates.items()})
    site = write_site(tmp_path / "site", {"datasets/subventions.yml": None, **files})
    build(site)
    return site / "_site"


@pytest.mark.parametrize("name", ["dataset_card.html", "dataset_card_details.html"])
def test_a_theme_card_partial_is_used_everywhere_datasets_are_listed(tmp_path, name):
    out = _listed_site(tmp_path, {name: '<li class="mine">{{ dataset.title }}</li>\n'})
    for listing, cards in LISTINGS.items():
        text = (out / listing).read_text(encoding="utf-8")
        assert text.count('class=\\"mine\\"' if listing.endswith(".json") else 'class="mine"') == cards, listing


def test_card_details_are_the_same_on_every_page(tmp_path):
    out = _listed_site(tmp_path, {})
    catalogue = (out / "datasets/index.html").read_text(encoding="utf-8")
    topic = (out / "themes/economie/index.html").read_text(encoding="utf-8")
    details = catalogue[catalogue.index('<p class="card-summary">'):catalogue.index("</ul>\n</li>")]
    assert "versées aux associations, 12,5 % de plus &amp; « autres »." in details and "<b>" not in details
    assert details in topic
