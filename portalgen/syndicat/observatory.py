"""The observatory's figures: per commune, what is published and how well.

Computed from the communes' summaries only. Definitions (also shown on the page):

* **SCDL coverage**: how many of the Socle commun des données locales schemas the commune
  publishes at least one dataset for, out of the SCDL schemas portalgen knows;
* **conformance rate**: among the datasets whose files were validated against their schema, the
  share found « conforme » (none validated: not available);
* **freshness**: a dataset is up to date when its next update, from its last ``modified`` date and
  its declared ``frequency``, is not past the reference date (datasets declared continuous,
  irregular or never updated count as up to date, as on data.gouv.fr); without a frequency or a
  date it cannot be judged. The reference date is the build date (SOURCE_DATE_EPOCH): without it,
  freshness is not judged, so that the same sources always give the same pages;
* **quality score**: the mean of the datasets' data.gouv.fr quality scores;
* **reuses**: the reuses the commune's portal lists.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Sequence

from ..dcat.quality import GRACE_DAYS, NO_SCHEDULE
from ..schemas.registry import known_schemas
from .summary import CommuneSummary, DatasetSummary

Freshness = str   # "fresh", "late" or "unknown"


def scdl_schema_count() -> int:
    """How many SCDL schemas portalgen knows (the denominator of the coverage)."""
    return len(known_schemas(scdl_only=True))


def freshness(dataset: DatasetSummary, reference: dt.date | None) -> Freshness:
    """Whether a dataset is up to date at ``reference``: "fresh", "late" or "unknown"."""
    if dataset.frequency in NO_SCHEDULE:
        return "fresh"
    if reference is None or dataset.next_update is None:
        return "unknown"
    return "fresh" if dataset.next_update + dt.timedelta(days=GRACE_DAYS) >= reference else "late"


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class CommuneFigures:
    """One row of the observatory."""

    slug: str
    name: str
    insee: str
    department: str | None
    population: int | None
    latitude: float | None
    longitude: float | None
    site_url: str
    out_folder: str
    datasets: int
    scdl_datasets: int
    scdl_schemas: int                 # distinct SCDL schemas covered
    validated: int                    # datasets with a validation verdict (conforme / non conforme)
    conforming: int
    fresh: int
    late: int
    quality: float | None             # mean score, 0-100
    reuses: int
    last_update: dt.date | None

    @property
    def conformance_rate(self) -> float | None:
        return _rate(self.conforming, self.validated)

    @property
    def freshness_rate(self) -> float | None:
        return _rate(self.fresh, self.fresh + self.late)

    @property
    def scdl_coverage(self) -> float | None:
        return _rate(self.scdl_schemas, scdl_schema_count())

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def commune_figures(summary: CommuneSummary, reference: dt.date | None) -> CommuneFigures:
    """The observatory's row for one commune."""
    datasets = summary.datasets
    verdicts = [d.validation for d in datasets if d.validation in ("conforme", "non conforme")]
    states = [freshness(d, reference) for d in datasets]
    scores = [d.quality for d in datasets if d.quality is not None]
    dates = [d.modified for d in datasets if d.modified]
    return CommuneFigures(
        slug=summary.slug, name=summary.name, insee=summary.insee, department=summary.department,
        population=summary.population, latitude=summary.latitude, longitude=summary.longitude,
        site_url=summary.site_url, out_folder=summary.out_folder, datasets=len(datasets),
        scdl_datasets=sum(1 for d in datasets if d.scdl_schema),
        scdl_schemas=len({d.scdl_schema for d in datasets if d.scdl_schema}),
        validated=len(verdicts), conforming=verdicts.count("conforme"),
        fresh=states.count("fresh"), late=states.count("late"),
        quality=round(sum(scores) / len(scores), 1) if scores else None,
        reuses=summary.reuses, last_update=max(dates) if dates else None)


@dataclass(frozen=True)
class Totals:
    """The syndicat's figures: sums, and rates over every dataset."""

    communes: int
    datasets: int
    scdl_datasets: int
    validated: int
    conforming: int
    fresh: int
    late: int
    reuses: int
    quality: float | None
    last_update: dt.date | None

    @property
    def conformance_rate(self) -> float | None:
        return _rate(self.conforming, self.validated)

    @property
    def freshness_rate(self) -> float | None:
        return _rate(self.fresh, self.fresh + self.late)


def totals(rows: Sequence[CommuneFigures], summaries: Sequence[CommuneSummary]) -> Totals:
    """The whole syndicat's figures (quality: mean over every dataset, not over communes)."""
    scores = [d.quality for s in summaries for d in s.datasets if d.quality is not None]
    dates = [r.last_update for r in rows if r.last_update]
    return Totals(
        communes=len(rows), datasets=sum(r.datasets for r in rows), scdl_datasets=sum(r.scdl_datasets for r in rows),
        validated=sum(r.validated for r in rows), conforming=sum(r.conforming for r in rows),
        fresh=sum(r.fresh for r in rows), late=sum(r.late for r in rows), reuses=sum(r.reuses for r in rows),
        quality=round(sum(scores) / len(scores), 1) if scores else None, last_update=max(dates) if dates else None)


CSV_COLUMNS = ("commune", "code_insee", "departement", "population", "adresse_portail", "jeux_de_donnees",
               "jeux_scdl", "schemas_scdl_couverts", "schemas_scdl_connus", "jeux_valides", "jeux_conformes",
               "taux_conformite", "jeux_a_jour", "jeux_en_retard", "taux_fraicheur", "score_qualite",
               "reutilisations", "derniere_mise_a_jour", "latitude", "longitude")


def _number(value: float | int | None, digits: int = 3) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def observatory_csv(rows: Sequence[CommuneFigures]) -> bytes:
    """The observatory table as CSV (UTF-8, comma, dot decimals, rates between 0 and 1), one line per commune."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    known = scdl_schema_count()
    for r in rows:
        writer.writerow([
            r.name, r.insee, r.department or "", _number(r.population), r.site_url, r.datasets, r.scdl_datasets,
            r.scdl_schemas, known, r.validated, r.conforming, _number(r.conformance_rate), r.fresh, r.late,
            _number(r.freshness_rate), _number(r.quality, 1), r.reuses,
            r.last_update.isoformat() if r.last_update else "", _number(r.latitude, 6), _number(r.longitude, 6)])
    return buffer.getvalue().encode("utf-8")
