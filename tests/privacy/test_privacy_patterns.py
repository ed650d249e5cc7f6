"""Value-level recognisers: each with positives and look-alikes that must not match."""

from __future__ import annotations

import datetime as dt

import pytest

from portalgen.privacy.patterns import (
    NameEvidence, PersonalKind, cell_text, deobfuscate_email, find_patterns, iban_is_valid, is_generic_email,
    is_legal_person, looks_like_street_address, mask_address, mask_email, mask_iban, mask_nir, mask_patterns_in_text,
    mask_phone, name_evidence, name_tokens, nir_is_valid, nir_key, parse_date, phone_digits_anyhow,
    postcode_and_commune, siret_is_valid,
)


def with_key(first13: str) -> str:
    return first13 + f"{nir_key(first13):02d}"


# ---- NIR ------------------------------------------------------------------------------------

def test_nir_key_is_97_minus_remainder():
    assert nir_key("1850578006084") == 97 - 1850578006084 % 97


@pytest.mark.parametrize("first13", ["1850578006084", "2690299341732", "1010175123456", "8850578006084"])
def test_valid_nir_is_recognised_compact_and_spaced(first13):
    nir = with_key(first13)
    assert nir_is_valid(nir)
    spaced = " ".join([nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:]])
    assert nir_is_valid(spaced)
    assert [m.kind for m in find_patterns(f"NIR : {spaced}.")] == [PersonalKind.NIR]


def test_corsica_departments_use_19_and_18_for_the_key():
    # 2A counts as 19, 2B as 18 (INSEE rule)
    assert nir_key("185052A006084") == 97 - int("1850519006084") % 97
    assert nir_key("185052B006084") == 97 - int("1850518006084") % 97
    assert nir_is_valid(with_key("185052A006084"))
    assert nir_is_valid(with_key("285052B123456").lower())
    assert not nir_is_valid("185052A006084" + f"{nir_key('1850519006084') % 97 + 1:02d}")


def test_nir_with_a_wrong_key_or_impossible_fields_is_not_a_nir():
    nir = with_key("1850578006084")
    wrong = nir[:13] + f"{(int(nir[13:]) % 97) + 1:02d}"
    assert not nir_is_valid(wrong)
    assert not nir_is_valid(with_key("5850578006084"))   # sex digit 5 does not exist
    assert not nir_is_valid(with_key("1851578006084"))   # month 15
    assert not nir_is_valid(nir[:13])                     # no key
    assert find_patterns(f"code article {wrong}") == ()


# ---- IBAN -----------------------------------------------------------------------------------

def test_iban_checksum_and_country_length():
    assert iban_is_valid("FR76 3000 6000 0112 3456 7890 189")
    assert iban_is_valid("FR7630006000011234567890189")
    assert iban_is_valid("DE89370400440532013000")
    assert not iban_is_valid("FR76 3000 6000 0112 3456 7890 188")   # checksum
    assert not iban_is_valid("FR76 3000 6000 0112 3456 7890 18")    # length for FR
    assert not iban_is_valid("AB12")


def test_iban_inside_a_sentence_stops_at_the_next_word():
    [match] = find_patterns("Virement sur FR76 3000 6000 0112 3456 7890 189 pour le remboursement")
    assert match.kind is PersonalKind.IBAN
    assert match.text == "FR76 3000 6000 0112 3456 7890 189"


# ---- phones ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["06 12 34 56 78", "06.12.34.56.78", "06-12-34-56-78", "0612345678",
                                  "+33 6 12 34 56 78", "+33612345678", "+33 (0)6 12 34 56 78", "0033 6 12 34 56 78",
                                  "+33 140633900", "05 49 01 02 03", "+262 692 12 34 56"])
def test_french_phone_formats(text):
    [match] = find_patterns(text)
    assert match.kind is PersonalKind.PHONE
    assert match.text == text


@pytest.mark.parametrize("text", ["21860194600013", "SIRET 218 601 946 00013", "12 345,67 €", "2024-05-12",
                                  "12/03/1985", "86000", "612345678", "00 12 34 56 78", "06 12 34 56 7",
                                  "061234567890", "Réunion le 05.03.2024 à 18 h 30"])
