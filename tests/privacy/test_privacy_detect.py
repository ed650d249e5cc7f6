"""Column-level detection: each kind with positives and look-alikes, thresholds, and the
public-by-nature exemptions. Tables are real CSV files written in tmp_path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from portalgen.privacy import (
    ColumnPolicy, PersonalKind, Status, detect_personal_data, normalise_schema_id, properties_frame,
    public_reason, scan_geojson_properties, scan_table,
)
from portalgen.privacy.patterns import nir_key

K = PersonalKind


def csv_table(tmp_path: Path, text: str, name: str = "data.csv") -> pd.DataFrame:
    path = tmp_path / name
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def kinds(frame: pd.DataFrame, schema_id: str | None = None, **kw) -> dict[str, set[PersonalKind]]:
    """Non-public detections per column."""
    found: dict[str, set[PersonalKind]] = {}
    for d in detect_personal_data(frame, schema_id=schema_id, **kw):
        if d.public_reason is None:
            found.setdefault(d.column, set()).add(d.kind)
    return found


def nir(first13: str, spaced: bool = False) -> str:
    text = first13 + f"{nir_key(first13):02d}"
    return " ".join([text[0], text[1:3], text[3:5], text[5:7], text[7:10], text[10:13], text[13:]]) if spaced else text


# ---- contact details ------------------------------------------------------------------------

def test_contact_list_is_fully_detected(tmp_path):
    frame = csv_table(tmp_path, """
nom,prenom,adresse,code_postal,telephone,email,date_naissance
DUPONT,Jean,12 rue des Lilas,86000,06 12 34 56 78,jean.dupont@gmail.com,1985-03-12
Kerbrat,Soizic,3 bis avenue Foch,86180,05.49.01.02.03,s.kerbrat@orange.fr,12/07/1954
MARTIN,Gaspard,5 impasse du Moulin,86000,+33 7 11 22 33 44,,2001-01-01
""")
    assert kinds(frame, reference_date=dt.date(2026, 1, 1)) == {
        "nom": {K.PERSON_NAME}, "prenom": {K.PERSON_NAME}, "adresse": {K.ADDRESS}, "telephone": {K.PHONE},
        "email": {K.EMAIL}, "date_naissance": {K.BIRTH_DATE}}


def test_counts_examples_and_rows(tmp_path):
    frame = csv_table(tmp_path, """
id,telephone
1,
2,06 12 34 56 12
3,non communiqué
4,07 98 76 54 32
""")
    [d] = detect_personal_data(frame)
    assert (d.column, d.kind, d.count, d.non_empty, d.first_row) == ("telephone", K.PHONE, 2, 3, 2)
    assert d.example == "06 •• •• •• 12"


def test_phone_share_threshold_without_and_with_a_column_name(tmp_path):
    # one formatted phone among 20 values of an unnamed column: below the 10 % share, not flagged
    rows = ["entrée libre"] * 19 + ["05 49 01 02 03"]
    frame = pd.DataFrame({"infos": rows, "tel": rows})
    assert kinds(frame) == {"tel": {K.PHONE}}
    # compact ten digits need 80 % when the name says nothing
    codes = pd.DataFrame({"code": ["0612345678", "0123456789", "ABC", "DEF", "GHI"]})
    assert kinds(codes) == {}
    assert kinds(pd.DataFrame({"numero": ["0612345678", "0712345678", "0549010203"]})) == {"numero": {K.PHONE}}


def test_nine_digit_numbers_are_phones_only_under_a_phone_column_name(tmp_path):
    frame = pd.DataFrame({"portable": ["612345678", "712345678"], "siren": ["130025265", "217500016"]})
    assert kinds(frame) == {"portable": {K.PHONE}}


def test_odd_phone_groupings_count_under_a_phone_column_name_only():
    values = ["061 234 5678", "054 901 0203", "entrée libre"]
    assert kinds(pd.DataFrame({"tel": values, "reference": values})) == {"tel": {K.PHONE}}


def test_obfuscated_emails_are_emails():
    frame = pd.DataFrame({"mail": ["jean.dupont (at) gmail.com", "marie [at] orange.fr"]})
    [d] = detect_personal_data(frame)
    assert (d.kind, d.count, d.example) == (K.EMAIL, 2, "j***@g***.com")


def test_email_look_alikes(tmp_path):
    frame = csv_table(tmp_path, """
