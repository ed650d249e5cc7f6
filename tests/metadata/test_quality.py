"""data.gouv.fr's quality criteria: computed at build, reported by check with the fix, scored on pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from portalgen.dcat.quality import evaluate, judged_at
from portalgen.licences import Licence
from portalgen.pipeline import check
from tests.metadata.support import findings_text, metadata_site


def quality_findings(report, dataset_file: str | None = None):
    return {f.code: f for f in report.findings if f.code.startswith("quality-")
            and (dataset_file is None or f.where.file == dataset_file)}


def test_a_well_described_dataset_has_no_quality_warning(tmp_path):
    report = check(metadata_site(tmp_path / "site"))
    assert not report.failed(), findings_text(report)
    assert quality_findings(report) == {}
    quality = report.site.dataset("subventions").quality
    assert (quality.passed, quality.total, quality.percent) == (8, 8, 100)


def test_missing_description_and_keywords_are_warnings_with_location_and_hint(tmp_path):
    site = metadata_site(tmp_path / "site", {
        "datasets/vide.yml": "title: Vide\ndescription: Court.\nfrequency: never\nresources: [subventions-2024.csv]\n"})
    report = check(site)
    assert not report.failed() and report.failed(strict=True)
    found = quality_findings(report, "datasets/vide.yml")
    assert set(found) == {"quality-description", "quality-keywords", "quality-temporal", "quality-documented"}
    assert found["quality-description"].format() == (
        "datasets/vide.yml:2:14: description: quality: the description is short (6 characters); data.gouv.fr expects "
        "more than 100. Hint: explain what the data contains, who produces it, how and how often, and its limits.")
    assert found["quality-keywords"].where.file == "datasets/vide.yml"
    assert "keywords: [budget, subventions]" in found["quality-keywords"].hint
    quality = report.site.dataset("vide").quality
    assert quality.criterion("up_to_date").passed is True  # frozen data is never late
    assert (quality.passed, quality.total) == (5, 8)


def test_unknown_frequency_is_one_warning_not_two(tmp_path):
    site = metadata_site(tmp_path / "site", {
        "datasets/subventions.yml": "title: S\ndescription: x\nkeywords: [a]\nresources: [subventions-2024.csv]\n"})
    found = quality_findings(check(site))
    assert "quality-frequency" in found and "quality-up-to-date" not in found
    assert "frequency: annual" in found["quality-frequency"].hint


def test_late_update_is_reported_with_the_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    yml = "title: S\ndescription: x\nfrequency: monthly\nmodified: 2025-10-15\nresources: [subventions-2024.csv]\n"
    report = check(metadata_site(tmp_path / "site", {"datasets/subventions.yml": yml}))
    late = quality_findings(report)["quality-up-to-date"]
    assert late.message == ("quality: the data was last updated on 2025-10-15 and its update frequency is monthly, "
                            "so the next update was due by 2025-11-15")
    assert late.where.file == "datasets/subventions.yml" and late.where.line == 4 and late.key == "modified"
    assert report.site.dataset("subventions").quality.criterion("up_to_date").passed is False


def test_no_modified_date_cannot_be_judged_up_to_date(tmp_path):
    yml = "title: S\ndescription: x\nfrequency: annual\nresources: [subventions-2024.csv]\n"
    found = quality_findings(check(metadata_site(tmp_path / "site", {"datasets/subventions.yml": yml})))
    assert "no 'modified' date" in found["quality-up-to-date"].message
    assert "modified: 2025-03-31" in found["quality-up-to-date"].hint


def test_only_closed_formats_and_unknown_theme(tmp_path):
    site = metadata_site(tmp_path / "site", {
        "datasets/compte.yml": "title: Compte\ndescription: x\ntheme: Divers\nresources: [compte.pdf, budget.xls]\n",
        "data/compte.pdf": b"%PDF-1.4 fake\n", "data/budget.xls": b"\xd0\xcf\x11\xe0fake",
    })
    found = quality_findings(check(site), "datasets/compte.yml")
    assert found["quality-open-format"].message == "quality: every file is in a closed format (PDF, XLS)"
    assert "CSV" in found["quality-open-format"].hint
    assert 'the theme "Divers" is not one of the EU data themes' in found["quality-theme"].message
    assert "Économie et finances" in found["quality-theme"].hint


def test_known_theme_words_are_accepted(tmp_path):
    yml = "title: S\ndescription: x\ntheme: Mobilité\nresources: [subventions-2024.csv]\n"
    found = quality_findings(check(metadata_site(tmp_path / "site", {"datasets/subventions.yml": yml})))
    assert "quality-theme" not in found


@pytest.fixture(scope="module")
def subventions(tmp_path_factory):
    report = check(metadata_site(tmp_path_factory.mktemp("quality") / "site"))
    return report.site.dataset("subventions")


def test_a_licence_datagouv_does_not_know_is_named(subventions):
    unknown = replace(subventions, licence=Licence("maison", "Licence maison", "Licence maison", "House licence", None))
    criterion = evaluate(unknown, dt.date(2026, 1, 1)).criterion("licence")
    assert criterion.passed is False
    assert '"Licence maison" is not in data.gouv.fr\'s licence list' in criterion.message
    assert "lov2" in criterion.hint


@pytest.mark.parametrize("frequency, modified, today, on_time", [
    ("annual", "2025-01-01", "2026-01-02", True),     # one day of grace, like data.gouv.fr
    ("annual", "2025-01-01", "2026-01-03", False),
    ("weekly", "2025-12-20", "2026-01-01", False),
    ("irregular", "2010-01-01", "2026-01-01", True),
    ("continuous", "2010-01-01", "2026-01-01", True),
])
def test_update_on_schedule(subventions, frequency, modified, today, on_time):
    dataset = replace(subventions, frequency=frequency,
                      modified=dt.date.fromisoformat(modified))
    assert evaluate(dataset, dt.date.fromisoformat(today)).criterion("up_to_date").passed is on_time


@pytest.mark.parametrize("frequency", ["annual", "weekly", "irregular", "continuous", "unknown", "never"])
@pytest.mark.parametrize("modified", [None, "2025-01-01", "2025-12-31"])
@pytest.mark.parametrize("judged_first", [None, dt.date(2025, 6, 1)])
def test_judging_again_at_a_date_equals_evaluating_at_that_date(subventions, frequency, modified, judged_first):
    dataset = replace(subventions, frequency=frequency, issued=None,
                      modified=dt.date.fromisoformat(modified) if modified else None)
    for today in (dt.date(2026, 1, 2), dt.date(2026, 1, 3), dt.date(2030, 1, 1)):
        assert judged_at(evaluate(dataset, judged_first), dataset, today) == evaluate(dataset, today)
