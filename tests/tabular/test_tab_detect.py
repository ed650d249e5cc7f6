"""Detection: encoding, separator, header row, decimal mark, thousands, dates, overrides."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

from portalgen.tabular import DATE, DATETIME, INTEGER, NUMBER, STRING, ReadOptions, check_options, read_table
from portalgen.tabular.detect import detect_column, detect_delimiter, find_header, looks_like_code_column

from tabhelpers import column_values


# --------------------------------------------------------------------------- encoding

def test_bom_means_utf8_sig(write_text):
    path = write_text("a.csv", "\ufeffnom;ville\nÉlise;Orléans\n")
    table = read_table(path)
    assert table.detection.encoding == "utf-8-sig"
    assert table.column_names == ("nom", "ville")  # no BOM left in the first name
    assert "UTF-8 byte-order mark (BOM) removed" in table.conversions


def test_valid_utf8_is_utf8(write_text):
    table = read_table(write_text("a.csv", "nom;ville\nÉlise;Orléans\n"))
    assert table.detection.encoding == "utf-8"
    assert not any("encoding" in c for c in table.conversions)


def test_cp1252_bytes_are_windows_1252(write_text):
    path = write_text("a.csv", "libellé;montant\nÉcole – cantine;1 234,50\nŒuvre « sociale »;3\n", "cp1252")
    table = read_table(path)
    assert table.detection.encoding == "cp1252"
    assert table.frame["libellé"].tolist() == ["École – cantine", "Œuvre « sociale »"]
    assert "encoding Windows-1252 → UTF-8" in table.conversions


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(write_bytes):
    # 0x81 is not a Windows-1252 character; 0xE9 is é in both.
    path = write_bytes("a.csv", b"nom;code\ncaf\xe9;\x81x\n")
    table = read_table(path)
    assert table.detection.encoding == "latin-1"
    assert table.frame["nom"].tolist() == ["café"]


def test_utf16_with_bom_is_read(write_bytes):
    path = write_bytes("a.txt", "nom\tvaleur\nété\t1,5\n".encode("utf-16"))
    table = read_table(path)
    assert table.detection.encoding == "utf-16"
    assert table.detection.delimiter == "\t"
    assert table.frame["nom"].tolist() == ["été"]


def test_encoding_option_overrides_detection(write_text):
    path = write_text("a.csv", "nom\nÃ©tÃ©\n")  # valid UTF-8, but really mojibake
    table = read_table(path, options=ReadOptions(encoding="latin-1"))
    assert table.detection.encoding == "latin-1"
    assert "encoding" in table.detection.overridden


# --------------------------------------------------------------------------- separator

@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_delimiter_is_the_one_with_consistent_field_counts(delimiter):
    lines = [["nom", "montant", "ville"], ["A", "1", "Paris"], ["B", "2", "Lyon"]]
    sample = "\n".join(delimiter.join(row) for row in lines) + "\n"
    assert detect_delimiter(sample) == delimiter


def test_delimiter_detection_respects_quotes():
    sample = 'nom;adresse;cp\n"Dupont";"1, rue des Lilas; bât. B";75001\n"Martin";"2, rue Haute";69001\n'
    assert detect_delimiter(sample) == ";"


def test_decimal_commas_do_not_fool_the_delimiter():
    sample = "montant;taux\n1,5;2,5\n3,5;4,5\n"
    assert detect_delimiter(sample) == ";"


def test_tsv_prefers_tab_on_a_tie():
    assert detect_delimiter("a\n1\n", fmt="tsv") == "\t"


def test_delimiter_option_wins(write_text):
    path = write_text("a.csv", "a;b|c\n1;2|3\n")
    table = read_table(path, options=ReadOptions(delimiter="|"))
    assert table.column_names == ("a;b", "c")


# --------------------------------------------------------------------------- header / title rows

def test_find_header_skips_title_and_blank_rows():
    rows = [["Budget primitif 2023", "", ""], ["", "", ""], ["nom", "montant", "date"], ["a", "1", "x"]]
    assert find_header(rows) == 2


def test_find_header_keeps_a_single_column_table():
    assert find_header([["nom"], ["Dupont"], ["Martin"]]) == 0


def test_csv_title_row_is_skipped_and_recorded(write_text):
    path = write_text("a.csv", "Subventions 2023;;\nSource : mairie;;\n;;\nassociation;montant;vote\nA;10;x\n")
    table = read_table(path)
    assert table.detection.header_row == 4
    assert table.detection.title_rows == ("Subventions 2023", "Source : mairie")
    assert table.column_names == ("association", "montant", "vote")
    assert table.source_rows == (5,)


def test_header_row_and_skip_rows_options(write_text):
    path = write_text("a.csv", "x;y\nnotes;here\nnom;valeur\nA;1\n")
    by_row = read_table(path, options=ReadOptions(header_row=3))
    assert by_row.column_names == ("nom", "valeur")
    assert by_row.source_rows == (4,)
    by_skip = read_table(path, options=ReadOptions(skip_rows=2))
    assert by_skip.column_names == ("nom", "valeur")


# --------------------------------------------------------------------------- numbers

def test_decimal_comma_detected_per_column(write_text):
    path = write_text("a.csv", "montant;taux;nb\n1234,56;12,5;3\n10;0,25;4\n")
    detection = read_table(path).detection
    assert detection.decimal == ","
    assert detection.column("montant").type == NUMBER
    assert detection.column("montant").decimal == ","
    assert detection.column("nb").type == INTEGER


def test_decimal_comma_not_considered_in_a_comma_separated_file(write_text):
    path = write_text("a.csv", 'montant,taux\n"1,5",2.5\n"3,5",4.5\n')
    detection = read_table(path).detection
    assert detection.delimiter == ","
    assert detection.column("montant").type == STRING
    assert detection.column("taux").type == NUMBER
    assert detection.decimal == "."


@pytest.mark.parametrize("separator", [" ", "\u00a0", "\u202f"])
def test_space_thousands_separators(write_text, separator):
    path = write_text("a.csv", f"population;budget\n12{separator}345;1{separator}234{separator}567,89\n980;12,5\n")
    table = read_table(path)
    assert table.detection.column("population").type == INTEGER
    assert table.detection.column("population").thousands == separator
    assert table.detection.column("budget").type == NUMBER
    assert separator in table.detection.thousands


def test_dot_thousands_only_with_proof_in_the_file(load):
    with_proof = load("montant;autre\n1.234,56;1.234\n2.000.000;5\n")
    assert column_values(with_proof, "montant") == [1234.56, 2000000.0]
    assert column_values(with_proof, "autre") == [1234, 5]  # '.' proven to group thousands
    without = load("valeur\n1.234\n2.5\n")
    assert column_values(without, "valeur") == [1.234, 2.5]


def test_leading_zero_codes_stay_text(load):
    table = load("code_commune;nom\n01053;Bourg\n75056;Paris\n")
    assert table.column("code_commune").type == STRING
    assert column_values(table, "code_commune") == ["01053", "75056"]
    assert not any(f.code == "data.not_numeric" for f in table.findings)


def test_code_like_column_names_stay_text(load):
    table = load("code_postal;habitants\n75001;16000\n69001;30000\n")
    assert table.column("code_postal").type == STRING
    assert table.column("habitants").type == INTEGER
    assert looks_like_code_column("N° SIRET")
    assert looks_like_code_column("CP")
    assert not looks_like_code_column("montant")


def test_too_many_digits_stay_text(load):
    table = load("identifiant\n1234567890123456789\n")
    assert table.column("identifiant").type == STRING


def test_decimal_and_thousands_options(load):
    table = load("a;b\n1.5;1'000\n", decimal=".", thousands="'")
    assert column_values(table, "a") == [1.5]
    assert column_values(table, "b") == [1000]


# --------------------------------------------------------------------------- dates

@pytest.mark.parametrize("text, kind, label, expected", [
    ("31/12/2023", DATE, "dd/mm/yyyy", dt.date(2023, 12, 31)),
    ("1/2/2023", DATE, "dd/mm/yyyy", dt.date(2023, 2, 1)),
    ("31/12/23", DATE, "dd/mm/yy", dt.date(2023, 12, 31)),
    ("31-12-2023", DATE, "dd-mm-yyyy", dt.date(2023, 12, 31)),
    ("2023-12-31", DATE, "yyyy-mm-dd", dt.date(2023, 12, 31)),
    ("31/12/2023 18:45", DATETIME, "dd/mm/yyyy hh:mm", dt.datetime(2023, 12, 31, 18, 45)),
    ("31/12/2023 18:45:12", DATETIME, "dd/mm/yyyy hh:mm:ss", dt.datetime(2023, 12, 31, 18, 45, 12)),
    ("2023-12-31T18:45:00", DATETIME, "yyyy-mm-dd hh:mm:ss", dt.datetime(2023, 12, 31, 18, 45)),
])
def test_date_formats(load, text, kind, label, expected):
    table = load(f"quand;n\n{text};1\n")
    column = table.column("quand")
    assert column.type == kind
    assert column.source_format == label
    assert column_values(table, "quand")[0] == expected


def test_mixed_date_and_datetime_values_make_a_datetime_column(load):
    table = load("horodatage\n31/12/2023\n01/01/2024 08:30\n")
    assert table.column("horodatage").type == DATETIME
    assert column_values(table, "horodatage") == [dt.datetime(2023, 12, 31), dt.datetime(2024, 1, 1, 8, 30)]


def test_two_date_formats_in_one_column_are_not_converted(load):
    table = load("date\n31/12/2023\n2023-12-30\n2023-12-29\n")
    assert table.column("date").type == STRING


def test_impossible_dates_stop_conversion_and_are_named(load):
    table = load("date_vote\n31/12/2023\n31/02/2023\n15/06/2023\n")
    assert table.column("date_vote").type == STRING
    warning = next(f for f in table.findings if f.code == "data.not_date")
    assert "row 3: '31/02/2023'" in warning.message
    assert warning.where.line == 3


def test_month_first_dates_get_a_hint(load):
    table = load("date\n12/31/2023\n12/30/2023\n01/15/2023\n")
    assert table.column("date").type == STRING
    warning = next(f for f in table.findings if f.code == "data.not_date")
    assert "month first" in warning.hint
    assert "%m/%d/%Y" in warning.hint


def test_date_format_option(load):
    table = load("date\n12/31/2023\n1/15/2023\n", date_format="%m/%d/%Y")
    assert table.column("date").type == DATE
    assert column_values(table, "date") == [dt.date(2023, 12, 31), dt.date(2023, 1, 15)]


# --------------------------------------------------------------------------- options

def test_check_options_lists_every_problem():
    problems = check_options(ReadOptions(encoding="klingon", delimiter=";;", decimal="x", header_row=0,
                                         date_format="dd/mm/yyyy", sheet=0))
    text = "\n".join(problems)
    assert "encoding 'klingon' is unknown" in text
    assert "delimiter must be one character" in text
    assert "decimal must be '.' or ','" in text
    assert "header_row must be a row number starting at 1" in text
    assert "date_format 'dd/mm/yyyy' has no % field" in text
    assert "sheet numbers start at 1" in text
    assert check_options(ReadOptions()) == ()


def test_bad_options_raise_a_data_error(write_text):
    from portalgen.errors import DataError

    path = write_text("a.csv", "a\n1\n")
    with pytest.raises(DataError) as caught:
        read_table(path, options=ReadOptions(decimal=";"))
    assert "decimal must be '.' or ','" in str(caught.value)
    assert caught.value.findings[0].where.file == str(path)


@pytest.mark.parametrize("rows", [3, 400])  # a small column (Python path) and a big one (Arrow path)
def test_year_zero_is_not_a_date(load, rows):
    # 0000-01-01 matches the date pattern but no calendar a reader uses has it (Python refuses it):
    # the column stays text and the value is named, rather than the build failing later on it.
    values = ["0000-01-01"] + [f"2023-06-{day % 28 + 1:02d}" for day in range(rows - 1)]
    table = load("date_vote\n" + "\n".join(values) + "\n")
    assert table.column("date_vote").type == STRING
    warning = next(f for f in table.findings if f.code == "data.not_date")
    assert "row 2: '0000-01-01'" in warning.message


def test_a_date_format_does_not_let_year_zero_through(load):
    # Arrow's strptime reads year 0000; it is treated as a value that does not fit the format (like 32/01/2023).
    assert load("date\n01/01/0000\n15/06/2023\n", date_format="%d/%m/%Y").column("date").type == STRING
    assert load("date\n01/01/2023\n15/06/2023\n", date_format="%d/%m/%Y").column("date").type == DATE


@pytest.mark.parametrize("size", [1, 20, 600])
@pytest.mark.parametrize("spoiled", [None, 0, -1])
@pytest.mark.parametrize("written", ["{:02d}/03/2023 10:1{}", "2023-03-{:02d}", "{:02d}-03-2023"])
def test_date_column_valid_or_blocked_in_small_and_long_columns(size, spoiled, written):
    """Every date valid: a date column (told from the parsed column's nulls); one impossible date: a text
    column naming its row, whichever way the column is parsed (in Python up to SMALL_COLUMN values, with
    Arrow beyond)."""
    values = [written.format(i % 28 + 1, i % 10) for i in range(size)]
    if spoiled is not None:
        values[spoiled] = written.format(31, 0).replace("/03/", "/02/").replace("-03-", "-02-")
    found = detect_column("quand", pa.chunked_array([pa.array(values)]), np.arange(2, size + 2),
                          delimiter=",", options=ReadOptions(), dot_groups=False)
    if spoiled is None:
        assert found.type == (DATETIME if "10:1" in written else DATE) and not found.blockers
    else:  # written as the others (the column mostly matches its family) but not a real date
        assert found.type == STRING and found.blocked_type == DATE and found.blocked_count == 1
        assert found.blockers == ((spoiled % size + 2, values[spoiled]),)