service,email_service,site
Urbanisme,urbanisme@ville.fr,https://www.ville.fr
CCAS,accueil-ccas@ville.fr,https://www.ville.fr/ccas
Mairie,mairie@ville.fr,www.ville.fr
""")
    assert kinds(frame) == {}
    agents = pd.DataFrame({"agent": ["j.martin@ville.fr", "urbanisme@ville.fr"]})
    [d] = detect_personal_data(agents)
    assert (d.kind, d.count, d.example) == (K.EMAIL, 1, "j***@v***.fr")


# ---- NIR and IBAN ---------------------------------------------------------------------------

def test_valid_nir_is_always_flagged_even_alone(tmp_path):
    frame = pd.DataFrame({"identifiant": ["A12", "B7", nir("1850578006084", spaced=True)] + ["C"] * 50})
    [d] = detect_personal_data(frame)
    assert (d.kind, d.count, d.severity.value) == (K.NIR, 1, "high")
    assert d.example == "1 •• •• •• ••• ••• ••"


def test_corsican_nir_in_a_column(tmp_path):
    frame = pd.DataFrame({"x": [nir("185052A006084"), nir("285052B123456")]})
    assert kinds(frame) == {"x": {K.NIR}}


def test_product_codes_failing_the_nir_key_are_not_flagged():
    first13 = "1850578006084"
    bad = first13 + f"{nir_key(first13) % 97 + 1:02d}"
    assert kinds(pd.DataFrame({"code_produit": [bad, "123456789012345", "999999999999999"]})) == {}


def test_codes_passing_the_nir_key_by_chance_are_not_flagged():
    # 40 fifteen-digit codes, one of which happens to have a valid key: chance level, not a NIR column
    codes = [f"9{index:014d}" for index in range(39)] + [nir("1850578006084")]
    assert kinds(pd.DataFrame({"code": codes})) == {}
    # but a column named "nir" is flagged even when keys are wrong (typos in a real export)
    assert kinds(pd.DataFrame({"nir": ["185057800608400"]})) == {"nir": {K.NIR}}


def test_iban_detection_and_look_alikes():
    frame = pd.DataFrame({"reference": ["FR76 3000 6000 0112 3456 7890 189", "", "DOSSIER-2024"],
                          "ref_bad": ["FR76 3000 6000 0112 3456 7890 188", "FR00 1234", "X"]})
    assert kinds(frame) == {"reference": {K.IBAN}}
    assert kinds(pd.DataFrame({"rib": ["FR76 3000 6000 0112 3456 7890 188"]})) == {"rib": {K.IBAN}}


# ---- dates of birth -------------------------------------------------------------------------

def test_birth_dates_need_a_name_or_people_in_the_table():
    dates = ["1985-03-12", "12/07/1954", "2001-01-01", "1949-11-30"]
    assert kinds(pd.DataFrame({"date_naissance": dates}), reference_date=dt.date(2026, 1, 1)) == \
        {"date_naissance": {K.BIRTH_DATE}}
    # deliberation dates, or dates without any person in the table: not birth dates
    assert kinds(pd.DataFrame({"DELIB_DATE": dates})) == {}
    assert kinds(pd.DataFrame({"date": dates, "montant": ["1", "2", "3", "4"]})) == {}
    # unnamed dates spread over decades, next to people's names: birth dates
    people = pd.DataFrame({"col_1": ["M. Jean Dupont", "Mme Marie Martin", "M. Pierre Durand", "Mme Anne Petit"],
                           "col_2": dates})
    assert kinds(people) == {"col_1": {K.PERSON_NAME}, "col_2": {K.BIRTH_DATE}}
    # ... unless the column names an event
    members = people.rename(columns={"col_2": "date_adhesion"})
    assert kinds(members) == {"col_1": {K.PERSON_NAME}}


def test_future_dates_are_not_births_when_the_build_date_is_known():
    frame = pd.DataFrame({"date_naissance": ["2030-01-01", "2031-05-05"]})
    assert kinds(frame, reference_date=dt.date(2026, 1, 1)) == {}


# ---- names ----------------------------------------------------------------------------------

@pytest.mark.parametrize("values", [
    ["M. Jean Dupont", "Mme Martin", "M. Gaspard Kerbrat"],
    ["DUPONT Jean", "KERBRAT Soizic", "MARTIN Marie"],
    ["Jean Dupont", "Marie Martin", "Pierre Durand"],
])
def test_person_names_in_an_unnamed_column(values):
    assert kinds(pd.DataFrame({"col": values})) == {"col": {K.PERSON_NAME}}


@pytest.mark.parametrize("column", ["nom_prenom", "beneficiaire_personne", "Nom et prénom", "full_name", "contact"])
def test_person_names_under_a_name_column(column):
    frame = pd.DataFrame({column: ["KOWALSKI Zbigniew", "Brisquet Anatole", "DUPONT Jean", "Nkoulou Perrine"]})
    assert kinds(frame) == {column: {K.PERSON_NAME}}


def test_first_name_column_flags_its_surname_sibling():
    frame = pd.DataFrame({"nom": ["Kerbrat", "Quéméner", "Poullaouec"], "prenom": ["Soizic", "Gwendal", "Maëlys"]})
    assert kinds(frame) == {"nom": {K.PERSON_NAME}, "prenom": {K.PERSON_NAME}}


@pytest.mark.parametrize("column, values", [
    ("nom", ["REPUBLIQUE", "GARE", "HOTEL DE VILLE", "THEATRE"]),                       # car parks
    ("nom", ["Poitiers", "Buxerolles", "Migné-Auxances", "Saint-Benoît"]),               # communes
    ("nom", ["Platane commun", "Tilleul argenté", "Chêne pédonculé", "Érable sycomore"]),  # trees
    ("EQUIP_NOM", ["Gymnase Jean Moulin", "Salle des fêtes", "École Jules Ferry", "Jean Moulin"]),
    ("nom_association", ["Association sportive de Biard", "Comité des fêtes", "Club de pétanque", "SARL Dupont"]),
    ("COMMUNE_NOM", ["Rennes", "Rennes", "Rennes"]),
    ("ENFANT_SEXE", ["M", "F", "M"]),
])
def test_name_look_alikes(column, values):
    assert kinds(pd.DataFrame({column: values})) == {}


def test_subventions_to_legal_persons_with_siret_are_not_personal(tmp_path):
    frame = csv_table(tmp_path, """
