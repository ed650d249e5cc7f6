"""The forking helpers: shared work gives what one process gives, errors included."""

from __future__ import annotations

import functools
import os

import pytest

from portalgen import workers
from portalgen.config import load


def _shout(item):
    if item == "boom":
        raise ValueError(f"bad item {item}")
    return {"item": item, "upper": str(item).upper(), "pid": os.getpid()}


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr(workers, "cores_to_fork_on", lambda: 2)


def test_forked_shares_give_what_one_process_gives(two_cores):
    items = ["a", "", "é", None, 3, "<script>", "x" * 10_000] * 7
    results = workers.map_forked(_shout, items, parallel_from=2)
    assert [{k: r[k] for k in ("item", "upper")} for r in results] == [
        {k: _shout(i)[k] for k in ("item", "upper")} for i in items]
    assert len({r["pid"] for r in results}) == 2  # really shared


def test_an_error_in_a_forked_share_is_raised_here(two_cores):
    with pytest.raises(ValueError, match="bad item boom"):
        workers.map_forked(_shout, ["a"] * 10 + ["boom"], parallel_from=2)
    with pytest.raises(ValueError, match="bad item boom"):  # in this process's own share
        workers.map_forked(_shout, ["boom"] + ["a"] * 10, parallel_from=2)


def test_few_items_are_not_shared(two_cores):
    assert {r["pid"] for r in workers.map_forked(_shout, ["a", "b"], parallel_from=3)} == {os.getpid()}


def test_dataset_files_read_on_two_cores_are_read_as_on_one(two_cores, tmp_path, monkeypatch):
    """load_site's forked reading of datasets/*.yml gives the same sources and findings, bad files included."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import bench_build
    bench_build.write_site(tmp_path, 30, 3)
    (tmp_path / "datasets" / "jeu-00003.yml").write_text("title: [unclosed\n", encoding="utf-8")
    (tmp_path / "datasets" / "jeu-00017.yml").write_text("titre: Faute de clé\n", encoding="utf-8")
    (tmp_path / "datasets" / "Mauvais_Nom.yml").write_text(bench_build.dataset_yml(40), encoding="utf-8")
    files = sorted((tmp_path / "datasets").iterdir())
    serial = [load.load_dataset_file(tmp_path, path) for path in files]
    shared = workers.map_forked(functools.partial(load.load_dataset_file, tmp_path), files, parallel_from=2)
    assert shared == serial
    assert any(source is None for source, _ in serial) and any(problems for _, problems in serial)
    monkeypatch.setattr(load, "PARALLEL_LOAD_FROM", 2)
    with pytest.raises(Exception) as forked:
        load.load_site(tmp_path)
    monkeypatch.setattr(load, "PARALLEL_LOAD_FROM", 10 ** 9)
    with pytest.raises(Exception) as alone:
        load.load_site(tmp_path)
    assert forked.value.findings == alone.value.findings


@pytest.mark.parametrize("item", ["a", "", "é", None, "<script>", "x" * 200_000])
def test_forked_work_gives_what_it_gives_here(two_cores, item):
    with workers.Forked(functools.partial(_shout, item)) as work:
        result = work.result()
    assert {k: result[k] for k in ("item", "upper")} == {k: _shout(item)[k] for k in ("item", "upper")}
    assert result["pid"] != os.getpid()  # really forked


def test_forked_work_not_forked_runs_here(two_cores):
    assert workers.Forked(functools.partial(_shout, "a"), fork=False).result()["pid"] == os.getpid()


def test_an_error_in_forked_work_is_raised_here(two_cores):
    with pytest.raises(ValueError, match="bad item boom"):
        with workers.Forked(functools.partial(_shout, "boom")) as work:
            work.result()


def test_forked_work_whose_result_is_not_asked_is_waited_for(two_cores):
    with pytest.raises(KeyError):
        with workers.Forked(functools.partial(_shout, "a")) as work:
            raise KeyError("the other work failed")
    assert work._process is None
