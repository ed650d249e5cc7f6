"""Machine-readable metadata files: the DCAT catalogue (catalog.ttl, catalog.rdf, catalog.jsonld and
their Hydra pages), SHA256SUMS, sitemap.xml, robots.txt and the Atom feed of the datasets."""

from __future__ import annotations

import gc
import multiprocessing

from ..dcat.publish import catalogue_files, catalogue_pages, metadata_files
from ..enrich.quality import site_url_findings
from ..workers import cores_to_fork_on

#: From this many datasets, the catalogue is made in a forked process while the pages are rendered.
PARALLEL_FROM = 50
#: From this many datasets, the catalogue's pages are shared between two processes, on two cores
#: too. The catalogue is a third of the stage's work: made by one process among the build process
#: and the two page workers, it got a quarter of the two cores' time while they ran, and was left
#: alone on one core for its last part, the other idle. Two processes, each with half of it,
#: end with the others, and the stage ends sooner for the same work.
SPLIT_FROM = 500
_BACKGROUND: tuple = ()


def _page_size(site) -> int:
    return site.config.dcat_page_size


def _catalogue_in_background(pages: range | None = None):
    # The site model this forked process inherits is never garbage: frozen, the collector stops
    # walking it at every full collection (a quarter of the catalogue's time on 10,000 datasets)
    # and leaves its memory pages shared with the parent.
    gc.freeze()
    site, page_size = _BACKGROUND
    return catalogue_files(site, page_size, pages=pages)


def shares(page_count: int, processes: int) -> list[range]:
    """Page numbers 1..page_count in ``processes`` consecutive ranges of (nearly) equal length."""
    size, extra = divmod(page_count, processes)
    ranges, start = [], 1
    for index in range(processes):
        stop = start + size + (1 if index < extra else 0)
        ranges.append(range(start, stop))
        start = stop
    return [r for r in ranges if len(r)]


class CatalogueJobs:
    """The catalogue being made in forked processes, each a share of its pages."""

    def __init__(self, jobs: list):
        self.jobs = jobs

    def get(self) -> list:
        files = [item for job in self.jobs for item in job.get()]
        return sorted(files, key=lambda f: f.path)


def catalogue_processes(dataset_count: int, cores: int) -> int:
    """How many processes make the catalogue beside the page rendering (0: none, do it inline)."""
    if dataset_count < PARALLEL_FROM or cores < 2:
        return 0
    return 2 if dataset_count >= SPLIT_FROM else 1


def start_catalogue(site):
    """Start making the DCAT catalogue in forked processes (they inherit the site model, nothing is
    copied); returns a handle for render_metadata, or None when it is not worth it."""
    global _BACKGROUND
    processes = catalogue_processes(len(site.datasets), cores_to_fork_on())
    if not site.config.site_url or not processes:
        return None
    page_size = _page_size(site)
    _BACKGROUND = (site, page_size)
    page_count = len(catalogue_pages(site.datasets, page_size))
    pool = multiprocessing.get_context("fork").Pool(processes)
    jobs = [pool.apply_async(_catalogue_in_background, (share,)) for share in shares(page_count, processes)]
    pool.close()
    _BACKGROUND = ()
    return CatalogueJobs(jobs)


def render_metadata(renderer) -> None:
    """Add every metadata file to the output plan; without site_url, add the error instead."""
    site = renderer.site
    if not site.config.site_url:
        # Normally reported earlier by the quality enricher (so `check` shows it); kept here so a
        # build can never publish a catalogue with relative or missing addresses.
        renderer.plan.findings.extend(f for f in site_url_findings(site) if f.code == "site-url-missing")
        return
    page_size = _page_size(site)
    rendered_pages = tuple(path for path in renderer.plan.files if path.endswith(".html"))
    job = getattr(renderer, "catalogue_job", None)
    catalogue = job.get() if job is not None else None
    for item in metadata_files(site, page_size, rendered_pages, catalogue):
        renderer.plan.add(item.path, item.content, item.owner)
