"""A small table's columns are read into Python once (read._Cells) and every reading step looks at those
values: the same trimmed columns, empty rows, detections and tables as each step converting the column
itself (the flow of longer tables)."""

from __future__ import annotations

import dataclasses
import importlib
import random

import numpy as np
import pyarrow as pa
import pytest

from portalgen.tabular import ReadOptions, detect, normalise, preview, profile, read, read_table
from portalgen.tabular import csvfile
from portalgen.tabular.model import python_list
from portalgen.tabular.raw import RawTable

normalise_module = importlib.import_module("portalgen.tabular.normalise")  # (the package's normalise is the function)

rng = random.Random(17)
ODD = ["", " ", "\u00a0x\u202f", None, "NC", "null", "<script>alert('x')</script>", "Œuvre ✓ 日本 😀", "long " * 300,
       "0012", "007", "vrai", "FAUX", "oui", "Non", "31/02/2024", "29/02/2023", "1.234.567", "1 234,5", "1\u202f234,5",
       "-0,5", "+3", "2024-13-01", "12/31/2023", "2024-01-31T10:30", "01/2024", "janvier 2024", "a;b", "l1\nl2",
       "1e5", "3.14", "12 %", "€ 12", " pad ", "İ"]
KINDS = {
    "int": lambda: str(rng.randint(-500, 50000)),
    "comma": lambda: f"{rng.randint(-900, 900)},{rng.randint(0, 99):02d}",
    "grouped": lambda: f"{rng.randint(1, 999)}.{rng.randint(0, 999):03d},{rng.randint(0, 9)}",
    "fr-date": lambda: f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1990, 2030)}",
    "iso-time": lambda: f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T1{rng.randint(0, 9)}:30:00",
    "bool": lambda: rng.choice(["oui", "non", "Oui", "NON"]),
    "code": lambda: f"{rng.randint(0, 9999):05d}",
    "text": lambda: rng.choice(["école", "vélo", "Relevé 3", "mairie <b>", "x" * 50]),
}


def _column(kind: str, size: int, share: float) -> list[str | None]:
    return [rng.choice(ODD) if rng.random() < share else KINDS[kind]() for _ in range(size)]


CASES = [(f"{kind}-{share}-{size}", _column(kind, size, share))
         for kind in KINDS for share in (0.0, 0.1, 0.4, 1.0) for size in (0, 1, 3, 20)]


def _arrow(values: list[str | None]) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array(values, type=pa.string())])


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("options", [ReadOptions(), ReadOptions(decimal=","), ReadOptions(thousands=".")])
def test_detections_equal_with_python_values_given(delimiter, options):
    for start in range(0, len(CASES), 4):
        group = CASES[start:start + 4]
        width = min(len(values) for _, values in group)
        columns = {name: _arrow([None if v is None else v.strip() for v in values[:width]]) for name, values in group}
        rows = np.arange(2, width + 2, dtype=np.int64)
        texts = {name: column.to_pylist() for name, column in columns.items()}
        given = detect.detect_columns(columns, rows, delimiter=delimiter, options=options, texts=texts)
        assert given == detect.detect_columns(columns, rows, delimiter=delimiter, options=options), group


def test_reading_steps_equal_with_python_values():
    for name, values in CASES:
        columns = (_arrow(values), _arrow(list(reversed(values))))
        raw = RawTable(header=("a", "b"), columns=columns, rows=np.arange(len(values)))
        small, small_changed = read._trimmed(raw, small=True)
        general, general_changed = read._trimmed(raw, small=False)
        given, given_changed = read._trimmed(
            dataclasses.replace(raw, texts=tuple(c.to_pylist() for c in columns)), small=True)
        assert small_changed == general_changed == given_changed, name
        assert [c.arrow for c in given] == [c.arrow for c in small] and [c.texts for c in given] == [
            c.texts for c in small], name
        assert [c.arrow for c in small] == [c.arrow for c in general], name
        assert all(c.texts == c.arrow.to_pylist() for c in small), name
        assert all(c.texts is None for c in general), name
        assert [read._is_empty(c) for c in small] == [read._is_empty(c) for c in general], name
        rows = np.arange(2, len(values) + 2, dtype=np.int64)
        kept_small, rows_small, dropped_small = read._drop_empty_rows([("a", c) for c in small], rows)
        kept_general, rows_general, dropped_general = read._drop_empty_rows([("a", c) for c in general], rows)
        assert dropped_small == dropped_general and rows_small.tolist() == rows_general.tolist(), name
        assert [c.arrow for _, c in kept_small] == [c.arrow for _, c in kept_general], name
        assert all(c.texts == c.arrow.to_pylist() for _, c in kept_small), name


def _odd_csv(rows: int, separator: str) -> str:
    kinds = list(KINDS)
    header = separator.join(["", *kinds, "vide"])
    lines = [header]
    for _ in range(rows):
        cells = ["" if rng.random() < 0.7 else "x"] + [
            (rng.choice([v for v in ODD if v is not None]) if rng.random() < 0.15 else KINDS[k]()) for k in kinds]
        cells.append("")
        if rng.random() < 0.1:
            cells = [""] * len(cells)
        lines.append(separator.join('"' + c.replace('"', '""') + '"' for c in cells))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("separator", [",", ";"])