def test_numbers_that_are_not_phones(text):
    assert [m for m in find_patterns(text) if m.kind is PersonalKind.PHONE] == []


def test_phone_digits_whatever_the_grouping():
    assert phone_digits_anyhow("061 234 5678")
    assert phone_digits_anyhow("(05) 49-010-203")
    assert phone_digits_anyhow("+33 612 345 678")
    assert not phone_digits_anyhow("21860194600013")
    assert not phone_digits_anyhow("0012345678")
    assert deobfuscate_email("a.b (at) c [dot] fr") == "a.b@c.fr"


def test_compact_phone_is_marked():
    assert find_patterns("0612345678")[0].compact
    assert not find_patterns("06 12 34 56 78")[0].compact


# ---- e-mails --------------------------------------------------------------------------------

def test_emails_and_generic_addresses():
    matches = find_patterns("Écrire à jean.dupont@gmail.com ou mairie@ville-poitiers.fr")
    assert [(m.text, m.generic) for m in matches] == [("jean.dupont@gmail.com", False),
                                                      ("mairie@ville-poitiers.fr", True)]
    for generic in ["contact@asso.fr", "accueil-ccas@ville.fr", "secretariat.mairie@wanadoo.fr", "noreply@x.fr",
                    "ne-pas-repondre@x.fr", "etat-civil@ville.fr"]:
        assert is_generic_email(generic), generic
    for personal in ["p.nom@domaine.fr", "jdupont@orange.fr", "marie-claire.martin@ville.fr"]:
        assert not is_generic_email(personal), personal


@pytest.mark.parametrize("text", ["jean.dupont (at) gmail.com", "jean.dupont[at]gmail[dot]com",
                                  "jean.dupont arobase gmail.com", "Écrire à jean {at} orange.fr svp"])
def test_obfuscated_emails(text):
    [match] = find_patterns(text)
    assert match.kind is PersonalKind.EMAIL and not match.generic
    assert mask_patterns_in_text(text).count("***@") == 1
    assert "dupont" not in mask_patterns_in_text(text)


def test_things_that_are_not_emails():
    assert find_patterns("rendez-vous (at) home") == ()
    assert find_patterns("la mairie arobase") == ()
    assert find_patterns("@mairie sur les réseaux") == ()
    assert find_patterns("adresse: jean@ (incomplète)") == ()


# ---- names, legal persons, addresses ---------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("M. Jean Dupont", NameEvidence.STRONG), ("Mme Martin", NameEvidence.STRONG), ("DUPONT Jean", NameEvidence.STRONG),
    ("Jean Dupont", NameEvidence.STRONG), ("M. et Mme Durand", NameEvidence.STRONG),
    ("de La Fontaine Jean", NameEvidence.STRONG), ("jean dupont", NameEvidence.STRONG),
    ("gwendal kerbrat", NameEvidence.NONE),
    ("BF Bayard", NameEvidence.MEDIUM), ("AED PLUS", NameEvidence.WEAK),
    ("KOWALSKI Zbigniew", NameEvidence.MEDIUM), ("Jean", NameEvidence.FIRST_NAME), ("DUPONT", NameEvidence.SURNAME),
    ("Anatole Brisquet", NameEvidence.WEAK),
    ("Association sportive de Poitiers", NameEvidence.LEGAL), ("SARL Dupont", NameEvidence.LEGAL),
    ("Comité des fêtes", NameEvidence.LEGAL), ("EHPAD Les Tilleuls", NameEvidence.LEGAL),
    ("Salle des fêtes", NameEvidence.LEGAL), ("Gymnase Jean Moulin", NameEvidence.LEGAL),
    ("M. le Maire", NameEvidence.LEGAL), ("REPUBLIQUE", NameEvidence.LEGAL), ("Saint-Benoît", NameEvidence.LEGAL),
    ("Les Amis du Vieux Moulin", NameEvidence.LEGAL), ("M", NameEvidence.NONE), ("Platane commun", NameEvidence.NONE),
    ("12 rue des Lilas", NameEvidence.NONE), ("jean@x.fr", NameEvidence.NONE),
])
def test_name_evidence(text, expected):
    assert name_evidence(text) is expected