nomAttribuant,idAttribuant,nomBeneficiaire,idBeneficiaire,objet,montant
Ville de Poitiers,21860194600013,ASSOCIATION SPORTIVE DE LA FONTONNE,37939422400016,Fonctionnement,120000
Ville de Poitiers,21860194600013,La Boule Joyeuse,52499120500013,Fonctionnement,3000
Ville de Poitiers,21860194600013,DUPONT Jean,38033590100027,Aide à l'installation,1500
""")
    assert kinds(frame, "scdl/subventions") == {}
    # the same beneficiaries without their SIRET: "DUPONT Jean" is a person
    no_ids = frame.assign(idBeneficiaire="")
    assert kinds(no_ids, "scdl/subventions") == {"nomBeneficiaire": {K.PERSON_NAME}}


def test_an_association_rna_does_not_make_its_president_a_legal_person():
    frame = pd.DataFrame({"nom_association": ["Comité des fêtes", "Club de judo"], "rna": ["W861000001", "W861000002"],
                          "president": ["M. Jean Dupont", "Mme Marie Martin"]})
    assert kinds(frame) == {"president": {K.PERSON_NAME}}


# ---- addresses ------------------------------------------------------------------------------

def test_addresses_of_places_are_not_addresses_of_individuals():
    places = pd.DataFrame({"nom": ["REPUBLIQUE", "GARE"], "adresse": ["3 rue de la Gare", "12 place du Marché"]})
    assert kinds(places) == {}
    homes = pd.DataFrame({"adresse_domicile": ["3 rue de la Gare", "12 place du Marché"]})
    assert kinds(homes) == {"adresse_domicile": {K.ADDRESS}}
    people = pd.DataFrame({"petitionnaire": ["M. Jean Dupont", "Mme Marie Martin"],
                           "adresse_terrain": ["3 rue de la Gare", "12 chemin des Vignes"]})
    assert kinds(people) == {"petitionnaire": {K.PERSON_NAME}, "adresse_terrain": {K.ADDRESS}}


# ---- free text ------------------------------------------------------------------------------

def test_contacts_inside_free_text(tmp_path):
    frame = csv_table(tmp_path, """
