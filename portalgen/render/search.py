"""The static search index of the catalogue: index files under search/, read by the theme's search.js."""

from __future__ import annotations

import jinja2

from .. import routes
from ..model import Dataset
from ..search import build_site_index

CARD_TEMPLATE = "partials/dataset_card.html"
OWNER = "catalogue search index"


def render_search(renderer) -> None:
    """Add the search index of every dataset to the plan; result cards use the theme's card partial.

    A theme without that partial (one that does not extend the default theme) has no search block
    either: no index is written, and its catalogue stays a paginated list.
    """
    from .pages import sorted_datasets  # pages imports this module: import at call time

    site = renderer.site
    try:
        template = renderer.env.get_template(CARD_TEMPLATE)
    except jinja2.TemplateNotFound:
        return
    page_path = routes.catalogue()  # cards are shown on the first catalogue page; links are relative to it

    def card(dataset: Dataset) -> str:
        return template.render(site=site, config=site.config, page_path=page_path,
                               navigation=renderer.navigation, section="datasets", dataset=dataset).strip()

    publisher = site.config.publisher
    index = build_site_index(sorted_datasets(site), lang=renderer.lang, message=renderer.messages.get, card=card,
                             default_producer=publisher.name if publisher else None)
    for name, content in index.files:
        renderer.plan.add(routes.search_file(name), content, OWNER)
