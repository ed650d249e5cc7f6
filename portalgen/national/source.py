"""What a national source is: where to fetch it, how to read it, and what to say about it.

A :class:`Source` is a frozen description, one per module (``commune``, ``adresses``, ``budget``,
``elections``, ``datagouv``), collected in :mod:`portalgen.national.registry`. Its ``steps`` are
the requests (a URL template each; a step may read the answers of the steps before it), its
``parse`` function turns the raw answers into normalised files, and the rest is the provenance
written on the dataset: producer, licence, refresh frequency, official documentation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal, Mapping

from ..config.schema import Frequency


class FormatChanged(Exception):
    """The answer of a source does not have the shape its parser expects (the source changed)."""


@dataclass(frozen=True)
class Commune:
    """The commune the data is about, from portal.yml."""

    insee: str
    name: str

    @property
    def department(self) -> str:
        """Code of the département: 2 characters (01…95, 2A, 2B), 3 for overseas (971…976)."""
        return self.insee[:3] if self.insee.startswith("97") else self.insee[:2]


@dataclass(frozen=True)
class Producer:
    """Who produces the data: written as the dataset's ``producer`` (its publisher in DCAT)."""

    name: str
    url: str
    kind: Literal["etat", "autre"] = "etat"


@dataclass(frozen=True)
class Step:
    """One request: ``url(commune, earlier)`` gives its address; ``earlier`` maps the names of the
    steps already fetched to their files. The answer is cached under ``name``."""

    name: str
    url: Callable[[Commune, Mapping[str, Path]], str]


@dataclass(frozen=True)
class OutputFile:
    """A normalised file written by a parser, published as a resource of the dataset."""

    name: str                 # file name, under data/national/<source>/
    title: str                # French, shown on the dataset page
    description: str          # French
    map: bool = True          # False: no map for this file (e.g. a table whose points add nothing)
    popup: tuple[str, ...] = ()   # columns shown when a point of the map is clicked (automatic when empty)


@dataclass(frozen=True)
class Parsed:
    """What a parser made of the raw answers: files written in the staging folder, and facts."""

    files: tuple[OutputFile, ...]
    summary: str = ""                                   # French sentence for the description
    rows: int = 0                                       # main table rows (0 = no data for the commune)
    temporal: tuple[dt.date, dt.date] | None = None     # period covered, when it is known
    facts: Mapping[str, Any] = field(default_factory=dict)   # for the manifest (population, links…)

    @property
    def empty(self) -> bool:
        return self.rows == 0


def years_covered(years: set[int] | list[int]) -> tuple[dt.date, dt.date] | None:
    """The period from 1 January of the first year to 31 December of the last (None without years)."""
    return (dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)) if years else None


Parser = Callable[[Mapping[str, Path], Commune, Path], Parsed]
"""``parse(raw, commune, out_dir)``: read the cached answers ``raw`` (step name → file), write the
normalised files into ``out_dir`` and describe them; raise :class:`FormatChanged` on a bad shape."""


@dataclass(frozen=True)
class Source:
    """A national source of data about the commune."""

    name: str                      # used on the command line, in the cache and data folders
    dataset_id: str                # written as datasets/<dataset_id>.yml
    title: str                     # French title of the dataset
    description: str               # French Markdown: what the data is, its limits
    producer: Producer
    licence: str                   # a licence id of portalgen.licences
    frequency: Frequency           # how often the source is updated
    theme: str
    keywords: tuple[str, ...]
    documentation: tuple[str, ...]  # official documentation of the endpoint and format
    steps: tuple[Step, ...]
    parse: Parser
    datagouv_url: str | None = None   # the source dataset on data.gouv.fr
    stops_on_missing_commune: bool = False  # a 404 here means the INSEE code itself is wrong
