#!/usr/bin/env python3
"""CPU cost of the per-resource data work (the enrich stage's ``process_resource_steps``), in one process.

Run from the repository root::

    python bench/bench_enrich.py                    # 200 datasets of 20 rows: ms of CPU per resource
    python bench/bench_enrich.py --datasets 500 --rows 200
    python bench/bench_enrich.py --profile 30       # and the 30 costliest functions under cProfile
    python bench/bench_enrich.py --cache            # through the result cache, as a build runs it
    python bench/bench_enrich.py --one-by-one       # each table through every step before the next table

A synthetic site (bench_build.write_site: one CSV per dataset, a tenth with coordinates) is written
in a temporary folder, read, and each of its tabular resources processed into a fresh folder, with
no result cache and no worker process, in lockstep groups of ``tables.BATCH_SIZE`` as a build's workers
run them (``--one-by-one``: each table alone, to see what the lockstep saves; see portalgen/lockstep.py). The first resources are processed once before measuring,
so imports and per-process set-up are not counted; the best of a few runs is kept (CPU time varies
when other work shares the machine), and the first run is printed too: the later ones reuse the
per-process caches (the personal-data signals of each cell text), which a build's workers fill
as they go, so a build pays about the first run's cost. Printed: CPU milliseconds per resource, and the
CPU time of the common base stage (catalogue.csv validation included) for the whole site, without
its cache.

With ``--cache``, each resource goes through the result cache as a build's worker runs it
(``tables._run_all``: the work, then the entry stored in a fresh cache folder beside the site), so
the cost of writing the entries (files, folders, renames: much of it system time) is counted.
"""

from __future__ import annotations

import argparse
import gc
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import bench_build  # noqa: E402

from portalgen.enrich import commonbase, tables  # noqa: E402
from portalgen.lockstep import run_in_lockstep  # noqa: E402
from portalgen.enrich.stage import EnrichContext  # noqa: E402
from portalgen.pipeline import BUILD_YOUNG_COLLECTION_EVERY, read_site  # noqa: E402

WARM_UP = 5


def process_all(site, jobs, out: Path, cache_root: Path, through_cache: bool = False, group: int = 0) -> None:
    group = group or tables.BATCH_SIZE
    batches = [jobs[start:start + group] for start in range(0, len(jobs), group)]
    if through_cache:
        for batch in batches:
            tables._run_all(batch, out, site.root)
        return
    for number, batch in enumerate(batches):
        folders = [out / f"r{number:05d}-{index}" for index in range(len(batch))]
        for folder in folders:
            folder.mkdir()
        run_in_lockstep([tables._work(job, cache_root, site.root)(folder) for job, folder in zip(batch, folders)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=200)
    parser.add_argument("--rows", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="measure this many times, print the best")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also profile with cProfile and print the N costliest functions")
    parser.add_argument("--sort", default="cumulative", help="profile order: cumulative (default) or tottime")
    parser.add_argument("--cache", action="store_true",
                        help="run each resource through the result cache (tables._run_all), entries included")
    parser.add_argument("--one-by-one", action="store_true",
                        help="each table through every step before the next (a build runs them in lockstep)")
    args = parser.parse_args(argv)
    gc.set_threshold(BUILD_YOUNG_COLLECTION_EVERY, 10, 10)  # the collector as a build sets it
    with tempfile.TemporaryDirectory(prefix="bench-enrich-") as work:
        root = Path(work) / "site"
        bench_build.write_site(root, args.datasets, args.rows)
        site, _ = read_site(root)
        jobs = list(tables._plan(site).values())
        cache_root = Path(work) / "cache"
        group = 1 if args.one_by_one else 0
        process_all(site, jobs[:WARM_UP], Path(tempfile.mkdtemp(dir=work)), cache_root, args.cache, group)

        times = []
        for _ in range(args.repeat):
            start = time.process_time()
            process_all(site, jobs, Path(tempfile.mkdtemp(dir=work)), cache_root, args.cache, group)
            times.append(time.process_time() - start)
        print(f"{'_run_all (through the cache)' if args.cache else 'the work'}"
              f"{', one by one' if args.one_by_one else ', in lockstep'}: {len(jobs)} resources of {args.rows} rows, "
              f"{min(times) * 1000 / len(jobs):.2f} ms CPU per resource (best of {args.repeat}: "
              + ", ".join(f"{t:.2f}" for t in times) + " s); first run "
              f"{times[0] * 1000 / len(jobs):.2f} ms (what a build pays: later runs find every cell "
              "text in the per-process caches)")

        enriched, _ = tables.enrich(site, EnrichContext(cache_dir=cache_root / "stage"))
        times = []
        for _ in range(args.repeat + 1):  # the first run imports frictionless: not counted
            start = time.process_time()
            commonbase.enrich(enriched, EnrichContext(cache_dir=Path(tempfile.mkdtemp(dir=work))))
            times.append(time.process_time() - start)
        print(f"common base stage (catalogue.csv validated, no cache): {min(times[1:]) * 1000:.0f} ms CPU "
              f"for {args.datasets} datasets")

        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            process_all(site, jobs, Path(tempfile.mkdtemp(dir=work)), cache_root, args.cache, group)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
