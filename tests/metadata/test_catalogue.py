"""The DCAT-AP catalogue: what each dataset and download says, in all three serialisations."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS as DCT, FOAF, RDF, RDFS, XSD

from portalgen.dcat.namespaces import DCAT, SPDX, VCARD
from portalgen.pipeline import build, check
from tests.metadata.support import (COMMUNE_SIRET, SITE_URL, SUBVENTIONS_CSV, findings_text, metadata_site,
                                    site_fetcher)

FORMATS = {"catalog.ttl": "turtle", "catalog.rdf": "xml", "catalog.jsonld": "json-ld"}
SCHEMA_URL = "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json"
DATASET = URIRef(SITE_URL + "datasets/subventions/#dataset")
CSV_URL = URIRef(SITE_URL + "datasets/subventions/subventions-2024.csv")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("catalogue")
    site = metadata_site(root / "site", {
        "datasets/documents.yml": """\
            title: Comptes rendus du conseil municipal
            description: Les comptes rendus des séances.
            licence: other-open
            producer: Secrétariat général
            resources:
              - path: "compte rendu 2024.pdf"
              - url: https://example.com/archives/cr-2023.pdf
                title: Compte rendu 2023
            """,
        "data/compte rendu 2024.pdf": b"%PDF-1.4 fake\n",
    })
    report = build(site, root / "out")
    assert report.written, findings_text(report)
    return root / "out"


def graphs(out: Path) -> dict[str, Graph]:
    return {name: Graph().parse(data=(out / name).read_text(encoding="utf-8"), format=fmt)
            for name, fmt in FORMATS.items()}


def test_the_three_files_hold_the_same_graph(built):
    parsed = graphs(built)
    ttl = parsed["catalog.ttl"]
    assert len(ttl) > 50
    for name, graph in parsed.items():
        assert isomorphic(graph, ttl), name


def test_jsonld_context_is_inline(built):
    document = json.loads((built / "catalog.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert all(isinstance(v, str) and v.endswith(("#", "/")) for v in document["@context"].values())  # prefixes only
    assert "@graph" in document


def test_catalogue_node(built):
    g = graphs(built)["catalog.ttl"]
    catalogue = g.value(predicate=RDF.type, object=DCAT.Catalog)
    assert str(catalogue) == SITE_URL + "datasets/"
    assert str(g.value(catalogue, DCT.title)) == "Données ouvertes de Testville"
    assert "publie ses données" in str(g.value(catalogue, DCT.description))
    assert g.value(catalogue, FOAF.homepage) == URIRef(SITE_URL)
    assert g.value(catalogue, DCT.language) == URIRef("http://publications.europa.eu/resource/authority/language/FRA")
    assert g.value(catalogue, DCT.modified) == Literal(dt.date(2025, 6, 30))
    publisher = g.value(catalogue, DCT.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in g
    assert str(g.value(publisher, FOAF.name)) == "Mairie de Testville"
    assert str(g.value(publisher, DCT.identifier)) == COMMUNE_SIRET
    spatial = g.value(catalogue, DCT.spatial)
    assert (spatial, RDF.type, DCT.Location) in g and str(g.value(spatial, RDFS.label)) == "Testville"
    licence = g.value(catalogue, DCT.license)
    assert str(g.value(licence, DCT.title)) == "Licence Ouverte / Open Licence version 2.0"
    assert set(g.objects(catalogue, DCAT.dataset)) == {DATASET, URIRef(SITE_URL + "datasets/documents/#dataset")}


def test_dataset_metadata(built):
    g = graphs(built)["catalog.rdf"]
    assert str(g.value(DATASET, DCT.identifier)) == str(DATASET)
    assert str(g.value(DATASET, DCT.title)) == "Subventions aux associations"
    assert {str(k) for k in g.objects(DATASET, DCAT.keyword)} == {"subventions", "associations"}
    assert g.value(DATASET, DCAT.theme) == URIRef("http://publications.europa.eu/resource/authority/data-theme/ECON")
    assert g.value(DATASET, DCT.accrualPeriodicity) == URIRef(
        "http://publications.europa.eu/resource/authority/frequency/ANNUAL")
    assert g.value(DATASET, DCT.issued) == Literal(dt.date(2021, 2, 1))
    assert g.value(DATASET, DCT.modified) == Literal(dt.date(2025, 6, 30))
    assert g.value(DATASET, DCAT.landingPage) == URIRef(SITE_URL + "datasets/subventions/")
    assert g.value(DATASET, DCT.conformsTo) == URIRef(SCHEMA_URL)
    assert (URIRef(SCHEMA_URL), RDF.type, DCT.Standard) in g
    period = g.value(DATASET, DCT.temporal)
    assert isinstance(period, BNode) and (period, RDF.type, DCT.PeriodOfTime) in g
    assert g.value(period, DCAT.startDate) == Literal(dt.date(2024, 1, 1))
    assert g.value(period, DCAT.endDate) == Literal(dt.date(2024, 12, 31))
    assert g.value(period, DCAT.endDate).datatype == XSD.date
    contact = g.value(DATASET, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in g
    assert g.value(contact, VCARD.hasEmail) == URIRef("mailto:opendata@testville.fr")
    assert g.value(DATASET, DCT.spatial) == URIRef("https://geo.api.gouv.fr/communes/35238")


def test_distribution_of_a_local_file(built):
    g = graphs(built)["catalog.jsonld"]
    distributions = list(g.objects(DATASET, DCAT.distribution))
    assert len(distributions) >= 1
    csv = next(d for d in distributions if g.value(d, DCAT.downloadURL) == CSV_URL)
    assert g.value(csv, DCAT.accessURL) == CSV_URL
    assert str(g.value(csv, DCT.title)).startswith("Subventions 2024")
    assert g.value(csv, DCT.format) == URIRef("http://publications.europa.eu/resource/authority/file-type/CSV")
    assert g.value(csv, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/text/csv")
    size = g.value(csv, DCAT.byteSize)
    assert size.datatype == XSD.nonNegativeInteger
    assert size.toPython() == len(SUBVENTIONS_CSV.encode("utf-8")) == (built / "datasets/subventions/subventions-2024.csv").stat().st_size
    assert g.value(csv, DCT.conformsTo) == URIRef(SCHEMA_URL)
    assert g.value(csv, DCT.license) == g.value(DATASET, DCT.license)


def test_every_download_url_is_absolute_and_leads_to_a_published_file(built):
    g = graphs(built)["catalog.ttl"]
    fetch = site_fetcher(built)
    urls = [str(u) for u in g.objects(None, DCAT.downloadURL)]
    local = [u for u in urls if u.startswith(SITE_URL)]
    assert len(local) >= 2
    for url in local:
        assert fetch(url)  # raises when the URL does not lead to a file
    assert SITE_URL + "datasets/documents/compte%20rendu%202024.pdf" in local  # percent-encoded, a valid IRI
    assert "https://example.com/archives/cr-2023.pdf" in urls


def test_licence_is_an_iri_node_with_datagouv_title_on_dataset_and_each_distribution(built):
    g = graphs(built)["catalog.ttl"]
    for dataset in g.subjects(RDF.type, DCAT.Dataset):
        licence = g.value(dataset, DCT.license)
        assert isinstance(licence, URIRef)
        assert (licence, RDF.type, DCT.LicenseDocument) in g
        assert g.value(licence, RDFS.label) == g.value(licence, DCT.title)
        for distribution in g.objects(dataset, DCAT.distribution):
            assert g.value(distribution, DCT.license) == licence
    other = g.value(URIRef(SITE_URL + "datasets/documents/#dataset"), DCT.license)
    assert str(g.value(other, RDFS.label)) == "Other (Open)"
    lov2 = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence")
    assert str(g.value(lov2, RDFS.label)) == "Licence Ouverte / Open Licence version 2.0"


def test_documents_do_not_claim_the_table_schema_and_producer_is_creator(built):
    g = graphs(built)["catalog.ttl"]
    documents = URIRef(SITE_URL + "datasets/documents/#dataset")
    assert g.value(documents, DCT.conformsTo) is None
    creator = g.value(documents, DCT.creator)
    assert str(g.value(creator, FOAF.name)) == "Secrétariat général"
    remote = next(d for d in g.objects(documents, DCAT.distribution)
                  if str(g.value(d, DCAT.accessURL)).startswith("https://example.com/"))
    assert g.value(remote, DCAT.byteSize) is None  # unknown for a remote file: not invented


def test_no_checksum_in_the_catalogue_but_a_sha256sums_file(built):
    for name, fmt in FORMATS.items():
        g = Graph().parse(built / name, format=fmt)
        assert not any(str(p).startswith(str(SPDX)) for p in g.predicates()), name
    assert "spdx" not in (built / "catalog.ttl").read_text()
    lines = (built / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert [line.split("  ", 1)[1] for line in lines] == sorted(line.split("  ", 1)[1] for line in lines)
    for line in lines:
        digest, path = line.split("  ", 1)
        assert hashlib.sha256((built / path).read_bytes()).hexdigest() == digest
    assert any(line.endswith("datasets/subventions/subventions-2024.csv") for line in lines)


def test_quotes_newlines_and_markup_survive_every_serialisation(tmp_path):
    title = 'Budget "primitif" <b>2024</b> & annexes\nsur deux lignes \\ fin'
    description = "Première ligne « citée ».\n\n<script>alert('x')</script> & ]]> et \"guillemets\"\x0b."
    site = metadata_site(tmp_path / "site", {
        "datasets/budget.yml": f"title: {json.dumps(title)}\ndescription: {json.dumps(description)}\n"
                               f"keywords: ['a \"b\"', \"c'd\"]\nresources: [subventions-2024.csv]\n",
    })
    report = build(site, tmp_path / "out")
    assert report.written, findings_text(report)
    dataset = URIRef(SITE_URL + "datasets/budget/#dataset")
    for name, fmt in FORMATS.items():
        g = Graph().parse(data=(tmp_path / "out" / name).read_text(encoding="utf-8"), format=fmt)
        assert str(g.value(dataset, DCT.title)) == title.strip(), name
        assert str(g.value(dataset, DCT.description)) == description.replace("\x0b", "").strip(), name
        assert {str(k) for k in g.objects(dataset, DCAT.keyword)} == {'a "b"', "c'd"}, name


def test_dataset_without_dates_theme_or_contact_email_still_validates_its_shape(tmp_path):
    site = metadata_site(tmp_path / "site", {
        "portal.yml": f"title: T\ncommune: {{name: T, insee: '35238'}}\nsite_url: {SITE_URL}\n",
        "datasets/subventions.yml": "title: S\ndescription: ''\ntheme: Divers\nresources: [subventions-2024.csv]\n",
    })
    report = build(site, tmp_path / "out")
    assert report.written, findings_text(report)
    g = Graph().parse(tmp_path / "out" / "catalog.ttl")
    assert str(g.value(DATASET, DCT.description)) == "S"  # DCAT-AP requires a description: the title stands in
    assert g.value(DATASET, DCAT.theme) is None
    assert "Divers" in {str(k) for k in g.objects(DATASET, DCAT.keyword)}
    assert g.value(DATASET, DCT.modified) is None and g.value(DATASET, DCT.temporal) is None
    assert g.value(DATASET, DCT.accrualPeriodicity) == URIRef(
        "http://publications.europa.eu/resource/authority/frequency/UNKNOWN")
    publisher = g.value(DATASET, DCT.publisher)
    assert str(g.value(publisher, FOAF.name)) == "T"


def test_identifier_is_stable_when_the_title_changes(tmp_path):
    site = metadata_site(tmp_path / "site")
    build(site, tmp_path / "one")
    yml = site / "datasets/subventions.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("Subventions aux associations", "Aides versées"),
                   encoding="utf-8")
    build(site, tmp_path / "two")
    ids = []
    for out in ("one", "two"):
        g = Graph().parse(tmp_path / out / "catalog.rdf", format="xml")
        ids.append((str(g.value(DATASET, DCT.identifier)),
                    sorted(str(u) for u in g.objects(None, DCAT.downloadURL))))
    assert ids[0] == ids[1]


def test_two_builds_are_byte_identical_even_with_another_hash_seed(tmp_path):
    site = metadata_site(tmp_path / "site", {
        "datasets/b.yml": "title: B\ndescription: b\nkeywords: [z, y, x]\nresources: [subventions-2024.csv]\n",
        "datasets/a.yml": "title: A\ndescription: a\nlicence: odc-odbl\nresources: [subventions-2024.csv]\n",
    })
    script = ("import sys; from pathlib import Path; from portalgen.pipeline import build; "
              "r = build(Path(sys.argv[1]), Path(sys.argv[2])); sys.exit(0 if r.written else 1)")
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        subprocess.run([sys.executable, "-c", script, str(site), str(tmp_path / f"out{seed}")], check=True, env=env)
    names = ["catalog.ttl", "catalog.rdf", "catalog.jsonld", "SHA256SUMS", "sitemap.xml", "robots.txt", "feed.atom"]
    for name in names:
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes(), name


def test_missing_site_url_is_an_error_at_check_time(tmp_path):
    site = metadata_site(tmp_path / "site", {
        "portal.yml": "title: T\ncommune: {name: T, insee: '35238'}\n"})
    report = check(site)
    errors = [f for f in report.findings if f.code == "site-url-missing"]
    assert len(errors) == 1 and report.failed()
    text = errors[0].format()
    assert text.startswith("portal.yml: site_url: site_url is not set")
    assert "Hint: add the address the portal is published at to portal.yml" in text
    result = build(site, tmp_path / "out")
    assert not result.written and not (tmp_path / "out").exists()


def test_http_site_url_is_a_warning(tmp_path):
    site = metadata_site(tmp_path / "site", {
        "portal.yml": "title: T\ncommune: {name: T, insee: '35238'}\nsite_url: http://example.org/\n"})
    report = check(site)
    warnings = [f for f in report.findings if f.code == "site-url-http"]
    assert len(warnings) == 1 and warnings[0].where.file == "portal.yml" and warnings[0].where.line == 3


def test_hand_written_addresses_become_valid_iris(tmp_path):
    site = metadata_site(tmp_path / "site", {
        "datasets/lien.yml": "title: Lien\ndescription: x\nresources:\n"
                             "  - url: 'https://example.com/export?q={1}|\"2\"&f=csv'\n    format: csv\n"})
    report = build(site, tmp_path / "out")
    assert report.written, findings_text(report)
    for name, fmt in FORMATS.items():
        g = Graph().parse(tmp_path / "out" / name, format=fmt)
        urls = {str(u) for u in g.objects(None, DCAT.downloadURL) if "example.com" in str(u)}
        assert urls == {"https://example.com/export?q=%7B1%7D%7C%222%22&f=csv"}, name
