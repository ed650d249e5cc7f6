"""The schema registry: known schemas, local schema files, URLs with an offline cache."""

from __future__ import annotations

import json
import urllib.error

import pytest
from frictionless import Schema

from portalgen.errors import PortalgenError
from portalgen.schemas import (cache_path_for, find_known_schema, known_schemas, load_descriptor,
                               resolve_schema)

EXPECTED_IDS = {
    "scdl/deliberations", "scdl/subventions", "scdl/equipements", "scdl/budget", "scdl/prenoms",
    "scdl/catalogue", "scdl/menus-collectifs", "scdl/plats-menus-collectifs", "atlasante/schema-dae",
    "etalab/schema-irve-statique", "etalab/schema-stationnement", "datagouv/schema-fontaine-eau",
    "etalab/schema-stationnement-cyclable",
}


def test_all_expected_schemas_are_known_with_metadata():
    schemas = known_schemas()
    assert {s.id for s in schemas} == EXPECTED_IDS
    for info in schemas:
        assert info.title and info.version and info.explanation
        assert info.explanation.endswith(".")
        assert info.url.startswith(f"https://schema.data.gouv.fr/schemas/{info.id}/{info.version}/")
        assert info.url.endswith(".json")
        assert info.source == "builtin"
    assert [s.id for s in known_schemas(scdl_only=True)][:2] == ["scdl/deliberations", "scdl/subventions"]
    assert "etalab/schema-stationnement" not in {s.id for s in known_schemas(scdl_only=True)}


def test_canonical_urls_use_schema_data_gouv_names():
    assert find_known_schema("subventions").url == \
        "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json"
    assert find_known_schema("irve-statique").url == \
        "https://schema.data.gouv.fr/schemas/etalab/schema-irve-statique/2.3.1/schema-statique.json"
    assert find_known_schema("dae").url == \
        "https://schema.data.gouv.fr/schemas/atlasante/schema-dae/1.0.7/schema.json"


@pytest.mark.parametrize("name, expected", [
    ("scdl/subventions", "scdl/subventions"),
    ("subventions", "scdl/subventions"),
    ("  SCDL/Deliberations ", "scdl/deliberations"),
    ("deliberations", "scdl/deliberations"),
    ("scdl/dae", "atlasante/schema-dae"),
    ("dae", "atlasante/schema-dae"),
    ("irve", "etalab/schema-irve-statique"),
    ("etalab/schema-irve-statique", "etalab/schema-irve-statique"),
    ("stationnement-cyclable", "etalab/schema-stationnement-cyclable"),
    ("fontaine-eau", "datagouv/schema-fontaine-eau"),
    ("https://schema.data.gouv.fr/schemas/scdl/budget/0.8.3/schema.json", "scdl/budget"),
])
def test_lookup_by_any_name(name, expected):
    assert find_known_schema(name).id == expected
    assert resolve_schema(name).id == expected


def test_descriptors_load_in_frictionless_and_are_fresh_copies():
    for info in known_schemas():
        descriptor = info.descriptor()
        schema = Schema.from_descriptor({k: v for k, v in descriptor.items() if k != "custom_checks"})
        assert len(schema.fields) == len(descriptor["fields"])
        descriptor["fields"].clear()
        assert info.descriptor()["fields"], "the registry must not be mutated through a descriptor"
    assert load_descriptor("subventions")["custom_checks"][0]["name"] == "french-siret-value"


def test_unknown_name_gives_a_hint():
    with pytest.raises(PortalgenError) as raised:
        resolve_schema("subvention", config_file="datasets/aides.yml", config_key="schema")
    [finding] = raised.value.findings
    assert finding.code == "schema-unknown"
    assert "did you mean subventions" in finding.hint
    assert str(finding.where) == "datasets/aides.yml"


