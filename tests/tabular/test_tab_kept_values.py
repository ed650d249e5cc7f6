"""The Python values normalise hands on (NormalisedTable.keep_values) are exactly python_list of the
column's array: same values, same Python types (int, float and its sign, str, None), on odd inputs."""

from __future__ import annotations

import math

import pytest

from portalgen.tabular import ReadOptions, normalise, read_table
from portalgen.tabular.model import python_list

ODD_FILES = {
    "cp1252-commas.csv": ("id;nom;montant;part;date\n" + "".join(
        f"{i};Élève {i} «é»;{i + 1} 234,5{i % 3};{'' if i % 4 else '-0,0'};{i % 28 + 1:02d}/0{i % 9 + 1}/2024\n"
        for i in range(20))).encode("cp1252"),
    "utf8-mixed.csv": ("n,x,texte,quand,grand\n" + "".join(
        f'{i},{"" if i % 3 == 0 else round(-i / 7, 3)},"<script>alert({i})</script>\nsuite ✓",'
        f'{"2024-01-%02d" % (i + 1) if i % 5 else ""},{10 ** 17 + i}\n' for i in range(20))).encode("utf-8"),
    "floats.csv": ("a,b,c\n" + "".join(f"{i}.0,{'1e5' if i == 3 else i},{'NULL' if i == 2 else i * 0.1}\n"
                                       for i in range(15))).encode("utf-8"),
    "long-text.csv": ("code;libelle;montant\n" + "".join(
        f"{i:05d};{'mot ' * (i * 30)};{i * 1000} {i:03d}\n" for i in range(1, 20))).encode("utf-8"),
    "header-only.csv": b"a,b,c\n",
    "empty-cells.csv": b"a,b,c\n,,\n1,,\n,2.5,\n",
    "negative-zero.csv": b"x,y\n-0.0,0\n0.0,-0\n1.5,3\n",
}


@pytest.mark.parametrize("name", sorted(ODD_FILES))
def test_kept_values_are_python_list_of_the_arrays(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(ODD_FILES[name])
    data = normalise(read_table(path, options=ReadOptions()))
    for column in data.columns:
        kept = data.values(column.name)
        expected = python_list(data.arrow(column.name))
        assert [type(v) for v in kept] == [type(v) for v in expected], (name, column.name)
        assert [(v, math.copysign(1, v)) if isinstance(v, float) else v for v in kept] == \
               [(v, math.copysign(1, v)) if isinstance(v, float) else v for v in expected], (name, column.name)


READ_FILES = {**ODD_FILES,
              "edge-spaces.csv": "a;b;c\n  x ;\u00a0y\u00a0;\u3000z\n ; \t ;é\u202f\n<b>x</b> &lt<;\u2028;w\n".encode("utf-8")}


@pytest.mark.parametrize("name", sorted(READ_FILES))
def test_read_tables_keep_their_arrays_texts(name, tmp_path):
    """What the data work's privacy scan reads (Table.values) is the text columns' to_pylist."""
    path = tmp_path / name
    path.write_bytes(READ_FILES[name])
    table = read_table(path, options=ReadOptions())
    assert table.row_count <= 20
    for name_ in table.column_names:
        assert table.arrow(name_).type == "string"
        assert name_ in table._values  # kept by the reading, not converted here
        kept = table.values(name_)
        assert kept == table.arrow(name_).to_pylist() and all(type(v) is str for v in kept)
