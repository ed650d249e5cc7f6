"""Partials rendered once per key (portalgen/render/once.py): dataset card details and quality summaries are the
text the whole partials wrote, and a theme's card partials are used on every page that lists datasets."""

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


#: The card as one template, before its details were rendered apart (the general path card_details shortcuts).
WHOLE_CARD = """\
<li class="card dataset-card">
{# card_heading: the heading element of the title, h3 by default (h2 where no h2 comes before) #}
  {% set card_tag = card_heading|default('h3') %}<{{ card_tag }} class="card-title"><a href="{{ url(routes.dataset(dataset.id)) }}">{{ dataset.title }}</a></{{ card_tag }}>
  <p class="card-summary">{{ dataset.description|summary(180) }}</p>
  <ul class="card-meta">
    {% if dataset.theme %}<li class="tag">{{ dataset.theme }}</li>{% endif %}
    {% for fmt in dataset.resources|card_formats %}<li class="format">{{ fmt }}</li>{% endfor %}
    {% if dataset.modified %}<li>{{ _('dataset.updated_on', date=dataset.modified|date) }}</li>{% endif %}
  </ul>
</li>
"""

ODD_DATASETS = {
    "vide": "title: Vide\ndescription: \"\"\nresources:\n  - a.csv\n",
    "html": "title: '<script>alert(1)</script> & co'\ndescription: '<img src=x onerror=alert(1)> \"guillemets\" & <b>gras</b>'\n"
            "theme: '<i>Thème</i>'\nmodified: 2024-01-01\nresources:\n  - a.csv\n  - b.json\n  - c.CSV\n",
    "unicode": "title: Œuvres d’art – été\ndescription: \"Montants : 1 234,56 € ; dates 01/02/2024.\\n\\nSecond paragraphe.\"\n"
               "theme: Culture\nmodified: 2023-12-31\nresources:\n  - a.csv\n",
    "long": "title: Long\ndescription: " + "Un texte très long, avec des mots répétés " * 20 + "\ntheme: Économie\n"
            "resources:\n  - a.csv\n",
    "markdown": "title: Markdown\ndescription: \"# Titre\\n\\n* un\\n* **deux** [lien](https://x.org)\"\nresources:\n  - a.csv\n",
}


@pytest.mark.parametrize("page_path", ["datasets/index.html", "datasets/page/2/index.html", "themes/x/index.html"])
@pytest.mark.parametrize("heading", [None, "h2"])
def test_a_card_with_its_details_apart_is_the_whole_card(tmp_path, page_path, heading):
    from portalgen.output import OutputPlan
    from portalgen.pipeline import read_site
    from portalgen.render.pages import Renderer
    from portalgen.theme import load_theme

    files = {f"datasets/{name}.yml": text for name, text in ODD_DATASETS.items()}
    files.update({"data/a.csv": "x\n1\n", "data/b.json": "[]", "data/c.CSV": "x\n1\n", "datasets/subventions.yml": None})
    root = write_site(tmp_path / "site", files)
    site, _ = read_site(root)
    renderer = Renderer(site, load_theme(site.config.theme, site.root), OutputPlan())
    page = "{% for dataset in datasets %}{% include 'partials/dataset_card.html' %}{% endfor %}"
    whole = "{% for dataset in datasets %}" + WHOLE_CARD + "{% endfor %}"
    context = {"datasets": site.datasets, **({"card_heading": heading} if heading else {})}
    for _ in range(2):  # the second time, every card's details come from the memo
        split = renderer.env.from_string(page).render(page_path=page_path, **context)
        assert split == renderer.env.from_string(whole).render(page_path=page_path, **context)
    assert "&lt;script&gt;" in split and "<script>" not in split and len(site.datasets) == len(ODD_DATASETS)


def _criteria(*states):
    from portalgen.dcat.quality import Criterion

    keys = ("description", "licence", "frequency", "up_to_date", "temporal", "spatial")
    return tuple(Criterion(key, passed, scored, message="m", hint="h", config_key="k")
                 for key, (passed, scored) in zip(keys, states))


@pytest.mark.parametrize("criteria", [
    (), _criteria((True, True)), _criteria((False, True), (None, True), (True, False), (True, True)),
    _criteria((None, True), (None, True)), _criteria(*[(True, True)] * 6), _criteria(*[(False, True)] * 6),
    None,
])
def test_the_quality_summary_rendered_once_is_the_whole_quality_partial(tmp_path, criteria):
    """partials/dataset_quality.html through quality_summary (remembered by the report's states) is the
    partial as it was written whole (tests/render/whole_quality_partial.html), on varied reports."""
    from pathlib import Path

    from portalgen.dcat.quality import QualityReport
    from portalgen.output import OutputPlan
    from portalgen.pipeline import read_site
    from portalgen.render.pages import Renderer
    from portalgen.theme import load_theme

    site, _ = read_site(write_site(tmp_path / "site"))
    renderer = Renderer(site, load_theme(site.config.theme, site.root), OutputPlan())
    whole = renderer.env.from_string((Path(__file__).parent / "whole_quality_partial.html").read_text(encoding="utf-8"))
    report = None if criteria is None else QualityReport("subventions", criteria)
    other = None if criteria is None else QualityReport("autre", criteria)  # the same states: the same text
    for quality in (report, other, report):
        dataset = type("D", (), {"quality": quality})()
        split = renderer.template(["partials/dataset_quality.html"]).render(dataset=dataset)
        assert split == whole.render(dataset=dataset)
        assert ('class="quality-score"' in split) == bool(quality and quality.total)
