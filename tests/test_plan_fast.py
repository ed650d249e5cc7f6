"""The data work's planning takes two shortcuts, each tested equal to the general way it replaces: a resource's
label told from its path's text instead of pathlib's ``relative_to``, and the settings turned into the cache
key's plain values with each type's fields looked up once instead of asking ``dataclasses`` for every value."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from portalgen.enrich import tables
from portalgen.pipeline import read_site

SAMPLE = Path(__file__).resolve().parent.parent / "sample_site"


def _general_plain(value: Any) -> Any:
    """The settings' plain values as the general way makes them: ``dataclasses`` asked for every value."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if dataclasses.is_dataclass(value):
        return {f.name: _general_plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in ("where", "key_locations")}
    if isinstance(value, (tuple, list)):
        return [_general_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _general_plain(v) for k, v in sorted(value.items())}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize("path", ["a.csv", "sous dossier/été 2024.csv", "x/y/z/<b>n</b>.csv", "ü/ß/日本.tsv",
                                  "a..b/c.csv", ".hidden/x.csv", "data/data.csv"])
def test_label_from_the_path_text_is_relative_to(tmp_path, path):
    data_root = (tmp_path / "data").resolve()
    inside = os.path.join(str(data_root), "")
    for candidate in (data_root / path, Path(f"{data_root}/./{path}"), Path(f"{data_root}//{path}")):
        assert tables._data_label(candidate, data_root, inside) == f"data/{candidate.relative_to(data_root).as_posix()}"


@pytest.mark.parametrize("outside", ["/elsewhere/a.csv", "data-other/a.csv", "data"])
def test_label_of_a_path_outside_the_data_folder_fails_as_relative_to(tmp_path, outside):
    data_root = (tmp_path / "data").resolve()
    path = tmp_path / outside
    if outside != "data":  # the data folder itself is relative to itself ("."): both give "data/."
        with pytest.raises(ValueError):
            path.relative_to(data_root)
        with pytest.raises(ValueError):
            tables._data_label(path, data_root, os.path.join(str(data_root), ""))
    else:
        assert tables._data_label(path, data_root, os.path.join(str(data_root), "")) == "data/."


def test_settings_plain_values_are_the_general_ones(tmp_path):
    site_dir = tmp_path / "site"
    shutil.copytree(SAMPLE, site_dir, ignore=shutil.ignore_patterns("_site", ".portalgen-cache"))
    site, _ = read_site(site_dir)
    salt = tables.site_salt(site)
    checked = 0
    for dataset in site.datasets:
        for number, resource in enumerate(dataset.resources):
            settings = tables._settings(site, dataset, resource, number == 0, salt)
            odd = dataclasses.replace(settings, schema="scdl/<script>x</script>", salt="sel « é » 1,5",
                                      timestamp=dt.date(2024, 2, 29), reference_date=None, lang="")
            for value in (settings, odd):
                assert tables._settings_key(value) == _general_plain(value)
                checked += 1
    assert checked > 20
    odd_values = [None, "", "1,5", "<b>x</b>", dt.date(2025, 12, 31), dt.datetime(2025, 1, 2, 3, 4), (), [1, None],
                  {"b": 1, "a": "é"}, {"nested": ({"x": dt.date(2020, 1, 1)},)}, 1.5, True, "x" * 5000]
    for value in odd_values:
        assert tables._plain(value) == _general_plain(value)


def test_planned_labels_are_relative_to_the_data_folder(tmp_path):
    site_dir = tmp_path / "site"
    shutil.copytree(SAMPLE, site_dir, ignore=shutil.ignore_patterns("_site", ".portalgen-cache"))
    site, _ = read_site(site_dir)
    data_root = (site.root / "data").resolve()
    jobs = tables._plan(site)
    assert jobs
    for job in jobs.values():
        assert job.label == f"data/{job.resource.path.relative_to(data_root).as_posix()}"
        assert job.key == tables.cache_key("table", job.resource.source_file.sha256, job.resource.format,
                                           _general_plain(job.settings))
