"""The site header and footer links rendered once per section and links they write (render/once.py PagePart): every
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


#: A partial whose links decide what it writes next: the recorded calls differ from page to page.
LINKED = ("{% set home = url('index.html') %}{% if home == './' %}<a href='{{ url('datasets/index.html') }}'>"
          "{% else %}<b>{{ url('themes/' ~ key ~ '/index.html') }}</b>{{ asset('style.css') }}{% endif %}"
          "{{ url('datasets/' ~ key ~ '/index.html') }}{{ url('https://example.org/') }} {{ key }}\n")
PAGE_PATHS = ["index.html", "404.html", "datasets/index.html", "datasets/a/index.html", "datasets/b/index.html",
              "datasets/a/plan.html", "themes/x/index.html", "themes/y/index.html", "producers/x/index.html",
              "a/b/c/index.html", "datasets/page/2/index.html", "datasets/a/b/index.html", "themes/index.html",
              "assets/x/index.html", "a/./b/index.html", "a//b/index.html", "../x/index.html", "datasets/../index.html"]
KEYS = ("a", "x", "<é&>", "..", ".", "")


def test_a_partial_rendered_once_per_links_is_the_partial_rendered_on_each_page():
    """LinkedOnce takes a text rendered on another page only where this page's links to the targets asked
    are the same: equal to rendering the partial with each page's url and asset, whatever the order."""
    import functools
    import random

    import jinja2

    from portalgen.render.links import asset_link, page_link
    from portalgen.render.once import LinkedOnce

    env = jinja2.Environment(loader=jinja2.DictLoader({"linked.html": LINKED}), autoescape=True)
    template = env.get_template("linked.html")
    memo = LinkedOnce(env)
    cases = [(path, key) for path in PAGE_PATHS for key in KEYS] * 3
    random.Random(5).shuffle(cases)
    for path, key in cases:
        whole = template.render(url=functools.partial(page_link, path), asset=functools.partial(asset_link, path),
                                key=key)
        assert memo.render_linked("linked.html", key, path, key=key) == whole, (path, key)
    assert len(memo._texts) < len(PAGE_PATHS) * len(KEYS)  # some pages shared a text


def test_a_theme_catalogue_links_partial_is_used_in_the_head_of_the_pages_that_link_the_catalogue(tmp_path):
    pages = _site_pages(tmp_path / "site", {**FILES, "templates/partials/catalogue_links.html":
                                            '<link class="mine" href="{{ url("catalog.xml") }}">\n'})
    for path in ("index.html", "datasets/index.html", "datasets/subventions/index.html", "datasets/autre/index.html"):
        head = pages[path].decode().split("</head>")[0]
        assert f'<link class="mine" href="{"../" * path.count("/")}catalog.xml">\n' in head, path
