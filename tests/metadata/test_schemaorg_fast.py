"""dcat.schemaorg.dataset_script_json and catalogue_script_json (the JSON-LD blocks of the dataset and
catalogue pages, their site-wide members written once per site) are the texts of the general paths,
script_json(dataset_jsonld(...)) and script_json(catalogue_jsonld(...))."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from portalgen.dcat.schemaorg import (_distribution_member, _downloads, _member_texts, _script_safe, catalogue_jsonld,
                                      catalogue_script_json, dataset_jsonld, dataset_script_json, script_json)
from portalgen.enrich import enrich_site
from portalgen.pipeline import read_site
from tests.metadata.support import metadata_site

REPO = Path(__file__).resolve().parents[2]

ODD_DATASETS = {
    "datasets/injection.yml": """\
        title: "</script><script>alert('x')</script> & <b>co</b>"
        description: "Texte <em>HTML</em> & « guillemets » \\u2028 séparateur, </script> encore."
        producer: "Service <des> eaux & forêts — Ünïcödé"
        keywords: ["<b>", "é&è", "", "long mot-clé 🌳"]
        temporal: {start: 2019-01-01}
        resources:
          - url: https://example.org/a?b=1&c=<2>
            title: "Lien <distant> & co"
            format: pdf
        """,
    "datasets/minimal.yml": """\
        title: Vide
        description: "  "
        resources:
          - path: virgules.csv
            title: "x"
        """,
    "data/virgules.csv": "nom;montant;date\nÉcole « Jean »;1 234,56;31/12/2024\n;;\n<b>x</b>;-0,0;01/01/2025\n",
    "datasets/markdown.yml": """\
        title: Markdown
        description: |
          # Titre

          Un paragraphe avec un [lien](https://example.org) et du **gras**,
          puis une liste :

          - un
          - deux
        temporal: {end: 2024-12-31}
        modified: 2025-01-02
        issued: 2020-02-29
        resources:
          - path: virgules.csv
            title: Même fichier
        """,
}


def _sites(tmp_path: Path):
    odd = metadata_site(tmp_path / "odd", ODD_DATASETS)
    for root in (odd, REPO / "sample_site"):
        site, _ = read_site(root)
        site, _ = enrich_site(site, cache_dir=tmp_path / f"cache-{root.name}")
        yield site


def test_dataset_script_json_is_the_general_text(tmp_path):
    sites = list(_sites(tmp_path))
    for _ in range(2):  # sites in turn: the site-wide members are those of the site asked for
        for site in sites:
            assert site.datasets
            for dataset in site.datasets:
                assert dataset_script_json(site, dataset) == script_json(dataset_jsonld(site, dataset)), dataset.id


def test_catalogue_script_json_is_the_general_text(tmp_path):
    sites = list(_sites(tmp_path))
    for _ in range(2):  # sites in turn: the site-wide members are those of the site asked for
        for site in sites:
            datasets = tuple(site.datasets)
            for page in ((), datasets[:1], datasets, datasets[::-1]):
                assert catalogue_script_json(site, page) == script_json(catalogue_jsonld(site, page))


def test_distribution_member_is_the_general_text(tmp_path):
    """The DataDownload items written straight from the resources, also with no resource and with
    titles full of characters the JSON string encoder escapes."""
    odd_title = 'Fichier "cité"\t\x01\u2028 </script> & <b>\\ 🌳 ' + "long " * 400
    for site in _sites(tmp_path):
        for dataset in site.datasets:
            retitled = tuple(dataclasses.replace(r, title=odd_title) for r in dataset.resources)
            for variant in (dataset, dataclasses.replace(dataset, resources=()),
                            dataclasses.replace(dataset, resources=retitled)):
                expected = _member_texts({"distribution": _downloads(site, variant)})["distribution"]
                assert _distribution_member(site, variant) == expected, dataset.id


def test_script_safe_replaces_what_is_there():
    """_script_safe (each replacement made only when its character is there) against the three replacements."""
    import itertools
    pieces = ["", "a", "é", "–", "🌳", "<", ">", "&", "</script>", "\\u003c", "&amp;"]
    for parts in itertools.product(pieces, repeat=3):
        text = "".join(parts)
        assert _script_safe(text) == text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"), text
