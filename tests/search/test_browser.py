"""The catalogue search in a real browser (Playwright + Debian's chromium), on a built fixture site
and on a generated 1,000-dataset catalogue. Each expected answer comes from how the datasets were
written or generated, never from searching in Python."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from portalgen.pipeline import build
from portalgen.search.text import terms

from . import synthetic as gen
from .site import TITLES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
GENERATED = 1000
PAGE_SIZE = 20          # search.js PAGE_SIZE

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: install Debian's "
                                "chromium package (.ci/install-tools) to run the browser tests")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def serve():
    servers = []

    def start(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(playwright_browser):
    return playwright_browser  # one Chromium for the whole session (tests/conftest.py)


@pytest.fixture(scope="module")
def shared_page(browser):
    """One tab for the whole module (opening a tab is slow on a busy machine); each test navigates first."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if "portalgen search" in message.text else None)
    yield page, errors
    context.close()


@pytest.fixture
def page(shared_page):
    page, errors = shared_page
    errors.clear()
    yield page
    assert errors == [], errors


@pytest.fixture(scope="module")
def fixture_url(search_site, serve) -> str:
    return serve(search_site[1])


@pytest.fixture(scope="module")
def generated_out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    gen.write_catalogue_site(gen.make_site(GENERATED, root / "site"), root / "out")
    return root / "out"


@pytest.fixture(scope="module")
def generated_url(generated_out, serve) -> str:
    return serve(generated_out)


# ---- helpers -------------------------------------------------------------------------------------------

def open_search(page, base: str, query: str = "") -> None:
    page.goto(base + "datasets/" + query)
    page.wait_for_selector("[data-search].search-ready")
    settle(page)


def settle(page) -> None:
    """Wait until the results on screen are those of the address bar."""
    page.wait_for_function("""() => {
        const shown = document.querySelector('[data-search]').getAttribute('data-shown');
        return !document.querySelector('.search-results[aria-busy]') && shown === (location.search || location.pathname);
    }""")


def shown_ids(page) -> list[str]:
    hrefs = page.eval_on_selector_all("[data-search-list] .card-title a", "links => links.map(a => a.getAttribute('href'))")
    return [h.strip("/").rsplit("/", 1)[-1] for h in hrefs]


def status(page) -> str:
    return page.inner_text("[data-search-status]").strip()


def found_count(page) -> int:
    text = status(page)
    if text.startswith("Aucun"):
        return 0
    return int(re.sub(r"\D", "", text.split(" jeu")[0]))


def all_ids(page, base: str, query: str) -> list[str]:
    """Every result of a search, following the "next page" link of the results."""
    open_search(page, base, query)
    ids = shown_ids(page)
    while page.query_selector("[data-search-pages] a[rel=next]"):
        page.click("[data-search-pages] a[rel=next]")
        settle(page)
        assert page.evaluate("document.activeElement.matches('[data-search-status]')")
        ids += shown_ids(page)
    return ids


def facet_box(page, facet: str, value: str):
    return page.locator(f"[data-search-facets] input[name='{facet}'][value='{value}']")


def facet_count(page, facet: str, value: str) -> int:
    label = page.locator(f"label[for='{facet_box(page, facet, value).get_attribute('id')}'] .facet-count")
    return int(re.sub(r"\D", "", label.inner_text()))


# ---- the fixture site ----------------------------------------------------------------------------------

