"""The Jinja environment: theme-stack loader, autoescape, the message catalogue and URL helpers."""

from __future__ import annotations

import jinja2
from jinja2 import pass_context

from .. import routes
from ..theme import ThemeStack
from .constants import ConstantCalls
from .i18n import Catalogue, load_catalogue
from .text import format_date, format_number, format_size, plain_summary, render_markdown


@pass_context
def _url(ctx, target: str) -> str:
    """Relative link from the page being rendered to an output path (see portalgen.routes)."""
    if target.startswith(("http://", "https://", "mailto:", "#")):
        return target
    return routes.relative_url(ctx["page_path"], target)


@pass_context
def _asset(ctx, name: str) -> str:
    return routes.relative_url(ctx["page_path"], routes.asset(name))


@pass_context
def _abs_url(ctx, target: str) -> str:
    site_url = ctx["config"].site_url
    return routes.absolute_url(site_url, target) if site_url else routes.url_path(target)


def card_formats(resources) -> list[str]:
    """The formats of ``resources`` in capitals, once each, sorted: what the card partial once wrote
    as ``resources|map(attribute='format')|map('upper')|unique|sort``, without four filters per card."""
    first: dict[str, str] = {}
    for resource in resources:
        upper = str(resource.format).upper()
        first.setdefault(upper.lower(), upper)  # unique and sort ignore case, as Jinja's filters do
    return sorted(first.values(), key=str.lower)


class ProcessBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process: a syndicat worker building many
    communes, or `serve` rebuilding, compiles each template once. Keys cover the template's source
    and the messages compiled into it (ConstantCalls): communes in another language, or with a
    theme of other messages, get their own."""

    store: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source):
        messages = environment.message_catalogue.fingerprint
        return super().get_bucket(environment, f"{messages}/{name}", filename, source)

    def load_bytecode(self, bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def make_environment(theme: ThemeStack, lang: str) -> tuple[jinja2.Environment, Catalogue]:
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
        jinja2.PrefixLoader({"theme": jinja2.FileSystemLoader([str(d) for d in theme.theme_template_dirs])}, delimiter=":"),
    ])
    # An environment lives for one build: its templates are loaded once, never checked for changes
    # (auto_reload=False: a template included by every page is not looked up on disk at each page).
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             bytecode_cache=ProcessBytecodeCache(), auto_reload=False, cache_size=-1,
                             extensions=[ConstantCalls])
    catalogue = load_catalogue(theme.message_files, lang)
    env.extend(message_catalogue=catalogue)  # what ConstantCalls writes into the compiled templates
    env.globals.update(
        _=catalogue.get, _n=catalogue.plural, url=_url, asset=_asset, abs_url=_abs_url, routes=routes, lang=lang,
        theme_extra=theme.extra,
    )
    env.filters.update(
        markdown=render_markdown,
        date=lambda value: format_date(value, lang),
        number=lambda value, decimals=None: format_number(value, lang, decimals),
        filesize=lambda value: format_size(value, lang),
        summary=plain_summary,
        card_formats=card_formats,
    )
    return env, catalogue
