"""`portalgen serve`: serves the built site with the right types, rebuilds on change, shows errors in the browser."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import write_site


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def wait_for(predicate, timeout: float = 60.0):
    end = time.time() + timeout
    while time.time() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.fixture
def served(tmp_path):
    site = write_site(tmp_path / "site", {"data/points.geojson": json.dumps({
        "type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"nom": "A"},
                                                   "geometry": {"type": "Point", "coordinates": [1.5, 47.4]}}]}),
        "datasets/points.yml": "title: Points\ndescription: x\nresources: [points.geojson]\n"})
    log = tmp_path / "serve.log"
    with log.open("w") as stream:
        process = subprocess.Popen([sys.executable, "-m", "portalgen", "serve", str(site), "--port", "0"],
                                   stderr=stream, text=True)
    try:
        def started():
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", log.read_text())
            return int(match.group(1)) if match else None
        port = wait_for(started, timeout=120)
        yield site, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_types_rebuild_and_error_page(served):
    site, base = served
    status, kind, body = get(base)
    assert status == 200 and kind.startswith("text/html")
    assert b"/__portalgen/state" in body  # the reload script, only in serve mode
    assert get(base + "datasets/subventions/subventions.csv")[1].startswith("text/csv")
    assert get(base + "datasets/points/source/points.geojson")[1] == "application/geo+json"
    assert get(base + "catalog.ttl")[1].startswith("text/turtle")
    assert get(base + "catalog.jsonld")[1] == "application/ld+json"
    version = json.loads(get(base + "__portalgen/state")[2])["version"]

    (site / "datasets/subventions.yml").write_text("title: Nouveau titre\ndescription: x\nresources: [subventions.csv]\n")
    wait_for(lambda: json.loads(get(base + "__portalgen/state")[2])["version"] > version)
    assert b"Nouveau titre" in get(base + "datasets/subventions/")[2]

    (site / "datasets/subventions.yml").write_text("title: [cassé\n")
    state = wait_for(lambda: json.loads(get(base + "__portalgen/state")[2])["errors"] or None)
    assert any("datasets/subventions.yml" in e for e in state)
    status, _, body = get(base + "datasets/subventions/")
    assert status == 500 and "datasets/subventions.yml" in body.decode() and "construit" in body.decode()


def test_the_watch_sees_input_files_only_and_never_walks_hidden_folders(tmp_path):
    from portalgen.serve import _snapshot
    site = tmp_path / "site"
    for relative in ("portal.yml", "datasets/a.yml", "data/a.csv", ".env", "_site/index.html",
                     "._site.old-123/datasets/x/index.html", ".portalgen-cache/work/e", ".git/HEAD"):
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text("x")
    before = _snapshot(site, site / "_site")
    assert sorted(Path(p).relative_to(site).as_posix() for p in before) == [
        ".env", "data/a.csv", "datasets/a.yml", "portal.yml"]
    (site / "._site.old-123/datasets/x/index.html").unlink()  # a replaced site being removed
    (site / "_site/index.html").write_text("y")
    assert _snapshot(site, site / "_site") == before
    (site / "data/b.csv").write_text("z")
    assert set(_snapshot(site, site / "_site")) - set(before) == {str(site / "data/b.csv")}
