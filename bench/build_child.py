#!/usr/bin/env python3
"""One build for the benchmarks, in its own process: ``build_child.py SITE OUT TIMINGS.json``.

Does what ``portalgen build SITE -o OUT -q`` does, the process ending as the command's does, and also
writes the stage timings (read, enrich, render, write; seconds) to TIMINGS.json so a benchmark can show
where the time goes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    site, out, timings_file = (Path(a) for a in argv)
    from portalgen.cli import _print_findings
    from portalgen.pipeline import build
    report = build(site, out)
    _print_findings(report.findings)
    timings_file.write_text(json.dumps(dict(report.timings)), encoding="utf-8")
    return 1 if report.failed() else 0


if __name__ == "__main__":
    from portalgen.cli import exit_now
    exit_now(main(sys.argv[1:]))
