"""Relative links: the fast computation gives exactly what posixpath.relpath gives."""

from __future__ import annotations

import itertools
import posixpath
import random

import pytest

from portalgen import routes


def reference_relative_url(from_path: str, to_path: str) -> str:
    """relative_url as it was written first, with posixpath.relpath."""
    target = routes.url_path(to_path)
    base = posixpath.dirname(from_path)
    if target == "":
        rel = posixpath.relpath(".", base or ".") if base else "."
        return "./" if rel == "." else rel + "/"
    rel = posixpath.relpath(target, base or ".")
    if target.endswith("/"):
        rel += "/"
    return rel


PAGES = ["index.html", "404.html", "datasets/index.html", "datasets/page/2/index.html", "datasets/budget/index.html",
         "datasets/budget/conformite/index.html", "datasets/budget/registre/index.html", "news/a/index.html",
         "themes/economie/index.html", "socle-commun/catalogue/index.html", "pages/x/index.html"]
TARGETS = PAGES + ["assets/portal.css", "assets/vendor/leaflet/leaflet.js", "datasets/budget/budget.csv",
                   "datasets/budget-2/index.html", "datasets/budget/registre/documents/d 1.pdf", "catalog.rdf",
                   "datasets/", "datasets", "search/meta.json", "news/feed.xml", "datasets/budget/budget.geojson"]
ODD = ["", "/", "/abs/index.html", "a//b/index.html", "./a/index.html", "a/./b.html", "../up.html", "a/../b/index.html",
       "a/b/..", "a/.", ".", "..", "a/", "a//", "é/ü.html", "a b/c d.html", "datasets/index.html/", "x/index.html"]


@pytest.mark.parametrize("from_path", PAGES + ["a/b/c/d/e/index.html", "a.html"])
def test_site_paths(from_path):
    for to_path in TARGETS:
        assert routes.relative_url(from_path, to_path) == reference_relative_url(from_path, to_path)


def _outcome(function, *args):
    try:
        return function(*args)
    except ValueError as exc:
        return f"ValueError: {exc}"


def test_odd_paths_fall_back_to_relpath():
    for from_path, to_path in itertools.product(PAGES[:4] + ODD, TARGETS[:6] + ODD):
        assert _outcome(routes.relative_url, from_path, to_path) == _outcome(reference_relative_url, from_path, to_path), (
            from_path, to_path)


def test_random_paths():
    rnd = random.Random(5)
    parts = ["a", "b", "ab", "index.html", "x.csv", "", ".", "..", "datasets", "é"]
    for _ in range(5000):
        from_path = "/".join(rnd.choice(parts) for _ in range(rnd.randint(1, 5)))
        to_path = "/".join(rnd.choice(parts) for _ in range(rnd.randint(1, 5)))
        assert _outcome(routes.relative_url, from_path, to_path) == _outcome(reference_relative_url, from_path, to_path), (
            from_path, to_path)


BELOW = ["budget.csv", "x/", "x/index.html", "index.html", "", "/", ".", "..", "./a.csv", "a/../b.csv", "a//b.csv",
         "é ü.csv", "registre/documents/d 1.pdf", "a/.", "a/..", "sub/index.html/", "x.csv/"]


@pytest.mark.parametrize("from_path", ["datasets/budget/index.html", "datasets/budget/registre/index.html", "a/x.html",
                                       "a//b/index.html", "./a/index.html", "a/../b/index.html", "index.html"])
def test_links_down_into_the_page_folder(from_path):
    """routes._link_down's shortcut, for targets in the page's own folder, gives what relpath gives."""
    base = posixpath.dirname(from_path)
    for below in BELOW:
        to_path = f"{base}/{below}" if base else below
        assert _outcome(routes.relative_url, from_path, to_path) == _outcome(reference_relative_url, from_path, to_path), (
            from_path, to_path)
