"""Small columns take shortcuts around Arrow compute calls; they must give what the general path gives."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from portalgen.tabular import values as V

DATES = [
    "31/12/2023", "1/2/2024", "29/02/2024", "29/02/2023", "31/04/2024", "12/31/2023", "00/01/2024",
    "31/12/2023 18:30", "01/02/2023 08:00:59", "01/02/2023 24:00", "01/02/2023 23:60", "1/1/99", "1/1/68",
    "31-12-2023", "31-12-2023T07:05", "2024-01-02", "2024-01-02 10:11:12", "2024-02-30", "2024-13-01",
    "2024-01-02T00:00", "0000-01-01", "9999-12-31", "", None, "pas une date", "2024-1-2", " 2024-01-02",
    "2024-01-02\n", "31/12/2023\n", "１/２/２０２４",
]


def test_floats_are_written_the_french_way_as_decimals_are():
    """format_number_fr writes plain floats without Decimal: the text of the Decimal path, with and
    without decimals to round or pad to (exponents, rounding and negative zeros included)."""
    import random
    from decimal import Decimal

    from portalgen.tabular.formatting import format_number_fr

    rng = random.Random(7)
    values = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 0.1, 0.25, 2.675, -0.004, 0.0001, 1e-05, 1e-07, 1e15, 1e16, 1e22,
              123456789.125, -999.9999, 1234.5, 12.5, 9.995, 1e308, 5e-324, 0.1 + 0.2] + [
        round(rng.uniform(-10 ** rng.randint(0, 18), 10 ** rng.randint(0, 18)), rng.randint(0, 8))
        for _ in range(3000)] + [rng.uniform(-1, 1) * 10 ** rng.randint(-8, 20) for _ in range(2000)]
    def outcome(value, decimals, grouping):
        try:
            return format_number_fr(value, decimals, grouping=grouping)
        except ArithmeticError as exc:  # more digits than Decimal's precision: both paths fail alike
            return type(exc)

    for value in values:
        for decimals in (None, 0, 1, 2, 3, 6, 13, 20):
            for grouping in (True, False):
                assert outcome(value, decimals, grouping) == outcome(Decimal(repr(value)), decimals, grouping), (
                    value, decimals)


@pytest.mark.parametrize("family", V.DATE_FAMILIES, ids=lambda f: f.label)
@pytest.mark.parametrize("values", [DATES, DATES[:1], [], [None, ""], DATES[7:12], DATES[15:20]])
def test_dates_of_small_columns_are_read_as_in_large_ones(family, values, monkeypatch):
    small = V.parse_family(pa.array(values, type=pa.string()), family)
    monkeypatch.setattr(V, "SMALL_COLUMN", -1)
    general = V.parse_family(pa.array(values, type=pa.string()), family)
    assert small.timestamps.equals(general.timestamps)
    assert (small.has_time, small.has_seconds, small.swapped) == (general.has_time, general.has_seconds,
                                                                  general.swapped)


def _table(columns):
    """A NormalisedTable from {name: (type, arrow values)}."""
    from portalgen.tabular.model import Column, Detection, NormalisedTable, chunked

    rows = len(next(iter(columns.values()))[1]) if columns else 0
    return NormalisedTable("t", {n: chunked(v) for n, (_, v) in columns.items()}, np.arange(2, rows + 2),
                           tuple(Column(n, t) for n, (t, _) in columns.items()), Detection("csv"))


TEXTS = ["simple", "", None, 'dit "oui"', "a,b", "deux\nlignes", "retour\r", "tab\tici", "anti\\slash",
         "bip\x07", "\x00nul", "é€😀", "\u2028sep", " espaces ", "=SOMME(A1)", "null"]


def _odd_tables():
    import datetime as dt

    from portalgen.tabular.model import BOOLEAN, DATE, DATETIME, INTEGER, NUMBER, STRING

    n = len(TEXTS)
    numbers = [1.5, None, 1e21, 1e-7, -0.0, 123456789012345.0, 0.1 + 0.2, 2.0, -3.25, 1e300, None, 7.0, 8.5, 9.0,
               10.0, 11.0]
    yield {"texte": (STRING, pa.array(TEXTS)), "n": (NUMBER, pa.array(numbers)),
           "i": (INTEGER, pa.array([None if k % 5 == 0 else k * 1000 - 7 for k in range(n)], pa.int64())),
           "d": (DATE, pa.array([None if k % 4 == 0 else dt.date(2024, 1, k + 1) for k in range(n)])),
           "dt": (DATETIME, pa.array([None if k % 3 == 0 else dt.datetime(2024, 2, 3, k, 4, 5) for k in range(n)],
                                     pa.timestamp("s"))),
           "b": (BOOLEAN, pa.array(["oui", "non"] * (n // 2))),
           'nom "bizarre", <&>': (STRING, pa.array(["x"] * n))}
    yield {"d": (DATE, pa.array([dt.date(1, 1, 1), dt.date(5, 6, 7), None, dt.date(999, 12, 31), dt.date(1969, 12, 31),
                                 dt.date(9999, 12, 31)])),
           "dt": (DATETIME, pa.array([dt.datetime(1, 1, 1), dt.datetime(5, 6, 7, 8, 9, 10), None,
                                      dt.datetime(1969, 12, 31, 23, 59, 59), dt.datetime(1970, 1, 1, 0, 0, 1),
                                      dt.datetime(9999, 12, 31, 23, 59, 59)], pa.timestamp("s")))}
    yield {"dt": (DATETIME, pa.array([-70_000_000_000, 0, None], pa.timestamp("s")))}  # a year Python cannot hold
    yield {"seule": (STRING, pa.array(TEXTS))}          # a single column: empty cells are written ""
    yield {"an zéro": (DATE, pa.array([-719893, 0, None, 2932896], pa.int32()).cast(pa.date32()))}
    yield {"seule": (STRING, pa.array([None, ""]))}
    yield {"": (STRING, pa.array(["a"])), "b": (STRING, pa.array([None], pa.string()))}
    yield {"a": (STRING, pa.array([], pa.string())), "b": (NUMBER, pa.array([], pa.float64()))}
    yield {"html": (STRING, pa.array(['<script>alert("x")</script>', "a & b", None, "", "fin >"])),
           "propre": (STRING, pa.array(["é€😀 sans rien", "", None, " espaces ", "\u2028"]))}
    yield {"taux %": (NUMBER, pa.array([12.5, None, 0.0])), "%s %d %%(x)s": (STRING, pa.array(["%s", None, "100 %"])),
           "%": (INTEGER, pa.array([None, 1, -2], pa.int64()))}  # '%' in names: the row formats escape it
    yield {f"c{k}": ((STRING, pa.array(["a%d" % k, None])) if k % 3 else (INTEGER, pa.array([k, None], pa.int64())))
           for k in range(300)}  # very wide: column letters past Z


@pytest.mark.parametrize("columns", list(_odd_tables()), ids=lambda c: ",".join(c)[:20] or "none")
def test_csv_and_json_of_small_tables_are_written_as_for_large_ones(columns, monkeypatch):
    from portalgen.tabular import convert

    table = _table(columns)
    small = [b"".join(bytes(p) for p in write(table)) for write in (convert.csv_bytes_chunks,
                                                                      convert.json_bytes_chunks)]
    monkeypatch.setattr(convert, "SMALL_TABLE_ROWS", -1)
    general = [b"".join(bytes(p) for p in write(table)) for write in (convert.csv_bytes_chunks,
                                                                        convert.json_bytes_chunks)]
    assert small == general


@pytest.mark.parametrize("columns", list(_odd_tables()), ids=lambda c: ",".join(c)[:20] or "none")
def test_xlsx_rows_of_small_tables_are_written_as_for_large_ones(columns, monkeypatch):
    from portalgen.tabular import convert

    table = _table(columns)
    styles = {"date": "2", "datetime": "3"}
    small = b"".join(bytes(p) for p in convert._xlsx_rows(table, styles))
    monkeypatch.setattr(convert, "SMALL_TABLE_ROWS", -1)
    assert small == b"".join(bytes(p) for p in convert._xlsx_rows(table, styles))


def test_xlsx_text_is_cut_at_the_excel_limit_in_small_tables_too(monkeypatch):
    from portalgen.tabular import convert
    from portalgen.tabular.model import STRING

    table = _table({"long": (STRING, pa.array(["é" * 40_000, "<&>\x01" * 9_000, "x"]))})
    small = b"".join(bytes(p) for p in convert._xlsx_rows(table, {}))
    monkeypatch.setattr(convert, "SMALL_TABLE_ROWS", -1)
    assert small == b"".join(bytes(p) for p in convert._xlsx_rows(table, {}))


def _geo_tables():
    """Odd tables with point coordinates (doubles or integers, some missing) or a source geometry."""
    import dataclasses

    from portalgen.tabular.model import INTEGER, NUMBER, STRING

    odd = next(_odd_tables())
    n = len(TEXTS)
    lat = [None if k % 4 == 1 else 47.5 + k / 7 for k in range(n)]
    lon = [None if k % 5 == 2 else -1.25 - k / 3 for k in range(n)]
    points = {**odd, "lat": (NUMBER, pa.array(lat)), "lon": (NUMBER, pa.array(lon))}
    yield dataclasses.replace(_table(points), point_columns=("lat", "lon"))
    integers = {"y": (INTEGER, pa.array([45, None, -3], pa.int64())),
                "x": (INTEGER, pa.array([2, 5, None], pa.int64())), "nom": (STRING, pa.array(["a", 'b "c"', None]))}
    yield dataclasses.replace(_table(integers), point_columns=("y", "x"))
    yield dataclasses.replace(_table({"lat": (NUMBER, pa.array([1e-7])), "lon": (NUMBER, pa.array([1e21]))}),
                              point_columns=("lat", "lon"))
    shapes = ['{"type": "Polygon", "coordinates": [[[1, 2], [3, 4], [1, 2]]]}', None,
              '{"type": "Point", "coordinates": [5, 6]}']
    derived = {"nom": (STRING, pa.array(["é", None, "<b>"])), "lat": (NUMBER, pa.array([2.0, None, 6.0])),
               "lon": (NUMBER, pa.array([1.0, None, 5.0]))}
    yield dataclasses.replace(_table(derived), geometry=tuple(shapes), derived_columns=("lat", "lon"),
                              point_columns=("lat", "lon"))
    only_derived = {"lat": (NUMBER, pa.array([2.0])), "lon": (NUMBER, pa.array([1.0]))}
    yield dataclasses.replace(_table(only_derived), geometry=(shapes[0],), derived_columns=("lat", "lon"))
    yield dataclasses.replace(_table({"lat": (NUMBER, pa.array([None, 1.0])), "lon": (NUMBER, pa.array([2.0, None]))}),
                              point_columns=("lat", "lon"))


@pytest.mark.parametrize("table", list(_geo_tables()), ids=lambda t: ",".join(t.column_names)[:20])
def test_geojson_of_small_tables_is_written_as_for_large_ones(table, monkeypatch):
    import dataclasses

    from portalgen.tabular import convert

    small = (convert.has_geometry(table), b"".join(bytes(p) for p in convert.geojson_bytes_chunks(table)))
    monkeypatch.setattr(convert, "SMALL_TABLE_ROWS", -1)
    table = dataclasses.replace(table)  # without the texts cached by the small path
    assert small == (convert.has_geometry(table), b"".join(bytes(p) for p in convert.geojson_bytes_chunks(table)))


def test_json_escapes_exactly_the_characters_the_small_path_looks_for():
    import json

    from portalgen.tabular import convert

    for code in [*range(0x3000), *range(0xD7F0, 0xE010), 0xFEFF, 0xFFFF, 0x1F600, 0x10FFFF]:
        char = chr(code)
        escaped = json.dumps(char, ensure_ascii=False) != f'"{char}"'
        assert escaped == bool(convert._JSON_ESCAPED.search(char)), hex(code)


def test_the_all_families_pattern_matches_whatever_a_family_matches():
    """Detection skips the families when their union matches too few values: exact only if the union
    matches every value some family matches."""
    import pyarrow.compute as pc

    from portalgen.tabular import detect

    values = pa.array([v for v in DATES if v is not None] + ["1/1/2024 7:05", "01-01-2024 07:05:09", "24/12/24",
                                                             "2024-01-02T10:11", "2024-01-02 10:11:12x"])
    union = pc.match_substring_regex(values, detect._DATE_ALTERNATIVES.any).to_pylist()
    for family in V.DATE_FAMILIES:
        matched = pc.match_substring_regex(values, family.pattern).to_pylist()
        assert matched == [m and u for m, u in zip(matched, union)], family.label
        assert any(matched), family.label
    assert union == [any(pc.match_substring_regex(values, f.pattern)[i].as_py() for f in V.DATE_FAMILIES)
                     for i in range(len(values))]


PROFILED = [
    ("string", pa.array(["b", "a", "b", None, "é", "z", "Z", "😀", "a", "", "ab", "a b", "\u00a0", "B"])),
    ("string", pa.array(["x"] * 3 + ["y"] * 3 + ["w"] * 3 + ["v", "u", "t", "s"])),
    ("string", pa.array([None, None], pa.string())),
    ("string", pa.array([], pa.string())),
    ("boolean", pa.array(["oui", "non", "non", None, "oui", "Oui"])),
    ("integer", pa.array([3, -1, 3, None, 0, -1, 2**62, -(2**62), 7, 8, 9, 10], pa.int64())),
    ("integer", pa.array([None], pa.int64())),
    ("number", pa.array([1.5, 1e21, 1e-7, 2.0, -3.25, 1e300, None, 2.0, 0.1 + 0.2, 123456789012345.0, 1.5, 2.0])),
    ("number", pa.array([0.0, -0.0, 1.0, -0.0], pa.float64())),
    ("number", pa.array([float("nan"), 1.0, float("nan")], pa.float64())),
    ("number", pa.array([None, None], pa.float64())),
    ("date", pa.array([None, 19000, 19001, 19000], pa.int32()).cast(pa.date32())),
    ("date", pa.array([-700000, 2932896, -700000, 0, None], pa.int32()).cast(pa.date32())),
    ("datetime", pa.array([-30000000000, 1700000000, None, 1700000000, 86399, 253402300799], pa.timestamp("s"))),
    # every value once (the profile's shortcut for distinct values)
    ("string", pa.array(["b", "a", None, "é", "z", "Z", "😀", "", "ab", "a b", "\u00a0", "B", "<b>x</b>", "1,5"])),
    ("string", pa.array(["Relevé 3 du jeu 1", "Relevé 10 du jeu 1", "Relevé 2 du jeu 1"])),
    ("integer", pa.array([3, -1, None, 0, 2**62, -(2**62), 7, 8, 9, 10], pa.int64())),
    ("number", pa.array([1.5, 1e21, 1e-7, 2.0, -3.25, None, 0.1 + 0.2, 123456789012345.0, -1e-300], pa.float64())),
    ("date", pa.array([19003, None, 19000, -700000, 2932896, 19001], pa.int32()).cast(pa.date32())),
    ("datetime", pa.array([1700000000, -30000000000, None, 86399, 253402300799], pa.timestamp("s"))),
]


def test_distinct_values_are_counted_as_by_frequency_then_value():
    """_small_counts' shortcut for columns whose values are all different gives the general order."""
    import importlib
    import random

    profile = importlib.import_module("portalgen.tabular.profile")
    rng = random.Random(14)
    for _ in range(300):
        values = rng.sample(range(-50, 50), rng.randint(0, 30))
        for column in (values, [str(v) for v in values], [v / 4 for v in values if v], values + [None, None]):
            counts = {v: 1 for v in column if v is not None}
            top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:profile.TOP_VALUES]
            kind = "string" if column and isinstance(column[0], str) else "number"
            expected = (len(counts), tuple(zip(profile.canonical_values([v for v, _ in top], kind), (1,) * len(top))))
            assert profile._small_counts(column, kind, profile.TOP_VALUES) == expected


