"""Model + routes → pages. Each page kind is one function that adds its files to the output plan."""

from __future__ import annotations

import datetime as dt
import heapq
import math
from urllib.parse import urlparse
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import jinja2

from .. import routes
from ..model import Dataset, Site
from ..output import OutputPlan
from ..theme import ThemeStack
from .env import make_environment
from .links import page_links
from .vendor import add_map_libraries
from .metadata import render_metadata, start_catalogue
from .parallel import PagesInWorkers, serial_pages, worth_parallel
from .search import render_search, search_index_files
from .story import error_report_link, render_story, reuse_proposal_link, upcoming_events
from .commonbase import render_common_base

NEWS_PER_PAGE = 10


@dataclass(frozen=True)
class NavItem:
    title: str
    target: str        # output path or absolute URL
    key: str           # to mark the current section


class Renderer:
    """Renders templates of the theme stack into the output plan, with the base context every page gets."""

    def __init__(self, site: Site, theme: ThemeStack, plan: OutputPlan, compiled_templates: Path | None = None):
        self.site = site
        self.plan = plan
        self.lang = site.config.language
        self.env, self.messages = make_environment(theme, self.lang, compiled_templates)
        site_url = site.config.site_url
        self.env.globals["base_path"] = (urlparse(site_url).path or "/") if site_url else "/"
        self.navigation = self._navigation()
        self._chosen: dict[tuple[str, ...], jinja2.Template] = {}
        self._template_names = _template_names(self.env)
        #: The reuses and news posts naming each dataset, for its page (see docs_by_dataset).
        self.reuses_by_dataset = docs_by_dataset(site.reuses)
        self.news_by_dataset = docs_by_dataset(site.news)
        #: The search index files when made ahead of render_search (see render_site), else None.
        self.search_files: list[tuple[str, bytes]] | None = None

    def _navigation(self) -> list[NavItem]:
        _ = self.messages.get
        items = [NavItem(_("nav.home"), routes.home(), "home"),
                 NavItem(_("nav.datasets"), routes.catalogue(), "datasets")]
        if self.site.themes:
            items.append(NavItem(_("nav.themes"), routes.themes_index(), "themes"))
        items.append(NavItem(_("nav.reuses"), routes.reuses_list(), "reuses"))
        if self.site.news:
            items.append(NavItem(_("nav.news"), routes.news_list(), "news"))
        for doc in sorted((p for p in self.site.pages if p.meta.nav), key=lambda p: (p.meta.order, p.slug)):
            items.append(NavItem(doc.title, routes.page(doc.slug), f"page:{doc.slug}"))
        for link in self.site.config.navigation:
            target = link.url if link.url.startswith(("http://", "https://")) else _as_output_path(link.url)
            if any(item.target == target for item in items):
                continue  # already in the menu (a page with nav: true)
            items.append(NavItem(link.title, target, f"link:{link.url}"))
        return items

    def template(self, names: list[str]) -> jinja2.Template:
        """The first of ``names`` the theme stack has (as ``select_template``), without asking the
        loaders again for names already chosen or known to be missing."""
        key = tuple(names)
        template = self._chosen.get(key)
        if template is None:
            if self._template_names is not None:
                names = [n for n in names if n in self._template_names] or names
            template = self._chosen[key] = self.env.select_template(names)
        return template

    def render(self, path: str, templates: list[str], owner: str, section: str, **context) -> None:
        self.plan.add(path, self.render_html(path, templates, section, **context), owner)

    def render_html(self, path: str, templates: list[str], section: str, **context) -> str:
        """The page written at ``path``, from the first of ``templates`` the theme stack has."""
        return self.template(templates).render(
            site=self.site, config=self.site.config, page_path=path, navigation=self.navigation,
            section=section, **page_links(path), **context)


def docs_by_dataset(docs: Iterable) -> dict[str, list]:
    """The documents (reuses, news posts) naming each dataset id in their ``meta.datasets``, in the
    documents' order, each once: for every id at once, what ``[d for d in docs if id in d.meta.datasets]``
    gives for one. A dataset page asked that of every reuse and post of the site, so a site's pages
    cost their number times its documents'; here the documents are read once per renderer."""
    index: dict[str, list] = {}
    for doc in docs:
        for dataset_id in dict.fromkeys(doc.meta.datasets):
            index.setdefault(dataset_id, []).append(doc)
    return index


