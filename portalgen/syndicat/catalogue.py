"""The regional DCAT catalogue: every commune's datasets in one catalogue, paged like a commune's.

The datasets are read back from each commune's own published catalogue (``catalog.ttl`` and its
pages), so every dataset is described exactly as its commune publishes it, with the commune as
publisher (``dct:publisher`` of each dataset is the commune's). The regional catalogue node is the
syndicat's; each page is a complete graph (data.gouv.fr harvests pages one by one) and pages are
linked by ``hydra:next`` (:func:`portalgen.dcat.hydra.add_view`). Serialisations are the dcat
package's deterministic ones.

Blank nodes (periods, unknown formats) get labels derived from the commune and their content:
parsing gives them random ones, which would change the bytes from one build to the next.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..dcat import addresses
from ..dcat.graph import add_document, add_licence
from ..dcat.hydra import PageView, add_view
from ..dcat.namespaces import ADMS_PUBLISHER_TYPE, DCAT, DCT, FOAF, RDF, SKOS, new_graph
from ..dcat.publish import MetadataFile, write_triples
from ..dcat.triples import TripleSet
from ..dcat.vocabularies import EU_THEME_SCHEME, language_uri
from ..errors import Finding, Location, warning
from ..licences import find_licence
from .schema import SyndicatConfig
from .summary import CommuneSummary

Triple = tuple[Node, Node, Node]


def commune_catalogue_files(site_dir: Path) -> list[Path]:
    """The Turtle pages of a built commune's catalogue, first page first."""
    first = site_dir / addresses.catalogue_file("turtle", 1)
    if not first.is_file():
        return []
    later = [p for p in (site_dir / "catalog").glob("page-*.ttl") if re.fullmatch(r"page-\d+\.ttl", p.name)]
    return [first] + sorted(later, key=lambda p: int(p.stem.split("-")[1]))


def _signature(graph: Graph, node: BNode) -> str:
    def term(t: Node) -> str:
        return "_:" if isinstance(t, BNode) else t.n3()
    outgoing = sorted(f"{term(p)} {term(o)}" for p, o in graph.predicate_objects(node))
    incoming = sorted(f"{term(s)} {term(p)}" for s, p in graph.subject_predicates(node))
    return "\n".join(outgoing) + "\n--\n" + "\n".join(incoming)


def stable_blank_nodes(graph: Graph, prefix: str) -> Graph:
    """A copy of ``graph`` whose blank nodes are labelled from ``prefix`` and what they say (not at random)."""
    nodes = {t for triple in graph for t in triple if isinstance(t, BNode)}
    labels = {node: BNode(f"{prefix}-" + hashlib.sha256(_signature(graph, node).encode("utf-8")).hexdigest()[:16])
              for node in nodes}
    copy = new_graph()
    for s, p, o in graph:
        copy.add((labels.get(s, s), p, labels.get(o, o)))
    return copy


def read_commune_graph(site_dir: Path, slug: str) -> Graph:
    """Every page of a commune's published catalogue, in one graph with stable blank nodes."""
    graph = new_graph()
    for path in commune_catalogue_files(site_dir):
        graph.parse(path, format="turtle")
    return stable_blank_nodes(graph, f"{slug}")


def dataset_closure(graph: Graph, dataset: URIRef) -> set[Triple]:
    """The triples of ``dataset`` and of every node it leads to (publisher, distributions, licence…)."""
    triples: set[Triple] = set()
    seen = {dataset}
    stack: list[Node] = [dataset]
    while stack:
        subject = stack.pop()
        for p, o in graph.predicate_objects(subject):
            triples.add((subject, p, o))
            if isinstance(o, (URIRef, BNode)) and o not in seen and (o, RDF.type, DCAT.Dataset) not in graph \
                    and (o, RDF.type, DCAT.Catalog) not in graph:
                seen.add(o)
                stack.append(o)
    return triples


@dataclass(frozen=True)
class RegionalDataset:
    """One dataset of the regional catalogue: its node and the triples that describe it."""

    uri: URIRef
    commune: str
    triples: frozenset[Triple]


def commune_datasets(graph: Graph, slug: str) -> list[RegionalDataset]:
    """The datasets of one commune's catalogue graph, each with its closure."""
    datasets = sorted({s for s in graph.subjects(RDF.type, DCAT.Dataset) if isinstance(s, URIRef)}, key=str)
    return [RegionalDataset(uri, slug, frozenset(dataset_closure(graph, uri))) for uri in datasets]


def collect_datasets(out_dir: Path, summaries: Sequence[CommuneSummary]) -> tuple[list[RegionalDataset], list[Finding]]:
    """The datasets of every built commune, read from their catalogues in ``out_dir``."""
    datasets: list[RegionalDataset] = []
    findings: list[Finding] = []
    for summary in summaries:
        site_dir = out_dir / summary.out_folder
        if not commune_catalogue_files(site_dir):
            findings.append(warning(
                "the commune's portal has no catalog.ttl: its datasets are missing from the regional catalogue",
                Location(f"{summary.out_folder}/catalog.ttl"), code="syndicat-no-catalogue",
                hint="build the commune again (portalgen build-all) so its catalogue is written"))
            continue
        datasets += commune_datasets(read_commune_graph(site_dir, summary.slug), summary.slug)
    return sorted(datasets, key=lambda d: (d.commune, str(d.uri))), findings


