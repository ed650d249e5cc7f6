"""Partials whose text depends on a few values only, rendered once per distinct value per build.

Some parts of pages are the same on many pages: a dataset card's details (summary, theme, formats,
date) on each page that lists the dataset, a dataset page's quality summary (the criteria and their
states, shared by datasets scored alike). Rendered through an include, each is rendered again on every
page, with the whole page context. Here each lives in its own partial that gets a small, stated
context (never the page's variables), so its text is determined by a key and rendered once per key.
The partials stay the theme's: a theme that overrides one gets its own, and the partials that call
them (``partials/dataset_card.html``, ``partials/dataset_quality.html``) can be overridden as before.
"""

from __future__ import annotations

from typing import Any, Hashable

import jinja2
from markupsafe import Markup

from ..dcat.quality import Criterion, QualityReport
from ..model import Dataset

CARD_DETAILS_TEMPLATE = "partials/dataset_card_details.html"
QUALITY_SUMMARY_TEMPLATE = "partials/dataset_quality_summary.html"


class RenderedOnce:
    """A partial rendered with a context that ``key`` determines, remembered by that key (for one
    environment, which serves one site's build)."""

    def __init__(self, env: jinja2.Environment, name: str):
        self._env = env
        self._name = name
        self._texts: dict[Hashable, Markup] = {}

    def render(self, key: Hashable, **context: Any) -> Markup:
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = Markup(self._env.get_template(self._name).render(**context))
        return text


class CardDetails(RenderedOnce):
    """``card_details(dataset)``: the card details partial, which gets only ``dataset``, keyed by its
    id (unique in a site)."""

    def __init__(self, env: jinja2.Environment):
        super().__init__(env, CARD_DETAILS_TEMPLATE)

    def __call__(self, dataset: Dataset) -> Markup:
        return self.render(dataset.id, dataset=dataset)


class QualitySummary(RenderedOnce):
    """``quality_summary(report)``: the quality summary partial, which gets ``report`` reduced to its
    criteria's keys and states (no dataset id, no build message), so that two datasets with the same
    states share one text; None (no report) is a key like the others."""

    def __init__(self, env: jinja2.Environment):
        super().__init__(env, QUALITY_SUMMARY_TEMPLATE)

    def __call__(self, report: QualityReport | None) -> Markup:
        states = None if report is None else QualityReport("", tuple(
            Criterion(c.key, c.passed, c.scored) for c in report.criteria))
        return self.render(states, report=states)
