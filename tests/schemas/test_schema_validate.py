"""validate_table on small normalised CSV files written here, and report_lines."""

from __future__ import annotations

import json

import pytest

from portalgen.errors import Level
from portalgen.schemas import (find_known_schema, report_findings, report_lines, resolve_schema,
                               validate_table)
from portalgen.schemas.validate import validation_summary_json

from .support import write_csv

SUBVENTIONS_HEADER = [
    "nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire",
    "idBeneficiaire", "rnaBeneficiaire", "objet", "montant", "nature", "conditionsVersement",
    "datesPeriodeVersement", "idRAE", "notificationUE", "pourcentageSubvention", "dispositifAide",
]
GOOD_ROW = [
    "Commune de Trifouilly", "21350238800019", "2023-03-14", "DEL-2023-012", "Club de football",
    "52499120500013", "", "Fonctionnement annuel", "1500.50", "aide en numéraire", "unique",
    "2023-04-01", "", "non", "1", "",
]


def _row(**changes: str) -> list[str]:
    row = list(GOOD_ROW)
    for name, value in changes.items():
        row[SUBVENTIONS_HEADER.index(name)] = value
    return row


@pytest.fixture
def subventions():
    return find_known_schema("scdl/subventions")


def test_valid_subventions_file_is_conforme(tmp_path, subventions):
    path = write_csv(tmp_path / "subventions.csv", SUBVENTIONS_HEADER, [
        _row(), _row(nomBeneficiaire="Association des parents d'élèves", idBeneficiaire="",
                     rnaBeneficiaire="W352000123", montant="300", nature="aide en nature",
                     conditionsVersement="échelonné", datesPeriodeVersement="2023-01-01/2023-12-31",
                     pourcentageSubvention="0.5"),
        _row(idBeneficiaire="35600000000001", notificationUE="oui"),  # La Poste SIRET
    ])
    report = validate_table(path, subventions)
    assert report.status == "conforme" and report.is_conforme
    assert (report.rows_checked, report.total_errors, report.errors, report.warnings) == (3, 0, (), ())
    assert (report.schema_id, report.schema_title, report.schema_version) == ("scdl/subventions", "Subventions", "2.1.1")
    assert report.schema_url.endswith("/scdl/subventions/2.1.1/schema.json")
    assert report.checks_not_run == ()
    assert "numéro SIRET valide (clé de contrôle) dans la colonne idAttribuant" in report.checks_run
    assert report_lines(report)[:2] == ["Schéma : Subventions (scdl/subventions version 2.1.1)",
                                        "Statut : conforme (3 lignes vérifiées)"]


def test_invalid_subventions_file_explains_each_error(tmp_path, subventions):
    path = write_csv(tmp_path / "subventions.csv", SUBVENTIONS_HEADER, [
        _row(),                                                   # line 2
        _row(montant="1 234,56 €"),                               # line 3
        _row(montant=""),                                         # line 4
        _row(nature="aide en espèces"),                           # line 5
        _row(idAttribuant="2135023880001"),                       # line 6
        _row(dateConvention="14/03/2023"),                        # line 7
        _row(idBeneficiaire="52499120500012"),                    # line 8
        _row(idBeneficiaire="", rnaBeneficiaire=""),              # line 9
        _row(pourcentageSubvention="1.5", notificationUE="peut-être"),  # line 10
    ])
    report = validate_table(path, subventions)
    assert report.status == "non conforme"
    assert report.counts == {"constraint-error": 4, "type-error": 3, "french-siret-value": 2,
                             "one-of-required": 1}
    assert report.total_errors == 10
    by_place: dict = {}
    for issue in report.errors:
        by_place.setdefault((issue.row, issue.column), issue)  # first error of each cell
    assert by_place[(3, "montant")].message == \
        "ligne 3, colonne montant : « 1 234,56 € » n'est pas un nombre (point comme séparateur décimal, sans espace ni symbole)"
    assert by_place[(3, "montant")].value == "1 234,56 €"
    assert by_place[(4, "montant")].message == "ligne 4, colonne montant : valeur obligatoire manquante"
    assert by_place[(5, "nature")].explanation == (
        "« aide en espèces » ne fait pas partie des valeurs autorisées : aide en numéraire, aide en nature, "
        "aide en numéraire;aide en nature, aide en nature;aide en numéraire")
    assert by_place[(6, "idAttribuant")].kind == "constraint-error"
    assert by_place[(6, "idAttribuant")].explanation == \
        "« 2135023880001 » ne respecte pas le format attendu (14 chiffres, sans espace)"
    assert [i.kind for i in report.errors if i.row == 6] == ["constraint-error", "french-siret-value"]
    assert by_place[(7, "dateConvention")].explanation == \
        "« 14/03/2023 » n'est pas une date au format AAAA-MM-JJ"
    assert by_place[(8, "idBeneficiaire")].kind == "french-siret-value"
    assert "clé de contrôle" in by_place[(8, "idBeneficiaire")].explanation
    assert by_place[(9, "idBeneficiaire")].explanation == \
        "au moins une des colonnes idBeneficiaire ou rnaBeneficiaire doit être remplie"
    assert by_place[(10, "pourcentageSubvention")].explanation == "« 1.5 » dépasse le maximum autorisé (1)"
    assert by_place[(10, "notificationUE")].explanation == \
        "« peut-être » n'est pas une valeur oui/non reconnue (valeurs acceptées : oui, non)"
    # Errors are listed in file order.
    assert [i.row for i in report.errors] == sorted(i.row for i in report.errors)


