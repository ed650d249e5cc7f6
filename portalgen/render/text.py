"""Safe Markdown and locale-aware formatting of dates, numbers and sizes."""

from __future__ import annotations

import datetime as dt
import functools
import re

import markdown as markdown_lib
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul", "dl", "dt", "dd",
    "caption", "figure", "figcaption", "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "lang"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
    "span": {"lang"},
    "*": {"lang"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise_html(html: str) -> str:
    """Keep harmless markup only: no script, no event handler, no javascript: or data: URL."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer")


def _demote_headings(html: str) -> str:
    # Page titles are <h1>; headings written in Markdown start at <h2>.
    return re.sub(r"<(/?)h1\b", r"<\1h2", html)


_MARKDOWN = markdown_lib.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")

# Plain prose: paragraphs of words and common punctuation, with none of Markdown's or HTML's special
# characters (no * _ ` # [ ] < > & | ~ \ { }), no line that could start a list, a quote, a heading or
# code (no leading space, dash, plus or "1."), no trailing space (a line break) and no non-breaking
# space (which the sanitiser writes &nbsp;). Markdown turns such text into <p> elements and nothing
# else, so it is converted without the Markdown parser (tests/render/test_text.py compares the two).
#
# A letter or a digit is [^\W_]; the pattern is only tried on texts without "_" (which plain prose never
# has), where it is \w, so that a word character or a punctuation mark is one character class: Python's
# regex engine then tests each character once instead of trying two alternatives (half the time, on a
# description of each dataset page, twice per page). tests/render/test_text.py compares it with the
# two-alternative pattern.
_PUNCTUATION = ".,;:!?'’\"«»()%€/–—…°\u202f-"
_LINE_START = r"(?:(?!\d+[.)])\w|[(«\"'’])"  # not "1." or "1)": a list
_PROSE_LINE = rf"{_LINE_START}(?: *[\w{_PUNCTUATION}])*"
_PROSE = re.compile(rf"\n*{_PROSE_LINE}(?:\n+{_PROSE_LINE})*\n*")


@functools.lru_cache(maxsize=256)
def is_plain_prose(text: str) -> bool:
    """Whether ``text`` is plain prose (see _PROSE), which Markdown turns into <p> elements and nothing else.

    Remembered for the last texts: a dataset page asks it three times of its description (its Markdown,
    its summary and its schema.org description), and the regex reads the whole text each time. The answer
    depends on the text alone (an immutable value), so a remembered answer is the one the regex gives."""
    return "_" not in text and _PROSE.fullmatch(text) is not None


def plain_paragraphs(text: str) -> list[str] | None:
    """The paragraphs of ``text`` when it is plain prose (see _PROSE), each with its line breaks; else None."""
    if not is_plain_prose(text):
        return None
    return [p for p in re.split(r"\n{2,}", text.strip("\n"))]


@functools.lru_cache(maxsize=4096)
def _markdown_html(text: str) -> str:
    # One converter for the whole build: creating one per call reloads its extensions (slow).
    paragraphs = plain_paragraphs(text)
    if paragraphs is not None:
        return "\n".join(f"<p>{p}</p>" for p in paragraphs)
    html = _MARKDOWN.reset().convert(text)
    return sanitise_html(_demote_headings(html))


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    return Markup(_markdown_html(text))


def one_line(text: str) -> str:
    """The text with each run of whitespace made one space, stripped: ``re.sub(r"\\s+", " ", text).strip()``,
    in C (str.split and str.strip take the characters the regex's ``\\s`` takes, str.isspace's; a
    fourth of the time on a dataset page's description, for its summary and its schema.org block)."""
    return " ".join(text.split())


@functools.lru_cache(maxsize=8192)
def plain_summary(text: str | None, length: int = 200) -> str:
    """The first paragraph of Markdown as plain text, shortened at a word boundary."""
    if not text:
        return ""
    first = text.strip().split("\n\n")[0]
    if is_plain_prose(first):
        plain = one_line(first)
    else:
        html = _MARKDOWN.reset().convert(first)
        plain = one_line(nh3.clean(html, tags=set()))
        plain = plain.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'")
    if len(plain) <= length:
        return plain
    return plain[:length].rsplit(" ", 1)[0] + "…"


MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}


def format_date(value: dt.date | None, lang: str = "fr") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    month = MONTHS[lang][value.month - 1]
    if lang == "en":
        return f"{value.day} {month} {value.year}"
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {month} {value.year}"


NARROW_NBSP = "\u202f"


def format_number(value, lang: str = "fr", decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if decimals is None:
        decimals = 0 if number == int(number) else 2
    text = f"{number:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def format_number_remembered(value, lang: str = "fr", decimals: int | None = None) -> str:
    """format_number, remembered for ints: the ``number`` filter of the templates, called ~40 times per
    dataset page with row and value counts that repeat from page to page. Only values of type int are
    remembered (never bool or float: 0 == 0.0 == -0.0 == False as keys, but -0.0 prints "-0"), and the
    cache is typed, so a cached text is the text format_number gives for that very value."""
    if type(value) is int:
        return _format_int(value, lang, decimals)
    return format_number(value, lang, decimals)


_format_int = functools.lru_cache(maxsize=4096, typed=True)(format_number)


def format_size(size: int | None, lang: str = "fr") -> str:
    if size is None:
        return ""
    units = ["o", "Ko", "Mo", "Go"] if lang == "fr" else ["B", "KB", "MB", "GB"]
    value = float(size)
    for unit in units:
        if value < 1024 or unit == units[-1]:
            decimals = 0 if unit == units[0] else 1
            return f"{format_number(round(value, decimals), lang, decimals)}\u00a0{unit}"
        value /= 1024
    return str(size)  # pragma: no cover