def test_legal_person_words():
    for text in ["ASSOCIATION SPORTIVE AUTOMOBILE D'ANTIBES", "SAS Transports Martin", "Commune de Biard",
                 "Syndicat mixte du Clain", "Club de pétanque", "FC Poitiers", "Mairie de Ligugé"]:
        assert is_legal_person(text), text
    for text in ["Jean Dupont", "DUPONT Jean", "Marie Sarlat"]:
        assert not is_legal_person(text), text


def test_siret_luhn_and_la_poste():
    assert siret_is_valid("21860194600013")
    assert siret_is_valid("218 601 946 00013")
    assert not siret_is_valid("21860194600014")
    assert siret_is_valid("35600000000001")  # La Poste: digit sum multiple of 5
    assert not siret_is_valid("2186019460001")


def test_street_addresses_and_commune_part():
    assert looks_like_street_address("12 rue des Lilas")
    assert looks_like_street_address("3 bis avenue Foch, 86000 Poitiers")
    assert looks_like_street_address("12bis Bd Pasteur")
    assert not looks_like_street_address("Avenue Ardouin")       # no house number
    assert not looks_like_street_address("75001 Paris")
    assert not looks_like_street_address("12 pommes")
    assert postcode_and_commune("3 bis avenue Foch, 86000 Poitiers") == "86000 Poitiers"
    assert postcode_and_commune("3 rue de la Gare, 92300, Levallois-Perret") == "92300 Levallois-Perret"
    assert postcode_and_commune("12 rue des Lilas") is None


def test_dates():
    assert parse_date("1985-03-12") == dt.date(1985, 3, 12)
    assert parse_date("12/03/1985") == dt.date(1985, 3, 12)
    assert parse_date("12.03.1985") == dt.date(1985, 3, 12)
    assert parse_date("1985-03-12T10:00:00") == dt.date(1985, 3, 12)
    assert parse_date("31/02/1985") is None
    assert parse_date("1985") is None


# ---- masks ----------------------------------------------------------------------------------

def test_masks_keep_shape_and_hide_the_rest():
    assert mask_email("jean.dupont@exemple.fr") == "j***@e***.fr"
    assert mask_phone("06 12 34 56 12", keep_last=True) == "06 •• •• •• 12"
    assert mask_phone("06 12 34 56 12", keep_last=False) == "06 •• •• •• ••"
    assert mask_phone("+33 6 12 34 56 78", keep_last=False) == "+33 • •• •• •• ••"
    assert mask_phone("+33 6 12 34 56 78", keep_last=True) == "+33 6 •• •• •• 78"
    assert mask_phone("0033 (0)6 12 34 56 78", keep_last=True) == "0033 (0)6 •• •• •• 78"
    assert mask_nir("1 85 05 2A 006 084 36", keep_first=False) == "• •• •• •• ••• ••• ••"
    assert mask_iban("FR76 3000 6000 0112 3456 7890 189", keep_last=False) == "FR•• •••• •••• •••• •••• •••• •••"
    assert mask_address("12 bis rue des Lilas") == "•• ••• rue •••"


def test_mask_patterns_in_text_keeps_the_sentence_and_service_addresses():
    text = "Rappeler M. X au 06 11 22 33 44 ou jean@gmail.com (copie à mairie@ville.fr)."
    masked = mask_patterns_in_text(text)
    assert masked == "Rappeler M. X au 06 •• •• •• •• ou j***@g***.com (copie à mairie@ville.fr)."
    assert "mairie@ville.fr" not in mask_patterns_in_text(text, keep_generic=False)


def test_cell_text_and_column_words():
    assert cell_text(None) == "" and cell_text(float("nan")) == "" and cell_text("  a ") == "a"
    assert cell_text(612345678.0) == "612345678"
    assert name_tokens("nomBeneficiaire") == ("nom", "beneficiaire")
    assert name_tokens("Date de naissance") == ("date", "de", "naissance")
    assert name_tokens("tel1") == ("tel",)
