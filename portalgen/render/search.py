"""The static search index of the catalogue: index files under search/, read by the theme's search.js."""

from __future__ import annotations

import jinja2

from .. import routes
from ..model import Dataset
from ..search import build_site_index
from .links import page_links

CARD_TEMPLATE = "partials/dataset_card.html"
OWNER = "catalogue search index"


def search_index_files(renderer) -> list[tuple[str, bytes]]:
    """The files of the search index of every dataset (name under search/, content); result cards
    use the theme's card partial.

    A theme without that partial (one that does not extend the default theme) has no search block
    either: no index files are made, and its catalogue stays a paginated list.
    """
    from .pages import sorted_datasets  # pages imports this module: import at call time

    site = renderer.site
    try:
        template = renderer.env.get_template(CARD_TEMPLATE)
    except jinja2.TemplateNotFound:
        return []
    page_path = routes.catalogue()  # cards are shown on the first catalogue page; links are relative to it
    # url and asset bound to that page (links.page_links: the same links as the environment's globals,
    # which read page_path from the context, without Jinja's context-passing call for each link).
    links = page_links(page_path)

    def card(dataset: Dataset) -> str:
        return template.render(site=site, config=site.config, page_path=page_path,
                               navigation=renderer.navigation, section="datasets", dataset=dataset, **links).strip()

    publisher = site.config.publisher
    index = build_site_index(sorted_datasets(site), lang=renderer.lang, message=renderer.messages.get, card=card,
                             default_producer=publisher.name if publisher else None)
    return list(index.files)


def render_search(renderer) -> None:
    """Add the search index files to the plan: those the renderer made ahead (render_site makes them
    while worker processes render the dataset pages), else made now."""
    files = renderer.search_files if renderer.search_files is not None else search_index_files(renderer)
    for name, content in files:
        renderer.plan.add(routes.search_file(name), content, OWNER)