def test_local_schema_file(tmp_path):
    (tmp_path / "schemas").mkdir()
    descriptor = {"title": "Arbres", "version": "v1.2", "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True}},
        {"name": "hauteur", "type": "number"}]}
    (tmp_path / "schemas" / "arbres.json").write_text(json.dumps(descriptor), encoding="utf-8")
    info = resolve_schema("schemas/arbres.json", site_dir=tmp_path)
    assert (info.id, info.title, info.version, info.source) == ("schemas/arbres.json", "Arbres", "1.2", "file")
    assert info.field_names == ("id", "hauteur")
    yaml_file = tmp_path / "schemas" / "bancs.yml"
    yaml_file.write_text("title: Bancs\nfields:\n  - name: id\n    type: string\n", encoding="utf-8")
    assert resolve_schema("schemas/bancs.yml", site_dir=tmp_path).field_names == ("id",)


@pytest.mark.parametrize("content, words", [
    ("{not json", "not valid JSON"),
    ('{"title": "x"}', "no 'fields' list"),
    ('{"fields": [{"type": "string"}]}', "field number 1 has no name"),
    ('{"fields": [{"name": "a"}, {"name": "a"}]}', "appears twice"),
])
def test_bad_local_schema_files(tmp_path, content, words):
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(PortalgenError) as raised:
        resolve_schema("bad.json", site_dir=tmp_path)
    assert words in raised.value.findings[0].message
    assert raised.value.findings[0].code == "schema-file-invalid"


def test_missing_local_schema_file(tmp_path):
    with pytest.raises(PortalgenError) as raised:
        resolve_schema("schemas/absent.json", site_dir=tmp_path)
    assert raised.value.findings[0].code == "schema-file-missing"
    assert "relative to the site folder" in raised.value.findings[0].hint


URL = "https://schemas.example.invalid/arbres/1.0/schema.json"
REMOTE = {"title": "Arbres remarquables", "version": "1.0",
          "fields": [{"name": "id", "type": "string"}, {"name": "espece", "type": "string"}]}


class FakeFetcher:
    """Serves a fixed body, records calls, never touches the network."""

    def __init__(self, body: bytes | None = None, failure: Exception | None = None):
        self.body, self.failure, self.calls = body, failure, []

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        if self.failure is not None:
            raise self.failure
        return self.body


def test_url_schema_is_fetched_once_then_read_from_cache(tmp_path):
    cache = tmp_path / "cache"
    fetch = FakeFetcher(json.dumps(REMOTE).encode("utf-8"))
    first = resolve_schema(URL, cache_dir=cache, fetch=fetch)
    assert fetch.calls == [URL]
    assert (first.id, first.title, first.url, first.source) == (URL, "Arbres remarquables", URL, "url")
    cached = cache_path_for(URL, cache)
    assert cached.is_file() and cached.parent == cache
    offline = FakeFetcher(failure=urllib.error.URLError("no network"))
    second = resolve_schema(URL, cache_dir=cache, fetch=offline)
    assert offline.calls == []
    assert second.descriptor() == first.descriptor()


def test_url_schema_offline_and_not_cached_is_a_clear_error(tmp_path):
    offline = FakeFetcher(failure=urllib.error.URLError("Name or service not known"))
    with pytest.raises(PortalgenError) as raised:
        resolve_schema(URL, cache_dir=tmp_path / "cache", fetch=offline, config_file="datasets/arbres.yml")
    finding = raised.value.findings[0]
    assert finding.code == "schema-download-failed"
    assert URL in finding.message and "not in the schema cache" in finding.message
    assert "internet connection" in finding.hint
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_url_returning_a_web_page_is_not_cached(tmp_path):
    fetch = FakeFetcher(b"<html>not a schema</html>")
    with pytest.raises(PortalgenError) as raised:
        resolve_schema(URL, cache_dir=tmp_path / "cache", fetch=fetch)
    assert raised.value.findings[0].code == "schema-url-invalid"
    assert not cache_path_for(URL, tmp_path / "cache").exists()


def test_known_canonical_url_needs_no_fetch(tmp_path):
    fetch = FakeFetcher(failure=AssertionError("must not be called"))
    info = resolve_schema(find_known_schema("prenoms").url, cache_dir=tmp_path, fetch=fetch)
    assert info.id == "scdl/prenoms" and fetch.calls == []
