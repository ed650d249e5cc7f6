"""``SITE/national/manifest.json``: what the renderer needs to know about the national datasets.

Written by ``portalgen national`` after every run (sorted keys, same state → same bytes), read by
the build through :func:`load_manifest`. It says which datasets are national (their ids, source,
producer, licence, fetch dates, source addresses), gives the commune's facts (population,
postcodes, intercommunality, centre, bounding box) and the path of the boundary GeoJSON under the
site folder, and lists the data.gouv.fr datasets about the commune as links. Nothing in it is
needed to build: a site without it simply has no national section.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .cache import NATIONAL_DIR
from .files import json_text, write_text_if_changed

MANIFEST_FILE = f"{NATIONAL_DIR}/manifest.json"
VERSION = 1


@dataclass(frozen=True)
class NationalDataset:
    """One national dataset of the site, with its provenance."""

    id: str
    source: str
    title: str
    producer: str
    producer_url: str
    licence: str
    frequency: str
    fetched: dt.date
    changed: dt.date
    urls: tuple[str, ...]
    documentation: tuple[str, ...]
    facts: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"id": self.id, "source": self.source, "title": self.title, "producer": self.producer,
                "producer_url": self.producer_url, "licence": self.licence, "frequency": self.frequency,
                "fetched": self.fetched.isoformat(), "changed": self.changed.isoformat(), "urls": list(self.urls),
                "documentation": list(self.documentation), "facts": dict(self.facts)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "NationalDataset":
        return cls(id=str(data["id"]), source=str(data["source"]), title=str(data["title"]),
                   producer=str(data["producer"]), producer_url=str(data.get("producer_url") or ""),
                   licence=str(data["licence"]), frequency=str(data.get("frequency") or "unknown"),
                   fetched=dt.date.fromisoformat(data["fetched"]), changed=dt.date.fromisoformat(data["changed"]),
                   urls=tuple(data.get("urls") or ()), documentation=tuple(data.get("documentation") or ()),
                   facts=dict(data.get("facts") or {}))


@dataclass(frozen=True)
class NationalManifest:
    """The national part of a site: the commune's facts, its boundary, the national datasets."""

    insee: str
    commune: Mapping[str, Any]               # facts of the "commune" source (empty without it)
    boundary_path: str | None                # e.g. data/national/commune/limite-communale.geojson
    boundary_dataset: str | None             # e.g. national-commune
    datasets: tuple[NationalDataset, ...]

    @property
    def dataset_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.datasets)

    def dataset(self, dataset_id: str) -> NationalDataset | None:
        return next((d for d in self.datasets if d.id == dataset_id), None)

    @property
    def links(self) -> tuple[Mapping[str, str], ...]:
        """The data.gouv.fr datasets about the commune: title, url, producer."""
        source = next((d for d in self.datasets if d.source == "datagouv"), None)
        return tuple(source.facts.get("links") or ()) if source else ()

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        """West, south, east, north of the commune's boundary (WGS 84)."""
        box = self.commune.get("bbox")
        return tuple(box) if box and len(box) == 4 else None  # type: ignore[return-value]

    @property
    def bbox_wkt(self) -> str | None:
        """The bounding box as a WKT polygon (for ``dcat:bbox``), longitude first."""
        if self.bbox is None:
            return None
        west, south, east, north = self.bbox
        return f"POLYGON(({west} {south},{east} {south},{east} {north},{west} {north},{west} {south}))"

    @property
    def centre_wkt(self) -> str | None:
        """The centre of the commune as a WKT point (for ``dcat:centroid``)."""
        centre = self.commune.get("centre")
        return f"POINT({centre[0]} {centre[1]})" if centre and len(centre) == 2 else None

    def boundary_geojson(self, site_root: Path) -> str | None:
        """The boundary's GeoJSON text (a FeatureCollection of one feature), when the file is there."""
        if not self.boundary_path:
            return None
        path = Path(site_root) / self.boundary_path
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def to_json(self) -> dict:
        return {"version": VERSION, "insee": self.insee, "commune": dict(self.commune),
                "boundary": {"path": self.boundary_path, "dataset": self.boundary_dataset}
                if self.boundary_path else None,
                "datasets": [d.to_json() for d in sorted(self.datasets, key=lambda d: d.id)]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "NationalManifest":
        boundary = data.get("boundary") or {}
        return cls(insee=str(data["insee"]), commune=dict(data.get("commune") or {}),
                   boundary_path=boundary.get("path"), boundary_dataset=boundary.get("dataset"),
                   datasets=tuple(NationalDataset.from_json(d) for d in data.get("datasets") or ()))


def load_manifest(site_root: Path) -> NationalManifest | None:
    """The site's national manifest, or None when there is none (or it cannot be read)."""
    path = Path(site_root) / MANIFEST_FILE
    if not path.is_file():
        return None
    try:
        return NationalManifest.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def write_manifest(site_root: Path, manifest: NationalManifest) -> bool:
    return write_text_if_changed(Path(site_root) / MANIFEST_FILE, json_text(manifest.to_json(), sort_keys=True))
