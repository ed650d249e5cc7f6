"""The catalogue's own Turtle, RDF/XML and JSON-LD writers against rdflib, the reference.

catalogue_files writes each page from plain triples (dcat/triples.py, turtle.py, rdfxml.py,
jsonld.py). rdflib stays the reference: every file must parse back, with rdflib, to a graph
isomorphic to the one rdflib builds (catalogue_graph plus the Hydra paging), and be byte for byte
what rdflib's serialisers gave before the writers existed (reference_catalogue_files below is
that former code path), on the sample site, the golden site, a bench site and a site of odd values.
"""

from __future__ import annotations

import os

import datetime as dt
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from portalgen.dcat import addresses
from portalgen.dcat.graph import catalogue_graph
from portalgen.dcat.hydra import PageView, add_view
from portalgen.dcat.jsonld import to_jsonld
from portalgen.dcat.namespaces import DCAT, DCT, GSP, HYDRA, new_graph
from portalgen.dcat.publish import MetadataFile, catalogue_files, catalogue_pages
from portalgen.dcat.rdfxml import to_rdfxml
from tests.metadata.rdflib_reference import serialise, sorted_copy
from portalgen.dcat.records import as_term, quoted, to_rdflib
from portalgen.dcat.triples import TripleIndex, TripleSet, canonical, index, predicate, with_extra
from portalgen.dcat.turtle import rdflib_order, to_turtle
from portalgen.enrich import enrich_site
from portalgen.pipeline import read_site
from tests.metadata.support import metadata_site

REPO = Path(__file__).resolve().parents[2]
PARSE_FORMAT = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}
WRITERS = {"turtle": to_turtle, "xml": to_rdfxml, "json-ld": to_jsonld}


def reference_catalogue_files(site, page_size: int) -> list[MetadataFile]:
    """The catalogue as rdflib wrote it before our writers: a sorted copy of each page's graph,
    each format's paging triples added at the end, serialised by rdflib."""
    site_url = site.config.site_url
    pages = catalogue_pages(site.datasets, page_size)
    files = []
    for number, datasets in enumerate(pages, start=1):
        graph = sorted_copy(catalogue_graph(site, datasets, all_datasets=site.datasets))
        for rdf_format in addresses.CATALOGUE_FORMATS:
            added: set = set()
            if len(pages) > 1:
                next_url = (addresses.absolute(site_url, addresses.catalogue_file(rdf_format, number + 1))
                            if number < len(pages) else None)
                view = PageView(url=addresses.absolute(site_url, addresses.catalogue_file(rdf_format, number)),
                                next_url=next_url, total_items=len(site.datasets))
                before = set(graph)
                add_view(graph, site_url, view)
                added = set(graph) - before
            files.append(MetadataFile(addresses.catalogue_file(rdf_format, number),
                                      serialise(graph, rdf_format, presorted=True), ""))
            for triple in added:
                graph.remove(triple)
    return sorted(files, key=lambda f: f.path)


def expected_graph(site, page_size: int, path: str) -> Graph:
    """The page's graph as rdflib builds it, with the paging of the file's format."""
    pages = catalogue_pages(site.datasets, page_size)
    ext = path.rsplit(".", 1)[1]
    number = 1 if "/" not in path else int(path.split("page-")[1].split(".")[0])
    rdf_format = next(fmt for fmt, e in addresses.CATALOGUE_FORMATS.items() if e == ext)
    view = None
    if len(pages) > 1:
        site_url = site.config.site_url
        view = PageView(url=addresses.absolute(site_url, addresses.catalogue_file(rdf_format, number)),
                        next_url=(addresses.absolute(site_url, addresses.catalogue_file(rdf_format, number + 1))
                                  if number < len(pages) else None),
                        total_items=len(site.datasets))
    return catalogue_graph(site, pages[number - 1], view=view, all_datasets=site.datasets)


def enriched(site_dir: Path, cache: Path):
    site, _ = read_site(site_dir)
    site, _ = enrich_site(site, cache_dir=cache)
    return site


def assert_same_as_rdflib(site, page_size: int) -> None:
    files = catalogue_files(site, page_size)
    reference = reference_catalogue_files(site, page_size)
    assert [f.path for f in files] == [f.path for f in reference]
    for ours, theirs in zip(files, reference):
        parsed = Graph().parse(data=ours.content.decode("utf-8"), format=PARSE_FORMAT[ours.path.rsplit(".", 1)[1]])
        assert isomorphic(parsed, expected_graph(site, page_size, ours.path)), ours.path
        assert ours.content == theirs.content, ours.path


