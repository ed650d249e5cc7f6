"""What the search index knows of a dataset: its texts by field, its facet values, its date, its card."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..model import Dataset, Resource
from .facets import FacetValue

#: How much a word counts in each field. A word of the title counts eight times one of the description.
FIELD_WEIGHTS: Mapping[str, int] = {
    "title": 8, "keywords": 5, "theme": 3, "producer": 2, "schema": 2, "columns": 2,
    "resources": 1, "description": 1,
}


@dataclass(frozen=True)
class SearchDocument:
    """One dataset as the index sees it. ``card`` is the HTML of its result card."""

    id: str
    fields: tuple[tuple[str, str], ...]
    facets: Mapping[str, tuple[FacetValue, ...]]
    modified: dt.date | None
    card: str


def _column_labels(resource: Resource) -> list[str]:
    """Column names (and titles) of a tabular resource, when enrichment summarised it."""
    table = getattr(resource, "table", None)
    if table is None:
        return []
    for attribute in ("profile", "columns"):
        columns: Any = getattr(table, attribute, None)
        if not columns or isinstance(columns, (str, bytes)):
            continue
        labels = []
        for column in columns:
            if isinstance(column, str):
                labels.append(column)
                continue
            name, title = getattr(column, "name", None), getattr(column, "title", None)
            if name:
                labels.append(str(name))
            if title:
                labels.append(str(title))
        if labels:
            return labels
    return []


def _join(parts: Iterable[str | None]) -> str:
    return "\n".join([p for p in parts if p])


def search_document(dataset: Dataset, facets: Mapping[str, tuple[FacetValue, ...]], card: str) -> SearchDocument:
    """The searchable texts of ``dataset`` with its facet values and card (see FIELD_WEIGHTS for the fields)."""
    fields = (
        ("title", dataset.title),
        ("keywords", _join(dataset.keywords)),
        ("theme", dataset.theme or ""),
        ("producer", _join(v.label for v in facets.get("producer", ()))),
        ("schema", dataset.schema or ""),
        ("columns", _join(label for r in dataset.resources for label in _column_labels(r))),
        ("resources", _join(part for r in dataset.resources for part in (r.title, r.description))),
        ("description", dataset.description),
    )
    return SearchDocument(id=dataset.id, fields=tuple((name, text) for name, text in fields if text),
                          facets=facets, modified=dataset.modified, card=card)
