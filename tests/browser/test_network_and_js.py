"""Privacy and robustness in a real browser: no page asks any host but the local server (map tiles
from the configured tile host are answered locally and ignored), and no page logs a console error,
throws a JavaScript error or misses one of its own files."""

from __future__ import annotations

import re

from .browser_support import html_pages, select_pages, serve_directory, tile_host_regex, url_patterns, visit_pages


def _problems(page_visits, describe) -> list[str]:
    found = []
    for site, visits in page_visits.items():
        for visit in visits:
            lines = describe(visit)
            if lines:
                found.append(f"[{site}] {visit.page}:\n    " + "\n    ".join(lines))
    return found


def test_pages_load(page_visits):
    problems = _problems(page_visits, lambda v: ([v.navigation_error] if v.navigation_error else [])
                         + ([f"HTTP status {v.status}"] if v.status not in (200, 304) else []))
    assert not problems, "pages that did not load:\n" + "\n".join(problems)


def test_no_request_to_another_host(page_visits):
    problems = _problems(page_visits, lambda v: v.outside_requests)
    assert not problems, ("pages that ask another host than the portal (privacy: the visitor's browser "
                          "would tell it their address; serve the file from the site instead):\n" + "\n".join(problems))


def test_no_javascript_or_console_error(page_visits):
    problems = _problems(page_visits, lambda v: [f"page error: {e}" for e in v.page_errors]
                         + [f"console error: {e}" for e in v.console_errors])
    assert not problems, "pages with JavaScript or console errors:\n" + "\n".join(problems)


def test_no_missing_local_file(page_visits):
    problems = _problems(page_visits, lambda v: v.failed_local)
    assert not problems, "pages that load a file of the site that is missing:\n" + "\n".join(problems)


def test_every_page_type_is_visited(built_sites, page_visits):
    """One page of every URL pattern of each built site is visited (all pages when there are few)."""
    for site in built_sites:
        if not site.built:
            continue
        visited = {visit.page for visit in page_visits[site.name]}
        unvisited = [pattern for pattern, pages in url_patterns(list(site.pages)).items()
                     if not visited.intersection(pages)]
        assert not unvisited, f"{site.name}: page types never visited: {unvisited}"