def test_without_javascript_the_paginated_list_stays(browser, fixture_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(fixture_url + "datasets/?q=budget")
    assert not page.is_visible("[data-search]")
    assert len(page.query_selector_all(".container > .catalogue-list .card")) == 3      # catalogue_page_size
    assert page.is_visible(".container > nav.pagination")
    context.close()


def test_opening_a_search_url_shows_the_matching_datasets(page, fixture_url):
    open_search(page, fixture_url, "?q=equipement")
    assert shown_ids(page) == ["equipements-sportifs"]
    assert status(page) == "1 jeu de données trouvé."
    assert page.input_value("#search-q") == "equipement"
    # the static list and its pagination are replaced by the results
    assert not page.is_visible(".container > .catalogue-list") and not page.is_visible(".container > nav.pagination")


QUERIES = [
    ("Équipements SPORTIFS", ["equipements-sportifs"]),
    ("piscines", ["equipements-sportifs"]),                       # plural of a keyword
    ("budget", ["budget-primitif-2024", "subventions-associations"]),
    ("budget 2024", ["budget-primitif-2024"]),                     # every word must match
    ("ecoles", ["menus-cantine"]),                                 # description word, accent and plural
    ("financ", ["budget-primitif-2024", "subventions-associations"]),  # a word being typed
    ("associations budgets", ["subventions-associations"]),
    ("horaires img", ["horaires-services"]),
    ("bénéficiaire", ["subventions-associations"]),                # a column name
    ("de la et", list(TITLES)),                                    # only stop words: everything
    ("piscine budget", []),
]


def test_queries_on_the_fixture_site(page, fixture_url):
    open_search(page, fixture_url, "?sort=title")
    for query, expected in QUERIES:
        page.fill("#search-q", query)
        page.press("#search-q", "Enter")
        settle(page)
        assert shown_ids(page) == sorted(expected, key=lambda i: TITLES[i].casefold()), query
        assert found_count(page) == len(expected), query
    assert status(page) == "Aucun jeu de données ne correspond à la recherche."


def test_relevance_puts_title_matches_first(page, fixture_url):
    open_search(page, fixture_url, "?q=budget")
    assert shown_ids(page) == ["budget-primitif-2024", "subventions-associations"]


def test_facets_combine_and_their_counts_follow(page, fixture_url):
    open_search(page, fixture_url)
    assert found_count(page) == 6
    assert facet_count(page, "theme", "economie-et-finances") == 2
    facet_box(page, "theme", "economie-et-finances").check()
    settle(page)
    assert sorted(shown_ids(page)) == ["budget-primitif-2024", "subventions-associations"]
    assert parse_qs(urlparse(page.url).query) == {"theme": ["economie-et-finances"]}
    # values of the same facet add up; other facets' counts are those of the results
    assert facet_count(page, "theme", "environnement") == 1
    assert facet_count(page, "format", "json") == 1 and facet_count(page, "format", "csv") == 2
    assert not facet_box(page, "format", "geojson").is_visible()         # no result has it
    facet_box(page, "theme", "environnement").check()
    settle(page)
    assert sorted(shown_ids(page)) == ["arbres-alignement", "budget-primitif-2024", "subventions-associations"]
    # another facet narrows
    facet_box(page, "map", "yes").check()
    settle(page)
    assert shown_ids(page) == ["arbres-alignement"]
    assert parse_qs(urlparse(page.url).query) == {"theme": ["economie-et-finances", "environnement"], "map": ["yes"]}
    # going back restores the previous state
    page.go_back()
    page.wait_for_function("!location.search.includes('map=')")
    settle(page)
    assert sorted(shown_ids(page)) == ["arbres-alignement", "budget-primitif-2024", "subventions-associations"]
    assert not facet_box(page, "map", "yes").is_checked()


def test_facets_and_text_together(page, fixture_url):
    open_search(page, fixture_url, "?q=budget&producer=direction-des-finances&updated=2023")
    assert shown_ids(page) == ["subventions-associations"]
    assert facet_box(page, "updated", "2023").is_checked()
    assert facet_count(page, "updated", "2024") == 1


def test_sorting_by_date_and_title(page, fixture_url):
    open_search(page, fixture_url, "?sort=date")
    assert shown_ids(page) == ["budget-primitif-2024", "equipements-sportifs", "subventions-associations",
                               "menus-cantine", "horaires-services", "arbres-alignement"]   # undated last
    page.select_option("#search-sort", "title")
    settle(page)
    assert shown_ids(page) == sorted(TITLES, key=lambda i: TITLES[i].casefold())
    assert "sort=title" in page.url


def test_typing_updates_the_results_and_the_address(page, fixture_url):
    open_search(page, fixture_url)
    page.fill("#search-q", "arbres")
    page.wait_for_function("location.search === '?q=arbres'")
    settle(page)
    assert shown_ids(page) == ["arbres-alignement"]


def test_keyboard_only_search(page, fixture_url):
    open_search(page, fixture_url)
    page.focus("#search-q")
    page.keyboard.type("cantine")
    page.keyboard.press("Enter")
    page.wait_for_function("location.search === '?q=cantine'")
    settle(page)
    assert shown_ids(page) == ["menus-cantine"]
    page.keyboard.press("Shift+Tab")        # the status got the focus after the search; back to the controls
    page.focus("#search-q")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.press("Enter")
    settle(page)
    box = facet_box(page, "licence", "odc-odbl")
    box.focus()
    page.keyboard.press("Space")
    settle(page)
    assert shown_ids(page) == ["arbres-alignement"] and box.is_checked()
    page.focus("[data-search-clear]")
    page.keyboard.press("Enter")
    settle(page)
    assert found_count(page) == 6 and not box.is_checked()
    assert page.evaluate("document.activeElement.id") == "search-q"


def test_controls_are_labelled_and_the_count_is_announced(page, fixture_url):
    open_search(page, fixture_url, "?q=budget")
    assert page.get_attribute("[data-search-status]", "role") == "status"
    unlabelled = page.eval_on_selector_all("[data-search] input, [data-search] select",
                                           "controls => controls.filter(c => !c.labels.length).map(c => c.outerHTML)")
    assert unlabelled == []
    assert page.eval_on_selector_all("[data-search] input", "inputs => inputs.length") > 10
    legends = page.eval_on_selector_all("[data-search-facets] fieldset:not([hidden]) legend", "ls => ls.map(l => l.textContent)")
    assert legends[:2] == ["Thème", "Mot-clé"] and "Carte" in legends


def test_markup_in_titles_stays_text(page, fixture_url):
    open_search(page, fixture_url, "?q=horaires")
    assert page.inner_text("[data-search-list] .card-title") == TITLES["horaires-services"]
    assert page.evaluate("window.pwned") is None


def test_odd_addresses_are_tolerated(page, fixture_url):
    open_search(page, fixture_url, "?theme=nope&sort=bogus&page=99&q=budget")
    assert found_count(page) == 2 and len(shown_ids(page)) == 2        # the last page is shown


def test_search_links_on_later_pages_lead_to_the_first(page, fixture_url):
    page.goto(fixture_url + "datasets/page/2/?q=arbres")
    page.wait_for_url(re.compile(r"/datasets/\?q=arbres$"))
    page.wait_for_selector("[data-search].search-ready")
    settle(page)
    assert shown_ids(page) == ["arbres-alignement"]
    page.goto(fixture_url + "datasets/page/2/")
    assert page.is_visible("#search-q") and page.is_visible(".container > .catalogue-list")


def test_analysis_is_the_same_in_the_browser_and_in_python(page, fixture_url):
    open_search(page, fixture_url)
    text = ("Équipements sportifs ; L'eau des fontaines, les bureaux et journaux ; Sœur Cæcilia ; stationnement "
            "vélos déchetterie municipalité culturelles financières années 2024 n°12 administrative "
            "Développement ÉCOLES élèves jeux parcs personnes travaux arbres d'alignement")
    assert page.evaluate("t => window.portalgenSearch.terms(t)", text) == terms(text)


def test_only_the_site_is_contacted(page, fixture_url):
    hosts = set()

    def record(request):
        hosts.add(urlparse(request.url).netloc)
    page.on("request", record)
    try:
        open_search(page, fixture_url, "?q=budget&sort=date")
    finally:
        page.remove_listener("request", record)
    assert hosts == {urlparse(fixture_url).netloc}


# ---- the sample site -------------------------------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[2] / "sample_site"


@pytest.fixture(scope="module")
def sample(tmp_path_factory, serve):
    """The sample commune, built from a copy (builds write a cache inside the site folder)."""
    if not (SAMPLE / "portal.yml").is_file():
        pytest.skip("sample_site/ is not in this checkout")
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(SAMPLE, root / "site", ignore=shutil.ignore_patterns("_site", ".portalgen-cache"))
    try:
        report = build(root / "site", root / "out")
    except Exception as exc:  # another stage's bug: tests/test_build.py reports it; here there is nothing to search
        pytest.skip(f"sample_site does not build: {type(exc).__name__}: {str(exc)[:300]}")
    if not report.written:
        errors = "; ".join(str(f) for f in report.findings if f.level.value == "error")
        pytest.skip(f"sample_site does not build: {errors[:300]}")
    written = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "site/datasets").glob("*.yml"))}
    return serve(root / "out"), written


