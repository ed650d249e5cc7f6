"""Build the static search index: small JSON files the catalogue page fetches only when it needs them.

Layout (names relative to the index folder)::

    meta.json        count, facet values with their labels and total counts, list of term shards
    facets.json      for each facet value, the datasets that have it, as a delta list or, for values most
                     datasets have, a base64 bitmap (fetched at the first filter or query)
    order-date.json  dataset numbers from the most recently updated (fetched when sorting by date)
    terms/<k>.json   the terms starting with <k>, each with its datasets and weights
    cards/<n>.json   the result cards of datasets n*CARDS_PER_FILE … (n+1)*CARDS_PER_FILE-1

Datasets are numbered in the order given (the catalogue's title order), so sorting by title is
sorting by number. Postings are delta-encoded: ``[d0, w0, d1-d0, w1, …]``. A shard holds every
term with its key as prefix; one that grows over ``SHARD_BYTES`` is split by one more letter,
so a query reads a few kilobytes of terms whatever the size of the catalogue. Every file is
written with sorted keys and fixed separators: the same datasets give the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring
from operator import methodcaller
from typing import Any, Mapping, Sequence

from .documents import FIELD_WEIGHTS, SearchDocument
from .facets import FacetSummary
from .text import terms

FORMAT_VERSION = 1
CARDS_PER_FILE = 10
SHARD_BYTES = 12_000        # a shard larger than this is split by one more letter…
MAX_SHARD_KEY = 6           # …until its key has this many letters
FIRST_KEY = 2
MAX_TF = 3                  # a word repeated more than this in one field counts no more


@dataclass(frozen=True)
class SearchIndex:
    """The index files (name → bytes, sorted by name) and a few figures about them."""

    files: tuple[tuple[str, bytes], ...]
    version: str
    documents: int
    terms: int
    shards: int

    @property
    def total_bytes(self) -> int:
        return sum(len(content) for _, content in self.files)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


@lru_cache(maxsize=1 << 14)
def _capped_counts(text: str) -> tuple[tuple[str, int], ...]:
    """Each term of ``text`` with its occurrences (at most MAX_TF), in order of first occurrence.
    Remembered per text: the theme, producer, schema and column fields repeat over the datasets."""
    return tuple([(term, count if count < MAX_TF else MAX_TF) for term, count in Counter(terms(text)).items()])


def term_weights(document: SearchDocument) -> dict[str, int]:
    """Each term of a document with its weight: the sum over fields of field weight × occurrences (capped)."""
    weights: dict[str, int] = {}
    known = weights.get
    for field, text in document.fields:
        weight = FIELD_WEIGHTS.get(field, 1)
        for term, count in _capped_counts(text):
            weights[term] = known(term, 0) + weight * count
    return weights


def postings(documents: Sequence[SearchDocument]) -> dict[str, list[int]]:
    """term → delta-encoded [doc, weight, …], documents numbered by their position; terms in the order
    they first appear (the files list them sorted: shard_texts sorts them, and writes sorted keys).

    A term's list grows in document order whatever order a document's terms are visited in, so each
    document's terms are taken as term_weights gives them, without sorting them (a tenth of the index's
    CPU): the lists are those of the terms visited in sorted order (tests/search/test_index.py)."""
    lists: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for number, document in enumerate(documents):
        for term, weight in term_weights(document).items():
            entry = lists.get(term)
            if entry is None:
                lists[term] = [number, weight]
            else:
                entry += (number - last[term], weight)
            last[term] = number
    return lists


def _entry_text(term: str, entry: list[int]) -> bytes:
    """``"term":[…]`` as _dumps writes it inside a shard (a posting list holds only ints, whose JSON is their str)."""
    return (encode_basestring(term) + ":[" + ",".join(map(str, entry)) + "]").encode("utf-8")


def _object_text(entries: Mapping[str, bytes]) -> bytes:
    """The JSON object of entries made by _entry_text: the text _dumps gives for their terms' lists, entries
    being in sorted order, as sorted keys write them."""
    return b"{" + b",".join(entries.values()) + b"}"


def _object_bytes(entries: Mapping[str, bytes]) -> int:
    """len(_object_text(entries)), without writing it."""
    return sum(map(len, entries.values())) + len(entries) + 1


def shard_texts(lists: Mapping[str, list[int]]) -> dict[str, bytes]:
    """Group terms into shards keyed by a prefix (a term lives in the longest key that starts it), each
    shard as the JSON text of its file (as _dumps writes it), sorted by key.

    Each term's entry is written once (_entry_text); a group's size is the sum of its entries' sizes, so a
    group split into smaller ones is never written whole, and each shard's text is its entries joined."""
    shards: dict[str, dict[str, bytes]] = {}

    def place(prefix: str, group: dict[str, bytes]) -> None:
        if len(prefix) < MAX_SHARD_KEY and _object_bytes(group) > SHARD_BYTES:
            children: dict[str, dict[str, bytes]] = defaultdict(dict)
            for term, entry in group.items():
                if len(term) == len(prefix):
                    shards.setdefault(prefix, {})[term] = entry
                else:
                    children[term[: len(prefix) + 1]][term] = entry
            for child in sorted(children):
                place(child, children[child])
            return
        shards[prefix] = group

    first: dict[str, dict[str, bytes]] = defaultdict(dict)
    for term in sorted(lists):
        first[term[:FIRST_KEY]][term] = _entry_text(term, lists[term])
    for prefix in sorted(first):
        place(prefix, first[prefix])
    return {prefix: _object_text(shards[prefix]) for prefix in sorted(shards)}


