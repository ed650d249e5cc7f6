"""A file's rows checked in parts and the reports joined (validate.joined_report) give the report of one pass,
and commonbase's catalogue.csv, checked in two halves on big sites, is the same as checked whole."""

from __future__ import annotations

import random

import pytest

from portalgen.schemas import find_known_schema, validate_table
from portalgen.schemas.catalogue_csv import CATALOGUE_COLUMNS
from portalgen.schemas.report import NON_VERIFIE, ValidationReport
from portalgen.schemas.validate import joined_report, rows_checked_apart

from .support import write_csv

GOOD = {
    "COLL_NOM": "Commune de Bancville", "COLL_SIRET": "21350238800019", "ID": "jeu", "TITRE": "Jeu",
    "DESCRIPTION": "Des données.", "THEME": "Culture", "PRODUCTEUR_NOM": "Mairie",
    "PRODUCTEUR_SIRET": "21350238800019", "COUV_SPAT_MAILLE": "Communale", "COUV_SPAT_NOM": "Bancville",
    "COUV_TEMP_DEBUT": "2024-01-01", "COUV_TEMP_FIN": "2024-12-31", "DATE_PUBL": "2023-01-01",
    "FREQ_MAJ": "Annuelle", "DATE_MAJ": "2024-02-15", "MOTS_CLES": "culture;fêtes", "LICENCE": "Licence Ouverte-LO",
    "NOMBRE_RESSOURCES": "2", "FORMAT_RESSOURCES": "csv;json", "URL": "https://donnees.bancville.example/jeu/",
}
ODD_VALUES = {
    "COLL_SIRET": ["", "123", "2135023880001X"], "PRODUCTEUR_SIRET": ["", "21350238800018"],
    "TITRE": ["", "Deux\nlignes", "<script>alert(1)</script>", "Été « à part »"],
    "COUV_TEMP_DEBUT": ["", "2024-13-01", "01/02/2024"], "DATE_MAJ": ["demain"], "FREQ_MAJ": ["Parfois"],
    "LICENCE": ["CC-BY"], "NOMBRE_RESSOURCES": ["0", "deux", "1,5"], "URL": ["pas une adresse", ""],
    "COUV_SPAT_MAILLE": ["Quartier"], "DESCRIPTION": ["x" * 5000],
}


def _rows(count: int, seed: int) -> list[list[str]]:
    chance = random.Random(seed)
    rows = []
    for number in range(count):
        row = dict(GOOD, ID=f"jeu-{number:04d}")
        for column in chance.sample(sorted(ODD_VALUES), chance.choice([0, 0, 1, 2])):
            row[column] = chance.choice(ODD_VALUES[column])
        rows.append([row[c] for c in CATALOGUE_COLUMNS])
    return rows


def _checked_in_parts(tmp_path, header, rows, cuts, **options) -> ValidationReport | None:
    reports = []
    for number, (start, end) in enumerate(zip((0, *cuts), (*cuts, len(rows)))):
        part = write_csv(tmp_path / f"part-{number}.csv", header, rows[start:end])
        reports.append(validate_table(part, find_known_schema("scdl/catalogue"), **options))
    return joined_report(reports)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("max_errors", [1000, 7])
def test_parts_joined_give_the_report_of_one_pass(tmp_path, seed, max_errors):
    rows = _rows(60, seed)
    header = list(CATALOGUE_COLUMNS)
    if seed % 2:  # a header problem, found again in every part: counted and listed once
        header[header.index("THEME")] = "THEMES"
    whole = validate_table(write_csv(tmp_path / "whole.csv", header, rows), find_known_schema("scdl/catalogue"),
                           max_errors=max_errors)
    assert whole.total_errors > max_errors or max_errors == 1000
    for cuts in ((30,), (1, 59), (17, 18, 40)):
        assert _checked_in_parts(tmp_path, header, rows, cuts, max_errors=max_errors) == whole


def test_a_part_that_could_not_be_checked_asks_for_the_whole_file():
    checked = ValidationReport("scdl/catalogue", "Catalogue", "1", None, "conforme", rows_checked=3)
    unchecked = ValidationReport("scdl/catalogue", "Catalogue", "1", None, NON_VERIFIE, reason="lecture interrompue")
    assert joined_report([checked, unchecked]) is None
    assert joined_report([]) is None


def test_only_schemas_that_compare_no_two_rows_are_checked_in_parts():
    assert rows_checked_apart(find_known_schema("scdl/catalogue"))
    fields = [{"name": "id", "type": "string"}]
    assert rows_checked_apart({"fields": fields})
    assert not rows_checked_apart({"fields": [{"name": "id", "type": "string", "constraints": {"unique": True}}]})
    assert not rows_checked_apart({"fields": fields, "primaryKey": ["id"]})
    assert not rows_checked_apart({"fields": fields, "foreignKeys": [{"fields": "id", "reference": {"fields": "id"}}]})


def test_a_big_sites_catalogue_checked_in_halves_is_the_one_checked_whole(tmp_path, monkeypatch):
    from portalgen.enrich import commonbase
    from portalgen.pipeline import build
    from tests.helpers import tree_bytes, write_site
    files = {f"datasets/d{i:02}.yml": f"title: Jeu {i}\ndescription: x\nresources: [subventions.csv]\n"
             for i in range(9)}
    files["datasets/d03.yml"] = "title: \"Deux\\nlignes <b>\"\ndescription: x\nresources: [subventions.csv]\n"
    site = write_site(tmp_path / "site", files)
    assert build(site, tmp_path / "whole").written
    monkeypatch.setattr(commonbase, "CHECK_IN_HALVES_FROM", 2)
    seen = tmp_path / "parts-joined"  # written by the process that checks catalogue.csv (a forked one)

    def joined(parts):
        seen.write_text(" ".join(str(part.rows_checked) for part in parts))
        return joined_report(parts)

    monkeypatch.setattr(commonbase, "joined_report", joined)
    (site / ".portalgen-cache").rename(tmp_path / "first-cache")  # the catalogue's report is computed again
    assert build(site, tmp_path / "halves").written
    assert seen.read_text() == "5 5"  # ten rows (the nine datasets and the fixture site's own) in two halves
    assert tree_bytes(tmp_path / "whole") == tree_bytes(tmp_path / "halves")
