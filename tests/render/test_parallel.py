"""Dataset pages rendered by forked workers: the same output plan, byte for byte, as the serial render."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import jinja2
import pytest

from portalgen.enrich import enrich_site
from portalgen.output import OutputPlan
from portalgen.pipeline import read_site
from portalgen.render import pages, parallel
from portalgen.theme import load_theme

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import bench_build  # noqa: E402

pytestmark = pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(),
                                reason="no fork on this platform")


@pytest.fixture(scope="module")
def enriched(tmp_path_factory):
    """A bench site of 30 datasets (a tenth with coordinates), read and enriched once."""
    root = tmp_path_factory.mktemp("parallel") / "site"
    bench_build.write_site(root, 30, 8)
    site, findings = read_site(root)
    site, findings = enrich_site(site, cache_dir=root / ".portalgen-cache")
    theme = load_theme(site.config.theme, site.root, site.config.key_locations.get("theme"))
    return site, theme


def render(site, theme, monkeypatch, *, workers: bool) -> OutputPlan:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2 if workers else 10**9)
    monkeypatch.setattr(parallel, "CHUNK", 4)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    plan = OutputPlan()
    pages.render_site(site, theme, plan)
    return plan


def test_parallel_render_gives_the_serial_plan(enriched, monkeypatch):
    site, theme = enriched
    serial = render(site, theme, monkeypatch, workers=False)
    forked = render(site, theme, monkeypatch, workers=True)
    assert list(forked.files) == list(serial.files)          # same order: the metadata files depend on it
    assert forked.files == serial.files
    assert forked.owners == serial.owners
    assert forked.findings == serial.findings


def test_workers_are_used_on_big_sites(enriched, monkeypatch, tmp_path):
    site, theme = enriched
    log = tmp_path / "pids"
    real = pages.dataset_page

    def spy(r, dataset):
        with log.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return real(r, dataset)

    monkeypatch.setattr(pages, "dataset_page", spy)
    render(site, theme, monkeypatch, workers=True)
    pids = log.read_text().split()
    assert len(pids) == len(site.datasets)                 # each page rendered once
    assert pids[0] == str(os.getpid())                     # the first one before forking (compiles the templates)
    assert len(set(pids) - {str(os.getpid())}) == parallel.WORKERS


def test_a_page_a_worker_cannot_render_gives_the_serial_error(enriched, monkeypatch):
    site, theme = enriched
    broken = site.datasets[17].id
    real = pages.dataset_page

    def failing(r, dataset):
        if dataset.id == broken:
            raise jinja2.UndefinedError(f"'nothing' is undefined in {dataset.id}")
        return real(r, dataset)

    monkeypatch.setattr(pages, "dataset_page", failing)
    errors = []
    for workers in (False, True):
        with pytest.raises(jinja2.UndefinedError) as exc:
            render(site, theme, monkeypatch, workers=workers)
        errors.append(str(exc.value))
    assert errors[0] == errors[1] == f"'nothing' is undefined in {broken}"


def test_a_worker_that_dies_leaves_its_pages_to_the_build_process(enriched, monkeypatch):
    site, theme = enriched
    serial = render(site, theme, monkeypatch, workers=False)
    parent = os.getpid()
    real = pages.dataset_page

    def dying(r, dataset):
        if os.getpid() != parent and dataset.id == site.datasets[9].id:
            os._exit(3)  # as if killed
        return real(r, dataset)

    monkeypatch.setattr(pages, "dataset_page", dying)
    forked = render(site, theme, monkeypatch, workers=True)
    assert list(forked.files) == list(serial.files)
    assert forked.files == serial.files


def test_small_sites_and_workers_render_in_process():
    assert not parallel.worth_parallel(parallel.PARALLEL_FROM - 1)


def test_the_search_index_is_made_once_while_the_workers_render(enriched, monkeypatch):
    site, theme = enriched
    events = []
    real_index, real_add = pages.search_index_files, pages.render_dataset

    def index(r):
        events.append("index")
        return real_index(r)

    def add(r, dataset, page=None):
        events.append("page")
        return real_add(r, dataset, page)

    monkeypatch.setattr(pages, "search_index_files", index)
    monkeypatch.setattr(pages, "render_dataset", add)
    plan = render(site, theme, monkeypatch, workers=True)
    assert events == ["index"] + ["page"] * len(site.datasets)   # before the workers' pages are collected
    assert any(path.startswith("search/") for path in plan.files)
