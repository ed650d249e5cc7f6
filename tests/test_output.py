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
    site = tmp_path / "site"
    site.mkdir()
    out = tmp_path / "out"
    write_site(_plan(tmp_path, 3), out, site, marker="old")
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
