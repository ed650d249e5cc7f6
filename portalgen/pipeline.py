"""The build, as one readable function: load → read and check → enrich → render → write.

Each stage is a named call that returns new frozen objects and a list of findings. All
reading and checking happens before anything is written; the write swaps the whole site in
at once, so a failed build never costs the last good site.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import pickle
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .errors import Diagnostics, Finding, Level, Location, PortalgenError, error
from .fingerprint import FileHashes, build_fingerprint
from .output import OutputPlan, read_marker, write_site
from .progress import Progress

if TYPE_CHECKING:
    from .config.load import SiteSource
    from .model import Site

# The stages' modules (pandas, pyarrow, jinja2, rdflib…), and even the config schema and site model, are
# imported where a stage runs, not here: a rebuild with nothing changed only compares fingerprints, and on a
# small site the imports it does not need would be most of its time.

CACHE_DIR = ".portalgen-cache"
TEMPLATES_DIR = "templates"  # compiled templates, inside the cache


@dataclass(frozen=True)
class BuildReport:
    """What a build or check did: the findings, and for a build what was written where."""

    findings: tuple[Finding, ...]
    site: Site | None = None
    out_dir: Path | None = None
    pages: int = 0
    files: int = 0
    bytes_written: int = 0
    written: bool = False
    timings: tuple[tuple[str, float], ...] = ()     # (stage, seconds), for people and benchmarks
    up_to_date: bool = False                        # nothing changed since the last build: nothing done

    def failed(self, strict: bool = False) -> bool:
        return any(f.level is Level.ERROR for f in self.findings) or (
            strict and any(f.level is Level.WARNING for f in self.findings))


def build_date_from_env() -> dt.date | None:
    """The "generated on" date: SOURCE_DATE_EPOCH when set, never the wall clock."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    try:
        return dt.datetime.fromtimestamp(int(raw), tz=dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        return None


def read_site(site_dir: Path, *, site_url: str | None = None,
              load: Callable[[Path], SiteSource] | None = None,
              hashes: FileHashes | None = None) -> tuple[Site, list[Finding]]:
    """Stages 1 and 2: load the configuration and read every dataset and document.

    ``site_url`` replaces portal.yml's (the GitHub Pages workflow passes the Pages address); ``load``
    reads the configuration (default: portal.yml as it is; a syndicat's loader merges its defaults into each
    commune's portal.yml); ``hashes``: the files the build read and hashed already (its inputs' fingerprint)."""
    from .config.load import load_site
    from .model import Site
    from .read import read_datasets, read_documents
    from .read.references import check_document_references, check_home_charts
    from .read.topics import read_topics
    source = (load or load_site)(site_dir)
    if site_url:
        source = replace(source, config=replace(source.config, site_url=site_url))
    datasets, findings = read_datasets(source, hashes)
    documents = {}
    for folder in ("news", "reuses", "pages"):
        documents[folder], problems = read_documents(source.root, folder)
        findings += problems
    dataset_ids = {d.id for d in datasets} | {d.id for d in source.datasets}
    for folder in ("news", "reuses"):
        findings += check_document_references(source.root, documents[folder], dataset_ids)
    findings += check_home_charts(source.config, dataset_ids)
    themes, producers, problems = read_topics(source.config, datasets)
    findings += problems
    site = Site(root=source.root, config=source.config, datasets=datasets, news=documents["news"],
                reuses=documents["reuses"], pages=documents["pages"], themes=themes, producers=producers,
                build_date=build_date_from_env())
    return site, findings


def template_problem(exc: Exception) -> Finding:
    """A template that cannot be rendered (usually a site's own override): name it and its line."""
    import jinja2
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if isinstance(exc, jinja2.TemplateNotFound):
        return error(f"the template {exc.name} cannot be found", None, code="template-missing",
                     hint="check the file names in your templates/ folder, or the theme name in portal.yml")
    where = Location(str(name), line) if name else None
    return error(f"template error: {getattr(exc, 'message', None) or exc}", where, code="template-error",
                 hint="fix the template (your templates/ folder overrides the theme's)")


def prepare(site_dir: Path, *, strict: bool = False, site_url: str | None = None,
            progress: Progress | None = None, load: Callable[[Path], SiteSource] | None = None,
            cache_dir: Path | None = None, settle: Callable[[], None] = lambda: None,
            hashes: FileHashes | None = None) -> tuple[Site, OutputPlan, Diagnostics]:
    """Everything but the write: load, read, enrich, render into an in-memory plan. Raises on errors.

    ``cache_dir``: where the costly data work is kept (default SITE/.portalgen-cache; a syndicat shares one).
    ``settle`` is called after each stage, and as the data work's results arrive (see
    :func:`_collector_set_for_a_build`). ``hashes``: see
    :func:`read_site`."""
    import jinja2

    from .enrich import enrich_site
    from .render.pages import render_site
    from .theme import load_theme
    progress = progress or Progress()
    diagnostics = Diagnostics()
    with progress.stage("read"):
        site, findings = read_site(site_dir, site_url=site_url, load=load, hashes=hashes)  # 1-2. load, read, check
    settle()
    diagnostics.extend(findings)
    if diagnostics.errors:
        raise PortalgenError(diagnostics.findings)
    with progress.stage("enrich"):
        cache_dir = cache_dir or site.root / CACHE_DIR
        site, findings = enrich_site(site, cache_dir=cache_dir, progress=progress, settle=settle)  # 3. enrich
    settle()
    diagnostics.extend(findings)
    if diagnostics.has_errors(strict):
        raise PortalgenError(diagnostics.findings)
    theme = load_theme(site.config.theme, site.root, site.config.key_locations.get("theme"))
    plan = OutputPlan()
    try:
        with progress.stage("render"):
            render_site(site, theme, plan, compiled_templates=cache_dir / TEMPLATES_DIR)  # 4. render
    except jinja2.TemplateError as exc:
        raise PortalgenError(diagnostics.findings + [template_problem(exc)]) from None
    settle()
    diagnostics.extend(plan.findings)
    if diagnostics.has_errors(strict):
        raise PortalgenError(diagnostics.findings)
    return site, plan, diagnostics


#: Allocations between two young collections during a build (Python's default: 700). See
#: :func:`_collector_set_for_a_build`.
BUILD_YOUNG_COLLECTION_EVERY = 50_000


@contextmanager
def _collector_set_for_a_build() -> Iterator[Callable[[], None]]:
    """Python's cyclic collector set for a build; yields ``settle()``, which puts what the build's stages
    made so far out of the collector's sight.

    A build makes millions of objects that live until it ends (the site model, the data work's results)
    and little cyclic garbage, yet the collector walks the objects it tracks again and again: on 10,000
    datasets, a fifth to a quarter of the main process's time. Two things stop most of that walking:

    - ``settle()``, called after each stage, is ``gc.freeze()``: the objects that exist move into a
      generation the collector skips (forked workers then also leave those memory pages shared);
      reference counting still frees them, and on leaving, ``gc.unfreeze()`` hands them back, so that
      cycles among them are collected as before. Nothing is frozen when something else froze objects
      already (a worker process): its own rule stands. It is also called each time the main process has
      decoded a batch of the data work's results (``tables._run_missing``): those live until the build
      ends, and the young and middle collections that walked them as they piled up were half the main
      process's time in that wait (10,000 datasets: 1.2 s of 2.3 s).
    - within a stage, a young collection every :data:`BUILD_YOUNG_COLLECTION_EVERY` allocations instead
      of 700 (older generations keep their rule, relative to it): each one walks many more objects, but
      most objects are walked once instead of a few times (measured on 10,000 datasets: collector time
      of the main process 7.2 s → 3.3 s, the same peak memory). The thresholds are put back on leaving.
    """
    ours = gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], BUILD_YOUNG_COLLECTION_EVERY), *thresholds[1:])
    try:
        yield gc.freeze if ours else (lambda: None)
    finally:
        gc.set_threshold(*thresholds)
        if ours:
            gc.unfreeze()


