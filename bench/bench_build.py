#!/usr/bin/env python3
"""Build performance on generated sites: time, pages per second, peak memory, output size.

Run from the repository root::

    python bench/bench_build.py                          # 100 and 1,000 datasets, 20 rows each (~2 min)
    python bench/bench_build.py --sizes 100,1000,10000   # the figures of README's Performance section
    python bench/bench_build.py --sizes 100,500 --rows 200
    python bench/bench_build.py --sizes 10000 --keep /tmp/bench-sites

For each size N a synthetic site is written in a temporary folder: N datasets (one small CSV of
``--rows`` rows each, a tenth of them with coordinates, spread over a few themes and producers),
a handful of news posts, pages and reuses. Then, each in a child process:

- a full build with an empty output folder and no cache (``portalgen build SITE -o OUT -q``);
- a rebuild with nothing changed (same output folder and cache).

Printed per size: build time (wall clock, and CPU time of the build and its worker processes),
pages per second, peak memory (the largest resident set size of the build process or any of its
workers, from wait4), output size and file count, and the no-change rebuild time as a share of
the full build. Targets (issue #11): 10,000 datasets in well under a minute on 2 cores,
time growing linearly with N, a no-change rebuild in at most 5 % of a full build.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

THEMES = ("Économie et finances", "Transports", "Environnement", "Éducation, culture et sport", "Santé",
          "Régions et villes", "Population et société", "Énergie")
PRODUCERS = ("Services techniques", "Direction des finances", "Service culture", "Centre communal d'action sociale")
FREQUENCIES = ("irregular", "never")  # no "update overdue" warning, whatever today's date
WORDS = ("budget", "école", "vélo", "parking", "bibliothèque", "déchets", "eau", "subvention", "marché",
         "éclairage", "arbre", "piscine", "cimetière", "salle", "association", "travaux")


@dataclass(frozen=True)
class RunResult:
    """One build of a site in a child process."""

    seconds: float
    cpu_seconds: float       # user + system time of the build process
    peak_rss_bytes: int
    exit_code: int
    stderr: str
    stages: dict[str, float]  # seconds per pipeline stage (read, enrich, render, write)

    def stages_text(self) -> str:
        return ", ".join(f"{name} {seconds:.1f}" for name, seconds in self.stages.items()) or "up to date"


@dataclass(frozen=True)
class SizeResult:
    """The figures for one site size."""

    datasets: int
    rows: int
    generate_seconds: float
    full: RunResult
    rebuild: RunResult | None
    pages: int
    files: int
    output_bytes: int

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.full.seconds if self.full.seconds else 0.0

    @property
    def rebuild_share(self) -> float | None:
        if self.rebuild is None or not self.full.seconds:
            return None
        return self.rebuild.seconds / self.full.seconds

    def rebuild_text(self) -> str:
        if self.rebuild is None:
            return "not measured"
        return f"{self.rebuild.seconds:.1f} s ({self.rebuild_share:.0%})"


# ------------------------------------------------------------------------------------------
# Generating a site
# ------------------------------------------------------------------------------------------

def portal_yml(datasets: int) -> str:
    """The commune's portal.yml, complete as portal.yml asks (its SIRET given: without it every row of
    catalogue.csv fails the SCDL check, which then costs ~5 times more, ~4 s of a 10,000-dataset build)."""
    return (f"title: Données ouvertes de Bancville ({datasets} jeux)\n"
            "tagline: Un site généré pour mesurer la construction\n"
            "description: Site de mesure, généré par bench/bench_build.py.\n"
            "commune:\n  name: Bancville\n  insee: \"35238\"\n  siret: \"21350238800019\"\n"
            "  latitude: 48.11\n  longitude: -1.68\n"
            "site_url: https://donnees.bancville.example/\n"
            "publisher:\n  name: Mairie de Bancville\n  email: mairie@bancville.example\n"
            "contact:\n  email: donnees@bancville.example\n")


def dataset_yml(number: int) -> str:
    word = WORDS[number % len(WORDS)]
    other = WORDS[(number * 7 + 3) % len(WORDS)]
    month = number % 12 + 1
    return (f"title: Jeu de données {number} – {word} et {other}\n"
            f"description: |\n  Données sur {word} ({other}) de la commune, série n° {number}.\n\n"
            f"  Chaque ligne est un relevé ; les montants sont en euros.\n"
            f"resources:\n  - path: jeu-{number:05d}.csv\n    title: Relevés {number}\n"
            f"    description: Une ligne par relevé, avec sa date, son libellé et son montant.\n"
            f"keywords: [{word}, {other}]\n"
            f"theme: {THEMES[number % len(THEMES)]}\n"
            f"producer: {PRODUCERS[number % len(PRODUCERS)]}\n"
            f"frequency: {FREQUENCIES[number % len(FREQUENCIES)]}\n"
            f"temporal: {{start: 2024-01-01, end: 2024-12-31}}\n"
            f"issued: 2023-{month:02d}-01\nmodified: 2024-{month:02d}-15\n"
            + ("featured: true\n" if number < 4 else ""))


def dataset_csv(number: int, rows: int) -> str:
    geo = number % 10 == 0
    header = "id,date,libelle,categorie,montant" + (",latitude,longitude" if geo else "")
    lines = [header]
    for row in range(rows):
        line = (f"{row + 1},2024-{row % 12 + 1:02d}-{row % 28 + 1:02d},Relevé {row + 1} du jeu {number},"
                f"{WORDS[(row + number) % len(WORDS)]},{(row * 37 + number) % 10_000 / 10:.1f}")
        if geo:
            line += f",{48.10 + (row % 50) / 1000:.4f},{-1.70 + (row % 40) / 1000:.4f}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def write_site(root: Path, datasets: int, rows: int) -> None:
    """A synthetic site with ``datasets`` datasets of ``rows`` rows each, plus a few documents."""
    for folder in ("datasets", "data", "news", "pages", "reuses"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "portal.yml").write_text(portal_yml(datasets), encoding="utf-8")
    for number in range(datasets):
        (root / "datasets" / f"jeu-{number:05d}.yml").write_text(dataset_yml(number), encoding="utf-8")
        (root / "data" / f"jeu-{number:05d}.csv").write_text(dataset_csv(number, rows), encoding="utf-8")
    for number in range(1, 6):
        (root / "news" / f"actualite-{number}.md").write_text(
            f"---\ntitle: Actualité {number}\ndate: 2024-0{number}-10\ndatasets: [jeu-{number:05d}]\n---\n"
            f"Nouvelles données publiées.\n", encoding="utf-8")
        (root / "reuses" / f"reutilisation-{number}.md").write_text(
            f"---\ntitle: Réutilisation {number}\ntype: visualisation\nurl: https://example.org/{number}\n"
            f"datasets: [jeu-{number:05d}]\n---\nUne visualisation.\n", encoding="utf-8")
    (root / "pages" / "a-propos.md").write_text("---\ntitle: À propos\nnav: true\n---\nSite de mesure.\n",
                                                encoding="utf-8")


# ------------------------------------------------------------------------------------------
# Measuring
# ------------------------------------------------------------------------------------------

def run_build(site: Path, out: Path) -> RunResult:
    """A build (what ``portalgen build SITE -o OUT -q`` does, see build_child.py) in a child process: wall
    time, CPU time and peak RSS of the child and its workers (wait4), and the stage timings."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    timings = out.parent / f"{out.name}.timings.json"
    timings.unlink(missing_ok=True)
    command = [sys.executable, str(REPO / "bench" / "build_child.py"), str(site), str(out), str(timings)]
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=REPO)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    stages = json.loads(timings.read_text(encoding="utf-8")) if timings.exists() else {}
    timings.unlink(missing_ok=True)
    return RunResult(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, child.returncode, stderr,
                     stages)


