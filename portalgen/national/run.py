"""``portalgen national``: fetch national data about the commune and write it into the site as datasets.

For each source of the registry, in order: use the cached answers, or fetch them (when missing, or
with ``refresh``); read them with the source's parser; write the normalised files under
``data/national/<source>/`` and ``datasets/national-<source>.yml``; finally write
``national/manifest.json``. Nothing a source does can break another: a server that is down, an
answer whose format changed, a commune a source does not know — each becomes a warning and the
cached version stays in use. Only an INSEE code that is not a current commune stops the run
(with the new code when the commune was merged), and only a file that portalgen national did not
write is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from ..config.load import load_site_config
from ..errors import Finding, Level, Location, error, info, warning
from .cache import NationalCache, FetchRecord
from .commune import BOUNDARY_FILE
from .dataset_file import DATA_SUBDIR, data_dir, dataset_path, dataset_yaml, french_date, is_ours
from .files import replace_if_changed, write_text_if_changed
from .http import FetchError, Fetcher, make_http_fetcher
from .identity import check_code, code_finding
from .manifest import NationalDataset, NationalManifest, load_manifest, write_manifest
from .registry import SOURCE_NAMES, SOURCES
from .source import Commune, FormatChanged, Parsed, Source

Status = Literal["fetched", "cached", "kept", "not-found", "empty", "missing", "failed", "conflict", "left-out",
                 "stopped"]


@dataclass(frozen=True)
class NationalOptions:
    """What to do: ``refresh`` asks every source again, ``offline`` uses the cache only, ``sources``
    restricts the run to some sources (all when empty)."""

    refresh: bool = False
    offline: bool = False
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceOutcome:
    """What happened to one source."""

    source: str
    status: Status
    dataset_id: str | None = None       # the dataset written or kept
    version: dt.date | None = None      # day the data in use was fetched
    written: tuple[str, ...] = ()       # files written, relative to the site


@dataclass(frozen=True)
class NationalReport:
    findings: tuple[Finding, ...]
    outcomes: tuple[SourceOutcome, ...] = ()
    commune: Commune | None = None

    def failed(self) -> bool:
        return any(f.level is Level.ERROR for f in self.findings)

    @property
    def written(self) -> tuple[str, ...]:
        return tuple(path for outcome in self.outcomes for path in outcome.written)


@dataclass
class _Run:
    """The state shared by the sources of one run."""

    root: Path
    commune: Commune
    where: Location
    options: NationalOptions
    fetch: Fetcher | None
    today: dt.date
    cache: NationalCache
    findings: list[Finding] = field(default_factory=list)
    facts: dict[str, dict] = field(default_factory=dict)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def run_national(site_dir: Path, options: NationalOptions = NationalOptions(), *,
                 fetch: Fetcher | None = None, today: dt.date | None = None) -> NationalReport:
    """Fetch (or take from the cache) every selected national source and write it into the site.

    ``fetch`` is the HTTP fetcher (the real one by default; tests inject theirs); ``today`` is the
    day recorded as the fetch date (the current day by default)."""
    root = Path(site_dir)
    config, problems = load_site_config(root)
    if config is None:
        return NationalReport(findings=tuple(problems))
    unknown = [name for name in options.sources if name not in SOURCE_NAMES]
    if unknown:
        return NationalReport(findings=(error(
            f"unknown national source: {', '.join(unknown)}", None, code="national-unknown-source",
            hint=f"choose among {', '.join(SOURCE_NAMES)}"),))
    commune = Commune(config.commune.insee, config.commune.name)
    where = config.commune.key_locations.get("insee") or config.commune.where or Location("portal.yml")
    if not options.offline and fetch is None:
        fetch = make_http_fetcher()
    if fetch is not None:
        fetch = _once_per_dead_host(fetch)
    run = _Run(root=root, commune=commune, where=where, options=options, fetch=None if options.offline else fetch,
               today=today or dt.date.today(), cache=NationalCache(root, commune.insee))
    outcomes: list[SourceOutcome] = []
    selected = [s for s in SOURCES if not options.sources or s.name in options.sources]
    for index, source in enumerate(selected):
        outcome = _run_source(run, source)
        outcomes.append(outcome)
        if outcome.status == "stopped":
            outcomes += [SourceOutcome(s.name, "stopped") for s in selected[index + 1:]]
            break
    findings = run.cache.findings + run.findings
    if not any(o.status == "stopped" for o in outcomes):
        findings += _check_portal_facts(config, run.facts.get("commune"), where)
        _update_manifest(run)
    return NationalReport(findings=tuple(findings), outcomes=tuple(outcomes), commune=commune)


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _once_per_dead_host(fetch: Fetcher) -> Fetcher:
    """A fetcher that stops asking a host it could not reach in this run (no more waits and retries)."""
    dead: dict[str, FetchError] = {}

    def guarded(url: str, dest: Path) -> None:
        host = _host(url)
        if host in dead:
            raise FetchError(url, dead[host].reason, offline=True)
        try:
            fetch(url, dest)
        except FetchError as exc:
            if exc.offline:
                dead[host] = exc
            raise

    return guarded


def _fetch_steps(run: _Run, source: Source) -> tuple[dict[str, Path], dict[str, str]]:
    staging = run.cache.staging_dir(source.name, "fetch")
    files: dict[str, Path] = {}
    urls: dict[str, str] = {}
    for step in source.steps:
        url = step.url(run.commune, dict(files))
        path = staging / step.name
        run.fetch(url, path)  # type: ignore[misc]
        files[step.name], urls[step.name] = path, url
    return files, urls


def _run_source(run: _Run, source: Source) -> SourceOutcome:
    """One source, from cache or network to the site; its scratch folders are removed whatever happens."""
    try:
        return _process_source(run, source)
    finally:
        for purpose in ("fetch", "out", "check"):
            shutil.rmtree(run.cache.scratch_dir(source.name, purpose), ignore_errors=True)


def _process_source(run: _Run, source: Source) -> SourceOutcome:
    refused = _refuse(run, source)
    if refused is not None:
        return refused
    names = tuple(step.name for step in source.steps)
    record = run.cache.record(source.name)
    parsed: Parsed | None = None
    status: Status = "cached"
    if run.fetch is not None and (run.options.refresh or run.cache.raw_files(source.name, names) is None):
        fresh = _fetch_fresh(run, source, record)
        if isinstance(fresh, SourceOutcome):
            return fresh
        parsed, status = fresh
        record = run.cache.record(source.name)
    raw = run.cache.raw_files(source.name, names)
    if parsed is None and raw is not None:
        try:
            parsed = source.parse(raw, run.commune, run.cache.staging_dir(source.name, "out"))
        except FormatChanged as exc:
            run.findings.append(warning(
                f'the cached answer of "{source.title}" cannot be read ({exc}); its dataset is left as it is',
                Location(run.rel(run.cache.source_dir(source.name))), code="national-cache-unreadable",
                hint=f"run 'portalgen national --refresh --source {source.name}'"))
            return SourceOutcome(source.name, "failed")
    if parsed is None or record is None:
        if run.fetch is None:
            run.findings.append(warning(
                f'no cached copy of the national data "{source.title}": nothing to publish offline', None,
                code="national-no-cache", hint="run 'portalgen national' once with a connection"))
        target = dataset_path(run.root, source)
        if record is None and target.exists():
            run.findings.append(warning(
                f"datasets/{target.name} has no cached answers for the commune {run.commune.insee} (the INSEE code "
                "changed, or the cache was deleted); it stays published as it is", Location(run.rel(target), 1),
                code="national-stale", hint="run 'portalgen national --refresh' with a connection, or delete the file"))
        return SourceOutcome(source.name, "missing")
    if parsed.empty:
        run.findings.append(info(
            f'{source.producer.name} publishes no data for the commune {run.commune.insee} in "{source.title}"; '
            "no dataset is written", None, code="national-empty"))
        return SourceOutcome(source.name, "empty", version=record.fetched)
    run.facts[source.name] = dict(parsed.facts)
    written = _write_dataset(run, source, parsed, run.cache.scratch_dir(source.name, "out"), record)
    return SourceOutcome(source.name, status, source.dataset_id, record.fetched, written)


def _refuse(run: _Run, source: Source) -> SourceOutcome | None:
    """A source is not run when its dataset file is the commune's own, or was deleted to leave it out."""
    target = dataset_path(run.root, source)
    if not is_ours(target):
        run.findings.append(error(
            f"datasets/{target.name} was not written by 'portalgen national'; the national source "
            f'"{source.name}" would replace it', Location(run.rel(target), 1), code="national-conflict",
            hint=f"rename your file (the national dataset id is {source.dataset_id}), or leave the source out "
                 "with --source"))
        return SourceOutcome(source.name, "conflict")
    if run.cache.record(source.name) is not None and not target.exists() and source.name not in run.options.sources:
        run.findings.append(info(
            f"the national source \"{source.name}\" is left out: its dataset file datasets/{target.name} was deleted",
            None, code="national-left-out",
            hint=f"run 'portalgen national --source {source.name}' to publish it again"))
        return SourceOutcome(source.name, "left-out")
    return None