# ------------------------------------------------------------------------------------------------
# Whole sites
# ------------------------------------------------------------------------------------------------

ODD_PORTAL_EXTRA = {
    "datasets/odd.yml": '''\
        title: "Titre « guillemets » \\"doubles\\" et 'simples' — ü ñ 漢字 😀"
        description: |
          Première ligne avec "guillemets", \\ barre oblique inverse,
          une ligne avec trois guillemets """ au milieu,	tabulation,
          et une fin en guillemet "
        keywords: ["mot \\"cité\\"", "ligne\\nsuivante", "accentué é", "mot \\"cité\\""]
        theme: Un thème qui n'est pas européen
        producer: "Service (spécial) & co."
        frequency: weekly
        issued: 2020-02-29
        temporal: {start: 1999-12-31}
        resources:
          - path: "fichier (v2) été.csv"
            title: 'Fichier "v2"'
            description: Fin en barre oblique inverse \\
          - url: "https://example.com/a%20b/fichier.7z?x=1&y=(2)"
            title: Archive
            format: 7z
          - url: https://example.com/autre.7z
            title: Autre archive
            format: 7z
          - url: https://example.com/page
            title: Une page
            format: html
        ''',
    "data/fichier (v2) été.csv": "nom,valeur\nun,1\ndeux,2\n",
    "datasets/same-producer.yml": '''\
        title: Même producteur, autre casse
        description: "Se termine par une barre et un guillemet \\\\\\""
        producer: "service (SPÉCIAL) & co."
        resources:
          - url: https://example.com/x.7z
            format: 7z
        ''',
}


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("odd")
    return enriched(metadata_site(root / "site", ODD_PORTAL_EXTRA), root / "cache")


def test_odd_values_site(odd_site):
    assert len(odd_site.datasets) == 3
    assert_same_as_rdflib(odd_site, 100)
    assert_same_as_rdflib(odd_site, 1)  # three pages, each with its Hydra view


def test_sample_site(tmp_path):
    assert_same_as_rdflib(enriched(REPO / "sample_site", tmp_path / "cache"), 4)


def test_golden_site(tmp_path):
    site = enriched(REPO / "tests" / "golden" / "site", tmp_path / "cache")
    assert_same_as_rdflib(site, site.config.dcat_page_size)
    assert_same_as_rdflib(site, 1)


def test_bench_site(tmp_path):
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import bench_build
    finally:
        sys.path.remove(str(REPO / "bench"))
    bench_build.write_site(tmp_path / "site", 25, 3)
    site = enriched(tmp_path / "site", tmp_path / "cache")
    assert_same_as_rdflib(site, 10)


def test_split_pages_give_the_same_files(odd_site):
    whole = catalogue_files(odd_site, 1)
    parts = catalogue_files(odd_site, 1, pages=range(1, 3)) + catalogue_files(odd_site, 1, pages=range(3, 4))
    assert sorted(parts, key=lambda f: f.path) == whole


# ------------------------------------------------------------------------------------------------
# The writers on hand-made triples
# ------------------------------------------------------------------------------------------------

S = URIRef("https://example.org/x/#dataset")
TEXTS = ["simple", "avec \"guillemets\"", "multi\nligne", 'fin en guillemet\n"', 'trois """ guillemets\nx',
         "barre \\ oblique", "retour\r chariot", "tab\tulation", "é ü 漢字 😀", "<b>&amp;</b>", "'apostrophe'",
         "\n", '"', '\\', 'ligne\n""', "x\n\"\"\"\"", "]]>"]


