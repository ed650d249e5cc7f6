"""Compare with the official SCDL reference material in ../shared/reference/scdl (skipped when absent).

* Our definitions have the same fields, types, required flags and constraints as the
  official schema.json files.
* Every official example validates as expected-validation.json says. We run the schemas'
  custom checks like the SCDL validator (validata) does, so our counts are compared with
  its results; frictionless-only counts are compared too.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import pytest

from portalgen.schemas import find_known_schema, known_schemas, resolve_schema, validate_table

from .support import REFERENCE, reference_dir

FOLDERS = {
    "scdl/deliberations": "deliberations", "scdl/subventions": "subventions",
    "scdl/equipements": "equipements", "scdl/budget": "budget", "scdl/prenoms": "prenoms",
    "scdl/catalogue": "catalogue", "scdl/menus-collectifs": "menus-collectifs",
    "scdl/plats-menus-collectifs": "plats-menus-collectifs", "atlasante/schema-dae": "dae",
    "etalab/schema-irve-statique": "irve-statique", "etalab/schema-stationnement": "stationnement",
    "datagouv/schema-fontaine-eau": "fontaine-eau",
    "etalab/schema-stationnement-cyclable": "stationnement-cyclable",
}
# The IRVE file says "v2.3.0" although schema.data.gouv.fr publishes it as 2.3.1 (see README).
VERSION_EXCEPTIONS = {"etalab/schema-irve-statique": ("2.3.0", "2.3.1")}
CUSTOM_KINDS = {"french-siret-value", "french-siren-value", "compare-columns-value",
                "sum-columns-value", "cohesive-columns-value", "year-interval-value"}


def _official(schema_id: str) -> dict:
    path = reference_dir() / FOLDERS[schema_id] / "schema.json"
    if not path.is_file():
        pytest.skip(f"{path} not available")
    return json.loads(path.read_text(encoding="utf-8"))


def _number(value):
    return float(value) if isinstance(value, (int, float, str)) and str(value).lstrip("-").replace(".", "", 1).isdigit() else value


def _comparable_field(field: dict) -> dict:
    constraints = dict(field.get("constraints") or {})
    if not constraints.get("required"):
        constraints.pop("required", None)
    for key in ("minimum", "maximum"):
        if key in constraints:
            constraints[key] = _number(constraints[key])
    item = field.get("arrayItem")
    item_constraints = dict((item or {}).get("constraints") or {})
    return {
        "name": field["name"],
        "type": field.get("type", "string"),
        "format": None if field.get("format") in (None, "default") else field["format"],
        "constraints": constraints,
        "trueValues": field.get("trueValues"),
        "falseValues": field.get("falseValues"),
        "arrayItem": None if item is None else (item.get("type"), item_constraints),
    }


@pytest.mark.parametrize("schema_id", sorted(FOLDERS))
def test_definition_matches_official_schema(schema_id):
    official = _official(schema_id)
    ours = find_known_schema(schema_id).descriptor()
    assert [f["name"] for f in ours["fields"]] == [f["name"] for f in official["fields"]]
    for mine, theirs in zip(ours["fields"], official["fields"]):
        assert _comparable_field(mine) == _comparable_field(theirs), mine["name"]
    assert ours.get("custom_checks", []) == (official.get("custom_checks") or [])
    primary = official.get("primaryKey")
    assert ours.get("primaryKey") == ([primary] if isinstance(primary, str) else primary)
    assert ours.get("missingValues", [""]) == official.get("missingValues", [""])
    official_version = str(official["version"]).removeprefix("v")
    expected = VERSION_EXCEPTIONS.get(schema_id, (official_version, official_version))
    assert (official_version, ours["version"]) == expected


def test_all_reference_folders_are_covered():
    folders = {p.name for p in reference_dir().iterdir() if p.is_dir()}
    assert folders == set(FOLDERS.values())
    assert {s.id for s in known_schemas()} == set(FOLDERS)


def _expected_files() -> list[str]:
    path = REFERENCE / "expected-validation.json"
    if not path.is_file():
        return []
    files = json.loads(path.read_text(encoding="utf-8"))["files"]
    return sorted(name for name in files if name.endswith(".csv"))


def _expectation(name: str) -> dict:
    data = json.loads((reference_dir() / "expected-validation.json").read_text(encoding="utf-8"))
    expected = data["files"][name]
    path = reference_dir() / name
    if not path.is_file():
        pytest.skip(f"{name} not available")
    if hashlib.sha256(path.read_bytes()).hexdigest() != expected["sha256"]:
        pytest.skip(f"{name} differs from the version the expectations were computed on")
    return expected


def _as_validata_counts(counts: dict[str, int]) -> Counter:
    result: Counter = Counter()
    for kind, count in counts.items():
        result["custom-check-error" if kind in CUSTOM_KINDS else kind] += count
    return result


@pytest.mark.parametrize("name", _expected_files() or ["(reference absent)"])
def test_official_example_validates_as_expected(name):
    if name == "(reference absent)":
        pytest.skip("../shared/reference not available")
    expected = _expectation(name)
    folder = name.split("/")[0]
    schema_id = next(sid for sid, f in FOLDERS.items() if f == folder)
    for schema in (find_known_schema(schema_id),
                   resolve_schema("schema.json", site_dir=reference_dir() / folder)):
        report = validate_table(reference_dir() / name, schema)
        validata = expected["validata"]
        assert report.status == ("conforme" if validata["valid"] else "non conforme")
        assert report.rows_checked == expected["frictionless"]["rows"]
        assert report.total_errors == validata["errors"]
        assert _as_validata_counts(report.counts) == Counter(validata["by_type"])
        frictionless_only = {k: v for k, v in report.counts.items()
                             if k not in CUSTOM_KINDS and k != "one-of-required"}
        expected_frictionless = dict(expected["frictionless"]["by_type"])
        # frictionless matches columns by position and counts a missing optional column
        # as an error; we match by name and only warn (as validata does).
        if "incorrect-label" not in expected_frictionless:
            optional_missing = sum(1 for w in report.warnings if w.kind == "missing-optional-column")
            if optional_missing:
                expected_frictionless["missing-label"] -= optional_missing
                if not expected_frictionless["missing-label"]:
                    del expected_frictionless["missing-label"]
            assert frictionless_only == expected_frictionless


def test_subventions_invalid_example_errors_in_detail():
    reference_dir()
    _expectation("subventions/exemple-invalide.csv")
    report = validate_table(REFERENCE / "subventions" / "exemple-invalide.csv", find_known_schema("subventions"))
    messages = [issue.message for issue in report.errors]
    assert "ligne 5, colonne dateConvention : « 05/12/2016 » n'est pas une date au format AAAA-MM-JJ" in messages
    assert ("ligne 6, colonne montant : « 100000,1 » n'est pas un nombre "
            "(point comme séparateur décimal, sans espace ni symbole)") in messages
    assert "ligne 10, colonne montant : valeur obligatoire manquante" in messages
    assert any(m.startswith("ligne 16, colonne nature : « aide en numéraire,aide en nature » ne fait pas "
                            "partie des valeurs autorisées : aide en numéraire, aide en nature, ")
               for m in messages)
    assert ("ligne 12, colonne rnaBeneficiaire : « W12455 » ne respecte pas le format attendu "
            "(la lettre W suivie de 9 chiffres)") in messages
    assert [w.column for w in report.warnings] == ["dispositifAide"]
