"""Third-party browser libraries, served from the site itself (never from a CDN).

Leaflet and Leaflet.markercluster come from the ``xstatic-leaflet`` and
``xstatic-leaflet-markercluster`` PyPI packages, copied into ``assets/vendor/`` at build time:
they are not kept in this repository.
"""

from __future__ import annotations

from pathlib import Path

from .. import routes
from ..output import OutputPlan

LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                 "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png")
CLUSTER_FILES = ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")


def _strip_source_map(path: Path) -> bytes:
    # The packages' minified files point to .map files that are only useful to developers.
    data = path.read_bytes()
    if path.suffix in (".js", ".css"):
        lines = [line for line in data.split(b"\n") if not line.lstrip().startswith((b"//# sourceMappingURL", b"/*# sourceMappingURL"))]
        data = b"\n".join(lines)
    return data


def add_map_libraries(plan: OutputPlan) -> None:
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as cluster
    for base, names, folder in ((Path(leaflet.BASE_DIR), LEAFLET_FILES, "leaflet"),
                                (Path(cluster.BASE_DIR), CLUSTER_FILES, "leaflet-markercluster")):
        for name in names:
            plan.add(routes.asset(f"vendor/{folder}/{name}"), _strip_source_map(base / name), "map libraries")
