"""Problems in data files: each raises a DataError (or warns) naming file, row, column, and a hint."""

from __future__ import annotations

import json
import zipfile

import pytest

from portalgen.errors import DataError, Level
from portalgen.tabular import ReadOptions, normalise, read_table, write_downloads

from tabhelpers import column_values, messages


def _error(path, **options) -> DataError:
    with pytest.raises(DataError) as caught:
        read_table(path, options=ReadOptions(**options))
    return caught.value


def test_empty_file(write_bytes):
    path = write_bytes("vide.csv", b"")
    error = _error(path)
    finding = error.findings[0]
    assert finding.code == "data.empty_file"
    assert finding.where.file == str(path)
    assert "the file is empty (0 bytes)" in finding.message
    assert "export the data again" in finding.hint


def test_only_blank_lines(write_text):
    error = _error(write_text("blanc.csv", "\n  \n\n"))
    assert "no data, only spaces or empty lines" in messages(error)


def test_header_only_is_a_warning_and_still_publishable(write_text, tmp_path):
    path = write_text("entete.csv", "nom;montant;date\n")
    table = read_table(path)
    assert table.row_count == 0
    warning = next(f for f in table.findings if f.code == "data.header_only")
    assert warning.level is Level.WARNING
    assert "column names but no rows" in warning.message
    assert warning.where.file == str(path)
    data = normalise(table)
    files = {f.format: f for f in write_downloads(data, tmp_path / "out", "entete")}
    assert (tmp_path / "out" / "entete.csv").read_text(encoding="utf-8") == "nom,montant,date\n"
    assert (tmp_path / "out" / "entete.json").read_text(encoding="utf-8") == "[]\n"
    assert set(files) == {"CSV", "JSON", "XLSX", "Parquet"}


def test_ragged_row_names_the_row_and_the_counts(write_text):
    path = write_text("a.csv", "a;b;c;d;e;f\n1;2;3;4;5;6\n1;2;3;4;5;6;7\n1;2;3;4;5;6\n")
    error = _error(path)
    finding = error.findings[0]
    assert finding.code == "data.ragged_row"
    assert finding.message == "row 3 has 7 fields, header has 6"
    assert finding.where.line == 3
    assert "in quotes" in finding.hint
    assert f"{path}:3: row 3 has 7 fields, header has 6." in messages(error)


def test_every_ragged_row_is_reported_up_to_a_limit(write_text):
    lines = ["a;b"] + ["1;2"] + ["x"] * 15
    error = _error(write_text("a.csv", "\n".join(lines) + "\n"))
    text = messages(error)
    assert "row 3 has 1 fields, header has 2" in text
    assert "row 12 has 1 fields, header has 2" in text
    assert "15 rows in all do not have 2 fields" in text
    assert "a value or a separator is missing" in text


def test_unterminated_quote_at_the_end(write_text):
    path = write_text("a.csv", 'nom;note\nA;ok\nB;"pas fermé\nC;x\nD;y\n')
    error = _error(path)
    finding = error.findings[0]
    assert finding.code == "data.unterminated_quote"
    assert "row 3: a quote (\") opened here is never closed" in finding.message
    assert "lines 3 to 5" in finding.message
    assert finding.where.line == 3


def test_unterminated_quote_in_the_middle_swallowing_rows(write_text):
    text = 'nom;note;n\nA;"ouvert;1\nB;x;2\nC;"fermé";3\nD;y;4\n'
    error = _error(write_text("a.csv", text))
    finding = error.findings[0]
    assert finding.code == "data.unterminated_quote"
    assert finding.message == ('row 2: a quote (") opened here is closed only on line 4, and text follows it, '
                               'so lines 2 to 4 read as one value')
    assert "double the quote characters" in finding.hint


def test_multiline_record_with_wrong_field_count_hints_at_quotes(write_text):
    text = 'nom;note;n\nA;"ouvert;1\nB";x;2;3\nD;y;4\n'
    finding = _error(write_text("a.csv", text)).findings[0]
    assert finding.message == "row 2 (lines 2 to 3) has 5 fields, header has 3"
    assert "opened on row 2 is probably never closed" in finding.hint


def test_quoted_line_breaks_are_fine(write_text):
    table = read_table(write_text("a.csv", 'nom;adresse;n\nA;"1 rue Haute\nLyon";1\nB;"x";2\n'))
    assert table.row_count == 2


def test_unterminated_quote_swallowing_a_huge_value(write_text):
    body = "".join(f"L{i};{'x' * 50};{i}\n" for i in range(4000))
    error = _error(write_text("a.csv", 'nom;note;n\nA;"ouvert;1\n' + body))
    finding = error.findings[0]
    assert finding.code == "data.unterminated_quote"
    # Two readers can find it (which one depends on csv.field_size_limit, a process-wide setting):
    # both must name row 2 and say the quote is never closed.
    assert "row 2" in finding.message and "never closed" in finding.message and 'quote (")' in finding.message


@pytest.mark.parametrize("data, kind", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "XLS/DOC (Microsoft Office 97-2003)"),
    (b"nom;valeur\n\x00\x01\x02binary", "binary data"),
])
def test_binary_file_named_csv(write_bytes, data, kind):
    path = write_bytes("data.csv", data)
    error = _error(path)
    assert messages(error).startswith(f"{path}: this looks like a binary file")
    finding = error.findings[0]
    assert finding.code == "data.binary_file"
    assert finding.message == f"this looks like a binary file ({kind}), not CSV"


