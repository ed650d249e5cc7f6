#!/usr/bin/env python3
"""A syndicat's build: N communes × D datasets with ``portalgen build-all``, with --jobs 1 and --jobs 2.

Run from the repository root::

    python bench/bench_syndicat.py                          # 200 communes × 10 datasets (issue #10)
    python bench/bench_syndicat.py --communes 20            # a quick look
    python bench/bench_syndicat.py --communes 200 --jobs 1,2,4 --keep /tmp/bench-syndicat

A synthetic syndicat is written in a temporary folder: syndicat.yml with shared defaults and
``--communes`` commune folders, each with ``--datasets`` datasets of ``--rows`` rows (every
commune's files differ, so the shared cache cannot reuse one commune's work for another; one
dataset in five follows an SCDL schema and is validated). Then, for each --jobs value, in a child
process, with an empty output folder and an empty cache: ``portalgen build-all SYNDICAT -o OUT
--jobs N -q``; with ``--rebuild``, once more with nothing changed (output and caches kept).

Printed per run: wall time, communes per minute, CPU time (the build and all its workers),
peak memory of the largest single process (wait4's maxrss) and peak memory of the whole process
tree (the sum of the resident sets of the build and its workers, sampled every 0.2 s), and the
output's size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORDS = ("budget", "école", "vélo", "parking", "bibliothèque", "déchets", "eau", "subvention", "marché",
         "éclairage", "arbre", "piscine", "cimetière", "salle", "association", "travaux")
FREQUENCIES = ("annual", "monthly", "irregular", "quarterly", "never")


@dataclass(frozen=True)
class Run:
    jobs: int
    seconds: float
    cpu_seconds: float
    largest_rss: int          # bytes, the largest single process
    tree_rss: int             # bytes, the sampled peak of the whole process tree
    exit_code: int
    stderr: str


# ------------------------------------------------------------------------------------------
# Generating a syndicat
# ------------------------------------------------------------------------------------------

SYNDICAT_YML = """\
name: Syndicat mixte de mesure
site_url: https://opendata.mesure.example/
description: Syndicat généré par bench/bench_syndicat.py.
publisher:
  name: Syndicat mixte de mesure
  email: contact@mesure.example
defaults:
  licence: lov2
  contact:
    email: opendata@mesure.example
  map:
    tiles: none
  legal:
    host:
      name: Syndicat mixte de mesure
