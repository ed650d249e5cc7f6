"""Sanity tests of the sample site's files (sample_site/): formats, consistency, SCDL validity.

These tests read the committed files only; they do not build the site. The SCDL validations
need the official schemas in ../shared/reference/scdl and are skipped when it is absent.

The sample is kept up to date as of ``TODAY`` (26 November 2026): every yearly series runs to 2025 or 2026,
and no dataset is overdue for its declared update frequency on that day.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
import math
import re
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / "sample_site"
DATA = SITE / "data"
SCDL = Path(__file__).parents[1] / ".." / "shared" / "reference" / "scdl"

FREQUENCIES = {"continuous", "daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "biennial",
               "irregular", "never", "unknown"}
REUSE_TYPES = {"application", "visualisation", "article", "api", "service"}
CENTRE = (47.4872, 1.5833)
TODAY = dt.date(2026, 11, 26)          # the day the sample portal is meant to be up to date at
LAST_UPDATE = dt.date(2026, 11, 20)    # no dataset was modified after this day
# Longest gap between two updates for each frequency, as data.gouv.fr counts it, plus one day of grace.
UPDATE_PERIODS = {"daily": 1, "weekly": 7, "monthly": 31, "quarterly": 365 / 4, "semiannual": 365, "annual": 365,
                  "biennial": 730}
MAX_SITE_BYTES = 2 * 1024 * 1024      # the sample's sources stay small...
BUILD_OUTPUTS = {"_site", ".portalgen-cache", "__pycache__"}  # ...not counting what a build writes beside them

# data file -> schema folder in ../shared/reference/scdl
DELIBERATIONS = "deliberations-2022-2026.csv"
BUDGET = "budget-2021-2026.csv"
MENUS = "menus-cantine-2026-sept-nov.csv"
SCDL_FILES = {
    DELIBERATIONS: "deliberations",
    "equipements-publics.csv": "equipements",
    BUDGET: "budget",
    "prenoms-2015-2025.csv": "prenoms",
    MENUS: "menus-collectifs",
    "stationnement-velo.csv": "stationnement-cyclable",
    "fontaines-eau-potable.csv": "fontaine-eau",
}
SUBVENTIONS = "subventions-2019-2026.csv"
SUBVENTIONS_FIELDS = ["nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire",
                      "idBeneficiaire", "rnaBeneficiaire", "objet", "montant", "nature", "conditionsVersement",
                      "datesPeriodeVersement", "idRAE", "notificationUE", "pourcentageSubvention", "dispositifAide"]


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------

def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def read_csv(name: str, encoding: str = "utf-8", delimiter: str = ",") -> list[dict[str, str]]:
    text = (DATA / name).read_bytes().decode(encoding)
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    assert match, f"{path.name}: no front matter between '---' lines"
    return yaml.safe_load(match.group(1)), match.group(2)


def dataset_files() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((SITE / "datasets").glob("*.yml"))}


def freshness_problems(d: dict) -> list[str]:
    """Why the dataset ``d`` (a parsed datasets/*.yml) would look neglected on ``TODAY``."""
    problems = []
    modified, temporal = d["modified"], d["temporal"]
    if modified.year != TODAY.year:
        problems.append(f"modified {modified} is not in {TODAY.year}")
    if modified > LAST_UPDATE:
        problems.append(f"modified {modified} is after {LAST_UPDATE}")
    if temporal["end"].year > TODAY.year:
        problems.append(f"the period covered ends after {TODAY.year}")
    if temporal["start"] > modified:
        problems.append("the period covered starts after the last update")
    period = UPDATE_PERIODS.get(d["frequency"])
    if period is not None:
        due = modified + dt.timedelta(days=period)
        if due + dt.timedelta(days=1) < TODAY:
            problems.append(f"the next {d['frequency']} update was due {due.isoformat()}")
    if d["frequency"] == "monthly" and (modified.year, modified.month) != (TODAY.year, TODAY.month):
        problems.append(f"a monthly dataset modified on {modified}, not in the month of {TODAY:%Y-%m}")
    return problems


def office_export_problems(data: bytes) -> list[str]:
    """What keeps ``data`` from being a French office-software CSV export of the subventions."""
    problems = []
    try:
        data.decode("utf-8")
        problems.append("the file decodes as UTF-8 (expected Windows-1252 with accents)")
    except UnicodeDecodeError:
        pass
    if not any(0x80 <= b <= 0x9F for b in data):
        problems.append("no Windows-1252-only character (’ œ € …): the file could be plain Latin-1")
    text = data.decode("cp1252", errors="replace")
    if "\r\n" not in text:
        problems.append("no Windows line ends")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    if not rows or rows[0] != SUBVENTIONS_FIELDS:
        problems.append("the header is not the SCDL field list separated by ';'")
        return problems
    for number, row in enumerate(rows[1:], start=2):
        record = dict(zip(rows[0], row))
        if not re.fullmatch(r"\d+,\d{2}", record.get("montant", "")):
            problems.append(f"row {number}: montant {record.get('montant')!r} has no decimal comma")
        if not re.fullmatch(r"\d{2}/\d{2}/\d{4}", record.get("dateConvention", "")):
            problems.append(f"row {number}: dateConvention {record.get('dateConvention')!r} is not dd/mm/yyyy")
    return problems


def subventions_as_scdl(data: bytes) -> str:
    """The office export converted to what the SCDL schema expects: UTF-8, comma, ISO dates, dot decimals."""
    rows = list(csv.reader(io.StringIO(data.decode("cp1252"), newline=""), delimiter=";"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        record = dict(zip(rows[0], row))
        day, month, year = record["dateConvention"].split("/")
        record["dateConvention"] = f"{year}-{month}-{day}"
        for key in ("montant", "pourcentageSubvention"):
            record[key] = record[key].replace(",", ".")
        writer.writerow([record[k] for k in rows[0]])
    return out.getvalue()


def load_generator():
    spec = importlib.util.spec_from_file_location("sample_site_generate_data", SITE / "tools" / "generate_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def frictionless_errors(folder: Path, name: str, schema_folder: str) -> list[list]:
    frictionless = pytest.importorskip("frictionless")
    descriptor = json.loads((SCDL / schema_folder / "schema.json").read_text(encoding="utf-8"))
    resource = frictionless.Resource(path=name, basepath=str(folder),
                                     schema=frictionless.Schema.from_descriptor(descriptor))
    return resource.validate().flatten(["rowNumber", "fieldName", "type", "note"])


def require_scdl() -> None:
    if not (SCDL / "subventions" / "schema.json").is_file():
        pytest.skip("../shared/reference not available")


# ----------------------------------------------------------------------------------------------
# files and configuration
# ----------------------------------------------------------------------------------------------

def test_expected_files_exist():
    expected = ["portal.yml", "tools/generate_data.py", "pages/a-propos.md", "pages/mentions-donnees.md",
                "data/" + SUBVENTIONS, "data/frequentation-mediatheque-2019-2026.xlsx",
                "data/amenagements-cyclables.geojson", "data/consommations-energie-batiments-2021-2026.csv",
                *("data/" + name for name in SCDL_FILES)]
    missing = [name for name in expected if not (SITE / name).is_file()]
    assert not missing
    assert len(list((SITE / "datasets").glob("*.yml"))) >= 10
    assert 3 <= len(list((SITE / "news").glob("*.md"))) <= 6
    assert 2 <= len(list((SITE / "reuses").glob("*.md"))) <= 3


def test_portal_yml_describes_a_consistent_commune():
    portal = yaml.safe_load((SITE / "portal.yml").read_text(encoding="utf-8"))
    commune = portal["commune"]
    assert isinstance(commune["insee"], str) and re.fullmatch(r"\d{5}", commune["insee"])
    siret = commune["siret"]
    assert isinstance(siret, str) and re.fullmatch(r"\d{14}", siret)
    assert luhn_ok(siret) and luhn_ok(siret[:9])
    # A commune's SIREN is 21 + department + 0 + commune number + key.
    assert siret[:8] == "21" + commune["insee"][:2] + "0" + commune["insee"][2:]
    assert 3500 <= commune["population"] <= 4500
    assert 47.1 < commune["latitude"] < 48.2 and 0.5 < commune["longitude"] < 2.3  # Loir-et-Cher
    assert portal["licence"] == "lov2" and portal["language"] == "fr"
    assert portal["site_url"].startswith("https://") and portal["site_url"].endswith("/")
    assert commune["name"] in portal["title"] and commune["name"] in portal["publisher"]["address"]
    for link in portal["navigation"]:
        assert link["title"] and link["url"]


def test_every_dataset_file_parses_and_follows_the_contract():
    datasets = dataset_files()
    assert len(datasets) >= 10
    for dataset_id, d in datasets.items():
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", dataset_id)
        assert d["title"] and d["resources"], dataset_id
        sentences = [s for s in re.split(r"[.!?…](?:\s|$)", d["description"]) if s.strip()]
        assert len(sentences) >= 3, f"{dataset_id}: the description needs 3 sentences or more"
        assert d["frequency"] in FREQUENCIES, dataset_id
        assert d["licence"] in {"lov2", "odc-odbl"}, dataset_id
        assert isinstance(d["keywords"], list) and d["keywords"], dataset_id
        assert isinstance(d["issued"], dt.date) and isinstance(d["modified"], dt.date), dataset_id
        assert d["issued"] <= d["modified"] <= LAST_UPDATE, dataset_id
        if "temporal" in d:
            assert d["temporal"]["start"] <= d["temporal"]["end"], dataset_id


def test_every_dataset_is_up_to_date_on_the_reference_day():
    for dataset_id, d in dataset_files().items():
        assert freshness_problems(d) == [], dataset_id


@pytest.mark.parametrize("change, expected", [
    ({"frequency": "annual", "modified": dt.date(2025, 2, 10)}, "was due 2026-02-10"),
    ({"frequency": "monthly", "modified": dt.date(2026, 10, 20)}, "was due"),
    ({"frequency": "monthly", "modified": dt.date(2026, 10, 30)}, "not in the month of 2026-11"),
    ({"frequency": "irregular", "modified": dt.date(2025, 6, 1)}, "not in 2026"),
    ({"modified": dt.date(2026, 11, 25)}, "after 2026-11-20"),
    ({"temporal": {"start": dt.date(2026, 1, 1), "end": dt.date(2027, 12, 31)}}, "ends after 2026"),
    ({"temporal": {"start": dt.date(2026, 12, 1), "end": dt.date(2026, 12, 31)}}, "starts after"),
])
def test_freshness_check_notices_each_problem(change, expected):
    good = {"frequency": "annual", "issued": dt.date(2020, 1, 1), "modified": dt.date(2026, 4, 16),
            "temporal": {"start": dt.date(2021, 1, 1), "end": dt.date(2026, 12, 31)}}
    assert freshness_problems(good) == []
    problems = freshness_problems({**good, **change})
    assert any(expected in p for p in problems), problems


def test_sample_site_stays_small():
    sizes = [p.stat().st_size for p in SITE.rglob("*") if p.is_file()
             and not BUILD_OUTPUTS & set(p.relative_to(SITE).parts)]
    assert sum(sizes) < MAX_SITE_BYTES


def test_every_resource_path_exists():
    for dataset_id, d in dataset_files().items():
        for resource in d["resources"]:
            assert ("path" in resource) != ("url" in resource), dataset_id
            if "path" in resource:
                assert (DATA / resource["path"]).is_file(), f"{dataset_id}: {resource['path']} missing"
            else:
                assert resource["url"].startswith("https://www.saint-aubin-sur-lerette.fr/")
                assert resource["format"] == "pdf"


def test_every_data_file_belongs_to_a_dataset():
    used = {r["path"] for d in dataset_files().values() for r in d["resources"] if "path" in r}
    assert used == {p.name for p in DATA.iterdir()}


def test_schema_ids_of_the_datasets():
    schemas = {i: d.get("schema") for i, d in dataset_files().items()}
    assert schemas["subventions"] == "scdl/subventions"
    assert schemas["deliberations"] == "scdl/deliberations"
    assert schemas["menus-cantine"] == "scdl/menus-collectifs"
    assert schemas["stationnement-velo"] == "etalab/schema-stationnement-cyclable"
    assert schemas["consommations-energie"] is None


def test_xlsx_dataset_declares_its_header_row():
    d = dataset_files()["frequentation-mediatheque"]
    assert d["resources"][0]["read"] == {"header_row": 2}


def test_news_reuses_and_pages_front_matter():
    ids = set(dataset_files())
    upcoming = []
    for path in sorted((SITE / "news").glob("*.md")):
        meta, body = front_matter(path)
        assert {"title", "date", "author", "tags", "datasets"} <= set(meta), path.name
        assert set(meta) <= {"title", "date", "author", "tags", "datasets", "event", "place"}, path.name
        assert isinstance(meta["date"], dt.date) and isinstance(meta["tags"], list)
        assert set(meta["datasets"]) <= ids, path.name
        assert body.count("\n\n") >= 2, f"{path.name}: a few paragraphs expected"
        if meta["date"] > TODAY:
            upcoming.append(meta)
        else:
            assert "event" not in meta and "place" not in meta, f"{path.name}: only an upcoming event has a place"
    assert [m["date"].year for m in upcoming] == [2027], "one news item is an upcoming event in 2027"
    assert upcoming[0]["event"] is True and "Médiathèque" in upcoming[0]["place"]
    for path in sorted((SITE / "reuses").glob("*.md")):
        meta, body = front_matter(path)
        assert {"title", "type", "author", "url", "datasets", "date"} <= set(meta), path.name
        assert meta["type"] in REUSE_TYPES and meta["url"].startswith("https://")
        assert set(meta["datasets"]) <= ids and body.strip()
    for path in sorted((SITE / "pages").glob("*.md")):
        meta, body = front_matter(path)
        assert meta["title"] and meta["nav"] is True and body.strip()


# ----------------------------------------------------------------------------------------------
# the French office export (subventions)
# ----------------------------------------------------------------------------------------------

def test_subventions_is_a_windows_1252_semicolon_decimal_comma_export():
    data = (DATA / SUBVENTIONS).read_bytes()
    assert office_export_problems(data) == []
    text = data.decode("cp1252")
    assert "Œnophiles" in text and "’" in text and "€" in text and "é" in text
    assert '"aide en numéraire;aide en nature"' in text  # a quoted field holding the separator


@pytest.mark.parametrize("damage, expected", [
    (lambda t: t.encode("utf-8"), "decodes as UTF-8"),
    (lambda t: t.replace("’", "'").replace("Œ", "OE").replace("€", "EUR").replace("–", "-")
     .replace("«", '"').replace("»", '"').encode("latin-1"), "plain Latin-1"),
    (lambda t: t.replace("\r\n", "\n").encode("cp1252"), "no Windows line ends"),
    (lambda t: t.replace(";", ",").encode("cp1252"), "header is not"),
    (lambda t: re.sub(r";(\d+),(\d\d);", r";\1.\2;", t, count=1).encode("cp1252"), "no decimal comma"),
    (lambda t: re.sub(r"(\d\d)/(\d\d)/(\d{4})", r"\3-\2-\1", t, count=1).encode("cp1252"), "not dd/mm/yyyy"),
])
def test_office_export_check_notices_each_difference(damage, expected):
    text = (DATA / SUBVENTIONS).read_bytes().decode("cp1252")
    problems = office_export_problems(damage(text))
    assert any(expected in p for p in problems), problems


def test_subventions_beneficiaries_are_identified_legal_persons():
    rows = read_csv(SUBVENTIONS, "cp1252", ";")
    assert len(rows) > 100
    for number, row in enumerate(rows, start=2):
        assert row["idBeneficiaire"] or row["rnaBeneficiaire"], number
        if row["idBeneficiaire"]:
            assert luhn_ok(row["idBeneficiaire"]) and luhn_ok(row["idBeneficiaire"][:9]), number
        if row["rnaBeneficiaire"]:
            assert re.fullmatch(r"W41\d{7}", row["rnaBeneficiaire"]), number
        assert luhn_ok(row["idAttribuant"])
    names = {row["nomBeneficiaire"] for row in rows}
    assert len(names) >= 20


def test_subventions_refer_to_published_deliberations():
    delibs = {row["DELIB_ID"]: row for row in read_csv(DELIBERATIONS)}
    for row in read_csv(SUBVENTIONS, "cp1252", ";"):
        day, month, year = row["dateConvention"].split("/")
        if int(year) >= 2022:
            delib = delibs[row["referenceDecision"]]
            assert delib["DELIB_DATE"] == f"{year}-{month}-{day}"
            assert delib["DELIB_MATIERE_CODE"] == "7.5"


# ----------------------------------------------------------------------------------------------
# checks the SCDL schemas declare as custom checks (frictionless does not run them)
# ----------------------------------------------------------------------------------------------

def test_every_siret_column_passes_the_luhn_check():
    columns = {DELIBERATIONS: ["COLL_SIRET"], "equipements-publics.csv": ["COLL_SIRET"], BUDGET: ["BGT_SIRET"],
               MENUS: ["menuCollSiret", "menuEtablissementSiret"]}
    for name, fields in columns.items():
        for row in read_csv(name):
            for field in fields:
                assert luhn_ok(row[field]), (name, field, row[field])


def test_deliberation_votes_and_dates_are_coherent():
    rows = read_csv(DELIBERATIONS)
    assert 160 <= len(rows) <= 220
    assert len({row["DELIB_ID"] for row in rows}) == len(rows)
    for row in rows:
        effectif, reel = int(row["VOTE_EFFECTIF"]), int(row["VOTE_REEL"])
        votes = int(row["VOTE_POUR"]) + int(row["VOTE_CONTRE"]) + int(row["VOTE_ABSTENTION"])
        assert effectif >= reel == votes, row["DELIB_ID"]
        assert row["PREF_DATE"] >= row["DELIB_DATE"], row["DELIB_ID"]
        assert bool(row["BUDGET_ANNEE"]) == bool(row["BUDGET_NOM"]), row["DELIB_ID"]
        assert row["DELIB_URL"].startswith("https://www.saint-aubin-sur-lerette.fr/deliberations/")
        assert row["DELIB_URL"].endswith(f"/{row['DELIB_ID']}.pdf")
    years = {row["DELIB_DATE"][:4] for row in rows}
    assert years == {"2022", "2023", "2024", "2025", "2026"}
    assert max(row["DELIB_DATE"] for row in rows) <= "2026-10-31"  # published up to the October 2026 session
    assert max(row["PREF_DATE"] for row in rows) <= LAST_UPDATE.isoformat()
    for year in sorted(years):
        numbers = [int(row["DELIB_ID"].split("-")[2]) for row in rows if row["DELIB_DATE"].startswith(year)]
        assert numbers == list(range(1, len(numbers) + 1)), f"{year}: numbered in order from 1"
    budgets = {row["BUDGET_ANNEE"]: row["DELIB_DATE"] for row in rows
               if row["DELIB_OBJET"].startswith("Vote du budget primitif") and "principal" in row["DELIB_OBJET"]}
    assert sorted(budgets) == ["2022", "2023", "2024", "2025", "2026"]
    assert budgets["2026"] == "2026-04-09"  # after the municipal elections of March 2026


def test_published_deliberation_pdfs_are_in_the_register():
    rows = {row["DELIB_ID"].lower(): row for row in read_csv(DELIBERATIONS)}
    pdfs = sorted(DATA.glob("*.pdf"))
    assert len(pdfs) == 2
    for path in pdfs:
        row = rows[path.stem]
        assert row["DELIB_DATE"].startswith("2026"), path.name
        assert row["DELIB_ID"].encode() in path.read_bytes(), path.name


def test_budget_primitif_is_balanced_per_section():
    totals: dict[tuple[str, str, str], float] = {}
    rows = read_csv(BUDGET)
    for row in rows:
        if row["BGT_NATDEC"] == "budget primitif":
            key = (row["BGT_ANNEE"], row["BGT_SECTION"], row["BGT_CODRD"])
            totals[key] = totals.get(key, 0.0) + float(row["BGT_CREDOUV"])
    years = {k[0] for k in totals}
    assert years == {"2021", "2022", "2023", "2024", "2025", "2026"}
    # the compte administratif 2026 is only voted in 2027
    assert {row["BGT_ANNEE"] for row in rows if row["BGT_NATDEC"] == "compte administratif"} == years - {"2026"}
    for year in years:
        for section in ("fonctionnement", "investissement"):
            assert totals[(year, section, "dépense")] == pytest.approx(totals[(year, section, "recette")], abs=0.01)


def grants_by_year() -> dict[str, dict[str, float]]:
    """Per year, the grant to the CCAS and the total of the other grants of the subventions file."""
    totals: dict[str, dict[str, float]] = {}
    for row in read_csv(SUBVENTIONS, "cp1252", ";"):
        kind = "657362" if "(CCAS)" in row["nomBeneficiaire"] else "6574"
        year = totals.setdefault(row["dateConvention"][-4:], {"657362": 0.0, "6574": 0.0})
        year[kind] += float(row["montant"].replace(",", "."))
    return totals


def test_subsidy_totals_match_the_budget_lines():
    grants = grants_by_year()
    assert sorted(grants) == [str(y) for y in range(2019, 2027)]
    budget = {(row["BGT_NATDEC"], row["BGT_ANNEE"], row["BGT_NATURE"]): row for row in read_csv(BUDGET)
              if row["BGT_NATURE"] in ("657362", "6574")}
    years = sorted({key[1] for key in budget})
    assert years == ["2021", "2022", "2023", "2024", "2025", "2026"]
    for year in years:
        voted = {nature: float(budget[("budget primitif", year, nature)]["BGT_CREDOUV"]) for nature in grants[year]}
        assert voted["657362"] == pytest.approx(grants[year]["657362"]), year  # the CCAS grant is budgeted exactly
        assert voted["6574"] >= grants[year]["6574"], year
        if year != "2026":
            for nature, amount in grants[year].items():
                paid = float(budget[("compte administratif", year, nature)]["BGT_MTREAL"])
                assert paid == pytest.approx(amount, abs=0.005), (year, nature)


# ----------------------------------------------------------------------------------------------
# geography and other formats
# ----------------------------------------------------------------------------------------------

def near_centre(lat: float, lon: float, km: float = 5.0) -> bool:
    dy = (lat - CENTRE[0]) * 111.2
    dx = (lon - CENTRE[1]) * 111.3 * math.cos(math.radians(CENTRE[0]))
    return math.hypot(dx, dy) <= km


def test_points_lie_within_the_commune():
    for row in read_csv("equipements-publics.csv"):
        assert near_centre(float(row["EQUIP_LAT"]), float(row["EQUIP_LONG"])), row["EQUIP_NOM"]
        assert row["EQUIP_UID"].startswith("41298-") and row["ADR_CODEPOSTAL"] == "41250"
        assert not row["EQUIP_TEL"] or re.fullmatch(r"\+33 \d{9}", row["EQUIP_TEL"])
    for row in read_csv("stationnement-velo.csv"):
        lon, lat = json.loads(row["coordonneesxy"])
        assert near_centre(lat, lon), row["id_local"]
    for row in read_csv("fontaines-eau-potable.csv"):
        assert near_centre(float(row["latitude"]), float(row["longitude"])), row["id"]
    assert len(read_csv("equipements-publics.csv")) >= 35


def test_geojson_is_a_collection_of_cycle_paths_with_true_lengths():
    collection = json.loads((DATA / "amenagements-cyclables.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) >= 5
    for feature in collection["features"]:
        geometry = feature["geometry"]
        assert geometry["type"] == "LineString" and len(geometry["coordinates"]) >= 2
        length = 0.0
        for (lon1, lat1), (lon2, lat2) in zip(geometry["coordinates"], geometry["coordinates"][1:]):
            assert near_centre(lat1, lon1) and near_centre(lat2, lon2)
            dy = (lat2 - lat1) * 111_200
            dx = (lon2 - lon1) * 111_320 * math.cos(math.radians(lat1))
            length += math.hypot(dx, dy)
        assert feature["properties"]["longueur_m"] == pytest.approx(length, rel=0.01)


def test_xlsx_has_a_title_row_above_the_header():
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(DATA / "frequentation-mediatheque-2019-2026.xlsx", read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Fréquentation de la médiathèque") and rows[0][1:] == (None,) * 5
    assert rows[1] == ("Mois", "Entrées", "Prêts de documents", "Nouvelles inscriptions", "Animations",
                       "Participants aux animations")
    assert len(rows) == 2 + 6 * 12 + 12 + 10  # January 2019 to October 2026
    assert rows[2][0] == dt.datetime(2019, 1, 1) and rows[-1][0] == dt.datetime(2026, 10, 1)
    assert [r[0] for r in rows[2:]] == sorted(r[0] for r in rows[2:])
    assert all(isinstance(v, int) and v >= 0 for row in rows[2:] for v in row[1:])


def test_energy_csv_is_plain_utf8_with_dot_decimals_and_iso_dates():
    raw = (DATA / "consommations-energie-batiments-2021-2026.csv").read_bytes()
    text = raw.decode("utf-8")
    assert "\r" not in text and text.startswith("batiment,code_batiment,energie,mois,date_releve")
    rows = read_csv("consommations-energie-batiments-2021-2026.csv")
    for row in rows:
        reading = dt.date.fromisoformat(row["date_releve"])
        assert re.fullmatch(r"20\d\d-\d\d", row["mois"])
        assert reading.isoformat()[:7] > row["mois"] and reading <= LAST_UPDATE
        assert int(row["consommation_kwh"]) >= 0 and re.fullmatch(r"\d+\.\d\d", row["cout_ttc_eur"])
    assert any(row["surface_m2"] == "" for row in rows)  # public lighting has no surface
    months = sorted({row["mois"] for row in rows})
    assert months[0] == "2021-01" and months[-1] == "2026-09" and len(months) == 5 * 12 + 9
    series = {(row["code_batiment"], row["energie"]) for row in rows}
    assert len(rows) == len(series) * len(months)  # every building and energy, every month


def test_menus_cover_the_school_days_published_so_far():
    rows = read_csv(MENUS)
    days = sorted({dt.date.fromisoformat(row["menuDate"]) for row in rows})
    assert days[0] == dt.date(2026, 9, 1) and days[-1] <= dt.date(2026, 11, 30)
    assert {d.weekday() for d in days} == {0, 1, 3, 4}  # no school on Wednesdays and at weekends
    assert not [d for d in days if dt.date(2026, 10, 17) <= d <= dt.date(2026, 11, 1)]  # Toussaint holidays
    for row in rows:
        published = dt.datetime.fromisoformat(row["menuPublicationDate"].replace("Z", "+00:00")).date()
        assert published < dt.date.fromisoformat(row["menuDate"]) and published <= LAST_UPDATE
        if row["menuModificationDate"]:
            assert row["menuPublicationDate"] < row["menuModificationDate"] < row["menuDate"] + "T"
    assert any(row["menuModificationInfo"] for row in rows)


def test_pdfs_are_well_formed():
    for path in sorted(DATA.glob("*.pdf")):
        data = path.read_bytes()
        assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF"), path.name
        offset = int(re.search(rb"startxref\n(\d+)\n", data).group(1))
        assert data[offset:offset + 4] == b"xref", path.name
        for number, position in enumerate(re.findall(rb"(\d{10}) 00000 n", data), start=1):
            assert data[int(position):].startswith(f"{number} 0 obj".encode()), path.name


def test_generator_reproduces_the_committed_files(tmp_path):
    generator = load_generator()
    written = generator.generate(tmp_path)
    assert {p.name for p in written} == {p.name for p in DATA.iterdir()}
    for path in written:
        assert path.read_bytes() == (DATA / path.name).read_bytes(), f"{path.name} differs: rerun the generator"


# ----------------------------------------------------------------------------------------------
# official SCDL schemas (frictionless)
# ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(SCDL_FILES))
def test_scdl_file_validates_against_the_official_schema(name):
    require_scdl()
    assert frictionless_errors(DATA, name, SCDL_FILES[name]) == []


def test_subventions_validate_once_converted_to_the_scdl_format(tmp_path):
    require_scdl()
    (tmp_path / "subventions.csv").write_text(subventions_as_scdl((DATA / SUBVENTIONS).read_bytes()),
                                              encoding="utf-8")
    assert frictionless_errors(tmp_path, "subventions.csv", "subventions") == []


def test_subventions_validation_catches_a_damaged_row(tmp_path):
    require_scdl()
    converted = subventions_as_scdl((DATA / SUBVENTIONS).read_bytes())
    damaged = converted.replace(",aide en numéraire,", ",aide financière,", 1)
    (tmp_path / "subventions.csv").write_text(damaged, encoding="utf-8")
    errors = frictionless_errors(tmp_path, "subventions.csv", "subventions")
    assert [(e[1], e[2]) for e in errors] == [("nature", "constraint-error")]


def test_office_export_fails_the_schema_without_conversion(tmp_path):
    require_scdl()
    (tmp_path / "raw.csv").write_bytes((DATA / SUBVENTIONS).read_bytes())
    assert frictionless_errors(tmp_path, "raw.csv", "subventions") != []
