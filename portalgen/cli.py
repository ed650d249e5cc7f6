"""Command line: parse arguments, call one library function, map the result to an exit code.

Exit codes: 0 = fine, 1 = problems in the site, 2 = usage error.
"""

from __future__ import annotations

import argparse
import atexit
import os
import sys
from pathlib import Path

from . import __version__
from .errors import Level

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _print_findings(findings, stream=None) -> None:
    stream = stream or sys.stderr
    order = {Level.ERROR: 0, Level.WARNING: 1, Level.INFO: 2}
    labels = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "info"}
    for finding in sorted(findings, key=lambda f: order[f.level]):
        print(f"{labels[finding.level]}: {finding.format()}", file=stream)


def _summary(report, strict: bool, action: str) -> str:
    errors = sum(1 for f in report.findings if f.level is Level.ERROR)
    warnings = sum(1 for f in report.findings if f.level is Level.WARNING)
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if report.failed(strict):
        extra = " (warnings count as errors with --strict)" if strict and not errors else ""
        what = "nothing was written; the previous site is unchanged" if action == "build" else "the site has problems"
        return f"{action} failed: {counts}{extra}; {what}."
    if action == "build" and report.up_to_date:
        return f"Nothing changed since the last build: {report.out_dir} is up to date — {counts}."
    if action == "build":
        datasets = len(report.site.datasets) if report.site else 0
        return (f"Built {report.pages} pages, {datasets} datasets, {report.files} files "
                f"({report.bytes_written / 1e6:.1f} MB) into {report.out_dir} — {counts}.")
    datasets = len(report.site.datasets) if report.site else 0
    return f"Check passed: {datasets} datasets, {report.pages} pages — {counts}."


def cmd_build(args) -> int:
    from .pipeline import build
    from .progress import Progress, TerminalProgress
    progress = TerminalProgress() if sys.stderr.isatty() and not args.quiet else Progress()
    report = build(Path(args.site), Path(args.output) if args.output else None, strict=args.strict,
                   site_url=args.site_url, progress=progress)
    _print_findings(report.findings)
    if not args.quiet or report.failed(args.strict):
        print(_summary(report, args.strict, "build"), file=sys.stderr if report.failed(args.strict) else sys.stdout)
    return EXIT_PROBLEMS if report.failed(args.strict) else EXIT_OK


def cmd_check(args) -> int:
    from .pipeline import check
    report = check(Path(args.site), strict=args.strict, site_url=args.site_url)
    _print_findings(report.findings)
    print(_summary(report, args.strict, "check"), file=sys.stderr if report.failed(args.strict) else sys.stdout)
    return EXIT_PROBLEMS if report.failed(args.strict) else EXIT_OK


def cmd_init(args) -> int:
    from .init import InitAnswers, ask_answers, create_site
    target = Path(args.dir)
    answers = InitAnswers(commune=args.commune, insee=args.insee, site_url=args.site_url, email=args.email,
                          language=args.language)
    if sys.stdin.isatty() and not args.yes:
        answers = ask_answers(answers)
    from .errors import PortalgenError
    try:
        create_site(target, answers)
    except PortalgenError as exc:
        _print_findings(exc.findings)
        return EXIT_PROBLEMS
    print(f"Created a new portal in {target}. Next: edit {target / 'portal.yml'}, add your files to "
          f"{target / 'data'} and a description in {target / 'datasets'}, then run: portalgen build {target}")
    return EXIT_OK


def cmd_serve(args) -> int:
    from .serve import serve
    return serve(Path(args.site), port=args.port, output=Path(args.output) if args.output else None,
                 watch=not args.no_watch)


def cmd_national(args) -> int:
    from .national import NationalOptions, run_national
    from .national.cli import print_outcomes
    report = run_national(Path(args.site), NationalOptions(refresh=args.refresh, offline=args.offline,
                                                           sources=tuple(args.source or ())))
    _print_findings(report.findings)
    print_outcomes(report, sys.stderr if report.failed() else sys.stdout)
    return EXIT_PROBLEMS if report.failed() else EXIT_OK


def cmd_build_all(args) -> int:
    from .syndicat.cli import run_build_all
    return run_build_all(args)


