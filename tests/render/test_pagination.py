"""The page links of the catalogue: the first and last pages and a window around the current one."""

from __future__ import annotations

import re

from portalgen.pipeline import build
from tests.helpers import MINIMAL_PORTAL, write_site


def _numbers(page: str) -> list[str]:
    nav = re.search(r'<nav class="pagination" aria-label="[^"]*">\s*<ul>.*?</nav>', page, re.S).group(0)
    return re.findall(r'<a href="[^"]*"(?: aria-current="page")?>(\d+)</a>|(…)', nav)


def test_the_catalogue_links_the_first_last_and_nearby_pages_with_gaps_between(tmp_path):
    files = {"portal.yml": MINIMAL_PORTAL + "catalogue_page_size: 1\n", "datasets/subventions.yml": None}
    for number in range(12):
        files[f"datasets/jeu-{number:02d}.yml"] = (f"title: Jeu {number:02d}\ndescription: Le jeu {number}.\n"
                                                   "resources:\n  - subventions.csv\n")
    site = write_site(tmp_path / "site", files)
    report = build(site, tmp_path / "out")
    assert not report.failed(), report.findings
    pages = {1: tmp_path / "out/datasets/index.html"}
    pages.update({n: tmp_path / f"out/datasets/page/{n}/index.html" for n in range(2, 13)})
    shown = {n: ["".join(item) for item in _numbers(path.read_text(encoding="utf-8"))] for n, path in pages.items()}
    assert shown[1] == ["1", "2", "3", "…", "12"]
    assert shown[4] == ["1", "2", "3", "4", "5", "6", "…", "12"]
    assert shown[6] == ["1", "…", "4", "5", "6", "7", "8", "…", "12"]
    assert shown[12] == ["1", "…", "10", "11", "12"]
    for n, path in pages.items():  # the current page is marked, and its neighbours are linked
        page = path.read_text(encoding="utf-8")
        assert re.search(rf'aria-current="page">{n}</a>', page)
        assert ('rel="prev"' in page) == (n > 1) and ('rel="next"' in page) == (n < 12)
