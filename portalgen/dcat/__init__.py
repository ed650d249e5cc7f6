"""Be harvestable: the DCAT-AP catalogue data.gouv.fr reads, schema.org for search engines,
sitemap, robots.txt, an Atom feed, SHA256SUMS, and data.gouv.fr's quality criteria.

Modules: :mod:`.graph` (the catalogue's triples, in an rdflib graph or straight in the subject
index the writers read, :class:`~.triples.TripleIndex`), :mod:`.records` (its terms, each with its
written forms), :mod:`.triples` (that index, and sets of triples),
:mod:`.turtle`, :mod:`.rdfxml`, :mod:`.jsonld` (the catalogue's own writers, byte-identical to
rdflib's serialisers on a sorted copy, tested against them in tests/metadata/rdflib_reference.py),
:mod:`.publish` (every file with its path), :mod:`.vocabularies`, :mod:`.schemas`,
:mod:`.schemaorg`, :mod:`.sitemap`, :mod:`.feed`, :mod:`.checksums`, :mod:`.quality`.
"""

from .graph import DEFAULT_PAGE_SIZE, catalogue_graph
from .publish import MetadataFile, catalogue_files, metadata_files
from .quality import QualityReport, evaluate

__all__ = ["DEFAULT_PAGE_SIZE", "MetadataFile", "QualityReport", "catalogue_files", "catalogue_graph", "evaluate",
           "metadata_files"]