def test_sample_site_queries_and_facets(page, sample):
    url, written = sample

    def having(predicate):
        return sorted(i for i, d in written.items() if predicate(d))

    def words_of(d):
        return set(terms(" ".join([d["title"], " ".join(d.get("keywords", []))])))

    open_search(page, url, "?q=equipement")
    assert shown_ids(page)[0] == "equipements"
    open_search(page, url, "?q=velos&sort=title")
    assert set(shown_ids(page)) >= set(having(lambda d: "velo" in words_of(d)))
    open_search(page, url, "?theme=mobilite")
    assert sorted(shown_ids(page)) == having(lambda d: d.get("theme") == "Mobilité")
    open_search(page, url, "?theme=economie-et-finances&schema=scdl&q=budget")
    assert sorted(shown_ids(page)) == having(lambda d: d.get("theme") == "Économie et finances"
                                             and str(d.get("schema", "")).startswith("scdl/")
                                             and "budget" in words_of(d))
    open_search(page, url, "?producer=services-techniques&licence=odc-odbl")
    assert sorted(shown_ids(page)) == having(lambda d: d.get("producer") == "Services techniques"
                                             and d.get("licence") == "odc-odbl")


# ---- a generated 1,000-dataset catalogue ------------------------------------------------------------------

def expected_ids(predicate) -> list[str]:
    """Ids in title order of the generated datasets for which ``predicate(i)`` holds."""
    chosen = [i for i in range(GENERATED) if predicate(i)]
    return [gen.dataset_id(i) for i in sorted(chosen, key=lambda i: (gen.title_of(i).casefold(), gen.dataset_id(i)))]


