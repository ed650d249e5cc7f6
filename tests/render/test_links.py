"""The quoting of mail links (render/links.py quote_text and quoted_message, used by the error-report link) is urllib.parse.quote;
the links bound to a page (page_links) are the links of page_link, asset_link and routes' general path."""

from __future__ import annotations

import posixpath
import random
from urllib.parse import quote

import pytest

from portalgen import routes
from portalgen.render.links import ABSOLUTE_PREFIXES, asset_link, page_link, page_links, quote_text, quoted_message


def test_quote_text_as_urllib_quote():
    texts = ["", " ", "/", "a/b c", "Signaler une erreur : « Budget 2024 » ñ 🌳", "<script>alert('x')</script>",
             "a & b = c?d#e%f+g", "line\nbreak\ttab\r\x00\x7f", "https://data.example.fr/datasets/x/", "~_.-",
             "x" * 3000, "\u2028\u202f\u00a0", "%41", "déjà-vu"]
    rnd = random.Random(3)
    alphabet = [chr(code) for code in range(0, 0x250)] + ["€", "’", "🌳", "\uffff", "\U0010ffff"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 80))) for _ in range(500)]
    for text in texts:
        assert quote_text(text) == quote(text), text


def test_quote_text_fails_as_urllib_quote_on_a_lone_surrogate():
    with pytest.raises(UnicodeEncodeError):
        quote("\ud800")
    with pytest.raises(UnicodeEncodeError):
        quote_text("\ud800")


PAGES = ["index.html", "404.html", "datasets/jeu-1/index.html", "datasets/index.html", "a/b/c/d.html",
         "datasets/jeu-1/conformite/index.html", "./x/index.html", "a//b/index.html", "../up/index.html",
         "données/é/index.html"]
TARGETS = ["index.html", "datasets/index.html", "datasets/jeu-1/index.html", "datasets/jeu-1/data.csv",
           "datasets/jeu-2/index.html", "a/b/other.html", "a/", "./x/y.html", "a/../b/index.html", "assets/portal.css",
           "https://example.org/", "mailto:a@b.fr", "#contenu", "", "données/é/f.csv", "a//b/c.html"]


@pytest.mark.parametrize("page_path", PAGES)
def test_links_bound_to_a_page_are_the_links_of_page_link_and_asset_link(page_path):
    bound = page_links(page_path)
    for target in TARGETS:
        assert bound["url"](target) == page_link(page_path, target) == _linked_by_path(page_path, target)
    for name in ("portal.css", "js/map.js", "é/x.png"):
        assert bound["asset"](name) == asset_link(page_path, name) == _linked_by_path(page_path, routes.asset(name))


def _linked_by_path(page_path: str, target: str) -> str:
    """The link by routes' general path (no link kept per depth, no folder found once per page)."""
    if target.startswith(ABSOLUTE_PREFIXES):
        return target
    return routes._relative_url(posixpath.dirname(page_path), target)


MESSAGES = [
    "Erreur dans les données : {title}",
    "Bonjour,\n\nJ'ai repéré une erreur dans le jeu de données « {title} » ({url}).\n\nFichier concerné :\nMerci.",
    "Hello,\n\nI found an error in the dataset \"{title}\" ({url}).\n\nThank you.",
    "{title}{url}", "{title}", "", "no field", "{{title}} {title} {{", "}} {url} {{x}}", "{title}/{title}",
    "{title!r}", "{title:>10}", "{0}", "{}", "{title.upper}", "{title[0]}", "{titré} {title}", "a%20b {title} &?=#",
]
VALUES = ["", "Budget 2024", "Élus & <conseil> « 100 % »", "a/b?c=d&e#f", "{title}", "{{}}", "日本語", "😀 x",
          "https://example.org/datasets/budget/", "tab\tnew\nline", "%41", "ß\u00a0é\u0301", "<script>alert(1)</script>"]


def test_quoted_messages_are_the_messages_quoted_whole():
    rnd = random.Random(13)
    for text in MESSAGES:
        for _ in range(60):
            values = {"title": rnd.choice(VALUES), "url": rnd.choice(VALUES), "titré": rnd.choice(VALUES)}
            try:
                expected = quote(text.format(**values))
            except (IndexError, KeyError, AttributeError, TypeError) as error:
                with pytest.raises(type(error)):
                    quoted_message(text, **values)
            else:
                assert quoted_message(text, **values) == expected, (text, values)


def test_values_that_are_not_text_are_formatted_as_str_format_does():
    assert quoted_message("n° {title} {url}", title=12, url=None) == quote("n° 12 None")


def test_a_missing_value_fails_as_str_format_fails():
    with pytest.raises(KeyError):
        quoted_message("{title} {url}", title="x")
