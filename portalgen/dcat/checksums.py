"""SHA256SUMS: the checksum of every published file, in the format `sha256sum -c` reads.

The catalogue carries no spdx:checksum (udata rejects the form DCAT-AP requires), so this file
and the dataset pages are where reusers verify downloads. Run `sha256sum -c SHA256SUMS` at the
root of the published site.
"""

from __future__ import annotations

from .. import routes
from ..model import Site


def checksum_lines(site: Site) -> list[str]:
    """'<sha256>  datasets/<id>/<file>' for every local file, sorted by path."""
    lines = {}
    for dataset in site.datasets:
        for resource in dataset.resources:
            for published in resource.all_files:
                path = routes.dataset_file(dataset.id, published.filename)
                lines[path] = f"{published.sha256}  {path}"
    return [lines[path] for path in sorted(lines)]


def sha256sums(site: Site) -> bytes:
    lines = checksum_lines(site)
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