def output_figures(out: Path) -> tuple[int, int, int]:
    """(HTML pages, files, bytes) of a built site."""
    pages = files = size = 0
    for path in out.rglob("*"):
        if path.is_file():
            files += 1
            size += path.stat().st_size
            pages += path.suffix == ".html"
    return pages, files, size


def measure(datasets: int, rows: int, work: Path, rebuild: bool = True) -> SizeResult:
    site, out = work / f"site-{datasets}", work / f"out-{datasets}"
    start = time.perf_counter()
    write_site(site, datasets, rows)
    generated = time.perf_counter() - start
    full = run_build(site, out)
    if full.exit_code != 0:
        raise SystemExit(f"the build of {datasets} datasets failed (exit {full.exit_code}):\n{full.stderr[-3000:]}")
    again = run_build(site, out) if rebuild else None
    if again is not None and again.exit_code != 0:
        raise SystemExit(f"the rebuild of {datasets} datasets failed (exit {again.exit_code}):\n{again.stderr[-3000:]}")
    pages, files, size = output_figures(out)
    return SizeResult(datasets, rows, generated, full, again, pages, files, size)


# ------------------------------------------------------------------------------------------
# Reporting
# ------------------------------------------------------------------------------------------

def format_table(results: list[SizeResult]) -> str:
    header = ("| datasets | rows each | full build | CPU time | pages | pages/s | peak memory | output | files "
              "| no-change rebuild |")
    lines = [header, "|" + "---:|" * (header.count("|") - 1)]
    for r in results:
        lines.append(f"| {r.datasets:,} | {r.rows} | {r.full.seconds:.1f} s | {r.full.cpu_seconds:.1f} s | {r.pages:,} "
                     f"| {r.pages_per_second:,.0f} | {r.full.peak_rss_bytes / 2**20:,.0f} MiB "
                     f"| {r.output_bytes / 1e6:,.1f} MB | {r.files:,} | {r.rebuild_text()} |")
    return "\n".join(lines)


