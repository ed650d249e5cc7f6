"""What the regional pages need to know of a built commune, as a small JSON file.

Each commune build writes its summary to ``observatoire/communes/<slug>.json`` in the output
(only when the commune builds: a failed commune keeps the summary of its last good site, which is
still the one online). The regional pages, the observatory and the regional search are made from
these files alone, so ``portalgen merge`` can assemble them from shard outputs without the sources.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, fields
from typing import Any, Mapping

from ..dcat.quality import next_update_due
from ..model import Dataset, Site
from ..render.text import plain_summary
from ..schemas.registry import find_known_schema
from ..search.documents import search_document
from ..search.facets import dataset_facets

SUMMARY_VERSION = 1
CARD_SUMMARY_LENGTH = 180
MESSAGE_FACETS = frozenset({"schema", "map", "updated"})   # facets whose labels are message keys until translated


@dataclass(frozen=True)
class DatasetSummary:
    """One dataset, as the observatory and the regional search see it."""

    id: str
    title: str
    summary: str                       # plain text for the result card
    theme: str | None
    formats: tuple[str, ...]
    schema: str | None
    scdl_schema: str | None            # id of the SCDL schema the dataset follows, if any
    validation: str | None             # "conforme", "non conforme", "non vérifié" or None (not validated)
    frequency: str
    modified: dt.date | None
    next_update: dt.date | None        # when the next update is due (None: no schedule or no date)
    quality: int | None                # data.gouv.fr quality score, percent
    search_fields: tuple[tuple[str, str], ...]
    facets: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]   # facet -> ((key, label), …)


@dataclass(frozen=True)
class CommuneSummary:
    """One built commune: who it is, where its portal is, and its datasets."""

    slug: str
    name: str
    insee: str
    title: str
    site_url: str
    out_folder: str                    # where the portal is in the regional output (posix, relative)
    publisher: str
    department: str | None
    population: int | None
    latitude: float | None
    longitude: float | None
    reuses: int
    datasets: tuple[DatasetSummary, ...]


def scdl_schema_of(schema: str | None) -> str | None:
    """The SCDL schema a dataset's ``schema:`` names (its canonical id), or None for another or no schema."""
    if not schema or not schema.strip():
        return None
    known = find_known_schema(schema)
    if known is not None and known.is_scdl:
        return known.id
    text = schema.strip().lower()
    return text if text.startswith("scdl/") else None


def validation_status(validation: Any) -> str | None:
    """The validation verdict of a dataset: a report's ``status``, or the worst of several reports."""
    if validation is None:
        return None
    reports = validation if isinstance(validation, (list, tuple)) else (validation,)
    statuses = [getattr(r, "status", None) for r in reports]
    statuses = [s for s in statuses if isinstance(s, str)]
    if not statuses:
        return None
    for verdict in ("non conforme", "non vérifié"):
        if verdict in statuses:
            return verdict
    return "conforme" if all(s == "conforme" for s in statuses) else statuses[0]


def _quality_percent(site: Site, dataset: Dataset) -> int | None:
    report = dataset.quality
    percent = getattr(report, "percent", None)
    return percent if isinstance(percent, int) else None


def _identity(key: str) -> str:
    return key


def summarise_dataset(site: Site, dataset: Dataset) -> DatasetSummary:
    """The summary of one dataset of a built (enriched) site."""
    publisher = site.config.publisher.name if site.config.publisher else None
    # Fixed facet labels are left as message keys; the regional pages translate them in their own language.
    facets = dataset_facets(dataset, site.config.language, _identity, publisher)
    document = search_document(dataset, facets, "")
    formats = sorted({(r.format or "").strip().upper() for r in dataset.resources} - {""})
    return DatasetSummary(
        id=dataset.id, title=dataset.title, summary=plain_summary(dataset.description, CARD_SUMMARY_LENGTH),
        theme=dataset.theme, formats=tuple(formats), schema=dataset.schema, scdl_schema=scdl_schema_of(dataset.schema),
        validation=validation_status(getattr(dataset, "validation", None)), frequency=dataset.frequency,
        modified=dataset.modified or dataset.issued, next_update=next_update_due(dataset),
        quality=_quality_percent(site, dataset), search_fields=document.fields,
        facets=tuple((name, tuple((v.key, v.label) for v in values)) for name, values in sorted(facets.items())))


def summarise_site(site: Site, slug: str, out_folder: str) -> CommuneSummary:
    """The summary of a built commune (its site after the enrich stage)."""
    config = site.config
    commune = config.commune
    return CommuneSummary(
        slug=slug, name=commune.name, insee=commune.insee, title=config.title, site_url=config.site_url or "",
        out_folder=out_folder, publisher=config.publisher.name if config.publisher else commune.name,
        department=commune.department, population=commune.population, latitude=commune.latitude,
        longitude=commune.longitude, reuses=len(site.reuses),
        datasets=tuple(summarise_dataset(site, d) for d in sorted(site.datasets, key=lambda d: d.id)))


# ------------------------------------------------------------------------------------------------
# JSON
# ------------------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def summary_json(summary: CommuneSummary) -> bytes:
    """The summary as JSON (sorted keys, fixed layout: the same summary gives the same bytes)."""
    data = {"format": SUMMARY_VERSION, **_plain(asdict(summary))}
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _pairs(value) -> tuple[tuple[str, str], ...]:
    return tuple((str(a), str(b)) for a, b in value)


def _dataset_from(data: Mapping[str, Any]) -> DatasetSummary:
    values = {f.name: data.get(f.name) for f in fields(DatasetSummary)}
    values.update(formats=tuple(data.get("formats") or ()), modified=_date(data.get("modified")),
                  next_update=_date(data.get("next_update")), search_fields=_pairs(data.get("search_fields") or ()),
                  facets=tuple((name, _pairs(pairs)) for name, pairs in data.get("facets") or ()))
    return DatasetSummary(**values)


def summary_from_json(raw: bytes | str) -> CommuneSummary:
    """Read a summary written by :func:`summary_json`; ValueError when it is not one."""
    data = json.loads(raw)
    if not isinstance(data, dict) or data.get("format") != SUMMARY_VERSION:
        raise ValueError("not a commune summary of this portalgen version")
    values = {f.name: data.get(f.name) for f in fields(CommuneSummary)}
    values["datasets"] = tuple(_dataset_from(d) for d in data.get("datasets") or ())
    return CommuneSummary(**values)


def message_key_labels(facets: tuple[tuple[str, tuple[tuple[str, str], ...]], ...], message) -> dict:
    """Facet values with their labels translated where the worker left a message key."""
    return {name: tuple((key, message(label) if name in MESSAGE_FACETS and label.startswith("search.") else label)
                        for key, label in values)
            for name, values in facets}
