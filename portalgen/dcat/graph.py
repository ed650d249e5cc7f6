"""The DCAT-AP catalogue's triples, one set per page, each complete on its own.

The functions add terms, as records (records.py: each term with its written forms), to a *sink*:
a plain TripleIndex (catalogue_triples, which publish.py writes with the catalogue's own
serialisers, many times faster than rdflib's store and serialisers) or an rdflib Graph through
:class:`RdflibSink`, which makes each record its rdflib term (catalogue_graph, the reference the
writers are tested against, and the regional catalogue's licence and document nodes).

data.gouv.fr's harvester parses each page as a separate graph, so every page repeats the
catalogue, publisher, contact, licence, schema and location nodes its datasets use.
Blank nodes get stable labels (derived from the dataset id), so output never depends on
random identifiers. There is deliberately no ``spdx:checksum``: udata fails a whole dataset
on the ``xsd:hexBinary`` form DCAT-AP requires; checksums are in SHA256SUMS instead.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache, wraps
from typing import NamedTuple, Union

from rdflib import Graph

from ..licences import Licence, find_licence
from ..model import Dataset, PublishedFile, Resource, Site
from ..read.datasets import media_type_for
from . import addresses
from .hydra import PageView, add_view
from . import namespaces
from .namespaces import new_graph
from .records import Term, Vocabulary, blank, iri, literal, to_rdflib, vocabulary_iri
from .schemas import schema_reference
from .triples import TripleIndex, TripleSet
from .vocabularies import (DOCUMENT_FORMATS, EU_THEME_SCHEME, file_type_uri, find_theme, frequency_uri,
                           language_uri, media_type_uri)
from .xmltext import clean_text

DEFAULT_PAGE_SIZE = 100


class RdflibSink:
    """An rdflib Graph that takes triples of records (``add`` as the Graph's), each made its rdflib term."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def add(self, triple: tuple[Term, Term, Term]) -> None:
        self.graph.add((to_rdflib(triple[0]), to_rdflib(triple[1]), to_rdflib(triple[2])))

    def add_node(self, subject: Term, pairs) -> None:
        """``add((subject, p, o))`` for each (p, o) of ``pairs``."""
        for p, o in pairs:
            self.add((subject, p, o))


#: Where triples of records are added.
Sink = Union[RdflibSink, TripleSet, TripleIndex]


def _rdflib_graphs_too(add):
    """``add`` (a function adding a node's triples to a sink) also taking an rdflib Graph, and then
    giving the node as an rdflib term: the regional catalogue (syndicat/catalogue.py) builds its
    pages with rdflib and adds the licence and document nodes the communes' catalogues have."""
    @wraps(add)
    def adding(graph, *args):
        if isinstance(graph, Graph):
            return to_rdflib(add(RdflibSink(graph), *args))
        return add(graph, *args)
    return adding


# The vocabularies, each term made once (see records.Vocabulary).
ADMS_PUBLISHER_TYPE, DCAT, DCT, FOAF, GSP, RDF, RDFS, SKOS, VCARD, XSD = (
    Vocabulary(ns) for ns in (namespaces.ADMS_PUBLISHER_TYPE, namespaces.DCAT, namespaces.DCT, namespaces.FOAF,
                             namespaces.GSP, namespaces.RDF, namespaces.RDFS, namespaces.SKOS, namespaces.VCARD,
                             namespaces.XSD))


# Literals made once per value: many repeat (dates, licence and publisher names, resource
# descriptions over a resource's files). ``typed`` keeps 1 and True apart.
_literal = lru_cache(maxsize=16384, typed=True)(literal)
WKT_LITERAL = str(namespaces.GSP) + "wktLiteral"
NON_NEGATIVE_INTEGER = str(namespaces.XSD) + "nonNegativeInteger"


def _text(value: str | None) -> Term:
    return _literal(clean_text(value).strip())


_NOT_IN_LABEL = re.compile(r"[^A-Za-z0-9_-]+")
_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")


def _bnode(kind: str, key: str) -> Term:
    return blank(f"{kind}-" + _NOT_IN_LABEL.sub("-", key).strip("-"))


def _slug(text: str) -> str:
    return _NOT_IN_SLUG.sub("-", text.lower()).strip("-") or "x"


def licence_uri(site_url: str, licence: Licence) -> Term:
    """data.gouv.fr's URL for the licence; for the generic 'Other (…)' licences, which have none, an
    address on the portal. udata resolves the licence by its label, which is data.gouv.fr's exact title."""
    if licence.url:
        return iri(licence.url)
    return iri(addresses.catalogue_uri(site_url) + f"#licence-{licence.id}")


def publisher_uri(site_url: str) -> Term:
    return iri(addresses.home_url(site_url) + "#publisher")


def contact_uri(site_url: str) -> Term:
    return iri(addresses.home_url(site_url) + "#contact")


def commune_uri(insee: str) -> Term:
    """The commune as a place: its page in the French State's API of communes (geo.api.gouv.fr)."""
    return iri(f"https://geo.api.gouv.fr/communes/{insee}")


def publisher_name(site: Site) -> str:
    config = site.config
    return config.publisher.name if config.publisher else config.commune.name


def contact_email(site: Site) -> str | None:
    config = site.config
    return (config.contact.email if config.contact else None) or (config.publisher.email if config.publisher else None)


# ------------------------------------------------------------------------------------------------
# Shared nodes (written on every page that uses them)
# ------------------------------------------------------------------------------------------------

@_rdflib_graphs_too
def add_licence(graph: Sink, site_url: str, licence: Licence) -> Term:
    node = licence_uri(site_url, licence)
    graph.add((node, RDF.type, DCT.LicenseDocument))
    graph.add((node, RDFS.label, _literal(licence.title)))
    graph.add((node, DCT.title, _literal(licence.title)))
    return node


def add_publisher(graph: Sink, site: Site) -> Term:
    site_url = site.config.site_url
    node = publisher_uri(site_url)
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, RDF.type, FOAF.Organization))
    graph.add((node, FOAF.name, _text(publisher_name(site))))
    if site.config.commune.siret:
        graph.add((node, DCT.identifier, _literal(site.config.commune.siret.replace(" ", ""))))
    kind = ADMS_PUBLISHER_TYPE.LocalAuthority
    graph.add((node, DCT.type, kind))
    graph.add((kind, RDF.type, SKOS.Concept))
    graph.add((kind, SKOS.prefLabel, _literal("Local Authority", language="en")))
    homepage = site.config.publisher.url if site.config.publisher and site.config.publisher.url else None
    if homepage:
        graph.add((node, FOAF.homepage, add_document(graph, addresses.safe_iri(homepage))))
    return node


