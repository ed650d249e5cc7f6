"""The catalogue against the DCAT-AP 3.0.1 SHACL shapes (../shared/reference/dcat): no violation."""

from __future__ import annotations

import pytest
from rdflib import Graph

from portalgen.pipeline import build
from tests.metadata.support import PORTAL, DCAT_AP_SHAPES, findings_text, metadata_site, shacl_violations


@pytest.fixture(scope="module")
def shapes_available():
    if not DCAT_AP_SHAPES.is_file():
        pytest.skip("../shared/reference not available (DCAT-AP 3.0.1 SHACL shapes)")


def test_catalogue_has_no_dcat_ap_violation(shapes_available, tmp_path, monkeypatch):
    site = metadata_site(tmp_path / "site", {
        "datasets/documents.yml": """\
            title: 'Comptes rendus "officiels"'
            description: ''
            licence: other-open
            producer: Secrétariat général
            theme: Divers
            frequency: never
            resources:
              - path: cr.pdf
              - url: https://example.com/cr-2023.html
            """,
        "data/cr.pdf": b"%PDF-1.4 fake\n",
        "datasets/plan.yml": "title: Plan\ndescription: Plan.\nresources: [plan.xyz]\nlicence: odc-odbl\n",
        "data/plan.xyz": b"unknown format",
    })
    (site / "portal.yml").write_text(PORTAL + "dcat_page_size: 2\n", encoding="utf-8")
    report = build(site, tmp_path / "out")
    assert report.written, findings_text(report)
    for name, fmt in (("catalog.ttl", "turtle"), ("catalog.rdf", "xml"), ("catalog.jsonld", "json-ld"),
                      ("catalog/page-2.ttl", "turtle")):
        graph = Graph().parse(tmp_path / "out" / name, format=fmt)
        assert shacl_violations(graph) == [], name


def test_the_shapes_do_catch_a_broken_catalogue(shapes_available, tmp_path):
    from rdflib.namespace import DCTERMS as DCT

    from portalgen.dcat.namespaces import DCAT

    build(metadata_site(tmp_path / "site"), tmp_path / "out")
    graph = Graph().parse(tmp_path / "out" / "catalog.ttl")
    graph.remove((None, DCAT.accessURL, None))
    graph.remove((None, DCT.title, None))
    violations = shacl_violations(graph)
    assert any("accessURL" in v for v in violations) and any("title" in v for v in violations)
