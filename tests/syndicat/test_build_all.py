"""build-all and merge on a tiny syndicat: three communes that build, one that does not.

The syndicat is built once as a whole (through the command line, two processes) and once as two
shards merged; both outputs are compared byte for byte, then inspected like a visitor and a
harvester would.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from portalgen.cli import main
from portalgen.errors import PortalgenError
from portalgen.pipeline import build
from portalgen.syndicat import build_all, load_syndicat, merge
from portalgen.syndicat.catalogue import collect_datasets, regional_catalogue_files
from portalgen.syndicat.output import read_marker, read_summaries
from portalgen.syndicat.shards import Shard, shard_of

from ..helpers import broken_internal_links
from .support import COMMUNES, PORTAL, code_digest, commune_files, tree_bytes, write, write_syndicat

DCAT = "http://www.w3.org/ns/dcat#"
EPOCH = "1717200000"   # 2024-06-01: the reference date of the observatory's freshness

CIVRAY_OVERRIDES = """\
licence: cc-by
contact:
  email: mairie@civray.fr
"""

LATE_DATASET = """\
title: Menus de la cantine
description: Les menus servis à la cantine scolaire, publiés chaque mois par le service enfance de la commune de Civray.
frequency: monthly
modified: 2024-01-31
resources:
  - menus.csv
"""

BROKEN_PORTAL = """\
title: Données ouvertes de Dorne
commune:
  name: Dorne
  insee: "41004"
licnce: lov2
"""


def syndicat_files() -> dict[str, str]:
    files: dict[str, str] = {}
    civray = COMMUNES["civray"]
    files[f"communes/civray/portal.yml"] = PORTAL.format(name=civray[0], insee=civray[1], lat=civray[2],
                                                         lon=civray[3]) + CIVRAY_OVERRIDES
    files["communes/civray/datasets/menus.yml"] = LATE_DATASET
    files["communes/civray/data/menus.csv"] = "date,menu\n2024-01-08,Gratin\n"
    files["communes/dorne/portal.yml"] = BROKEN_PORTAL
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The syndicat, built whole by the CLI (2 jobs) and as 2 merged shards (1 job each)."""
    base = tmp_path_factory.mktemp("syndicat")
    root = write_syndicat(base / "syndicat", extra_files=syndicat_files())
    code_before = code_digest()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        patch.chdir(base)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["build-all", "syndicat", "-o", "whole", "--jobs", "2"])
        shards = [build_all(Path("syndicat"), Path(f"shard-{k}"), jobs=1, shard=Shard(k, 2)) for k in (1, 2)]
        merged = merge([Path("shard-1"), Path("shard-2")], Path("merged"))
    return {"base": base, "root": root, "status": status, "stdout": out.getvalue(), "stderr": err.getvalue(),
            "whole": base / "whole", "shards": shards, "merged": merged, "code": code_before,
            "code_stable": code_digest() == code_before}


def without_input_fingerprints(tree: dict[str, bytes]) -> dict[str, bytes]:
    """The files, with each site marker cut to its first line (the rest fingerprints the code it was built with)."""
    return {path: content.split(b"\n")[0] if path.endswith(".portalgen-site") else content
            for path, content in tree.items()}


def test_one_broken_commune_does_not_stop_the_others(built):
    whole = built["whole"]
    assert built["status"] == 1
    for slug in ("aubin", "bercy", "civray"):
        assert (whole / slug / "index.html").is_file(), slug
        assert f"ok      {slug}:" in built["stdout"]
    assert not (whole / "dorne").exists()
    assert "FAILED  dorne: 1 error" in built["stdout"]


def test_the_summary_lists_the_problem_with_file_and_line(built):
    stderr = built["stderr"]
    assert "\ndorne:\n  error: communes/dorne/portal.yml:5:1: licnce: unknown key 'licnce'." in stderr
    assert "did you mean 'licence'?" in stderr
    assert "build-all: 3 communes built; 1 failed (dorne)" in stderr
    marker = read_marker(built["whole"])
    assert marker.built == ("aubin", "bercy", "civray")
    assert [slug for slug, _ in marker.failed] == ["dorne"]


def test_shards_split_the_communes_and_merge_equals_a_single_build(built):
    first, second = built["shards"]
    slugs = sorted(["aubin", "bercy", "civray", "dorne"])
    assert sorted(r.slug for r in first.results + second.results) == slugs
    assert all(shard_of(r.slug, 2) == 1 for r in first.results)
    assert first.regional is None and not (built["base"] / "shard-1" / "index.html").exists()
    assert [r.slug for r in built["merged"].failed_communes] == ["dorne"]
    whole, merged = tree_bytes(built["whole"]), tree_bytes(built["base"] / "merged")
    if not built["code_stable"]:   # someone edited portalgen during the builds: the markers' fingerprints differ
        whole, merged = without_input_fingerprints(whole), without_input_fingerprints(merged)
    assert sorted(whole) == sorted(merged)
    assert [path for path in whole if whole[path] != merged[path]] == []