def test_errors_are_truncated_but_counts_stay_exact(tmp_path, subventions):
    rows = [_row(montant="abc", nature="x") for _ in range(30)]
    path = write_csv(tmp_path / "subventions.csv", SUBVENTIONS_HEADER, rows)
    report = validate_table(path, subventions, max_errors=7)
    assert report.counts == {"type-error": 30, "constraint-error": 30}
    assert report.total_errors == 60 and len(report.errors) == 7 and report.truncated
    lines = report_lines(report, max_lines=5)
    assert "Statut : non conforme — 60 erreurs sur 30 lignes vérifiées" in lines
    assert "  … et 55 autres erreurs non affichées" in lines
    assert validate_table(path, subventions).truncated is False  # default limit 1000


def test_columns_are_matched_by_name(tmp_path, subventions):
    header = list(reversed(SUBVENTIONS_HEADER))
    header[header.index("nomBeneficiaire")] = "NomBeneficiaire"
    header = [h for h in header if h != "dispositifAide"] + ["commentaire"]
    rows = [[dict(zip(SUBVENTIONS_HEADER, _row(montant="12,5"))).get(
        "nomBeneficiaire" if h == "NomBeneficiaire" else h, "libre") for h in header]]
    path = write_csv(tmp_path / "subventions.csv", header, rows)
    report = validate_table(path, subventions)
    assert report.status == "non conforme"
    assert report.counts == {"missing-label": 1, "type-error": 1}
    missing = next(i for i in report.errors if i.kind == "missing-label")
    assert missing.message == ("colonne nomBeneficiaire : colonne obligatoire absente du fichier "
                               "(la colonne « NomBeneficiaire » du fichier porte peut-être ce nom mal écrit)")
    montant = next(i for i in report.errors if i.kind == "type-error")
    assert (montant.row, montant.column, montant.value) == (2, "montant", "12,5")
    assert [w.kind for w in report.warnings] == [
        "missing-optional-column", "extra-column", "extra-column", "column-order"]
    assert {w.column for w in report.warnings if w.kind == "extra-column"} == {"NomBeneficiaire", "commentaire"}


def test_blank_rows_and_ragged_rows(tmp_path, subventions):
    path = tmp_path / "subventions.csv"
    good = ",".join(GOOD_ROW)
    path.write_text(",".join(SUBVENTIONS_HEADER) + "\n" + good + "\n" + "," * 15 + "\n"
                    + good + ",surplus\n", encoding="utf-8")
    report = validate_table(path, subventions)
    kinds = [(i.kind, i.row) for i in report.errors]
    assert ("blank-row", 3) in kinds and ("extra-cell", 4) in kinds
    assert next(i for i in report.errors if i.kind == "blank-row").message == \
        "ligne 3 : ligne entièrement vide (supprimez-la)"


