"""Search across every commune: the catalogue search's own index builder, fed with all communes' datasets.

The index has the format of a commune's (portalgen.search.index), so the theme's search.js reads it
unchanged; it adds a first facet, the commune. Fixed facet labels, left as message keys by the
workers, are translated here in the regional pages' language.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Sequence

from ..search import FacetSummary, FacetValue, SearchDocument, SearchIndex, build_search_index, fold
from ..search.facets import summarise_facets
from .summary import CommuneSummary, DatasetSummary, message_key_labels

Entry = tuple[CommuneSummary, DatasetSummary]
COMMUNE_FACET = "commune"


def ordered_entries(summaries: Sequence[CommuneSummary]) -> list[Entry]:
    """Every dataset of every commune, in title order (the order the index numbers them in)."""
    entries = [(s, d) for s in summaries for d in s.datasets]
    return sorted(entries, key=lambda e: (fold(e[1].title), e[1].title, fold(e[0].name), e[0].slug, e[1].id))


def commune_facet(entries: Sequence[Entry], label: str) -> FacetSummary:
    """The commune facet: one value per commune, in name order, with its dataset count."""
    counts = Counter(s.slug for s, _ in entries)
    names = {s.slug: s.name for s, _ in entries}
    slugs = sorted(counts, key=lambda slug: (fold(names[slug]), slug))
    return FacetSummary(COMMUNE_FACET, label, tuple((FacetValue(slug, names[slug]), counts[slug]) for slug in slugs))


def regional_index(entries: Sequence[Entry], *, message: Callable[[str], str],
                   card: Callable[[CommuneSummary, DatasetSummary], str]) -> SearchIndex:
    """The search index of ``entries`` (see :func:`ordered_entries`); ``card`` gives each result's HTML."""
    documents = []
    per_dataset = []
    for commune, dataset in entries:
        labelled = message_key_labels(dataset.facets, message)
        facets = {name: tuple(FacetValue(key, label) for key, label in values) for name, values in labelled.items()}
        per_dataset.append(facets)
        facets = {COMMUNE_FACET: (FacetValue(commune.slug, commune.name),), **facets}
        fields = dataset.search_fields + ((COMMUNE_FACET, commune.name),)
        documents.append(SearchDocument(id=f"{commune.slug}/{dataset.id}", fields=fields, facets=facets,
                                        modified=dataset.modified, card=card(commune, dataset)))
    summaries = (commune_facet(entries, message("syndicat.search.facet_commune")),) + \
        tuple(summarise_facets(per_dataset, message))
    return build_search_index(documents, summaries)
