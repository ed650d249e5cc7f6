"""The enrich stage: every enricher in order, each returning a new site and its findings.

An enricher is a function ``(site, context) -> (site, findings)``; it must not write into
the output (the render stage does) and may use ``context.cache_dir`` for costly work.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import Finding
from ..model import Site
from . import quality, tables


@dataclass(frozen=True)
class EnrichContext:
    cache_dir: Path


Enricher = Callable[[Site, EnrichContext], tuple[Site, list[Finding]]]

ENRICHERS: tuple[Enricher, ...] = (
    tables.enrich,
    quality.enrich,
)


def enrich_site(site: Site, *, cache_dir: Path) -> tuple[Site, list[Finding]]:
    context = EnrichContext(cache_dir=cache_dir)
    findings: list[Finding] = []
    for enricher in ENRICHERS:
        site, found = enricher(site, context)
        findings += found
    return site, findings
