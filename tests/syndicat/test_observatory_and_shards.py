"""The observatory's figures, the commune summaries, the shard split and worker failures (no full build here)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, replace

import pytest

from portalgen.syndicat import build as build_module
from portalgen.syndicat.build import run_tasks
from portalgen.syndicat.load import CommuneEntry
from portalgen.syndicat.observatory import commune_figures, freshness, observatory_csv, scdl_schema_count, totals
from portalgen.syndicat.shards import Shard, parse_shard, select, shard_of
from portalgen.syndicat.summary import (CommuneSummary, DatasetSummary, scdl_schema_of, summary_from_json,
                                        summary_json, validation_status)
from portalgen.syndicat.worker import CommuneResult, CommuneTask, relocate_finding
from portalgen.errors import Location, error


def dataset(id: str, **changes) -> DatasetSummary:
    base = DatasetSummary(id=id, title=id.title(), summary="", theme=None, formats=("CSV",), schema=None,
                          scdl_schema=None, validation=None, frequency="annual", modified=dt.date(2024, 1, 1),
                          next_update=dt.date(2024, 12, 31), quality=50, search_fields=(("title", id),),
                          facets=(("schema", (("none", "search.schema.none"),)),))
    return replace(base, **changes)


def commune(slug: str, datasets, **changes) -> CommuneSummary:
    base = CommuneSummary(slug=slug, name=slug.title(), insee="41001", title=f"Données de {slug}",
                          site_url=f"https://x.fr/{slug}/", out_folder=slug, publisher=f"Mairie de {slug}",
                          department=None, population=None, latitude=None, longitude=None, reuses=1,
                          datasets=tuple(datasets))
    return replace(base, **changes)


@dataclass(frozen=True)
class Report:
    status: str


def test_scdl_schemas_are_recognised_by_id_alias_or_prefix():
    assert scdl_schema_of("scdl/subventions") == scdl_schema_of("subventions")
    assert scdl_schema_of("scdl/subventions").startswith("scdl/")
    assert scdl_schema_of("scdl/un-schema-futur") == "scdl/un-schema-futur"
    assert scdl_schema_of("etalab/schema-stationnement") is None
    assert scdl_schema_of(None) is None and scdl_schema_of("  ") is None
    assert scdl_schema_count() >= 1


def test_validation_status_reads_reports_defensively():
    assert validation_status(None) is None
    assert validation_status(object()) is None                       # not integrated / another shape
    assert validation_status(Report("conforme")) == "conforme"
    assert validation_status((Report("conforme"), Report("non conforme"))) == "non conforme"
    assert validation_status([Report("conforme"), Report("non vérifié")]) == "non vérifié"


@pytest.mark.parametrize("frequency, due, expected", [
    ("annual", dt.date(2024, 6, 1), "fresh"),
    ("annual", dt.date(2024, 5, 31), "fresh"),      # one day of grace, as on data.gouv.fr
    ("annual", dt.date(2024, 5, 30), "late"),
    ("monthly", None, "unknown"),
    ("unknown", None, "unknown"),
    ("irregular", None, "fresh"),
    ("never", None, "fresh"),
])
def test_freshness_against_the_reference_date(frequency, due, expected):
    assert freshness(dataset("a", frequency=frequency, next_update=due), dt.date(2024, 6, 1)) == expected


def test_without_a_reference_date_scheduled_datasets_are_not_judged():
    assert freshness(dataset("a"), None) == "unknown"
    assert freshness(dataset("a", frequency="continuous"), None) == "fresh"


def test_commune_figures_and_totals():
    summary = commune("aubin", [
        dataset("a", scdl_schema="scdl/subventions", validation="conforme", quality=80),
        dataset("b", scdl_schema="scdl/subventions", validation="non conforme", quality=60,
                next_update=dt.date(2023, 1, 1)),
        dataset("c", scdl_schema="scdl/deliberations", validation="non vérifié", quality=None,
                modified=dt.date(2024, 3, 1)),
        dataset("d", frequency="unknown", next_update=None, quality=None),
    ])
    row = commune_figures(summary, dt.date(2024, 6, 1))
    assert (row.datasets, row.scdl_datasets, row.scdl_schemas) == (4, 3, 2)
    assert (row.validated, row.conforming, row.conformance_rate) == (2, 1, 0.5)
    assert (row.fresh, row.late) == (2, 1) and row.freshness_rate == pytest.approx(2 / 3)
    assert row.quality == 70.0 and row.last_update == dt.date(2024, 3, 1)
    empty = commune_figures(commune("bercy", []), None)
    assert empty.conformance_rate is None and empty.freshness_rate is None and empty.quality is None
    total = totals([row, empty], [summary, commune("bercy", [])])
    assert (total.communes, total.datasets, total.reuses, total.quality) == (2, 4, 2, 70.0)


def test_observatory_csv_is_plain_and_machine_readable():
    rows = [commune_figures(commune("aubin", [dataset("a", validation="conforme")], latitude=47.5, longitude=1.25,
                                    population=4012), dt.date(2024, 6, 1)),
            commune_figures(commune("bercy", []), None)]
    text = observatory_csv(rows).decode("utf-8")
    table = list(csv.DictReader(io.StringIO(text)))
    assert table[0]["taux_conformite"] == "1" and table[0]["population"] == "4012"
    assert table[0]["latitude"] == "47.5" and table[0]["longitude"] == "1.25"
    assert table[1]["taux_conformite"] == "" and table[1]["score_qualite"] == ""
    assert text.endswith("\n") and "\r" not in text


def test_summaries_round_trip_through_json():
    summary = commune("aubin", [dataset("a", facets=(("schema", (("scdl", "search.schema.scdl"),)),
                                                      ("theme", (("budget", "Budget"),))))], latitude=47.5)
    raw = summary_json(summary)
    assert summary_from_json(raw) == summary
    assert summary_json(summary_from_json(raw)) == raw
    with pytest.raises(ValueError):
        summary_from_json(b'{"format": 999}')


def test_parse_shard_reads_k_of_n_and_explains_mistakes():
    assert parse_shard("2/4") == Shard(2, 4) and str(parse_shard(" 1 / 3 ")) == "1/3"
    for wrong in ("0/2", "3/2", "2", "a/b", "1/0", ""):
        with pytest.raises(ValueError, match="is not a shard"):
            parse_shard(wrong)


def test_shards_cover_every_commune_once_and_do_not_move_when_communes_are_added():
    slugs = [f"commune-{i}" for i in range(60)]
    shares = [select(slugs, Shard(k, 4), str) for k in range(1, 5)]
    assert sorted(s for share in shares for s in share) == sorted(slugs)
    assert all(share for share in shares)
    before = {slug: shard_of(slug, 4) for slug in slugs}
    after = {slug: shard_of(slug, 4) for slug in slugs + ["nouvelle-commune"]}
    assert all(after[slug] == before[slug] for slug in slugs)
    assert select(slugs, None, str) == slugs


def test_findings_are_shown_from_the_syndicat_folder():
    finding = error("bad", Location("portal.yml", 3, 1))
    assert str(relocate_finding(finding, "communes/aubin").where) == "communes/aubin/portal.yml:3:1"
    inherited = error("bad", Location("../../syndicat.yml", 9, 12))
    assert str(relocate_finding(inherited, "communes/aubin").where) == "syndicat.yml:9:12"
    absolute = error("bad", Location("/abs/path"))
    assert relocate_finding(absolute, "communes/aubin") is absolute


def _crash_on_bercy(task: CommuneTask) -> CommuneResult:
    if task.commune.slug == "bercy":
        os._exit(3)
    return CommuneResult(task.commune.slug, True, ())


def test_a_worker_process_that_dies_fails_its_commune_not_the_build(monkeypatch, tmp_path):
    monkeypatch.setattr(build_module, "build_commune", _crash_on_bercy)
    tasks = [CommuneTask(tmp_path, None, "communes", CommuneEntry(slug, tmp_path / slug, f"https://x.fr/{slug}/", slug),
                         tmp_path / "out", tmp_path / "cache") for slug in ("aubin", "bercy")]
    results = run_tasks(tasks, jobs=2)
    assert [r.slug for r in results] == ["aubin", "bercy"]
    bercy = results[1]
    assert not bercy.ok and "stopped unexpectedly" in bercy.findings[0].message
    assert bercy.findings[0].where == Location("communes/bercy")
