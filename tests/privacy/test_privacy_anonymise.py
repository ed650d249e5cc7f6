"""Every anonymisation mode: what it produces, and that no original personal value survives,
neither in any cell nor in the CSV written from the result."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from portalgen.errors import PortalgenError
from portalgen.privacy import ColumnPolicy, PolicyMode, anonymise, anonymise_features, hash_value, number_range
from portalgen.privacy.patterns import BULLET, nir_key

NIR_1 = "1850578006084" + f"{nir_key('1850578006084'):02d}"
NIR_2 = "285052A123456" + f"{nir_key('285052A123456'):02d}"

CSV = f"""\
nom,prenom,telephone,email,nir,iban,date_naissance,adresse,observations,age,code_postal
DUPONT,Jean,06 12 34 56 78,jean.dupont@gmail.com,{NIR_1},FR76 3000 6000 0112 3456 7890 189,1985-03-12,"3 bis avenue Foch, 86000 Poitiers","Rappeler au 07 11 22 33 44 ou kerbrat.soizic@orange.fr avant jeudi, merci.",37,86000
Kerbrat,Soizic,+33 5 49 01 02 03,s.kerbrat@orange.fr,{NIR_2},FR7630006000011234567890189,12/07/1954,12 rue des Lilas,"Dossier complet, transmis au service instructeur le 3 mars.",71,86180
,,,,,,,,,,
Quéméner,Gwendal,0612345699,gwendal.quemener@laposte.net,,,2001-01-21,"5 impasse du Moulin, 79000 Niort","Demande transmise par le demandeur, IBAN FR76 3000 6000 0112 3456 7890 189 pour le remboursement.",24,79000
"""

PERSONAL_COLUMNS = ["nom", "prenom", "telephone", "email", "nir", "iban", "date_naissance", "adresse"]


@pytest.fixture
def source(tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "contacts.csv"
    path.write_text(CSV, encoding="utf-8")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def personal_values(frame: pd.DataFrame) -> set[str]:
    """Every personal value of the fixture, and the contacts hidden in its free text."""
    values = {v for column in PERSONAL_COLUMNS for v in frame[column] if v}
    for text in frame["observations"]:
        values |= set(re.findall(r"[\w.]+@[\w.]+", text))
        values |= set(re.findall(r"0\d(?: \d\d){4}", text))
        values |= set(re.findall(r"FR76(?: \d{4}){5} \d{3}", text))
    # pieces that identify someone on their own: names, e-mail local parts, street names, phone digits
    values |= {"DUPONT", "Dupont", "Kerbrat", "Quéméner", "Soizic", "Gwendal", "dupont", "kerbrat", "quemener",
               "Foch", "Lilas", "12345678", "49010203", "11223344", "3456 7890"}
    return values


def assert_nothing_survives(original: pd.DataFrame, result: pd.DataFrame, tmp_path: Path) -> None:
    secrets = personal_values(original)
    cells = [str(v) for column in result.columns for v in result[column].tolist()]
    for secret in secrets:
        leaking = [cell for cell in cells if secret in cell]
        assert not leaking, f"{secret!r} survives in {leaking}"
    path = tmp_path / "published.csv"
    result.to_csv(path, index=False)
    written = path.read_text(encoding="utf-8")
    for secret in secrets:
        assert secret not in written, f"{secret!r} survives in the CSV"


@pytest.mark.parametrize("mode", ["drop", "mask", "hash", "generalise"])
def test_no_original_value_survives_any_mode(source, tmp_path, mode):
    policies = {c: ColumnPolicy(mode) for c in PERSONAL_COLUMNS + ["observations"]}
    result = anonymise(source, policies, salt="sel-secret-du-site")
    assert_nothing_survives(source, result, tmp_path)


def test_reviewed_leaves_the_column_unchanged(source):
    result = anonymise(source, {"telephone": ColumnPolicy("reviewed", "standard")}, salt="s")
    pd.testing.assert_frame_equal(result, source)


def test_drop_removes_only_the_named_columns(source):
    result = anonymise(source, {"nir": ColumnPolicy("drop"), "iban": ColumnPolicy("drop")}, salt="")
    assert list(result.columns) == [c for c in source.columns if c not in ("nir", "iban")]
    pd.testing.assert_frame_equal(result, source.drop(columns=["nir", "iban"]))


def test_mask_keeps_the_shape(source):
    policies = {c: ColumnPolicy(PolicyMode.MASK) for c in PERSONAL_COLUMNS + ["observations"]}
    result = anonymise(source, policies, salt="")
    row = result.iloc[0]
    assert row["nom"] == "•••" and row["prenom"] == "•••"
    assert row["telephone"] == "06 •• •• •• ••"
    assert result.iloc[1]["telephone"] == "+33 • •• •• •• ••"
    assert row["email"] == "j***@g***.com"
    assert row["nir"] == BULLET * 15
    assert row["iban"] == "FR•• •••• •••• •••• •••• •••• •••"
    assert row["date_naissance"] == "••••-••-••"
    assert row["adresse"] == "•• ••• avenue •••, •• •••"
    # free text: only the contacts inside are masked
    assert row["observations"] == "Rappeler au 07 •• •• •• •• ou k***@o***.fr avant jeudi, merci."
    assert result.iloc[1]["observations"] == source.iloc[1]["observations"]
    # empty cells stay empty; other columns untouched
    assert (result.iloc[2] == "").all()
    assert list(result["age"]) == list(source["age"])


def test_mask_keeps_no_original_substring_longer_than_two_characters(source):
    policies = {c: ColumnPolicy("mask") for c in ["nom", "prenom", "telephone", "email", "nir", "iban"]}
    result = anonymise(source, policies, salt="")
    for column in policies:
        for before, after in zip(source[column], result[column]):
            if not before:
                continue
            if column == "email":  # the top-level domain identifies no one and is kept
                before = before.rsplit(".", 1)[0]
            plain = re.sub(r"\W", "", before)
            for start in range(len(plain) - 2):
                assert plain[start:start + 3] not in re.sub(r"\W", "", after), (column, before, after)


def test_hash_is_deterministic_given_the_salt(source):
    policies = {"email": ColumnPolicy("hash"), "nom": ColumnPolicy("hash")}
    first = anonymise(source, policies, salt="sel-A")
    again = anonymise(source, policies, salt="sel-A")
    other = anonymise(source, policies, salt="sel-B")
    pd.testing.assert_frame_equal(first, again)
    assert first.iloc[0]["email"] == hash_value("jean.dupont@gmail.com", "sel-A")
    assert re.fullmatch(r"[0-9a-f]{16}", first.iloc[0]["email"])
    assert first.iloc[0]["email"] != other.iloc[0]["email"]
    assert first.iloc[2]["email"] == ""
    assert hash_value(" x ", "s") == hash_value("x", "s")


def test_hash_without_salt_is_refused(source):
    with pytest.raises(PortalgenError) as caught:
        anonymise(source, {"email": ColumnPolicy("hash")}, salt="  ", file_label="data/contacts.csv")
    [finding] = caught.value.findings
    assert finding.code == "privacy.missing-salt"
    assert "sel" in finding.message


def test_policy_on_a_missing_column_is_refused(source):
    with pytest.raises(PortalgenError) as caught:
        anonymise(source, {"telephon": ColumnPolicy("mask")}, salt="s", file_label="data/contacts.csv")
    [finding] = caught.value.findings
    assert finding.code == "privacy.unknown-column"
    assert "vouliez-vous dire « telephone »" in finding.hint


def test_generalise(source):
    policies = {"date_naissance": ColumnPolicy("generalise"), "adresse": ColumnPolicy("generalise"),
                "age": ColumnPolicy("generalise"), "code_postal": ColumnPolicy("generalise"),
                "telephone": ColumnPolicy("generalise"), "observations": ColumnPolicy("generalise"),
                "nom": ColumnPolicy("generalise")}
    result = anonymise(source, policies, salt="")
    assert list(result["date_naissance"]) == ["1985", "1954", "", "2001"]
    assert list(result["adresse"]) == ["86000 Poitiers", "•••", "", "79000 Niort"]
    assert list(result["age"]) == ["30–39", "70–79", "", "20–29"]
    assert list(result["code_postal"]) == ["86000", "86180", "", "79000"]
    assert result.iloc[0]["telephone"] == "06 •• •• •• ••"
    assert result.iloc[0]["observations"].startswith("Rappeler au 07 •• •• •• •• ou k***@o***.fr")
    assert result.iloc[0]["nom"] == "•••"   # names are never reduced to initials
    monthly = anonymise(source, {"date_naissance": ColumnPolicy("generalise", precision="month")}, salt="")
    assert list(monthly["date_naissance"]) == ["1985-03", "1954-07", "", "2001-01"]


def test_number_ranges():
    assert number_range(7) == "0–9"
    assert number_range(37) == "30–39"
    assert number_range(1234.5) == "1000–1999"
    assert number_range(56789) == "50000–59999"
    assert number_range(-37) == "-40–-31"
    assert number_range(0) == "0–9"


def test_years_stay_years_but_four_digit_amounts_are_ranged():
    frame = pd.DataFrame({"annee": ["1985", "2001"], "montant": ["1234", "87"]})
    result = anonymise(frame, {"annee": ColumnPolicy("generalise"), "montant": ColumnPolicy("generalise")}, salt="")
    assert list(result["annee"]) == ["1985", "2001"]
    assert list(result["montant"]) == ["1000–1999", "80–89"]


def test_input_frame_is_not_modified_and_non_string_cells_work():
    frame = pd.DataFrame({"tel": [612345678.0, None], "n": [1, 2]})
    before = frame.copy()
    result = anonymise(frame, {"tel": ColumnPolicy("mask")}, salt="")
    pd.testing.assert_frame_equal(frame, before)
    assert result["tel"].iloc[0] == "•••••••••"
    assert pd.isna(result["tel"].iloc[1])
    assert list(result["n"]) == [1, 2]


def test_anonymise_geojson_features_only_touches_named_properties():
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [0.3, 46.5]},
                 "properties": {"nom": "Banc", "capacite": 4, "telephone": "06 12 34 56 78", "email": "a.b@gmail.com"}},
                {"type": "Feature", "geometry": None, "properties": {"nom": "Table", "capacite": 8}}]
    result = anonymise_features({"type": "FeatureCollection", "features": features},
                                {"telephone": ColumnPolicy("mask"), "email": ColumnPolicy("drop")}, salt="")
    assert result[0]["properties"] == {"nom": "Banc", "capacite": 4, "telephone": "06 •• •• •• ••"}
    assert result[1]["properties"] == {"nom": "Table", "capacite": 8}
    assert result[0]["geometry"] == features[0]["geometry"]
    assert features[0]["properties"]["telephone"] == "06 12 34 56 78"  # input untouched
