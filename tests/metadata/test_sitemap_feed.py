"""sitemap.xml, robots.txt and the Atom feed: absolute addresses, dates from the data, deterministic."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from portalgen.pipeline import build
from tests.metadata.support import SITE_URL, findings_text, metadata_site

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sitemap")
    site = metadata_site(root / "site", {
        "datasets/ancien.yml": "title: Ancien & <vieux>\ndescription: Vieux jeu.\nissued: 2019-05-04\n"
                               "keywords: [archives]\nresources: [subventions-2024.csv]\n",
        "datasets/sans-date.yml": "title: Sans date\ndescription: x\nresources: [subventions-2024.csv]\n",
        "news/lancement.md": "---\ntitle: Lancement\ndate: 2025-09-01\n---\nLe portail ouvre.\n",
        "pages/a-propos.md": "---\ntitle: À propos\n---\nTexte.\n",
    })
    report = build(site, root / "out")
    assert report.written, findings_text(report)
    return root / "out"


def sitemap(out: Path) -> dict[str, str | None]:
    root = ET.parse(out / "sitemap.xml").getroot()
    assert root.tag == f"{SM}urlset"
    return {url.find(f"{SM}loc").text: (url.find(f"{SM}lastmod").text if url.find(f"{SM}lastmod") is not None
                                        else None) for url in root.findall(f"{SM}url")}


def test_sitemap_lists_pages_with_dates_from_the_data(out):
    urls = sitemap(out)
    assert urls[SITE_URL] == "2025-09-01"                           # newest of data and news
    assert urls[SITE_URL + "datasets/"] == "2025-06-30"             # newest dataset update
    assert urls[SITE_URL + "datasets/subventions/"] == "2025-06-30"  # modified
    assert urls[SITE_URL + "datasets/ancien/"] == "2019-05-04"       # issued when never modified
    assert urls[SITE_URL + "datasets/sans-date/"] is None            # no date: none invented (not the build date)
    assert urls[SITE_URL + "news/lancement/"] == "2025-09-01"
    assert SITE_URL + "pages/a-propos/" in urls
    assert all(url.startswith(SITE_URL) for url in urls)
    assert SITE_URL + "404.html" not in urls
    for url in urls:
        path = url[len(SITE_URL):]
        assert (out / (path + "index.html" if path.endswith("/") or not path else path)).is_file(), url


def test_robots_points_to_the_sitemap(out):
    assert (out / "robots.txt").read_text(encoding="utf-8") == \
        f"User-agent: *\nAllow: /\n\nSitemap: {SITE_URL}sitemap.xml\n"


def test_atom_feed_of_new_and_updated_datasets(out):
    root = ET.parse(out / "feed.atom").getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id").text == SITE_URL + "feed.atom"
    assert root.find(f"{ATOM}updated").text == "2025-06-30T00:00:00Z"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Subventions aux associations", "Ancien & <vieux>"]
    first = entries[0]
    assert first.find(f"{ATOM}id").text == SITE_URL + "datasets/subventions/#dataset"
    assert first.find(f"{ATOM}link").get("href") == SITE_URL + "datasets/subventions/"
    assert first.find(f"{ATOM}published").text == "2021-02-01T00:00:00Z"
    assert first.find(f"{ATOM}summary").text.startswith("Les subventions versées")
    assert [c.get("term") for c in entries[1].findall(f"{ATOM}category")] == ["archives"]
    assert b"&lt;vieux&gt;" in (out / "feed.atom").read_bytes()


def test_feed_of_a_site_without_dates_is_valid_and_dated_deterministically(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = metadata_site(tmp_path / "site", {
        "datasets/subventions.yml": "title: S\ndescription: x\nresources: [subventions-2024.csv]\n"})
    build(site, tmp_path / "a")
    build(site, tmp_path / "b")
    root = ET.parse(tmp_path / "a" / "feed.atom").getroot()
    assert root.findall(f"{ATOM}entry") == [] and root.find(f"{ATOM}updated").text == "1970-01-01T00:00:00Z"
    assert (tmp_path / "a" / "feed.atom").read_bytes() == (tmp_path / "b" / "feed.atom").read_bytes()
    assert (tmp_path / "a" / "sitemap.xml").read_bytes() == (tmp_path / "b" / "sitemap.xml").read_bytes()
