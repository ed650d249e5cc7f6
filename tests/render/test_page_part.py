"""The site header and footer links rendered once per (page folder, section) (render/once.py PagePart): every
page is the page the whole base.html wrote (tests/render/whole_base.html), and a theme's header or footer links
partial is used on every page."""

from __future__ import annotations

from pathlib import Path

import pytest

from portalgen.pipeline import build
from tests.helpers import MINIMAL_PORTAL, tree_bytes, write_site

WHOLE_BASE = (Path(__file__).parent / "whole_base.html").read_text(encoding="utf-8")

#: Odd texts in everything the header and footer write: HTML injection, unicode, a page in the menu, a
#: navigation link to another site, an English site, a site without any email.
PORTALS = {
    "injection": MINIMAL_PORTAL.replace("title: Données ouvertes de Testville",
                                        "title: '<script>alert(1)</script> & « Testville »'\n"
                                        "tagline: '<b>Données</b> d’été, 12,5 %'")
                 + "contact:\n  email: accueil@testville.fr\nnavigation:\n  - title: '<i>Ailleurs</i>'\n"
                   "    url: https://example.org/?a=1&b=2\n  - title: Plan\n    url: /pages/plan/\n",
    "english": MINIMAL_PORTAL + "language: en\n",
    "bare": MINIMAL_PORTAL.replace("  email: mairie@testville.fr\n", ""),
}

FILES = {
    "datasets/autre.yml": "title: Autre\ndescription: Un autre jeu.\ntheme: Économie\nproducer: Service\n"
                          "resources:\n  - subventions.csv\n",
    "pages/plan.md": "---\ntitle: Plan <du site>\nnav: true\n---\nLe plan.\n",
    "news/une.md": "---\ntitle: Une\ndate: 2024-01-02\n---\nTexte.\n",
}


def _site_pages(root: Path, files: dict[str, str]) -> dict[str, bytes]:
    site = write_site(root, files)
    build(site)
    return {path: text for path, text in tree_bytes(site / "_site").items() if path.endswith(".html")}


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_pages_with_parts_rendered_once_are_the_pages_of_the_whole_base(tmp_path, monkeypatch, portal):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    files = {**FILES, "portal.yml": PORTALS[portal]}
    split = _site_pages(tmp_path / "split", files)
    whole = _site_pages(tmp_path / "whole", {**files, "templates/base.html": WHOLE_BASE})
    assert len(split) > 10 and split.keys() == whole.keys()
    for path in split:
        assert split[path] == whole[path], path


@pytest.mark.parametrize("name", ["site_header.html", "footer_links.html"])
def test_a_theme_header_or_footer_links_partial_is_used_on_every_page(tmp_path, name):
    pages = _site_pages(tmp_path / "site", {**FILES, f"templates/partials/{name}": '<p class="mine">{{ url(routes.home()) }}</p>\n'})
    for path, text in pages.items():
        depth = path.count("/")
        assert f'<p class="mine">{"../" * depth or "./"}</p>'.encode() in text, path
