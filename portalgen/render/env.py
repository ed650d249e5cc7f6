"""The Jinja environment: theme-stack loader, autoescape, the message catalogue and URL helpers."""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import types
from pathlib import Path
from typing import Any, Callable, Iterator, MutableMapping

import jinja2
import jinja2.runtime
from jinja2 import pass_context
from markupsafe import Markup, escape

from .. import routes
from ..theme import ThemeStack
from .constants import ConstantCalls
from .escaping import EscapeOutputCodeGenerator, escape_output
from .i18n import Catalogue, load_catalogue
from .links import asset_link, page_link
from .once import CardDetails, PagePart, QualitySummary
from .text import format_date, format_number_remembered, format_size, plain_summary, render_markdown


@pass_context
def _url(ctx, target: str) -> str:
    return page_link(ctx["page_path"], target)


@pass_context
def _asset(ctx, name: str) -> str:
    return asset_link(ctx["page_path"], name)


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


def map_layers(resources) -> list:
    """The resources with map data, in order: what ``resources|selectattr('geo')|list`` selects, without
    Jinja's filter machinery (an attribute getter made, and a test prepared, at each call: a twentieth
    of a dataset page's CPU, for the two places a page asks). selectattr reads ``item['geo']`` first and
    ``item.geo`` when that fails; a resource has no items, so it reads ``item.geo``, and keeps the items
    whose value is true, as here (tests/render/test_env.py compares both)."""
    return [resource for resource in resources if resource.geo]


def table_rows(rows) -> Markup:
    """The ``<tr>`` lines of a table of plain cells (the preview of a dataset page), as the template loop
    ``{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>\\n{% endfor %}``
    writes them, each cell escaped the same way. A preview has some 150 cells: written by the loop,
    each piece of each cell is handed up through every template above it (a third of a dataset
    page's pieces); written here, the table is one piece (tests/render/test_env.py compares both)."""
    text = _escaped_once(rows)
    if text is not None:
        return Markup(text)
    return Markup("".join(["<tr>" + "".join([f"<td>{escape(cell)}</td>" for cell in row]) + "</tr>\n"
                           for row in rows]))


_CELL_BREAK, _ROW_BREAK = "\x00", "\x01"


def _escaped_once(rows) -> str | None:
    """The rows as table_rows writes them, from one escape of the whole table instead of one per cell
    (a hundred calls and Markup objects per preview); None where this cannot be sure to be equal.

    The cells are joined with two control characters that escaping leaves alone, escaped at once,
    and the characters turned into the cells' and rows' tags. Equal to escaping each cell when every
    cell is a plain ``str`` (no Markup, kept as it is by escape; no number or None, written through
    str) and no cell holds either character: the joined text then has exactly the breaks put in,
    which is checked by counting them. Rows without cells are left to the general path."""
    if not rows or not all(rows) or set(map(type, itertools.chain.from_iterable(rows))) != {str}:
        return None
    joined = _ROW_BREAK.join([_CELL_BREAK.join(row) for row in rows])
    if (joined.count(_CELL_BREAK) != sum(map(len, rows)) - len(rows)
            or joined.count(_ROW_BREAK) != len(rows) - 1):
        return None
    escaped = escape_output(joined)
    return ("<tr><td>" + escaped.replace(_CELL_BREAK, "</td><td>").replace(_ROW_BREAK, "</td></tr>\n<tr><td>")
            + "</td></tr>\n")


def top_values(top, lang: str) -> Markup:
    """The most frequent values of a column with their counts, as the dictionary partial's loop
    ``{% for value, count in column.top %}{{ value }} ({{ count|number }}){% if not loop.last %}, {% endif %}{% endfor %}``
    writes them: each value and each count escaped (autoescape), joined with ", ". Written by the loop, a
    page's dictionary makes a loop object per column and hands up some sixty pieces; written here, one
    per column (tests/render/test_env.py compares both on odd values).

    Escaping replaces characters one by one, so escaping the joined text is escaping each piece: that
    is done when every value is a plain ``str`` and every count an ``int`` (what a profile holds; a
    Markup value is kept as it is by escape, and other types are written through their own str)."""
    return Markup(_top_values_text(top, lang))


def _top_values_text(top, lang: str) -> str:
    """The text of top_values, as a plain ``str`` (what dictionary_rows writes, without a Markup made
    and read back for each column). The types are checked in the loop that writes the pieces (one
    pass, not a generator over the values first: a fourth less time, for a page's fifty values)."""
    pieces = []
    for value, count in top:
        if type(value) is not str or type(count) is not int:
            return ", ".join([f"{escape_output(value)} ({escape_output(format_number_remembered(count, lang))})"
                              for value, count in top])
        pieces.append(f"{value} ({format_number_remembered(count, lang)})")
    return escape_output(", ".join(pieces))


