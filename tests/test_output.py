"""The atomic write of the output plan, serial and with two writer processes."""

from __future__ import annotations

import shutil

import pytest

from portalgen import filesource, output
from portalgen.filesource import StoredPart
from portalgen.output import OutputPlan, write_site


def _plan(tmp_path, count: int) -> OutputPlan:
    plan = OutputPlan()
    source = tmp_path / "cached.csv"
    source.write_bytes(b"a;b\n1;2\n")
    for number in range(count):
        plan.add(f"datasets/d{number:04d}/index.html", f"<p>page {number}</p>", f"dataset {number}")
        plan.add(f"datasets/d{number:04d}/data.csv", source, f"dataset {number}")
        plan.add(f"datasets/d{number:04d}/source/data.csv", source, f"dataset {number}")
    for number in range(7):
        plan.add(f"themes/t{number}/index.html", f"<p>thème {number}</p>", f"theme {number}")
    plan.add("datasets/index.html", "<p>catalogue</p>", "catalogue")
    plan.add("index.html", "<p>accueil</p>", "home")
    return plan


def _built_once(tmp_path, count: int):
    """A site folder and the output of a first build of :func:`_plan` (``count`` datasets) into ``out``."""
    site = tmp_path / "site"
    site.mkdir()
    write_site(_plan(tmp_path, count), tmp_path / "out", site, marker="old")
    return site, tmp_path / "out"


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_writer_processes_write_the_same_site_as_one(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    plan = _plan(tmp_path, 60)
    serial = write_site(plan, tmp_path / "serial", site, marker="abc")
    monkeypatch.setattr(output, "PARALLEL_WRITE_FROM", 10)
    parallel = write_site(plan, tmp_path / "parallel", site, marker="abc")
    assert serial == parallel == sum(len(b) for b in _tree(tmp_path / "serial").values()) - len(
        (tmp_path / "serial" / output.MARKER).read_bytes())
    assert _tree(tmp_path / "serial") == _tree(tmp_path / "parallel")
    assert len(_tree(tmp_path / "parallel")) == 60 * 3 + 7 + 2 + 1


def test_the_two_writers_shares_cover_every_file_once_and_make_disjoint_folders():
    names = sorted(["index.html", "a/index.html", "a/x/index.html", "a/x/source/f.csv", "a/y/index.html",
                    "a/y/deep/er/f.csv", "b/z/f", "b/f", "c/w/v/u/t", "d/e"])
    tops, first, second = output._shares(names)
    assert tops == ["a", "b", "c", "d"]
    assert sorted(first + second) == names and first == sorted(first) and second == sorted(second)
    first_folders, second_folders = (set(output._folders(share)) - set(tops) for share in (first, second))
    assert first_folders and second_folders and not first_folders & second_folders


def test_a_failure_in_the_second_writer_is_reported_and_keeps_the_previous_site(tmp_path, monkeypatch):
    site, out = _built_once(tmp_path, 3)
    before = _tree(out)
    monkeypatch.setattr(output, "PARALLEL_WRITE_FROM", 10)
    plan = _plan(tmp_path, 60)
    second_share = output._shares(sorted(plan.files))[2]
    plan.files[second_share[0]] = tmp_path / "vanished.csv"  # written by the second process
    with pytest.raises(FileNotFoundError):
        write_site(plan, out, site, marker="new")
    assert _tree(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


@pytest.mark.parametrize("sendfile", [True, False])
def test_the_lean_writer_writes_what_shutil_and_write_bytes_write(tmp_path, monkeypatch, sendfile):
    """_write_share uses bare system calls; the general way (pathlib's write_bytes, shutil.copyfile) gives the
    same files, folders and byte count, for empty, big and unicode-named files, deep folders, both copy ways,
    and parts of a packed cache entry (StoredPart: at its start, in the middle, empty, at its end)."""
    monkeypatch.setattr(filesource, "_SENDFILE", sendfile)
    sources = {"empty.csv": b"", "small.csv": "é;\u00a0;<script>\n".encode(), "big.bin": bytes(range(256)) * 20_000}
    for name, data in sources.items():
        (tmp_path / name).write_bytes(data)
    pack = tmp_path / "entry.pack"
    pack.write_bytes(b"head" + sources["small.csv"] + sources["big.bin"] + b"tail")
    small, big = len(sources["small.csv"]), len(sources["big.bin"])
    parts = {"p/debut.bin": StoredPart(pack, 0, 4), "p/milieu.csv": StoredPart(pack, 4, small),
             "p/gros.bin": StoredPart(pack, 4 + small, big), "p/vide.csv": StoredPart(pack, 4 + small, 0),
             "p/fin.txt": StoredPart(pack, 4 + small + big, 4)}
    files = {"index.html": b"<p>accueil</p>", "vide.txt": b"", "a/b/c/d/profond.html": "ü\r\n".encode("utf-8"),
             "données/été 2024/fichier é.csv": tmp_path / "small.csv", "a/vide.csv": tmp_path / "empty.csv",
             "a/b/gros.bin": tmp_path / "big.bin", "a-b/x.html": b"x" * 70_000, "a.b/y": b"y", **parts}
    lean, general = tmp_path / "lean", tmp_path / "general"
    lean.mkdir()
    total = output._write_files(files, lean)
    for name, content in files.items():
        target = general / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif isinstance(content, StoredPart):
            target.write_bytes(pack.read_bytes()[content.offset:content.offset + content.size])
        else:
            shutil.copyfile(content, target)
    assert _tree(lean) == _tree(general)
    assert _tree(lean)["p/milieu.csv"] == sources["small.csv"] and _tree(lean)["p/gros.bin"] == sources["big.bin"]
    assert all(_tree(lean)[name] == part.read_bytes() for name, part in parts.items())
    assert sorted(p.relative_to(lean).as_posix() for p in lean.rglob("*") if p.is_dir()) == sorted(
        p.relative_to(general).as_posix() for p in general.rglob("*") if p.is_dir())
    assert total == sum(len(b) for b in _tree(general).values())


def _inodes(root):
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("parallel", [False, True])
def test_a_rebuild_links_the_unchanged_files_of_the_previous_site_and_writes_the_others(tmp_path, monkeypatch,
                                                                                        parallel):
    if parallel:
        monkeypatch.setattr(output, "PARALLEL_WRITE_FROM", 10)
    site, out = _built_once(tmp_path, 30)
    before = _inodes(out)
    plan = _plan(tmp_path, 30)
    plan.files["datasets/d0003/index.html"] = "<p>page 3, changée</p>".encode()
    plan.files["datasets/d0004/index.html"] = b"<p>page 4</p>!"      # one byte more
    plan.files["datasets/d0005/index.html"] = b"<p>page X</p>"       # same size, other bytes
    plan.add("datasets/d0100/index.html", "<p>nouvelle</p>", "dataset 100")
    del plan.files["datasets/d0006/index.html"]
    fresh = write_site(plan, tmp_path / "fresh", site, marker="new")
    assert write_site(plan, out, site, marker="new") == fresh
    assert _tree(out) == _tree(tmp_path / "fresh")
    after = _inodes(out)
    changed = {"datasets/d0003/index.html", "datasets/d0004/index.html", "datasets/d0005/index.html",
               "datasets/d0100/index.html", output.MARKER}
    assert {name for name in after if after[name] != before.get(name)} == changed


def test_a_previous_file_edited_by_hand_or_made_a_symbolic_link_is_replaced_not_kept(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    out = tmp_path / "out"
    plan = _plan(tmp_path, 3)
    write_site(plan, out, site, marker="old")
    (out / "datasets/d0000/index.html").write_text("<p>page 9</p>")          # same size, edited
    outside = tmp_path / "outside.html"
    outside.write_bytes(plan.files["datasets/d0001/index.html"])            # the very bytes, elsewhere
    (out / "datasets/d0001/index.html").unlink()
    (out / "datasets/d0001/index.html").symlink_to(outside)
    write_site(plan, out, site, marker="new")
    page = out / "datasets/d0001/index.html"
    assert not page.is_symlink() and page.stat().st_ino != outside.stat().st_ino
    assert (out / "datasets/d0000/index.html").read_text() == "<p>page 0</p>"
    write_site(plan, tmp_path / "fresh", site, marker="new")
    assert _tree(out) == _tree(tmp_path / "fresh")


def test_where_links_cannot_be_made_the_unchanged_files_are_written(tmp_path, monkeypatch):
    site, out = _built_once(tmp_path, 3)
    before = _inodes(out)

    def no_links(*args, **kwargs):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(output.os, "link", no_links)
    write_site(_plan(tmp_path, 3), out, site, marker="new")
    write_site(_plan(tmp_path, 3), tmp_path / "fresh", site, marker="new")
    assert _tree(out) == _tree(tmp_path / "fresh")
    assert not set(before.values()) & set(_inodes(out).values())


@pytest.mark.parametrize("size", [0, 5, filesource.COMPARE_CHUNK, 2 * filesource.COMPARE_CHUNK + 3])
def test_holds_exactly_compares_every_byte_of_every_kind_of_content(tmp_path, size):
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path = tmp_path / "file"
    path.write_bytes(data)
    pack = tmp_path / "pack"
    pack.write_bytes(b"head" + data + b"tail")
    same = [data, path, StoredPart(pack, 4, size)]
    assert all(filesource.holds_exactly(str(path), content) for content in same)
    if size:
        other = data[:-1] + bytes([data[-1] ^ 1])
        (tmp_path / "other").write_bytes(other)
        for content in (other, tmp_path / "other", StoredPart(pack, 3, size), data + b"x"):
            assert not filesource.holds_exactly(str(path), content)
    assert not filesource.holds_exactly(str(tmp_path / "missing"), data)
    assert not filesource.holds_exactly(str(tmp_path), data)  # a folder


def test_a_big_replaced_site_is_removed_by_a_detached_process_with_leftovers_of_earlier_builds(tmp_path, monkeypatch):
    import time
    monkeypatch.setattr(output, "PARALLEL_WRITE_FROM", 10)
    site, out = _built_once(tmp_path, 30)
    leftover = tmp_path / ".out.old-999999999"  # a build stopped before removing the site it replaced
    (leftover / "datasets").mkdir(parents=True)
    (leftover / "datasets/index.html").write_text("ancien")
    plan = _plan(tmp_path, 40)
    write_site(plan, out, site, marker="new")
    write_site(plan, tmp_path / "fresh", site, marker="new")
    assert _tree(out) == _tree(tmp_path / "fresh")
    deadline = time.monotonic() + 30
    while [p for p in tmp_path.iterdir() if p.name.startswith(".out.")] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


@pytest.mark.parametrize("path", [
    "index.html", "datasets/d0001/index.html", "datasets/été/données.csv", "a b/c<script>.html", "a..b/..c/d..",
    ".hidden/.x", "a/b/", "a//b", "./a", "a/./b", "a/.", "", ".", "/", "/a/b", "//a", "a/../b", "..", "../a",
    "a/..", "a\\..\\b", "…/ü", "a/b c/%2e%2e",
])
def test_output_key_is_what_pure_posix_path_gives(path):
    from pathlib import PurePosixPath

    from portalgen.output import output_key

    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts:
        with pytest.raises(ValueError):
            output_key(path)
    else:
        assert output_key(path) == pure.as_posix()
