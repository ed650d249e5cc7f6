"""Accessibility (RGAA 4 / WCAG 2.1 AA): axe-core in Chromium finds no serious or critical violation
on any visited page of the built sites."""

from __future__ import annotations

import pytest

from .browser_support import (BLOCKING_IMPACTS, PageVisit, blocking_violations, format_violations,
                              missing_tool, serve_directory, visit_pages)

BAD_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Mauvaise page</title></head>
<body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#ccc;background:#fff">Texte peu lisible</p>
<a href="suite.html"></a></main></body></html>
"""


def require_axe(axe_source: str | None) -> str:
    if axe_source is None:
        missing_tool("axe-core is not installed (run .ci/install-tools.sh, or set PORTALGEN_AXE_JS to axe.min.js)")
    return axe_source


def test_no_serious_or_critical_violation(page_visits, axe_source):
    require_axe(axe_source)
    failing: list[str] = []
    minor: list[str] = []
    for site, visits in page_visits.items():
        for visit in visits:
            if visit.navigation_error or visit.axe_violations is None:
                failing.append(f"[{site}] {visit.page}: not audited: {visit.navigation_error or 'axe did not run'}")
                continue
            blocking = blocking_violations(visit)
            if blocking:
                failing.append(f"[{site}] " + format_violations(visit, blocking))
            others = [v for v in visit.axe_violations if v not in blocking]
            if others:
                minor.append(f"[{site}] " + format_violations(visit, others, max_nodes=2))
    if minor:
        print("axe-core violations below 'serious' (not failing):\n" + "\n".join(minor))
    audited = sum(len(v) for v in page_visits.values())
    print("audited with axe-core: " + ", ".join(f"{site} {len(v)} pages" for site, v in page_visits.items()))
    assert not failing, (f"{len(failing)} of {audited} pages have {'/'.join(BLOCKING_IMPACTS)} accessibility "
                         "violations (WCAG 2.1 AA, axe-core):\n" + "\n".join(failing))


def test_audit_finds_violations_on_a_bad_page(browser, axe_source, tmp_path):
    """The audit itself works: a page with an image without text alternative, unreadable text and
    an empty link is reported, with the rules and elements named."""
    require_axe(axe_source)
    (tmp_path / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    with serve_directory(tmp_path) as base_url:
        [visit] = visit_pages(browser, base_url, ["index.html"], axe_source=axe_source)
    ids = {v["id"] for v in blocking_violations(visit)}
    assert {"image-alt", "color-contrast", "link-name", "html-has-lang"} <= ids
    report = format_violations(visit, blocking_violations(visit))
    assert "index.html:" in report and "image-alt" in report and "<img" in report


def test_audit_passes_a_clean_page(browser, axe_source, tmp_path):
    require_axe(axe_source)
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Bonne page</title></head>'
        '<body><main><h1>Bonjour</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Logo">'
        '<a href="suite.html">Lire la suite</a></main></body></html>', encoding="utf-8")
    with serve_directory(tmp_path) as base_url:
        [visit] = visit_pages(browser, base_url, ["index.html"], axe_source=axe_source)
    assert visit.navigation_error is None
    assert blocking_violations(visit) == []


@pytest.mark.parametrize("impact, blocks", [("critical", True), ("serious", True), ("moderate", False),
                                            ("minor", False)])
def test_only_serious_and_critical_block(impact, blocks):
    visit = PageVisit(page="x.html", url="http://127.0.0.1/x.html",
                      axe_violations=[{"id": "r", "impact": impact, "help": "h", "helpUrl": "u", "nodes": []}])
    assert bool(blocking_violations(visit)) is blocks


def test_pages_reflow_at_320_pixels(page_visits):
    """WCAG 1.4.10 (Reflow): at 320 CSS pixels wide (a phone, or 400 % zoom) no page scrolls
    sideways; wide tables and maps scroll inside their own box."""
    failing = [f"[{site}] {visit.page}: " + ", ".join(visit.overflow)
               for site, visits in page_visits.items() for visit in visits if visit.overflow]
    assert not failing, ("pages that scroll sideways at 320 px wide (put wide content in a box with "
                         "overflow-x: auto, let long words wrap, give flex items min-width: 0):\n" + "\n".join(failing))


def test_reflow_check_finds_a_wide_element(browser, tmp_path):
    """The check itself works: a wide block, a long word and a hidden text that escapes its scroll box
    are named; a wide table in a scrolling box is not."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width"><title>Large</title></head><body><main><h1>Large</h1>'
        '<div class="wide" style="width:900px">x</div>'
        '<div style="overflow-x:auto"><table><tr><td style="min-width:900px">tableau</td></tr></table></div>'
        '</main></body></html>', encoding="utf-8")
    (tmp_path / "text.html").write_text(
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" '
        'content="width=device-width"><title>Texte</title></head><body><main><h1>Texte</h1>'
        '<p>Voir https://www.example.org/une/tres/longue/adresse/sans/espace/aucun</p>'
        '</main></body></html>', encoding="utf-8")
    hidden = ('<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">'
              'caché</span>')
    for name, box_style in (("escape.html", "overflow-x:auto"), ("held.html", "overflow-x:auto;position:relative")):
        (tmp_path / name).write_text(
            '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width"><title>Tableau</title></head><body><main><h1>Tableau</h1>'
            f'<div style="{box_style}"><table><tr><td style="min-width:600px">a</td><td>b {hidden}</td></tr>'
            '</table></div></main></body></html>', encoding="utf-8")
    with serve_directory(tmp_path) as base_url:
        wide, text, escape, held = visit_pages(browser, base_url, ["index.html", "text.html", "escape.html",
                                                                   "held.html"])
    assert wide.overflow == ["div.wide (908 px)"]
    assert len(text.overflow) == 1 and text.overflow[0].startswith("p text (")
    assert len(escape.overflow) == 1 and escape.overflow[0].startswith("span (")
    assert held.overflow == []
