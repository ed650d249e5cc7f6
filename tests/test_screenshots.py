"""The visual check: scripts/screenshots.py photographs the main page types at desktop and mobile widths."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portalgen.pipeline import build

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed")
def test_screenshots_of_every_page_type(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(REPO / "sample_site", site, ignore=shutil.ignore_patterns("_site", ".portalgen-cache"))
    assert build(site, tmp_path / "out").written
    result = subprocess.run([sys.executable, str(REPO / "scripts/screenshots.py"), str(tmp_path / "out"),
                             "-o", str(tmp_path / "shots")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    shots = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    for name in ("home", "catalogue", "dataset", "dataset-map", "reuses", "news", "themes"):
        for width in ("desktop", "mobile"):
            assert f"{name}-{width}.png" in shots
    for png in (tmp_path / "shots").glob("*.png"):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000, png.name
