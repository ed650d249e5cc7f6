"""Resource paths: the few-system-calls resolution of a plain file gives what the general resolution gives."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from portalgen.errors import Location
from portalgen.read import datasets as read_datasets_module
from portalgen.read.datasets import _resolve_data_file, resolve_data_path


def _site(tmp_path: Path) -> Path:
    """A site whose data/ folder holds plain files, odd names, folders, links and an empty file."""
    site = tmp_path / "site"
    data = site / "data"
    (data / "budget" / "2024").mkdir(parents=True)
    (data / "vide").mkdir()
    for name in ("a.csv", "é tè, (1).csv", "budget/2024/détail.csv", "budget/b.xlsx", "<script>.csv"):
        (data / name).write_text("x,y\n1,2\n", encoding="utf-8")
    (data / "empty.csv").write_bytes(b"")
    outside = tmp_path / "outside.csv"
    outside.write_text("secret\n", encoding="utf-8")
    os.symlink(outside, data / "leak.csv")
    os.symlink(data / "a.csv", data / "link-a.csv")
    os.symlink(data / "budget", data / "link-budget")
    os.symlink(data / "loop", data / "loop")
    (site / "portal.yml").write_text("title: x\n", encoding="utf-8")
    return site


RAW_PATHS = [
    "a.csv", "data/a.csv", "./a.csv", "data/./a.csv", "budget/../a.csv", "budget//b.xlsx", " a.csv ",
    "budget\\2024\\détail.csv", "é tè, (1).csv", "<script>.csv", "budget/2024/détail.csv", "budget",
    "budget/2024", "vide", ".", "data", "data/", "", "  ", "empty.csv", "missing.csv", "a.csv/x",
    "budget/missing/x.csv", "../portal.yml", "data/../portal.yml", "/etc/passwd", "C:/x.csv", "leak.csv",
    "link-a.csv", "link-budget/b.xlsx", "loop", "loop/x", "a.csv\x00.txt", "budget/2024/../b.xlsx",
]


@pytest.mark.parametrize("raw", RAW_PATHS)
def test_plain_file_resolution_equals_the_general_one(tmp_path: Path, monkeypatch, raw: str) -> None:
    site = _site(tmp_path)
    data_root = (site / "data").resolve()
    where = Location("datasets/x.yml", 3, 5)
    fast = _outcome(site, raw, where, data_root)
    monkeypatch.setattr(read_datasets_module, "_plain_file_inside", lambda data_root, normal: None)
    general = _outcome(site, raw, where, data_root)
    if isinstance(general, Exception):  # a NUL in the path: the same error either way
        assert type(fast) is type(general) and str(fast) == str(general)
        return
    assert fast[0] == general[0]
    assert fast[2] == general[2]
    if general[1] is not None:
        assert (fast[1].st_ino, fast[1].st_size, fast[1].st_mode) == (
            general[1].st_ino, general[1].st_size, general[1].st_mode)
    else:
        assert fast[1] is None
    assert resolve_data_path(site, raw, where, "k", data_root=data_root)[0] == general[0]


def _outcome(site: Path, raw: str, where: Location, data_root: Path):
    try:
        return _resolve_data_file(site, raw, where, "resources[0].path", data_root=data_root)
    except ValueError as exc:
        return exc


def test_a_plain_file_takes_the_short_way(tmp_path: Path) -> None:
    site = _site(tmp_path)
    data_root = (site / "data").resolve()
    found = read_datasets_module._plain_file_inside(data_root, "budget/2024/détail.csv")
    assert found is not None and found[0] == (data_root / "budget/2024/détail.csv").resolve()
    for normal in ("link-a.csv", "link-budget/b.xlsx", "empty.csv", "budget", ".", "missing.csv"):
        assert read_datasets_module._plain_file_inside(data_root, normal) is None


@pytest.mark.parametrize("text", ["/etc/passwd", "//server/share", "///x", "a/b.csv", "./a.csv", "", " /a",
                                  "é/ü.csv", "C:/x.csv", "c:x", "data/../x", "\x00/a", "~/a.csv"])
def test_absolute_paths_told_as_pathlib_tells_them(text):
    """The read refuses a path starting with '/' (or a drive): what PurePosixPath's is_absolute() says."""
    from pathlib import PurePosixPath
    assert text.startswith("/") is PurePosixPath(text).is_absolute()
    assert bool(read_datasets_module._DRIVE.match(text)) is bool(re.match(r"^[A-Za-z]:", text))
