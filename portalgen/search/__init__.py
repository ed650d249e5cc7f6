"""The catalogue search: a static, sharded index with facets, read by themes/default/static/search.js.

:func:`build_site_index` is the entry point (model → index files); the render stage adds the
files to the output plan (portalgen/render/search.py).
"""

from __future__ import annotations

from typing import Callable, Sequence

from ..model import Dataset
from .documents import SearchDocument, search_document
from .facets import FacetSummary, FacetValue, dataset_facets, summarise_facets
from .index import SearchIndex, build_search_index
from .text import fold, stem, terms

__all__ = ["SearchDocument", "SearchIndex", "FacetSummary", "FacetValue", "build_site_index", "build_search_index",
           "dataset_facets", "search_document", "summarise_facets", "fold", "stem", "terms"]


def build_site_index(datasets: Sequence[Dataset], *, lang: str, message: Callable[[str], str],
                     card: Callable[[Dataset], str], default_producer: str | None = None) -> SearchIndex:
    """The search index of ``datasets``, numbered in the order given (give them in title order).

    ``message`` gives the theme's UI strings (facet titles, fixed value labels); ``card`` the HTML
    of a dataset's result card; ``default_producer`` is used for datasets that name no producer.
    """
    facets = [dataset_facets(d, lang, message, default_producer) for d in datasets]
    documents = [search_document(d, f, card(d)) for d, f in zip(datasets, facets)]
    return build_search_index(documents, summarise_facets(facets, message))
