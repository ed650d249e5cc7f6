"""Machine-readable metadata files: the DCAT catalogue (catalog.ttl, catalog.rdf, catalog.jsonld and
their Hydra pages), SHA256SUMS, sitemap.xml, robots.txt and the Atom feed of the datasets."""

from __future__ import annotations

import multiprocessing
import os

from ..dcat.publish import catalogue_files, metadata_files
from ..enrich.quality import site_url_findings



#: From this many datasets, the catalogue is made in a second process while the pages are rendered.
PARALLEL_FROM = 50
_BACKGROUND: tuple = ()


def _page_size(site) -> int:
    return site.config.dcat_page_size


def _catalogue_in_background():
    site, page_size = _BACKGROUND
    return catalogue_files(site, page_size)


def start_catalogue(site):
    """Start making the DCAT catalogue in a forked process (it inherits the site model, nothing is
    copied); returns a handle for render_metadata, or None when it is not worth it."""
    global _BACKGROUND
    if not site.config.site_url or len(site.datasets) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return None
    _BACKGROUND = (site, _page_size(site))
    pool = multiprocessing.get_context("fork").Pool(1)
    job = pool.apply_async(_catalogue_in_background)
    pool.close()
    _BACKGROUND = ()
    return job


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