def _fetch_fresh(run: _Run, source: Source, record: FetchRecord | None) -> tuple[Parsed | None, Status] | SourceOutcome:
    """Ask the source; a good answer replaces the cache, anything else leaves it alone with a finding.

    Returns the parsed answer (None when the cache stays in use) and the status, or the final
    outcome when the source does not know the commune."""
    try:
        staged, urls = _fetch_steps(run, source)
    except FetchError as exc:
        if exc.not_found:
            return SourceOutcome(source.name, "stopped" if _not_found(run, source, exc) else "not-found")
        run.findings.append(_unreachable(source, exc, record))
        return None, "kept"
    except FormatChanged as exc:      # a step's address is read from an earlier answer
        run.findings.append(_format_changed(source, str(exc), record))
        return None, "kept"
    try:
        parsed = source.parse(staged, run.commune, run.cache.staging_dir(source.name, "out"))
    except FormatChanged as exc:
        run.findings.append(_format_changed(source, str(exc), record))
        return None, "kept"
    run.cache.store(source.name, staged, urls, run.today)
    return parsed, "fetched"


def _write_dataset(run: _Run, source: Source, parsed: Parsed, out_dir: Path, record: FetchRecord) -> tuple[str, ...]:
    written: list[str] = []
    folder = data_dir(run.root, source)
    keep = {output.name for output in parsed.files}
    for output in parsed.files:
        dest = folder / output.name
        if replace_if_changed(out_dir / output.name, dest):
            written.append(run.rel(dest))
    for stale in sorted(folder.iterdir()) if folder.is_dir() else []:
        if stale.is_file() and stale.name not in keep:
            stale.unlink()
    target = dataset_path(run.root, source)
    if write_text_if_changed(target, dataset_yaml(source, parsed, record)):
        written.append(run.rel(target))
    return tuple(written)


