"""The zip writer of small workbooks gives the bytes zipfile gives."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import pytest

from portalgen.filesource import WorkFolder
from portalgen.tabular import zipwriter


def _zipfile_bytes(entries, date_time):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, pieces, level in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            if level is not None:
                target.writestr(info, b"".join(pieces), compresslevel=level)
            else:
                with target.open(info, "w") as handle:
                    for piece in pieces:
                        handle.write(piece)
    return buffer.getvalue()


def _ours(entries, date_time):
    return zipwriter.zip_bytes([(name, zipwriter.deflate(b"".join(pieces), level) if level is not None
                                 else zipwriter.deflate_pieces(pieces)) for name, pieces, level in entries], date_time)


CONTENTS = [
    [b""], [b"<xml/>"], [b"a" * 100_000], [os.urandom(5000)], [b"<row>", b"", b"x" * 70_000, b"</row>"],
    [("é" * 3000).encode("utf-8"), memoryview(b"0123456789" * 500)],
]


@pytest.mark.parametrize("date_time", [(1980, 1, 1, 0, 0, 0), (2024, 2, 29, 23, 59, 59), (2107, 12, 31, 12, 3, 7)])
def test_archives_equal_zipfile_ones(date_time):
    entries = [(f"dir/part{i}.xml", pieces, level)
               for i, pieces in enumerate(CONTENTS) for level in (6, None)]
    entries = [(f"{name}.{n}", pieces, level) for n, (name, pieces, level) in enumerate(entries)]
    assert _ours(entries, date_time) == _zipfile_bytes(entries, date_time)
    assert _ours([], date_time) == _zipfile_bytes([], date_time)


def test_workbooks_of_small_tables_equal_the_zipfile_ones(tmp_path, monkeypatch):
    from portalgen.tabular import convert

    from test_tab_small_columns import _odd_tables, _table

    tables = [_table(columns) for columns in _odd_tables()]
    stamps = [dt.datetime(2024, 5, 6, 7, 8, 9), dt.datetime(1970, 1, 1), dt.datetime(2031, 12, 31, 23, 59, 59)]
    small = []
    for n, table in enumerate(tables):
        for m, stamp in enumerate(stamps):
            convert.write_xlsx(table, WorkFolder(tmp_path), f"s{n}-{m}.xlsx", stamp)
            small.append((tmp_path / f"s{n}-{m}.xlsx").read_bytes())
    monkeypatch.setattr(convert, "SMALL_TABLE_ROWS", -1)
    for n, table in enumerate(tables):
        for m, stamp in enumerate(stamps):
            convert.write_xlsx(table, WorkFolder(tmp_path), f"g{n}-{m}.xlsx", stamp)
            assert small.pop(0) == (tmp_path / f"g{n}-{m}.xlsx").read_bytes(), (n, m)


@pytest.mark.parametrize("date_time", [(1980, 1, 1, 0, 0, 0), (2024, 2, 29, 23, 59, 59)])
def test_a_frame_gives_the_archive_zip_bytes_gives(date_time):
    constant = [(f"part{i}.xml", zipwriter.deflate(b"".join(pieces), 6)) for i, pieces in enumerate(CONTENTS)]
    varying = [zipwriter.deflate_pieces(pieces) for pieces in CONTENTS]
    for position in range(len(constant) + 1):
        before, after = constant[:position], constant[position:]
        frame = zipwriter.ArchiveFrame([*before, ("xl/sheet.xml", None), *after], date_time)
        for entry in varying:
            assert frame.archive(entry) == zipwriter.zip_bytes([*before, ("xl/sheet.xml", entry), *after], date_time)
    alone = zipwriter.ArchiveFrame([("only.xml", None)], date_time)
    assert alone.archive(varying[0]) == zipwriter.zip_bytes([("only.xml", varying[0])], date_time)
