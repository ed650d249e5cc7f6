"""The enrich stage: every enricher in order, each returning a new site and its findings.

An enricher is a function ``(site, context) -> (site, findings)``; it must not write into
the output (the render stage does) and may use ``context.cache_dir`` for costly work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import Finding
from ..model import Site
from ..progress import Progress
from ..national import enrich as national
from . import commonbase, quality, tables


@dataclass(frozen=True)
class EnrichContext:
    cache_dir: Path
    progress: Progress = field(default_factory=Progress)


Enricher = Callable[[Site, EnrichContext], tuple[Site, list[Finding]]]

ENRICHERS: tuple[Enricher, ...] = (
    tables.enrich,
    national.enrich,
    commonbase.enrich,
    quality.enrich,
)


def enrich_site(site: Site, *, cache_dir: Path, progress: Progress | None = None) -> tuple[Site, list[Finding]]:
    context = EnrichContext(cache_dir=cache_dir, progress=progress or Progress())
    findings: list[Finding] = []
    for enricher in ENRICHERS:
        site, found = enricher(site, context)
        findings += found
    return site, findings