def test_small_tables_read_equal_to_the_general_flow(tmp_path, monkeypatch, separator):
    """read_table of odd small files: the same Table when assemble reads the columns into Python once as
    when each step converts them itself (read.SMALL_COLUMN at 0: the steps of a longer table)."""
    for number, size in enumerate((1, 2, 5, 20, 60)):
        path = tmp_path / f"t{number}.csv"
        path.write_text(_odd_csv(size, separator), encoding="utf-8")
        fast = read_table(path)
        with monkeypatch.context() as patch:
            patch.setattr(read, "SMALL_COLUMN", 0)
            general = read_table(path)
        assert fast.detection == general.detection, path.read_text()
        assert fast.arrays == general.arrays and fast.row_numbers.tolist() == general.row_numbers.tolist()
        assert fast.conversions == general.conversions and fast.findings == general.findings


@pytest.mark.parametrize("separator", [",", ";"])
def test_cells_kept_by_the_csv_reader_are_the_columns_values(tmp_path, monkeypatch, separator):
    """read_text keeps a small table's cells (RawTable.texts, csvfile.small_text_columns): each column's
    to_pylist, and read_table gives the same Table as when the reader keeps none (csvfile.SMALL_COLUMN
    at -1), on odd files: quoted values, empty cells and rows, title rows, cp1252, header only."""
    odd = {"odd": _odd_csv(20, separator).encode("utf-8"),
           "titles": f'Titre\n\na{separator}b\n« é »{separator}"1,5" \n'.encode("cp1252"),
           "header-only": f"a{separator}b\n".encode("utf-8"),
           "quoted-newlines": f'a{separator}b\n"x\ny"{separator}<b>é</b>\n{separator}\n'.encode("utf-8")}
    for name, data in odd.items():
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data)
        raw = csvfile.read_text(path, name, "csv", ReadOptions())
        assert raw.texts is not None and len(raw.texts) == len(raw.columns), name
        assert [list(t) for t in raw.texts] == [c.to_pylist() for c in raw.columns], name
        assert all(type(t) is list for t in raw.texts), name
        fast = read_table(path)
        with monkeypatch.context() as patch:
            patch.setattr(csvfile, "SMALL_COLUMN", -1)
            assert csvfile.read_text(path, name, "csv", ReadOptions()).texts is None
            general = read_table(path)
        assert fast.detection == general.detection and fast.arrays == general.arrays, name
        assert fast._values == general._values and fast.findings == general.findings, name
        assert fast.row_numbers.tolist() == general.row_numbers.tolist(), name
        assert fast.conversions == general.conversions, name


@pytest.mark.parametrize("separator", [",", ";"])
def test_values_kept_are_the_columns_values(tmp_path, monkeypatch, separator):
    """The Python values handed from reading to normalising, and from normalising to the profile and the
    downloads (Table.keep_values), are each column's python_list; and normalise gives the same table when
    it finds them as when it converts the columns itself (a replaced table keeps none)."""
    for number, size in enumerate((1, 3, 20, 60)):
        path = tmp_path / f"t{number}.csv"
        path.write_text(_odd_csv(size, separator), encoding="utf-8")
        table = read_table(path)
        assert table._values, "assemble kept the values"
        for name, values in table._values.items():
            assert values == python_list(table.arrays[name]), name
        fast = normalise(table)
        general = normalise(dataclasses.replace(table))
        assert not general._values or set(general._values) == set(fast._values)
        assert fast.arrays == general.arrays and fast.columns == general.columns
        assert fast.findings == general.findings and fast.conversions == general.conversions
        for name, values in fast._values.items():
            kept = python_list(fast.arrays[name])
            assert values == kept and [type(v) for v in values] == [type(v) for v in kept], name
        assert profile(fast) == profile(general) and preview(fast) == preview(general)
        with monkeypatch.context() as patch:  # normalise converting the columns itself, as for a longer table
            patch.setattr(normalise_module, "SMALL_COLUMN", 0)
            converting = normalise(dataclasses.replace(table))
        assert fast.arrays == converting.arrays and fast.columns == converting.columns
        assert fast.findings == converting.findings and fast.conversions == converting.conversions


def test_regular_file_size_answers_as_is_file(tmp_path):
    """read_table tells a missing file from one stat (sniff.regular_file_size) instead of is_file, then stat."""
    from portalgen.tabular.sniff import regular_file_size

    (tmp_path / "file.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "folder").mkdir()
    (tmp_path / "link.csv").symlink_to(tmp_path / "file.csv")
    (tmp_path / "broken.csv").symlink_to(tmp_path / "nowhere.csv")
    (tmp_path / "loop.csv").symlink_to(tmp_path / "loop.csv")
    for name in ("file.csv", "empty.csv", "folder", "link.csv", "broken.csv", "loop.csv", "missing.csv",
                 "file.csv/below", "nul\0.csv"):
        path = tmp_path / name
        size = regular_file_size(path)
        assert (size is not None) == path.is_file(), name
        assert size is None or size == path.stat().st_size, name
