"""Partials whose text depends on a few values only, rendered once per distinct value per build.

Some parts of pages are the same on many pages: a dataset card's details (summary, theme, formats,
date) on each page that lists the dataset, a dataset page's quality summary (the criteria and their
states, shared by datasets scored alike). Rendered through an include, each is rendered again on every
page, with the whole page context. Here each lives in its own partial that gets a small, stated
context (never the page's variables), so its text is determined by a key and rendered once per key.
The partials stay the theme's: a theme that overrides one gets its own, and the partials that call
them (``partials/dataset_card.html``, ``partials/dataset_quality.html``) can be overridden as before.
The site's header and footer links (``partials/site_header.html``, ``partials/footer_links.html``) are
the same on the pages of one section whose links are the same: base.html writes them with ``page_part``.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable

import jinja2
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .. import routes
from ..dcat.quality import Criterion, QualityReport
from ..model import Dataset
from .links import asset_link_from, link_set_by_class, page_link_from

#: The links a partial asked for, in order: (page_link_from or asset_link_from, the target).
Asked = tuple[tuple[Callable[[routes.PageFolder, str], str], str], ...]

CARD_DETAILS_TEMPLATE = "partials/dataset_card_details.html"
QUALITY_SUMMARY_TEMPLATE = "partials/dataset_quality_summary.html"


class RenderedOnce:
    """Partials rendered with a context that a key determines, each text remembered by its key (for one
    environment, which serves one site's build)."""

    def __init__(self, env: jinja2.Environment):
        self._env = env
        self._texts: dict[Hashable, Markup] = {}

    def render(self, name: str, key: Hashable, **context: Any) -> Markup:
        """The partial ``name`` rendered with ``context``, which ``key`` determines (and names the partial)."""
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = Markup(self._env.get_template(name).render(**context))
        return text


class CardDetails(RenderedOnce):
    """``card_details(dataset)``: the card details partial, which gets only ``dataset``, keyed by its
    id (unique in a site)."""

    def __call__(self, dataset: Dataset) -> Markup:
        return self.render(CARD_DETAILS_TEMPLATE, dataset.id, dataset=dataset)


class QualitySummary(RenderedOnce):
    """``quality_summary(report)``: the quality summary partial, which gets ``report`` reduced to its
    criteria's keys and states (no dataset id, no build message), so that two datasets with the same
    states share one text; None (no report) is a key like the others.

    The key is those states as a tuple of plain tuples, which Python hashes and compares in C; the
    reduced report, whose dataclasses are hashed and compared in Python (a twentieth of a dataset
    page's CPU when it was the key), is made only when the text is rendered. The reduced report is
    determined by the key (it holds exactly the key's values, in order), so the key still determines
    the partial's context."""

    def __call__(self, report: QualityReport | None) -> Markup:
        key = None if report is None else tuple([(c.key, c.passed, c.scored) for c in report.criteria])
        text = self._texts.get(key)
        if text is None:
            states = None if key is None else QualityReport("", tuple(
                Criterion(name, passed, scored) for name, passed, scored in key))
            text = self.render(QUALITY_SUMMARY_TEMPLATE, key, report=states)
        return text


class LinkedOnce(RenderedOnce):
    """Partials whose text depends on a key and on the links they ask for from the page they are on.

    A partial given ``url`` and ``asset`` for one page writes links that depend on that page's folder,
    yet most pages of a site link to the same targets with the same relative links (every dataset
    page is two folders deep: its header's links are the same text on each). So the page is not in
    the key: the partial is rendered with ``url`` and ``asset`` that record each target asked and the
    link given, and its text is remembered under (key, the targets asked, the links given). On
    another page, the text is taken when that page's links to the same targets are the same links.

    Why this is the text the partial would write there: its text is determined by its template, its
    context (determined by the key) and the values url() and asset() return. Rendered on the new page,
    it would ask for the same first target (same state so far), get the same link (checked), so
    reach the same state before its next call, and so on to the end: the same calls, the same text.

    Checking every link asked (some fifteen per partial, three partials per page) cost more than the
    check saves on a dataset page. Most links are set by the page's folder class (routes.folder_class:
    its depth and first part), not by the folder itself (links.link_set_by_class says which). So the
    text is remembered under (key, the targets asked, the folder's class, the links given to the targets
    that class does not set), and only those links are computed on a page: the class sets the others,
    so equal such keys mean equal links to every target asked, the condition above. Which targets
    the class does not set is a function of the targets asked and the class, found once for each pair.
    """

    def __init__(self, env: jinja2.Environment):
        super().__init__(env)
        self._asked: dict[Hashable, list[Asked]] = {}
        self._unset: dict[tuple[Asked, Hashable], Asked] = {}

    def render_linked(self, name: str, key: Hashable, page_path: str, /, **context: Any) -> Markup:
        """The partial ``name`` rendered with ``context`` (which ``key`` determines) and links from the page
        written at ``page_path``."""
        folder = routes.page_folder(page_path)  # found once for the links asked below
        folder_class = routes.folder_class(folder)
        for asked in self._asked.get(key, ()):
            text = self._texts.get((key, asked, folder_class, self._unset_links(asked, folder, folder_class)))
            if text is not None:
                return text
        calls: list[tuple[Callable[[routes.PageFolder, str], str], str, str]] = []

        def recorded(link: Callable[[routes.PageFolder, str], str]) -> Callable[[str], str]:
            def ask(target: str) -> str:
                given = link(folder, target)
                calls.append((link, target, given))
                return given
            return ask

        text = Markup(self._env.get_template(name).render(
            url=recorded(page_link_from), asset=recorded(asset_link_from), **context))
        asked = tuple([(link, target) for link, target, _ in calls])
        if asked not in self._asked.setdefault(key, []):
            self._asked[key].append(asked)
        self._texts[(key, asked, folder_class, self._unset_links(asked, folder, folder_class))] = text
        return text

    def _unset_links(self, asked: Asked, folder: routes.PageFolder, folder_class: Hashable) -> tuple[str, ...]:
        """The links from ``folder`` to the targets ``asked`` that its class does not set (see the class)."""
        unset = self._unset.get((asked, folder_class))
        if unset is None:
            unset = self._unset[(asked, folder_class)] = tuple([
                (link, target) for link, target in asked if not link_set_by_class(link, folder, target)])
        return tuple([link(folder, target) for link, target in unset])


class PagePart(LinkedOnce):
    """``page_part(name)`` in a page: the partial ``name`` rendered once per section and links it writes
    (LinkedOnce), which are the same on every page of one folder depth outside the targets' folders.

    The site's header (skip link, brand, navigation) and footer links are the same text on most pages
    of one section, yet rendered on each page they cost a tenth of it (some fifteen links). The
    partial gets a stated context, never the page's own variables: ``site``, ``config``,
    ``navigation``, ``section``, and ``url``/``asset`` for the page (no ``page_path``: a partial that
    needs the page itself is an error, not a wrong text).

    Why the key is complete: the partial's text depends on its template and on that context. The
    template is ``name`` (the theme stack's, as an include would choose it); the messages, the language
    and the theme are the environment's, which this object belongs to; ``site``, ``config`` and
    ``navigation`` are the same objects on every page of a build (the renderer's), and are checked: a
    page with other ones starts the memo afresh; ``section`` is in the key; the links are LinkedOnce's.
    """

    def __init__(self, env: jinja2.Environment):
        super().__init__(env)
        self._owners: tuple[Any, Any, Any] | None = None

    @pass_context
    def __call__(self, ctx: Context, name: str) -> Markup:
        site, config, navigation = ctx["site"], ctx["config"], ctx["navigation"]
        owners = self._owners
        if owners is None or owners[0] is not site or owners[1] is not config or owners[2] is not navigation:
            self._texts.clear()
            self._asked.clear()
            self._owners = (site, config, navigation)
        section = ctx["section"]
        return self.render_linked(name, (name, section), ctx["page_path"], site=site, config=config,
                                  navigation=navigation, section=section)