def cmd_merge(args) -> int:
    from .syndicat.cli import run_merge
    return run_merge(args)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portalgen", description="Build a static open-data portal for a commune.")
    parser.add_argument("--version", action="version", version=f"portalgen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("build", help="build the site into a folder")
    p.add_argument("site", nargs="?", default=".", help="the site folder (default: current folder)")
    p.add_argument("-o", "--output", help="output folder (default: SITE/_site)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.add_argument("--site-url", help="public address of the portal, replacing portal.yml's site_url")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="run every check of the build, writing nothing")
    p.add_argument("site", nargs="?", default=".", help="the site folder (default: current folder)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--site-url", help="public address of the portal, replacing portal.yml's site_url")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("init", help="create a new site folder that builds at once")
    p.add_argument("dir", help="folder to create")
    p.add_argument("--commune", help="name of the commune")
    p.add_argument("--insee", help="INSEE code of the commune")
    p.add_argument("--site-url", help="public address of the portal, https://…/")
    p.add_argument("--email", help="contact email for the data")
    p.add_argument("--language", choices=["fr", "en"], default="fr", help="interface language")
    p.add_argument("-y", "--yes", action="store_true", help="never ask questions, use defaults")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild when a file changes")
    p.add_argument("site", nargs="?", default=".", help="the site folder (default: current folder)")
    p.add_argument("-p", "--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("-o", "--output", help="output folder (default: SITE/_site)")
    p.add_argument("--no-watch", action="store_true", help="do not rebuild on changes")
    p.set_defaults(func=cmd_serve)

    from .national.names import SOURCE_NAMES
    p = sub.add_parser("national", help="fetch national open data about the commune into the site as datasets")
    p.add_argument("site", nargs="?", default=".", help="the site folder (default: current folder)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--refresh", action="store_true", help="ask every source again (default: only what the cache lacks)")
    mode.add_argument("--offline", action="store_true", help="use the cache in SITE/national/cache only")
    p.add_argument("--source", nargs="+", action="extend", choices=SOURCE_NAMES, metavar="NAME",
                   help=f"only these sources: {', '.join(SOURCE_NAMES)} (default: all)")
    p.set_defaults(func=cmd_national)

    from .syndicat.arguments import jobs_argument, shard_argument
    p = sub.add_parser("build-all", help="build every commune of a syndicat, the regional catalogue and observatory")
    p.add_argument("syndicat", help="the syndicat folder (syndicat.yml and communes/)")
    p.add_argument("-o", "--output", help="output folder (default: SYNDICAT/_site)")
    p.add_argument("--jobs", type=jobs_argument, metavar="N", help="communes built at once (default: number of CPUs)")
    p.add_argument("--shard", type=shard_argument, metavar="K/N",
                   help="build only share K of N of the communes (then run portalgen merge)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.set_defaults(func=cmd_build_all)

    p = sub.add_parser("merge", help="assemble shard outputs of build-all into one regional portal")
    p.add_argument("shards", nargs="+", metavar="SHARD_OUT", help="folders written by build-all --shard K/N")
    p.add_argument("-o", "--output", required=True, help="output folder")
    p.add_argument("--syndicat", metavar="DIR", help="the syndicat folder (default: the one the shards were built from)")
    p.set_defaults(func=cmd_merge)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    return args.func(args)


def run() -> None:
    """The ``portalgen`` command (and ``python -m portalgen``): :func:`main`, then the process ends at once.

    A build leaves millions of objects behind (the site model, the results of the data work). Python would
    free them one by one on the way out (1.4 s after a build of 2,000 datasets, several seconds after 10,000)
    although the site is written and the system takes the memory back at once. So, once :func:`main` has
    returned, the exit handlers run (:mod:`atexit`: temporary folders, worker pools), the output streams are
    flushed, and the process exits without that teardown. Tests call :func:`main`, which returns."""
    code = main()
    exit_now(code)


def exit_now(code: int) -> None:
    """End the process with ``code`` after running the exit handlers and flushing stdout and stderr, without
    freeing every object first (see :func:`run`)."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (``portalgen … | head``) or stream: nothing more to say
            pass
    os._exit(code)