def odd_triples() -> list[tuple]:
    triples = [(S, RDF.type, DCAT.Dataset), (S, RDF.type, DCAT.Resource), (S, RDFS.label, Literal("étiquette"))]
    triples += [(S, DCT.description, Literal(text)) for text in TEXTS]
    triples += [
        (S, DCT.title, Literal("Titre", lang="fr")), (S, DCT.title, Literal("Title", lang="en-GB")),
        (S, DCT.issued, Literal(dt.date(2024, 2, 29))), (S, DCT.modified, Literal(dt.datetime(2024, 3, 1, 12, 30))),
        (S, DCAT.byteSize, Literal(1234, datatype=XSD.nonNegativeInteger)), (S, HYDRA.totalItems, Literal(0)),
        (S, HYDRA.totalItems, Literal(-12)), (S, DCAT.spatialResolutionInMeters, Literal(2.5)),
        (S, DCAT.spatialResolutionInMeters, Literal("1.50", datatype=XSD.decimal)),
        (S, DCT.valid, Literal(True)), (S, DCT.valid, Literal("1e3", datatype=XSD.double)),
        (S, DCAT.centroid, Literal("POINT(-1.68 48.11)", datatype=GSP.wktLiteral)),
        (S, DCT.subject, Literal("x", datatype=URIRef("https://example.org/types#odd"))),
        (S, DCT.relation, URIRef("https://example.org/é%20(1)/a'b;c")),
        (S, DCT.relation, URIRef("http://www.w3.org/ns/dcat#local.")),          # a name that cannot end with "."
        (S, DCT.relation, URIRef("http://www.w3.org/ns/dcat#a(b)")),
        (S, DCT.relation, URIRef("http://purl.org/dc/terms/")),                 # a namespace itself
        (S, DCT.relation, URIRef("mailto:a@b.example")),
        (S, DCT.relation, Literal("texte à côté")),
        (S, DCT.temporal, BNode("once")), (BNode("once"), RDF.type, DCT.PeriodOfTime),
        (BNode("once"), DCAT.startDate, Literal(dt.date(2020, 1, 1))), (BNode("once"), DCT.hasPart, BNode("nested")),
        (BNode("nested"), RDFS.label, Literal("dans un nœud anonyme")),
        (S, DCT.format, BNode("twice")), (URIRef("https://example.org/y"), DCT.format, BNode("twice")),
        (BNode("twice"), RDF.type, DCT.MediaTypeOrExtent), (BNode("twice"), RDFS.label, Literal("7Z")),
        (BNode("orphan"), RDFS.label, Literal("jamais cité")),
        (S, DCT.references, BNode("no-triples")),
        (URIRef("https://example.org/empty"), DCT.title, Literal("")),
    ]
    return triples


def reference_graph(triples) -> Graph:
    graph = new_graph(ordered=True)
    for triple in sorted(triples, key=lambda t: tuple((type(x).__name__, x.n3()) for x in t)):
        graph.add(triple)
    return graph


@pytest.mark.parametrize("rdf_format", ["turtle", "xml", "json-ld"])
def test_writers_parse_back_to_the_same_graph(rdf_format):
    triples = odd_triples()
    written = WRITERS[rdf_format](canonical(index(triples)))
    parsed = Graph().parse(data=written.decode("utf-8"), format=rdf_format)
    expected = reference_graph(triples)
    if rdf_format == "json-ld":
        # JSON-LD writes numbers and booleans as JSON values, which read back in a canonical lexical
        # form ("1e3" -> 1000.0): compare with rdflib's own JSON-LD read back.
        expected = Graph().parse(data=serialise(expected, "json-ld"), format="json-ld")
    assert isomorphic(parsed, expected)


@pytest.mark.parametrize("rdf_format", ["turtle", "xml", "json-ld"])
def test_writers_match_rdflib_byte_for_byte(rdf_format):
    triples = odd_triples()
    ours = WRITERS[rdf_format](canonical(index(triples)))
    assert ours == serialise(reference_graph(triples), rdf_format, presorted=True)


def test_writers_are_deterministic_whatever_the_insertion_order():
    triples = odd_triples()
    for rdf_format, write in WRITERS.items():
        assert write(canonical(index(triples))) == write(canonical(index(reversed(triples)))), rdf_format


def test_a_final_quote_after_a_backslash_is_escaped():
    """A multi-line text ending in backslash + quote: rdflib leaves the final quote bare
    (\"\"\"…\\\\\"\"\"\"), which Turtle's grammar does not allow (a quote inside a long string must
    be followed by another character) though rdflib's reader takes it; ours escapes it. With the
    empty JSON-LD values below, the only places where our bytes can differ from rdflib's."""
    text = 'a\nb\\"'
    assert quoted(text) == '"""a\nb\\\\\\""""'
    assert Literal(text).n3() == '"""a\nb\\\\""""'
    written = to_turtle(index([(S, DCT.description, Literal(text))]))
    parsed = Graph().parse(data=written.decode("utf-8"), format="turtle")
    assert str(parsed.value(S, DCT.description)) == text