def test_file_problems_give_non_verifie_or_non_conforme(tmp_path, subventions):
    missing = validate_table(tmp_path / "absent.csv", subventions)
    assert missing.status == "non vérifié" and "fichier introuvable" in missing.reason
    assert report_lines(missing)[1].startswith("Statut : non vérifié — fichier introuvable")

    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(",".join(SUBVENTIONS_HEADER).encode() + "\nCommune d'Évry\n".encode("latin-1"))
    assert validate_table(latin1, subventions).status == "non vérifié"

    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    report = validate_table(empty, subventions)
    assert report.status == "non conforme" and report.counts == {"source-error": 1}

    header_only = write_csv(tmp_path / "header.csv", SUBVENTIONS_HEADER, [])
    report = validate_table(header_only, subventions)
    assert (report.status, report.rows_checked) == ("conforme", 0)


def test_unusable_schema_is_non_verifie(tmp_path):
    path = write_csv(tmp_path / "data.csv", ["a"], [["1"]])
    report = validate_table(path, {"title": "Cassé", "fields": [{"name": "a", "type": "nimbus"}]})
    assert report.status == "non vérifié" and "schéma" in report.reason


def test_descriptor_dict_and_local_schema_with_unknown_check(tmp_path):
    schema_file = tmp_path / "arbres.json"
    schema_file.write_text(json.dumps({
        "title": "Arbres", "version": "v2.0", "primaryKey": "id",
        "fields": [
            {"name": "id", "type": "string", "constraints": {"required": True}},
            {"name": "hauteur", "type": "number", "constraints": {"minimum": 0}},
            {"name": "plante", "type": "date"},
            {"name": "abattu", "type": "date"},
            {"name": "gestionnaire_siren", "type": "string"},
        ],
        "custom_checks": [
            {"name": "compare-columns-value", "params": {"column": "abattu", "op": ">", "column2": "plante"}},
            {"name": "french-siren-value", "params": {"column": "gestionnaire_siren"}},
            {"name": "geometrie-valide", "params": {"column": "geom"}},
        ],
    }), encoding="utf-8")
    info = resolve_schema("arbres.json", site_dir=tmp_path)
    path = write_csv(tmp_path / "arbres.csv", ["id", "hauteur", "plante", "abattu", "gestionnaire_siren"], [
        ["A1", "12.5", "1990-03-01", "", "213502388"],
        ["A2", "-1", "2001-01-01", "1999-12-31", "123456789"],
        ["A1", "3", "", "", ""],
    ])
    report = validate_table(path, info)
    assert (report.schema_id, report.schema_title, report.schema_version, report.schema_url) == \
        ("arbres.json", "Arbres", "2.0", None)
    assert report.counts == {"constraint-error": 1, "compare-columns-value": 1,
                             "french-siren-value": 1, "primary-key": 1}
    compare = next(i for i in report.errors if i.kind == "compare-columns-value")
    assert compare.message == "ligne 3, colonne abattu : abattu (1999-12-31) doit être postérieure à plante (2001-01-01)"
    assert next(i for i in report.errors if i.kind == "primary-key").row == 4
    assert report.checks_not_run == (
        "contrôle « geometrie-valide » (colonne geom) : non vérifié, portalgen ne sait pas encore effectuer ce contrôle",)
    assert "Contrôles non effectués :" in report_lines(report)
    # The same schema passed as a plain descriptor gives the same counts.
    assert validate_table(path, info.descriptor()).counts == report.counts