def test_generated_query_with_accents_and_plurals(page, generated_url):
    expected = expected_ids(lambda i: gen.subject_of(i) == 0 or "équipement" in gen.keywords_of(i))
    open_search(page, generated_url, "?q=equipement&sort=title")
    assert found_count(page) == len(expected)
    assert shown_ids(page) == expected[:PAGE_SIZE]


def test_generated_query_and_facets_of_several_kinds(page, generated_url):
    def wanted(i):
        has_budget = gen.subject_of(i) == 1 or {"Budget", "budget"} & set(gen.keywords_of(i))
        return bool(has_budget) and gen.theme_of(i) in ("Économie et finances", "Mobilité") \
            and "geojson" in gen.formats_of(i) and gen.licence_of(i) == "lov2"
    expected = expected_ids(wanted)
    assert 0 < len(expected) < GENERATED / 10
    query = "?q=budgets&theme=economie-et-finances&theme=mobilite&format=geojson&licence=lov2&sort=title"
    assert all_ids(page, generated_url, query) == expected


def test_generated_facets_only(page, generated_url):
    # SCDL or another schema, updated in 2019 or 2020, by the publisher: three facets, two with two values each
    expected = expected_ids(lambda i: gen.schema_of(i) is not None and gen.modified_of(i) is not None
                            and gen.modified_of(i).year in (2019, 2020) and gen.producer_of(i) == gen.PUBLISHER)
    assert expected
    query = "?schema=other&schema=scdl&updated=2019&updated=2020&producer=mairie-de-syntheville&sort=title"
    assert all_ids(page, generated_url, query) == expected


