"""write_downloads: every format round-trips the rows, and the files are byte-identical run to run."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from portalgen.filesource import WorkFolder
from portalgen.tabular import (
    FORMATS, MEDIA_TYPES, download_plan, normalise, read_table, write_downloads,
)
from portalgen.tabular.convert import SMALL_TABLE_ROWS, column_letters

SOURCE = (
    "nom;montant;quand;horodatage;actif;code;note;latitude;longitude;grand;petit\n"
    'École « Jules-Ferry »;1 234,56;31/12/2023;31/12/2023 18:30;oui;01053;"dit ""oui"", puis non";48,8566;2,3522;'
    "123456789012345;0,0000001\n"
    'Mairie;-12;01/02/2023;01/02/2023 08:00;non;75056;"deux\nlignes";45,764;4,8357;1;1,5\n'
    "=SOMME(A1);;;;;;;;;;\n"
    "Salle des fêtes;0,5;15/06/2023;15/06/2023 21:45;oui;13001; espaces ;43,2965;5,3698;-7;2\n"
)


@pytest.fixture
def data(write_text):
    return normalise(read_table(write_text("source.csv", SOURCE, "cp1252")))


def _rows(table) -> list[tuple]:
    """Rows as plain values; numbers compared as floats (12.0 and 12 are the same number)."""
    columns = [table.arrow(name).to_pylist() for name in table.column_names]
    rows = []
    for row in zip(*columns):
        rows.append(tuple(float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
                          for v in row))
    return rows


def test_all_formats_are_written_with_names_media_types_sizes_and_hashes(data, tmp_path):
    files = write_downloads(data, tmp_path, "budget")
    assert [f.format for f in files] == list(FORMATS)
    for file in files:
        path = tmp_path / file.name
        assert file.name == f"budget.{path.suffix[1:]}"
        assert file.media_type == MEDIA_TYPES[file.format]
        assert file.size == path.stat().st_size
        assert file.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert {f.format: f.media_type for f in files} == {
        "CSV": "text/csv", "JSON": "application/json",
        "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Parquet": "application/vnd.apache.parquet", "GeoJSON": "application/geo+json"}


def test_csv_is_standard(data, tmp_path):
    write_downloads(data, tmp_path, "t", formats=["CSV"])
    raw = (tmp_path / "t.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in raw
    text = raw.decode("utf-8")
    lines = text.split("\n")
    assert lines[0] == "nom,montant,quand,horodatage,actif,code,note,latitude,longitude,grand,petit"
    assert lines[1] == ('École « Jules-Ferry »,1234.56,2023-12-31,2023-12-31T18:30:00,oui,01053,'
                        '"dit ""oui"", puis non",48.8566,2.3522,123456789012345,0.0000001')
    assert "=SOMME(A1),,,,,,,,,," in text


def test_json_records(data, tmp_path):
    write_downloads(data, tmp_path, "t", formats=["JSON"])
    text = (tmp_path / "t.json").read_text(encoding="utf-8")
    assert "\\u00e9" not in text and "École" in text
    records = json.loads(text)
    assert list(records[0]) == list(data.column_names)
    assert records[0]["montant"] == 1234.56
    assert records[0]["grand"] == 123456789012345
    assert records[0]["quand"] == "2023-12-31"
    assert records[0]["horodatage"] == "2023-12-31T18:30:00"
    assert records[1]["note"] == "deux\nlignes"
    assert records[2]["montant"] is None


def test_every_format_round_trips_the_rows(data, tmp_path):
    write_downloads(data, tmp_path, "t")
    expected = _rows(data)
    for name in ("t.csv", "t.json", "t.xlsx", "t.geojson"):
        again = normalise(read_table(tmp_path / name))
        assert again.column_names == data.column_names, name
        assert _rows(again) == expected, name
    parquet = pq.read_table(tmp_path / "t.parquet")
    assert [str(t) for t in parquet.schema.types] == [
        "string", "double", "date32[day]", "timestamp[ms]", "string", "string", "string", "double", "double",
        "int64", "double"]
    assert parquet.schema.metadata is None  # no pandas metadata
    assert parquet.equals(data.arrow_table().cast(parquet.schema))


@pytest.mark.parametrize("rows", [1, SMALL_TABLE_ROWS, SMALL_TABLE_ROWS + 1])
def test_parquet_of_any_size_reads_back_the_rows(rows, write_text, tmp_path):
    """A small table's Parquet file is written with snappy and plain encoding, a larger one with zstd and
    dictionaries; readers get the same typed rows either way."""
    lines = ["nom;montant;quand;type"] + [f"Équipement {i};{i},5;{1 + i % 28:02d}/03/2024;{'école' if i % 3 else 'mairie'}"
                                          for i in range(rows)]
    table = normalise(read_table(write_text("many.csv", "\n".join(lines) + "\n", "cp1252")))
    write_downloads(table, tmp_path, "t", formats=["Parquet"])
    parquet = pq.read_table(tmp_path / "t.parquet")
    assert parquet.equals(table.arrow_table().cast(parquet.schema))
    column = pq.ParquetFile(tmp_path / "t.parquet").metadata.row_group(0).column(3)
    small = rows <= SMALL_TABLE_ROWS
    assert column.compression == ("SNAPPY" if small else "ZSTD")
    assert ("RLE_DICTIONARY" in column.encodings) is not small


def test_geojson_features(data, tmp_path):
    write_downloads(data, tmp_path, "t", formats=["GeoJSON"])
    collection = json.loads((tmp_path / "t.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    first, _, no_place = collection["features"][:3]
    assert first["geometry"] == {"type": "Point", "coordinates": [2.3522, 48.8566]}
    assert first["properties"]["nom"] == "École « Jules-Ferry »"
    assert no_place["geometry"] is None


def test_geojson_source_keeps_its_geometries(write_text, tmp_path):
    source = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
         "properties": {"nom": "Parc"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.35, 48.85]},
         "properties": {"nom": "Mairie"}},
    ]}
    data = normalise(read_table(write_text("zones.geojson", json.dumps(source))))
    write_downloads(data, tmp_path, "zones", formats=["GeoJSON", "CSV"])
    again = json.loads((tmp_path / "zones.geojson").read_text(encoding="utf-8"))
    assert [f["geometry"] for f in again["features"]] == [f["geometry"] for f in source["features"]]
    assert [f["properties"] for f in again["features"]] == [{"nom": "Parc"}, {"nom": "Mairie"}]
    assert (tmp_path / "zones.csv").read_text(encoding="utf-8") == "nom,longitude,latitude\nParc,,\nMairie,2.35,48.85\n"


def test_xlsx_cells_are_typed_and_text_is_never_a_formula(data, tmp_path):
    from openpyxl import load_workbook

    write_downloads(data, tmp_path, "t", formats=["XLSX"])
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet.title == "Données"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert sheet["B2"].value == 1234.56
    assert sheet["C2"].value == dt.datetime(2023, 12, 31)
    assert sheet["C2"].is_date
    assert sheet["D2"].value == dt.datetime(2023, 12, 31, 18, 30)
    assert sheet["F2"].value == "01053"
    assert sheet["A4"].value == "=SOMME(A1)"
    assert sheet["A4"].data_type == "s"
    assert sheet["B4"].value is None


def test_xlsx_drops_characters_xml_cannot_hold(load, tmp_path):
    data = load("note\nbip\x07bip\n")
    write_downloads(data, tmp_path, "t", formats=["XLSX", "CSV"])
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "t.xlsx").active["A2"].value == "bipbip"
    assert "bip\x07bip" in (tmp_path / "t.csv").read_text(encoding="utf-8")


def test_downloads_are_byte_identical_across_runs(data, tmp_path):
    stamp = dt.datetime(2024, 5, 1, 12, 0)
    first = write_downloads(data, tmp_path / "one", "t", timestamp=stamp)
    second = write_downloads(data, tmp_path / "two", "t", timestamp=stamp)
    assert first == second
    for file in first:
        assert (tmp_path / "one" / file.name).read_bytes() == (tmp_path / "two" / file.name).read_bytes()


def test_xlsx_dates_come_from_the_timestamp(data, tmp_path):
    stamp = dt.datetime(2024, 5, 1, 12, 0, 0)
    write_downloads(data, tmp_path, "t", formats=["XLSX"], timestamp=stamp)
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2024, 5, 1, 12, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert core.count("2024-05-01T12:00:00Z") == 2
    later = write_downloads(data, tmp_path / "later", "t", formats=["XLSX", "CSV"],
                            timestamp=dt.datetime(2025, 1, 1))
    assert later[0].sha256 != hashlib.sha256((tmp_path / "t.xlsx").read_bytes()).hexdigest()


def test_plan_leaves_out_xlsx_for_big_tables_and_geojson_without_points(load, tmp_path):
    data = load("n\n1\n2\n3\n")
    plan = {p.format: p for p in download_plan(data, xlsx_max_rows=2)}
    assert not plan["XLSX"].produced
    assert "XLSX is only made up to 2 rows" in plan["XLSX"].reason
    assert not plan["GeoJSON"].produced
    written = write_downloads(data, tmp_path, "t", xlsx_max_rows=2)
    assert [f.format for f in written] == ["CSV", "JSON", "Parquet"]


def test_column_letters():
    assert [column_letters(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


def _openpyxl_reference(table, timestamp: dt.datetime) -> dict[str, bytes]:
    """The workbook's parts as openpyxl writes them for this header and date, the sample row
    replaced by the data rows (what write_xlsx did before it reused one template)."""
    from portalgen.tabular import convert

    reference = {}
    with zipfile.ZipFile(io.BytesIO(convert._openpyxl_workbook(table.column_names, timestamp))) as archive:
        for name in archive.namelist():
            reference[name] = archive.read(name)
    sheet = reference["xl/worksheets/sheet1.xml"].decode("utf-8")
    sample = convert._SAMPLE_ROW.search(sheet)
    styles = {("date" if letter == "A" else "datetime"): style
              for letter, style in convert._SAMPLE_STYLE.findall(sample.group(0))}
    rows = "".join(bytes(piece).decode("utf-8") for piece in convert._xlsx_rows(table, styles))
    reference["xl/worksheets/sheet1.xml"] = (sheet[: sample.start()] + rows + sheet[sample.end():]).encode("utf-8")
    return reference


ODD_HEADERS = [
    ["nom"], ["", "  ", " début", "fin ", " deux ", "a b"], ["bip\x07bip", "\x01", "\x01 x"],
    ['<&>"\'', "=SOMME(A1)", "tab\tici", "ligne\nsuivante", "retour\r", "é€😀"], ["x" * 40_000, "y"],
    [f"c{i}" for i in range(30)],
]


@pytest.mark.parametrize("names", ODD_HEADERS + [[]])
@pytest.mark.parametrize("timestamp", [dt.datetime(2024, 3, 4, 5, 6, 7), dt.datetime(1970, 1, 1),
                                       dt.datetime(2000, 1, 1, 0, 0, 0, 123456)])
def test_xlsx_is_what_openpyxl_writes_for_any_header_and_date(names, timestamp, tmp_path):
    from portalgen.tabular import convert
    from portalgen.tabular.model import DATE, STRING, Column, Detection, NormalisedTable, chunked

    types = [DATE if i % 2 else STRING for i in range(len(names))]
    values = {name: pa.array([dt.date(2024, 1, 2)] if kind == DATE else ["v"]) for name, kind in zip(names, types)}
    rows = [2] if names else []  # a table without columns has no rows
    table = NormalisedTable("t", {n: chunked(v) for n, v in values.items()}, np.array(rows, dtype=np.int64),
                            tuple(map(Column, names, types)), Detection("csv"))
    convert.write_xlsx(table, WorkFolder(tmp_path), "t.xlsx", timestamp)
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        ours = {name: archive.read(name) for name in archive.namelist()}
    reference = _openpyxl_reference(table, timestamp)
    assert list(ours) == list(reference)
    for name in reference:
        assert ours[name] == reference[name], name
