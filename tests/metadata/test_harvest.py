"""Read the built catalogue the way data.gouv.fr's DCAT harvester does (see support.py), page by page."""

from __future__ import annotations

import json

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS as DCT, FOAF, RDF, RDFS

from portalgen.dcat.namespaces import DCAT, HYDRA, VCARD
from portalgen.dcat.publish import catalogue_files
from portalgen.dcat.vocabularies import DATAGOUV_LICENCE_TITLES
from portalgen.licences import LICENCES
from portalgen.pipeline import build, read_site
from tests.metadata.support import (PORTAL, LICENCE_SNAPSHOT, SITE_URL, findings_text, harvest, memory_fetcher,
                                    metadata_site, site_fetcher)

FIRST_PAGES = ("catalog.rdf", "catalog.ttl", "catalog.jsonld")

EXTRA_DATASETS = {
    "datasets/equipements.yml": """\
        title: Équipements sportifs
        description: La liste des équipements sportifs de la commune, avec leur adresse et leur type.
        licence: odc-odbl
        frequency: irregular
        resources:
          - path: equipements.csv
            description: Un équipement par ligne.
          - url: https://example.com/equipements.geojson
            title: Carte des équipements
        """,
    "data/equipements.csv": "nom,type\nStade municipal,stade\nPiscine,piscine\n",
    "datasets/photos.yml": """\
        title: Photographies anciennes
        description: Des cartes postales anciennes numérisées.
        licence: cc-by-sa
        resources: ["carte postale.jpg"]
        """,
    "data/carte postale.jpg": b"\xff\xd8\xff\xe0fake jpeg",
    "datasets/archives.yml": "title: Archives\ndescription: x\nlicence: other-at\nresources: [equipements.csv]\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("harvest")
    site = metadata_site(root / "site", EXTRA_DATASETS)
    report = build(site, root / "out")
    assert report.written, findings_text(report)
    return report


@pytest.mark.parametrize("first_page", FIRST_PAGES)
def test_every_dataset_comes_through_with_its_licence(built, first_page):
    job = harvest(SITE_URL + first_page, site_fetcher(built.out_dir))
    assert job.skipped == []
    assert job.pages == [SITE_URL + first_page]
    expected = {d.id: d for d in built.site.datasets}
    assert sorted(d.remote_id for d in job.datasets) == sorted(f"{SITE_URL}datasets/{i}/#dataset" for i in expected)
    for harvested in job.datasets:
        dataset = expected[harvested.remote_id.split("/")[-2]]
        assert harvested.title == dataset.title
        assert harvested.licence is not None, f"{dataset.id}: licence not recognised"
        assert harvested.licence.id == dataset.licence.id
        assert harvested.licence_match == "title"  # by data.gouv.fr's exact title, not by luck
        assert harvested.remote_url == f"{SITE_URL}datasets/{dataset.id}/"
        assert harvested.contact_email == "opendata@testville.fr"


@pytest.mark.parametrize("first_page", FIRST_PAGES)
def test_every_resource_comes_through_with_url_format_size_and_schema(built, first_page):
    job = harvest(SITE_URL + first_page, site_fetcher(built.out_dir))
    fetch = site_fetcher(built.out_dir)
    for dataset in built.site.datasets:
        harvested = job.dataset(f"/datasets/{dataset.id}/#dataset")
        expected_urls = set()
        for resource in dataset.resources:
            if resource.is_remote:
                expected_urls.add(resource.url)
            for published in resource.all_files:
                expected_urls.add(f"{SITE_URL}datasets/{dataset.id}/{published.filename}".replace(" ", "%20"))
        assert {r.url for r in harvested.resources} == expected_urls
        assert len(harvested.resources) == len(expected_urls)  # one resource per URL: none merged, none lost
        for resource in harvested.resources:
            assert resource.title and resource.format and resource.mime
            assert resource.licences == {dataset.licence.title}
            if resource.url.startswith(SITE_URL):
                assert resource.filesize == len(fetch(resource.url))


def test_schema_is_recognised_on_the_dataset_and_its_data_files(built):
    job = harvest(SITE_URL + "catalog.rdf", site_fetcher(built.out_dir))
    subventions = job.dataset("/datasets/subventions/#dataset")
    assert subventions.schema_known == ("scdl/subventions", "2.1.1")
    assert subventions.resources and all(r.schema_known == ("scdl/subventions", "2.1.1")
                                         for r in subventions.resources)
    assert subventions.frequency == "ANNUAL"
    assert subventions.temporal is not None and str(subventions.temporal[0]) == "2024-01-01"
    assert {"subventions", "associations", "Économie et finances"} <= subventions.tags
    others = [d for d in job.datasets if d is not subventions]
    assert all(d.schema_url is None and all(r.schema_url is None for r in d.resources) for d in others)


def test_formats_and_media_types_as_udata_reads_them(built):
    job = harvest(SITE_URL + "catalog.ttl", site_fetcher(built.out_dir))
    resources = {r.url.rsplit("/", 1)[-1]: r for d in job.datasets for r in d.resources}
    assert (resources["subventions-2024.csv"].format, resources["subventions-2024.csv"].mime) == ("csv", "text/csv")
    assert (resources["carte%20postale.jpg"].format, resources["carte%20postale.jpg"].mime) == ("jpeg", "image/jpeg")
    geojson = resources["equipements.geojson"]
    assert (geojson.format, geojson.mime) == ("geojson", "application/geo+json")


def test_portalgen_licences_match_datagouv_snapshot():
    if not LICENCE_SNAPSHOT.is_file():
        pytest.skip("../shared/reference not available")
    snapshot = {item["id"]: item for item in json.loads(LICENCE_SNAPSHOT.read_text(encoding="utf-8"))}
    assert DATAGOUV_LICENCE_TITLES == {lid: item["title"] for lid, item in snapshot.items()}
    for licence in LICENCES.values():
        assert licence.id in snapshot, licence.id
        assert licence.title == snapshot[licence.id]["title"], licence.id
        assert licence.url == snapshot[licence.id]["url"], licence.id


# ------------------------------------------------------------------------------------------------
# Paging
# ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    root = tmp_path_factory.mktemp("paged")
    extra = {f"datasets/jeu-{i}.yml": f"title: Jeu {i}\ndescription: Le jeu {i}.\nlicence: {lic}\n"
                                      f"resources: [subventions-2024.csv]\n"
             for i, lic in enumerate(["lov2", "odc-odbl", "cc-by", "other-pd", "lov2", "cc-zero", "odc-by"])}
    extra["portal.yml"] = PORTAL + "dcat_page_size: 3\n"
    site = metadata_site(root / "site", extra)
    report = build(site, root / "out")
    assert report.written, findings_text(report)
    return report


@pytest.mark.parametrize("first_page", FIRST_PAGES)
def test_paged_catalogue_is_walked_to_the_end_with_each_dataset_once(paged, first_page):
    job = harvest(SITE_URL + first_page, site_fetcher(paged.out_dir))
    ext = first_page.rsplit(".", 1)[1]
    assert job.pages == [SITE_URL + first_page, f"{SITE_URL}catalog/page-2.{ext}", f"{SITE_URL}catalog/page-3.{ext}"]
    ids = [d.remote_id for d in job.datasets]
    assert len(ids) == len(set(ids)) == 8
    assert all(d.licence is not None and d.licence_match == "title" for d in job.datasets)
    assert [len(list(g.subjects(RDF.type, DCAT.Dataset))) for g in job.graphs] == [3, 3, 2]


def test_each_page_stands_alone_and_nothing_points_back(paged):
    job = harvest(SITE_URL + "catalog.rdf", site_fetcher(paged.out_dir))
    for number, graph in enumerate(job.graphs, start=1):
        view = graph.value(predicate=RDF.type, object=HYDRA.PartialCollectionView)
        assert str(view) == job.pages[number - 1]
        catalogue = graph.value(predicate=RDF.type, object=DCAT.Catalog)
        assert graph.value(catalogue, HYDRA.view) == view and (catalogue, RDF.type, HYDRA.Collection) in graph
        assert graph.value(catalogue, HYDRA.totalItems).toPython() == 8
        assert graph.value(catalogue, DCT.title) is not None and graph.value(catalogue, DCT.publisher) is not None
        for predicate in (HYDRA.previous, HYDRA.first, HYDRA.last, HYDRA.previousPage, HYDRA.firstPage):
            assert (None, predicate, None) not in graph, predicate
        has_next = graph.value(view, HYDRA.next) is not None
        assert has_next == (number < len(job.graphs))
        for dataset in graph.subjects(RDF.type, DCAT.Dataset):
            licence = graph.value(dataset, DCT.license)
            assert graph.value(licence, RDFS.label) is not None  # the licence node is on this very page
            publisher = graph.value(dataset, DCT.publisher)
            assert graph.value(publisher, FOAF.name) is not None
            contact = graph.value(dataset, DCAT.contactPoint)
            assert graph.value(contact, VCARD.hasEmail) is not None
            standard = graph.value(dataset, DCT.conformsTo)
            if standard is not None:
                assert (standard, RDF.type, DCT.Standard) in graph
            for node in graph.objects(dataset, DCAT.distribution):
                assert graph.value(node, DCAT.downloadURL) is not None


def test_unpaged_catalogue_has_no_hydra(built):
    job = harvest(SITE_URL + "catalog.rdf", site_fetcher(built.out_dir))
    assert not any(str(p).startswith(str(HYDRA)) for p in job.graphs[0].predicates())
    assert not (built.out_dir / "catalog").exists()


def test_a_thousand_datasets(tmp_path):
    extra = {f"datasets/d{i:04}.yml": f"title: Jeu {i}\ndescription: Jeu numéro {i}.\n"
                                      f"resources: [subventions-2024.csv]\n" for i in range(999)}
    site_dir = metadata_site(tmp_path / "site", extra)
    site, findings = read_site(site_dir)
    assert not [f for f in findings if f.level.value == "error"]
    files = {f.path: f.content for f in catalogue_files(site, 100, formats=("xml",))}
    assert set(files) == {"catalog.rdf"} | {f"catalog/page-{n}.rdf" for n in range(2, 11)}
    job = harvest(SITE_URL + "catalog.rdf", memory_fetcher(files))
    assert len(job.pages) == 10
    ids = [d.remote_id for d in job.datasets]
    assert len(ids) == len(set(ids)) == 1000
    assert all(d.licence is not None and d.licence.id == "lov2" for d in job.datasets)
    assert all(len(d.resources) == 1 for d in job.datasets)
    last = job.graphs[-1]
    view = last.value(predicate=RDF.type, object=HYDRA.PartialCollectionView)
    assert view == URIRef(SITE_URL + "catalog/page-10.rdf") and last.value(view, HYDRA.next) is None