def test_jsonld_keeps_an_empty_value_beside_others():
    """rdflib's JSON-LD serialiser drops a value that is empty ("" or 0) when the same property has
    another one; ours keeps both (the catalogue never writes such a pair: texts are stripped and
    empty keywords left out)."""
    spo = index([(S, DCAT.keyword, Literal("")), (S, DCAT.keyword, Literal("mot"))])
    parsed = Graph().parse(data=to_jsonld(spo).decode("utf-8"), format="json-ld")
    assert set(parsed.objects(S, DCAT.keyword)) == {Literal(""), Literal("mot")}


def test_an_iri_no_format_can_hold_is_refused():
    """Its record is refused, as rdflib's N-Triples form, the canonical order's key, refuses it."""
    with pytest.raises(ValueError):
        index([(S, DCT.relation, URIRef("https://example.org/a b"))])


def test_triple_set_keeps_the_first_insertion_order_and_each_triple_once():
    triples = TripleSet()
    for triple in [(S, RDF.type, DCAT.Dataset), (S, DCT.title, Literal("t")), (S, RDF.type, DCAT.Dataset)]:
        triples.add(triple)
    assert list(triples) == [(S, RDF.type, DCAT.Dataset), (S, DCT.title, Literal("t"))]


def _copied(term):
    """An equal term that is another object (the catalogue's terms often are: made again per dataset)."""
    if isinstance(term, Literal):
        return Literal(str(term), lang=term.language, datatype=term.datatype)
    return type(term)(str(term))


@pytest.mark.parametrize("order", ["as made", "reversed", "interleaved"])
def test_triple_index_is_the_index_of_the_triple_set(order):
    """TripleIndex (the catalogue's fast path) against index() of a TripleSet of the same triples:
    duplicates, equal terms that are other objects, long object lists, in several orders."""
    triples = odd_triples()
    triples += [tuple(_copied(term) for term in triple) for triple in triples]   # each again, as equal copies
    triples += [(S, DCAT.keyword, Literal(f"mot {n % 7}")) for n in range(30)]  # a list with repeats
    triples += [(URIRef(f"https://example.org/d/{n}"), RDF.type, DCAT.Dataset) for n in range(5)]
    if order == "reversed":
        triples.reverse()
    elif order == "interleaved":
        triples = triples[::2] + triples[1::2]
    fast, general = TripleIndex(), TripleSet()
    for triple in triples:
        fast.add((as_term(triple[0]), predicate(triple[1]), as_term(triple[2])))  # as graph.py makes them
        general.add(triple)
    expected = index(general)

    def forms(spo):
        return [(s.n3, [(p.n3, [o.n3 for o in objects]) for p, objects in predicates.items()])
                for s, predicates in spo.items()]
    assert forms(fast.spo) == forms(expected)
    assert sorted(tuple(term.n3 for term in triple) for triple in fast) == \
        sorted(tuple(term.n3() for term in triple) for triple in general)
    for rdf_format, write in WRITERS.items():
        assert write(canonical(fast.spo)) == write(canonical(expected)), rdf_format


def test_extra_triples_find_the_index_terms_given_or_not():
    """with_extra with the TripleIndex's terms (publish.py's fast path) against with_extra finding
    them itself: the same index, the same records (the writers count references by identity), the
    same bytes; extra triples point to subjects and objects of the index, and to new terms."""
    fast = TripleIndex()
    for s, p, o in odd_triples():
        fast.add((as_term(s), predicate(p), as_term(o)))
    spo = canonical(fast.spo)
    extra = [(S, HYDRA.view, URIRef("https://example.org/page-2")),
             (URIRef("https://example.org/page-2"), RDF.type, HYDRA.PartialCollectionView),
             (URIRef("https://example.org/z"), DCT.format, BNode("twice")),   # an object of the index
             (BNode("no-triples"), RDFS.label, Literal("enfin")),              # an object, now a subject
             (S, HYDRA.totalItems, Literal(10_000))]
    given, found = with_extra(spo, extra, fast.terms), with_extra(spo, extra)
    known = {id(term) for term in fast.terms.values()}

    def shape(result):  # the index's own terms by identity, new ones by their form
        def name(term):
            return id(term) if id(term) in known else term.n3
        return [(name(s), [(id(p), list(map(name, objects))) for p, objects in predicates.items()])
                for s, predicates in result.items()]
    assert shape(given) == shape(found)
    for rdf_format, write in WRITERS.items():
        assert write(given) == write(found), rdf_format
        if rdf_format != "xml":  # RDF/XML follows the index's order (the extra triples last); the others their own
            assert write(given) == serialise(reference_graph(odd_triples() + extra), rdf_format, presorted=True)


