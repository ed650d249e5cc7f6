"""Maps in a real browser: Leaflet starts with the expected markers or clusters, without JS errors, and
nothing but the local server is contacted (tile requests are blocked and ignored)."""

from __future__ import annotations

import json

import pytest

from portalgen.pipeline import build
from tests.browser.browser_support import BLANK_PNG, serve_directory
from tests.helpers import write_site


@pytest.fixture(scope="module")
def map_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("maps")
    few = "nom,latitude,longitude\n" + "".join(f"Lieu {i},{47.40 + i / 500:.4f},{1.50 + i / 500:.4f}\n" for i in range(12))
    many = "nom,latitude,longitude\n" + "".join(
        f"Point {i},{47.0 + (i % 40) / 100:.4f},{1.0 + (i // 40) / 100:.4f}\n" for i in range(600))
    shapes = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nom": "Piste"},
         "geometry": {"type": "LineString", "coordinates": [[1.5, 47.4], [1.52, 47.41]]}}]})
    site = write_site(root / "site", {
        "data/few.csv": few, "data/many.csv": many, "data/pistes.geojson": shapes,
        "datasets/few.yml": "title: Quelques lieux\ndescription: x\nresources: [few.csv]\n",
        "datasets/many.yml": "title: Beaucoup de points\ndescription: x\nresources: [many.csv]\n",
        "datasets/pistes.yml": "title: Pistes\ndescription: x\nresources: [pistes.geojson]\n",
        "portal.yml": "title: Cartes\ncommune: {name: T, insee: '35238'}\nsite_url: https://example.org/\n"
                      "map: {home: true}\n",
    })
    report = build(site, root / "out")
    assert report.written, [f.format() for f in report.findings]
    with serve_directory(root / "out") as base_url:
        yield base_url


def open_map(browser, base: str, path: str):
    page = browser.new_page()
    errors, outside = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    def route(request_route):
        if request_route.request.url.startswith(base):
            request_route.continue_()
        elif "tile.openstreetmap.org" in request_route.request.url:
            request_route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)  # tiles: blocked, ignored
        else:
            outside.append(request_route.request.url)
            request_route.abort()
    page.route("**/*", route)
    page.goto(base + path)
    page.wait_for_selector("[data-map-ready]", timeout=30_000)
    return page, errors, outside


def markers_shown(page) -> int:
    singles = page.locator(".leaflet-marker-icon:not(.marker-cluster)").count()
    clustered = sum(int(text) for text in page.locator(".marker-cluster span").all_inner_texts() if text.strip())
    return singles + clustered


def test_small_layer_shows_every_marker(playwright_browser, map_site):
    page, errors, outside = open_map(playwright_browser, map_site, "datasets/few/")
    assert markers_shown(page) == 12
    assert page.locator(".marker-cluster").count() == 0
    assert errors == [] and outside == []
    page.close()


def test_big_layer_is_clustered_and_loaded_from_the_geojson(playwright_browser, map_site):
    page, errors, outside = open_map(playwright_browser, map_site, "datasets/many/")
    assert page.locator(".marker-cluster").count() > 0
    assert markers_shown(page) == 600
    assert errors == [] and outside == []
    page.close()


def test_shapes_and_the_home_map(playwright_browser, map_site):
    page, errors, outside = open_map(playwright_browser, map_site, "datasets/pistes/")
    assert page.locator("path.leaflet-interactive").count() == 1
    assert errors == [] and outside == []
    page.close()
    page, errors, outside = open_map(playwright_browser, map_site, "")
    assert page.locator("path.leaflet-interactive").count() == 1 and markers_shown(page) == 612
    assert errors == [] and outside == []
    page.close()
