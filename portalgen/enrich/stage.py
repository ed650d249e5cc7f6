"""The enrich stage: every enricher in order, each returning a new site and its findings.

An enricher is a function ``(site, context) -> (site, findings)``; it must not write into
the output (the render stage does) and may use ``context.cache_dir`` for costly work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
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
    #: Called while the data work's worker processes run, the build process mostly waiting for them: work
    #: a later enricher would otherwise do while a core is idle (see :func:`commonbase.prepare_catalogue_check`).
    while_data_workers_run: Callable[[], None] = lambda: None
    #: Called as the data work's results arrive: the build's ``settle()`` (see
    #: :func:`portalgen.pipeline._collector_set_for_a_build`), which puts them out of the collector's sight.
    settle: Callable[[], None] = lambda: None


Enricher = Callable[[Site, EnrichContext], tuple[Site, list[Finding]]]


def commonbase_and_quality(site: Site, context: EnrichContext) -> tuple[Site, list[Finding]]:
    """``commonbase.enrich`` then ``quality.enrich``: the same site and the same findings in the same order, with
    the quality scoring done while the common base waits for its forked check of catalogue.csv (on 10,000
    datasets, most of a second the main process would otherwise spend alone on one core after that wait).
    Equal because quality reads nothing the common base sets (tested)."""
    checked, findings, (scored, quality_findings) = commonbase.enrich_meanwhile(
        site, context, lambda site: quality.enrich(site, context))
    return quality.scores_carried_over(checked, site, scored), findings + quality_findings


ENRICHERS: tuple[Enricher, ...] = (
    tables.enrich,
    national.enrich,
    commonbase_and_quality,
)


def enrich_site(site: Site, *, cache_dir: Path, progress: Progress | None = None,
                settle: Callable[[], None] = lambda: None) -> tuple[Site, list[Finding]]:
    context = EnrichContext(cache_dir=cache_dir, progress=progress or Progress(),
                            while_data_workers_run=partial(commonbase.prepare_catalogue_check, site), settle=settle)
    findings: list[Finding] = []
    for enricher in ENRICHERS:
        site, found = enricher(site, context)
        findings += found
    return site, findings