def _template_names(env: jinja2.Environment) -> frozenset[str] | None:
    """Every template name the loaders know, or None when a loader cannot list its templates."""
    try:
        return frozenset(env.list_templates())
    except TypeError:
        return None


def _as_output_path(url: str) -> str:
    url = url.lstrip("/")
    if url == "" or url.endswith("/"):
        return url + "index.html"
    return url


def dataset_templates(dataset: Dataset) -> list[str]:
    names = [f"dataset-{dataset.id}.html"]
    if dataset.schema:
        names.append(f"dataset-{dataset.schema.replace('/', '-')}.html")
    return names + ["dataset.html"]


def by_title(datasets: Iterable[Dataset]) -> list[Dataset]:
    return sorted(datasets, key=lambda d: (d.title.casefold(), d.id))


def sorted_datasets(site: Site) -> list[Dataset]:
    return by_title(site.datasets)


def latest_datasets(site: Site, count: int = 6) -> list[Dataset]:
    """The ``count`` most recently updated datasets, newest first: ``sorted(..., reverse=True)[:count]``, which
    heapq.nlargest is documented to equal, without sorting every dataset of the site."""
    return heapq.nlargest(count, site.datasets, key=lambda d: (d.modified or dt.date.min, d.id))


def file_count(site: Site) -> int:
    """The number of files of the site's datasets, a figure of the home page: what the template expression
    ``site.datasets|map(attribute='resources')|map('length')|sum`` gives, without three filters per dataset
    (twice per home page, a tenth of a second at 10,000 datasets)."""
    return sum([len(d.resources) for d in site.datasets])


def render_home(r: Renderer) -> None:
    site = r.site
    featured = by_title([d for d in site.datasets if d.featured])  # filtered first: the same order, a short sort
    news = sorted(site.news, key=lambda n: (n.date, n.slug), reverse=True)
    events = upcoming_events(site)
    r.render(routes.home(), ["home.html"], "home page", "home",
             featured=featured, latest=latest_datasets(site), file_count=file_count(site),
             news=[n for n in news if n not in events][:3],
             events=events,
             reuses=[x for x in site.reuses if x.meta.featured] or list(site.reuses)[:3])


def render_catalogue(r: Renderer) -> None:
    datasets = sorted_datasets(r.site)
    size = r.site.config.catalogue_page_size
    pages = max(1, math.ceil(len(datasets) / size))
    for number in range(1, pages + 1):
        r.render(routes.catalogue(number), ["catalogue.html"], f"catalogue page {number}", "datasets",
                 datasets=datasets[(number - 1) * size: number * size], page_number=number, page_count=pages,
                 page_link=routes.catalogue, total=len(datasets))


def dataset_page(r: Renderer, dataset: Dataset) -> bytes:
    """The HTML of a dataset's page (what render_dataset adds to the plan)."""
    reuses = list(r.reuses_by_dataset.get(dataset.id, ()))
    news = list(r.news_by_dataset.get(dataset.id, ()))
    page_url = (routes.absolute_url(r.site.config.site_url, routes.dataset(dataset.id))
                if r.site.config.site_url else routes.dataset(dataset.id))
    html = r.render_html(routes.dataset(dataset.id), dataset_templates(dataset), "datasets",
                         dataset=dataset, reuses=reuses, related_news=news,
                         report_error_link=error_report_link(r.site, dataset, page_url, r.messages),
                         theme_topic=r.site.theme_of(dataset), producer_topic=r.site.producer_of(dataset))
    return html.encode("utf-8")


def render_dataset(r: Renderer, dataset: Dataset, page: bytes | None = None) -> None:
    """Add a dataset's files and page to the plan (``page``: its HTML when already rendered)."""
    owner = f"dataset {dataset.id} ({dataset.file})"
    for resource in dataset.resources:
        for published in resource.all_files:
            r.plan.add(routes.dataset_file(dataset.id, published.filename), published.source,
                       f"{owner}, resource {resource.id} ({published.role} file)")
    r.plan.add(routes.dataset(dataset.id), page if page is not None else dataset_page(r, dataset), owner)