def dictionary_rows(profile, lang: str, message: Callable[[str], str]) -> Markup:
    """The ``<tr>`` lines of a data dictionary (a dataset page's partial), as the partial's loop wrote them::

        {% for column in resource.table.profile %}
          <tr><th scope="row">{% if column.title %}{{ column.title }} <code>{{ column.name }}</code>{% else %}<code>{{ column.name }}</code>{% endif %}{% if column.description %}<span class="field-description">{{ column.description }}</span>{% endif %}</th>
          <td>{{ _('type.' ~ column.type) }}</td><td>{{ column.empty|number }}</td><td>{{ column.distinct|number }}</td>
          <td>{% if column.min is not none %}{{ column.min }} → {{ column.max }}{% endif %}</td>
          <td>{{ column.top|top_values }}</td></tr>
        {% endfor %}

    (each line indented by six spaces, the block tags' lines dropped, in the environment's settings). Written
    by the loop, each of a page's some ten columns costs nine attribute lookups through Jinja, a message call
    through the context and some twenty pieces handed up; here the same values, escaped by the same function
    (escape_output, as the compiled templates do), are written in one piece (tests/render/test_env.py compares
    both on odd columns, in both languages)."""
    rows = []
    for column in profile:
        name = f"<code>{escape_output(column.name)}</code>"
        head = f"{escape_output(column.title)} {name}" if column.title else name
        if column.description:
            head += f'<span class="field-description">{escape_output(column.description)}</span>'
        span = f"{escape_output(column.min)} → {escape_output(column.max)}" if column.min is not None else ""
        rows.append(f'      <tr><th scope="row">{head}</th>\n'
                    f'      <td>{escape_output(message("type." + str(column.type)))}</td>'
                    f"<td>{escape_output(format_number_remembered(column.empty, lang))}</td>"
                    f"<td>{escape_output(format_number_remembered(column.distinct, lang))}</td>\n"
                    f"      <td>{span}</td>\n"
                    f"      <td>{_top_values_text(column.top, lang)}</td></tr>\n")
    return Markup("".join(rows))


def download_rows(resource, dataset_id: str, link: Callable[[str], str], lang: str,
                  message: Callable[[str], str]) -> Markup:
    """The ``<tr>`` lines of a resource's downloads table (a dataset page's partial), as its loop wrote them::

        {% for file in resource.downloads %}
          <tr><th scope="row"><span class="format">{{ file.format }}</span>{% if file.role == 'normalised' %} <span class="note">{{ _('dataset.normalised') }}</span>{% endif %}</th>
          <td>{{ file.size|filesize }}</td>
          <td><a href="{{ url(routes.dataset_file(dataset.id, file.filename)) }}" download>{{ file.filename }}</a></td>
          <td><code class="hash" title="{{ file.sha256 }}">{{ file.sha256[:12] }}…</code></td></tr>
        {% endfor %}
        {% if resource.source_file %}{% set file = resource.source_file %}
          (the same row, its note ``_('dataset.source_file')`` written when the resource has downloads)
        {% endif %}

    (each line indented by ten spaces, the block tags' lines dropped, in the environment's settings), where
    ``link`` is the page's ``url``. Written by the loop, each of a page's some five files costs two calls
    through the context, eleven attribute lookups through Jinja and some twenty pieces handed up; here the
    same values, escaped by the same function (escape_output, as the compiled templates do), are written in
    one piece (tests/render/test_env.py compares both on odd files, in both languages)."""
    notes = {"normalised": message("dataset.normalised"), "source": message("dataset.source_file")}

    def row(file, note: str | None) -> str:
        note_text = f' <span class="note">{escape_output(note)}</span>' if note is not None else ""
        href = link(routes.dataset_file(dataset_id, file.filename))
        return (f'          <tr><th scope="row"><span class="format">{escape_output(file.format)}</span>{note_text}</th>\n'
                f"          <td>{escape_output(format_size(file.size, lang))}</td>\n"
                f'          <td><a href="{escape_output(href)}" download>{escape_output(file.filename)}</a></td>\n'
                f'          <td><code class="hash" title="{escape_output(file.sha256)}">{escape_output(file.sha256[:12])}…</code></td></tr>\n')

    rows = [row(file, notes["normalised"] if file.role == "normalised" else None) for file in resource.downloads]
    if resource.source_file:
        rows.append(row(resource.source_file, notes["source"] if resource.downloads else None))
    return Markup("".join(rows))


class TemplateBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process and, given a ``folder``, on disk between builds.

    Compiling the default theme's templates costs most of a second of CPU at every build, as much as
    rendering a hundred dataset pages; a syndicat worker building many communes, or `serve` rebuilding,
    also compiles each template once. A compiled template depends on its source (Jinja checks the
    source's checksum when it loads one), on the messages compiled into it (ConstantCalls: communes in
    another language, or with a theme of other messages, get their own), and on the code that compiled
    it: the disk key also covers portalgen's code and Jinja's version, and an entry that cannot be read
    is compiled again."""

    store: dict[str, bytes] = {}

    def __init__(self, folder: Path | None = None):
        self.folder = folder

    def get_bucket(self, environment, name, filename, source):
        messages = environment.message_catalogue.fingerprint
        return super().get_bucket(environment, f"{messages}/{name}", filename, source)

    def load_bytecode(self, bucket) -> None:
        data = self.store.get(bucket.key)
        if data is None and self.folder is not None:
            try:
                data = self._file(bucket).read_bytes()
            except OSError:
                return
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # a damaged file: compiled again, and stored again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        data = self.store[bucket.key] = bucket.bytecode_to_string()
        if self.folder is None:
            return
        path = self._file(bucket)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)  # readers see a whole file or none
        except OSError:  # a read-only or full cache: templates are compiled at each build, as without one
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass

    def _file(self, bucket) -> Path:
        digest = hashlib.sha256(f"{_compiler_version()}/{bucket.key}".encode()).hexdigest()
        return self.folder / f"{digest}.jinja"


@functools.lru_cache(maxsize=1)
def _compiler_version() -> str:
    """What else the compiled code depends on: portalgen's code (the folded routes, the environment's
    settings, the extension) and Jinja's version."""
    from ..cache import code_version
    return f"{code_version()}/{jinja2.__version__}"


#: Callables whose own ``__call__`` (a method-wrapper) can carry no attribute: Jinja's Context.call passes
#: them a context, an eval context or the environment only when they have ``jinja_pass_arg`` themselves.
_PLAIN_CALLABLE_TYPES = (types.FunctionType, types.MethodType, types.BuiltinFunctionType, functools.partial)


class PageContext(jinja2.runtime.Context):
    """Jinja's template context, with a shorter way through ``call`` for the plain functions of a page.

    Every call in a template (``url(...)``, ``routes.dataset(...)``, a message with values…, some forty
    on a dataset page) goes through Context.call, which asks two objects, in four attribute lookups
    and two function calls, whether the callee wants the context passed. For a function, bound method,
    builtin or partial, Jinja's answer depends on the callee's ``jinja_pass_arg`` alone (see
    _PLAIN_CALLABLE_TYPES): without one, Context.call drops its private keyword arguments and calls
    it, turning a StopIteration into an undefined value. That is what is done here; any other callee,
    or one with ``jinja_pass_arg``, goes through Context.call (tests/render/test_page_environment.py
    compares both).

    A bound method has an attribute when its function has it (a method reads any attribute its type
    lacks from ``__func__``), so the question is asked of the function: asked of the method, the
    function's AttributeError is raised and dropped, a microsecond for each of a page's ten method
    calls (its messages with values, its JSON-LD block…), more than the check saves."""

    # Named as Jinja names them, so that a keyword argument "self" or "obj" passes through to the callee.
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        kind = type(__obj)
        if kind not in _PLAIN_CALLABLE_TYPES or hasattr(
                __obj.__func__ if kind is types.MethodType else __obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")


class PageTemplate(jinja2.Template):
    """Jinja's template, whose render function gives the template's text as one piece.

    Jinja compiles a template into a generator that yields its text piece by piece (each run of fixed
    text, each ``{{ … }}``), and an ``{% include %}`` into a Python loop that yields the included
    template's pieces one by one: each piece of a partial is handed up through the including block,
    the template it extends and the page, a Python step at every level (a dataset page's thirteen
    partials write some two hundred pieces). Here a template's generator is joined where it is made
    (``environment.concat``, the join Jinja makes of a page's pieces, run in C), and its text handed
    up as a single piece: every piece is still written by the template's own code, in the same order,
    and joined once, so a page is the same text (tests/render/test_page_environment.py compares pages
    of includes, extends, blocks, imports and loops with Jinja's). It stays a generator, as the
    include's code closes the one it gets."""

    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment, namespace: MutableMapping[str, Any],
                        globals: MutableMapping[str, Any]) -> jinja2.Template:
        template = super()._from_namespace(environment, namespace, globals)
        pieces, concat = template.root_render_func, environment.concat

        def root_render_func(context: jinja2.runtime.Context) -> Iterator[str]:
            yield concat(pieces(context))

        template.root_render_func = root_render_func
        return template


