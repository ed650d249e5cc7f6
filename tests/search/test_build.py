"""The search index and search block of a real build (no browser: see test_browser.py for that)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from portalgen.output import OutputPlan
from portalgen.pipeline import build, read_site
from portalgen.render.pages import Renderer
from portalgen.render.search import render_search
from portalgen.search.text import terms
from portalgen.theme import builtin_themes_dir, load_theme

from ..helpers import MINIMAL_PORTAL, broken_internal_links, external_references, tree_bytes, write_site
from .site import TITLES


@pytest.fixture(scope="module")
def out(search_site) -> Path:
    return search_site[1]


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def dataset_ids_of_term(out: Path, term: str) -> set[str]:
    meta = read_json(out / "search/meta.json")
    key = next(term[:k] for k in range(len(term), 1, -1) if term[:k] in meta["shards"])
    entry = read_json(out / f"search/terms/{key}.json")[term]
    numbers, total = [], 0
    for delta in entry[0::2]:
        total += delta
        numbers.append(total)
    cards = [c for n in range(-(-meta["count"] // meta["cardsPerFile"])) for c in read_json(out / f"search/cards/{n}.json")]
    return {re.search(r'href="([^"/]+)/"', cards[n]).group(1) for n in numbers}


def test_the_index_is_written_beside_the_site(out):
    meta = read_json(out / "search/meta.json")
    assert meta["count"] == len(TITLES)
    for key in meta["shards"]:
        assert (out / f"search/terms/{key}.json").is_file()
    assert (out / "search/facets.json").is_file() and (out / "search/order-date.json").is_file()
    assert (out / "assets/search.js").is_file() and (out / "assets/search.css").is_file()


def test_accents_and_plurals_are_folded_in_the_index(out):
    assert dataset_ids_of_term(out, "equip") == {"equipements-sportifs"}
    assert dataset_ids_of_term(out, "budget") == {"budget-primitif-2024", "subventions-associations"}
    assert dataset_ids_of_term(out, "ecol") == {"menus-cantine"}


def test_column_names_are_searchable(out):
    # "beneficiaire" is only a column name of the subventions files
    assert dataset_ids_of_term(out, terms("bénéficiaires")[0]) == {"subventions-associations"}


def test_facets_use_the_theme_labels_and_the_default_producer(out):
    facets = {f["key"]: f for f in read_json(out / "search/meta.json")["facets"]}
    assert facets["theme"]["label"] == "Thème"
    assert ["economie-et-finances", "Économie et finances", 2] in facets["theme"]["values"]
    assert ["mairie-de-rechercheville", "Mairie de Recherchéville", 2] in facets["producer"]["values"]
    assert ["yes", "Avec carte", 2] in facets["map"]["values"]
    assert ["unknown", "Non renseignée", 1] in facets["updated"]["values"]
    assert {v[0] for v in facets["licence"]["values"]} == {"lov2", "odc-odbl"}
    assert {v[0] for v in facets["keyword"]["values"]} >= {"budget", "ecole"}   # "Budget" and "budget": one value


def test_result_cards_escape_markup_and_link_from_the_catalogue(out):
    cards = read_json(out / "search/cards/0.json")
    card = next(c for c in cards if "horaires-services/" in c)
    assert "<img" not in card and "&lt;img src=x" in card
    for c in cards:
        link = re.search(r'href="([^"]+)"', c).group(1)
        assert (out / "datasets" / link / "index.html").is_file()


def test_the_search_block_is_hidden_without_javascript_and_labelled(out):
    html = (out / "datasets/index.html").read_text(encoding="utf-8")
    block = html[html.index('<div class="search"'):]
    assert re.match(r'<div class="search" data-search hidden', block)
    assert '<label for="search-q">' in block and 'id="search-q"' in block
    assert '<label for="search-sort">' in block and 'role="status"' in block and 'role="search"' in block
    assert 'data-index="../search/meta.json"' in block
    # the paginated list is still in the page, after the search block
    assert html.index('class="cards catalogue-list">') > html.index("data-search ")
    assert 'class="pagination"' in html


def test_other_catalogue_pages_have_the_form_only(out):
    html = (out / "datasets/page/2/index.html").read_text(encoding="utf-8")
    assert 'data-first-page="false"' in html and 'action="../../"' in html
    assert "data-search-facets" not in html and 'id="search-sort"' not in html


def test_search_adds_no_broken_link_and_no_other_host(out):
    assert broken_internal_links(out) == []
    assert external_references(out) == []
    script = (out / "assets/search.js").read_text(encoding="utf-8")
    assert "http://" not in script and "https://" not in script and "//" + "cdn" not in script


def test_two_builds_write_the_same_index(search_site, tmp_path):
    site, first = search_site
    second = tmp_path / "again"
    assert build(site, second).written
    assert tree_bytes(first / "search") == tree_bytes(second / "search")
    assert (first / "datasets/index.html").read_bytes() == (second / "datasets/index.html").read_bytes()


def test_a_theme_without_the_card_template_gets_no_index(tmp_path):
    # Such a theme does not extend the default one, so it has no search block either.
    site_dir = write_site(tmp_path / "site", {"portal.yml": MINIMAL_PORTAL + "theme: bare\n"})
    (site_dir / "themes/bare/templates").mkdir(parents=True)
    (site_dir / "themes/bare/templates/catalogue.html").write_text("<p>{{ config.title }}</p>\n", encoding="utf-8")
    (site_dir / "themes/bare/messages.yml").write_bytes((builtin_themes_dir() / "default/messages.yml").read_bytes())
    site, findings = read_site(site_dir)
    plan = OutputPlan()
    render_search(Renderer(site, load_theme(site.config.theme, site.root), plan))
    assert not [path for path in plan.files if path.startswith("search/")] and plan.findings == []
