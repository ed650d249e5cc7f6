"""The facets of the catalogue search: which values each dataset has, and their labels.

A facet value has a key (short, URL-safe: ``?theme=economie-et-finances``) and a label (what
visitors read). Datasets whose labels differ only by case or accents ("Budget", "budget")
share one value. Labels for fixed values ("Avec carte", "Sans schéma"…) come from the theme's
messages, through the ``message`` function given to :func:`dataset_facets`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import methodcaller
from typing import Callable, Iterable, Literal, NamedTuple, Sequence

from ..model import Dataset
from ..schemas.registry import find_known_schema
from .text import fold, value_key

Message = Callable[[str], str]

#: Every facet, in the order shown: URL parameter and how its values are ordered.
#: "count": most frequent first; "given": the order the values are produced in (yes/no, years…).
FACETS: tuple[tuple[str, Literal["count", "given"]], ...] = (
    ("theme", "count"), ("keyword", "count"), ("producer", "count"), ("format", "count"),
    ("licence", "count"), ("schema", "given"), ("map", "given"), ("updated", "given"),
)
MAP_FORMATS = frozenset({"geojson", "kml", "gpx", "shp"})
UNKNOWN = "unknown"


class FacetValue(NamedTuple):
    """A named tuple rather than a frozen dataclass: the index makes, counts and groups these by the ten
    thousand, and a tuple is made, hashed and read in C (a frozen dataclass's __init__ and __hash__ run in Python)."""

    key: str
    label: str


@dataclass(frozen=True)
class FacetSummary:
    """A facet as the search page lists it: its values in display order, each with its dataset count."""

    key: str
    label: str
    values: tuple[tuple[FacetValue, int], ...]


@lru_cache(maxsize=4096)  # themes, keywords, producers and formats repeat over the datasets
def _free(label: str | None) -> tuple[FacetValue, ...]:
    label = (label or "").strip()
    key = value_key(label)
    return (FacetValue(key, label),) if key else ()


@lru_cache(maxsize=4096)  # licences, schema kinds, yes/no and years repeat over the datasets
def _fixed(key: str, label: str) -> tuple[FacetValue]:
    return (FacetValue(key, label),)


def has_map(dataset: Dataset) -> bool:
    """True when a resource has map data or is a geographic file."""
    return any(getattr(r, "geo", None) is not None or (r.format or "").lower() in MAP_FORMATS
               for r in dataset.resources)


def schema_kind(schema: str | None) -> str:
    """'scdl' for a schema of the Socle commun des données locales, 'other' for another one, 'none'."""
    if not schema or not schema.strip():
        return "none"
    known = find_known_schema(schema)
    if (known is not None and known.is_scdl) or schema.strip().lower().startswith("scdl/"):
        return "scdl"
    return "other"


def dataset_facets(dataset: Dataset, lang: str, message: Message,
                   default_producer: str | None = None) -> dict[str, tuple[FacetValue, ...]]:
    """The facet values of one dataset, by facet key (a facet a dataset has no value for maps to ())."""
    formats = sorted({(r.format or "").strip() for r in dataset.resources} - {""}, key=str.lower)
    kind = schema_kind(dataset.schema)
    mapped = "yes" if has_map(dataset) else "no"
    year = str(dataset.modified.year) if dataset.modified else UNKNOWN
    return {
        "theme": _free(dataset.theme),
        "keyword": tuple(dict.fromkeys(v for k in dataset.keywords for v in _free(k))),
        "producer": _free(dataset.producer or default_producer),
        "format": tuple(dict.fromkeys(v for f in formats for v in _free(f.upper()))),
        "licence": _fixed(dataset.licence.id, dataset.licence.label(lang)),
        "schema": _fixed(kind, message(f"search.schema.{kind}")),
        "map": _fixed(mapped, message(f"search.map.{mapped}")),
        "updated": _fixed(year, year if year != UNKNOWN else message("search.updated.unknown")),
    }


def _given_order(facet: str, keys: Iterable[str]) -> list[str]:
    if facet == "schema":
        rank = {"scdl": 0, "other": 1, "none": 2}
        return sorted(keys, key=lambda k: rank.get(k, 9))
    if facet == "map":
        return sorted(keys, key=lambda k: k != "yes")
    # updated: the most recent year first, "unknown" last
    return sorted(keys, key=lambda k: (k == UNKNOWN, -int(k) if k.isdigit() else 0, k))


def summarise_facets(per_dataset: Sequence[dict[str, tuple[FacetValue, ...]]],
                     message: Message) -> tuple[FacetSummary, ...]:
    """Merge the values of every dataset: one label per key (the most used spelling), counts, order."""
    summaries = []
    for facet, order in FACETS:
        counts: Counter[str] = Counter()
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        # Equal values counted together first (the counting loop runs in C; few values differ)
        for value, times in Counter(chain.from_iterable(map(methodcaller("get", facet, ()), per_dataset))).items():
            counts[value.key] += times
            spellings[value.key][value.label] += times
        labels = {key: min(s.items(), key=lambda item: (-item[1], item[0]))[0] for key, s in spellings.items()}
        if order == "count":
            keys = sorted(counts, key=lambda k: (-counts[k], fold(labels[k]), k))
        else:
            keys = _given_order(facet, counts)
        summaries.append(FacetSummary(facet, message(f"search.facet.{facet}"),
                                      tuple((FacetValue(k, labels[k]), counts[k]) for k in keys)))
    return tuple(summaries)