def test_each_commune_is_built_exactly_as_it_would_be_alone(built, tmp_path, monkeypatch):
    """bercy with the inherited settings written out in its own portal.yml gives the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    name, insee, lat, lon = COMMUNES["bercy"]
    alone = write(tmp_path / "bercy", commune_files("bercy", name, insee, lat, lon))
    shutil.move(alone / "communes" / "bercy", tmp_path / "standalone")
    (tmp_path / "standalone" / "portal.yml").write_text(PORTAL.format(name=name, insee=insee, lat=lat, lon=lon) + """\
site_url: https://opendata.lerette.fr/bercy/
theme: default
licence: odc-odbl
contact:
  email: opendata@lerette.fr
  phone: "02 00 00 00 00"
map:
  tiles: none
legal:
  host:
    name: Syndicat mixte de la Lérette
""", encoding="utf-8")
    report = build(tmp_path / "standalone", tmp_path / "out")
    assert report.written, [str(f) for f in report.findings]
    alone, member = tree_bytes(tmp_path / "out"), tree_bytes(built["whole"] / "bercy")
    # the marker records a fingerprint of the inputs (the folders differ: portal.yml, syndicat.yml), not content
    assert alone.pop(".portalgen-site").splitlines()[0] == member.pop(".portalgen-site").splitlines()[0]
    assert alone == member


def test_inherited_and_overridden_settings_show_on_the_pages(built):
    whole = built["whole"]
    aubin = (whole / "aubin" / "index.html").read_text(encoding="utf-8")
    civray = (whole / "civray" / "index.html").read_text(encoding="utf-8")
    assert "opendata@lerette.fr" in aubin
    assert "mairie@civray.fr" in civray and "opendata@lerette.fr" not in civray
    legal = (whole / "civray" / "mentions-legales" / "index.html").read_text(encoding="utf-8")
    assert "Syndicat mixte de la Lérette" in legal                         # legal.host still comes from the syndicat
    graph = Graph().parse(whole / "civray" / "catalog.ttl", format="turtle")
    licences = {str(o) for o in graph.objects(None, DCTERMS.license)}
    assert licences and all("cc-by" in licence for licence in licences), licences   # the commune's own licence


def test_the_regional_catalogue_has_every_dataset_with_its_commune_as_publisher(built):
    graph = Graph().parse(built["whole"] / "catalog.ttl", format="turtle")
    catalogue = URIRef("https://opendata.lerette.fr/datasets/")
    assert (catalogue, RDF.type, URIRef(DCAT + "Catalog")) in graph
    assert str(graph.value(graph.value(catalogue, DCTERMS.publisher), FOAF.name)) == "Syndicat mixte de la Lérette"
    datasets = set(graph.objects(catalogue, URIRef(DCAT + "dataset")))
    expected = set()
    for slug, count in (("aubin", 2), ("bercy", 2), ("civray", 3)):
        url = f"https://opendata.lerette.fr/{slug}/"
        ids = [f"jeu-{i}" for i in range(2)] + (["menus"] if slug == "civray" else [])
        assert len(ids) == count
        for dataset_id in ids:
            node = URIRef(f"{url}datasets/{dataset_id}/#dataset")
            expected.add(node)
            publisher = graph.value(node, DCTERMS.publisher)
            assert publisher == URIRef(url + "#publisher"), (node, publisher)
            assert str(graph.value(publisher, FOAF.name)) == f"Mairie de {COMMUNES[slug][0]}"
            assert graph.value(node, URIRef(DCAT + "distribution")) is not None
    assert datasets == expected
    for name in ("catalog.rdf", "catalog.jsonld"):
        other = Graph().parse(built["whole"] / name, format="xml" if name.endswith("rdf") else "json-ld")
        assert set(other.objects(catalogue, URIRef(DCAT + "dataset"))) == expected


def test_the_regional_catalogue_is_paged_like_a_communes(built):
    source = load_syndicat(built["root"])
    config = source.config.__class__(**{**source.config.__dict__, "dcat_page_size": 3})
    summaries = list(read_summaries(built["whole"]).values())
    datasets, findings = collect_datasets(built["whole"], summaries)
    assert findings == [] and len(datasets) == 7
    files = {f.path: f.content for f in regional_catalogue_files(config, datasets, None, formats=("turtle",))}
    assert sorted(files) == ["catalog.ttl", "catalog/page-2.ttl", "catalog/page-3.ttl"]
    hydra = "http://www.w3.org/ns/hydra/core#"
    seen = set()
    for number, path in enumerate(sorted(files, key=lambda p: (p != "catalog.ttl", p)), start=1):
        graph = Graph().parse(data=files[path], format="turtle")
        page = URIRef("https://opendata.lerette.fr/" + path)
        following = graph.value(page, URIRef(hydra + "next"))
        assert (following is None) == (number == 3)
        page_datasets = set(graph.subjects(RDF.type, URIRef(DCAT + "Dataset")))
        seen |= page_datasets
        for node in page_datasets:   # every page is complete: publishers are described on it
            assert graph.value(graph.value(node, DCTERMS.publisher), FOAF.name) is not None
    assert len(seen) == 7
    assert files == {f.path: f.content for f in regional_catalogue_files(config, datasets, None, formats=("turtle",))}


def test_the_observatory_table_and_its_csv(built):
    whole = built["whole"]
    rows = list(csv.DictReader(io.StringIO((whole / "observatoire" / "observatoire.csv").read_text(encoding="utf-8"))))
    assert [r["commune"] for r in rows] == ["Bercy-sur-Lérette", "Civray", "Saint-Aubin"]
    civray = rows[1]
    assert civray["jeux_de_donnees"] == "3" and civray["jeux_scdl"] == "1" and civray["schemas_scdl_couverts"] == "1"
    assert civray["jeux_a_jour"] == "2" and civray["jeux_en_retard"] == "1"   # the monthly menus are late on 2024-06-01
    assert civray["taux_fraicheur"] == "0.667"
    # the SCDL dataset's file does not follow scdl/subventions: validated, not conforming
    assert (civray["jeux_valides"], civray["jeux_conformes"], civray["taux_conformite"]) == ("1", "0", "0")
    assert civray["adresse_portail"] == "https://opendata.lerette.fr/civray/"
    page = (whole / "observatoire" / "index.html").read_text(encoding="utf-8")
    assert "<table class=\"observatory-table\" data-sortable" in page
    assert 'aria-sort="ascending"' in page and "sortable-table.js" in page
    assert "<svg" in page and 'role="img"' in page                  # the chart
    assert "data-map=" in page and (whole / "observatoire" / "communes.geojson").is_file()
    assert "Fraîcheur évaluée au 1er juin 2024." in page
    geojson = json.loads((whole / "observatoire" / "communes.geojson").read_text(encoding="utf-8"))
    assert len(geojson["features"]) == 3


def test_the_regional_home_search_and_links(built):
    whole = built["whole"]
    home = (whole / "index.html").read_text(encoding="utf-8")
    for slug in ("aubin", "bercy", "civray"):
        assert f'href="{slug}/"' in home
    meta = json.loads((whole / "search" / "meta.json").read_text(encoding="utf-8"))
    assert meta["count"] == 7
    commune_facet = meta["facets"][0]
    assert commune_facet["key"] == "commune"
    assert [v[1] for v in commune_facet["values"]] == ["Bercy-sur-Lérette", "Civray", "Saint-Aubin"]
    schema = next(f for f in meta["facets"] if f["key"] == "schema")
    assert ["scdl", "Schéma SCDL", 3] in schema["values"]
    catalogue = (whole / "datasets" / "index.html").read_text(encoding="utf-8")
    assert 'href="../civray/datasets/menus/"' in catalogue and "data-search" in catalogue
    assert (whole / "accessibilite" / "index.html").is_file()
    for site in [whole] + [whole / slug for slug in ("aubin", "bercy", "civray")]:
        assert [link for link in broken_internal_links(site)
                if not link.startswith(("aubin/", "bercy/", "civray/"))] == [], site


def test_a_commune_that_leaves_the_syndicat_leaves_the_output(built, tmp_path):
    copy = tmp_path / "syndicat"
    shutil.copytree(built["root"], copy)
    shutil.rmtree(copy / "communes" / "aubin")
    out = tmp_path / "out"
    shutil.copytree(built["base"] / "merged", out)
    report = merge([built["base"] / "shard-1", built["base"] / "shard-2"], out, syndicat_dir=copy)
    assert not (out / "aubin").exists() and not (out / "observatoire" / "communes" / "aubin.json").exists()
    assert report.regional.communes == 2
    assert "aubin" not in (out / "observatoire" / "observatoire.csv").read_text(encoding="utf-8").lower()


def test_merge_refuses_what_it_cannot_merge(built, tmp_path):
    base = built["base"]
    with pytest.raises(PortalgenError, match="is not an output of portalgen build-all"):
        merge([base / "shard-1", base / "syndicat"], tmp_path / "a")
    changed = tmp_path / "changed"
    shutil.copytree(built["root"], changed)
    (changed / "syndicat.yml").write_text((changed / "syndicat.yml").read_text() + "tagline: autre\n", encoding="utf-8")
    with pytest.raises(PortalgenError, match="changed since the shards were built"):
        merge([base / "shard-1", base / "shard-2"], tmp_path / "b", syndicat_dir=changed)
    with pytest.raises(PortalgenError, match="given twice"):
        merge([base / "shard-1", base / "shard-1"], tmp_path / "c", syndicat_dir=built["root"])
    assert main(["merge", str(base / "syndicat"), "-o", str(tmp_path / "e")]) == 1
    report = merge([base / "shard-1"], tmp_path / "d", syndicat_dir=built["root"])
    assert any(f.code == "merge-missing-shard" and "2/2" in f.message for f in report.findings)
    assert [r.slug for r in report.results] == ["bercy"]


def test_build_all_refuses_an_output_folder_it_did_not_make(built, tmp_path):
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.txt").write_text("keep me")
    with pytest.raises(PortalgenError, match="not made by portalgen build-all"):
        build_all(built["root"], tmp_path / "precious")
    assert main(["build-all", str(built["root"]), "-o", str(tmp_path / "precious"), "--shard", "x"]) == 2


def test_data_gouv_harvests_every_commune_from_the_regional_catalogue(built, shared_reference):
    """The metadata engineer's udata harvest simulation and DCAT-AP shapes, on the regional catalogue."""
    from ..metadata.support import harvest, memory_fetcher, shacl_violations, site_fetcher
    site_url = "https://opendata.lerette.fr/"
    job = harvest(site_url + "catalog.ttl", site_fetcher(built["whole"], site_url))
    assert job.skipped == [] and len(job.datasets) == 7
    by_commune = {d.remote_url.split("/")[3] for d in job.datasets}
    assert by_commune == {"aubin", "bercy", "civray"}
    assert shacl_violations(Graph().parse(built["whole"] / "catalog.ttl", format="turtle")) == []
    # paged: the harvester follows hydra:next through every page and gets every dataset once
    source = load_syndicat(built["root"])
    config = source.config.__class__(**{**source.config.__dict__, "dcat_page_size": 2})
    datasets, _ = collect_datasets(built["whole"], list(read_summaries(built["whole"]).values()))
    files = {f.path: f.content for f in regional_catalogue_files(config, datasets, None)}
    paged = harvest(site_url + "catalog.jsonld", memory_fetcher(files, site_url))
    assert len(paged.pages) == 4 and len({d.remote_id for d in paged.datasets}) == 7


