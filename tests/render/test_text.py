"""Plain prose is converted without the Markdown parser: it must give exactly what the parser gives."""

from __future__ import annotations

import random
import re
import sys

import markdown
import nh3
import pytest

from portalgen.render import text
from portalgen.render.text import one_line, plain_paragraphs, plain_summary, render_markdown

CONVERTER = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")


def parser_html(source: str) -> str:
    """render_markdown's result, always through Markdown and the sanitiser."""
    return text.sanitise_html(text._demote_headings(CONVERTER.reset().convert(source)))


def parser_summary(source: str, length: int = 200) -> str:
    """plain_summary's result, always through Markdown."""
    if not source:
        return ""
    html = CONVERTER.reset().convert(source.strip().split("\n\n")[0])
    plain = re.sub(r"\s+", " ", nh3.clean(html, tags=set())).strip()
    plain = plain.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'")
    return plain if len(plain) <= length else plain[:length].rsplit(" ", 1)[0] + "…"


PROSE = [
    "Données sur budget (parking) de la commune, série n° 0.\n\nChaque ligne est un relevé ; les montants sont en euros.",
    "Une ligne.",
    "Deux\nlignes d'un paragraphe.\n",
    "\n\nDes lignes vides autour\n\n\n\net entre.\n\n",
    "« Citation » – avec — tirets… et 12 % ; 3/4 ; 5 € ; 20 °C ; l’apostrophe ; \"guillemets\" !",
    "2024 : l'année. 1990 aussi.",
    "(entre parenthèses) puis ’ et «",
    "Ελληνικά, русский, 中文, ²³, ½ et 1er",
]
NOT_PROSE = [
    "- une liste", "1. une liste", "1) liste", "a *b*", "a _b_", "a `b`", "# titre", "titre\n===", "titre\n---",
    "> quote", "    code", "a  \nb", "a\tb", "[lien](http://x)", "<b>x</b>", "a & b", "x\u00a0y", "a | b\n--|--\n1 | 2",
    "```\ncode\n```", "~~~\ncode\n~~~", "a\\b", "{x}", "a\r\nb", "", "\n", " ", "+ x", "* x", "a \n", "\u2028",
]


@pytest.mark.parametrize("source", PROSE)
def test_prose_takes_the_fast_path(source):
    assert plain_paragraphs(source) is not None
    assert str(render_markdown(source)) == parser_html(source)
    assert plain_summary(source, 40) == parser_summary(source, 40)


@pytest.mark.parametrize("source", NOT_PROSE)
def test_markdown_takes_the_parser(source):
    assert plain_paragraphs(source) is None
    assert str(render_markdown(source)) == (parser_html(source) if source else "")
    assert plain_summary(source) == parser_summary(source)


def test_random_texts_give_what_the_parser_gives():
    pieces = ["a", "é", "Mot", "12", "1", "2024", " ", "  ", "\n", "\n\n", "\n\n\n", ".", ",", ";", ":", "!", "?", "'",
              "’", '"', "«", "»", "(", ")", "%", "€", "/", "–", "—", "…", "°", "\u202f", "-", "+", "*", "_", "#",
              "`", "[", "]", "<", ">", "&", "|", "~", "\\", "{", "}", "\t", "\u00a0", "=", "1.", "1)", "    ", "x_y",
              "&amp;", "<p>", "http://x.fr/a?b=1", "²", "\u0301", "\r"]
    prose = pieces[:32] + ["a", "Mot", " ", "\n"] * 8   # mostly what plain prose is made of
    rnd = random.Random(42)
    fast = 0
    for number in range(4000):
        source = "".join(rnd.choice(pieces if number % 2 else prose) for _ in range(rnd.randint(1, 25)))
        fast += plain_paragraphs(source) is not None
        assert str(render_markdown(source)) == parser_html(source), repr(source)
        assert plain_summary(source, 30) == parser_summary(source, 30), repr(source)
    assert fast > 250  # the fast path was exercised


