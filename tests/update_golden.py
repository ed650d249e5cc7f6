"""Rebuild the golden output of tests/golden/site after an intended change of the output:

    python -m tests.update_golden

then review the diff of tests/golden/expected/ with git before committing it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
EPOCH = "1767225600"  # 2026-01-01
# Compared as text: pages and metadata. Left out: assets/ (theme files and libraries copied as they are),
# binary downloads (their encoders' version strings), and the marker (it fingerprints the code).
COMPARED_SUFFIXES = {".html", ".css", ".js", ".json", ".csv", ".geojson", ".ttl", ".rdf", ".jsonld", ".xml",
                     ".txt", ".atom", ""}


def compared_files(out: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if not path.is_file() or rel.startswith("assets/") or path.name.startswith("."):
            continue
        if path.suffix in COMPARED_SUFFIXES:
            files[rel] = path.read_bytes()
    return files


def build_golden(target: Path) -> None:
    from portalgen.pipeline import build
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(GOLDEN / "site", site)
        report = build(site, target)
        if not report.written:
            raise SystemExit("\n".join(f.format() for f in report.findings))


def main() -> None:
    expected = GOLDEN / "expected"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build_golden(out)
        shutil.rmtree(expected, ignore_errors=True)
        for rel, data in compared_files(out).items():
            path = expected / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    print(f"golden output written to {expected}")


if __name__ == "__main__":
    main()
