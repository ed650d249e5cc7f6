"""Build one commune exactly as ``portalgen build`` would, with the syndicat's defaults merged in.

:func:`build_commune` runs in a worker process (it is a top-level function taking one picklable
task). It calls :func:`portalgen.pipeline.build` on the commune folder; the only differences from a
single-site build are the inherited settings, the shared result cache and syndicat.yml counted
among the inputs: :func:`build_options` gives them to the pipeline.
"""

from __future__ import annotations

import os
import posixpath
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import Finding, Level, Location, error
from .load import CommuneEntry
from .schema import SyndicatConfig
from .summary import CommuneSummary, summarise_site, summary_from_json, summary_json

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
    inputs: str = ""          # fingerprint of the syndicat's own inputs (syndicat.yml, its theme)


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
    unchanged: bool = False            # nothing changed since the last build: nothing was done

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is Level.ERROR)


def relocate_finding(finding: Finding, prefix: str) -> Finding:
    """A commune build's finding with its file shown from the syndicat folder (communes/x/portal.yml)."""
    where = finding.where
    if where is None or os.path.isabs(where.file):
        return finding
    return replace(finding, where=Location(posixpath.normpath(f"{prefix}/{where.file}"), where.line, where.column))


def build_options(task: CommuneTask, *, shortcut: bool = True) -> dict:
    """The pipeline options that build a commune as a member of the syndicat: portal.yml loaded with
    the syndicat's defaults merged in, the shared result cache, and syndicat.yml and the syndicat's
    theme among the inputs of the "nothing changed" fingerprint."""
    from ..config.load import load_site
    from .inherit import with_defaults

    def load_with_defaults(root):
        return with_defaults(load_site(root), task.config, syndicat_root=task.syndicat_root,
                             commune_url=task.commune.url)

    return {"load": load_with_defaults, "cache_dir": Path(task.cache_dir).resolve(),
            "extra_inputs": task.inputs, "shortcut": shortcut}


def write_summary(out_dir: Path, summary: CommuneSummary) -> None:
    """Write a commune's summary atomically (a reader never sees half a file)."""
    target = Path(out_dir) / summary_path(summary.slug)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    tmp.write_bytes(summary_json(summary))
    os.replace(tmp, target)


def read_summary(out_dir: Path, slug: str) -> CommuneSummary | None:
    """The summary a previous build wrote for ``slug``, if it is there and readable."""
    try:
        return summary_from_json((Path(out_dir) / summary_path(slug)).read_bytes())
    except (OSError, ValueError, TypeError):
        return None


def build_commune(task: CommuneTask) -> CommuneResult:
    """Build one commune into OUT/<its folder>; never raises (a crash becomes the commune's error)."""
    from .. import pipeline
    start = time.perf_counter()
    slug = task.commune.slug
    prefix = f"{task.communes_dir}/{slug}"
    out = Path(task.out_dir) / task.commune.out_folder
    previous = read_summary(task.out_dir, slug)
    try:
        report = pipeline.build(task.commune.folder, out, strict=task.strict, **build_options(task))
        if getattr(report, "up_to_date", False) and previous is None:
            # Nothing changed, but the summary the regional pages need is gone: build again, fully.
            report = pipeline.build(task.commune.folder, out, strict=task.strict,
                                    **build_options(task, shortcut=False))
        findings = tuple(relocate_finding(f, prefix) for f in report.findings)
        if report.failed(task.strict):
            return CommuneResult(slug, False, findings, seconds=time.perf_counter() - start)
        if getattr(report, "up_to_date", False) and previous is not None:   # nothing changed: nothing done
            return CommuneResult(slug, True, findings, previous, report.pages, report.files,
                                 time.perf_counter() - start, unchanged=True)
        if not report.written or report.site is None:
            return CommuneResult(slug, False, findings + (error(
                "the commune's site was not written", Location(prefix), code="syndicat-not-written",
                hint=f"build it alone with 'portalgen build {prefix}' to see why"),), seconds=time.perf_counter() - start)
        summary = summarise_site(report.site, slug, task.commune.out_folder)
        write_summary(task.out_dir, summary)
        return CommuneResult(slug, True, findings, summary, report.pages, report.files,
                             time.perf_counter() - start)
    except Exception as exc:  # a bug must not stop the other communes
        problem = error(f"portalgen stopped while building this commune ({type(exc).__name__}: {exc})",
                        Location(prefix), code="syndicat-internal",
                        hint="this is a bug in portalgen: build the commune alone with 'portalgen build "
                             f"{prefix}' to see more, and report it")
        return CommuneResult(slug, False, (problem,), seconds=time.perf_counter() - start)