@pytest.mark.parametrize("column_type,values", PROFILED)
def test_small_columns_are_profiled_as_large_ones(column_type, values, monkeypatch):
    import importlib

    from portalgen.tabular.model import Column

    profile = importlib.import_module("portalgen.tabular.profile")  # the package exports a function of that name
    column, chunked = Column("c", column_type), pa.chunked_array([values], type=values.type)
    small = profile.profile_column(column, chunked, values.to_pylist())
    monkeypatch.setattr(profile, "SMALL_COLUMN", -1)
    assert small == profile.profile_column(column, chunked, values.to_pylist())
    assert small == profile.profile_column(column, chunked)


@pytest.mark.parametrize("columns", list(_odd_tables()), ids=lambda c: ",".join(c)[:20] or "none")
def test_canonical_texts_of_python_values_are_arrows(columns):
    """Every value Python holds (dates from year 1) is written as Arrow writes it."""
    import pyarrow.compute as pc

    from portalgen.tabular.formatting import canonical_strings, canonical_values

    for column_type, values in columns.values():
        try:
            python_values = values.to_pylist()
        except OverflowError:  # a date Python cannot hold: the writers ask Arrow
            continue
        assert canonical_values(python_values, column_type) == canonical_strings(values, column_type).to_pylist()


def test_canonical_texts_of_random_doubles_are_arrows():
    import math
    import random
    import struct

    from portalgen.tabular.formatting import canonical_strings, canonical_values
    from portalgen.tabular.model import NUMBER

    rng = random.Random(11)
    values = [1e16, 1e15, 1e-5, 1e-6, 9.999999e20, 5e-324, 1.7976931348623157e308, -0.0, 1e22, 12345678.9]
    while len(values) < 20_000:
        bits = struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0]
        rounded = round(rng.uniform(-1e6, 1e6), rng.randint(0, 8))
        for value in (bits, rounded, rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30)):
            if math.isfinite(value):
                values.append(value)
    assert canonical_values(values, NUMBER) == canonical_strings(pa.array(values, pa.float64()), NUMBER).to_pylist()