date,observations
2024-01-02,"Rappeler Mme Martin au 06 11 22 33 44 avant jeudi."
2024-01-03,"Dossier complet, transmis au service instructeur."
2024-01-04,"Virement sur FR76 3000 6000 0112 3456 7890 189 pour le remboursement."
2024-01-05,"Demande transmise par jean.dupont@gmail.com le 3 janvier."
""")
    [d] = detect_personal_data(frame)
    assert (d.column, d.kind, d.count, d.severity.value) == ("observations", K.FREE_TEXT, 3, "high")
    assert d.contains == (K.IBAN, K.EMAIL, K.PHONE)
    assert d.example == "… 06 •• •• •• 44 …"


def test_numbers_in_free_text_that_are_not_contacts():
    texts = ["Marché n° 2024-015 attribué (SIRET 218 601 946 00013) pour 12 345,67 € HT.",
             "Réunion le 05.03.2024 à 18 h 30, salle 2 ; contact : mairie@ville.fr",
             "Délibération n° 2023/118 du 14 décembre 2023, vote 25 pour 3 contre."]
    assert kinds(pd.DataFrame({"objet": texts})) == {}


# ---- schemas: public by nature -------------------------------------------------------------

def test_schema_ids_are_normalised():
    assert normalise_schema_id("https://schema.data.gouv.fr/schemas/scdl/equipements/0.1.5/schema.json") == \
        "scdl/equipements"
    assert normalise_schema_id("equipements") == "scdl/equipements"
    assert normalise_schema_id("scdl/dae") == "atlasante/schema-dae"
    assert normalise_schema_id("etalab/schema-irve-statique@2.3.1") == "etalab/schema-irve-statique"
    assert normalise_schema_id("fontaine-eau") == "datagouv/schema-fontaine-eau"
    assert normalise_schema_id("autre/schema") == "autre/schema"
    assert normalise_schema_id(None) is None


def test_facility_contacts_are_public_under_their_schema(tmp_path):
    frame = csv_table(tmp_path, """
