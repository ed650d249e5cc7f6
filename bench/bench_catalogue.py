#!/usr/bin/env python3
"""CPU time of the DCAT catalogue, per dataset, on a generated site (the data work is cached).

Run from the repository root::

    python bench/bench_catalogue.py                          # 1,000 datasets in a temporary folder
    python bench/bench_catalogue.py --site /tmp/bench-site   # kept (and reused) there
    python bench/bench_catalogue.py --profile 30             # and cProfile's top functions

Printed, in CPU milliseconds per dataset (best of ``--repeat`` runs): the whole catalogue
(publish.catalogue_files: every page, every format), then its steps on the same pages: the triples
(graph.catalogue_triples), their index and canonical order, and each writer.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import bench_build  # noqa: E402

from portalgen.dcat import publish  # noqa: E402
from portalgen.dcat.graph import catalogue_triples  # noqa: E402
from portalgen.dcat.triples import canonical, index  # noqa: E402
from portalgen.enrich import enrich_site  # noqa: E402
from portalgen.pipeline import CACHE_DIR, read_site  # noqa: E402


def best_cpu(function, repeat: int) -> float:
    """The least CPU time (seconds) of ``repeat`` calls of ``function``."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--site", type=Path, help="the site folder (written when missing, reused otherwise)")
    parser.add_argument("--profile", type=int, default=0, help="print this many functions of cProfile's output")
    parser.add_argument("--sort", default="tottime")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = args.site or Path(tmp) / "site"
        if not (root / "portal.yml").exists():
            bench_build.write_site(root, args.datasets, args.rows)
        site, _ = read_site(root)
        site, _ = enrich_site(site, cache_dir=root / CACHE_DIR)
    gc.freeze()  # as the build's catalogue processes do (render.metadata)
    count = len(site.datasets)
    page_size = site.config.dcat_page_size
    chunks = publish.catalogue_pages(site.datasets, page_size)

    def whole():
        publish.catalogue_files(site, page_size)

    def triples():
        return [catalogue_triples(site, chunk, all_datasets=site.datasets) for chunk in chunks]

    made = triples()
    indexed = [canonical(index(t)) for t in made]
    steps = {"triples": triples, "index + canonical": lambda: [canonical(index(t)) for t in made]}
    for name, writer in publish.WRITERS.items():
        steps[name] = lambda writer=writer: [writer(spo) for spo in indexed]

    def per(seconds: float) -> str:
        return f"{seconds / count * 1000:6.3f} ms"

    whole()  # caches warmed before timing
    print(f"{count:,} datasets ({len(chunks)} pages), CPU per dataset, best of {args.repeat}:")
    print(f"  catalogue files    {per(best_cpu(whole, args.repeat))}")
    for name, step in steps.items():
        print(f"    {name:<17}{per(best_cpu(step, args.repeat))}")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(whole)
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
