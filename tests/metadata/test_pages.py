"""What the pages carry for search engines and harvesters: schema.org JSON-LD, alternate links,
and the quality score block."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from portalgen.pipeline import build
from tests.helpers import broken_internal_links, dangerous_markup, external_references
from tests.metadata.support import SITE_URL, findings_text, metadata_site


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts: list[str] = []
        self.links: list[dict[str, str]] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.scripts.append("")
        if tag == "link":
            self.links.append(attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.scripts[-1] += data


def head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


EVIL = 'Titre </script><script>alert(1)</script> "cité" & <b>gras</b>'


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pages")
    site = metadata_site(root / "site", {
        "datasets/evil.yml": f"title: {json.dumps(EVIL)}\ndescription: 'Texte **gras**\n\n  Second paragraphe.'\n"
                             "resources: [subventions-2024.csv]\nproducer: Service culture\n",
    })
    report = build(site, root / "out")
    assert report.written, findings_text(report)
    return root / "out"


def test_dataset_page_has_a_schema_org_dataset(out):
    parsed = head(out / "datasets/subventions/index.html")
    assert len(parsed.scripts) == 1
    data = json.loads(parsed.scripts[0])
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    assert data["name"] == "Subventions aux associations"
    assert data["url"] == SITE_URL + "datasets/subventions/"
    assert data["identifier"] == SITE_URL + "datasets/subventions/#dataset"
    assert data["license"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
    assert data["keywords"] == ["subventions", "associations"]
    assert data["publisher"]["name"] == data["creator"]["name"] == "Mairie de Testville"
    assert data["temporalCoverage"] == "2024-01-01/2024-12-31"
    assert data["spatialCoverage"]["name"] == "Testville"
    assert data["spatialCoverage"]["geo"] == {"@type": "GeoCoordinates", "latitude": 48.11, "longitude": -1.68}
    assert data["dateModified"] == "2025-06-30"
    assert data["includedInDataCatalog"]["url"] == SITE_URL + "datasets/"
    assert len(data["description"]) >= 50
    downloads = {d["contentUrl"]: d for d in data["distribution"]}
    csv = downloads[SITE_URL + "datasets/subventions/subventions-2024.csv"]
    assert csv["@type"] == "DataDownload" and csv["encodingFormat"] == "text/csv"
    assert csv["name"].startswith("Subventions 2024")
    assert all(url.startswith(SITE_URL + "datasets/subventions/") for url in downloads)


def test_json_ld_cannot_be_broken_out_of(out):
    page = (out / "datasets/evil/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    parsed = head(out / "datasets/evil/index.html")
    data = json.loads(parsed.scripts[0])
    assert data["name"] == EVIL
    assert data["description"] == "Texte gras Second paragraphe."
    assert data["creator"]["name"] == "Service culture"
    assert dangerous_markup(out) == []


def test_catalogue_page_has_a_data_catalog_and_alternate_links(out):
    parsed = head(out / "datasets/index.html")
    data = json.loads(parsed.scripts[0])
    assert data["@type"] == "DataCatalog" and data["url"] == SITE_URL + "datasets/"
    assert {d["url"] for d in data["dataset"]} == {SITE_URL + "datasets/subventions/", SITE_URL + "datasets/evil/"}
    alternates = {link["type"]: link["href"] for link in parsed.links if link.get("rel") == "alternate"}
    assert alternates["application/rdf+xml"] == "../catalog.rdf"


def test_home_page_links_to_catalogue_feed_and_sitemap(out):
    parsed = head(out / "index.html")
    alternates = {link["type"]: link["href"] for link in parsed.links if link.get("rel") == "alternate"}
    assert alternates == {"application/rdf+xml": "catalog.rdf", "text/turtle": "catalog.ttl",
                          "application/ld+json": "catalog.jsonld", "application/atom+xml": "feed.atom"}
    assert any(link.get("rel") == "sitemap" and link["href"] == "sitemap.xml" for link in parsed.links)
    assert broken_internal_links(out) == []
    assert external_references(out) == []  # relative links: nothing is loaded from another host


def test_quality_block_on_the_dataset_page(out):
    page = (out / "datasets/subventions/index.html").read_text(encoding="utf-8")
    block = page[page.index('<section class="quality"'):]
    block = block[:block.index("</section>")]
    assert "Qualité des métadonnées" in block
    # SOURCE_DATE_EPOCH (tests/conftest.py) is 2026-01-01 and the data was updated on 2025-06-30 (annual): on time
    assert "8 critères remplis sur 8" in block
    assert '<meter id="qualite-score" min="0" max="8" value="8">' in block
    assert block.count("critère rempli") == 8
    evil = (out / "datasets/evil/index.html").read_text(encoding="utf-8")
    evil_block = evil[evil.index('<section class="quality"'):]
    assert re.search(r"[0-7] critères remplis sur 8", evil_block)
    assert "Description détaillée<span class=\"visually-hidden\"> (critère non rempli)" in evil_block


def test_quality_block_in_english_and_unassessed_without_build_date(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = metadata_site(tmp_path / "site")
    portal = site / "portal.yml"
    portal.write_text(portal.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    report = build(site, tmp_path / "out")
    assert report.written, findings_text(report)
    page = (tmp_path / "out/datasets/subventions/index.html").read_text(encoding="utf-8")
    assert "Metadata quality" in page and "7 of 7 criteria met" in page
    assert 'Updated on schedule<span class="note"> (not assessed when the site was generated)' in page
