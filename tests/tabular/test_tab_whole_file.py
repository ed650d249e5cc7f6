"""A small file is read once, whole, and looked at in memory (sniff.DataFile): reading it gives what
streaming it from disk gives, findings and errors included."""

from __future__ import annotations

import codecs

import pytest

from portalgen.errors import DataError
from portalgen.tabular import ReadOptions, read_table, sniff

TEXT = "nom;montant;date\nÉcole – cantine;1 234,5;31/12/2024\n\"deux\r\nlignes\";2;01/01/2025\n;;\nŒuvre;3;\n"
FILES = {
    "utf8.csv": TEXT.encode("utf-8"),
    "bom.csv": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    "utf16.csv": TEXT.encode("utf-16"),
    "cp1252.csv": TEXT.replace("–", "-").encode("cp1252"),
    "latin1.csv": TEXT.replace("–", "-").replace("Œ", "O").encode("latin-1") + b"x;\x81;\n",
    "crlf.csv": TEXT.replace("\n", "\r\n").encode("utf-8"),
    "cr.csv": TEXT.replace("\n", "\r").encode("utf-8"),
    "mixed.csv": TEXT.encode("utf-8") + "Café;4;\n".encode("cp1252"),
    "binary.csv": b"%PDF-1.4\n" + bytes(range(256)),
    "titles.csv": ("Titre du fichier;;\n\n" + TEXT).encode("utf-8"),
    "broken.csv": b"a,b\n1,\"ouvert\n2,3\n",
    "ragged.csv": b"a,b\n1,2,3\n4\n",
}
OPTIONS = [ReadOptions(), ReadOptions(encoding="cp1252"), ReadOptions(encoding="utf-8", delimiter=";")]


def _outcome(path, options):
    try:
        table = read_table(path, options=options)
    except DataError as exc:
        return exc.findings
    return (table.detection, table.findings, table.conversions, table.source_rows,
            {name: table.arrow(name).to_pylist() for name in table.column_names})


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("options", OPTIONS, ids=["detected", "cp1252", "utf-8"])
def test_a_file_read_whole_reads_as_streamed(name, options, tmp_path, monkeypatch):
    path = tmp_path / name
    path.write_bytes(FILES[name])
    whole = _outcome(path, options)
    monkeypatch.setattr(sniff, "WHOLE_FILE_BYTES", -1)
    assert whole == _outcome(path, options)