NUMBER_TEXTS = ["1 234,5", "+12", "-0,50", "+1\u00a0000", "1\u202f000\u202f000,125", "0", "-0", "12.345.678,9",
                "1.5", "+0.25", None, "", "999999999999999999", "1234567890123456", "12 %", "é1", "１２"]


@pytest.mark.parametrize("fmt", [V.DOT, V.COMMA, V.COMMA_DOT_GROUPS, V.NumberFormat(",", ""), V.NumberFormat(".", "'")])
@pytest.mark.parametrize("values", [NUMBER_TEXTS, NUMBER_TEXTS[:3], [], [None], ["1.50", "2", "3.125"],
                                    ["1\n2", "+3", None], ["1", "2\n"], ["abcdefghijklmnopq", "12"], ["12", "1234567890123456"],
                                    ["1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6", ""], ["１２３４５６７８９０１２３４５６"]])
def test_numbers_of_small_columns_are_read_as_in_large_ones(fmt, values, monkeypatch):
    column = pa.chunked_array([pa.array(values, type=pa.string())], type=pa.string())
    small = (fmt.canonical(column), fmt.canonical(column.chunk(0)), V.has_too_many_digits(column))
    small_range = V.decimals_range(fmt.canonical(pa.array([v for v in values if v and "." in v], pa.string())))
    monkeypatch.setattr(V, "SMALL_COLUMN", -1)
    general = (fmt.canonical(column), fmt.canonical(column.chunk(0)), V.has_too_many_digits(column))
    assert small[0].equals(general[0]) and small[0].num_chunks == general[0].num_chunks
    assert small[1].equals(general[1])
    assert small[2] == general[2]
    assert small_range == V.decimals_range(fmt.canonical(pa.array([v for v in values if v and "." in v], pa.string())))