"""


def portal_yml(number: int) -> str:
    return (f"title: Données ouvertes de Bancville-{number}\n"
            f"commune:\n  name: Bancville-{number}\n  insee: \"{35000 + number:05d}\"\n"
            f"  latitude: {47.0 + (number % 40) * 0.05:.4f}\n  longitude: {-2.0 + (number // 40) * 0.1:.4f}\n"
            f"publisher:\n  name: Mairie de Bancville-{number}\n")


def subventions_csv(commune: int, rows: int) -> str:
    header = ("nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,"
              "objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention")
    lines = [header]
    for row in range(rows):
        lines.append(f"Commune de Bancville-{commune},21350{commune:04d}00015,2024-{row % 12 + 1:02d}-10,,"
                     f"Association {row} de Bancville-{commune},,Fonctionnement {row},{100 + row * 10},"
                     f"aide en numéraire,unique,,,Non,1")
    return "\n".join(lines) + "\n"


def plain_csv(commune: int, number: int, rows: int) -> str:
    lines = ["id,date,libelle,categorie,montant"]
    for row in range(rows):
        lines.append(f"{row + 1},2024-{row % 12 + 1:02d}-{row % 28 + 1:02d},Relevé {row + 1} commune {commune},"
                     f"{WORDS[(row + number) % len(WORDS)]},{(row * 37 + number + commune) % 10_000 / 10:.1f}")
    return "\n".join(lines) + "\n"


def dataset_yml(commune: int, number: int, scdl: bool) -> str:
    word = WORDS[(number + commune) % len(WORDS)]
    return (f"title: {'Subventions' if scdl else 'Relevés'} {number} – {word}\n"
            f"description: |\n  Données sur {word} de la commune Bancville-{commune}, série {number}, mises à jour "
            f"par le secrétariat de mairie selon la fréquence indiquée.\n"
            f"resources:\n  - path: jeu-{number:02d}.csv\n    description: Une ligne par relevé.\n"
            f"keywords: [{word}]\n"
            + ("schema: scdl/subventions\n" if scdl else "")
            + f"frequency: {FREQUENCIES[(number + commune) % len(FREQUENCIES)]}\n"
            f"temporal: {{start: 2024-01-01, end: 2024-12-31}}\nmodified: 2024-{number % 12 + 1:02d}-15\n")


def write_syndicat(root: Path, communes: int, datasets: int, rows: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "syndicat.yml").write_text(SYNDICAT_YML, encoding="utf-8")
    for commune in range(communes):
        folder = root / "communes" / f"bancville-{commune:03d}"
        (folder / "datasets").mkdir(parents=True)
        (folder / "data").mkdir()
        (folder / "portal.yml").write_text(portal_yml(commune), encoding="utf-8")
        for number in range(datasets):
            scdl = number % 5 == 0
            (folder / "datasets" / f"jeu-{number:02d}.yml").write_text(dataset_yml(commune, number, scdl),
                                                                       encoding="utf-8")
            content = subventions_csv(commune, rows) if scdl else plain_csv(commune, number, rows)
            (folder / "data" / f"jeu-{number:02d}.csv").write_text(content, encoding="utf-8")


# ------------------------------------------------------------------------------------------
# Measuring
# ------------------------------------------------------------------------------------------

def _tree_rss(root_pid: int) -> int:
    """The summed resident set of ``root_pid`` and its descendants, from /proc (0 where unreadable)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, changed = {root_pid}, True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                changed = True
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def run_build_all(syndicat: Path, out: Path, cache: Path, jobs: int, fresh: bool = True) -> Run:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
           "SOURCE_DATE_EPOCH": "1735689600"}
    command = [sys.executable, "-c",
               "import sys; from pathlib import Path; from portalgen.syndicat.cli import run_build_all; "
               "import argparse; sys.exit(run_build_all(argparse.Namespace(syndicat=sys.argv[1], output=sys.argv[2], "
               "jobs=int(sys.argv[3]), shard=None, strict=False, quiet=True)))",
               str(syndicat), str(out), str(jobs)]
    if fresh:   # start without caches: the shared one (SYNDICAT/.portalgen-cache) and each commune's own
        shutil.rmtree(cache, ignore_errors=True)
        for own in syndicat.glob("communes/*/.portalgen-cache"):
            shutil.rmtree(own, ignore_errors=True)
    peak = [0]
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env, cwd=REPO)
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], _tree_rss(child.pid))
                stop.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    return Run(jobs, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, peak[0],
               os.waitstatus_to_exitcode(status), stderr)


def output_size(out: Path) -> tuple[int, int]:
    files = size = 0
    for path in out.rglob("*"):
        if path.is_file():
            files += 1
            size += path.stat().st_size
    return files, size


def mb(value: int) -> str:
    return f"{value / 1e6:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=200)
    parser.add_argument("--datasets", type=int, default=10, help="datasets per commune")
    parser.add_argument("--rows", type=int, default=30, help="rows per data file")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values (default 1,2)")
    parser.add_argument("--keep", type=Path, help="write the syndicat and outputs here and keep them")
    parser.add_argument("--rebuild", action="store_true",
                        help="then build again with the last --jobs value, nothing changed (caches and output kept)")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-syndicat-"))
    try:
        syndicat = work / "syndicat"
        shutil.rmtree(syndicat, ignore_errors=True)
        start = time.perf_counter()
        write_syndicat(syndicat, args.communes, args.datasets, args.rows)
        print(f"Generated {args.communes} communes × {args.datasets} datasets × {args.rows} rows "
              f"in {time.perf_counter() - start:.1f} s ({os.cpu_count()} CPUs).", flush=True)
        print("| --jobs | wall time | communes/min | CPU time | largest process | whole tree (sampled) | output |")
        print("|---:|---:|---:|---:|---:|---:|---:|", flush=True)
        runs = [(int(j), True) for j in args.jobs.split(",")]
        if args.rebuild:
            runs.append((runs[-1][0], False))
        for jobs, fresh in runs:
            out = work / f"out-jobs-{jobs}"
            if fresh:
                shutil.rmtree(out, ignore_errors=True)
            run = run_build_all(syndicat, out, syndicat / ".portalgen-cache", jobs, fresh)
            if run.exit_code != 0:
                print(f"build-all --jobs {jobs} failed (exit {run.exit_code}):\n{run.stderr[-3000:]}", file=sys.stderr)
                return 1
            files, size = output_size(out)
            label = str(jobs) if fresh else f"{jobs}, rebuild with nothing changed"
            print(f"| {label} | {run.seconds:,.1f} s | {args.communes / run.seconds * 60:,.1f} | {run.cpu_seconds:,.1f} s "
                  f"| {mb(run.largest_rss)} | {mb(run.tree_rss)} | {files:,} files, {mb(size)} |", flush=True)
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