def _add_syndicat_publisher(graph: Graph, config: SyndicatConfig) -> URIRef:
    node = URIRef(addresses.home_url(config.site_url) + "#publisher")
    publisher = config.publisher
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, RDF.type, FOAF.Organization))
    graph.add((node, FOAF.name, Literal(publisher.name if publisher else config.name)))
    kind = ADMS_PUBLISHER_TYPE.LocalAuthority
    graph.add((node, DCT.type, kind))
    graph.add((kind, RDF.type, SKOS.Concept))
    graph.add((kind, SKOS.prefLabel, Literal("Local Authority", lang="en")))
    if publisher and publisher.url:
        graph.add((node, FOAF.homepage, add_document(graph, publisher.url)))
    if publisher and publisher.email:
        graph.add((node, FOAF.mbox, URIRef("mailto:" + publisher.email.strip())))
    return node


def catalogue_description(config: SyndicatConfig) -> str:
    if config.description.strip():
        return config.description.strip()
    if config.language == "en":
        return f"Open data published by the communes of {config.name}."
    return f"Catalogue des données ouvertes publiées par les communes de {config.name}."


def regional_graph(config: SyndicatConfig, datasets: Iterable[RegionalDataset], modified) -> Graph:
    """One page of the regional catalogue: the syndicat's catalogue node and ``datasets`` with what they use."""
    graph = new_graph()
    site_url = config.site_url
    catalogue = URIRef(addresses.catalogue_uri(site_url))
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCT.title, Literal(config.portal_title)))
    graph.add((catalogue, DCT.description, Literal(catalogue_description(config))))
    graph.add((catalogue, DCT.publisher, _add_syndicat_publisher(graph, config)))
    graph.add((catalogue, FOAF.homepage, add_document(graph, addresses.home_url(site_url))))
    language = URIRef(language_uri(config.language))
    graph.add((language, RDF.type, DCT.LinguisticSystem))
    graph.add((catalogue, DCT.language, language))
    licence = find_licence(config.defaults.licence) if config.defaults.licence else None
    if licence is not None:
        graph.add((catalogue, DCT.license, add_licence(graph, site_url, licence)))
    if modified is not None:
        graph.add((catalogue, DCT.modified, Literal(modified)))
    themed = False
    for dataset in datasets:
        for triple in dataset.triples:
            graph.add(triple)
            themed = themed or triple[1] == DCAT.theme
        graph.add((catalogue, DCAT.dataset, dataset.uri))
    if themed:
        graph.add((catalogue, DCAT.themeTaxonomy, URIRef(EU_THEME_SCHEME)))
        graph.add((URIRef(EU_THEME_SCHEME), RDF.type, SKOS.ConceptScheme))
        graph.add((URIRef(EU_THEME_SCHEME), DCT.title, Literal("Data theme", lang="en")))
    return graph


def serialise_page(graph: Graph, site_url: str, view: PageView | None, rdf_format: str) -> bytes:
    """``graph`` serialised with its paging added, by the catalogue's own writers."""
    if view is None:
        return write_triples(graph, rdf_format)
    triples = TripleSet()
    for triple in graph:
        triples.add(triple)
    add_view(triples, site_url, view)
    return write_triples(triples, rdf_format)


def regional_catalogue_files(config: SyndicatConfig, datasets: Sequence[RegionalDataset], modified,
                             formats: tuple[str, ...] = tuple(addresses.CATALOGUE_FORMATS)) -> list[MetadataFile]:
    """catalog.ttl, catalog.rdf, catalog.jsonld and their next pages (catalog/page-N.*), like a commune's."""
    size = config.dcat_page_size
    count = max(1, math.ceil(len(datasets) / size))
    pages = [datasets[i * size:(i + 1) * size] for i in range(count)]
    files = []
    for number, page in enumerate(pages, start=1):
        graph = regional_graph(config, page, modified)
        for rdf_format in formats:
            view = None
            if count > 1:
                next_url = (addresses.absolute(config.site_url, addresses.catalogue_file(rdf_format, number + 1))
                            if number < count else None)
                view = PageView(url=addresses.absolute(config.site_url, addresses.catalogue_file(rdf_format, number)),
                                next_url=next_url, total_items=len(datasets))
            files.append(MetadataFile(addresses.catalogue_file(rdf_format, number),
                                      serialise_page(graph, config.site_url, view, rdf_format),
                                      f"regional DCAT catalogue ({rdf_format}, page {number})"))
    return sorted(files, key=lambda f: f.path)