def test_integers_are_written_the_french_way_as_decimals_are():
    """format_number_fr writes Python ints without Decimal: the text of the Decimal path."""
    import random
    from decimal import Decimal

    from portalgen.tabular.formatting import format_number_fr

    rng = random.Random(5)
    values = [0, -1, 1, 999, 1000, -1000, 10**18, -(2**63), 2**63 - 1] + [
        rng.randint(-10 ** rng.randint(1, 19), 10 ** rng.randint(1, 19)) for _ in range(5000)]
    for value in values:
        for grouping in (True, False):
            assert format_number_fr(value, grouping=grouping) == format_number_fr(Decimal(value), grouping=grouping)


@pytest.mark.parametrize("family", V.DATE_FAMILIES, ids=lambda f: f.label)
def test_random_dates_of_small_columns_are_read_as_in_large_ones(family, monkeypatch):
    import random

    rng = random.Random(family.label)
    separator = "/" if "/" in family.label else "-"
    values = []
    for _ in range(400):
        year = rng.choice([rng.randint(0, 9999), rng.randint(1890, 2100), rng.randint(0, 99)])
        month, day = rng.randint(0, 13), rng.randint(0, 32)
        width = 2 if family.label.endswith("yy") and not family.label.endswith("yyyy") else 4
        parts = [f"{year % 10 ** width:0{width}d}", f"{month:02d}", f"{day:02d}"]
        text = separator.join(parts if family.label.startswith("yyyy") else parts[::-1])
        if rng.random() < 0.4:
            text += rng.choice(" T") + f"{rng.randint(0, 25):02d}:{rng.randint(0, 61):02d}"
            if rng.random() < 0.5:
                text += f":{rng.randint(0, 61):02d}"
        values.append(text)
    for chunk in (values[k:k + 40] for k in range(0, len(values), 40)):
        small = V.parse_family(pa.array(chunk, type=pa.string()), family)
        monkeypatch.setattr(V, "SMALL_COLUMN", -1)
        general = V.parse_family(pa.array(chunk, type=pa.string()), family)
        monkeypatch.undo()
        assert small.timestamps.equals(general.timestamps)
        assert (small.has_time, small.has_seconds, small.swapped) == (general.has_time, general.has_seconds,
                                                                      general.swapped)


