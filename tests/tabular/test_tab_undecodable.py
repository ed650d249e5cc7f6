"""Text files that cannot be decoded: a clear DataError naming file and line, never a traceback.

A real user's CSV started with the bytes FF FE 00 (a UTF-16 byte-order mark) then garbage: the
build ended with a UnicodeDecodeError from the reader. These are that file and its siblings.
"""

from __future__ import annotations

import codecs

import pytest

from portalgen.cli import main
from portalgen.errors import DataError
from portalgen.tabular import ReadOptions, read_table
from tests.helpers import tree_bytes, write_site

UTF16_GARBAGE = b"\xff\xfe\x00garbage,abc\n1,2\n"
TEXT_THEN_BINARY = b"a;b\n" + "x;\xe9t\xe9\n".encode("cp1252") * 3000 + bytes(range(256)) * 8

#: name → (bytes, code, start of the message)
BAD_FILES = {
    "utf16-bom-garbage": (UTF16_GARBAGE, "data.bad_encoding",
                          "the file starts with a UTF-16 byte-order mark, but line 1 cannot be read as UTF-16"),
    "utf16-odd-length": (b"\xff\xfea\x00,\x00b\x00\n\x001", "data.bad_encoding",
                         "the file starts with a UTF-16 byte-order mark, but line 2 cannot be read as UTF-16"),
    "utf16be-lone-surrogate": (b"\xfe\xff\xd8\x00\x00a\x00\n", "data.bad_encoding",
                               "the file starts with a UTF-16 byte-order mark, but line 1 cannot be read"),
    "utf32-le": ("a,b\n1,2\n".encode("utf-32"), "data.bad_encoding", "the file is UTF-32 text"),
    "utf32-be": (codecs.BOM_UTF32_BE + "a,b\n1,2\n".encode("utf-32-be"), "data.bad_encoding",
                 "the file is UTF-32 text"),
    "nul-in-cp1252-after-the-head": (("a;b\n" + "x;\xe9\n" * 3000).encode("cp1252") + b"\x00\x00;x\n",
                                     "data.binary_file", "line 3002 holds binary data (a NUL byte)"),
    "binary-after-text": (TEXT_THEN_BINARY, "data.binary_file", "line 3002 holds binary data (a NUL byte)"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_undecodable_text_is_a_data_error(name, write_bytes):
    data, code, message = BAD_FILES[name]
    path = write_bytes("data.csv", data)
    with pytest.raises(DataError) as caught:
        read_table(path)
    finding = caught.value.findings[0]
    assert finding.code == code
    assert finding.message.startswith(message)
    assert finding.where.file == str(path)
    assert finding.hint.startswith("export the data again as") or "CSV UTF-8" in finding.hint


def test_undecodable_json_is_a_data_error(write_bytes):
    path = write_bytes("data.json", b"\xff\xfe[\x00{\x00\xd8")
    with pytest.raises(DataError) as caught:
        read_table(path)
    assert caught.value.findings[0].code == "data.bad_encoding"


def test_json_with_a_wrong_encoding_setting_is_a_data_error(write_bytes):
    path = write_bytes("data.json", '[{"a": "é"}]'.encode("cp1252"))
    with pytest.raises(DataError) as caught:
        read_table(path, options=ReadOptions(encoding="utf-8"))
    assert caught.value.findings[0].message == "line 1 cannot be read as UTF-8"


@pytest.mark.parametrize("data, expected", [
    ("a,b\n1,é\n".encode("utf-16"), ["1", "é"]),
    ("a,b\n1,é\n".encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]), ["1", "é"]),
    ("a;b\n1;é\n".encode("cp1252"), ["1", "é"]),
])
def test_good_files_with_the_same_starts_still_read(data, expected, write_bytes):
    table = read_table(write_bytes("data.csv", data))
    assert [table.values(name)[0] for name in table.column_names] == expected


def test_build_with_an_undecodable_csv_reports_it_and_keeps_the_last_good_site(tmp_path, capsys):
    site = write_site(tmp_path / "site")
    out = tmp_path / "out"
    assert main(["build", str(site), "-o", str(out)]) == 0
    before = tree_bytes(out)
    capsys.readouterr()
    (site / "data" / "subventions.csv").write_bytes(UTF16_GARBAGE)
    assert main(["build", str(site), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "UnicodeDecodeError" not in err
    assert "subventions.csv" in err
    assert "the file starts with a UTF-16 byte-order mark, but line 1 cannot be read as UTF-16" in err
    assert "Hint: export the data again as 'CSV UTF-8'" in err
    assert tree_bytes(out) == before
