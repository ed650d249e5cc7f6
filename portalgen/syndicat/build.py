"""Build every commune of a syndicat, then the regional portal; or merge shard outputs into one.

:func:`build_all` builds the communes in parallel processes (each exactly as ``portalgen build``
would, with the syndicat's defaults and a shared cache), goes on when one fails, and, unless
it builds only a shard, assembles the regional pages from what is in OUT. :func:`merge` copies
the communes of several shard outputs into one folder and assembles the same regional pages: the
result is byte for byte the one a single :func:`build_all` gives.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..errors import Finding, Level, Location, PortalgenError, error, warning
from ..output import OutputPlan
from ..pipeline import CACHE_DIR, build_date_from_env
from ..theme import load_theme
from .catalogue import collect_datasets, regional_catalogue_files
from .load import SyndicatSource, load_syndicat
from .observatory import commune_figures, totals
from .output import (Marker, check_out_dir, copy_commune, read_marker, read_summaries, remove_commune, write_marker,
                     write_regional)
from .pages import Regional, name_order, render_regional, theme_root
from .shards import Shard, select
from .worker import SUMMARIES_DIR, CommuneResult, CommuneTask, build_commune

Progress = Callable[[CommuneResult], None]


@dataclass(frozen=True)
class RegionalResult:
    """What the regional assembly wrote."""

    files: tuple[str, ...]
    bytes_written: int
    communes: int
    datasets: int
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class SyndicatReport:
    """The outcome of build-all or merge: every commune's result and the regional pages'."""

    out_dir: Path
    shard: Shard | None
    results: tuple[CommuneResult, ...]
    regional: RegionalResult | None
    findings: tuple[Finding, ...] = ()       # problems of the syndicat as a whole (merge, regional pages)

    @property
    def failed_communes(self) -> tuple[CommuneResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    def failed(self, strict: bool = False) -> bool:
        """True when a commune failed, or the syndicat has an error (a warning too with ``strict``)."""
        levels = {Level.ERROR, Level.WARNING} if strict else {Level.ERROR}
        return bool(self.failed_communes) or any(f.level in levels for f in self.findings)


def default_jobs() -> int:
    return os.cpu_count() or 1


def syndicat_reference(root: Path) -> str:
    """How the marker names the syndicat folder: relative to the current folder when inside it."""
    resolved = Path(root).resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return resolved.as_posix()


def syndicat_inputs(source: SyndicatSource) -> str:
    """A fingerprint of what a commune build reads from the syndicat: syndicat.yml and the syndicat's theme folders.

    It joins each commune's own fingerprint, so a change in syndicat.yml rebuilds every commune."""
    digest = hashlib.sha256(source.fingerprint.encode())
    name, root = theme_root(source.config, source.root)
    try:
        theme = load_theme(name, root)
    except PortalgenError:
        return digest.hexdigest()           # each commune build reports the missing theme
    syndicat_root = Path(source.root).resolve()
    for folder in theme.themes:
        folder = Path(folder).resolve()
        if not folder.is_relative_to(syndicat_root):
            continue                        # an installed theme: part of the pipeline's own fingerprint
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _crashed(task: CommuneTask, exc: BaseException) -> CommuneResult:
    prefix = f"{task.communes_dir}/{task.commune.slug}"
    return CommuneResult(task.commune.slug, False, (error(
        f"the process building this commune stopped unexpectedly ({type(exc).__name__}: {exc})", Location(prefix),
        code="syndicat-worker", hint="it may have run out of memory: build again with fewer --jobs"),))


def run_tasks(tasks: Sequence[CommuneTask], jobs: int, progress: Progress | None = None) -> list[CommuneResult]:
    """Build every task, in ``jobs`` worker processes (in this process when 1); results in task order."""
    results: dict[str, CommuneResult] = {}

    def done(result: CommuneResult) -> None:
        results[result.slug] = result
        if progress is not None:
            progress(result)

    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            done(build_commune(task))
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
            futures = {pool.submit(build_commune, task): task for task in tasks}
            for future in as_completed(futures):
                task = futures[future]
                try:
                    done(future.result())
                except Exception as exc:  # the worker died (killed, out of memory…): the others go on
                    done(_crashed(task, exc))
    return [results[t.commune.slug] for t in tasks]


