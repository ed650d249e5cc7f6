"""An enricher putting the national manifest on ``site.extras["national"]`` for the templates.

``site.extras["national_boundary"]`` gets the boundary's GeoJSON text (for the home map, inline),
when the boundary dataset is part of the site.

To enable it, add ``national.enrich`` to ``ENRICHERS`` in :mod:`portalgen.enrich.stage`. Only the
national datasets that the site really has (read without errors) are kept, so a template can
trust every id it finds there.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import Finding
from ..model import Site
from .manifest import load_manifest

EXTRAS_KEY = "national"
BOUNDARY_KEY = "national_boundary"


def enrich(site: Site, context: object = None) -> tuple[Site, list[Finding]]:
    manifest = load_manifest(site.root)
    if manifest is None or manifest.insee != site.config.commune.insee:
        return site, []
    present = {dataset.id for dataset in site.datasets}
    manifest = replace(manifest, datasets=tuple(d for d in manifest.datasets if d.id in present))
    if manifest.boundary_dataset not in present:
        manifest = replace(manifest, boundary_path=None, boundary_dataset=None)
    extras = {**site.extras, EXTRAS_KEY: manifest}
    boundary = manifest.boundary_geojson(site.root)
    if boundary:
        extras[BOUNDARY_KEY] = boundary.strip()
    return replace(site, extras=extras), []