def test_schema_org_description_gives_what_the_parser_gives():
    """dcat.schemaorg.plain_text (the JSON-LD description of a dataset page) takes the same fast path."""
    import html

    from portalgen.dcat.schemaorg import plain_text
    from portalgen.dcat.xmltext import clean_text

    def parser_plain_text(source: str, limit: int) -> str:
        if not source or not source.strip():
            return ""
        rendered = markdown.markdown(clean_text(source))
        plain = re.sub(r"\s+", " ", html.unescape(nh3.clean(rendered, tags=set()))).strip()
        return plain if len(plain) <= limit else plain[:limit - 1].rsplit(" ", 1)[0] + "…"

    rnd = random.Random(7)
    pieces = ["a", "é", "Mot", "12", " ", "\n", "\n\n", ".", "'", "’", "«", "-", "*", "_", "#", "[x](y)", "<b>", "&",
              "\u00a0", "\x07", "1.", "    ", "\t", "|", "`"]
    for source in PROSE + NOT_PROSE + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 20)))
                                       for _ in range(1500)]:
        assert plain_text(source, 25) == parser_plain_text(source, 25), repr(source)
        assert plain_text(source) == parser_plain_text(source, 5000), repr(source)


def test_format_number_remembered_is_format_number():
    """The number filter's cache gives format_number's text for every value, asked in any order
    (equal keys that print differently: 0, 0.0, -0.0, False; big ints; decimals)."""
    from decimal import Decimal

    from portalgen.render.text import format_number, format_number_remembered
    values = [0, 0.0, -0.0, False, True, 1, 1.0, -1, 1234567, 1234567.0, 10**20, 10**20 + 1, -(10**17) - 3,
              2**53 + 1, 1.5, 2.675, Decimal("1234.50"), "1 234,5", "", None, "abc", float("nan"), float("inf")]
    for lang in ("fr", "en"):
        for decimals in (None, 0, 1, 2):
            for _ in range(2):
                for value in values + values[::-1]:
                    try:
                        expected = format_number(value, lang, decimals)
                    except (ValueError, OverflowError) as error:
                        expected = type(error)
                    try:
                        got = format_number_remembered(value, lang, decimals)
                    except (ValueError, OverflowError) as error:
                        got = type(error)
                    assert got == expected, (value, lang, decimals)


#: The prose pattern as first written: a letter or digit ([^\W_]) or a punctuation mark, as two alternatives.
_TWO_ALTERNATIVES_LINE = r"""(?:(?!\d+[.)])[^\W_]|[(«\"'’])(?: *(?:[^\W_]|[.,;:!?'’\"«»()%€/–—…°\u202f-]))*"""
TWO_ALTERNATIVES = re.compile(rf"\n*{_TWO_ALTERNATIVES_LINE}(?:\n+{_TWO_ALTERNATIVES_LINE})*\n*")


def test_prose_is_what_the_two_alternative_pattern_finds():
    pieces = ["a", "é", "Mot", "12", "1", " ", "  ", "\n", "\n\n", ".", ",", "'", "’", '"', "«", "(", ")", "%", "€",
              "–", "…", "°", "\u202f", "-", "_", "x_y", "_a", "*", "#", "1.", "1)", "²", "\u0301", "\t", "\u00a0", "ß", "٣"]
    rnd = random.Random(8)
    found = 0
    for _ in range(20000):
        source = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        expected = TWO_ALTERNATIVES.fullmatch(source) is not None
        assert (plain_paragraphs(source) is not None) == expected, repr(source)
        found += expected
    assert found > 1000


def test_one_line_is_the_whitespace_regex():
    """render.text.one_line (page summaries, schema.org descriptions) against the regex it replaces, on every
    whitespace character of Unicode and odd texts."""
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c)))
    texts = ["", " ", spaces, f"a{spaces}b", f"{spaces}a b\n\nc\t{spaces}", "\x00 x \x1c\x1dy\x85", "é  à\u202f«\u00a0x »",
             "\u200b zero-width is not a space \ufeff", "🌳  🌳", " ".join(spaces)]
    for text in texts:
        assert one_line(text) == re.sub(r"\s+", " ", text).strip(), repr(text)
