#!/usr/bin/env python3
"""CPU time of reading and rendering, per dataset, on a generated site (the data work is cached).

Run from the repository root::

    python bench/bench_render.py                       # 1,000 datasets in a temporary folder
    python bench/bench_render.py --datasets 1000 --site /tmp/bench-site   # kept (and reused) there

The site is written by bench_build.write_site (one 20-row CSV per dataset, a tenth with
coordinates) and enriched once, with its cache kept in the site folder, so a second run measures
only what this script is about. Printed, in CPU milliseconds per dataset:

- read: loading portal.yml and datasets/*.yml and reading the datasets (pipeline.read_site);
- dataset pages: rendering every dataset page in this process (pages.dataset_page);
- render: the whole render stage but the DCAT catalogue and the other metadata files (measured by
  bench_build and the dcat tests), with the CPU of its worker processes (on 200+ datasets, dataset
  pages are rendered by two forked workers).
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import bench_build  # noqa: E402

from portalgen.enrich import enrich_site  # noqa: E402
from portalgen.output import OutputPlan  # noqa: E402
from portalgen.pipeline import BUILD_YOUNG_COLLECTION_EVERY, CACHE_DIR, read_site  # noqa: E402
from portalgen.render import metadata, pages  # noqa: E402
from portalgen.theme import load_theme  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=20)
    parser.add_argument("--site", type=Path, help="the site folder (written when missing, reused otherwise)")
    args = parser.parse_args(argv)
    gc.set_threshold(BUILD_YOUNG_COLLECTION_EVERY, 10, 10)  # the collector as a build sets it
    with tempfile.TemporaryDirectory() as tmp:
        root = args.site or Path(tmp) / "site"
        if not (root / "portal.yml").exists():
            bench_build.write_site(root, args.datasets, args.rows)
        count = len(list((root / "datasets").glob("*.yml")))

        start = time.process_time()
        site, _ = read_site(root)
        read = time.process_time() - start
        site, _ = enrich_site(site, cache_dir=root / CACHE_DIR)
        theme = load_theme(site.config.theme, site.root, site.config.key_locations.get("theme"))

        renderer = pages.Renderer(site, theme, OutputPlan())
        pages.dataset_page(renderer, site.datasets[0])  # templates compiled before timing
        start = time.process_time()
        for dataset in site.datasets:
            pages.dataset_page(renderer, dataset)
        dataset_pages = time.process_time() - start

        summary = pages.SUMMARY_KINDS
        pages.SUMMARY_KINDS = tuple(k for k in summary if k is not metadata.render_metadata)
        start_catalogue, pages.start_catalogue = pages.start_catalogue, lambda site: None
        try:
            before, start = children_cpu(), time.process_time()
            pages.render_site(site, theme, OutputPlan())
            render_parent, render_workers = time.process_time() - start, children_cpu() - before
        finally:
            pages.SUMMARY_KINDS, pages.start_catalogue = summary, start_catalogue

    def per(seconds: float) -> str:
        return f"{seconds / count * 1000:6.2f} ms"

    print(f"{count:,} datasets, CPU per dataset:")
    print(f"  read           {per(read)}")
    print(f"  dataset pages  {per(dataset_pages)}  (in this process)")
    print(f"  render         {per(render_parent + render_workers)}  (this process {per(render_parent)}, "
          f"workers {per(render_workers)}; without the DCAT catalogue and metadata files)")
    print(f"  read + render  {per(read + render_parent + render_workers)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
