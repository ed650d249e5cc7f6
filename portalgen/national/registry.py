"""Every national source, in the order they are fetched: the commune first (it checks the INSEE code)."""

from __future__ import annotations

from . import adresses, budget, commune, datagouv, elections
from .names import SOURCE_NAMES
from .source import Source

SOURCES: tuple[Source, ...] = (
    commune.SOURCE,
    adresses.SOURCE,
    budget.SOURCE,
    elections.SOURCE,
    datagouv.SOURCE,
)

__all__ = ["SOURCES", "SOURCE_NAMES", "source_by_name"]


def source_by_name(name: str) -> Source | None:
    return next((source for source in SOURCES if source.name == name), None)