def build(site_dir: Path, out_dir: Path | None = None, *, strict: bool = False,
          site_url: str | None = None, progress: Progress | None = None,
          load: Callable[[Path], SiteSource] | None = None, cache_dir: Path | None = None,
          extra_inputs: str = "", shortcut: bool = True) -> BuildReport:
    """Build the site in ``site_dir`` into ``out_dir`` (default SITE/_site).

    ``load`` and ``cache_dir``: see :func:`prepare`. ``extra_inputs`` is folded into the inputs
    fingerprint (a syndicat passes the fingerprint of syndicat.yml); ``shortcut=False`` builds even
    when nothing changed."""
    site_dir = Path(site_dir)
    out_dir = Path(out_dir) if out_dir else site_dir / "_site"
    progress = progress or Progress()
    marker = read_marker(out_dir) if shortcut else None
    surely_built = marker is None  # no earlier output (or no shortcut): nothing to compare with
    fingerprint, hashes = _fingerprint_and_hashes(site_dir, out_dir, strict, site_url, extra_inputs,
                                                  while_importing=surely_built)
    previous = None if surely_built else _up_to_date(site_dir, marker, fingerprint)
    if previous is not None:                                                          # nothing changed at all
        return replace(previous, out_dir=out_dir, written=False, up_to_date=True, timings=())
    try:
        with _collector_set_for_a_build() as settle:
            site, plan, diagnostics = prepare(site_dir, strict=strict, site_url=site_url, progress=progress,
                                              load=load, cache_dir=cache_dir, settle=settle, hashes=hashes)
            with progress.stage("write"):
                written = write_site(plan, out_dir, site_dir, marker=fingerprint)     # 5. write atomically
    except PortalgenError as exc:
        return BuildReport(findings=tuple(exc.findings))
    except OSError as exc:
        return BuildReport(findings=(error(f"cannot write the site: {exc.strerror or exc}", None,
                                           code="write-failed", hint="check the output folder's permissions and free space"),))
    pages = sum(1 for p in plan.files if p.endswith(".html"))
    report = BuildReport(findings=tuple(diagnostics.findings), site=site, out_dir=out_dir, pages=pages,
                         files=len(plan.files), bytes_written=written, written=True,
                         timings=tuple(progress.timings))
    _remember(site_dir, fingerprint, report)
    return report