@pytest.mark.parametrize("sample", ["a;b\n1;2\n", 'a,"b;c"\n1,2\n', "titre\n\na|b\n1|2\n", "seul\nx\n", "", "\n\n",
                                    'a\t"b\nc"\t"d""e"\n1\t2\t3\n', 'x;"y\n'])
def test_a_separator_absent_from_the_sample_could_not_win(sample):
    """detect_delimiter skips parsing with a separator the sample lacks: parsed, it gives every record
    one field at most, a width that never wins."""
    from portalgen.tabular import detect

    for delimiter in ("\t", ";", ",", "|"):
        if delimiter not in sample:
            assert all(count <= 1 for count in detect._field_counts(sample, delimiter, '"'))


PLAIN_NUMBERS = ["0", "-0", "007", "12", "-12", "1.5", "-0.0", "0.1", "2.675", "123456789012345", "999999999999999999",
                 "-999999999999999999", "1.00000000000000011102230246251565404236316680908203125",
                 "9007199254740993", "0.30000000000000004", "1.7976931348623157", "4.9406564584124654", None]


@pytest.mark.parametrize("integer", [True, False])
@pytest.mark.parametrize("texts", [PLAIN_NUMBERS, [None], [], ["1", None, "2"], ["+1"], ["1e5"], ["nan"], ["inf"],
                                   ["１２"], ["1_000"], [" 1"], ["1."], [".5"], ["1.5"], ["99999999999999999999"],
                                   ["1\n2"], ["1", "2\n"], ["1\n", "2"], ["1", "\n2"], ["\n"], ["", "1"], ["1", ""],
                                   ["-"], ["1", "-"], [None, None], ["1", "2\x00"], ["1", "<b>2</b>"], ["1.5\n2.5"]])
