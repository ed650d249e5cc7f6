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
    facets, documents = [], []
    for dataset in datasets:  # one pass, each dataset's objects read while they are in the processor's cache
        values = dataset_facets(dataset, lang, message, default_producer)
        facets.append(values)
        documents.append(search_document(dataset, values, card(dataset)))
    return build_search_index(documents, summarise_facets(facets, message))
