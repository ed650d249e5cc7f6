"""The details of dataset cards (summary, theme tag, formats, date), rendered once per dataset per build."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from ..model import Dataset

CARD_DETAILS_TEMPLATE = "partials/dataset_card_details.html"


class CardDetails:
    """``card_details(dataset)`` in templates: the theme's ``partials/dataset_card_details.html`` for a dataset.

    A dataset's card (``partials/dataset_card.html``) is shown on several pages of a build: the search
    results, a catalogue page, its theme's and its producer's pages, maybe the home page. Its title line
    depends on the page (heading level, link relative to the page), its details do not: the details
    partial is rendered with ``dataset`` and the globals only, so its text is the same on every page and
    is rendered once per dataset, then reused (keyed by dataset id: an environment serves one site). A
    theme that overrides either partial gets its own everywhere, since every card is still the include of
    ``partials/dataset_card.html``.
    """

    def __init__(self, env: jinja2.Environment):
        self._env = env
        self._details: dict[str, Markup] = {}

    def __call__(self, dataset: Dataset) -> Markup:
        details = self._details.get(dataset.id)
        if details is None:
            html = self._env.get_template(CARD_DETAILS_TEMPLATE).render(dataset=dataset)
            details = self._details[dataset.id] = Markup(html)
        return details