BAD_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Fuites</title>
<link rel="stylesheet" href="https://cdn.example.org/style.css">
<link rel="stylesheet" href="manque.css">
</head><body><main><h1>Fuites</h1>
<img alt="tuile" src="https://tile.openstreetmap.org/1/0/0.png">
<img alt="tuile a" src="https://a.tiles.example.net/1/0/0.png">
<script>console.error("boum"); undefinedFunction();</script>
</main></body></html>
"""


def test_checks_find_leaks_and_errors(browser, tmp_path):
    """The checks themselves work: an outside stylesheet, a missing local file, a console error and a
    page error are all recorded; tiles of the configured tile host are answered and not reported."""
    (tmp_path / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    tiles = tile_host_regex("https://{s}.tiles.example.net/{z}/{x}/{y}.png")
    with serve_directory(tmp_path) as base_url:
        [visit] = visit_pages(browser, base_url, ["index.html"], tile_host=tiles)
    assert visit.navigation_error is None and visit.status == 200
    assert any("cdn.example.org/style.css" in r for r in visit.outside_requests)
    assert any("tile.openstreetmap.org" in r for r in visit.outside_requests)  # not the configured host
    assert visit.tile_requests == ["https://a.tiles.example.net/1/0/0.png"]
    assert any("manque.css" in r and r.startswith("404") for r in visit.failed_local)
    assert any("boum" in e for e in visit.console_errors)
    assert any("undefinedFunction" in e for e in visit.page_errors)


def test_clean_page_has_no_findings(browser, tmp_path):
    (tmp_path / "style.css").write_text("body{color:#111}", encoding="utf-8")
    (tmp_path / "app.js").write_text("document.body.dataset.ok = '1';", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Propre</title>'
        '<link rel="stylesheet" href="style.css"></head><body><main><h1>Propre</h1></main>'
        '<script src="app.js"></script></body></html>', encoding="utf-8")
    with serve_directory(tmp_path) as base_url:
        [visit] = visit_pages(browser, base_url, ["index.html"])
    assert (visit.outside_requests, visit.failed_local, visit.console_errors, visit.page_errors) == ([], [], [], [])


def test_unknown_paths_get_the_site_404_page(tmp_path):
    import urllib.error
    import urllib.request
    (tmp_path / "404.html").write_text("<!DOCTYPE html><title>Introuvable</title>", encoding="utf-8")
    with serve_directory(tmp_path) as base_url:
        try:
            urllib.request.urlopen(base_url + "nulle-part/", timeout=10)
            raise AssertionError("expected a 404")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404 and b"Introuvable" in exc.read()
            assert exc.headers["Content-Type"].startswith("text/html")


def test_page_patterns_group_slugs_not_sections():
    pages = ["404.html", "index.html", "datasets/index.html", "datasets/a/index.html", "datasets/b/index.html",
             "datasets/a/carte/index.html", "datasets/b/carte/index.html", "datasets/page/2/index.html",
             "datasets/page/3/index.html", "news/index.html", "news/x/index.html", "news/y/index.html",
             "news/page/2/index.html", "pages/a-propos/index.html"]
    assert url_patterns(pages) == {
        "404.html": ["404.html"],
        "datasets/*/carte/index.html": ["datasets/a/carte/index.html", "datasets/b/carte/index.html"],
        "datasets/*/index.html": ["datasets/a/index.html", "datasets/b/index.html"],
        "datasets/index.html": ["datasets/index.html"],
        "datasets/page/*/index.html": ["datasets/page/2/index.html", "datasets/page/3/index.html"],
        "index.html": ["index.html"],
        "news/*/index.html": ["news/x/index.html", "news/y/index.html"],
        "news/index.html": ["news/index.html"],
        "news/page/*/index.html": ["news/page/2/index.html"],
        "pages/a-propos/index.html": ["pages/a-propos/index.html"],
    }
    chosen = select_pages(pages, 11)
    assert len(chosen) == 11 and all(set(chosen) & set(group) for group in url_patterns(pages).values())
    assert select_pages(pages, 3) == sorted(group[0] for group in url_patterns(pages).values())
    assert select_pages(pages, 100) == pages


def test_tile_host_regex():
    assert tile_host_regex("none") is None and tile_host_regex(None) is None
    osm = tile_host_regex("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert osm.match("tile.openstreetmap.org") and not osm.match("evil.org")
    sub = tile_host_regex("https://{s}.tile.example.fr/{z}/{x}/{y}.png")
    assert sub.match("b.tile.example.fr") and not sub.match("tile.example.fr.evil.org")
    assert isinstance(sub, re.Pattern)


def test_html_pages_skips_hidden_folders(tmp_path):
    for name in ("index.html", "a/index.html", ".cache/x.html", "a/data.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert html_pages(tmp_path) == ["a/index.html", "index.html"]


SEARCH_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Recherche</title></head>
<body><main><h1>Catalogue</h1><label for="q">Rechercher</label><input type="search" id="q">
<ul id="out"></ul><h2 class="card-title">Budget primitif</h2>
<script>
document.getElementById("q").addEventListener("input", function (event) {
  fetch("index.json?q=" + encodeURIComponent(event.target.value)).then(function (r) { return r.json(); })
    .then(function () { missingHandler(); });
});
</script></main></body></html>
"""


def test_search_box_is_exercised(browser, tmp_path):
    """A page with a search box is also checked after typing in it: here its script fails then."""
    (tmp_path / "index.html").write_text(SEARCH_PAGE, encoding="utf-8")
    (tmp_path / "index.json").write_text("[]", encoding="utf-8")
    with serve_directory(tmp_path) as base_url:
        [visit] = visit_pages(browser, base_url, ["index.html"])
    assert visit.interactions == ['typed "Budget" in the search box']
    assert any("missingHandler" in e for e in visit.page_errors)


def test_search_boxes_of_the_sites_were_exercised(checked_sites, page_visits):
    """Every visited page of the built sites whose HTML has a search box was also checked after a search."""
    for site in checked_sites:
        for visit in page_visits[site.name]:
            html = (site.out_dir / visit.page).read_text(encoding="utf-8")
            if 'type="search"' in html and not visit.navigation_error:
                assert visit.interactions, f"{site.name} {visit.page}: its search box was not tried"
