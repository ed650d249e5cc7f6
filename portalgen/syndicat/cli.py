"""The build-all and merge commands: run them, print each commune's outcome, and a summary.

portalgen/cli.py registers the commands and calls :func:`run_build_all` / :func:`run_merge`.
Errors are always printed in full, per commune; warnings are counted (printed in full with --strict,
where they make the build fail).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ..errors import Level, PortalgenError
from .build import SyndicatReport, build_all, default_jobs, merge
from .worker import CommuneResult

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def commune_line(result: CommuneResult, strict: bool) -> str:
    """One line per commune as it finishes: ok or failed, with its counts."""
    errors = sum(1 for f in result.findings if f.level is Level.ERROR)
    warnings = sum(1 for f in result.findings if f.level is Level.WARNING)
    if result.ok:
        state = "unchanged" if result.unchanged else f"{result.seconds:.1f} s"
        return (f"  ok      {result.slug}: {result.pages} pages, {_plural(len(result.summary.datasets), 'dataset')}"
                f" ({_plural(warnings, 'warning')}, {state})")
    return f"  FAILED  {result.slug}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def print_problems(report: SyndicatReport, strict: bool, stream: TextIO) -> None:
    """Every problem, commune by commune, then the syndicat's own."""
    levels = {Level.ERROR, Level.WARNING} if strict else {Level.ERROR}
    for result in report.results:
        shown = [f for f in result.findings if f.level in levels]
        if not shown:
            continue
        print(f"\n{result.slug}:", file=stream)
        for finding in shown:
            print(f"  {finding.level.value}: {finding.format()}", file=stream)
    regional = [f for f in report.findings if f.level is not Level.INFO]
    if regional:
        print("\nregional portal:", file=stream)
        for finding in regional:
            print(f"  {finding.level.value}: {finding.format()}", file=stream)


def summary_text(report: SyndicatReport, strict: bool, action: str) -> str:
    """The last line: what was built, what failed, where."""
    built = sum(1 for r in report.results if r.ok)
    failed = report.failed_communes
    parts = [f"{action}: {_plural(built, 'commune')} built"]
    if failed:
        parts.append(f"{len(failed)} failed ({', '.join(r.slug for r in failed)})")
    if report.shard is not None:
        parts.append(f"shard {report.shard}: regional pages are made by 'portalgen merge'")
    elif report.regional is not None:
        parts.append(f"regional portal: {_plural(report.regional.communes, 'commune')}, "
                     f"{_plural(report.regional.datasets, 'dataset')}, {_plural(len(report.regional.files), 'file')}")
    text = "; ".join(parts) + f" — into {report.out_dir}."
    if report.failed(strict):
        text += " The failed communes keep their previous site, if any."
    return text


def run_build_all(args) -> int:
    """portalgen build-all SYNDICAT -o OUT [--jobs N] [--shard K/N] [--strict]."""
    jobs = args.jobs or default_jobs()
    out = sys.stdout if not args.quiet else None

    def progress(result: CommuneResult) -> None:
        if out is not None or not result.ok:
            print(commune_line(result, args.strict), file=sys.stdout, flush=True)

    try:
        report = build_all(Path(args.syndicat), Path(args.output) if args.output else None, jobs=jobs,
                           shard=args.shard, strict=args.strict, progress=progress)
    except PortalgenError as exc:
        for finding in exc.findings:
            print(f"{finding.level.value}: {finding.format()}", file=sys.stderr)
        print("build-all failed: nothing was built.", file=sys.stderr)
        return EXIT_PROBLEMS
    failed = report.failed(args.strict)
    print_problems(report, args.strict, sys.stderr)
    print(summary_text(report, args.strict, "build-all"), file=sys.stderr if failed else sys.stdout)
    return EXIT_PROBLEMS if failed else EXIT_OK


def run_merge(args) -> int:
    """portalgen merge SHARD_OUT... -o OUT [--syndicat DIR]."""
    try:
        report = merge([Path(p) for p in args.shards], Path(args.output),
                       syndicat_dir=Path(args.syndicat) if args.syndicat else None)
    except PortalgenError as exc:
        for finding in exc.findings:
            print(f"{finding.level.value}: {finding.format()}", file=sys.stderr)
        print("merge failed: nothing was written.", file=sys.stderr)
        return EXIT_PROBLEMS
    failed = report.failed()
    print_problems(report, False, sys.stderr)
    print(summary_text(report, False, "merge"), file=sys.stderr if failed else sys.stdout)
    return EXIT_PROBLEMS if failed else EXIT_OK