def test_catalogue_made_in_two_background_processes_is_the_same(odd_site, monkeypatch):
    from dataclasses import replace

    from portalgen.render import metadata

    site = replace(odd_site, config=replace(odd_site.config, dcat_page_size=1))
    monkeypatch.setattr(metadata, "PARALLEL_FROM", 1)
    monkeypatch.setattr(metadata, "SPLIT_FROM", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    job = metadata.start_catalogue(site)
    assert isinstance(job, metadata.CatalogueJobs) and len(job.jobs) == 2
    assert job.get() == catalogue_files(site, 1)


def test_catalogue_processes_and_shares():
    from portalgen.render.metadata import PARALLEL_FROM, SPLIT_FROM, catalogue_processes, shares

    assert catalogue_processes(PARALLEL_FROM - 1, 8) == 0
    assert catalogue_processes(SPLIT_FROM, 1) == 0
    assert catalogue_processes(SPLIT_FROM - 1, 2) == 1
    assert catalogue_processes(SPLIT_FROM, 2) == 2      # two cores: shared with the page workers, it ends with them
    assert catalogue_processes(SPLIT_FROM - 1, 4) == 1
    assert catalogue_processes(SPLIT_FROM, 4) == 2
    assert shares(5, 2) == [range(1, 4), range(4, 6)]
    assert shares(1, 2) == [range(1, 2)]
    assert [n for r in shares(101, 2) for n in r] == list(range(1, 102))


@pytest.mark.parametrize("order", ["as made", "reversed"])
def test_triple_index_add_node_is_add_triple_by_triple(order):
    """TripleIndex.add_node (graph.py gives a node's triples in one call) against add, triple by
    triple: the same index and bytes, on odd terms, duplicates, equal copies and runs of one subject."""
    from itertools import groupby
    triples = odd_triples()
    triples += [tuple(_copied(term) for term in triple) for triple in triples]
    triples += [(S, DCAT.keyword, Literal(f"mot {n % 7}")) for n in range(30)]
    if order == "reversed":
        triples.reverse()
    records = [(as_term(s), predicate(p), as_term(o)) for s, p, o in triples]
    by_node, by_triple, set_by_node, set_by_triple = TripleIndex(), TripleIndex(), TripleSet(), TripleSet()
    for _, run in groupby(records, key=lambda triple: triple[0].n3):  # runs of one subject (equal records)
        run = list(run)
        subject, pairs = run[0][0], [(p, o) for _, p, o in run]
        assert len(pairs) < len(records)
        by_node.add_node(subject, pairs)
        set_by_node.add_node(subject, pairs)
        for _, p, o in run:
            set_by_triple.add((subject, p, o))
    for triple in records:
        by_triple.add(triple)
    assert list(set_by_node) == list(set_by_triple)

    def forms(spo):
        return [(s.n3, [(p.n3, [o.n3 for o in objects]) for p, objects in predicates.items()])
                for s, predicates in spo.items()]
    assert forms(by_node.spo) == forms(by_triple.spo)
    for rdf_format, write in WRITERS.items():
        assert write(canonical(by_node.spo)) == write(canonical(by_triple.spo)), rdf_format


@pytest.mark.parametrize("texts", [
    ["mot", "Mot", "", "éco", "eco", "z", "<b>é</b>", "a\x00b", "a\nb", "10", "9", "x" * 100_000, "🌳", "ǅ"],
    ["b", "a"],
])
def test_turtle_order_of_plain_literals_is_rdflib_s(texts):
    """Plain literals only (a dataset's keywords) are sorted by their text, without rdflib terms: the
    order rdflib's comparison gives; any other literal among them is left to rdflib."""
    plain = [as_term(Literal(text)) for text in texts]
    assert rdflib_order(plain) == sorted(plain, key=to_rdflib)
    assert [o.value for o in rdflib_order(plain)] == sorted(texts)
    mixed = plain + [as_term(Literal("mot", lang="fr")), as_term(Literal("mot", datatype=XSD.string)),
                     as_term(Literal(3)), as_term(Literal("a", datatype=XSD.string))]
    assert rdflib_order(mixed) == sorted(mixed, key=to_rdflib)
    spo = index([(S, DCAT.keyword, Literal(text)) for text in texts])
    assert to_turtle(spo) == serialise(reference_graph(list(_triples_of(spo))), "turtle", presorted=True)


def _triples_of(spo):
    return ((to_rdflib(s), to_rdflib(p), to_rdflib(o)) for s, predicates in spo.items()
            for p, objects in predicates.items() for o in objects)
