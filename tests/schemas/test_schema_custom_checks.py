"""SIRET/SIREN check digits and the other custom checks, on their own."""

from __future__ import annotations

import datetime as dt

import pytest

from portalgen.schemas.custom_checks import (is_valid_siren, is_valid_siret, luhn_is_valid,
                                             prepare_custom_checks)


@pytest.mark.parametrize("siret", ["21350238800019", "52499120500013", "24350013900189"])
def test_real_sirets_are_valid(siret):
    assert is_valid_siret(siret)


@pytest.mark.parametrize("siret", [
    "21860194600000",      # wrong check digit
    "21350238800018",      # last digit changed
    "2135023880001",       # 13 digits
    "213502388000190",     # 15 digits
    "21350 238800019",     # space
    "32402138500000.0",    # spreadsheet number format
    "",
    "2135023880001a",
    "２１３５０２３８８０００１９",  # full-width digits are not ASCII digits
])
def test_invalid_sirets(siret):
    assert not is_valid_siret(siret)


def test_siret_with_invalid_siren_part_is_rejected():
    # 14 digits passing Luhn as a whole but whose first 9 digits are not a valid SIREN.
    candidates = [f"123456789{n:05d}" for n in range(100)]
    luhn_ok = [c for c in candidates if luhn_is_valid(c)]
    assert luhn_ok and not is_valid_siren("123456789")
    assert not any(is_valid_siret(c) for c in luhn_ok)


def test_la_poste_sirets_use_the_sum_of_digits_rule():
    # La Poste establishments: digit sum multiple of 5, Luhn not required.
    assert not luhn_is_valid("35600000000001")
    assert is_valid_siret("35600000000001")          # 3+5+6+1 = 15
    assert not is_valid_siret("35600000000002")      # 16
    # The head office follows the ordinary Luhn rule.
    assert luhn_is_valid("35600000000048")
    assert is_valid_siret("35600000000048")
    # Elsewhere the sum-of-digits rule does not make a SIRET valid.
    other = next(f"213502388{n:05d}" for n in range(1000)
                 if sum(map(int, f"213502388{n:05d}")) % 5 == 0 and not luhn_is_valid(f"213502388{n:05d}"))
    assert not is_valid_siret(other)


def test_siren():
    assert is_valid_siren("213502388")
    assert is_valid_siren("356000000")
    assert not is_valid_siren("123456789")
    assert not is_valid_siren("21350238")
    assert not is_valid_siren("2135023880")


def _run(checks, values):
    filled = {k for k, v in values.items() if v not in (None, "")}
    return checks.run(values, filled)


def test_siret_check_explains_in_french():
    checks = prepare_custom_checks([{"name": "french-siret-value", "params": {"column": "siret"}}],
                                   ["siret"])
    assert checks.not_run == ()
    assert _run(checks, {"siret": "21350238800019"}) == []
    assert _run(checks, {"siret": None}) == []
    [bad_key] = _run(checks, {"siret": "21350238800018"})
    assert bad_key.column == "siret" and bad_key.value == "21350238800018"
    assert "clé de contrôle" in bad_key.explanation
    [bad_length] = _run(checks, {"siret": "2135023880"})
    assert "14 chiffres" in bad_length.explanation


def test_one_of_required():
    spec = [{"name": "one-of-required", "params": {"column1": "a", "column2": "b"}}]
    checks = prepare_custom_checks(spec, ["a", "b"])
    assert _run(checks, {"a": "x", "b": None}) == []
    assert _run(checks, {"a": None, "b": "y"}) == []
    [failure] = _run(checks, {"a": None, "b": None})
    assert failure.explanation == "au moins une des colonnes a ou b doit être remplie"
    # Neither column in the file: one failure for the whole file.
    absent = prepare_custom_checks(spec, ["c"])
    assert absent.checks == () and len(absent.table_failures) == 1


def test_compare_columns_dates_and_numbers():
    spec = [{"name": "compare-columns-value", "params": {"column": "fin", "op": ">=", "column2": "debut"}}]
    checks = prepare_custom_checks(spec, ["debut", "fin"])
    assert _run(checks, {"debut": dt.date(2023, 1, 1), "fin": dt.date(2023, 1, 1)}) == []
    [failure] = _run(checks, {"debut": dt.date(2023, 5, 1), "fin": dt.date(2023, 1, 1)})
    assert failure.explanation == "fin (2023-01-01) doit être égale ou postérieure à debut (2023-05-01)"
    assert _run(checks, {"debut": None, "fin": dt.date(2023, 1, 1)}) == []
    [number_failure] = _run(checks, {"debut": 10, "fin": 3})
    assert "supérieur ou égal à" in number_failure.explanation


def test_sum_cohesive_and_year_interval():
    spec = [
        {"name": "sum-columns-value", "params": {"column": "t", "columns": ["a", "b"]}},
        {"name": "cohesive-columns-value", "params": {"column": "a", "othercolumns": ["b"]}},
        {"name": "year-interval-value", "params": {"column": "y", "allow-year-only": "yes"}},
    ]
    checks = prepare_custom_checks(spec, ["t", "a", "b", "y"])
    assert _run(checks, {"t": 5, "a": 2, "b": 3, "y": "2020"}) == []
    kinds = sorted(f.kind for f in _run(checks, {"t": 6, "a": 2, "b": None, "y": "2021/2020"}))
    assert kinds == ["cohesive-columns-value", "year-interval-value"]
    failures = _run(checks, {"t": 6, "a": 2, "b": 3, "y": "2020-2021"})
    assert [f.kind for f in failures] == ["sum-columns-value", "year-interval-value"]
    assert "somme de a, b (5)" in failures[0].explanation


def test_checks_that_cannot_run_are_listed():
    spec = [
        {"name": "nomenclature-actes-value", "params": {"column": "DELIB_MATIERE_NOM"}},
        {"name": "some-future-check", "params": {"column": "x"}},
        {"name": "french-siret-value", "params": {"column": "absente"}},
        {"name": "compare-columns-value", "params": {"column": "a"}},
        "not a check",
    ]
    checks = prepare_custom_checks(spec, ["DELIB_MATIERE_NOM", "x", "a"])
    assert checks.checks == ()
    assert len(checks.not_run) == 5
    text = "\n".join(checks.not_run)
    assert "nomenclature ACTES" in text
    assert "« some-future-check » (colonne x)" in text
    assert "numéro SIRET valide dans la colonne absente : non vérifié, la colonne est absente du fichier" in text
    assert "paramètres" in text