def add_contact(graph: Sink, site: Site) -> Term:
    node = contact_uri(site.config.site_url)
    graph.add((node, RDF.type, VCARD.Kind))
    graph.add((node, RDF.type, VCARD.Organization))
    graph.add((node, VCARD.fn, _text(publisher_name(site))))
    email = contact_email(site)
    if email:
        graph.add((node, VCARD.hasEmail, iri("mailto:" + email.strip())))
    contact = site.config.contact
    if contact and contact.form_url:
        graph.add((node, VCARD.hasURL, iri(addresses.safe_iri(contact.form_url))))
    return node


def add_commune(graph: Sink, site: Site) -> Term:
    commune = site.config.commune
    node = commune_uri(commune.insee)
    graph.add((node, RDF.type, DCT.Location))
    graph.add((node, RDFS.label, _text(commune.name)))
    graph.add((node, DCT.identifier, _literal(commune.insee)))
    national = site.extras.get("national")  # `portalgen national` knows the commune's boundary
    if commune.latitude is not None and commune.longitude is not None:
        point = f"POINT({commune.longitude} {commune.latitude})"
        graph.add((node, DCAT.centroid, _literal(point, datatype=WKT_LITERAL)))
    elif national is not None and getattr(national, "centre_wkt", None):
        graph.add((node, DCAT.centroid, _literal(national.centre_wkt, datatype=WKT_LITERAL)))
    if national is not None and getattr(national, "bbox_wkt", None):
        graph.add((node, DCAT.bbox, _literal(national.bbox_wkt, datatype=WKT_LITERAL)))
    return node


def add_language(graph: Sink, site: Site) -> Term:
    node = iri(language_uri(site.config.language))
    graph.add((node, RDF.type, DCT.LinguisticSystem))
    return node


@_rdflib_graphs_too
def add_document(graph: Sink, url: str) -> Term:
    node = iri(url)
    graph.add((node, RDF.type, FOAF.Document))
    return node


# ------------------------------------------------------------------------------------------------
# Datasets and distributions
# ------------------------------------------------------------------------------------------------

def add_format(graph: Sink, fmt: str, media_type: str | None) -> tuple[tuple[Term, Term], ...]:
    """The (predicate, object) pairs of a distribution's format and media type, whose nodes are added
    to ``graph``."""
    file_type = file_type_uri(fmt)
    if file_type:
        node: Term = vocabulary_iri(file_type)
    else:
        node = _bnode("format", fmt.lower())
        graph.add((node, RDFS.label, _literal(fmt.upper())))
    graph.add((node, RDF.type, DCT.MediaTypeOrExtent))
    iana = media_type_uri(media_type)
    if not iana:
        return ((DCT.format, node),)
    graph.add((vocabulary_iri(iana), RDF.type, DCT.MediaType))
    return (DCT.format, node), (DCAT.mediaType, vocabulary_iri(iana))


