"""Machine-readable metadata files: the DCAT catalogue (catalog.ttl, catalog.rdf, catalog.jsonld and
their Hydra pages), SHA256SUMS, sitemap.xml, robots.txt and the Atom feed of the datasets."""

from __future__ import annotations

from ..dcat.graph import DEFAULT_PAGE_SIZE
from ..dcat.publish import metadata_files
from ..enrich.quality import site_url_findings

# Datasets per catalogue page (data.gouv.fr follows hydra:next). Until SiteConfig has a
# `dcat_page_size` key, tests change this constant.
DCAT_PAGE_SIZE = DEFAULT_PAGE_SIZE


def render_metadata(renderer) -> None:
    """Add every metadata file to the output plan; without site_url, add the error instead."""
    site = renderer.site
    if not site.config.site_url:
        # Normally reported earlier by the quality enricher (so `check` shows it); kept here so a
        # build can never publish a catalogue with relative or missing addresses.
        renderer.plan.findings.extend(f for f in site_url_findings(site) if f.code == "site-url-missing")
        return
    page_size = getattr(site.config, "dcat_page_size", None) or DCAT_PAGE_SIZE
    rendered_pages = tuple(path for path in renderer.plan.files if path.endswith(".html"))
    for item in metadata_files(site, page_size, rendered_pages):
        renderer.plan.add(item.path, item.content, item.owner)