class PageEnvironment(jinja2.Environment):
    """Jinja's environment, whose templates see its globals through a plain dict rather than a ChainMap.

    Jinja gives each template a ChainMap of its own globals over the environment's, so that a global
    set after a template is loaded still reaches it. A ChainMap is iterated and read in Python: every
    context made for a page and for each of its thirteen includes copies it (Context keeps the set of
    its keys, a page's context a dict of them), some 6% of a dataset page's CPU. Here a template gets
    a dict of the same names and values, taken when it is loaded (the template's own globals over the
    environment's, as the ChainMap reads them). So the environment's globals must be complete before
    the first template is loaded: make_environment sets them, and the renderers set ``base_path``
    right after it, before rendering anything. Its templates escape their outputs with escape_output
    (render/escaping.py)."""

    context_class = PageContext
    #: Each template's text handed up as one piece (see PageTemplate).
    template_class = PageTemplate
    #: Outputs escaped by escape_output, without a Markup object each (render/escaping.py).
    code_generator_class = EscapeOutputCodeGenerator
    escape_output = staticmethod(escape_output)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._templates_given: dict[tuple[Any, str], jinja2.Template] = {}  # by loader and name, see get_template

    def make_globals(self, d: MutableMapping[str, Any] | None) -> dict[str, Any]:  # type: ignore[override]
        return {**self.globals, **(d or {})}

    def get_template(self, name: str | jinja2.Template, parent: str | None = None,  # type: ignore[override]
                     globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        """Jinja's get_template, answering a name asked before from a dict of the templates it gave.

        Each include and ``{% extends %}`` of a page asks its template by name (a dataset page some
        fifteen times): Jinja joins the name to the parent's (join_path, which this environment keeps:
        the name as it is), makes a weak reference to the loader and a key, and looks in its cache.
        Without auto_reload, and unbounded (make_environment), that cache never drops nor checks a template it
        holds, so it gives the same object for a loader and a name each time: the one remembered here
        under both (a renderer may set another loader before its first page, as the syndicat's does).
        Calls with ``globals`` (which update the template's), and environments that reload, take
        Jinja's way."""
        if globals is None and type(name) is str and not self.auto_reload:
            key = (self.loader, name)
            template = self._templates_given.get(key)
            if template is None:
                template = self._templates_given[key] = super().get_template(name, parent)
            return template
        return super().get_template(name, parent, globals)


def _download_rows_filter(lang: str, message: Callable[[str], str]) -> Callable[..., Markup]:
    """The ``download_rows`` filter: ``resource|download_rows(dataset_id)``, its links made as ``url`` makes
    them on the page being rendered (page_link from the context's ``page_path``)."""

    @pass_context
    def download_rows_filter(ctx, resource, dataset_id: str) -> Markup:
        return download_rows(resource, dataset_id, functools.partial(page_link, ctx["page_path"]), lang, message)

    return download_rows_filter


def make_environment(theme: ThemeStack, lang: str,
                     compiled_templates: Path | None = None) -> tuple[jinja2.Environment, Catalogue]:
    """The environment of one build; ``compiled_templates`` is a folder where compiled templates are
    kept between builds (see :class:`TemplateBytecodeCache`)."""
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
        jinja2.PrefixLoader({"theme": jinja2.FileSystemLoader([str(d) for d in theme.theme_template_dirs])}, delimiter=":"),
    ])
    # An environment lives for one build: its templates are loaded once, never checked for changes
    # (auto_reload=False: a template included by every page is not looked up on disk at each page).
    env = PageEnvironment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                          bytecode_cache=TemplateBytecodeCache(compiled_templates), auto_reload=False, cache_size=-1,
                          extensions=[ConstantCalls])
    catalogue = load_catalogue(theme.message_files, lang)
    env.extend(message_catalogue=catalogue)  # what ConstantCalls writes into the compiled templates
    env.globals.update(
        _=catalogue.get, _n=catalogue.plural, url=_url, asset=_asset, abs_url=_abs_url, routes=routes, lang=lang,
        # Bound methods, not the objects: a method is a plain callable, which PageContext.call calls
        # directly (Jinja's way, for an object, first looks for a context-passing __call__: a card's
        # details are asked once per card of every listing page). page_part takes the context, so
        # takes Jinja's way either way.
        theme_extra=theme.extra, card_details=CardDetails(env).__call__, quality_summary=QualitySummary(env).__call__,
        page_part=PagePart(env),
    )
    env.filters.update(
        markdown=render_markdown,
        date=lambda value: format_date(value, lang),
        number=lambda value, decimals=None: format_number_remembered(value, lang, decimals),
        filesize=lambda value: format_size(value, lang),
        summary=plain_summary,
        card_formats=card_formats,
        map_layers=map_layers,
        table_rows=table_rows,
        top_values=lambda top: top_values(top, lang),
        dictionary_rows=lambda profile: dictionary_rows(profile, lang, catalogue.get),
        download_rows=_download_rows_filter(lang, catalogue.get),
    )
    return env, catalogue
