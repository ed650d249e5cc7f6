"""catalogue.csv in the SCDL catalogue format, validated against the catalogue schema."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt

import pytest

from portalgen.schemas import (CATALOGUE_COLUMNS, CatalogueRow, catalogue_frequency_label,
                               catalogue_licence_label, catalogue_problems, find_known_schema,
                               missing_catalogue_values, resolve_schema, validate_table,
                               write_catalogue_csv)

from .support import reference_dir


def _row(**changes) -> CatalogueRow:
    row = CatalogueRow(
        coll_nom="Commune de Trifouilly", coll_siret="21350238800019", id="subventions-2023",
        titre="Subventions 2023", description="Subventions versées en 2023.\n\nMise à jour chaque année.",
        theme="Finances", producteur_nom="Commune de Trifouilly", producteur_siret="21350238800019",
        couv_spat_maille="Communale", couv_spat_nom="Trifouilly", couv_temp_debut=dt.date(2023, 1, 1),
        couv_temp_fin="2023-12-31", date_publ=dt.date(2024, 2, 1), freq_maj=catalogue_frequency_label("annual"),
        date_maj=dt.datetime(2024, 2, 3, 10, 30), mots_cles=["Subventions", "Associations", "subventions"],
        licence=catalogue_licence_label("lov2"), nombre_ressources=2, format_ressources="CSV;json",
        url="https://data.trifouilly.fr/datasets/subventions-2023/")
    return dataclasses.replace(row, **changes)


def test_columns_follow_the_catalogue_schema():
    assert CATALOGUE_COLUMNS == find_known_schema("scdl/catalogue").field_names
    assert CATALOGUE_COLUMNS[0] == "COLL_NOM" and CATALOGUE_COLUMNS[-1] == "URL"
    assert len(CATALOGUE_COLUMNS) == 20


def test_generated_catalogue_is_conforme(tmp_path):
    rows = [_row(), _row(id="budget-2023", titre="Budget 2023", licence=catalogue_licence_label("odc-odbl"),
                         freq_maj=catalogue_frequency_label("irregular"), couv_spat_maille="Intercommunale",
                         nombre_ressources=1, format_ressources=["xlsx"])]
    assert catalogue_problems(rows) == []
    path = write_catalogue_csv(tmp_path / "site" / "catalogue.csv", rows)
    report = validate_table(path, find_known_schema("scdl/catalogue"))
    assert report.status == "conforme", report_text(report)
    assert report.rows_checked == 2 and report.warnings == ()
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert [r["ID"] for r in table] == ["budget-2023", "subventions-2023"]  # sorted by ID
    first = table[1]
    assert first["DESCRIPTION"] == "Subventions versées en 2023. Mise à jour chaque année."
    assert first["MOTS_CLES"] == "subventions;associations"
    assert first["FORMAT_RESSOURCES"] == "csv;json"
    assert (first["LICENCE"], first["FREQ_MAJ"]) == ("Licence Ouverte-LO", "Annuelle")
    assert (first["COUV_TEMP_DEBUT"], first["DATE_MAJ"]) == ("2023-01-01", "2024-02-03")
    assert table[0]["LICENCE"] == "Open Database License-ODBL"


def report_text(report) -> str:
    return "\n".join(i.message for i in report.errors)


def test_generated_catalogue_validates_against_the_official_schema(tmp_path):
    official = reference_dir() / "catalogue" / "schema.json"
    if not official.is_file():
        pytest.skip("official catalogue schema not available")
    path = write_catalogue_csv(tmp_path / "catalogue.csv", [_row()])
    report = validate_table(path, resolve_schema("schema.json", site_dir=official.parent))
    assert report.status == "conforme", report_text(report)


def test_output_is_deterministic(tmp_path):
    rows = [_row(id="b"), _row(id="a"), {"ID": "c", "TITRE": "Trois"}]
    first = write_catalogue_csv(tmp_path / "one.csv", rows).read_bytes()
    second = write_catalogue_csv(tmp_path / "two.csv", list(reversed(rows))).read_bytes()
    assert first == second
    assert first.startswith(b"COLL_NOM,COLL_SIRET,ID,TITRE,") and b"\r\n" not in first


def test_dict_rows_accept_column_or_attribute_names():
    from portalgen.schemas.catalogue_csv import as_catalogue_row

    assert as_catalogue_row({"ID": "x", "titre": "X"}) == CatalogueRow(id="x", titre="X")
    with pytest.raises(KeyError, match="unknown catalogue column"):
        as_catalogue_row({"ID": "x", "auteur": "moi"})


@pytest.mark.parametrize("value, label", [
    ("annual", "Annuelle"), ("monthly", "Mensuelle ou plusieurs fois par mois"), ("never", "Ponctuelle"),
    ("unknown", "Inconnue"), ("semiannual", "Semestrielle"), ("continuous", "Continuelle"),
    ("Quotidienne ou plusieurs fois par jour", "Quotidienne ou plusieurs fois par jour"),
    ("irrégulière", "Irrégulière"), ("sometimes", None), (None, None),
])
def test_frequency_labels(value, label):
    assert catalogue_frequency_label(value) == label


@pytest.mark.parametrize("value, label", [
    ("lov2", "Licence Ouverte-LO"), ("etalab-2.0", "Licence Ouverte-LO"), ("fr-lo", "Licence Ouverte-LO"),
    ("odc-odbl", "Open Database License-ODBL"), ("ODbL", "Open Database License-ODBL"),
    ("cc-by-sa", "Creative Commons-CC"), ("cc0", "Creative Commons-CC"),
    ("other-open", "Spécifique ou autre"), ("Licence Ouverte-LO", "Licence Ouverte-LO"), ("", None),
])
def test_licence_labels(value, label):
    assert catalogue_licence_label(value) == label


def test_missing_values_and_problems_with_hints():
    row = _row(coll_siret="", theme="", mots_cles=[], url="", freq_maj="Annuel",
               couv_temp_debut="2024-01-01", couv_temp_fin="2023-12-31", producteur_siret="21350238800018",
               nombre_ressources=0)
    missing = missing_catalogue_values(row)
    assert [column for column, _ in missing] == ["COLL_SIRET", "THEME", "MOTS_CLES", "URL"]
    assert all(hint for _, hint in missing)
    problems = {(p.column, p.message) for p in catalogue_problems([row])}
    assert ("FREQ_MAJ", "FREQ_MAJ 'Annuel' is not an allowed value") in problems
    assert ("PRODUCTEUR_SIRET", "PRODUCTEUR_SIRET '21350238800018' is not a valid SIRET") in problems
    assert ("COUV_TEMP_FIN", "the period covered ends before it starts") in problems
    assert ("NOMBRE_RESSOURCES", "NOMBRE_RESSOURCES must be at least 1") in problems
    assert all(p.dataset_id == "subventions-2023" and p.hint for p in catalogue_problems([row]))