FILE_NOTES = {"fr": {"source": "fichier source", "normalised": "normalisé"},
              "en": {"source": "source file", "normalised": "normalised"}}


def distribution_title(resource: Resource, published: PublishedFile, lang: str = "fr") -> str:
    """The title of one download: the resource's title, with the format and the file's role when the
    resource is published in several files ("Subventions 2024 (CSV, normalisé)")."""
    own = published.title.strip() if published.title and published.title != published.filename else ""
    title = own or resource.title.strip() or published.filename
    if resource.file_count <= 1:
        return title
    notes = FILE_NOTES.get(lang, FILE_NOTES["fr"])
    details = [published.format]
    if published.role in notes:
        details.append(notes[published.role])
    return f"{title} ({', '.join(details)})"


class DistributionTerms(NamedTuple):
    """The objects every distribution of a dataset repeats, made once per dataset."""

    licence: Term
    standard: Term | None
    modified: Term | None


@lru_cache(maxsize=4096, typed=True)
def _byte_size(size: int) -> Term:
    """A file's dcat:byteSize (one per distribution: many files have the same size)."""
    return literal(size, datatype=NON_NEGATIVE_INTEGER)


def add_file_distribution(graph: Sink, site: Site, dataset: Dataset, resource: Resource,
                          published: PublishedFile, description: Term | None, shared: SharedNodes,
                          common: DistributionTerms) -> Term:
    site_url = site.config.site_url
    node = iri(addresses.distribution_uri(site_url, dataset.id, published.filename))
    url = iri(addresses.file_url(site_url, dataset.id, published.filename))
    pairs = [(RDF.type, DCAT.Distribution),
             (DCT.title, _text(distribution_title(resource, published, site.config.language)))]
    if description is not None:
        pairs.append((DCT.description, description))
    pairs += [(DCAT.downloadURL, url), (DCAT.accessURL, url)]
    pairs += shared.format(published.format, published.media_type)
    pairs += [(DCAT.byteSize, _byte_size(published.size)), (DCT.license, common.licence)]
    if common.modified is not None:
        pairs.append((DCT.modified, common.modified))
    if common.standard is not None and published.format.lower() not in DOCUMENT_FORMATS:
        pairs.append((DCT.conformsTo, common.standard))
    graph.add_node(node, pairs)
    return node


def add_remote_distribution(graph: Sink, site: Site, dataset: Dataset, resource: Resource,
                            description: Term | None, shared: SharedNodes,
                            common: DistributionTerms) -> Term:
    node = iri(addresses.distribution_uri(site.config.site_url, dataset.id, resource.id, remote=True))
    url = iri(addresses.safe_iri(resource.url))
    pairs = [(RDF.type, DCAT.Distribution), (DCT.title, _text(resource.title))]
    if description is not None:
        pairs.append((DCT.description, description))
    pairs.append((DCAT.accessURL, url))
    if resource.format.lower() not in ("html", "htm"):
        pairs.append((DCAT.downloadURL, url))
    pairs += shared.format(resource.format, media_type_for(resource.format))
    pairs.append((DCT.license, common.licence))
    if common.standard is not None and resource.format.lower() not in DOCUMENT_FORMATS:
        pairs.append((DCT.conformsTo, common.standard))
    graph.add_node(node, pairs)
    return node


def add_standard(graph: Sink, schema: str | None) -> Term | None:
    reference = schema_reference(schema)
    if reference is None:
        return None
    node = iri(reference.url)
    graph.add((node, RDF.type, DCT.Standard))
    graph.add((node, DCT.title, _text(reference.title)))
    return node


def add_theme(graph: Sink, site: Site, theme_label: str | None) -> Term | None:
    theme = find_theme(theme_label)
    if theme is None:
        return None
    node = iri(theme.uri)
    scheme = vocabulary_iri(EU_THEME_SCHEME)
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.prefLabel, _literal(theme.label(site.config.language), language=site.config.language)))
    graph.add((node, SKOS.inScheme, scheme))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCT.title, _literal("Data theme", language="en")))
    return node


def add_frequency(graph: Sink, frequency: str) -> Term:
    node = vocabulary_iri(frequency_uri(frequency))
    graph.add((node, RDF.type, DCT.Frequency))
    return node


