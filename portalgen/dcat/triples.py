"""The catalogue's triples without an rdflib store: a set that keeps insertion order, and the
subject → predicate → objects index the writers (turtle.py, rdfxml.py, jsonld.py) read, made from
the set or as the triples are added (:class:`TripleIndex`).

The terms are rdflib's own (URIRef, BNode, Literal), so the functions of graph.py fill either an
rdflib Graph (the reference, see tests/metadata/rdflib_reference.py) or a :class:`TripleIndex` (the
fast path); only the store and the serialisers are left out, which is where rdflib spends its time.
"""

from __future__ import annotations

import re
from itertools import repeat
from operator import is_

from rdflib import BNode, Literal, URIRef

#: subject -> predicate -> objects, each level in a chosen order.
Index = dict


class TripleSet:
    """Triples in the order they were first added, each once (``add`` as rdflib's Graph.add)."""

    def __init__(self) -> None:
        self._triples: dict = {}

    def add(self, triple: tuple) -> None:
        self._triples[triple] = None

    def __iter__(self):
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)


class TripleIndex:
    """Triples kept, as they are added (``add`` as rdflib's Graph.add), in the subject -> predicate ->
    objects index the writers read: ``spo`` is :func:`index` of a :class:`TripleSet` of the same
    triples added in the same order (the same keys, lists and order; tests/metadata/test_writers.py).

    It saves the set of triples and the second pass over it: a triple's hash (rdflib's Literal.__hash__
    is a Python function) and its insertion, then the index's loop. As in :func:`index`, equal terms
    are made the same object, the first met, as they come, so a triple already added is found
    among its subject and predicate's objects by identity."""

    def __init__(self) -> None:
        self.spo: Index = {}
        self._same: dict = {}

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        same = self._same
        o = same.setdefault(o, o)
        predicates = self.spo.get(s)
        if predicates is None:
            self.spo[same.setdefault(s, s)] = {p: [o]}
            return
        objects = predicates.get(p)
        if objects is None:
            predicates[p] = [o]
        elif not any(map(is_, objects, repeat(o))):  # not added yet: no object is this one
            objects.append(o)

    def __iter__(self):
        """The triples, subject by subject (as rdflib's Graph, anything that reads triples reads these)."""
        return ((s, p, o) for s, predicates in self.spo.items() for p, objects in predicates.items() for o in objects)


def index(triples) -> Index:
    """subject -> predicate -> [objects], in the order the triples come.

    Equal terms are made the same object (the first met), so that the writers' lookups find
    them by identity rather than by rdflib's slower equality test: every object, and each subject
    when first met (as a key of the index, it is the one later lookups find). Predicates are left
    as they come: the catalogue's are made once per process (graph.TermCache)."""
    spo: Index = {}
    same: dict = {}
    for s, p, o in triples:
        o = same.setdefault(o, o)
        predicates = spo.get(s)
        if predicates is None:
            spo[same.setdefault(s, s)] = {p: [o]}
            continue
        objects = predicates.get(p)
        if objects is None:
            predicates[p] = [o]
        else:
            objects.append(o)
    return spo


def with_extra(spo: Index, triples) -> Index:
    """A copy of ``spo`` with ``triples`` (not yet in it) appended, as a store adds them.
    Only the subjects and predicates they touch are copied."""
    result = dict(spo)
    copied: set = set()
    for s, p, o in triples:
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


# ------------------------------------------------------------------------------------------------
# N-Triples forms, as rdflib's Node.n3() writes them (without prefixes): used to order triples
# the way the reference serialisation did (a sorted copy of the graph), and by the writers.
# ------------------------------------------------------------------------------------------------

_NOT_IN_IRI = re.compile('[<>" {}|\\\\^`]')


def check_iri(iri: str) -> str:
    """The IRI, or ValueError when it holds a character no serialisation can write (as rdflib)."""
    if _NOT_IN_IRI.search(iri):
        raise ValueError(f'"{iri}" does not look like a valid URI, cannot serialize this. '
                         "Did you want to urlencode it?")
    return iri


def quoted(text: str) -> str:
    """A string in Turtle/N-Triples quotes: one line in "…", several in \"\"\"…\"\"\" (the same
    choices as rdflib, except that a final quote after a backslash is escaped, which rdflib misses)."""
    if "\n" in text:
        encoded = text.replace("\\", "\\\\")
        if '"""' in text:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded.endswith('"'):
            backslashes = len(encoded) - 1 - len(encoded[:-1].rstrip("\\"))
            if backslashes % 2 == 0:  # not escaped yet
                encoded = encoded[:-1] + '\\"'
        return '"""' + encoded.replace("\r", "\\r") + '"""'
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r") + '"'


def n3(term) -> str:
    """The term as rdflib's ``term.n3()`` writes it (full IRIs, no prefixes)."""
    if isinstance(term, URIRef):
        return "<" + check_iri(str(term)) + ">"
    if isinstance(term, BNode):
        return "_:" + str(term)
    if isinstance(term, Literal):
        if term.language:
            return quoted(str(term)) + "@" + term.language
        if term.datatype is not None:
            return quoted(str(term)) + "^^<" + str(term.datatype) + ">"
        return quoted(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def sort_key(term) -> tuple[str, str]:
    """The order of the reference serialisation: by kind (BNode, Literal, URIRef), then n3 form."""
    return type(term).__name__, n3(term)


def canonical(spo: Index) -> Index:
    """``spo`` ordered as the sorted list of its triples would be (subjects, then predicates, then
    objects by :func:`sort_key`)."""
    # By the term's id (the terms are in ``spo``, alive until the end): rdflib's Literal.__hash__ is a
    # Python function, and equal terms that are not one object only get the same key twice.
    keys: dict[int, tuple[str, str]] = {}

    def key(term) -> tuple[str, str]:
        found = keys.get(id(term))
        if found is None:
            found = keys[id(term)] = sort_key(term)
        return found

    # Most subjects have one of a few sets of predicates (a dataset's, a distribution's…): each
    # set is sorted once.
    orders: dict[tuple, list] = {}
    result: Index = {}
    for s in sorted(spo, key=key):
        predicates = spo[s]
        names = tuple(predicates)
        order = orders.get(names)
        if order is None:
            order = orders[names] = sorted(names, key=key)
        # A single object keeps its list (index() made it; with_extra copies before appending).
        result[s] = {p: sorted(objects, key=key) if len(objects := predicates[p]) > 1 else objects for p in order}
    return result
