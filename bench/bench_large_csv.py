"""Benchmark portalgen.tabular on a large commune-style CSV file.

Generates a Windows-1252, ';'-separated file with decimal commas, no-break-space thousands
separators, dd/mm/yyyy dates, coordinates with decimal commas and quoted values (in a temporary
folder), then runs, each in its own child process:

* the baseline: pandas reads the file and writes it back as CSV once;
* portalgen: read → normalise → profile → convert (every download that applies) → preview.

For every stage it prints wall time, CPU time and peak resident memory (RSS sampled from
/proc/self/statm; the process-wide peak from getrusage as well), then the ratio to the baseline.

    python bench/bench_large_csv.py --rows 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SERVICES = ("Voirie", "Écoles", "Culture", "Sport", "Action sociale", "Administration générale",
            "Espaces verts", "Éclairage public")
HEADER = "id;date_mandat;service;libellé;montant;taux;latitude;longitude;payé;code_insee;commentaire\n"


# --------------------------------------------------------------------------- generation

def _amount(cents: int) -> str:
    euros, rest = divmod(cents, 100)
    return f"{euros:,}".replace(",", "\u00a0") + f",{rest:02d}"


def generate(path: Path, rows: int, seed: int = 1) -> None:
    """Write ``rows`` rows of fake mandates (cp1252, ';', decimal commas, dd/mm/yyyy)."""
    rnd = random.Random(seed)
    with open(path, "w", encoding="cp1252", newline="") as handle:
        handle.write(HEADER)
        batch = []
        for i in range(1, rows + 1):
            if i % 97 == 0:
                comment = f'"Facture n°{i} ""urgent""; à régler"'
            else:
                comment = f"Réparation rue n°{i % 300}"
            batch.append(
                f"{i};{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(2015, 2024)};"
                f"{SERVICES[i % len(SERVICES)]};Mandat {i:07d};{_amount(rnd.randint(0, 5_000_000))};"
                f"{rnd.randint(0, 200) / 10:.1f};{rnd.uniform(43, 49):.5f};{rnd.uniform(-1, 7):.5f};"
                f"{'oui' if i % 3 else 'non'};{rnd.randint(1000, 95999):05d};{comment}\n"
                .replace(".", ",")
            )
            if len(batch) >= 10_000:
                handle.write("".join(batch))
                batch.clear()
        handle.write("".join(batch))


# --------------------------------------------------------------------------- measuring

class PeakRSS:
    """Samples this process's resident memory in a thread; ``peak_mb`` is the highest seen."""

    def __init__(self, interval: float = 0.005):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _current(self) -> int:
        try:
            with open("/proc/self/statm") as handle:
                return int(handle.read().split()[1]) * self._page
        except OSError:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._current())
            time.sleep(self.interval)

    def __enter__(self) -> "PeakRSS":
        self.peak = self._current()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._current())

    @property
    def peak_mb(self) -> float:
        return self.peak / (1024 * 1024)


def _measure(results: list[dict], stage: str, action):
    wall, cpu = time.perf_counter(), time.process_time()
    with PeakRSS() as rss:
        value = action()
    results.append({"stage": stage, "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                    "peak_mb": rss.peak_mb})
    return value


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_baseline(path: Path, out_dir: Path) -> dict:
    import pandas as pd

    results: list[dict] = []
    frame = _measure(results, "pandas read_csv", lambda: pd.read_csv(path, sep=";", encoding="cp1252"))
    _measure(results, "pandas to_csv", lambda: frame.to_csv(out_dir / "baseline.csv", index=False))
    return {"stages": results, "max_rss_mb": _max_rss_mb()}


def child_portalgen(path: Path, out_dir: Path) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from portalgen.tabular import download_plan, normalise, preview, profile, read_table, write_downloads

    results: list[dict] = []
    table = _measure(results, "read", lambda: read_table(path))
    data = _measure(results, "normalise", lambda: normalise(table))
    _measure(results, "profile", lambda: profile(data))
    files = []
    skipped = []
    for planned in download_plan(data):
        if not planned.produced:
            skipped.append(f"{planned.format}: {planned.reason}")
            continue
        files += _measure(results, f"convert {planned.format}",
                          lambda fmt=planned.format: write_downloads(data, out_dir, "data", formats=[fmt]))
    _measure(results, "preview", lambda: preview(data, 50))
    return {"stages": results, "max_rss_mb": _max_rss_mb(), "rows": data.row_count,
            "files": [(f.format, f.size) for f in files], "skipped": skipped,
            "conversions": list(data.conversions)}


def _run_child(kind: str, path: Path, out_dir: Path) -> dict:
    completed = subprocess.run([sys.executable, __file__, "--child", kind, str(path), str(out_dir)],
                               check=True, capture_output=True, text=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- report

def _report(path: Path, baseline: dict, ours: dict) -> None:
    size_mb = path.stat().st_size / (1024 * 1024)
    print(f"file: {ours['rows']:,} rows, {size_mb:.1f} MiB (cp1252, ';', decimal commas, dd/mm/yyyy)")
    print(f"{'stage':<22}{'wall s':>9}{'cpu s':>9}{'peak RSS MiB':>14}")
    for label, data in (("baseline", baseline), ("portalgen", ours)):
        for row in data["stages"]:
            print(f"{row['stage']:<22}{row['wall']:>9.2f}{row['cpu']:>9.2f}{row['peak_mb']:>14.0f}")
        wall = sum(r["wall"] for r in data["stages"])
        cpu = sum(r["cpu"] for r in data["stages"])
        print(f"{'total ' + label:<22}{wall:>9.2f}{cpu:>9.2f}{data['max_rss_mb']:>14.0f}  (max RSS of process)")
        print()
    base_wall = sum(r["wall"] for r in baseline["stages"])
    base_cpu = sum(r["cpu"] for r in baseline["stages"])
    wall = sum(r["wall"] for r in ours["stages"])
    cpu = sum(r["cpu"] for r in ours["stages"])
    print(f"ratio to baseline: wall {wall / base_wall:.2f}x, cpu {cpu / base_cpu:.2f}x (target <= 3x); "
          f"peak memory {ours['max_rss_mb']:.0f} MiB (target <= 1024)")
    for fmt, size in ours["files"]:
        print(f"  {fmt:<8} {size / (1024 * 1024):8.1f} MiB")
    for note in ours["skipped"]:
        print(f"  skipped {note}")
    for note in ours["conversions"]:
        print(f"  conversion: {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to generate (default 1,000,000)")
    parser.add_argument("--workdir", type=Path, help="folder for the files (default: a temporary folder)")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "CSV", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, csv_path, out = args.child
        runner = child_baseline if kind == "baseline" else child_portalgen
        print(json.dumps(runner(Path(csv_path), Path(out))))
        return 0
    with tempfile.TemporaryDirectory(prefix="portalgen-bench-") as temp:
        work = args.workdir or Path(temp)
        work.mkdir(parents=True, exist_ok=True)
        path = work / "mandats.csv"
        started = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s")
        (work / "out").mkdir(exist_ok=True)
        baseline = _run_child("baseline", path, work / "out")
        ours = _run_child("portalgen", path, work / "out")
        _report(path, baseline, ours)
    return 0


if __name__ == "__main__":
    sys.exit(main())
