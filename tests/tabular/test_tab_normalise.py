"""normalise: typed columns and the conversions said in plain words."""

from __future__ import annotations

import datetime as dt

from portalgen.tabular import BOOLEAN, DATE, DATETIME, INTEGER, NUMBER, STRING, normalise, read_table

from tabhelpers import column_values

COMMUNE_CSV = (
    "Délibérations 2023;;;;;;\n"
    "objet;montant;taux;surface;date_vote;séance;adopté\n"
    "Réfection de l’école ;1 234,56;12,5;1\u00a0200,75;31/12/2023;31/12/2023 18:30;oui\n"
    "Éclairage public;98 765;3,25;80;01/02/2023;01/02/2023 20:00;non\n"
    "Subvention « club »;12;0,5;;15/06/2023;15/06/2023 19:15;oui\n"
)


def test_commune_file_end_to_end(write_text):
    data = normalise(read_table(write_text("deliberations.csv", COMMUNE_CSV, "cp1252")))
    types = {c.name: c.type for c in data.columns}
    assert types == {"objet": STRING, "montant": NUMBER, "taux": NUMBER, "surface": NUMBER,
                     "date_vote": DATE, "séance": DATETIME, "adopté": BOOLEAN}
    assert column_values(data, "objet")[0] == "Réfection de l’école"  # trimmed
    assert column_values(data, "montant") == [1234.56, 98765.0, 12.0]
    assert column_values(data, "surface") == [1200.75, 80.0, None]
    assert column_values(data, "date_vote") == [dt.date(2023, 12, 31), dt.date(2023, 2, 1), dt.date(2023, 6, 15)]
    assert column_values(data, "séance")[0] == dt.datetime(2023, 12, 31, 18, 30)
    assert column_values(data, "adopté") == ["oui", "non", "oui"]  # booleans kept as written
    assert data.source_rows == (3, 4, 5)
    assert data.conversions == (
        "encoding Windows-1252 → UTF-8",
        "separator ';' → ','",
        "1 title row above the header skipped ('Délibérations 2023')",
        "spaces around values trimmed in 1 cell",
        "3 columns with decimal commas (montant, taux, surface) → dot decimals",
        "2 columns with thousands separators (montant, surface) → plain numbers",
        "1 date column dd/mm/yyyy (date_vote) → ISO 8601",
        "1 date-time column dd/mm/yyyy hh:mm (séance) → ISO 8601",
    )


def test_integers_stay_integers(load):
    data = load("population;budget\n1 234;12,0\n56;3\n")
    assert data.column("population").type == INTEGER
    assert column_values(data, "population") == [1234, 56]
    assert data.frame["population"].dtype.name == "int64[pyarrow]"
    assert data.column("budget").type == NUMBER


def test_signs_are_numbers(load):
    data = load("solde\n-1 234,5\n+12\n0,75\n")
    assert column_values(data, "solde") == [-1234.5, 12.0, 0.75]


def test_decimals_remembered_from_the_source(load):
    data = load("montant;taux\n12,50;0,5\n3,10;1,25\n")
    assert data.column("montant").decimals == 2
    assert data.column("taux").decimals == 2


def test_utf8_comma_file_needs_no_conversion(load):
    data = load("nom,valeur,quand\nA,1.5,2023-12-31\n")
    assert data.conversions == ()
    assert data.column("quand").type == DATE


def test_no_break_spaces_are_trimmed_too(load):
    data = load("nom;n\n\u00a0Mairie\u202f;\u00a01\n")
    assert column_values(data, "nom") == ["Mairie"]
    assert column_values(data, "n") == [1]
    assert "spaces around values trimmed in 2 cells" in data.conversions


def test_empty_cells_become_null(load):
    data = load("a;b\n1;\n;x\n")
    assert column_values(data, "a") == [1, None]
    assert column_values(data, "b") == [None, "x"]


def test_findings_of_reading_are_kept(load):
    data = load("nom;;valeur\nA;x;1\n")
    assert any(f.code == "data.unnamed_column" for f in data.findings)