def test_numbers_of_small_columns_are_cast_as_in_large_ones(integer, texts, monkeypatch):
    """to_numbers converts plain decimals in Python; anything else goes to the cast, which accepts or
    refuses it as before: both ways give the same numbers or the same failure."""
    import random

    rng = random.Random(len(texts))
    if texts is PLAIN_NUMBERS:
        texts = texts + [f"{rng.uniform(-1e6, 1e6):.{rng.randint(0, 12)}f}" for _ in range(300)] + [
            str(rng.randint(-10 ** 18 + 1, 10 ** 18 - 1)) for _ in range(100)] + [
            f"{rng.randint(0, 10 ** 15)}.{rng.randint(0, 10 ** 20)}" for _ in range(100)]
        if integer:
            texts = [t for t in texts if t is None or "." not in t]

    def outcome(column):
        try:
            result = V.to_numbers(column, integer)
        except (pa.ArrowInvalid, ValueError) as exc:
            return type(exc).__name__
        return result.type, [repr(v) for v in result.to_pylist()]  # (repr: nan equals nan, -0.0 is not 0)

    column = pa.chunked_array([pa.array(texts, type=pa.string())], type=pa.string())
    small = outcome(column)
    monkeypatch.setattr(V, "SMALL_COLUMN", -1)
    general = outcome(column)
    assert small == general or (small == "ValueError" and general == "ArrowInvalid")


def test_dates_of_small_columns_are_cast_as_in_large_ones(monkeypatch):
    """to_dates gives the day of each timestamp as Arrow's cast does: floor division, before 1970 too."""
    seconds = [0, 1, -1, 86399, 86400, -86400, -86401, None, 19_000 * 86400 + 3600, -62_135_596_800,
               253_402_300_799, -70_000_000_000]
    stamps = pa.array(seconds, type=pa.timestamp("s"))
    small = V.to_dates(stamps)
    monkeypatch.setattr(V, "SMALL_COLUMN", -1)
    general = V.to_dates(stamps)
    assert small.type == general.type == pa.date32()
    assert small.equals(general)


def test_dates_are_written_the_french_way_as_strftime_writes_them():
    """format_date_fr formats four-digit years itself: the text strftime gives (earlier years go to strftime)."""
    import datetime as dt
    import random

    from portalgen.tabular.formatting import format_date_fr

    rng = random.Random(3)
    days = [dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(1000, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29)]
    days += [dt.date.fromordinal(rng.randint(1, dt.date(9999, 12, 31).toordinal())) for _ in range(3000)]
    for day in days:
        assert format_date_fr(day) == day.strftime("%d/%m/%Y")
        for moment in (dt.datetime(day.year, day.month, day.day),
                       dt.datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59)),
                       dt.datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59),
                                   rng.randint(1, 59))):
            expected = moment.strftime("%d/%m/%Y %H:%M:%S" if moment.second else "%d/%m/%Y %H:%M")
            assert format_date_fr(moment) == expected


PERIODS = [
    ("date", pa.array([None, 19000, 19001, 19000], pa.int32()).cast(pa.date32())),
    ("date", pa.array([2932896, -700000, 0, None], pa.int32()).cast(pa.date32())),
    ("date", pa.array([None, None], pa.date32())),
    ("date", pa.array([19000], pa.int32()).cast(pa.date32())),
    ("datetime", pa.array([1700000000, -30000000000, None, 1700000000, 86399, 253402300799], pa.timestamp("s"))),
    ("datetime", pa.array([None], pa.timestamp("s"))),
]


