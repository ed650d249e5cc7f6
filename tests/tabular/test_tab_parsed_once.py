"""A file that fits in the sample read for detection is parsed once (csvfile._WholeText): reading it gives
what the general path gives (head records parsed from the sample, then the file streamed again), rows,
line numbers, titles, findings and errors included."""

from __future__ import annotations

import codecs
import csv

import pytest

from portalgen.errors import DataError
from portalgen.tabular import ReadOptions, csvfile, read_table

ODD = ("Montant;Date;Libellé;Note\n1 234,5;31/12/2024;<script>alert('x')</script>;\n"
       "-0,5;01/01/2025;\"a;b\";\"deux\nlignes\"\n;;;\n\n12;;Œuvre ✓ 日本 😀;" + "long " * 400 + "\n"
       "NA;2024-02-30;\"\"\"cité\"\"\";vrai\n")
FILES = {
    "cp1252.csv": ODD.replace("✓ 日本 😀", "é").encode("cp1252"),
    "utf8.csv": ODD.encode("utf-8"),
    "bom.csv": codecs.BOM_UTF8 + ODD.encode("utf-8"),
    "crlf.csv": ODD.replace("\n", "\r\n").encode("utf-8"),
    "cr.csv": ODD.replace("\n", "\r").encode("utf-8"),
    "tab.tsv": ODD.replace(";", "\t").encode("utf-8"),
    "comma.csv": b"a,b,c\n1,\"x, y\",3\n\"quote \"\"in\"\" value\",,\n",
    "titles.csv": "Titre du fichier;;\n\n;;\nnom;quantité;date\nA;1;01/02/2024\nB;;\n".encode("cp1252"),
    "ragged.csv": b"a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,,\n,,,,\n",
    "many-ragged.csv": b"a;b\n" + b"1;2;3\n" * 15,
    "trailing-empty-names.csv": b"a\tb\t\n1\t2\n3\t4\t\t\n6\t7\t8\n",
    "empty-lines.csv": b"\n\nx;y\n\n1;2\n\n\n3;4\n\n",
    "header-only.csv": b"a,b,c\n",
    "header-only-no-eol.csv": b"a;b",
    "one-column.csv": b"valeur\nA\n\n\"\"\nB,C\nD\n",
    "no-eol.csv": b"x,y\n1,2\n3,4",
    "broken-quote.csv": b"a,b\n1,\"ouvert\n2,3\n",
    "closed-late.csv": b"a,b\n1,\"ouvert\n2\"x,3\n4,5\n",
    "quoted-cr.csv": b"a,b\n\"x\ry\",2\n\"p\r\nq\",3\n",
    "blank.csv": b"   \n\n",
    "spaces-header.csv": b";;\n  ;  \na;b\n1;2\n",
}
OPTIONS = {
    "detected": ReadOptions(),
    "cp1252": ReadOptions(encoding="cp1252"),
    "semicolon": ReadOptions(encoding="utf-8", delimiter=";"),
    "header-row-3": ReadOptions(header_row=3),
    "header-row-inside-value": ReadOptions(header_row=4),
    "header-row-beyond": ReadOptions(header_row=50),
    "skip-rows": ReadOptions(skip_rows=1),
}


def _outcome(path, options):
    try:
        raw = csvfile.read_text(path, path.name, path.suffix[1:], options)
    except DataError as exc:
        return exc.findings
    try:
        table = read_table(path, options=options)
    except DataError as exc:
        return exc.findings
    return (raw.header, [c.to_pylist() for c in raw.columns], raw.rows.tolist(), raw.header_row, raw.title_rows,
            raw.encoding, raw.delimiter, raw.quotechar, table.detection, table.findings, table.source_rows,
            {name: table.arrow(name).to_pylist() for name in table.column_names})


def _general_path(monkeypatch):
    """Every file read as one larger than the sample: head records from the sample, then streamed."""
    read_sample = csvfile._read_sample
    monkeypatch.setattr(csvfile, "_read_sample", lambda file, encoding: (read_sample(file, encoding)[0], False))


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
def test_a_file_parsed_once_reads_as_the_general_path(name, options, tmp_path, monkeypatch):
    path = tmp_path / name
    path.write_bytes(FILES[name])
    once = _outcome(path, options)
    _general_path(monkeypatch)
    assert once == _outcome(path, options)


def test_the_small_files_take_the_path_parsed_once(tmp_path, monkeypatch):
    path = tmp_path / "utf8.csv"
    path.write_bytes(FILES["utf8.csv"])
    parsed = []
    original = csvfile._WholeText.parse
    monkeypatch.setattr(csvfile._WholeText, "parse", lambda text, delimiter, quotechar:
                        parsed.append(delimiter) or original(text, delimiter, quotechar))
    monkeypatch.setattr(csvfile, "detect_delimiter", None)  # the separator is found from the same parse
    table = read_table(path)
    assert table.detection.delimiter in parsed and len(parsed) == len(set(parsed))  # each candidate parsed once


def test_a_value_over_the_field_limit_fails_alike(tmp_path, monkeypatch):
    path = tmp_path / "limit.csv"
    path.write_bytes(b"a,b\n1,2\n3,\"" + b"x" * 200 + b"\"\n5,6\n")
    limit = csv.field_size_limit()
    csv.field_size_limit(100)
    try:
        once = _outcome(path, ReadOptions())
        _general_path(monkeypatch)
        assert once == _outcome(path, ReadOptions())
    finally:
        csv.field_size_limit(limit)
    assert isinstance(once, list) and "longer than" in once[0].message
