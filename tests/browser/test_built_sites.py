"""The sites the browser checks audit: the fixture site covers every page type of the default
theme, and sample_site/ (when present) builds without errors."""

from __future__ import annotations

import pytest

from .browser_support import missing_tool, url_patterns

EXPECTED_PATTERNS = {"index.html", "404.html", "datasets/index.html", "datasets/*/index.html",
                     "datasets/page/*/index.html", "pages/*/index.html", "news/index.html", "news/*/index.html",
                     "news/page/*/index.html", "reuses/index.html", "reuses/*/index.html"}


def test_fixture_site_has_every_page_type(built_sites):
    fixture = next(site for site in built_sites if site.name == "fixture")
    patterns = set(url_patterns(list(fixture.pages)))
    assert EXPECTED_PATTERNS <= patterns, f"missing page types: {sorted(EXPECTED_PATTERNS - patterns)}"


def test_sample_site_builds(built_sites):
    sample = next((site for site in built_sites if site.name == "sample_site"), None)
    if sample is None:
        pytest.skip("sample_site/portal.yml does not exist yet; the browser checks use the fixture site only")
    assert sample.built, ("sample_site/ does not build, so the browser checks skip it:\n  "
                          + "\n  ".join(sample.problems))


@pytest.mark.parametrize("env, fails", [({}, False), ({"CI": "true"}, True),
                                        ({"CI": "true", "PORTALGEN_REQUIRE_BROWSER_TOOLS": "0"}, False),
                                        ({"PORTALGEN_REQUIRE_BROWSER_TOOLS": "1"}, True)])
def test_missing_tool_skips_locally_and_fails_in_ci(monkeypatch, env, fails):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PORTALGEN_REQUIRE_BROWSER_TOOLS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(pytest.fail.Exception if fails else pytest.skip.Exception, match="Chromium is missing"):
        missing_tool("Chromium is missing")
