"""The site model: frozen dataclasses passed between the build stages.

load (config) → read (this model) → enrich (fills the optional enrichment fields with
``dataclasses.replace``) → render. Nothing here reads files or knows about templates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, Mapping

from .config.schema import DatasetConfig, ReadConfig, SiteConfig
from .errors import Location
from .filesource import FileSource
from .licences import Licence


@dataclass(frozen=True)
class PublishedFile:
    """A file offered for download on a dataset page (the source file or one derived from it)."""

    filename: str            # name inside the dataset's output folder
    format: str              # label shown to users: CSV, JSON, XLSX, Parquet, GeoJSON, PDF…
    media_type: str          # IANA media type
    size: int                # bytes
    sha256: str
    role: Literal["source", "normalised", "derived"]
    source: FileSource       # where the bytes are: data/, or the build cache (a file or a packed entry's part)
    title: str = ""


@dataclass(frozen=True)
class MapLayer:
    """What a map needs to show a file: its GeoJSON download, and the GeoJSON inline when small."""

    filename: str                         # the GeoJSON file in the dataset's output folder
    feature_count: int
    geometry: Literal["points", "shapes"]
    bbox: tuple[float, float, float, float] | None   # west, south, east, north
    popup_fields: tuple[str, ...] = ()
    inline: str | None = None             # the GeoJSON text, embedded in the page when small


@dataclass(frozen=True)
class RenderedChart:
    """A chart drawn at build time: SVG, its text alternative and its data as an HTML table."""

    title: str
    svg: str
    alt: str
    table_html: str


@dataclass(frozen=True)
class KeyFigure:
    label: str
    display: str                          # formatted for the page's language


@dataclass(frozen=True)
class Resource:
    """One file of a dataset, as declared, plus what enrichment learnt about it."""

    id: str                           # unique within the dataset, from the file name
    title: str
    description: str
    format: str                       # lowercase short format: csv, xlsx, geojson, pdf…
    where: Location
    path: Path | None = None          # local file (inside the site's data/ folder)
    url: str | None = None            # remote file
    read: ReadConfig | None = None
    source_file: PublishedFile | None = None     # the original file, published as-is ("fichier source")
    downloads: tuple[PublishedFile, ...] = ()    # normalised and derived files
    table: Any = None                 # tabular summary (columns, profile, preview, conversions) when tabular
    geo: MapLayer | None = None       # map data when the resource has coordinates or is GeoJSON

    @property
    def is_remote(self) -> bool:
        return self.url is not None

    @property
    def all_files(self) -> tuple[PublishedFile, ...]:
        return ((self.source_file,) if self.source_file else ()) + self.downloads

    @property
    def file_count(self) -> int:
        """``len(all_files)``, without making the tuple (asked once per file of every dataset page)."""
        return len(self.downloads) + bool(self.source_file)


@dataclass(frozen=True)
class Dataset:
    id: str
    title: str
    description: str                  # Markdown
    licence: Licence
    keywords: tuple[str, ...]
    theme: str | None
    producer: str | None
    frequency: str
    temporal_start: dt.date | None
    temporal_end: dt.date | None
    schema: str | None
    issued: dt.date | None
    modified: dt.date | None
    featured: bool
    resources: tuple[Resource, ...]
    file: str                         # the dataset's YAML file, relative to the site
    where: Location
    config: DatasetConfig
    # Enrichment results (filled by the enrich stage; None/() until then)
    validation: Any = None            # commonbase.DatasetConformity: the verdict over all its files
    privacy: Any = None               # privacy.PrivacyReport of each tabular file
    quality: Any = None               # dcat.quality.QualityReport: data.gouv.fr's criteria
    figures: tuple[KeyFigure, ...] = ()
    charts: tuple[RenderedChart, ...] = ()


@dataclass(frozen=True)
class Document:
    """A Markdown file with front matter: a news post, a reuse or a page."""

    kind: Literal["news", "reuse", "page"]
    slug: str
    title: str
    body: str                          # Markdown
    meta: Mapping[str, Any]            # the checked front matter
    file: str
    where: Location
    date: dt.date | None = None


@dataclass(frozen=True)
class Topic:
    """A theme or a producer, with the datasets attached to it."""

    kind: Literal["theme", "producer"]
    slug: str
    name: str
    description: str
    dataset_ids: tuple[str, ...]
    entry: Any = None                  # the ThemeEntry/ProducerEntry of portal.yml, when declared


@dataclass(frozen=True)
class Site:
    root: Path
    config: SiteConfig
    datasets: tuple[Dataset, ...]
    news: tuple[Document, ...] = ()
    reuses: tuple[Document, ...] = ()
    pages: tuple[Document, ...] = ()
    themes: tuple[Topic, ...] = ()
    producers: tuple[Topic, ...] = ()
    build_date: dt.date | None = None  # from SOURCE_DATE_EPOCH, never the wall clock
    extras: Mapping[str, Any] = field(default_factory=dict)

    def dataset(self, dataset_id: str) -> Dataset | None:
        return self._datasets_by_id.get(dataset_id)

    def theme_of(self, dataset: Dataset) -> Topic | None:
        """The first theme listing the dataset."""
        return self._first_theme.get(dataset.id)

    def producer_of(self, dataset: Dataset) -> Topic | None:
        """The first producer listing the dataset."""
        return self._first_producer.get(dataset.id)

    # Lookups by id, made once per Site object (a scan per call made big sites quadratic).
    @cached_property
    def _datasets_by_id(self) -> dict[str, Dataset]:
        index: dict[str, Dataset] = {}
        for dataset in self.datasets:
            index.setdefault(dataset.id, dataset)
        return index

    @cached_property
    def _first_theme(self) -> dict[str, Topic]:
        return first_topic_by_dataset(self.themes)

    @cached_property
    def _first_producer(self) -> dict[str, Topic]:
        return first_topic_by_dataset(self.producers)


def first_topic_by_dataset(topics: tuple[Topic, ...]) -> dict[str, Topic]:
    """Dataset id → the first topic listing it."""
    first: dict[str, Topic] = {}
    for topic in topics:
        for dataset_id in topic.dataset_ids:
            first.setdefault(dataset_id, topic)
    return first
