"""Relative links from one page: what ``url()`` and ``asset()`` write in templates; quoting for mail links."""

from __future__ import annotations

import functools
import string
from typing import Callable

from .. import routes

ABSOLUTE_PREFIXES = ("http://", "https://", "mailto:", "#")


def page_link(page_path: str, target: str) -> str:
    """``url(target)`` on the page written at ``page_path``: the relative link to an output path
    (see portalgen.routes); absolute URLs, mail links and fragments as they are."""
    return page_link_from(routes.page_folder(page_path), target)


def asset_link(page_path: str, name: str) -> str:
    """``asset(name)`` on the page written at ``page_path``: the relative link to a theme static file."""
    return asset_link_from(routes.page_folder(page_path), name)


def page_link_from(folder: routes.PageFolder, target: str) -> str:
    """page_link from a page in ``folder`` (routes.page_folder of its path)."""
    if target.startswith(ABSOLUTE_PREFIXES):
        return target
    return routes.relative_url_from(folder, target)


def asset_link_from(folder: routes.PageFolder, name: str) -> str:
    """asset_link from a page in ``folder`` (routes.page_folder of its path)."""
    return routes.relative_url_from(folder, routes.asset(name))


def link_set_by_class(link: Callable[[routes.PageFolder, str], str], folder: routes.PageFolder, target: str) -> bool:
    """Whether ``link(folder, target)`` (page_link_from or asset_link_from) is the same from every folder
    of ``routes.folder_class(folder)``: always for an absolute URL, a mail link or a fragment (written as
    it is), else when routes.link_set_by_class says so of the output path linked."""
    if link is page_link_from:
        return target.startswith(ABSOLUTE_PREFIXES) or routes.link_set_by_class(folder, target)
    if link is asset_link_from:
        return routes.link_set_by_class(folder, routes.asset(target))
    raise ValueError(f"not a link function of this module: {link!r}")


def page_links(page_path: str) -> dict[str, functools.partial]:
    """``url`` and ``asset`` bound to one page, passed with its context (Renderer.render_html).

    The environment's globals (render/env.py) are the same functions reading ``page_path`` from the context: Jinja calls such
    a function (pass_context) in a loop that sets variables with a new context derived for them, a
    copy that costs more than the link itself, and checks at each call how to pass the context.
    Bound, they are plain calls; the globals stay for the templates rendered with only ``page_path`` (the search cards,
    the syndicat's pages). Either way a link is page_link(page_path, target): the same text; bound
    here to the page's folder, found once for all its links (routes.page_folder)."""
    folder = routes.page_folder(page_path)
    return {"url": functools.partial(page_link_from, folder), "asset": functools.partial(asset_link_from, folder)}


_UNQUOTED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/"  # quote's safe characters, and '/'
#: What urllib.parse.quote writes for each byte of a text's UTF-8 form (its safe characters as they are,
#: any other byte as %XX), indexed by the byte's code point once the bytes are read as Latin-1.
_QUOTED_BYTES = {byte: chr(byte) if chr(byte) in _UNQUOTED else f"%{byte:02X}" for byte in range(256)}


def quote_text(text: str) -> str:
    """``urllib.parse.quote(text)``, by one str.translate of its bytes. The error-report link of every
    dataset page quotes a subject and a body of a few hundred characters, which quote does byte by byte
    in Python; here the table above does it in C (tests/render/test_links.py compares both)."""
    return text.encode("utf-8").decode("latin-1").translate(_QUOTED_BYTES)


def quoted_message(text: str, **values: str) -> str:
    """``quote_text(text.format(**values))``, where only the values are quoted at each call.

    Each dataset page's error link quotes a subject and a body of some three hundred characters,
    most of them the same message on every page. Quoting works on the text's UTF-8 bytes one by one,
    so the quoted whole is its quoted pieces joined: the message's literal pieces are quoted once
    (_quoted_pieces) and each value where its field stands. That is the formatted text when each
    field is a plain name (no conversion, no format spec, no index or attribute) and each value a
    ``str``, which str.format writes as it is; any other message or value is formatted and quoted
    whole (tests/render/test_links.py compares both)."""
    pieces = _quoted_pieces(text)
    if pieces is None or not all(type(value) is str for value in values.values()):
        return quote_text(text.format(**values))
    return "".join([literal if field is None else literal + quote_text(values[field]) for literal, field in pieces])


@functools.lru_cache(maxsize=64)
def _quoted_pieces(text: str) -> tuple[tuple[str, str | None], ...] | None:
    """The message ``text`` as (its literal piece quoted, the name of the field after it or None) pairs,
    as string.Formatter parses it; None when a field is not a plain name."""
    pieces = []
    for literal, field, spec, conversion in string.Formatter().parse(text):
        if field is not None and (not field.isidentifier() or spec or conversion):
            return None
        pieces.append((quote_text(literal), field))
    return tuple(pieces)
