"""The inputs' fingerprint: its file walk, and the hashes it hands to the read stage."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from portalgen import pipeline
from portalgen.fingerprint import FileHashes, _files, build_fingerprint
from portalgen.pipeline import read_site

from .helpers import write_site


def _pathlib_files(root: Path, skip: set[Path]) -> list[tuple[str, str]]:
    """What the walk gave with pathlib's paths (str() and relative_to().as_posix()) before strings."""
    found = []
    for directory, folders, files in os.walk(root):
        here = Path(directory)
        folders[:] = sorted(f for f in folders if not f.startswith(".") and (here / f).resolve() not in skip
                            and f != "__pycache__")
        for name in sorted(files):
            if not name.startswith("."):
                found.append((str(here / name), (here / name).relative_to(root).as_posix()))
    return found


def test_the_walk_gives_what_pathlib_gave(tmp_path: Path) -> None:
    root = tmp_path / "site"
    for name in ("portal.yml", ".hidden", "data/é tè (1).csv", "data/sous/dossier/<b>.csv", "datasets/a.yml",
                 "_site/index.html", ".portalgen-cache/x", "__pycache__/x.pyc", "data/.secret", "z/é/ü.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(name, encoding="utf-8")
    skip = {(root / "_site").resolve()}
    for walked in (root, root / "data", root / "z"):
        assert list(_files(walked, skip)) == _pathlib_files(walked, skip)
    assert ("_site/index.html" not in {relative for _, relative in _files(root, skip)})


def _fingerprint(site: Path, hashes: FileHashes | None = None) -> str:
    return build_fingerprint(site, site / "_site", site / ".portalgen-cache", [], {"x": 1}, hashes)


def test_the_files_the_fingerprint_reads_are_not_read_again(tmp_path: Path, monkeypatch) -> None:
    site = write_site(tmp_path / "site")
    hashes = FileHashes()
    first = _fingerprint(site, hashes)
    read_now = []
    monkeypatch.setattr("portalgen.fingerprint.sha256_file", lambda path: read_now.append(path) or "x")
    shared, _ = read_site(site, hashes=hashes)
    assert read_now == []
    monkeypatch.undo()
    alone, _ = read_site(site)
    assert shared == alone
    files = [r.source_file for d in alone.datasets for r in d.resources if r.source_file]
    assert files and all(f.sha256 == hashlib.sha256(f.source.read_bytes()).hexdigest() for f in files)
    assert _fingerprint(site) == first


def test_only_hashes_of_content_read_in_this_build_are_given(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    _fingerprint(site)  # remembers every file's hash in the cache folder
    again = FileHashes()
    _fingerprint(site, again)
    data_file = next((site / "data").iterdir()).resolve()
    assert again.sha256(data_file, data_file.stat()) == hashlib.sha256(data_file.read_bytes()).hexdigest()
    assert again._read == {}  # remembered hashes are not handed on: the read stage reads those files


def test_a_file_changed_after_the_fingerprint_is_read_again(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    data_file = (site / "data" / "subventions.csv").resolve()
    original = data_file.read_bytes()
    for edited, later in ((original + b"Harmonie,20\n", 0), (original.replace(b"1500", b"1600"), 1)):
        data_file.write_bytes(original)
        hashes = FileHashes()
        _fingerprint(site, hashes)
        before = data_file.stat()
        data_file.write_bytes(edited)  # another size at the same time, or the same size a nanosecond later
        os.utime(data_file, ns=(before.st_atime_ns, before.st_mtime_ns + later))
        assert hashes.sha256(data_file, data_file.stat()) == hashlib.sha256(edited).hexdigest()
        (site / ".portalgen-cache" / "file-hashes.json").unlink()


def test_a_build_reads_each_data_file_once(tmp_path: Path, monkeypatch) -> None:
    site = write_site(tmp_path / "site")
    read = []
    real = pipeline.FileHashes.sha256

    def counted(self, path, status):
        read.append(str(path) not in self._read)
        return real(self, path, status)
    monkeypatch.setattr(pipeline.FileHashes, "sha256", counted)
    report = pipeline.build(site, tmp_path / "out")
    assert not report.failed() and read and not any(read)


def test_the_fingerprint_made_in_a_forked_process_is_the_one_made_here(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"data/é (2).csv": "a,b\n1,2\n", "news/x.md": "---\ntitle: x\n---\n"})
    made = {}
    for forked in (True, False):
        (site / ".portalgen-cache" / "file-hashes.json").unlink(missing_ok=True)
        fingerprint, hashes = pipeline._fingerprint_and_hashes(site, tmp_path / "out", True, "https://x.example/",
                                                               "extra", while_importing=forked)
        made[forked] = fingerprint, hashes._read
    assert made[True] == made[False] and made[True][0] and made[True][1]


def test_the_stages_are_imported_while_fingerprinting_only_when_the_build_is_sure(tmp_path: Path,
                                                                                  monkeypatch) -> None:
    site = write_site(tmp_path / "site")
    imported = []
    real = pipeline._import_stages
    monkeypatch.setattr(pipeline, "_import_stages", lambda: imported.append(1) or real())
    assert pipeline.build(site, tmp_path / "out").written and imported == [1]
    assert pipeline.build(site, tmp_path / "out").up_to_date and imported == [1]  # nothing imported to know it
    assert pipeline.build(site, tmp_path / "out", shortcut=False).written and imported == [1, 1]