def _not_found(run: _Run, source: Source, exc: FetchError) -> bool:
    """A 404: find out whether the INSEE code is wrong. True when the run must stop."""
    check = check_code(run.commune.insee, run.commune.name, run.fetch,  # type: ignore[arg-type]
                       run.cache.staging_dir(source.name, "check"),
                       known_missing=source.stops_on_missing_commune)
    finding = code_finding(check, run.where, source_label=_host(exc.url))
    if check.status == "current" or finding is None:
        run.findings.append(warning(
            f'{source.producer.name} has no data for the commune {run.commune.insee} ("{source.title}": '
            f"{_host(exc.url)} answers 404); its national dataset is left as it is", None,
            code="national-not-found", hint="nothing to do: the source will be asked again with --refresh"))
        return False
    run.findings.append(finding)
    return source.stops_on_missing_commune and check.status in ("merged", "unknown")


def _unreachable(source: Source, exc: FetchError, record: FetchRecord | None) -> Finding:
    what = f"no connection to {_host(exc.url)}" if exc.offline else f"{_host(exc.url)} did not answer ({exc.reason})"
    if record is not None:
        version = french_date(record.fetched)
        return warning(f'{what}: the national data "{source.title}" keep their version of {version}',
                       None, code="national-unreachable",
                       hint="nothing to do: the build uses this version; run 'portalgen national --refresh' later")
    return warning(f'{what}: the national data "{source.title}" are not published yet', None,
                   code="national-unreachable", hint="run 'portalgen national' again when the connection is back")


def _format_changed(source: Source, detail: str, record: FetchRecord | None) -> Finding:
    kept = (f"the version of {french_date(record.fetched)} is kept" if record is not None
            else "nothing is published for this source")
    return warning(f'the answer of {source.producer.name} for "{source.title}" has changed format ({detail}); {kept}',
                   None, code="national-format-changed",
                   hint="update portalgen; if it is already up to date, report it to the portalgen developers")


def _check_portal_facts(config, facts: dict | None, where: Location) -> list[Finding]:
    """Notes when portal.yml disagrees with the national figures (population, centre of the map)."""
    if not facts:
        return []
    found: list[Finding] = []
    commune = config.commune
    population = facts.get("population")
    if population and commune.population and commune.population != population:
        found.append(info(f"portal.yml gives a population of {commune.population}, the INSEE gives {population}",
                          commune.key_locations.get("population") or where, key="commune.population",
                          code="national-population", hint=f"write population: {population} under commune:"))
    centre = facts.get("centre")
    if centre and (commune.latitude is None or commune.longitude is None):
        found.append(info(f"portal.yml has no centre for the maps; the centre of the commune is "
                          f"latitude {centre[1]}, longitude {centre[0]}", commune.where or where, key="commune",
                          code="national-centre",
                          hint=f"write latitude: {centre[1]} and longitude: {centre[0]} under commune:"))
    return found


def _update_manifest(run: _Run) -> None:
    """Rewrite national/manifest.json from the datasets present, keeping the facts of the sources not run."""
    previous = load_manifest(run.root)
    entries = []
    for source in SOURCES:
        target = dataset_path(run.root, source)
        record = run.cache.record(source.name)
        if not target.exists() or not is_ours(target) or record is None:
            continue
        old = previous.dataset(source.dataset_id) if previous and previous.insee == run.commune.insee else None
        facts = run.facts.get(source.name, dict(old.facts) if old else {})
        urls = tuple(record.files[step.name].url for step in source.steps if step.name in record.files)
        entries.append(NationalDataset(
            id=source.dataset_id, source=source.name, title=source.title, producer=source.producer.name,
            producer_url=source.producer.url, licence=source.licence, frequency=source.frequency,
            fetched=record.fetched, changed=record.changed, urls=urls, documentation=source.documentation,
            facts=facts))
    commune_entry = next((e for e in entries if e.source == "commune"), None)
    boundary = f"data/{DATA_SUBDIR}/{commune_entry.source}/{BOUNDARY_FILE}" if commune_entry else None
    manifest = NationalManifest(insee=run.commune.insee, commune=dict(commune_entry.facts) if commune_entry else {},
                                boundary_path=boundary, boundary_dataset=commune_entry.id if commune_entry else None,
                                datasets=tuple(entries))
    if entries or (run.root / "national").exists():
        write_manifest(run.root, manifest)
