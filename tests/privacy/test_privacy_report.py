"""Policies, statuses, the French report texts and the YAML hints."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from portalgen.errors import Level, Location
from portalgen.privacy import ColumnPolicy, PersonalKind, PolicyMode, Status, parse_policies, scan_table


@pytest.fixture
def contacts(tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "contacts.csv"
    path.write_text(
        "association,president,telephone,email,commune\n"
        "Club de judo,M. Jean Dupont,06 12 34 56 12,jean.dupont@gmail.com,Biard\n"
        "Comité des fêtes,Mme Marie Martin,05 49 01 02 03,contact@comite.fr,Ligugé\n"
        "Chorale,M. Pierre Durand,,p.durand@orange.fr,Biard\n", encoding="utf-8")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def scan(frame, policies=None, **kw):
    return scan_table(frame, file_label="data/contacts.csv", schema_id=None, column_policies=policies or {},
                      config_file="datasets/associations.yml", **kw)


def test_summary_without_personal_data():
    frame = pd.DataFrame({"annee": ["2024"], "montant": ["12"], "commune": ["Biard"]})
    report = scan(frame)
    assert report.summary_fr() == "3 colonnes vérifiées, 0 donnée personnelle"
    assert report.ok_to_publish and report.findings == () and report.yaml_hint() is None
    assert scan(pd.DataFrame({"annee": ["2024"]})).summary_fr() == "1 colonne vérifiée, 0 donnée personnelle"


def test_blocking_findings_and_summary(contacts):
    report = scan(contacts)
    assert report.summary_fr() == "5 colonnes vérifiées, 3 données personnelles à traiter"
    assert not report.ok_to_publish
    assert report.blocking_columns == ("president", "telephone", "email")
    assert report.yaml_hint() == "privacy: {president: drop, telephone: mask, email: mask}"


def test_blocking_message_names_file_column_kind_count_example_and_way_out(contacts):
    findings = scan(contacts).to_findings()
    phone = next(f for f in findings if f.key == "colonne telephone")
    assert phone.level is Level.ERROR and phone.code == "privacy.personal-data"
    assert phone.where == Location("data/contacts.csv")
    assert "2 numéros de téléphone sur 2 cellules remplies" in phone.message
    assert "« 06 •• •• •• 12 »" in phone.message
    assert "ligne de données 1" in phone.message
    assert "dans datasets/associations.yml" in phone.hint
    assert "« privacy: {telephone: mask} »" in phone.hint
    assert 'privacy: {telephone: {mode: reviewed, justification: "' in phone.hint
    formatted = phone.format()
    assert formatted.startswith("data/contacts.csv: colonne telephone: données personnelles à ne pas publier "
                                "telles quelles : 2 numéros de téléphone")
    # the original values never appear in messages
    text = "\n".join(f.format() for f in findings)
    for original in ["06 12 34 56 12", "jean.dupont@gmail.com", "Dupont", "Martin"]:
        assert original not in text


def test_reviewed_anonymised_and_mixed_statuses(contacts):
    policies = {"president": ColumnPolicy("drop"), "telephone": ColumnPolicy("mask"),
                "email": ColumnPolicy(PolicyMode.REVIEWED, "adresses publiées avec l'accord des présidents")}
    report = scan(contacts, policies)
    assert [(f.column, f.status) for f in report.findings] == [
        ("president", Status.RESOLVED), ("telephone", Status.RESOLVED), ("email", Status.REVIEWED)]
    assert report.ok_to_publish
    assert report.summary_fr() == ("5 colonnes vérifiées, 3 données personnelles traitées "
                                   "(2 anonymisées, 1 vérifiée par une personne)")
    notes = {f.key: f for f in report.to_findings()}
    assert notes["colonne email"].level is Level.INFO
    assert "« adresses publiées avec l'accord des présidents »" in notes["colonne email"].message
    assert "règle « drop » appliquée" in notes["colonne president"].message
    partly = scan(contacts, {"telephone": ColumnPolicy("mask")})
    assert partly.summary_fr() == "5 colonnes vérifiées, 2 données personnelles à traiter, 1 déjà traitée"


def test_reviewed_without_justification_is_an_error(contacts):
    report = scan(contacts, {"telephone": ColumnPolicy("reviewed"), "email": ColumnPolicy("reviewed", "   "),
                             "president": ColumnPolicy("drop")})
    errors = [f for f in report.problems if f.code == "privacy.missing-justification"]
    assert [f.key for f in errors] == ["privacy.email", "privacy.telephone"]
    assert errors[1].where == Location("datasets/associations.yml")
    assert "sans justification" in errors[1].message
    assert 'justification: "numéro du standard de la mairie"' in errors[1].hint
    # the column stays blocking until the justification is written
    assert report.blocking_columns == ("telephone", "email")
    assert not report.ok_to_publish
    assert report.summary_fr() == ("5 colonnes vérifiées, 2 données personnelles à traiter, 1 déjà traitée, "
                                   "2 erreurs dans la rubrique « privacy »")


def test_policy_on_a_missing_column_suggests_the_closest(contacts):
    report = scan(contacts, {"telephon": ColumnPolicy("mask"), "EMAIL": ColumnPolicy("mask"),
                             "zzz": ColumnPolicy("drop")})
    problems = {f.key: f for f in report.problems}
    assert problems["privacy.telephon"].code == "privacy.unknown-column"
    assert problems["privacy.telephon"].level is Level.ERROR
    assert "« telephon »" in problems["privacy.telephon"].message
    assert "data/contacts.csv" in problems["privacy.telephon"].message
    assert problems["privacy.telephon"].hint.startswith("vouliez-vous dire « telephone » ?")
    assert problems["privacy.EMAIL"].hint.startswith("vouliez-vous dire « email » ?")
    assert not problems["privacy.zzz"].hint.startswith("vouliez-vous")
    assert "colonnes du fichier : association, president, telephone, email, commune" in problems["privacy.zzz"].hint
    assert not report.ok_to_publish


def test_generalise_on_names_warns_that_names_are_masked(contacts):
    report = scan(contacts, {"president": ColumnPolicy("generalise"), "telephone": ColumnPolicy("mask"),
                             "email": ColumnPolicy("hash")})
    [warning] = report.problems
    assert warning.level is Level.WARNING and warning.code == "privacy.generalise-names"
    assert "initiales" in warning.message
    assert report.ok_to_publish


def test_precision_only_for_generalise():
    frame = pd.DataFrame({"date_naissance": ["1985-03-12"]})
    ok = scan(frame, {"date_naissance": ColumnPolicy("generalise", precision="month")})
    assert ok.problems == () and ok.ok_to_publish
    bad = scan(frame, {"date_naissance": ColumnPolicy("mask", precision="month")})
    assert [p.code for p in bad.problems] == ["privacy.invalid-policy"]
    bad_value = scan(frame, {"date_naissance": ColumnPolicy("generalise", precision="day")})
    assert [p.code for p in bad_value.problems] == ["privacy.invalid-policy"]


def test_column_policy_accepts_strings_and_refuses_unknown_modes():
    assert ColumnPolicy("MASK").mode is PolicyMode.MASK
    with pytest.raises(ValueError):
        ColumnPolicy("blur")


def test_parse_policies_from_yaml_mapping():
    where = Location("datasets/associations.yml", 12, 5)
    policies, problems = parse_policies({
        "telephone": "mask",
        "email": {"mode": "reviewed", "justification": "adresse du standard"},
        "date_naissance": {"mode": "generalize", "precision": "month"},
        "nir": "drop",
        "iban": "masq",
        "commentaire": 3,
        "adresse": {"mode": "hash", "salt": "x"},
    }, where=where)
    assert policies == {
        "telephone": ColumnPolicy(PolicyMode.MASK), "email": ColumnPolicy(PolicyMode.REVIEWED, "adresse du standard"),
        "date_naissance": ColumnPolicy(PolicyMode.GENERALISE, precision="month"), "nir": ColumnPolicy(PolicyMode.DROP),
        "adresse": ColumnPolicy(PolicyMode.HASH)}
    by_key = {p.key: p for p in problems}
    assert by_key["privacy.iban"].hint.startswith("vouliez-vous dire « mask » ?")
    assert by_key["privacy.iban"].where == where
    assert "doit être un mot" in by_key["privacy.commentaire"].message
    assert "clé inconnue « salt »" in by_key["privacy.adresse"].message
    assert all(p.level is Level.ERROR and p.code == "privacy.invalid-policy" for p in problems)
    assert parse_policies(None) == ({}, ())
    _, [problem] = parse_policies(["telephone"])
    assert "privacy: {telephone: mask}" in problem.hint


def test_yaml_hint_quotes_column_names_that_need_it():
    frame = pd.DataFrame({"Téléphone portable": ["06 12 34 56 78"], "e-mail": ["jean.dupont@gmail.com"]})
    assert scan(frame).yaml_hint() == 'privacy: {"Téléphone portable": mask, e-mail: mask}'


def test_explain_fr_lists_everything_and_ends_with_the_hint(contacts):
    text = scan(contacts).explain_fr()
    lines = text.splitlines()
    assert lines[0] == "data/contacts.csv : 5 colonnes vérifiées, 3 données personnelles à traiter"
    assert len([line for line in lines if line.startswith("  - ")]) == 3
    assert lines[-1].endswith("privacy: {president: drop, telephone: mask, email: mask}")


def test_report_is_deterministic(contacts):
    assert scan(contacts) == scan(contacts)
    assert scan(contacts).explain_fr() == scan(contacts.copy()).explain_fr()


def test_free_text_finding_lists_what_it_contains():
    frame = pd.DataFrame({"observations": ["Rappeler au 06 11 22 33 44 ou jean@gmail.com.", "RAS"]})
    [finding] = scan(frame).findings
    assert finding.kind is PersonalKind.FREE_TEXT
    message = scan(frame).to_findings()[0].message
    assert "1 texte contenant des coordonnées (adresses e-mail personnelles, numéros de téléphone)" in message