def _fingerprint_and_hashes(site_dir: Path, out_dir: Path, strict: bool, site_url: str | None,
                            extra_inputs: str, *, while_importing: bool) -> tuple[str | None, FileHashes]:
    """The inputs' fingerprint, and the files read to make it (the read stage does not read them again).

    ``while_importing``: the build will be done whatever the fingerprint (no earlier output to compare it
    with), so the stages' modules are needed: the fingerprint is then computed in a forked process while
    this one imports them (a second of CPU for pandas, pyarrow…), each on a core, instead of one after
    the other. It is the same fingerprint: :class:`~portalgen.workers.Forked` computes it here instead
    when it cannot fork. When a rebuild may have nothing to do, nothing more is imported before knowing
    (not even multiprocessing, for the forking)."""
    def fingerprint_and_hashes() -> tuple[str | None, FileHashes]:
        hashes = FileHashes()
        return _fingerprint(site_dir, out_dir, strict, site_url, extra_inputs, hashes), hashes
    if not while_importing:
        return fingerprint_and_hashes()
    from .workers import Forked
    with Forked(fingerprint_and_hashes) as forked:
        _import_stages()
        return forked.result()


def _import_stages() -> None:
    """Import the modules of the stages :func:`prepare` runs (which imports them where it needs them)."""
    import jinja2  # noqa: F401

    from . import enrich, theme  # noqa: F401
    from .render import pages  # noqa: F401


def _fingerprint(site_dir: Path, out_dir: Path, strict: bool, site_url: str | None,
                 extra_inputs: str = "", hashes: FileHashes | None = None) -> str | None:
    try:
        from .theme import builtin_themes_dir
        secret = os.environ.get("PORTALGEN_PRIVACY_SALT", "")
        settings = {"strict": strict, "site_url": site_url, "epoch": os.environ.get("SOURCE_DATE_EPOCH"),
                    "extra": extra_inputs,
                    "salt": hashlib.sha256(secret.encode()).hexdigest() if secret else ""}
        return build_fingerprint(site_dir, out_dir, site_dir / CACHE_DIR, [builtin_themes_dir()], settings, hashes)
    except OSError:
        return None


def _report_file(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR / "last-build.pickle"


def _up_to_date(site_dir: Path, marker: str | None, fingerprint: str | None) -> "BuildReport | None":
    """The report of the last build when its output, whose marker holds ``marker``, was made from exactly the
    same inputs."""
    if fingerprint is None or marker != fingerprint:
        return None
    try:
        with _report_file(site_dir).open("rb") as handle:
            remembered_fingerprint, report = pickle.load(handle)
    except Exception:
        return None
    return report if remembered_fingerprint == fingerprint else None


def _remember(site_dir: Path, fingerprint: str | None, report: "BuildReport") -> None:
    if fingerprint is None:
        return
    path = _report_file(site_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            pickle.dump((fingerprint, replace(report, site=None)), handle, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        path.unlink(missing_ok=True)


def check(site_dir: Path, *, strict: bool = False, site_url: str | None = None) -> BuildReport:
    """Every check the build does, writing nothing."""
    try:
        with _collector_set_for_a_build() as settle:
            site, plan, diagnostics = prepare(Path(site_dir), strict=strict, site_url=site_url, settle=settle)
    except PortalgenError as exc:
        return BuildReport(findings=tuple(exc.findings))
    pages = sum(1 for p in plan.files if p.endswith(".html"))
    return BuildReport(findings=tuple(diagnostics.findings), site=site, pages=pages, files=len(plan.files))