@pytest.mark.parametrize("column_type,values", PERIODS)
def test_the_period_of_small_tables_is_found_as_in_large_ones(column_type, values, monkeypatch):
    """default_figures reads a small table's first and last dates from its Python values: the same figures."""
    import importlib

    figures = importlib.import_module("portalgen.tabular.figures")
    texts = pa.array(["<b>é</b>", None, "", "2024-01-02"] * len(values))[:len(values)]
    table = _table({"texte": ("string", texts), "quand": (column_type, values)})
    small, bounds = figures.default_figures(table), figures._bounds(table, "quand")
    monkeypatch.setattr(figures, "SMALL_COLUMN", -1)
    assert small == figures.default_figures(_table({"texte": ("string", texts), "quand": (column_type, values)}))
    assert bounds == figures._bounds(_table({"quand": (column_type, values)}), "quand")


def test_one_pass_over_the_date_families_gives_the_masks_of_one_search_per_family():
    """_Patterns.reaches_first_of (one search telling each value's first matching family) answers and keeps
    the masks one search per pattern gives (reaches, then all), on columns of each family, mixed families,
    near misses and odd values; a column with too few dates is refused after as many misses."""
    import random

    from portalgen.tabular import detect

    alternatives = detect._DATE_ALTERNATIVES
    odd = ["", "pas une date", "1,5", "12", "2024", "=HYPERLINK(\"x\")", "<b>31/12/2023</b>", "Zoé Œuvre",
           "31/12/2023;x", "2024-01-02\nsuite", "FR76 3000 6000 0112 3456 7890 189", "06 12 34 56 78",
           "jean.dupont@example.fr", "10 rue de la Paix", "é" * 300, "31/12/2023\t", "١/٢/٢٠٢٤"]
    pool = [d for d in DATES if d is not None] + odd
    columns = [[d for d in DATES if d], ["2024-01-02"] * 20, ["31/12/2023"] * 5 + ["1/1/99"] * 15,
               ["31-12-2023"] * 14 + ["2024-01-02"] * 6, ["2024-01-02"] * 19 + ["31/12/2023"],
               ["1/2/2024", "2024-01-02", "1/1/99", "31-12-2023"] * 5, odd, ["24/12/24"] * 3]
    rng = random.Random(15)
    columns += [[rng.choice(pool) for _ in range(rng.randint(1, 40))] for _ in range(300)]
    patterns = [alternatives.any, *alternatives.patterns]
    for texts in columns:
        values = pa.array(texts, type=pa.string())
        for needed in (len(texts), detect.MOSTLY * len(texts), 0, 1):
            fast, general = detect._Patterns(values), detect._Patterns(values)
            reached = fast.reaches_first_of(alternatives, needed)
            assert reached == general.reaches(alternatives.any, needed), (texts, needed)
            for pattern in patterns:
                assert fast.reaches(pattern, needed) == general.reaches(pattern, needed), (texts, pattern)
                assert fast.all(pattern) == general.all(pattern), (texts, pattern)
                assert fast.all(pattern) == pc_mask(values, pattern), (texts, pattern)


def pc_mask(values: pa.Array, pattern: str) -> list:
    import pyarrow.compute as pc

    return pc.match_substring_regex(values, pattern).to_pylist()


def test_date_alternatives_must_be_anchored_and_without_capturing_groups():
    from portalgen.tabular import detect

    with pytest.raises(ValueError):
        detect.Alternatives.of(["^a", "b$"])
    with pytest.raises(ValueError):
        detect.Alternatives.of(["^(a)"])
    both = detect.Alternatives.of(["^(?P<x>a)", "^(?:b)$"])
    assert (both.any, both.first) == ("^(?:(?:(?:a))|(?:(?:b)$))", "^(?:(?P<a0>(?:a))|(?P<a1>(?:b)$))")


def test_point_column_names_kept_per_tuple_of_names_are_those_the_search_finds():
    from portalgen.tabular import geo

    cases = [["lat", "lon"], ["Latitude", "Longitude", "x", "y"], ["x", "y"], ["geo_lat", "geo_lng", "lat"],
             ["montant", "date"], ["Y", "X", "Lat"], ["pos_latitude", "pos_longitude", "lieu_lat", "lieu_lon"],
             ["lät", "löng"], [], ["lat"], ["lat", "lat_lon"]]
    for names in cases * 2:
        assert geo.coordinate_candidates(names) == geo._candidates_of.__wrapped__(tuple(names)), names


