"""Coverage of the common base of local data (socle commun, SCDL): which of its datasets the
commune publishes, and how well they follow their schema."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Site
from ..schemas import CONFORME, known_schemas
from .conformity import DatasetConformity, SchemaSummary, status_key, worst_status

CATALOGUE_SCHEMA = "scdl/catalogue"


@dataclass(frozen=True)
class PublishedDataset:
    """A dataset of the site that follows a schema of the common base."""

    id: str
    title: str
    status: str

    @property
    def status_key(self) -> str:
        return status_key(self.status)


@dataclass(frozen=True)
class SocleItem:
    """One schema of the common base and the datasets that follow it.

    ``generated`` is True when the portal itself publishes this data (catalogue.csv, from the
    configuration), with ``generated_status`` its conformity."""

    schema: SchemaSummary
    datasets: tuple[PublishedDataset, ...] = ()
    generated: bool = False
    generated_status: str | None = None

    @property
    def published(self) -> bool:
        return bool(self.datasets) or self.generated

    @property
    def status(self) -> str | None:
        statuses = [d.status for d in self.datasets]
        if self.generated and self.generated_status:
            statuses.append(self.generated_status)
        return worst_status(statuses) if statuses else None

    @property
    def status_key(self) -> str:
        return status_key(self.status)


@dataclass(frozen=True)
class Coverage:
    """Every schema of the common base, in the registry's order."""

    items: tuple[SocleItem, ...]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def published(self) -> int:
        return sum(1 for item in self.items if item.published)

    @property
    def conforme(self) -> int:
        return sum(1 for item in self.items if item.published and item.status == CONFORME)

    @property
    def missing(self) -> tuple[SocleItem, ...]:
        return tuple(item for item in self.items if not item.published)


def common_base_coverage(site: Site, conformities: dict[str, DatasetConformity],
                         catalogue: DatasetConformity | None = None) -> Coverage:
    """Match the site's datasets to the common base's schemas (by the schema they resolve to).

    ``catalogue`` is the conformity of the catalogue.csv the portal writes: it publishes the
    catalogue of the common base when no dataset of the site does."""
    titles = {d.id: d.title for d in site.datasets}
    items = []
    for info in known_schemas(scdl_only=True):
        datasets = tuple(sorted(
            (PublishedDataset(c.dataset_id, titles.get(c.dataset_id, c.dataset_id), c.status)
             for c in conformities.values() if c.schema.id == info.id),
            key=lambda d: (d.title.casefold(), d.id)))
        summary = SchemaSummary(info.id, info.title, info.version, info.url, info.explanation, info.is_scdl)
        generated = info.id == CATALOGUE_SCHEMA and catalogue is not None and not datasets
        items.append(SocleItem(summary, datasets, generated, catalogue.status if generated else None))
    return Coverage(tuple(items))
