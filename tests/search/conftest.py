from pathlib import Path

import pytest

from portalgen.pipeline import build

from .site import write_search_site


@pytest.fixture(scope="session")
def search_site(tmp_path_factory) -> tuple[Path, Path]:
    """The search fixture site (tests/search/site.py), built once: (site folder, output folder)."""
    root = tmp_path_factory.mktemp("search-site")
    site = write_search_site(root / "site")
    report = build(site, root / "out")
    assert report.written, [str(f) for f in report.findings]
    return site, root / "out"