def test_typed_numbers_of_a_small_column_are_the_cast_of_its_canonical_texts():
    """V.typed_numbers (canonical texts made once in Python) gives what the Arrow path gives: the cast of
    fmt.canonical and decimals_range of it, with nulls, signs, grouping, decimal commas and texts only
    the cast reads (then the general path runs)."""
    import pyarrow.compute as pc

    formats = [V.NumberFormat(".", ""), V.NumberFormat(".", " \u00a0\u202f"), V.NumberFormat(",", " \u00a0."),
               V.NumberFormat(",", "")]
    columns = [["1", "-2", "+3", None, "0", "123456789012345678"], ["1 234,5", "-0,25", None, "+1.000.000,125"],
               ["12.50", "3", "-0.0", "+7.125"], [None, None], ["1 234", "5\u00a0678", "9\u202f012"],
               ["1e5", "2"], ["99999999999999999999"], ["0,1", "0,10", "10"], ["٣"], ["1.5", None, "2.25"]]
    for fmt in formats:
        for texts in columns:
            values = pa.array(texts, type=pa.string())
            for column in (values, pa.chunked_array([values])):
                arrow_canonical = fmt.canonical(pa.chunked_array([values] * 300))  # long: the Arrow path
                for integer in (True, False):
                    try:
                        expected = pc.cast(arrow_canonical, pa.int64() if integer else pa.float64())
                    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                        with pytest.raises((pa.ArrowInvalid, pa.ArrowNotImplementedError)):
                            V.typed_numbers(column, fmt, integer)
                        continue
                    typed = V.typed_numbers(column, fmt, integer)
                    numbers, decimals = typed.numbers, typed.decimals
                    assert typed.python is None or typed.python == numbers.to_pylist()
                    assert pa.chunked_array([numbers]).to_pylist() == expected.to_pylist()[:len(texts)], (texts, fmt)
                    assert pa.chunked_array([numbers]).type == expected.type
                    assert decimals == (None if integer else V.decimals_range(arrow_canonical)), (texts, fmt)


@pytest.mark.parametrize("integer", [True, False])
@pytest.mark.parametrize("texts", [PLAIN_NUMBERS, [None], [], ["1", None, "2"], ["1\n2"], ["1", "2\n"], ["1\n", "2"],
                                   ["\n"], ["", "1"], ["1", ""], ["-"], ["1.5", "2\n3"], ["1", "1234567890123456789"],
                                   ["1", "１２"], ["1", "2.5"], ["é", "1"], ["1", "2\x00"], ["9" * 10_000]])
def test_plain_numbers_checked_together_are_those_checked_one_by_one(integer, texts):
    """_plain_numbers matches the texts joined by newlines: the same answer as one match per text."""
    import re

    one = re.compile(r"-?[0-9]{1,18}\Z" if integer else r"-?[0-9]+(?:\.[0-9]+)?\Z")
    expected = None
    if all(t is None or one.match(t) for t in texts):
        expected = [None if t is None else (int if integer else float)(t) for t in texts]
    assert V._plain_numbers(texts, integer) == expected


@pytest.mark.parametrize("values", [["1 234,5", "12", None, ""], ["a\u00a0b", "c"], ["", None], [], ["x"], ["<b>", "\x00"],
                                    ["1.234", "5,6"], ["é", "ü", "日本"], ["a" * 10_000, "b"]])
@pytest.mark.parametrize("text", [" ", "\u00a0", "\u202f", ",", ".", "'", "\x00", "é", "ab", "b,", "4,5", "3,1"])
def test_a_small_column_contains_what_its_values_contain(values, text):
    """_Patterns.contains searches a small column's values put end to end for a single character: the
    answer of searching each value (and of Arrow's search, the large columns' way)."""
    from portalgen.tabular import detect

    column = pa.array(values, type=pa.string())
    expected = any(text in value for value in values if value is not None)
    assert detect._Patterns(column).contains(text) == expected
    assert detect._contains(column, text) == expected


@pytest.mark.parametrize("fmt", [V.NumberFormat(".", V.SPACE_SEPARATORS), V.NumberFormat(",", V.SPACE_SEPARATORS + "."),
                                 V.NumberFormat(",", "'"), V.NumberFormat(".", ""), V.NumberFormat(",", "\n")])
@pytest.mark.parametrize("values", [["1 234,5", "+12", None, "-3", ""], ["+1", "+"], ["1\n2", "3"], ["1", "2\n"], [None],
                                    [], ["1.234.567,89", "1\u202f000", "1\u00a0000", "1'000"], ["é", "<b>+1</b>", "\x00"],
                                    ["9" * 10_000, "+0"], ["a+b", "++1"], [None, "\n", None]])
def test_canonical_texts_of_a_column_are_those_of_each_value(fmt, values):
    """NumberFormat.canonical_texts rewrites the values joined by newlines: each value's own text."""
    assert fmt.canonical_texts(values) == [None if v is None else fmt._canonical_text(v) for v in values]