def test_xlsx_saved_with_a_csv_name(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["a", "b"])
    path = tmp_path / "export.csv"
    workbook.save(path)
    finding = _error(path).findings[0]
    assert finding.message == "this looks like a binary file (XLSX), not CSV"
    assert "declare the resource format as xlsx" in finding.hint


def test_plain_zip_named_csv(tmp_path):
    path = tmp_path / "a.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", "a;b\n")
    assert _error(path).findings[0].message == "this looks like a binary file (ZIP archive), not CSV"


def test_csv_saved_with_an_xlsx_name(write_text):
    finding = _error(write_text("a.xlsx", "a;b\n1;2\n")).findings[0]
    assert finding.code == "data.wrong_format"
    assert "named .xlsx but contains text" in finding.message


def test_old_xls_is_refused_with_a_hint(write_bytes):
    finding = _error(write_bytes("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")).findings[0]
    assert "Excel 97-2003" in finding.message
    assert "save it as .xlsx" in finding.hint


def test_duplicate_column_names(write_text):
    error = _error(write_text("a.csv", "nom;montant;date;montant\nA;1;x;2\n"))
    finding = error.findings[0]
    assert finding.code == "data.duplicate_columns"
    assert finding.message == "duplicate column name 'montant' (columns 2 and 4)"
    assert finding.where.line == 1
    assert "give each column its own name" in finding.hint


def test_duplicate_column_names_in_a_sheet_use_letters(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["nom", "montant", "date", "montant"])
    workbook.active.append(["A", 1, 2, 3])
    workbook.save(tmp_path / "a.xlsx")
    assert "(columns B and D)" in messages(_error(tmp_path / "a.xlsx"))


def test_mixed_encodings_name_the_line(write_bytes):
    utf8 = "nom;ville\nÉlise;Orléans\nJérôme;Besançon\nAndré;Nîmes\n".encode("utf-8")
    pasted = "Hélène;Sète\n".encode("cp1252")
    error = _error(write_bytes("mixte.csv", utf8 + pasted + "Zoé;Lyon\n".encode("utf-8")))
    finding = error.findings[0]
    assert finding.code == "data.mixed_encoding"
    assert "mixed encodings" in finding.message
    assert "1 line (5) contains bytes that are not UTF-8" in finding.message
    assert "'Hélène;Sète'" in finding.message
    assert finding.where.line == 5
    assert "save it again as 'CSV UTF-8'" in finding.hint
    assert "encoding: cp1252" in finding.hint


def test_coordinates_with_decimal_commas_are_numbers(load, tmp_path):
    data = load("nom;latitude;longitude\nMairie;48,8566;2,3522\nÉcole;45,764;4,8357\n")
    assert column_values(data, "latitude") == [48.8566, 45.764]
    assert data.point_columns == ("latitude", "longitude")
    files = {f.format for f in write_downloads(data, tmp_path, "lieux")}
    assert "GeoJSON" in files
    geojson = json.loads((tmp_path / "lieux.geojson").read_text(encoding="utf-8"))
    assert geojson["features"][0]["geometry"] == {"type": "Point", "coordinates": [2.3522, 48.8566]}


def test_projected_coordinates_are_not_used_for_maps(load):
    data = load("nom;x;y\nMairie;652469;6862035\n")
    assert data.point_columns is None
    warning = next(f for f in data.findings if f.code == "data.coordinates_not_wgs84")
    assert "'y' and 'x'" in warning.message
    assert "Lambert 93" in warning.message


def test_numbers_with_a_few_text_values_warn_with_rows(load):
    data = load("commune;montant\nA;12,5\nB;n/a\nC;3\nD;NC\nE;-\nF;7\nG;8\nH;9\nI;10\n")
    assert data.column("montant").type == "string"
    warning = next(f for f in data.findings if f.code == "data.not_numeric")
    assert warning.level is Level.WARNING
    assert "column 'montant' looks numeric but 3 values are not a number" in warning.message
    assert "row 3: 'n/a', row 5: 'NC', row 6: '-'" in warning.message
    assert warning.where.line == 3


def test_json_syntax_error_names_line_and_column(write_text):
    finding = _error(write_text("a.json", '[{"a": 1},\n {"a": 2,}]')).findings[0]
    assert finding.code == "data.bad_json"
    assert finding.message.startswith("line 2, column")
    assert finding.where.line == 2


def test_json_not_records(write_text):
    finding = _error(write_text("a.json", '[1, 2]')).findings[0]
    assert finding.message == "record 1 is not an object ({...})"


def test_header_row_beyond_the_end(write_text):
    finding = _error(write_text("a.csv", "a;b\n1;2\n"), header_row=10).findings[0]
    assert "header_row 10 is beyond the end of the file (2 lines)" in finding.message


def test_unknown_sheet_lists_the_sheets(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Budget"
    workbook.active.append(["a"])
    workbook.save(tmp_path / "a.xlsx")
    finding = _error(tmp_path / "a.xlsx", sheet="Dépenses").findings[0]
    assert finding.message == "there is no sheet named 'Dépenses'; sheets are 'Budget'"


def test_missing_file(tmp_path):
    finding = _error(tmp_path / "absent.csv").findings[0]
    assert finding.code == "data.missing_file"


def test_unknown_format(write_text):
    finding = _error(write_text("a.pdf", "x")).findings[0]
    assert "format 'pdf' is not a table format" in finding.message


def test_wrong_encoding_option_names_the_line(write_text):
    path = write_text("a.csv", "nom\nA\nÉcole\n", "cp1252")
    finding = _error(path, encoding="utf-8").findings[0]
    assert finding.code == "data.bad_encoding"
    assert finding.message == "line 3 cannot be read as UTF-8"
    assert "remove the 'encoding' setting" in finding.hint
