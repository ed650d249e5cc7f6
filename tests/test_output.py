"""The atomic write of the output plan, serial and with two writer processes."""

from __future__ import annotations

import pytest

from portalgen import output
from portalgen.output import OutputPlan, write_site


def _plan(tmp_path, count: int) -> OutputPlan:
    plan = OutputPlan()
    source = tmp_path / "cached.csv"
    source.write_bytes(b"a;b\n1;2\n")
    for number in range(count):
        plan.add(f"datasets/d{number:04d}/index.html", f"<p>page {number}</p>", f"dataset {number}")
        plan.add(f"datasets/d{number:04d}/data.csv", source, f"dataset {number}")
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
    assert len(_tree(tmp_path / "parallel")) == 122


def test_a_failure_in_the_second_writer_is_reported_and_keeps_the_previous_site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    out = tmp_path / "out"
    write_site(_plan(tmp_path, 3), out, site, marker="old")
    before = _tree(out)
    monkeypatch.setattr(output, "PARALLEL_WRITE_FROM", 10)
    plan = _plan(tmp_path, 60)
    names = sorted(plan.files)
    plan.files[names[1]] = tmp_path / "vanished.csv"  # written by the second process (odd positions)
    with pytest.raises(FileNotFoundError):
        write_site(plan, out, site, marker="new")
    assert _tree(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