def scaling_note(results: list[SizeResult]) -> str:
    """Seconds per 1,000 datasets for each size: equal figures mean linear growth."""
    parts = [f"{r.datasets:,}: {1000 * r.full.seconds / r.datasets:.2f} s" for r in results if r.datasets]
    return "seconds per 1,000 datasets — " + ", ".join(parts)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a list of numbers, e.g. 100,1000,10000') from None
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("sizes must be whole numbers of at least 1, e.g. 100,1000,10000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[100, 1000],
                        help="numbers of datasets, comma-separated (default 100,1000: about two minutes on "
                             "2 cores; the figures of README: 100,1000,10000)")
    parser.add_argument("--rows", type=int, default=20, help="rows in each dataset's CSV (default 20)")
    parser.add_argument("--keep", metavar="DIR", help="write the sites and outputs into DIR and keep them")
    parser.add_argument("--no-rebuild", action="store_true", help="skip the no-change rebuild (halves the run time)")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows must be at least 1")

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="portalgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"portalgen build benchmark — Python {sys.version.split()[0]} (from {sys.base_prefix}), {os.cpu_count()} CPUs, "
          f"work folder {work}", flush=True)
    results = []
    try:
        for size in args.sizes:
            result = measure(size, args.rows, work, rebuild=not args.no_rebuild)
            results.append(result)
            print(f"  {size:>6,} datasets: full {result.full.seconds:6.1f} s (CPU {result.full.cpu_seconds:.1f} s), "
                  f"{result.pages_per_second:6,.0f} pages/s, peak {result.full.peak_rss_bytes / 2**20:5,.0f} MiB, "
                  f"rebuild {result.rebuild_text()} [site generated in {result.generate_seconds:.1f} s]\n"
                  f"          stages (s): {result.full.stages_text()}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(format_table(results))
    print()
    print(scaling_note(results))
    print(f"reproduce: python bench/bench_build.py --sizes {','.join(map(str, args.sizes))} --rows {args.rows}"
          + (" --no-rebuild" if args.no_rebuild else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
