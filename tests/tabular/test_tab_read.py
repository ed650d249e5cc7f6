"""read_table on every input format: CSV/TSV/TXT, XLSX (title row), ODS, JSON, GeoJSON."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from portalgen.tabular import DATE, INTEGER, NUMBER, STRING, ReadOptions, normalise, read_table
from portalgen.tabular import csvfile

from tabhelpers import column_values


# --------------------------------------------------------------------------- text files

def test_source_rows_are_file_lines_even_with_line_breaks_in_values(write_text):
    text = 'nom;adresse\n\nA;"1 rue Haute\n69001 Lyon"\nB;"2 rue Basse"\n'
    table = read_table(write_text("a.csv", text))
    assert table.source_rows == (3, 5)
    assert table.frame["adresse"].tolist() == ["1 rue Haute\n69001 Lyon", "2 rue Basse"]


def test_quotes_doubled_inside_values(write_text):
    table = read_table(write_text("a.csv", 'nom;note\nA;"il a dit ""oui""; puis non"\n'))
    assert table.frame["note"].tolist() == ['il a dit "oui"; puis non']


def test_tsv_and_txt_are_read(write_text):
    tsv = read_table(write_text("a.tsv", "nom\tvaleur\nA\t1,5\n"))
    assert tsv.detection.delimiter == "\t"
    txt = read_table(write_text("a.txt", "nom|valeur\nA|2\n"))
    assert txt.detection.delimiter == "|"
    assert txt.detection.format == "txt"


def test_format_can_be_given_instead_of_the_extension(write_text):
    path = write_text("export.dat", "a;b\n1;2\n")
    assert read_table(path, "csv").column_names == ("a", "b")


def test_excel_trailing_separators_are_ignored(write_text):
    table = read_table(write_text("a.csv", "nom;valeur;;\nA;1;;\nB;2;;\n;;;\n"))
    assert table.column_names == ("nom", "valeur")
    assert table.source_rows == (2, 3)
    assert "1 empty row removed" in table.conversions
    assert "2 empty columns without a name removed" in table.conversions


def test_rows_may_omit_the_trailing_empty_columns_of_the_header(write_text):
    table = read_table(write_text("a.csv", "nom;valeur;;\nA;1\n"))
    assert table.column_names == ("nom", "valeur")


def test_column_with_values_but_no_name_is_named_and_reported(write_text):
    table = read_table(write_text("a.csv", "nom;;valeur\nA;x;1\n"))
    assert table.column_names == ("nom", "colonne_2", "valeur")
    finding = next(f for f in table.findings if f.code == "data.unnamed_column")
    assert "column 2 has values but no name" in finding.message


def test_header_names_are_cleaned(write_text):
    table = read_table(write_text("a.csv", '"Montant\n(€)";  Nom  \n1;a\n'))
    assert table.column_names == ("Montant (€)", "Nom")


def _fast_and_slow(monkeypatch, path):
    slow = read_table(path)
    monkeypatch.setattr(csvfile, "FAST_PATH_BYTES", 0)
    fast = read_table(path)
    return slow, fast


@pytest.mark.parametrize("text, encoding", [
    ("Titre;;\nnom;montant;date\nÉcole;1 234,5;31/12/2023\nMairie;2;01/01/2024\n", "cp1252"),
    ('nom,note\nA,"dit ""oui"", puis non"\nB,x\n', "utf-8"),
    ("\ufeffa;b\n1;2\n3;4\n", "utf-8"),
])
def test_large_file_reader_gives_the_same_table(monkeypatch, write_text, text, encoding):
    slow, fast = _fast_and_slow(monkeypatch, write_text("a.csv", text, encoding))
    assert fast.column_names == slow.column_names
    assert fast.source_rows == slow.source_rows
    assert fast.frame.equals(slow.frame)
    assert fast.detection == slow.detection


@pytest.mark.parametrize("text", [
    'nom;adresse\nA;"1 rue\nHaute"\n',  # a line break in a value
    "a;b\n\n1;2\n",                     # a blank line
    "a;b;;\n1;2\n",                     # a short row within the header's trailing empty names
])
def test_large_file_reader_falls_back_to_exact_lines(monkeypatch, write_text, text):
    slow, fast = _fast_and_slow(monkeypatch, write_text("a.csv", text))
    assert fast.source_rows == slow.source_rows
    assert fast.frame.equals(slow.frame)


# --------------------------------------------------------------------------- spreadsheets

def _xlsx(path, rows, title="Feuil1", extra_sheets=()):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, other in extra_sheets:
        extra = workbook.create_sheet(name)
        for row in other:
            extra.append(row)
    workbook.save(path)
    return path


def test_xlsx_with_title_row_above_the_header(tmp_path):
    path = _xlsx(tmp_path / "budget.xlsx", [
        ["Budget primitif 2023 - Commune de Trifouilly"],
        [],
        ["chapitre", "libellé", "montant", "vote", "actif"],
        ["011", "Charges à caractère général", 1234.5, dt.datetime(2023, 3, 31), True],
        ["012", "Charges de personnel", 98765, dt.datetime(2023, 3, 31, 18, 30), False],
    ])
    table = read_table(path)
    assert table.detection.format == "xlsx"
    assert table.detection.sheet == "Feuil1"
    assert table.detection.header_row == 3
    assert table.detection.title_rows == ("Budget primitif 2023 - Commune de Trifouilly",)
    assert table.column_names == ("chapitre", "libellé", "montant", "vote", "actif")
    assert table.source_rows == (4, 5)
    assert table.frame["montant"].tolist() == ["1234.5", "98765"]
    assert table.frame["vote"].tolist() == ["2023-03-31", "2023-03-31T18:30:00"]
    assert table.frame["actif"].tolist() == ["true", "false"]
    data = normalise(table)
    assert data.column("chapitre").type == STRING  # '011' keeps its zero
    assert data.column("montant").type == NUMBER
    assert column_values(data, "vote") == [dt.datetime(2023, 3, 31), dt.datetime(2023, 3, 31, 18, 30)]
    assert "sheet 'Feuil1' (XLSX) → CSV" in data.conversions
    assert any("title row above the header skipped" in c for c in data.conversions)


def test_xlsx_sheet_by_name_or_number_and_other_sheets_noted(tmp_path):
    path = _xlsx(tmp_path / "a.xlsx", [["a"], [1]], extra_sheets=[("Détail", [["b", "c"], [2, 3]])])
    default = read_table(path)
    assert default.column_names == ("a",)
    note = next(f for f in default.findings if f.code == "data.other_sheets")
    assert "'Détail'" in note.message
    assert read_table(path, options=ReadOptions(sheet="détail")).column_names == ("b", "c")
    assert read_table(path, options=ReadOptions(sheet=2)).column_names == ("b", "c")


def test_xlsx_header_row_option(tmp_path):
    path = _xlsx(tmp_path / "a.xlsx", [["x", "y", "z"], ["notes", "", ""], ["nom", "n", "m"], ["A", 1, 2]])
    table = read_table(path, options=ReadOptions(header_row=3))
    assert table.column_names == ("nom", "n", "m")
    assert table.source_rows == (4,)


def test_xlsx_float_cells_as_excel_stores_them(tmp_path):
    path = _xlsx(tmp_path / "a.xlsx", [["v"], [0.1 + 0.2], [12.0], [1e-7]])
    assert read_table(path).frame["v"].tolist() == ["0.3", "12", "0.0000001"]


def test_ods_with_title_row(tmp_path):
    path = tmp_path / "subventions.ods"
    frame = pd.DataFrame([
        ["Subventions aux associations 2023", None, None],
        [None, None, None],
        ["association", "montant", "date_vote"],
        ["Club de foot", 1500.5, dt.date(2023, 4, 12)],
        ["Comité des fêtes", 800, dt.date(2023, 6, 1)],
    ])
    frame.to_excel(path, engine="odf", header=False, index=False, sheet_name="Subventions")
    table = read_table(path)
    assert table.detection.sheet == "Subventions"
    assert table.detection.title_rows == ("Subventions aux associations 2023",)
    assert table.column_names == ("association", "montant", "date_vote")
    assert table.source_rows == (4, 5)
    data = normalise(table)
    assert column_values(data, "montant") == [1500.5, 800.0]
    assert data.column("date_vote").type == DATE
    assert column_values(data, "date_vote") == [dt.date(2023, 4, 12), dt.date(2023, 6, 1)]


# --------------------------------------------------------------------------- JSON / GeoJSON

def test_json_array_of_objects(write_text):
    records = [{"nom": "A", "n": 1, "tags": ["x", "y"], "ok": True},
               {"nom": "B", "n": 2.5, "extra": None}]
    table = read_table(write_text("a.json", json.dumps(records)))
    assert table.column_names == ("nom", "n", "tags", "ok", "extra")
    assert table.source_rows == (1, 2)
    assert table.frame["tags"].tolist() == ['["x","y"]', ""]
    assert table.frame["ok"].tolist() == ["true", ""]
    assert normalise(table).column("n").type == NUMBER


def test_json_wrapped_in_an_object(write_text):
    table = read_table(write_text("a.json", json.dumps({"data": [{"a": 1}, {"a": 2}]})))
    assert table.column_names == ("a",)
    assert normalise(table).column("a").type == INTEGER


def test_geojson_points_give_longitude_latitude_and_keep_geometry(write_text):
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.35, 48.85]},
         "properties": {"nom": "Mairie", "places": 3}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
         "properties": {"nom": "Piste"}},
        {"type": "Feature", "geometry": None, "properties": {"nom": "Sans lieu"}},
    ]}
    table = read_table(write_text("lieux.geojson", json.dumps(collection)))
    assert table.column_names == ("nom", "places", "longitude", "latitude")
    assert table.derived_columns == ("longitude", "latitude")
    assert table.frame["longitude"].tolist() == ["2.35", "", ""]
    assert table.geometry[0] == '{"type":"Point","coordinates":[2.35,48.85]}'
    assert table.geometry[2] is None
    data = normalise(table)
    assert data.point_columns == ("latitude", "longitude")
