"""The catalogue's triples without an rdflib store: a set that keeps insertion order, and the
subject -> predicate -> objects index the writers (turtle.py, rdfxml.py, jsonld.py) read, made from
any triples (:func:`index`) or as the catalogue's triples are added (:class:`TripleIndex`).

The index holds :class:`~portalgen.dcat.records.Term` records, which carry every written form of a
term; :func:`index` takes rdflib terms too (an rdflib Graph, the regional catalogue's triples) and
makes their records. Records hash by identity: equal terms are made one object as they are indexed
(the first met, found by its N-Triples form), and each predicate is one record per process.
"""

from __future__ import annotations

from operator import attrgetter

from .records import LITERAL_KIND, Term, as_term, vocabulary_iri

#: subject -> predicate -> objects, each level in a chosen order.
Index = dict


class TripleSet:
    """Triples in the order they were first added, each once (``add`` as rdflib's Graph.add)."""

    def __init__(self) -> None:
        self._triples: dict = {}

    def add(self, triple: tuple) -> None:
        self._triples[triple] = None

    def add_node(self, subject, pairs) -> None:
        """``add((subject, p, o))`` for each (p, o) of ``pairs``, in their order."""
        triples = self._triples
        for p, o in pairs:
            triples[(subject, p, o)] = None

    def __iter__(self):
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


class TripleIndex:
    """The catalogue's triples of records, kept, as they are added (``add`` as rdflib's Graph.add), in
    the subject -> predicate -> objects index the writers read: ``spo`` is :func:`index` of a
    :class:`TripleSet` of the same triples added in the same order (the same keys, lists and order;
    tests/metadata/test_writers.py).

    As in :func:`index`, equal terms are made the same object, the first met, as they come (found
    by their N-Triples form, a string: no rdflib hash or equality test), so a triple already added is
    found among its subject and predicate's objects by identity. Predicates are the vocabularies'
    records, one per process (records.Vocabulary)."""

    def __init__(self) -> None:
        self.spo: Index = {}
        self.terms: dict[str, Term] = {}  # every subject and object, by its N-Triples form
        # The subject of the last triple as it came, and its predicates: graph.py adds a node's
        # triples in a row, and its subject is then looked up once.
        self._subject: Term | None = None
        self._predicates: dict = {}

    def add(self, triple: tuple[Term, Term, Term]) -> None:
        self.add_node(triple[0], ((triple[1], triple[2]),))

    def add_node(self, s: Term, pairs) -> None:
        """``add((s, p, o))`` for each (p, o) of ``pairs``, in their order, in one call: graph.py
        gives a node's triples together (~90 triples per dataset, most of them a dataset's or a
        distribution's), so the subject is looked up once and the call per triple is saved. The
        index is the one ``add`` gives triple by triple (add is this method with one pair)."""
        terms = self.terms
        if s is self._subject:
            predicates = self._predicates
        else:
            self._subject = s
            s = terms.setdefault(s.n3, s)
            predicates = self.spo.get(s)
            if predicates is None:
                predicates = self.spo[s] = {}
            self._predicates = predicates
        for p, o in pairs:
            o = terms.setdefault(o.n3, o)
            objects = predicates.get(p)
            if objects is None:
                predicates[p] = [o]
            elif o not in objects:  # not added yet (records compare by identity: no object is this one)
                objects.append(o)

    def __iter__(self):
        """The triples, subject by subject."""
        return ((s, p, o) for s, predicates in self.spo.items() for p, objects in predicates.items() for o in objects)


def index(triples) -> Index:
    """subject -> predicate -> [objects] of any triples (records or rdflib terms), in the order they come.

    Equal terms are made the same record (the first met), so that the writers find them by
    identity; predicates are made the vocabularies' records (one per process for each IRI)."""
    spo: Index = {}
    same: dict[str, Term] = {}
    for s, p, o in triples:
        o = as_term(o)
        o = same.setdefault(o.n3, o)
        s = as_term(s)
        s = same.setdefault(s.n3, s)
        p = predicate(p)
        predicates = spo.get(s)
        if predicates is None:
            spo[s] = {p: [o]}
            continue
        objects = predicates.get(p)
        if objects is None:
            predicates[p] = [o]
        else:
            objects.append(o)
    return spo


def predicate(term) -> Term:
    """The record of a predicate, one per process for each IRI (the indexes group by identity)."""
    return vocabulary_iri(term.value if type(term) is Term else str(term))


def with_extra(spo: Index, triples, terms: dict[str, Term] | None = None) -> Index:
    """A copy of ``spo`` with ``triples`` (any triples, not yet in it) appended, as a store adds them.
    Only the subjects and predicates they touch are copied.

    Their terms equal to terms of ``spo`` are made those (the writers count references by
    identity): ``terms`` are the terms of ``spo`` by N-Triples form (a TripleIndex's), found here
    when not given."""
    if terms is None:
        terms = {term.n3: term for term in spo}
        for predicates in spo.values():
            for objects in predicates.values():
                for term in objects:
                    if term.kind != LITERAL_KIND:
                        terms.setdefault(term.n3, term)
    result = dict(spo)
    added: dict[str, Term] = {}
    copied: set = set()
    for s, p, o in triples:
        s, o, p = as_term(s), as_term(o), predicate(p)
        s = terms.get(s.n3) or added.setdefault(s.n3, s)
        o = terms.get(o.n3) or added.setdefault(o.n3, o)
        predicates = result.get(s)
        if predicates is None:
            result[s] = {p: [o]}
            copied.add(s)
            continue
        if s not in copied:
            predicates = result[s] = {key: list(values) for key, values in predicates.items()}
            copied.add(s)
        predicates.setdefault(p, []).append(o)
    return result


def canonical(spo: Index) -> Index:
    """``spo`` ordered as the sorted list of its triples would be (subjects, then predicates, then
    objects by their kind, then N-Triples form: the order of the reference serialisation, a sorted
    copy of the graph)."""
    sort_key = attrgetter("sort_key")
    # Most subjects have one of a few sets of predicates (a dataset's, a distribution's…): each
    # set is sorted once.
    orders: dict[tuple, list] = {}
    result: Index = {}
    for s in sorted(spo, key=sort_key):
        predicates = spo[s]
        names = tuple(predicates)
        order = orders.get(names)
        if order is None:
            order = orders[names] = sorted(names, key=sort_key)
        # A single object keeps its list (index() made it; with_extra copies before appending).
        result[s] = {p: sorted(objects, key=sort_key) if len(objects := predicates[p]) > 1 else objects
                     for p in order}
    return result
