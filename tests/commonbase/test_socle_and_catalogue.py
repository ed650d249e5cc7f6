"""The "socle commun" page (coverage of the common base) and catalogue.csv."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from html import unescape
from pathlib import Path

from portalgen.cli import main
from portalgen.commonbase import common_base_coverage, dataset_conformity
from portalgen.schemas import (CATALOGUE_COLUMNS, CONFORME, NON_CONFORME, find_known_schema, known_schemas,
                               resolve_schema, validate_table)
from tests.commonbase.support import (COMMUNE_SIRET, PORTAL_WITHOUT_SIRET, built, heading_problems, parse_page,
                                      subventions_site)
from tests.helpers import broken_internal_links

SCDL_TOTAL = len(known_schemas(scdl_only=True))


def _catalogue_rows(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "catalogue.csv").read_text(encoding="utf-8"))))


def test_socle_page_lists_published_and_missing_schemas_with_coverage(full_site):
    _, out, _ = full_site
    path = out / "socle-commun/index.html"
    html = unescape(path.read_text(encoding="utf-8"))
    # subventions and délibérations from the datasets, the catalogue from catalogue.csv
    assert f"4 jeux du socle commun publiés sur {SCDL_TOTAL}" in html
    # délibérations name local PDFs in DELIB_URL (not web addresses): non conforme; prénoms has no table
    assert ", dont 2 conformes à leur schéma." in html
    rows = {row[0]: row for row in parse_page(path).tables["socle"][1:]}
    assert set(rows) == {f"{s.title} {s.id} v{s.version}" for s in known_schemas(scdl_only=True)}
    subventions = rows["Subventions scdl/subventions v2.1.1"]
    assert subventions[1:] == ["Oui Subventions aux associations", "✓ Conforme – rapport : Subventions aux associations"]
    deliberations = rows["Délibérations scdl/deliberations v2.1.5"]
    assert deliberations[2].startswith("✗ Non conforme")
    assert rows["Prénoms des nouveau-nés scdl/prenoms v1.1.6"][1:] == ["Oui Prénoms",
                                                                      "? Non vérifié – rapport : Prénoms"]
    assert rows["Catalogue des données scdl/catalogue v0.1.3"][1:] == [
        "Oui catalogue.csv, produit par le portail", "✓ Conforme – rapport : catalogue.csv"]
    budget = rows["Budget scdl/budget v0.8.3"]
    assert budget[1] == "Non – Budget" and budget[2] == "—Non"
    links = {href for href, _, _ in parse_page(path).links}
    assert {"../datasets/subventions/", "../datasets/subventions/conformite/", "../catalogue.csv",
            "catalogue/", "#manquant-scdl-budget"} <= links
    # one sentence on each missing dataset: what it is and why it matters
    budget_info = find_known_schema("scdl/budget")
    assert budget_info.explanation in html
    assert find_known_schema("scdl/subventions").explanation not in html.split("Jeux de données encore à publier")[-1]
    assert heading_problems(path) == []


def test_socle_page_is_linked_from_the_footer_and_the_home_page(full_site):
    _, out, _ = full_site
    home = parse_page(out / "index.html")
    texts = {(href, text) for href, text, _ in home.links}
    assert ("socle-commun/", "Socle commun des données locales") in texts
    assert ("socle-commun/", f"4 jeux du socle commun publiés sur {SCDL_TOTAL}") in texts
    assert ("../../socle-commun/", "Socle commun des données locales") in {
        (href, text) for href, text, _ in parse_page(out / "datasets/subventions/index.html").links}
    assert broken_internal_links(out) == []


def test_catalogue_csv_follows_the_catalogue_schema_with_one_row_per_dataset(full_site):
    _, out, report = full_site
    validation = validate_table(out / "catalogue.csv", find_known_schema("scdl/catalogue"))
    assert validation.status == CONFORME, validation.errors
    rows = _catalogue_rows(out)
    assert list(rows[0]) == list(CATALOGUE_COLUMNS)
    assert [r["ID"] for r in rows] == sorted(d.id for d in report.site.datasets)
    assert [r["ID"] for r in rows] == ["deliberations", "prenoms", "subventions"]
    subventions = next(r for r in rows if r["ID"] == "subventions")
    assert subventions["COLL_SIRET"] == subventions["PRODUCTEUR_SIRET"] == COMMUNE_SIRET
    assert subventions["COLL_NOM"] == "Mairie de Testville"
    assert subventions["URL"] == "https://example.org/testville/datasets/subventions/"
    assert subventions["LICENCE"] == "Licence Ouverte-LO" and subventions["FREQ_MAJ"] == "Annuelle"
    assert subventions["COUV_TEMP_DEBUT"] == "2024-01-01" and subventions["COUV_TEMP_FIN"] == "2024-12-31"
    assert subventions["MOTS_CLES"] == "subventions;associations"
    assert subventions["FORMAT_RESSOURCES"] == "csv;json;parquet;xlsx"
    deliberations = next(r for r in rows if r["ID"] == "deliberations")
    assert deliberations["NOMBRE_RESSOURCES"] == "3" and "pdf" in deliberations["FORMAT_RESSOURCES"].split(";")
    assert not [f for f in report.findings if f.code.startswith("catalogue-")]
    catalogue_report = unescape((out / "socle-commun/catalogue/index.html").read_text(encoding="utf-8"))
    assert "Conforme au schéma Catalogue des données v0.1.3" in catalogue_report
    assert heading_problems(out / "socle-commun/catalogue/index.html") == []


def test_missing_siret_and_dataset_values_are_check_warnings_with_hints(tmp_path, capsys):
    site = subventions_site(tmp_path / "site", portal=PORTAL_WITHOUT_SIRET + (
        "producers:\n  - name: Communauté de communes du Val\n    kind: intercommunalite\n"), extra={
        "datasets/equipements.yml": "title: Équipements\ndescription: Les équipements publics de Testville.\n"
                                    "resources: [equipements.csv]\nproducer: Communauté de communes du Val\n",
        "data/equipements.csv": "nom,type\nMairie,administration\n"})
    report, out = built(site)
    siret = [f for f in report.findings if f.code == "catalogue-missing-siret"]
    assert len(siret) == 1
    assert siret[0].where.file == "portal.yml" and siret[0].key == "commune.siret"
    assert "portal.yml" in siret[0].hint and "siret" in siret[0].hint
    per_dataset = {f.where.file: f for f in report.findings if f.code == "catalogue-missing-value"}
    assert set(per_dataset) == {"datasets/equipements.yml"}  # subventions gives every other value
    warning = per_dataset["datasets/equipements.yml"]
    for column in ("THEME", "COUV_TEMP_DEBUT", "DATE_PUBL", "DATE_MAJ", "MOTS_CLES", "PRODUCTEUR_SIRET"):
        assert column in warning.message
    assert "temporal:" in warning.hint and "issued:" in warning.hint and "Communauté de communes du Val" in warning.hint
    assert warning.hint.startswith("in datasets/equipements.yml:")
    # the catalogue is still written, honestly marked non conforme
    assert validate_table(out / "catalogue.csv", find_known_schema("scdl/catalogue")).status == NON_CONFORME
    assert report.site.extras["commonbase"].catalogue.status == NON_CONFORME
    assert main(["check", str(site)]) == 0
    printed = capsys.readouterr().err
    assert "warning: portal.yml" in printed and "commune.siret: catalogue.csv (SCDL catalogue) needs the commune's SIRET" \
        in printed
    assert main(["check", "--strict", str(site)]) == 1


def test_a_schema_given_by_another_versions_address_counts_for_the_common_base(tmp_path, full_site):
    site, _, report = full_site
    url = "https://schema.data.gouv.fr/schemas/scdl/budget/0.8.1/schema.json"
    descriptor = {"title": "Budget", "version": "0.8.1", "fields": [{"name": "BGT_NATDEC", "type": "string"}]}
    fetched = []

    def fetch(address: str) -> bytes:
        fetched.append(address)
        return json.dumps(descriptor).encode("utf-8")

    resolve_schema(url, site_dir=site, cache_dir=tmp_path / "schemas", fetch=fetch)  # what the table stage caches
    dataset = dataclasses.replace(report.site.dataset("prenoms"), id="budget", schema=url)
    conformity = dataset_conformity(dataset, site_root=site, cache_dir=tmp_path)
    assert fetched == [url]  # read from the cache afterwards, never downloaded again
    assert (conformity.schema.id, conformity.schema.version, conformity.schema.is_scdl) == ("scdl/budget", "0.8.1", True)
    coverage = common_base_coverage(report.site, {"budget": conformity})
    budget = next(item for item in coverage.items if item.schema.id == "scdl/budget")
    assert budget.published and [d.id for d in budget.datasets] == ["budget"]
