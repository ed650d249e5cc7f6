"""Relative links from one page: what ``url()`` and ``asset()`` write in templates."""

from __future__ import annotations

import functools

from .. import routes

ABSOLUTE_PREFIXES = ("http://", "https://", "mailto:", "#")


def page_link(page_path: str, target: str) -> str:
    """``url(target)`` on the page written at ``page_path``: the relative link to an output path
    (see portalgen.routes); absolute URLs, mail links and fragments as they are."""
    if target.startswith(ABSOLUTE_PREFIXES):
        return target
    return routes.relative_url(page_path, target)


def asset_link(page_path: str, name: str) -> str:
    """``asset(name)`` on the page written at ``page_path``: the relative link to a theme static file."""
    return routes.relative_url(page_path, routes.asset(name))


def page_links(page_path: str) -> dict[str, functools.partial]:
    """``url`` and ``asset`` bound to one page, passed with its context (Renderer.render_html).

    The environment's globals (render/env.py) are the same functions reading ``page_path`` from the context: Jinja calls such
    a function (pass_context) in a loop that sets variables with a new context derived for them, a
    copy that costs more than the link itself, and checks at each call how to pass the context.
    Bound, they are plain calls; the globals stay for the templates rendered with only ``page_path`` (the search cards,
    the syndicat's pages). Either way a link is page_link(page_path, target): the same text."""
    return {"url": functools.partial(page_link, page_path), "asset": functools.partial(asset_link, page_path)}