def render_documents(r: Renderer) -> None:
    for doc in r.site.pages:
        r.render(routes.page(doc.slug), [f"page-{doc.slug}.html", "page.html"], doc.file, f"page:{doc.slug}", doc=doc)
    news = sorted(r.site.news, key=lambda n: (n.date, n.slug), reverse=True)
    if news:
        pages = max(1, math.ceil(len(news) / NEWS_PER_PAGE))
        for number in range(1, pages + 1):
            r.render(routes.news_list(number), ["news_list.html"], f"news page {number}", "news",
                     items=news[(number - 1) * NEWS_PER_PAGE: number * NEWS_PER_PAGE], page_number=number,
                     page_count=pages, page_link=routes.news_list)
        for doc in news:
            r.render(routes.news_item(doc.slug), ["news_item.html"], doc.file, "news", doc=doc)


def render_reuses(r: Renderer) -> None:
    """The showcase, which exists even when empty (it invites reusers to propose theirs), and a page per reuse."""
    reuses = sorted(r.site.reuses, key=lambda x: (x.date or dt.date.min, x.slug), reverse=True)
    types = sorted({x.meta.type for x in reuses})
    used = sorted({i for x in reuses for i in x.meta.datasets})
    r.render(routes.reuses_list(), ["reuses.html"], "reuses page", "reuses", items=reuses, types=types,
             used_datasets=[r.site.dataset(i) for i in used if r.site.dataset(i)],
             propose_link=reuse_proposal_link(r.site, r.messages.get))
    for doc in reuses:
        r.render(routes.reuse(doc.slug), ["reuse.html"], doc.file, "reuses", doc=doc)


def render_not_found(r: Renderer) -> None:
    # Served at any depth by web hosts: links are made absolute with <base href> from site_url.
    r.render(routes.not_found(), ["404.html"], "404 page", "404")


def copy_static(theme: ThemeStack, plan: OutputPlan) -> None:
    merged: dict[str, Path] = {}
    for directory in theme.static_dirs:  # lowest priority first; later folders override by name
        for path in sorted(directory.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                merged[path.relative_to(directory).as_posix()] = path
    for rel, path in sorted(merged.items()):
        plan.add(routes.asset(rel), path, "theme static files")


PAGE_KINDS = (render_home, render_catalogue, render_documents, render_reuses, render_not_found, render_story,
              render_common_base)
# Rendered last: they describe the pages written before them (sitemap, checksums, search index).
SUMMARY_KINDS = (render_search, render_metadata)


def render_site(site: Site, theme: ThemeStack, plan: OutputPlan, extra_renderers=(),
                compiled_templates: Path | None = None) -> None:
    """Render every page of the site into ``plan``; ``compiled_templates``: a folder where compiled
    templates are kept between builds (in the build cache)."""
    renderer = Renderer(site, theme, plan, compiled_templates)
    renderer.catalogue_job = start_catalogue(site)  # made in parallel with the pages on big sites
    # Big sites: dataset pages are rendered by forked workers while this process renders the others.
    dataset_pages = (PagesInWorkers(renderer, site.datasets, dataset_page) if worth_parallel(len(site.datasets))
                     else None)
    try:
        copy_static(theme, plan)
        add_map_libraries(plan)
        for render_kind in PAGE_KINDS:
            render_kind(renderer)
        if dataset_pages is not None:
            # This process would now wait for the workers' pages: it makes the search index meanwhile,
            # rather than alone on one core once they are done (added to the plan at its turn, below).
            renderer.search_files = search_index_files(renderer)
        for dataset, page in zip(site.datasets, dataset_pages or serial_pages(site.datasets)):
            render_dataset(renderer, dataset, page)
    finally:
        if dataset_pages is not None:
            dataset_pages.close()
    for extra in extra_renderers:
        extra(renderer)
    for render_kind in SUMMARY_KINDS:
        render_kind(renderer)