class SharedNodes:
    """The nodes the datasets of one graph share (publisher, contact, commune, language, licences,
    standards, themes, frequencies, the distributions' formats and media types), each added to the
    graph the first time a dataset points to it.

    Adding them again for every dataset of a page gave the same triples (a graph keeps one copy
    of each), so the graph is the same; only the repeated work is saved."""

    def __init__(self, graph: Sink, site: Site):
        self.graph = graph
        self.site = site
        self._nodes: dict[tuple, Term | None] = {}

    def _once(self, key: tuple, add, *args) -> Term | None:
        if key not in self._nodes:
            self._nodes[key] = add(self.graph, *args)
        return self._nodes[key]

    def publisher(self) -> Term:
        return self._once(("publisher",), add_publisher, self.site)

    def contact(self) -> Term:
        return self._once(("contact",), add_contact, self.site)

    def commune(self) -> Term:
        return self._once(("commune",), add_commune, self.site)

    def language(self) -> Term:
        return self._once(("language",), add_language, self.site)

    def licence(self, licence: Licence) -> Term:
        return self._once(("licence", licence), add_licence, self.site.config.site_url, licence)

    def standard(self, schema: str | None) -> Term | None:
        return self._once(("standard", schema), add_standard, schema)

    def theme(self, theme_label: str | None) -> Term | None:
        return self._once(("theme", theme_label), add_theme, self.site, theme_label)

    def format(self, fmt: str, media_type: str | None) -> tuple[tuple[Term, Term], ...]:
        """A distribution's format and media type pairs (:func:`add_format`), made once per graph."""
        return self._once(("format", fmt, media_type), add_format, fmt, media_type)

    def frequency(self, frequency: str) -> Term:
        return self._once(("frequency", frequency), add_frequency, frequency)


def add_dataset(graph: Sink, site: Site, dataset: Dataset, shared: SharedNodes) -> Term:
    """Every triple of one dataset, its distributions and the nodes they point to (``shared``: the
    nodes of ``graph`` other datasets point to as well)."""
    site_url = site.config.site_url
    node = iri(addresses.dataset_uri(site_url, dataset.id))
    pairs = [(RDF.type, DCAT.Dataset), (DCT.identifier, _literal(node.value)), (DCT.title, _text(dataset.title)),
             (DCT.description, _text(dataset.description) if dataset.description.strip() else _text(dataset.title))]
    keywords = {clean_text(k).strip() for k in dataset.keywords} - {""}
    theme = shared.theme(dataset.theme)
    if theme is not None:
        pairs.append((DCAT.theme, theme))
    elif dataset.theme and dataset.theme.strip():
        keywords.add(clean_text(dataset.theme).strip())  # not an EU theme: kept as a keyword
    pairs += [(DCAT.keyword, _literal(keyword)) for keyword in sorted(keywords)]
    pairs += [(DCT.publisher, shared.publisher()), (DCAT.contactPoint, shared.contact())]
    if dataset.producer and dataset.producer.strip():
        creator = iri(addresses.home_url(site_url) + "#producer-" + _slug(dataset.producer))
        graph.add_node(creator, ((RDF.type, FOAF.Agent), (FOAF.name, _text(dataset.producer))))
        pairs.append((DCT.creator, creator))
    if dataset.temporal_start or dataset.temporal_end:
        period = _bnode("period", dataset.id)
        period_pairs = [(RDF.type, DCT.PeriodOfTime)]
        if dataset.temporal_start:
            period_pairs.append((DCAT.startDate, _literal(dataset.temporal_start)))
        if dataset.temporal_end:
            period_pairs.append((DCAT.endDate, _literal(dataset.temporal_end)))
        graph.add_node(period, period_pairs)
        pairs.append((DCT.temporal, period))
    pairs.append((DCT.spatial, shared.commune()))
    pairs.append((DCT.accrualPeriodicity, shared.frequency(dataset.frequency)))
    if dataset.issued:
        pairs.append((DCT.issued, _literal(dataset.issued)))
    modified = _literal(dataset.modified) if dataset.modified else None
    if modified is not None:
        pairs.append((DCT.modified, modified))
    pairs.append((DCAT.landingPage, add_document(graph, addresses.dataset_page_url(site_url, dataset.id))))
    pairs.append((DCT.language, shared.language()))
    licence = shared.licence(dataset.licence)
    pairs.append((DCT.license, licence))
    standard = shared.standard(dataset.schema)
    if standard is not None:
        pairs.append((DCT.conformsTo, standard))
    common = DistributionTerms(licence, standard, modified)
    for resource in dataset.resources:
        description = _text(resource.description) if resource.description.strip() else None
        if resource.is_remote:
            pairs.append((DCAT.distribution, add_remote_distribution(graph, site, dataset, resource, description,
                                                                     shared, common)))
            continue
        for published in resource.all_files:
            pairs.append((DCAT.distribution, add_file_distribution(graph, site, dataset, resource, published,
                                                                   description, shared, common)))
    graph.add_node(node, pairs)
    return node


