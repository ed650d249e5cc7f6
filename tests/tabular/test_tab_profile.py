"""profile (column facts) and preview (first rows formatted for a French page)."""

from __future__ import annotations

from portalgen.tabular import profile, preview

DATA = (
    "service;montant;date;annee;actif;heure\n"
    "Voirie;1 234,5;31/12/2023;2023;oui;31/12/2023 08:05\n"
    "Écoles;12;01/02/2023;2022;non;01/02/2023 10:00\n"
    "Voirie;;15/06/2023;2023;oui;\n"
    "Sport;7,25;;2021;oui;15/06/2023 12:30:15\n"
    "Écoles;12;02/02/2023;2023;non;\n"
)


def test_profile_types_counts_and_extremes(load):
    columns = {c.name: c for c in profile(load(DATA))}
    service = columns["service"]
    assert (service.type, service.count, service.empty, service.distinct) == ("string", 5, 0, 3)
    assert service.min is None and service.max is None
    montant = columns["montant"]
    assert (montant.type, montant.count, montant.empty, montant.distinct) == ("number", 4, 1, 3)
    assert (montant.min, montant.max) == (7.25, 1234.5)
    date = columns["date"]
    assert (date.type, date.min, date.max) == ("date", "2023-02-01", "2023-12-31")
    assert columns["heure"].max == "2023-12-31T08:05:00"
    assert columns["annee"].type == "integer"
    assert columns["actif"].type == "boolean"


def test_profile_top_values_are_deterministic(load):
    columns = {c.name: c for c in profile(load(DATA))}
    # counts descending, ties broken by value
    assert columns["service"].top == (("Voirie", 2), ("Écoles", 2), ("Sport", 1))
    assert columns["montant"].top == (("12", 2), ("7.25", 1), ("1234.5", 1))
    assert columns["annee"].top == (("2023", 3), ("2021", 1), ("2022", 1))
    assert columns["actif"].top == (("oui", 3), ("non", 2))


def test_profile_keeps_at_most_five_top_values(load):
    text = "n\n" + "\n".join(str(i) for i in range(1, 11)) + "\n"
    top = profile(load(text))[0].top
    assert top == (("1", 1), ("2", 1), ("3", 1), ("4", 1), ("5", 1))


def test_preview_formats_cells_the_french_way(load):
    shown = preview(load(DATA), n=3)
    assert shown.columns == ("service", "montant", "date", "annee", "actif", "heure")
    assert shown.types == ("string", "number", "date", "integer", "boolean", "datetime")
    assert shown.total_rows == 5
    assert shown.truncated
    assert shown.source_rows == (2, 3, 4)
    assert shown.rows[0] == ("Voirie", "1\u202f234,5", "31/12/2023", "2023", "oui", "31/12/2023 08:05")
    assert shown.rows[2] == ("Voirie", "", "15/06/2023", "2023", "oui", "")


def test_preview_keeps_the_decimals_of_money(load):
    shown = preview(load("montant;population\n12,50;12345\n3,00;7\n"))
    assert [row[0] for row in shown.rows] == ["12,50", "3,00"]
    assert shown.rows[0][1] == "12\u202f345"
    assert not shown.truncated
