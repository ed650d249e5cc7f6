"""Build one commune exactly as ``portalgen build`` would, with the syndicat's defaults merged in.

:func:`build_commune` runs in a worker process (it is a top-level function taking one picklable
task). It calls :func:`portalgen.pipeline.build` on the commune folder; the only differences from a
single-site build are the inherited settings and the shared result cache. Until the pipeline takes
them as arguments, :func:`inherited_settings` installs both for the duration of the call (see
the module's note in the report to the pipeline's owner).
"""

from __future__ import annotations

import os
import posixpath
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import Finding, Level, Location, error
from .load import CommuneEntry
from .schema import SyndicatConfig
from .summary import CommuneSummary, summarise_site, summary_json

SUMMARIES_DIR = "observatoire/communes"


def summary_path(slug: str) -> str:
    """Where a commune's summary is written in the output (posix, relative)."""
    return f"{SUMMARIES_DIR}/{slug}.json"


@dataclass(frozen=True)
class CommuneTask:
    """Everything a worker needs to build one commune."""

    syndicat_root: Path
    config: SyndicatConfig
    communes_dir: str
    commune: CommuneEntry
    out_dir: Path
    cache_dir: Path
    strict: bool = False


@dataclass(frozen=True)
class CommuneResult:
    """What happened to one commune. Locations are relative to the syndicat folder."""

    slug: str
    ok: bool
    findings: tuple[Finding, ...]
    summary: CommuneSummary | None = None
    pages: int = 0
    files: int = 0
    seconds: float = 0.0

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.ERROR)


def relocate_finding(finding: Finding, prefix: str) -> Finding:
    """A commune build's finding with its file shown from the syndicat folder (communes/x/portal.yml)."""
    where = finding.where
    if where is None or os.path.isabs(where.file):
        return finding
    return replace(finding, where=Location(posixpath.normpath(f"{prefix}/{where.file}"), where.line, where.column))


@contextmanager
def inherited_settings(task: CommuneTask):
    """While active, the pipeline loads portal.yml with the syndicat's defaults and uses the shared cache."""
    from .. import pipeline
    from .inherit import with_defaults
    original_load, original_cache = pipeline.load_site, pipeline.CACHE_DIR

    def load_site_with_defaults(root):
        return with_defaults(original_load(root), task.config, syndicat_root=task.syndicat_root,
                             commune_url=task.commune.url)

    pipeline.load_site = load_site_with_defaults
    pipeline.CACHE_DIR = str(Path(task.cache_dir).resolve())   # root / absolute path = the absolute path
    try:
        yield
    finally:
        pipeline.load_site, pipeline.CACHE_DIR = original_load, original_cache


def write_summary(out_dir: Path, summary: CommuneSummary) -> None:
    """Write a commune's summary atomically (a reader never sees half a file)."""
    target = Path(out_dir) / summary_path(summary.slug)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_bytes(summary_json(summary))
    os.replace(tmp, target)


def build_commune(task: CommuneTask) -> CommuneResult:
    """Build one commune into OUT/<its folder>; never raises (a crash becomes the commune's error)."""
    from .. import pipeline
    start = time.perf_counter()
    prefix = f"{task.communes_dir}/{task.commune.slug}"
    out = Path(task.out_dir) / task.commune.out_folder
    try:
        with inherited_settings(task):
            report = pipeline.build(task.commune.folder, out, strict=task.strict)
        findings = tuple(relocate_finding(f, prefix) for f in report.findings)
        if report.failed(task.strict) or not report.written or report.site is None:
            return CommuneResult(task.commune.slug, False, findings, seconds=time.perf_counter() - start)
        summary = summarise_site(report.site, task.commune.slug, task.commune.out_folder)
        write_summary(task.out_dir, summary)
        return CommuneResult(task.commune.slug, True, findings, summary, report.pages, report.files,
                             time.perf_counter() - start)
    except Exception as exc:  # a bug must not stop the other communes
        problem = error(f"portalgen stopped while building this commune ({type(exc).__name__}: {exc})",
                        Location(prefix), code="syndicat-internal",
                        hint="this is a bug in portalgen: build the commune alone with 'portalgen build "
                             f"{prefix}' to see more, and report it")
        return CommuneResult(task.commune.slug, False, (problem,), seconds=time.perf_counter() - start)
