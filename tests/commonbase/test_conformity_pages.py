"""Conformity badges and report pages, and the validation report in `portalgen check`."""

from __future__ import annotations

import dataclasses
from html import unescape

from portalgen.cli import main
from portalgen.commonbase import dataset_conformity
from portalgen.errors import Location
from portalgen.model import Resource
from portalgen.schemas import CONFORME, NON_CONFORME, NON_VERIFIE
from tests.commonbase.support import (BENEFICIARY_A, PORTAL, built, heading_problems, parse_page, subventions_site,
                                      wrong_check_digit)
from tests.helpers import broken_internal_links, dangerous_markup, external_references

SCHEMA_URL = "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json"


def test_cp1252_semicolon_decimal_comma_export_of_a_valid_file_is_conforme(valid_site):
    site, out, report = valid_site
    assert (site / "data/subventions.csv").read_bytes().decode("cp1252").count(";") > 40  # really a ';' cp1252 export
    assert "1500,50" in (site / "data/subventions.csv").read_bytes().decode("cp1252")
    dataset = report.site.dataset("subventions")
    assert dataset.validation.status == CONFORME

    page = parse_page(out / "datasets/subventions/index.html")
    badges = [(href, text, cls) for href, text, cls in page.links if "badge" in cls]
    assert badges == [("conformite/", "✓ Conforme au schéma Subventions v2.1.1 – voir le rapport de conformité",
                       "badge badge-ok")]

    report_page = out / "datasets/subventions/conformite/index.html"
    html = unescape(report_page.read_text(encoding="utf-8"))
    assert "<h1>Conformité au schéma : Subventions aux associations</h1>" in html
    assert "Conforme au schéma Subventions v2.1.1" in html
    assert f'href="{SCHEMA_URL}"' in html
    assert "la validation a été menée jusqu'au bout sans trouver d'erreur. 3 lignes vérifiées." in html
    assert "Non conforme" not in html and "Non vérifié" not in html
    assert "Détail des erreurs" not in html
    # The schema's extra checks are stated: which ran (SIRET check digits, one of two columns).
    assert "numéro SIRET valide (clé de contrôle) dans la colonne idBeneficiaire" in html
    assert "au moins une des colonnes idBeneficiaire ou rnaBeneficiaire remplie" in html


def test_invalid_file_report_page_gives_counts_then_row_column_value_and_explanation(invalid_site):
    _, out, report = invalid_site
    assert report.site.dataset("subventions").validation.status == NON_CONFORME
    dataset_page = parse_page(out / "datasets/subventions/index.html")
    assert [(text, cls) for _, text, cls in dataset_page.links if "badge" in cls] == [
        ("✗ Non conforme au schéma Subventions v2.1.1 – voir le rapport de conformité", "badge badge-bad")]

    page = parse_page(out / "datasets/subventions/conformite/index.html")
    counts = page.tables["error-counts"]
    assert counts[0] == ["Type d'erreur", "Nombre", "Conseil"]
    assert [row[:2] for row in counts[1:]] == [["valeur qui ne respecte pas le schéma", "2"],
                                               ["numéro SIRET invalide", "1"]]
    errors = page.tables["errors"]
    assert errors[0] == ["Ligne", "Colonne", "Valeur", "Explication"]
    rows = {(row[0], row[1]): row for row in errors[1:]}
    assert set(rows) == {("2", "idBeneficiaire"), ("3", "nature"), ("4", "nomBeneficiaire")}
    bad_siret = wrong_check_digit(BENEFICIARY_A)
    assert rows[("2", "idBeneficiaire")][2] == f"« {bad_siret} »"
    assert "n'est pas un numéro SIRET valide" in rows[("2", "idBeneficiaire")][3]
    assert rows[("3", "nature")][2] == "« subvention »"
    assert "ne fait pas partie des valeurs autorisées" in rows[("3", "nature")][3]
    assert "valeur obligatoire manquante" in rows[("4", "nomBeneficiaire")][3]
    html = unescape((out / "datasets/subventions/conformite/index.html").read_text(encoding="utf-8"))
    assert "3 erreurs trouvées. 3 lignes vérifiées." in html
    assert "Conforme au schéma" not in html