EQUIP_NOM,ADR_NUMERO,ADR_NOMVOIE,EQUIP_TEL,EQUIP_EMAIL
Médiathèque,36,Avenue Ardouin,+33 140633900,p.nom@ville.fr
Piscine,2,Rue du Stade,05 49 00 11 22,piscine@ville.fr
""")
    report = scan_table(frame, file_label="data/equipements.csv", schema_id="scdl/equipements", column_policies={})
    assert report.ok_to_publish
    assert {(f.column, f.kind, f.status) for f in report.findings} == {
        ("EQUIP_TEL", K.PHONE, Status.PUBLIC), ("EQUIP_EMAIL", K.EMAIL, Status.PUBLIC)}
    assert "équipement collectif public" in report.findings[0].detection.public_reason
    # without the schema, the same phone numbers block until someone reviews them
    blocked = scan_table(frame, file_label="data/equipements.csv", schema_id=None, column_policies={})
    assert blocked.blocking_columns == ("EQUIP_TEL", "EQUIP_EMAIL")


def test_elected_officials_are_public_in_deliberations_but_not_private_persons():
    frame = pd.DataFrame({"DELIB_OBJET": ["Vente de la parcelle AB 12", "Convention avec l'association"],
                          "RAPPORTEUR": ["M. Jean Dupont", "Mme Marie Martin"],
                          "acquereur": ["M. Pierre Durand", "Mme Anne Petit"]})
    assert kinds(frame, "scdl/deliberations") == {"acquereur": {K.PERSON_NAME}}
    assert public_reason("scdl/deliberations", "RAPPORTEUR", K.PERSON_NAME)
    assert public_reason("scdl/deliberations", "RAPPORTEUR", K.PHONE) is None   # only names are exempt
    assert public_reason("scdl/deliberations", "nir", K.NIR) is None


def test_irve_dae_and_prenoms_exemptions():
    irve = pd.DataFrame({"telephone_operateur": ["0612345678"], "contact_operateur": ["jean.dupont@operateur.fr"]})
    assert kinds(irve, "etalab/schema-irve-statique") == {}
    dae = pd.DataFrame({"expt_tel1": ["+33102030405"], "expt_email": ["p.nom@domaine.fr"], "tel1": ["+33102030405"]})
    assert kinds(dae, "atlasante/schema-dae") == {}
    prenoms = pd.DataFrame({"ENFANT_PRENOM": ["Adam", "Alexandre", "Victor"], "ENFANT_SEXE": ["M", "M", "M"]})
    assert kinds(prenoms, "scdl/prenoms") == {}
    assert kinds(prenoms) == {"ENFANT_PRENOM": {K.PERSON_NAME}}


def test_nir_is_never_public_whatever_the_schema():
    frame = pd.DataFrame({"EQUIP_TEL": [nir("1850578006084")]})
    assert kinds(frame, "scdl/equipements") == {"EQUIP_TEL": {K.NIR}}


def test_official_scdl_examples_have_no_blocking_finding(shared_reference):
    schemas = {"subventions": "scdl/subventions", "deliberations": "scdl/deliberations",
               "equipements": "scdl/equipements", "dae": "atlasante/schema-dae", "irve-statique":
               "etalab/schema-irve-statique", "fontaine-eau": "datagouv/schema-fontaine-eau", "prenoms": "scdl/prenoms",
               "stationnement": "etalab/schema-stationnement", "stationnement-cyclable":
               "etalab/schema-stationnement-cyclable", "catalogue": "scdl/catalogue", "budget": "scdl/budget",
               "menus-collectifs": "scdl/menus-collectifs", "plats-menus-collectifs": "scdl/plats-menus-collectifs"}
    checked = 0
    for folder, schema_id in schemas.items():
        for path in sorted((shared_reference / "scdl" / folder).glob("*.csv")):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            report = scan_table(frame, file_label=str(path), schema_id=schema_id, column_policies={})
            assert report.blocking == (), (path, report.explain_fr())
            checked += 1
    assert checked >= 13


# ---- GeoJSON --------------------------------------------------------------------------------

def test_geojson_properties_are_scanned_as_a_table():
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0.34, 46.58]},
         "properties": {"nom": "Banc", "signale_par": {"email": "jean.dupont@gmail.com"},
                        "telephone": "06 12 34 56 78"}},
        {"type": "Feature", "geometry": None, "properties": {"nom": "Lampadaire", "etat": "en panne"}},
    ]}
    frame = properties_frame(geojson)
    assert list(frame.columns) == ["nom", "signale_par", "telephone", "etat"]
    report = scan_geojson_properties(geojson, file_label="data/signalements.geojson", schema_id=None,
                                     column_policies={"telephone": ColumnPolicy("mask")})
    assert [(f.column, f.kind, f.status) for f in report.findings] == [
        ("signale_par", K.FREE_TEXT, Status.BLOCKING), ("telephone", K.PHONE, Status.RESOLVED)]


def test_detection_is_deterministic_and_does_not_touch_the_frame():
    frame = pd.DataFrame({"email": ["a.b@gmail.com", "c.d@orange.fr"], "n": [1.0, float("nan")]})
    before = frame.copy()
    assert detect_personal_data(frame) == detect_personal_data(frame)
    pd.testing.assert_frame_equal(frame, before)