def _deltas(numbers: Sequence[int]) -> list[int]:
    return [n - (numbers[i - 1] if i else 0) for i, n in enumerate(numbers)]


def _bitmap(numbers: Sequence[int], count: int) -> str:
    """Base64 of a bit per document (document n is bit n % 8 of byte n // 8)."""
    bits = bytearray((count + 7) // 8)
    for n in numbers:
        bits[n // 8] |= 1 << (n % 8)
    return base64.b64encode(bytes(bits)).decode("ascii")


def document_set(numbers: Sequence[int], count: int) -> list[int] | str:
    """The shorter of two spellings of a set of documents: a delta list, or a bitmap (for common values)."""
    deltas = _deltas(numbers)
    bitmap_length = 4 * (((count + 7) // 8 + 2) // 3) + 2     # with its quotes
    return _bitmap(numbers, count) if bitmap_length < len(_dumps(deltas)) else deltas


def facet_postings(documents: Sequence[SearchDocument], facets: Sequence[FacetSummary]) -> list[list[list[int] | str]]:
    """For each facet and each of its values (in summary order), the datasets that have it (see document_set).

    A document has one value for most facets (theme, producer, licence, schema, map, updated): that one is
    appended as it is, without the de-duplication a document's several values need (one value has no
    duplicate, so both ways list the same numbers: tests/search/test_index.py compares them)."""
    result = []
    per_document = [document.facets for document in documents]
    for facet in facets:
        members: dict[str, list[int]] = {value.key: [] for value, _ in facet.values}
        for number, values in enumerate(map(methodcaller("get", facet.key, ()), per_document)):
            if len(values) == 1:
                members[values[0].key].append(number)
                continue
            for value in dict.fromkeys(v.key for v in values):
                members[value].append(number)
        result.append([document_set(members[value.key], len(documents)) for value, _ in facet.values])
    return result


def date_order(documents: Sequence[SearchDocument]) -> list[int]:
    """Dataset numbers from the most recently updated; undated ones last, in title order."""
    return sorted(range(len(documents)),
                  key=lambda n: (documents[n].modified is None, -(documents[n].modified or dt.date.min).toordinal(), n))


def shard_file(key: str) -> str:
    return f"terms/{key}.json"


def card_file(number: int) -> str:
    return f"cards/{number}.json"


def build_search_index(documents: Sequence[SearchDocument], facets: Sequence[FacetSummary]) -> SearchIndex:
    """Every index file for ``documents`` (numbered in the order given) and their ``facets``."""
    lists = postings(documents)
    shards = shard_texts(lists)
    files: dict[str, bytes] = {shard_file(key): text for key, text in shards.items()}
    for start in range(0, len(documents), CARDS_PER_FILE):
        files[card_file(start // CARDS_PER_FILE)] = _dumps([d.card for d in documents[start:start + CARDS_PER_FILE]])
    files["facets.json"] = _dumps(facet_postings(documents, facets))
    files["order-date.json"] = _dumps(date_order(documents))
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    version = digest.hexdigest()[:16]
    files["meta.json"] = _dumps({
        "format": FORMAT_VERSION, "version": version, "count": len(documents), "cardsPerFile": CARDS_PER_FILE,
        "shards": list(shards),
        "facets": [{"key": f.key, "label": f.label, "values": [[v.key, v.label, n] for v, n in f.values]}
                   for f in facets],
    })
    return SearchIndex(files=tuple(sorted(files.items())), version=version, documents=len(documents),
                       terms=len(lists), shards=len(shards))
