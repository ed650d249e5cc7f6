"""Test helpers: write tiny sites inline, build them, and inspect the output like a user would."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

MINIMAL_PORTAL = """\
title: Données ouvertes de Testville
commune:
  name: Testville
  insee: "35238"
site_url: https://example.org/testville/
publisher:
  name: Mairie de Testville
  email: mairie@testville.fr
"""

MINIMAL_DATASET = """\
title: Subventions
description: Les subventions versées aux associations.
resources:
  - subventions.csv
"""


def write_site(root: Path, files: dict[str, str | bytes] | None = None, *, minimal: bool = True) -> Path:
    """Write a site folder; ``files`` maps relative paths to text (dedented) or bytes."""
    root.mkdir(parents=True, exist_ok=True)
    base: dict[str, str | bytes] = {}
    if minimal:
        base = {"portal.yml": MINIMAL_PORTAL, "datasets/subventions.yml": MINIMAL_DATASET,
                "data/subventions.csv": "beneficiaire,montant\nClub de foot,1500\nChorale,300\n"}
    base.update(files or {})
    for rel, content in base.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "base" and attrs.get("href"):
            self.base = attrs["href"]
            return
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.links.append((tag, attrs[name]))


def page_links(path: Path) -> tuple[list[tuple[str, str]], str | None]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links, parser.base


def broken_internal_links(out: Path) -> list[str]:
    """Every relative link of every page that does not lead to a file of the built site."""
    broken = []
    for page in sorted(out.rglob("*.html")):
        links, base = page_links(page)
        for tag, link in links:
            parsed = urlparse(link)
            if parsed.scheme or link.startswith(("//", "#", "mailto:", "tel:")):
                continue
            if base is not None:  # 404 page: links are relative to the site root
                target = out / unquote(parsed.path)
            else:
                target = page.parent / unquote(parsed.path)
            if parsed.path.endswith("/") or parsed.path in ("", "."):
                target = target / "index.html"
            if not target.resolve().exists():
                broken.append(f"{page.relative_to(out)}: {link}")
    return broken


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)


def external_references(out: Path, allowed_hrefs: tuple[str, ...] = ()) -> list[str]:
    """src= of any host, and <link href> to any host: what a browser would load without a click."""
    found = []
    for page in sorted(out.rglob("*.html")):
        links, _ = page_links(page)
        for tag, link in links:
            if not urlparse(link).scheme.startswith("http") and not link.startswith("//"):
                continue
            if tag in ("script", "img", "iframe", "link", "source", "video", "audio", "embed"):
                if tag == "link" and link.startswith(allowed_hrefs):
                    continue
                found.append(f"{page.relative_to(out)}: <{tag}> {link}")
    return found


class _Dangerous(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value[:30]}>")
        if tag == "script" and not dict(attrs).get("src") and dict(attrs).get("type") not in ("application/ld+json", "application/json"):
            self.found.append("<script> inline")


def dangerous_markup(out: Path) -> list[str]:
    """Event handlers, javascript:/data: URLs and inline scripts found as real markup in any page."""
    found = []
    for page in sorted(out.rglob("*.html")):
        parser = _Dangerous()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(out)}: {item}" for item in parser.found]
    return found
