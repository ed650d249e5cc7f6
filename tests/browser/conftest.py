"""Fixtures of the real-browser checks.

Once per test session: build the fixture site (tests/browser/fixture_site.py) and, when it exists,
the repository's sample_site/ into temporary folders; serve each on 127.0.0.1 with a threaded
http.server; load the chosen pages in Debian's Chromium through Playwright, once each, recording
requests, console and page errors and the axe-core results. The test files only judge the records.

Tools are looked up as .ci/install-tools.sh installs them (see browser_support). When one is
missing the tests that need it are skipped with the reason, or fail in CI (CI=true, or
PORTALGEN_REQUIRE_BROWSER_TOOLS=1), where .ci/run installs them.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from portalgen.errors import Level
from portalgen.pipeline import build

from .browser_support import (axe_js_path, chromium_path, html_pages, java_path, missing_tool,
                              playwright_available, select_pages, serve_directory, tile_host_regex,
                              visit_pages, vnu_jar_path)
from .fixture_site import write_fixture_site

REPO = Path(__file__).resolve().parents[2]
SAMPLE_SITE = REPO / "sample_site"
# Pages loaded per site: at least one of each URL pattern; PORTALGEN_BROWSER_MAX_PAGES=all loads every page.
DEFAULT_MAX_PAGES = 20
INSTALL_HINT = "run .ci/install-tools.sh"


@dataclass(frozen=True)
class BuiltSite:
    """A site built for the browser checks, or the findings of its failed build."""

    name: str
    source: Path
    out_dir: Path | None
    problems: tuple[str, ...]          # errors of the build, formatted; empty when it built
    tiles: str | None = None
    pages: tuple[str, ...] = ()

    @property
    def built(self) -> bool:
        return self.out_dir is not None and not self.problems


def build_for_checks(name: str, source: Path, out_dir: Path) -> BuiltSite:
    try:
        report = build(source, out_dir)
    except Exception as exc:  # noqa: BLE001 - a crash of the build is reported like its errors
        return BuiltSite(name, source, None, (f"the build crashed: {type(exc).__name__}: {exc}",))
    problems = tuple(f.format() for f in report.findings if f.level is Level.ERROR)
    if not report.written or problems:
        return BuiltSite(name, source, None, problems or ("the build wrote nothing",))
    tiles = report.site.config.map.tiles if report.site else None
    return BuiltSite(name, source, out_dir, (), tiles, tuple(html_pages(out_dir)))


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory) -> list[BuiltSite]:
    """The fixture site (always) and sample_site/ (when it has a portal.yml), built once."""
    work = tmp_path_factory.mktemp("browser-sites")
    fixture = build_for_checks("fixture", write_fixture_site(work / "fixture-src"), work / "fixture-out")
    if not fixture.built:
        pytest.fail("the fixture site of tests/browser does not build:\n  " + "\n  ".join(fixture.problems),
                    pytrace=False)
    sites = [fixture]
    if (SAMPLE_SITE / "portal.yml").is_file():
        sites.append(build_for_checks("sample_site", SAMPLE_SITE, work / "sample-out"))
    return sites


@pytest.fixture(scope="session")
def checked_sites(built_sites) -> list[BuiltSite]:
    """The sites that built (a failed sample_site build is reported by test_built_sites.py)."""
    return [site for site in built_sites if site.built]


@pytest.fixture(scope="session")
def browser(request):
    """Debian's headless Chromium driven by Playwright."""
    if not playwright_available():
        missing_tool("the Python package playwright is not installed (pip install playwright)")
    if chromium_path() is None:
        missing_tool(f"Chromium is not installed at /usr/bin/chromium ({INSTALL_HINT}, or apt-get install chromium)")
    yield request.getfixturevalue("playwright_browser")  # one Chromium per session (tests/conftest.py)


@pytest.fixture(scope="session")
def axe_source() -> str | None:
    path = axe_js_path()
    return path.read_text(encoding="utf-8") if path else None


def max_pages() -> int:
    """How many pages of each site to load: every URL pattern once, then others up to this number."""
    raw = os.environ.get("PORTALGEN_BROWSER_MAX_PAGES", "").strip().lower()
    if raw == "all":
        return 10**9
    return max(1, int(raw)) if raw.isdigit() else DEFAULT_MAX_PAGES


@pytest.fixture(scope="session")
def served_sites(checked_sites):
    """{site name: (BuiltSite, base URL)}: each built site served on 127.0.0.1 for the whole session."""
    with ExitStack() as stack:
        yield {site.name: (site, stack.enter_context(serve_directory(site.out_dir))) for site in checked_sites}


@pytest.fixture(scope="session")
def page_visits(served_sites, browser, axe_source):
    """{site name: [PageVisit]}: every chosen page of every built site, loaded once in Chromium."""
    return {name: visit_pages(browser, base_url, select_pages(list(site.pages), max_pages()),
                              tile_host=tile_host_regex(site.tiles), axe_source=axe_source)
            for name, (site, base_url) in served_sites.items()}


@pytest.fixture(scope="session")
def vnu():
    """(java, vnu.jar) of the Nu Html Checker."""
    jar = vnu_jar_path()
    if jar is None:
        missing_tool(f"the Nu Html Checker (npm package vnu-jar) is not installed ({INSTALL_HINT}, "
                     "or set PORTALGEN_VNU_JAR to a vnu.jar)")
    java = java_path()
    if java is None:
        missing_tool(f"Java is not installed; the Nu Html Checker needs it ({INSTALL_HINT}, "
                     "or apt-get install default-jre-headless)")
    return java, jar