def test_deliberations_checks_and_the_check_not_run(tmp_path):
    schema = find_known_schema("deliberations")
    header = [f for f in schema.field_names]
    base = dict.fromkeys(header, "")
    base.update(COLL_NOM="Commune de Trifouilly", COLL_SIRET="21350238800019", DELIB_ID="2023-01",
                DELIB_DATE="2023-02-01", DELIB_MATIERE_CODE="7.5", DELIB_MATIERE_NOM="Subventions",
                DELIB_OBJET="Vote des subventions", VOTE_EFFECTIF="19", VOTE_REEL="17", VOTE_POUR="15",
                VOTE_CONTRE="1", VOTE_ABSTENTION="1")
    good = dict(base)
    late = dict(base, PREF_DATE="2023-01-15", VOTE_POUR="16", BUDGET_ANNEE="2023/2022")
    path = write_csv(tmp_path / "deliberations.csv", header,
                     [[good[h] for h in header], [late[h] for h in header]])
    report = validate_table(path, schema)
    assert report.counts == {"compare-columns-value": 1, "sum-columns-value": 1,
                             "cohesive-columns-value": 1, "year-interval-value": 1}
    assert all(i.row == 3 for i in report.errors)
    explanations = {i.kind: i.explanation for i in report.errors}
    assert explanations["compare-columns-value"] == \
        "PREF_DATE (2023-01-15) doit être égale ou postérieure à DELIB_DATE (2023-02-01)"
    assert explanations["sum-columns-value"] == \
        "VOTE_REEL (17) doit être égal à la somme de VOTE_POUR, VOTE_CONTRE, VOTE_ABSTENTION (18)"
    assert report.checks_not_run == (
        "libellé de matière conforme à la nomenclature ACTES (colonne DELIB_MATIERE_NOM) : "
        "non vérifié, portalgen ne sait pas encore effectuer ce contrôle",)
    assert report_lines(report)[-2:] == ["Contrôles non effectués :", f"  - {report.checks_not_run[0]}"]


def test_geopoint_boolean_and_enum_messages(tmp_path):
    schema = find_known_schema("stationnement-cyclable")
    header = list(schema.field_names)
    row = dict.fromkeys(header, "")
    row.update(id_local="V1", coordonneesxy="[-1.68, 48.11]", capacite="10", type_accroche="CADRE")
    bad = dict(row, id_local="V2", coordonneesxy="48.11 -1.68", gratuit="peut-être", type_accroche="cadre")
    path = write_csv(tmp_path / "velos.csv", header, [[row[h] for h in header], [bad[h] for h in header]])
    report = validate_table(path, schema)
    messages = [i.message for i in report.errors]
    assert "ligne 3, colonne coordonneesxy : « 48.11 -1.68 » n'est pas un point géographique au format " \
           "[longitude, latitude]" in messages
    assert any(m.startswith("ligne 3, colonne gratuit : « peut-être » n'est pas une valeur oui/non reconnue "
                            "(valeurs acceptées : true, True") for m in messages)
    assert any(m.startswith("ligne 3, colonne type_accroche : « cadre » ne fait pas partie des valeurs "
                            "autorisées : ROUE, CADRE") for m in messages)


def test_report_findings_and_summary_json(tmp_path, subventions):
    path = write_csv(tmp_path / "subventions.csv", SUBVENTIONS_HEADER, [_row(montant="abc")] * 3)
    report = validate_table(path, subventions)
    findings = report_findings(report, "data/subventions.xlsx", max_findings=2)
    assert [f.level for f in findings] == [Level.WARNING] * 3
    assert str(findings[0].where) == "data/subventions.xlsx:2"
    assert findings[0].key == "ligne 2, colonne montant"
    assert "3 errors against schema scdl/subventions (2 shown)" in findings[-1].message
    summary = json.loads(validation_summary_json(report))
    assert summary["status"] == "non conforme" and summary["counts"] == {"type-error": 3}
    assert validation_summary_json(report) == validation_summary_json(validate_table(path, subventions))


def test_ten_thousand_rows_are_counted_exactly(tmp_path, subventions):
    rows = [_row(montant="12,5") if n % 4 == 0 else _row() for n in range(10_000)]
    path = write_csv(tmp_path / "big.csv", SUBVENTIONS_HEADER, rows)
    report = validate_table(path, subventions)
    assert report.rows_checked == 10_000
    assert report.counts == {"type-error": 2_500}
    assert len(report.errors) == 1000 and report.errors[-1].row == 2 + 4 * 999
