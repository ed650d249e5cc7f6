"""RDF namespaces of the catalogue, and the prefixes every serialisation uses."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = DCTERMS
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
SPDX = Namespace("http://spdx.org/rdf/terms#")  # never written: see graph.py; used by tests to check its absence

EU_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")

PREFIXES: dict[str, str] = {
    "adms": str(ADMS), "dcat": str(DCAT), "dct": str(DCT), "foaf": str(FOAF), "gsp": str(GSP),
    "hydra": str(HYDRA), "rdf": str(RDF), "rdfs": str(RDFS), "skos": str(SKOS), "vcard": str(VCARD),
    "xsd": str(XSD),
}

#: IRIs the writers compare terms with, as plain text (records hold their IRI as a string).
RDF_TYPE_IRI, RDF_NIL_IRI, RDFS_LABEL_IRI = str(RDF.type), str(RDF.nil), str(RDFS.label)

__all__ = ["ADMS", "ADMS_PUBLISHER_TYPE", "DCAT", "DCT", "EU_FILE_TYPE", "EU_FREQUENCY", "EU_LANGUAGE", "EU_THEME",
           "FOAF", "GSP", "HYDRA", "IANA_MEDIA_TYPES", "PREFIXES", "RDF", "RDFS", "SKOS", "SPDX", "VCARD", "XSD",
           "RDF_NIL_IRI", "RDF_TYPE_IRI", "RDFS_LABEL_IRI", "new_graph"]


def new_graph(*, ordered: bool = False) -> Graph:
    """An empty graph with the catalogue's prefixes bound (and nothing else).

    ``ordered``: a store that lists triples in insertion order (rdflib's default store lists them
    in hash order, which changes from one Python process to the next).
    """
    graph = Graph(store="SimpleMemory" if ordered else "default", bind_namespaces="none")
    for prefix, uri in PREFIXES.items():
        graph.bind(prefix, uri, override=True, replace=True)
    return graph