def test_generated_facet_counts(page, generated_url):
    open_search(page, generated_url, "?q=energie")
    in_text = [i for i in range(GENERATED) if gen.subject_of(i) == 7 or "énergie" in gen.keywords_of(i)]
    assert found_count(page) == len(in_text)
    for theme in ("Environnement", "Culture"):
        key = theme.lower()
        assert facet_count(page, "theme", key) == sum(1 for i in in_text if gen.theme_of(i) == theme)
    assert facet_count(page, "map", "yes") == sum(1 for i in in_text if "geojson" in gen.formats_of(i))


def test_generated_sort_by_date(page, generated_url):
    open_search(page, generated_url, "?q=cantine&sort=date")
    chosen = [i for i in range(GENERATED) if gen.subject_of(i) == 6]
    chosen.sort(key=lambda i: (gen.modified_of(i) is None, -(gen.modified_of(i).toordinal() if gen.modified_of(i) else 0),
                               gen.title_of(i).casefold()))
    assert shown_ids(page) == [gen.dataset_id(i) for i in chosen[:PAGE_SIZE]]


def test_a_query_reads_a_small_part_of_the_index(page, generated_url, generated_out):
    loaded: dict[str, int] = {}

    def record(response):
        if "/search/" in response.url and response.ok:
            loaded[response.url] = len(response.body())
    page.goto("about:blank")            # nothing of the index in the page's memory
    page.on("response", record)
    try:
        open_search(page, generated_url, "?q=fontaines&theme=culture")
    finally:
        page.remove_listener("response", record)
    assert found_count(page) > 0
    whole = sum(p.stat().st_size for p in (generated_out / "search").rglob("*") if p.is_file())
    assert sum(loaded.values()) < whole / 5, (sum(loaded.values()), whole)


def test_without_the_index_the_paginated_list_stays(shared_page, fixture_url):
    page, errors = shared_page
    page.route("**/search/meta.json", lambda route: route.fulfill(status=404, body="absent"))
    try:
        page.goto(fixture_url + "datasets/?q=budget")
        page.wait_for_function("window.portalgenSearch !== undefined")
        page.wait_for_timeout(300)
        assert not page.is_visible("[data-search]")
        assert page.is_visible(".container > .catalogue-list") and page.is_visible(".container > nav.pagination")
    finally:
        page.unroute("**/search/meta.json")
    assert any("portalgen search is unavailable" in e for e in errors)
    errors.clear()


def test_a_failing_query_is_announced(shared_page, fixture_url):
    page, errors = shared_page
    open_search(page, fixture_url)
    page.route("**/search/terms/**", lambda route: route.abort())
    try:
        page.fill("#search-q", "arbres")
        page.wait_for_function("document.querySelector('[data-search-status]').textContent.includes('Rechargez')")
    finally:
        page.unroute("**/search/terms/**")
    assert status(page) == "La recherche ne répond pas. Rechargez la page pour réessayer."
    assert any("portalgen search failed" in e for e in errors)
    errors.clear()


def test_long_facets_show_the_first_values_and_open_on_demand(page, generated_url):
    open_search(page, generated_url)
    fieldset = page.locator("fieldset.facet", has=page.locator("legend", has_text="Année de mise à jour"))
    more = fieldset.locator("button.facet-more")
    assert fieldset.locator("li:visible").count() == 8
    assert more.get_attribute("aria-expanded") == "false" and more.inner_text() == "Afficher les 9 valeurs"
    more.focus()
    page.keyboard.press("Enter")
    assert fieldset.locator("li:visible").count() == 9 and more.get_attribute("aria-expanded") == "true"
    assert facet_count(page, "updated", "unknown") == sum(1 for i in range(GENERATED) if gen.modified_of(i) is None)


def test_on_a_narrow_screen_the_filters_start_folded(page, fixture_url):
    page.set_viewport_size({"width": 400, "height": 800})
    try:
        open_search(page, fixture_url, "?q=budget")
        assert not page.is_visible("[data-search-facets]") and page.is_visible("[data-search-list] .card")
        page.focus("[data-search-filters] summary")
        page.keyboard.press("Enter")
        assert page.is_visible("[data-search-facets]")
    finally:
        page.set_viewport_size({"width": 1280, "height": 720})