def assemble(source: SyndicatSource, out_dir: Path, previous_files: tuple[str, ...] = ()) -> RegionalResult:
    """Write the regional pages from the summaries and catalogues in ``out_dir``."""
    config = source.config
    summaries = name_order(read_summaries(out_dir, {c.slug for c in source.communes}).values())
    reference = build_date_from_env()
    rows = tuple(commune_figures(s, reference) for s in summaries)
    regional = Regional(config=config, summaries=tuple(summaries), rows=rows, totals=totals(rows, summaries),
                        reference=reference)
    name, root = theme_root(config, source.root)
    try:
        theme = load_theme(name, root, config.defaults.key_locations.get("theme"))
    except PortalgenError as exc:
        return RegionalResult((), 0, 0, 0, tuple(exc.findings))
    plan = OutputPlan()
    render_regional(regional, theme, plan)
    datasets, findings = collect_datasets(out_dir, summaries)
    for item in regional_catalogue_files(config, datasets, regional.totals.last_update):
        plan.add(item.path, item.content, item.owner)
    try:
        written = write_regional(out_dir, plan, previous_files)
    except PortalgenError as exc:
        return RegionalResult((), 0, len(summaries), len(datasets), tuple(findings) + tuple(exc.findings))
    except OSError as exc:
        return RegionalResult((), 0, len(summaries), len(datasets), tuple(findings) + (error(
            f"cannot write the regional pages: {exc.strerror or exc}", Location(str(out_dir)), code="write-failed",
            hint="check the output folder's permissions and free space"),))
    return RegionalResult(tuple(sorted(plan.files)), written, len(summaries), len(datasets), tuple(findings))


def _prune_removed(source: SyndicatSource, out_dir: Path) -> None:
    kept = {c.slug for c in source.communes}
    for slug, summary in read_summaries(out_dir).items():
        if slug not in kept:
            remove_commune(out_dir, summary)


def _marker(source: SyndicatSource, shard: Shard | None, results: Sequence[CommuneResult],
            regional: RegionalResult | None) -> Marker:
    return Marker(fingerprint=source.fingerprint, syndicat=syndicat_reference(source.root),
                  shard=str(shard) if shard else None,
                  built=tuple(sorted(r.slug for r in results if r.ok)),
                  failed=tuple(sorted((r.slug, tuple(f.format() for f in r.errors)) for r in results if not r.ok)),
                  regional_files=regional.files if regional else ())


def build_all(syndicat_dir: Path, out_dir: Path | None = None, *, jobs: int | None = None, shard: Shard | None = None,
              strict: bool = False, cache_dir: Path | None = None, progress: Progress | None = None) -> SyndicatReport:
    """Build every commune (or a shard's share) into ``out_dir`` and, for a whole build, the regional portal.

    Raises PortalgenError when syndicat.yml or the output folder cannot be used; a commune's
    problems are in its result and never stop the others.
    """
    source = load_syndicat(Path(syndicat_dir))
    out_dir = Path(out_dir) if out_dir else source.root / "_site"
    check_out_dir(out_dir, source.root)
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = read_marker(out_dir)
    cache = Path(cache_dir) if cache_dir else source.root / CACHE_DIR
    inputs = syndicat_inputs(source)
    tasks = [CommuneTask(source.root, source.config, source.config.communes_dir, commune, out_dir, cache, strict,
                         inputs) for commune in select(source.communes, shard, lambda c: c.slug)]
    results = run_tasks(tasks, jobs or default_jobs(), progress)
    for name, problem in select(source.problems, shard, lambda p: p[0]):
        result = CommuneResult(name, False, (problem,))
        results.append(result)
        if progress is not None:
            progress(result)
    results.sort(key=lambda r: r.slug)
    regional = None
    if shard is None:
        _prune_removed(source, out_dir)
        regional = assemble(source, out_dir, previous.regional_files if previous else ())
    write_marker(out_dir, _marker(source, shard, results, regional))
    return SyndicatReport(out_dir=out_dir, shard=shard, results=tuple(results), regional=regional,
                          findings=regional.findings if regional else ())