def test_check_prints_the_validation_report_of_a_non_conforme_file(invalid_site, capsys):
    site, _, _ = invalid_site
    assert main(["check", str(site)]) == 0  # non-conformity is a warning, not an error
    printed = capsys.readouterr().err
    assert "info: data/subventions.csv: validation report of this file (dataset subventions):" in printed
    assert "Statut : non conforme — 3 erreurs sur 3 lignes vérifiées" in printed
    assert "ligne 3, colonne nature : « subvention » ne fait pas partie des valeurs autorisées" in printed
    assert f"ligne 2, colonne idBeneficiaire : « {wrong_check_digit(BENEFICIARY_A)} » n'est pas un numéro SIRET" \
           in printed
    assert "ligne 4, colonne nomBeneficiaire : valeur obligatoire manquante" in printed


def test_check_prints_no_report_for_a_conforme_file(valid_site, capsys):
    site, _, report = valid_site
    assert not [f for f in report.findings if f.code == "schema-report"]
    assert main(["check", str(site)]) == 0
    assert "validation report of this file" not in capsys.readouterr().err


def test_a_dataset_with_a_schema_but_no_table_is_not_verified(full_site):
    _, out, _ = full_site
    page = parse_page(out / "datasets/prenoms/index.html")
    assert [(text, cls) for _, text, cls in page.links if "badge" in cls] == [
        ("? Non vérifié : schéma Prénoms des nouveau-nés v1.1.6 – voir le rapport de conformité",
         "badge badge-unknown")]
    html = unescape((out / "datasets/prenoms/conformite/index.html").read_text(encoding="utf-8"))
    assert "Aucun fichier n'a été vérifié : le jeu de données n'a aucun fichier tabulaire" in html
    assert "Conforme au schéma" not in html


def test_a_file_that_was_not_validated_keeps_the_dataset_from_being_conforme(valid_site):
    site, _, report = valid_site
    dataset = report.site.dataset("subventions")
    unread = Resource(id="autre", title="Autre fichier", description="", format="csv",
                      where=Location("datasets/subventions.yml"), path=site / "data/autre.csv")
    remote = Resource(id="distant", title="Fichier distant", description="", format="csv",
                      where=Location("datasets/subventions.yml"), url="https://example.org/s.csv")
    for extra, reason in ((unread, "n'a pas pu être lu"), (remote, "fichier distant")):
        changed = dataclasses.replace(dataset, resources=dataset.resources + (extra,))
        conformity = dataset_conformity(changed, site_root=site, cache_dir=site / ".portalgen-cache")
        assert conformity.status == NON_VERIFIE
        assert [f.status for f in conformity.files] == [CONFORME, NON_VERIFIE]
        assert reason in conformity.files[1].reason
    conformity = dataset_conformity(dataset, site_root=site, cache_dir=site / ".portalgen-cache")
    assert conformity.status == CONFORME and conformity.is_conforme


def test_report_pages_are_accessible_and_self_contained(invalid_site):
    _, out, _ = invalid_site
    for rel in ("datasets/subventions/conformite/index.html", "datasets/subventions/index.html"):
        assert heading_problems(out / rel) == [], rel
    html = unescape((out / "datasets/subventions/conformite/index.html").read_text(encoding="utf-8"))
    assert '<html lang="fr">' in html
    assert html.count("<caption id=") == 2 and 'scope="col"' in html and 'scope="row"' in html
    assert broken_internal_links(out) == []
    assert external_references(out) == []
    assert dangerous_markup(out) == []


def test_english_site_gets_english_badges(tmp_path):
    site = subventions_site(tmp_path / "site", portal=PORTAL + "language: en\n")
    _, out = built(site)
    page = parse_page(out / "datasets/subventions/index.html")
    assert [text for _, text, cls in page.links if "badge" in cls] == [
        "✓ Follows the Subventions v2.1.1 schema – see the conformance report"]
    assert "<h1>Schema conformance: Subventions aux associations</h1>" in \
           unescape((out / "datasets/subventions/conformite/index.html").read_text(encoding="utf-8"))