# ------------------------------------------------------------------------------------------------
# The catalogue
# ------------------------------------------------------------------------------------------------

def catalogue_description(site: Site) -> str:
    return site.config.description.strip() or site.config.tagline or \
        f"Catalogue des données ouvertes publiées par {publisher_name(site)} ({site.config.commune.name})."


def last_modified(datasets) -> dt.date | None:
    dates = [d.modified or d.issued for d in datasets if d.modified or d.issued]
    return max(dates) if dates else None


# The last tuple of datasets catalogue_modified was asked about, and its date.
_last_asked: tuple = ((), None)


def catalogue_modified(all_datasets) -> dt.date | None:
    """:func:`last_modified` of the whole catalogue, computed once for the same tuple of datasets.

    Every page of the catalogue carries the catalogue-wide date: at 10,000 datasets, 100 pages each
    went through all 10,000 datasets again (5% of the catalogue's time). A tuple cannot change, so
    the date found for the same tuple object is the one :func:`last_modified` gives; anything else
    is gone through each time."""
    global _last_asked
    if type(all_datasets) is not tuple:
        return last_modified(all_datasets)
    if _last_asked[0] is not all_datasets:
        _last_asked = (all_datasets, last_modified(all_datasets))
    return _last_asked[1]


def fill_catalogue(graph: Sink, site: Site, datasets: tuple[Dataset, ...],
                   all_datasets: tuple[Dataset, ...] | None = None):
    """Add the triples of one catalogue page to ``graph`` (a :class:`RdflibSink`, a
    :class:`~portalgen.dcat.triples.TripleSet` or :class:`~portalgen.dcat.triples.TripleIndex`:
    anything with rdflib's ``add``, taking records) and return it."""
    site_url = site.config.site_url
    if not site_url:
        raise ValueError("the DCAT catalogue needs site_url")  # reported to the user by check (quality.enrich)
    catalogue = iri(addresses.catalogue_uri(site_url))
    theme_scheme = vocabulary_iri(EU_THEME_SCHEME)
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCT.title, _text(site.config.title)))
    graph.add((catalogue, DCT.description, _text(catalogue_description(site))))
    shared = SharedNodes(graph, site)
    graph.add((catalogue, DCT.publisher, shared.publisher()))
    graph.add((catalogue, FOAF.homepage, add_document(graph, addresses.home_url(site_url))))
    graph.add((catalogue, DCT.language, shared.language()))
    graph.add((catalogue, DCT.spatial, shared.commune()))
    site_licence = find_licence(site.config.licence)
    if site_licence is not None:
        graph.add((catalogue, DCT.license, shared.licence(site_licence)))
    modified = catalogue_modified(all_datasets) if all_datasets is not None else last_modified(datasets)
    if modified:
        graph.add((catalogue, DCT.modified, _literal(modified)))
    if any(find_theme(d.theme) for d in datasets):
        graph.add((catalogue, DCAT.themeTaxonomy, theme_scheme))
        graph.add((theme_scheme, RDF.type, SKOS.ConceptScheme))
        graph.add((theme_scheme, DCT.title, _literal("Data theme", language="en")))
    for dataset in datasets:
        graph.add((catalogue, DCAT.dataset, add_dataset(graph, site, dataset, shared)))
    return graph


def catalogue_graph(site: Site, datasets: tuple[Dataset, ...], view: PageView | None = None,
                    all_datasets: tuple[Dataset, ...] | None = None) -> Graph:
    """The graph of one catalogue page: the catalogue node, ``datasets`` and everything they use.

    ``view`` adds the Hydra paging (see :func:`with_view`); ``all_datasets`` gives the
    catalogue-wide modification date. This rdflib graph is the reference the fast writers are
    tested against (publish.catalogue_files uses :func:`catalogue_triples`).
    """
    graph = fill_catalogue(RdflibSink(new_graph()), site, datasets, all_datasets).graph
    if view is not None:
        add_view(graph, site.config.site_url, view)
    return graph


def catalogue_triples(site: Site, datasets: tuple[Dataset, ...],
                      all_datasets: tuple[Dataset, ...] | None = None) -> TripleIndex:
    """The same triples as :func:`catalogue_graph` (without paging), indexed as they are added."""
    return fill_catalogue(TripleIndex(), site, datasets, all_datasets)