def test_regional_pages_in_english(built, tmp_path):
    """language: en in syndicat.yml: the regional pages are assembled again, in English."""
    copy = tmp_path / "syndicat"
    shutil.copytree(built["root"], copy)
    text = (copy / "syndicat.yml").read_text(encoding="utf-8")
    (copy / "syndicat.yml").write_text(text + "language: en\n", encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(built["whole"], out)
    from portalgen.syndicat import assemble
    result = assemble(load_syndicat(copy), out)
    assert result.findings == () and result.communes == 3
    page = (out / "observatoire" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Observatory of the communes" in page and "Schema conformance" in page
    assert "Datasets published by commune" in page


def test_a_rebuild_does_only_what_changed_and_syndicat_yml_counts(built, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(built["base"])
    copy, out = tmp_path / "syndicat", tmp_path / "out"
    shutil.copytree(built["root"], copy)
    shutil.copytree(built["whole"], out)
    if code_digest() != built["code"]:
        pytest.skip("portalgen's code changed since the syndicat was built (the working tree is being edited)")
    again = build_all(copy, out, jobs=1)
    assert [r.slug for r in again.results if r.unchanged] == ["aubin", "bercy", "civray"]
    assert [r.slug for r in again.failed_communes] == ["dorne"]
    before = tree_bytes(built["whole"])
    after = tree_bytes(out)
    assert [p for p in before if p != ".portalgen-syndicat" and before[p] != after.get(p)] == []
    text = (copy / "syndicat.yml").read_text(encoding="utf-8")
    (copy / "syndicat.yml").write_text(text.replace("opendata@lerette.fr", "aide@lerette.fr"), encoding="utf-8")
    changed = build_all(copy, out, jobs=1)
    assert [r.slug for r in changed.results if r.unchanged] == []
    assert "aide@lerette.fr" in (out / "aubin" / "index.html").read_text(encoding="utf-8")
    assert "mairie@civray.fr" in (out / "civray" / "index.html").read_text(encoding="utf-8")