def _shard_markers(shard_dirs: Sequence[Path]) -> tuple[list[tuple[Path, Marker]], list[Finding]]:
    markers, problems = [], []
    for folder in shard_dirs:
        marker = read_marker(folder)
        if marker is None:
            problems.append(error(f"{folder} is not an output of portalgen build-all (it has no readable .portalgen-syndicat)",
                                  Location(str(folder)), code="merge-not-a-shard",
                                  hint="give the folders written by 'portalgen build-all SYNDICAT -o FOLDER --shard K/N'"))
        else:
            markers.append((Path(folder), marker))
    if problems:
        return markers, problems
    fingerprints = sorted({m.fingerprint for _, m in markers})
    if len(fingerprints) > 1:
        problems.append(error("the shard outputs were not built from the same syndicat.yml (or portalgen version)",
                              Location(str(markers[0][0])), code="merge-mismatch",
                              hint="build every shard again from the same commit, then merge"))
    specs = [m.shard for _, m in markers if m.shard]
    counts = {int(s.split("/")[1]) for s in specs}
    if len(counts) > 1:
        problems.append(error("the shard outputs do not split the communes the same way (" + ", ".join(sorted(specs)) + ")",
                              Location(str(markers[0][0])), code="merge-mismatch",
                              hint="use the same N in every --shard K/N"))
    elif counts:
        count = counts.pop()
        seen = [int(s.split("/")[0]) for s in specs]
        duplicated = sorted({k for k in seen if seen.count(k) > 1})
        if duplicated:
            problems.append(error(f"shard {duplicated[0]}/{count} is given twice", Location(str(markers[0][0])),
                                  code="merge-mismatch", hint="give each shard output once"))
        missing = sorted(set(range(1, count + 1)) - set(seen))
        if missing:
            problems.append(warning(
                "the shard output" + ("s " if len(missing) > 1 else " ") + ", ".join(f"{k}/{count}" for k in missing)
                + " " + ("are" if len(missing) > 1 else "is") + " missing: their communes keep what OUT already holds, "
                "or are absent", Location(str(markers[0][0])), code="merge-missing-shard",
                hint="give every shard output to merge"))
    return markers, problems


def merge(shard_dirs: Sequence[Path], out_dir: Path, *, syndicat_dir: Path | None = None) -> SyndicatReport:
    """Copy the communes of the shard outputs into ``out_dir`` and assemble the regional pages.

    The syndicat folder (for syndicat.yml and its theme) is the one the shards recorded, unless
    ``syndicat_dir`` is given. Raises PortalgenError when the shards cannot be merged.
    """
    markers, problems = _shard_markers([Path(d) for d in shard_dirs])
    if any(p.level is Level.ERROR for p in problems):
        raise PortalgenError(problems)
    root = Path(syndicat_dir) if syndicat_dir else Path(markers[0][1].syndicat)
    try:
        source = load_syndicat(root)
    except PortalgenError as exc:
        raise PortalgenError([error(f"the syndicat folder {root} recorded by the shards cannot be read", Location(str(root)),
                                    code="merge-no-syndicat",
                                    hint="run merge from the folder build-all ran from, or give --syndicat DIR")]
                             + list(exc.findings)) from None
    if source.fingerprint != markers[0][1].fingerprint:
        raise PortalgenError(error(f"{root}/syndicat.yml changed since the shards were built", Location(str(root)),
                                   code="merge-mismatch", hint="build the shards again, then merge"))
    out_dir = Path(out_dir)
    for folder, _ in markers:
        if folder.resolve() == out_dir.resolve():
            raise PortalgenError(error(f"the output folder {out_dir} is one of the shard outputs", Location(str(out_dir)),
                                       code="out-dir", hint="merge into a new folder, e.g. -o _site"))
    check_out_dir(out_dir, source.root)
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = read_marker(out_dir)
    results: dict[str, CommuneResult] = {}
    for folder, marker in markers:
        summaries = read_summaries(folder, set(marker.built))
        for slug in marker.built:
            summary = summaries.get(slug)
            if summary is None or source.commune(slug) is None:
                continue
            copy_commune(folder, out_dir, summary, (folder / SUMMARIES_DIR / f"{slug}.json").read_bytes())
            results[slug] = CommuneResult(slug, True, ())
        for slug, texts in marker.failed:
            results[slug] = CommuneResult(slug, False, tuple(error(text, code="syndicat-shard-failure") for text in texts))
    ordered = [results[slug] for slug in sorted(results)]
    _prune_removed(source, out_dir)
    regional = assemble(source, out_dir, previous.regional_files if previous else ())
    write_marker(out_dir, _marker(source, None, ordered, regional))
    return SyndicatReport(out_dir=out_dir, shard=None, results=tuple(ordered), regional=regional,
                          findings=tuple(problems) + regional.findings)
