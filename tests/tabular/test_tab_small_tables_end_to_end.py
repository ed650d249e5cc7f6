"""A small file read, normalised, profiled and published through the small-table shortcuts gives what the
general path gives: every shortcut is switched off at once and the results compared. Byte for byte, except
the Parquet file, written with other options for a small table (see convert.write_parquet): its typed
rows are compared."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib

import pyarrow.parquet as pq
import pytest

from portalgen import tabular

#: Odd files: empty cells and rows, nulls, unicode, decimal commas and thousands, dates of several
#: families, booleans, long texts, HTML injection, codes, mostly-numeric and mostly-date columns.
FILES = {
    "mixed.csv": ("nom;valeur;date;note;vide\nAlpha;1,5;31/12/2024;<script>alert(1)</script>;\n"
                  "Bêta;2 000,25;01/01/2025;  espaces  ;\n;;;;\nGamma;-3;2025-02-03;\"long \"\"texte\"\" avec ; et\n"
                  "retour à la ligne\";\nDelta;NA;n/a;Œuvre &amp; ça € ✓ 日本;\nEpsilon;1e3;;x;\n"),
    "codes.csv": ("code,montant,ok,pourcentage,heure\n01234,1000000000000000000000,oui,12 %,08:30\n"
                  "00001,0.1,non,5%,23:59\n,,,,\n99999,12.3456789,vrai,100 %,00:00\nABC,7,faux,,12:00\n"),
    "geo.csv": "latitude,longitude,nom,altitude\n47.48,1.58,Point A,100\n47.49,1.59,Point B,\n,,Sans,12\n"
               "47.5,1.6,\"Point, C\",1 234\n",
    "dates.tsv": ("id\tlibellé\tdate_maj\tvaleur\tjour\n1\tÉté\t2024-06-01T10:00:00\t0\t31/12/24\n"
                  "2\tHiver\t2024-12-01T10:00:00\t-0\t01/01/99\n3\t\t\t\t\n"
                  "4\t=1+1\t2024-01-01 08:00:00\t3.0\t29/02/23\n"),
    "nombres.csv": ("Année;Commune;Population;Taux;Signe;Zéro\n2020;Saint-Aubin;4 012;12,5;+3;0,0\n"
                    "2021;Saint-Aubin;4 020;12,75;-2;-0,0\n2022;Saint-Aubin;4 031;;+1,5;0\n"
                    "2023;Saint-Aubin;4 050;13;7;1\n"),
    "mostly.csv": "n,d\n1,01/02/2024\n2,03/02/2024\n3,05/02/2024\n4,07/02/2024\nNC,31/02/2024\n5,09/02/2024\n"
                  "6,10/02/2024\n7,11/02/2024\n8,12/02/2024\n9,13/02/2024\n",
    "anciens.csv": ("naissance,releve,jour\n01/01/0005,1969-12-31 23:59:59,0001-01-01\n31/12/1899,"
                    "0999-06-15T00:00:01,1969-12-31\n,1970-01-01 00:00:00,\n29/02/1600,9999-12-31 23:59:59,"
                    "9999-12-31\n"),
    "une.csv": "seule\nx\n\n\"\"\ny\n",
    "vide.csv": "a,b\n",
}
SHORTCUTS = [("portalgen.tabular.textmatch", "SMALL_COLUMN"), ("portalgen.tabular.values", "SMALL_COLUMN"),
             ("portalgen.tabular.read", "SMALL_COLUMN"), ("portalgen.tabular.detect", "SMALL_COLUMN"),
             ("portalgen.tabular.normalise", "SMALL_COLUMN"), ("portalgen.tabular.profile", "SMALL_COLUMN"),
             ("portalgen.tabular.convert", "SMALL_TABLE_ROWS")]


def _everything(path, out):
    table = tabular.read_table(path)
    normalised = tabular.normalise(table)
    downloads = tabular.write_downloads(normalised, out, "t", timestamp=dt.datetime(2024, 5, 6, 7, 8, 9))
    files = {d.name: (out / d.name).read_bytes() for d in downloads}
    assert [d.size for d in downloads] == [len(files[d.name]) for d in downloads]
    parquet = pq.read_table(out / "t.parquet")
    files["t.parquet"] = (parquet.schema, parquet.to_pylist())
    downloads = [dataclasses.replace(d, size=0, sha256="") if d.format == "Parquet" else d for d in downloads]
    arrays = {name: (normalised.arrow(name).type, normalised.arrow(name).to_pylist())
              for name in normalised.column_names}
    return (table.detection, table.findings, table.conversions, table.source_rows,
            normalised.columns, normalised.findings, normalised.conversions, normalised.point_columns, arrays,
            tabular.profile(normalised), tabular.preview(normalised), tabular.default_figures(normalised),
            downloads, files)


@pytest.mark.parametrize("name", FILES)
def test_small_tables_give_what_the_general_path_gives(name, tmp_path, monkeypatch):
    path = tmp_path / name
    path.write_bytes(FILES[name].encode("cp1252" if name == "nombres.csv" else "utf-8"))
    (tmp_path / "small").mkdir()
    (tmp_path / "general").mkdir()
    small = _everything(path, tmp_path / "small")
    for module, constant in SHORTCUTS:
        monkeypatch.setattr(importlib.import_module(module), constant, -1)
    assert small == _everything(path, tmp_path / "general")
