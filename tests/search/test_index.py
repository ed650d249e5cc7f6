"""The index files, read back the way search.js reads them."""

from __future__ import annotations

import base64
import dataclasses
import json
import math

import pytest

from portalgen.search import build_site_index
from portalgen.search import index as index_module
from portalgen.search.text import terms

from .synthetic import (FIRST_YEAR, PUBLISHER, dataset_id, formats_of, keywords_of, make_site, modified_of,
                        subject_of, theme_of)


def build(site, message=lambda key: key):
    datasets = sorted(site.datasets, key=lambda d: (d.title.casefold(), d.id))
    index = build_site_index(datasets, lang="fr", message=message, card=lambda d: f"<li>{d.id}</li>",
                             default_producer=PUBLISHER)
    return index, datasets, {name: json.loads(content) for name, content in index.files}


def undelta(deltas):
    out, total = [], 0
    for d in deltas:
        total += d
        out.append(total)
    return out


def decode_set(spelling):
    """A facet value's datasets, read as search.js reads them (delta list or base64 bitmap)."""
    if isinstance(spelling, list):
        return undelta(spelling)
    bits = base64.b64decode(spelling)
    return [n for n in range(len(bits) * 8) if bits[n // 8] >> (n % 8) & 1]


def lookup(files, term):
    """The datasets (numbers → weight) of an index term, found as search.js finds it."""
    keys = files["meta.json"]["shards"]
    own = next((term[:k] for k in range(len(term), 1, -1) if term[:k] in keys), None)
    entry = files.get(f"terms/{own}.json", {}).get(term, [])
    numbers = undelta(entry[0::2])
    return dict(zip(numbers, entry[1::2]))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(make_site(300, tmp_path_factory.mktemp("site")))


def test_a_french_word_finds_its_accented_plural_forms(built):
    index, datasets, files = built
    found = {datasets[n].id for n in lookup(files, terms("equipement")[0])}
    expected = {dataset_id(i) for i in range(300) if subject_of(i) == 0 or "équipement" in keywords_of(i)}
    assert found == expected


def test_title_words_weigh_more_than_description_words(built):
    index, datasets, files = built
    # "Budget" is in the title of subject 1, and only a keyword elsewhere
    weights = lookup(files, "budget")
    in_title = [w for n, w in weights.items() if datasets[n].title.startswith("Budget")]
    keyword_only = [w for n, w in weights.items() if not datasets[n].title.startswith("Budget")]
    assert in_title and keyword_only and min(in_title) > max(keyword_only)


def test_every_term_is_in_the_longest_shard_key_that_starts_it(monkeypatch, tmp_path):
    monkeypatch.setattr(index_module, "SHARD_BYTES", 400)   # force splitting on a small catalogue
    index, datasets, files = build(make_site(200, tmp_path))
    keys = files["meta.json"]["shards"]
    assert any(len(k) > 2 for k in keys), "nothing was split"
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for key in keys:
        for term in files[f"terms/{key}.json"]:
            owner = max((k for k in keys if term.startswith(k)), key=len)
            assert owner == key, (term, key)
    assert index.shards == len(keys)


def test_shards_stay_small_so_a_query_reads_little(tmp_path):
    index, datasets, files = build(make_site(2000, tmp_path))
    sizes = [len(content) for name, content in index.files if name.startswith("terms/")]
    whole = sum(len(content) for name, content in index.files)
    assert max(sizes) < whole / 20


def test_facet_files_list_each_value_with_its_datasets(built):
    index, datasets, files = built
    meta, facets = files["meta.json"], files["facets.json"]
    by_key = {f["key"]: (f, facets[n]) for n, f in enumerate(meta["facets"])}
    assert [f["key"] for f in meta["facets"]] == ["theme", "keyword", "producer", "format", "licence", "schema",
                                                  "map", "updated"]

    def members(facet, value):
        spec, lists = by_key[facet]
        position = [v[0] for v in spec["values"]].index(value)
        numbers = decode_set(lists[position])
        assert spec["values"][position][2] == len(numbers)  # the count shown = the datasets listed
        return {datasets[n].id for n in numbers}

    ids = range(300)
    assert members("theme", "economie-et-finances") == {dataset_id(i) for i in ids if theme_of(i) == "Économie et finances"}
    assert members("format", "geojson") == {dataset_id(i) for i in ids if "geojson" in formats_of(i)}
    assert members("map", "yes") == members("format", "geojson")
    assert members("schema", "scdl") == {dataset_id(i) for i in ids if i % 9 == 0}
    assert members("schema", "other") == {dataset_id(i) for i in ids if i % 9 and i % 13 == 0}
    assert members("updated", "unknown") == {dataset_id(i) for i in ids if modified_of(i) is None}
    assert members("producer", "mairie-de-syntheville") == {dataset_id(i) for i in ids if i % 4 == 3}
    # "Budget" and "budget" are one keyword, labelled with the most used spelling
    spec, _ = by_key["keyword"]
    budget = [v for v in spec["values"] if v[0] == "budget"]
    assert len(budget) == 1 and members("keyword", "budget") == {
        dataset_id(i) for i in ids if {"Budget", "budget"} & set(keywords_of(i))}


def test_facet_values_are_ordered_for_reading(built):
    meta = built[2]["meta.json"]
    values = {f["key"]: f["values"] for f in meta["facets"]}
    counts = [v[2] for v in values["theme"]]
    assert counts == sorted(counts, reverse=True)
    assert [v[0] for v in values["updated"]] == [str(y) for y in range(FIRST_YEAR + 7, FIRST_YEAR - 1, -1)] + ["unknown"]
    assert [v[0] for v in values["map"]] == ["yes", "no"]
    assert [v[0] for v in values["schema"]] == ["scdl", "other", "none"]
    assert values["map"][0][1] == "search.map.yes"      # labels come from the theme's messages


def test_date_order_puts_recent_first_and_undated_last(built):
    index, datasets, files = built
    order = files["order-date.json"]
    assert sorted(order) == list(range(len(datasets)))
    dates = [datasets[n].modified for n in order]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert all(d is None for d in dates[len(dated):])


def test_cards_are_split_in_small_files_in_title_order(built):
    index, datasets, files = built
    per = files["meta.json"]["cardsPerFile"]
    cards = [card for n in range(math.ceil(len(datasets) / per)) for card in files[f"cards/{n}.json"]]
    assert cards == [f"<li>{d.id}</li>" for d in datasets]


def test_same_datasets_give_the_same_bytes_whatever_their_input_order(tmp_path):
    site = make_site(120, tmp_path)
    first = build(site)[0]
    shuffled = dataclasses.replace(site, datasets=tuple(reversed(site.datasets)))
    assert build(shuffled)[0].files == first.files
    assert first.version == json.loads(dict(first.files)["meta.json"])["version"]


def test_an_empty_catalogue_gives_a_valid_empty_index(tmp_path):
    index, datasets, files = build(make_site(0, tmp_path))
    meta = files["meta.json"]
    assert meta["count"] == 0 and meta["shards"] == []
    assert all(f["values"] == [] for f in meta["facets"])
    assert files["order-date.json"] == []


def test_odd_labels_do_not_make_empty_facet_values(tmp_path):
    site = make_site(3, tmp_path)
    odd = dataclasses.replace(site.datasets[0], keywords=("—", " ", "Vélo"), theme="  ", producer="!!")
    index, datasets, files = build(dataclasses.replace(site, datasets=(odd,) + site.datasets[1:]))
    values = {f["key"]: [v[0] for v in f["values"]] for f in files["meta.json"]["facets"]}
    assert "" not in values["keyword"] and "velo" in values["keyword"]
    assert "" not in values["theme"] and "" not in values["producer"]


def test_common_facet_values_are_bitmaps_and_rare_ones_lists():
    common = list(range(0, 1000, 2))
    rare = [3, 500, 999]
    assert isinstance(index_module.document_set(common, 1000), str)
    assert decode_set(index_module.document_set(common, 1000)) == common
    assert index_module.document_set(rare, 1000) == [3, 497, 499]
    assert index_module.document_set([], 0) == []


ODD_TEXTS = ["", "   ", "Équipements sportifs équipement équiper", "vélo vélo vélo vélo vélo", "1 234,56 € – 31/12/2024",
             "<script>alert('x')</script> & \"guillemets\"", "Œuvres SŒUR cœur æther", "null None NaN", "l'eau d'été",
             "mot " * 500, "😀 \u2028 \x00 tab\tnew\nline", "2024-01-15T10:00:00", "un de la et"]


def plain_postings(documents):
    """The postings as their definition states them: a term's weight in a document is the sum over fields
    of the field's weight × its occurrences there (at most MAX_TF); each term lists its documents in
    order, delta-encoded, each with its weight."""
    numbers: dict[str, list[tuple[int, int]]] = {}
    for number, document in enumerate(documents):
        weights: dict[str, int] = {}
        for field, text in document.fields:
            found = terms(text)
            for term in dict.fromkeys(found):
                weights[term] = weights.get(term, 0) + index_module.FIELD_WEIGHTS.get(field, 1) * min(
                    found.count(term), index_module.MAX_TF)
        for term in sorted(weights):
            numbers.setdefault(term, []).append((number, weights[term]))
    return {term: [value for i, (number, weight) in enumerate(entries)
                   for value in (number - (entries[i - 1][0] if i else 0), weight)]
            for term, entries in numbers.items()}


def test_postings_follow_their_definition_on_odd_texts():
    fields = ("title", "keywords", "theme", "producer", "columns", "resources", "description", "unknown")
    documents = [index_module.SearchDocument(
        id=f"d{n}", fields=tuple((field, ODD_TEXTS[(n * 7 + k * 3) % len(ODD_TEXTS)] + (f" mot{n % 5}" if k % 2 else ""))
                                 for k, field in enumerate(fields)),
        facets={}, modified=None, card="") for n in range(60)]
    assert index_module.postings(documents) == plain_postings(documents)  # the order of terms is not part of it


def plain_facet_postings(documents, facets):
    """facet_postings as its definition states it: each value's documents, each document once, in order."""
    return [[index_module.document_set([n for n, d in enumerate(documents)
                                        if value.key in [v.key for v in d.facets.get(facet.key, ())]],
                                       len(documents)) for value, _ in facet.values]
            for facet in facets]


def test_facet_postings_follow_their_definition_with_one_several_repeated_or_no_values():
    from portalgen.search.facets import FacetSummary, FacetValue
    labels = ["", "Économie", "économie", "<b>x</b> & y", "1,5", "2024-01-15", "null", "😀", "mot " * 50]
    values = [FacetValue(f"k{i}", label) for i, label in enumerate(labels)]

    def facets_of(n):
        return {"one": (values[n % len(values)],),                       # a single value: the fast path
                "several": tuple(values[(n + k) % len(values)] for k in range(n % 4)),   # none to three
                "repeated": (values[n % 3], values[n % 3], values[(n + 1) % 3])}          # duplicates
    documents = [index_module.SearchDocument(id=f"d{n}", fields=(), facets=facets_of(n) if n % 11 else {},
                                             modified=None, card="") for n in range(200)]
    facets = [FacetSummary(key, key, tuple((v, 0) for v in values)) for key in ("one", "several", "repeated", "none")]
    assert index_module.facet_postings(documents, facets) == plain_facet_postings(documents, facets)


def plain_shards(lists):
    """The shards as their definition states them: a group of terms sharing a prefix is a shard when its text is at
    most SHARD_BYTES or its prefix has MAX_SHARD_KEY letters, else its terms as long as the prefix stay in it and
    the others are grouped by one more letter; each shard's file is its group written by _dumps."""
    shards = {}

    def place(prefix, group):
        if len(prefix) >= index_module.MAX_SHARD_KEY or len(index_module._dumps(group)) <= index_module.SHARD_BYTES:
            shards[prefix] = group
            return
        children = {}
        for term, entry in group.items():
            if len(term) == len(prefix):
                shards.setdefault(prefix, {})[term] = entry
            else:
                children.setdefault(term[: len(prefix) + 1], {})[term] = entry
        for child in sorted(children):
            place(child, children[child])

    first = {}
    for term in sorted(lists):
        first.setdefault(term[:index_module.FIRST_KEY], {})[term] = lists[term]
    for prefix in sorted(first):
        place(prefix, first[prefix])
    return {prefix: index_module._dumps(shards[prefix]) for prefix in sorted(shards)}


@pytest.mark.parametrize("shard_bytes", [40, 400, 12_000])
def test_shard_texts_follow_their_definition_whether_split_or_not(monkeypatch, shard_bytes):
    monkeypatch.setattr(index_module, "SHARD_BYTES", shard_bytes)
    words = ["ab", "abc", "abcd", "abcdef", "abcdefgh", "abcdefghij", "abd", "b", "ba", "bé", "😀x", "1", "12", "123"]
    lists = {word * (1 + n % 3) if n % 4 else word: [n, n % 7 + 1, 3, 2] * (n % 5 + 1)
             for n, word in enumerate(words * 3)}
    lists.update({f"abcdef{n}": [n, 1] for n in range(40)})  # a group that stays large at MAX_SHARD_KEY letters
    texts = index_module.shard_texts(lists)
    assert texts == plain_shards(lists)
    assert list(texts) == list(plain_shards(lists))


def test_facet_summaries_follow_their_definition_with_spellings_repeats_and_missing_facets():
    """summarise_facets counts equal values together before adding them up by key: the same counts and labels as
    counting each value of each dataset."""
    from collections import Counter

    from portalgen.search.facets import FACETS, FacetValue, summarise_facets
    spellings = [FacetValue("economie", "Économie"), FacetValue("economie", "économie"), FacetValue("vie", "<b>Vie</b>"),
                 FacetValue("x", "😀 x\x00"), FacetValue("2024", "2024"), FacetValue("unknown", "?"),
                 FacetValue("scdl", "SCDL"), FacetValue("yes", "Oui"), FacetValue("long", "mot " * 500)]
    per_dataset = [{facet: tuple(spellings[(n * (k + 2) + j) % len(spellings)] for j in range(n % 3))
                    for k, (facet, _) in enumerate(FACETS) if (n + k) % 5} for n in range(120)]
    summaries = summarise_facets(per_dataset, message=lambda key: key)
    for (facet, _), summary in zip(FACETS, summaries):
        values = [v for d in per_dataset for v in d.get(facet, ())]
        counts = Counter(v.key for v in values)
        assert dict((v.key, n) for v, n in summary.values) == counts
        for value, _ in summary.values:
            labels = Counter(v.label for v in values if v.key == value.key)
            assert value.label == min(labels.items(), key=lambda item: (-item[1], item[0]))[0]
