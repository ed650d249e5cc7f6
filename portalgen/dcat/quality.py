"""The quality criteria data.gouv.fr scores a dataset on, computed from the site's own metadata.

Mirrors udata's dataset quality (description longer than 100 characters, licence, update
frequency declared, update made on time, temporal coverage, spatial coverage, at least one
file described, at least one file in an open format). Availability of remote files is not
checked (no network at build). Keywords and the EU theme are checked too, but not scored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..licences import LICENCES
from ..model import Dataset
from .vocabularies import CLOSED_FORMATS, EU_THEMES, find_theme, known_to_datagouv

DESCRIPTION_MIN_LENGTH = 100   # udata QUALITY_DESCRIPTION_LENGTH: the description must be longer
GRACE_DAYS = 1                 # udata allows being one day late

# Longest expected gap between two updates, per declared frequency (udata's next_update).
UPDATE_PERIODS: dict[str, dt.timedelta] = {
    "daily": dt.timedelta(days=1), "weekly": dt.timedelta(weeks=1), "monthly": dt.timedelta(days=31),
    "quarterly": dt.timedelta(days=365 / 4), "semiannual": dt.timedelta(days=365),
    "annual": dt.timedelta(days=365), "biennial": dt.timedelta(days=730),
}
NO_SCHEDULE = frozenset({"continuous", "irregular", "never"})

SCORED = ("description", "licence", "frequency", "up_to_date", "temporal", "spatial", "documented", "open_format")


@dataclass(frozen=True)
class Criterion:
    """One criterion for one dataset. ``passed`` is None when it cannot be judged at this build."""

    key: str
    passed: bool | None
    scored: bool = True
    message: str = ""           # what is wrong (build message, English), empty when passed
    hint: str = ""              # how to fix it
    config_key: str | None = None   # the YAML key to point at


@dataclass(frozen=True)
class QualityReport:
    dataset_id: str
    criteria: tuple[Criterion, ...]

    @property
    def scored(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.scored and c.passed is not None)

    @property
    def passed(self) -> int:
        return sum(1 for c in self.scored if c.passed)

    @property
    def total(self) -> int:
        return len(self.scored)

    @property
    def score(self) -> float:
        """Between 0 and 1, over the criteria that could be judged."""
        return self.passed / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def failed(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.passed is False)

    def criterion(self, key: str) -> Criterion | None:
        return next((c for c in self.criteria if c.key == key), None)


#: Each criterion passed, made once: a Criterion is frozen and a passed one says nothing about its dataset, so
#: the reports share these instead of making some ten per dataset (most criteria pass on most datasets).
_PASSED: dict[str, Criterion] = {key: Criterion(key, True, key in SCORED)
                                 for key in (*SCORED, "keywords", "theme")}


def _ok(key: str) -> Criterion:
    return _PASSED[key]


def check_description(dataset: Dataset) -> Criterion:
    length = len(dataset.description.strip())
    if length > DESCRIPTION_MIN_LENGTH:
        return _ok("description")
    unit = "character" if length == 1 else "characters"
    what = "the description is empty" if length == 0 else f"the description is short ({length} {unit})"
    return Criterion("description", False, message=f"{what}; data.gouv.fr expects more than {DESCRIPTION_MIN_LENGTH}",
                     hint="explain what the data contains, who produces it, how and how often, and its limits",
                     config_key="description")


def check_licence(dataset: Dataset) -> Criterion:
    licence = dataset.licence
    if licence is not None and known_to_datagouv(licence.title):
        return _ok("licence")
    name = licence.title if licence is not None else "(none)"
    return Criterion("licence", False, config_key="licence",
                     message=f'the licence "{name}" is not in data.gouv.fr\'s licence list; '
                             'the harvested dataset would show "License Not Specified"',
                     hint="use one of data.gouv.fr's licences: " + ", ".join(sorted(LICENCES)))


def check_frequency(dataset: Dataset) -> Criterion:
    if dataset.frequency != "unknown":
        return _ok("frequency")
    return Criterion("frequency", False, message="no update frequency is declared", config_key="frequency",
                     hint="add e.g. 'frequency: annual' (or daily, weekly, monthly, quarterly, irregular, never…)")


def next_update_due(dataset: Dataset) -> dt.date | None:
    """The date by which the next update is expected, or None when the frequency sets no schedule."""
    period = UPDATE_PERIODS.get(dataset.frequency)
    last = dataset.modified or dataset.issued
    if period is None or last is None:
        return None
    return last + period


def check_up_to_date(dataset: Dataset, today: dt.date | None) -> Criterion:
    if dataset.frequency in NO_SCHEDULE:
        return _ok("up_to_date")
    if dataset.frequency == "unknown":
        # Cannot be judged without a frequency; the frequency criterion already says how to fix it.
        return Criterion("up_to_date", False, config_key="frequency")
    if not (dataset.modified or dataset.issued):
        return Criterion("up_to_date", False, config_key="modified",
                         message="no 'modified' date: whether the data is up to date cannot be judged",
                         hint="add the date of the last update, e.g. 'modified: 2025-03-31'")
    if today is None:
        return Criterion("up_to_date", None)
    due = next_update_due(dataset)
    if due is not None and due + dt.timedelta(days=GRACE_DAYS) >= today:
        return _ok("up_to_date")
    last = dataset.modified or dataset.issued
    return Criterion("up_to_date", False, config_key="modified",
                     message=f"the data was last updated on {last.isoformat()} and its update frequency is "
                             f"{dataset.frequency}, so the next update was due by {due.isoformat() if due else '?'}",
                     hint="publish the new data and update 'modified:', or correct 'frequency:'")


def check_temporal(dataset: Dataset) -> Criterion:
    if dataset.temporal_start or dataset.temporal_end:
        return _ok("temporal")
    return Criterion("temporal", False, message="the period the data covers is not given", config_key="temporal",
                     hint="add e.g. 'temporal: {start: 2024-01-01, end: 2024-12-31}'")


def check_spatial(dataset: Dataset) -> Criterion:
    # Every dataset of the portal covers its commune: the catalogue declares it (dct:spatial).
    return _ok("spatial")


def check_documented(dataset: Dataset) -> Criterion:
    if any(r.description.strip() for r in dataset.resources):
        return _ok("documented")
    return Criterion("documented", False, message="no file has a description", config_key="resources",
                     hint="describe the files: under resources write '- path: file.csv' and "
                          "'description: what each row and column is'")


def file_formats(dataset: Dataset) -> set[str]:
    formats = set()
    for resource in dataset.resources:
        formats.add(resource.format.lower())
        formats.update(f.format.lower() for f in resource.all_files)
    return formats


def check_open_format(dataset: Dataset) -> Criterion:
    formats = file_formats(dataset)
    if formats - CLOSED_FORMATS:
        return _ok("open_format")
    closed = ", ".join(sorted(f.upper() for f in formats)) or "none"
    return Criterion("open_format", False, config_key="resources",
                     message=f"every file is in a closed format ({closed})",
                     hint="also publish the data in an open format such as CSV")


def check_keywords(dataset: Dataset) -> Criterion:
    if dataset.keywords:
        return _ok("keywords")
    return Criterion("keywords", False, scored=False, message="the dataset has no keywords", config_key="keywords",
                     hint="add e.g. 'keywords: [budget, subventions]' so it is found by search engines and on data.gouv.fr")


def check_theme(dataset: Dataset) -> Criterion:
    if not dataset.theme or find_theme(dataset.theme):
        return _ok("theme")
    return Criterion("theme", False, scored=False, config_key="theme",
                     message=f'the theme "{dataset.theme}" is not one of the EU data themes; '
                             "it is published as a keyword instead",
                     hint="use one of: " + ", ".join(t.label_fr for t in EU_THEMES))


def evaluate(dataset: Dataset, today: dt.date | None) -> QualityReport:
    """Every criterion for ``dataset``; ``today`` is the date the "up to date" criterion is judged at
    (None: not judged, so that pages do not depend on the day of the build)."""
    return QualityReport(dataset.id, (
        check_description(dataset), check_licence(dataset), check_frequency(dataset),
        check_up_to_date(dataset, today), check_temporal(dataset), check_spatial(dataset),
        check_documented(dataset), check_open_format(dataset), check_keywords(dataset), check_theme(dataset),
    ))


def judged_at(report: QualityReport, dataset: Dataset, today: dt.date) -> QualityReport:
    """``evaluate(dataset, today)`` from ``report``, an :func:`evaluate` of the same dataset at another date.

    Only "up to date" depends on the date, so only it is judged again: a build without
    SOURCE_DATE_EPOCH scores its pages at no date and its messages at today's, from one evaluation."""
    return replace(report, criteria=tuple(check_up_to_date(dataset, today) if criterion.key == "up_to_date"
                                          else criterion for criterion in report.criteria))
