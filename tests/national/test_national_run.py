"""portalgen national on a real site folder, with recorded answers: writing, caching, offline builds, bad input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from portalgen.config.load import load_dataset_file, load_site
from portalgen.errors import Level
from portalgen.national import NationalOptions, run_national
from portalgen.national.http import FetchError
from portalgen.pipeline import build

from ..helpers import tree_bytes, write_site
from .conftest import DAY1, DAY2, FIXTURES, GEO, PORTAL, FakeFetcher, offline, recorded_answers

DATASETS = ("national-adresses", "national-budget", "national-commune", "national-datagouv", "national-elections")


def national_tree(site: Path) -> dict[str, bytes]:
    """Every file portalgen national owns in a site."""
    tree = tree_bytes(site)
    return {path: data for path, data in tree.items()
            if path.startswith(("national/", "data/national/", "datasets/national-"))}


def codes(report, level: Level | None = None) -> list[str]:
    return [f.code for f in report.findings if level is None or f.level is level]


def messages(report, code: str) -> list[str]:
    return [f.format() for f in report.findings if f.code == code]


# --------------------------------------------------------------------------------------------
# First run: every source becomes an ordinary, valid dataset
# --------------------------------------------------------------------------------------------

def test_first_run_writes_every_source_as_an_ordinary_dataset(site):
    report = run_national(site, fetch=FakeFetcher(), today=DAY1)
    assert not report.failed(), [f.format() for f in report.findings]
    assert [(o.source, o.status) for o in report.outcomes] == [
        ("commune", "fetched"), ("adresses", "fetched"), ("budget", "fetched"), ("elections", "fetched"),
        ("datagouv", "fetched")]
    for dataset_id in DATASETS:
        source, problems = load_dataset_file(site, site / "datasets" / f"{dataset_id}.yml")
        assert problems == [] and source is not None, problems
        assert source.config.producer and "Mairie" not in source.config.producer
        assert source.config.licence == "lov2"
        assert source.config.modified.isoformat() == "2025-12-30"
        assert "**Provenance.**" in source.config.description
        assert "récupérées le 30/12/2025 par `portalgen national`" in source.config.description
        for resource in source.config.resources:
            assert (site / "data" / resource.path).is_file()
    budget = load_dataset_file(site, site / "datasets/national-budget.yml")[0].config
    assert budget.producer == "Observatoire des finances et de la gestion publique locales (OFGL)"
    assert (budget.temporal.start.isoformat(), budget.temporal.end.isoformat()) == ("2021-01-01", "2023-12-31")
    assert "ofgl-base-communes/exports/csv?where=com_code%3D%2241298%22" in budget.description


def test_the_normalised_files_have_stable_columns_and_order(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    addresses = (site / "data/national/adresses/adresses.csv").read_text(encoding="utf-8").splitlines()
    assert addresses[0] == ("identifiant,numero,rep,nom_voie,lieu_dit,code_postal,code_insee,nom_commune,"
                            "ancienne_commune,latitude,longitude,type_position,source_position,certifiee_commune")
    assert len(addresses) == 15
    # streets in alphabetical order, numbers in numeric order (12 after 3 bis)
    assert [line.split(",")[0] for line in addresses[1:5]] == [
        "41298_0120_00001", "41298_0120_00002", "41298_0120_00003_bis", "41298_0120_00012"]
    assert addresses[9] == ("41298_b7k2_00001,1,,Route de Vieux-Bourg,,41250,41298,Saint-Aubin-sur-Lérette,"
                            "Vieux-Bourg-sur-Lérette,47.4923,1.5916,entrée,commune,non")
    accounts = (site / "data/national/budget/comptes.csv").read_text(encoding="utf-8").splitlines()
    assert accounts[0] == "exercice,agregat,montant,euros_par_habitant,population"
    assert accounts[2] == "2021,Dépenses de fonctionnement,3512000.45,857,4098"
    assert accounts[3] == "2021,Encours de dette,2250000,549.05,4098"
    results = (site / "data/national/elections/resultats-elections.csv").read_text(encoding="utf-8").splitlines()
    assert results[0] == ("scrutin,annee,election,tour,bureau_de_vote,inscrits,votants,abstentions,blancs,nuls,"
                          "exprimes,participation_pct")
    assert results[3] == "2022_pres_t1,2022,Présidentielle,1,0001,1043,793,250,16,8,769,76.03"
    listing = (site / "data/national/datagouv/jeux-de-donnees.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in listing[1:]] == [
        "Arbres remarquables du Val de Lérette", "Plan local d'urbanisme de Saint-Aubin-sur-Lérette",
        "Qualité de l'eau potable à Saint-Aubin-sur-Lérette"]
    assert listing[1].split(",")[1] == "Camille Martin"     # a dataset of a user, not an organisation
    facts = (site / "data/national/commune/commune.csv").read_text(encoding="utf-8").splitlines()
    assert facts[1] == ("41298,Saint-Aubin-sur-Lérette,4127,41250,214102980,200030385,"
                        "Communauté de communes du Val de Lérette,41,Loir-et-Cher,24,Centre-Val de Loire,2418.36")
    boundary = json.loads((site / "data/national/commune/limite-communale.geojson").read_text(encoding="utf-8"))
    assert boundary["type"] == "FeatureCollection" and len(boundary["features"]) == 1
    assert boundary["features"][0]["geometry"]["type"] == "Polygon"
    assert boundary["features"][0]["properties"]["population"] == 4127


def test_portal_figures_that_disagree_with_the_national_ones_are_noted(site):
    report = run_national(site, fetch=FakeFetcher(), today=DAY1)
    assert messages(report, "national-population") == [
        "portal.yml:5:15: commune.population: portal.yml gives a population of 4012, the INSEE gives 4127. "
        "Hint: write population: 4127 under commune:."]
    assert messages(report, "national-centre") == [
        "portal.yml:3:3: commune: portal.yml has no centre for the maps; the centre of the commune is latitude "
        "47.4872, longitude 1.5833. Hint: write latitude: 47.4872 and longitude: 1.5833 under commune:."]


def test_two_sites_with_the_same_answers_get_byte_identical_files(tmp_path):
    one = write_site(tmp_path / "one", {"portal.yml": PORTAL})
    two = write_site(tmp_path / "two", {"portal.yml": PORTAL})
    run_national(one, fetch=FakeFetcher(), today=DAY1)
    run_national(two, fetch=FakeFetcher(), today=DAY1)
    assert national_tree(one) == national_tree(two)
    assert len(national_tree(one)) == 19   # 6 data files, 5 datasets, 6 cached answers, fetched.json, manifest


# --------------------------------------------------------------------------------------------
# The cache: offline and reproducible builds
# --------------------------------------------------------------------------------------------

def test_a_second_run_uses_the_cache_and_asks_nothing(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    before = national_tree(site)
    fetcher = FakeFetcher()
    report = run_national(site, fetch=fetcher, today=DAY2)
    assert fetcher.calls == []
    assert {o.status for o in report.outcomes} == {"cached"}
    assert report.written == ()
    assert national_tree(site) == before


def test_build_works_offline_from_the_cache_when_the_network_is_down(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    before = national_tree(site)
    dead_network = FakeFetcher(fail=offline)
    report = run_national(site, NationalOptions(refresh=True), fetch=dead_network, today=DAY2)
    assert not report.failed()
    assert messages(report, "national-unreachable")[:2] == [
        'no connection to geo.api.gouv.fr: the national data "Limite et chiffres clés de la commune" keep their '
        "version of 30/12/2025. Hint: nothing to do: the build uses this version; run 'portalgen national "
        "--refresh' later.",
        'no connection to plateforme.adresse.data.gouv.fr: the national data "Adresses de la commune (Base Adresse '
        "Nationale)\" keep their version of 30/12/2025. Hint: nothing to do: the build uses this version; run "
        "'portalgen national --refresh' later."]
    assert len(messages(report, "national-unreachable")) == 5
    assert len(dead_network.calls) == 4       # www.data.gouv.fr is not asked twice once it is unreachable
    assert {o.status for o in report.outcomes} == {"kept"}
    assert national_tree(site) == before        # nothing lost, nothing changed
    built = build(site)
    assert built.written, [f.format() for f in built.findings]
    assert not [f for f in built.findings if f.level is Level.ERROR]
    out = site / "_site"
    for dataset_id in DATASETS:
        assert (out / "datasets" / dataset_id / "index.html").is_file()
    assert [p.name for p in (out / "datasets/national-commune").rglob("*.geojson")] == ["limite-communale.geojson"]
    page = (out / "datasets/national-budget/index.html").read_text(encoding="utf-8")
    assert "Observatoire des finances et de la gestion publique locales (OFGL)" in page
    assert "récupérées le 30/12/2025" in page


def test_offline_mode_never_calls_the_network(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    fetcher = FakeFetcher()
    report = run_national(site, NationalOptions(offline=True), fetch=fetcher, today=DAY2)
    assert fetcher.calls == [] and not report.failed()
    assert {o.status for o in report.outcomes} == {"cached"}


def test_offline_without_a_cache_publishes_nothing_and_says_so(site):
    report = run_national(site, NationalOptions(offline=True), fetch=FakeFetcher(), today=DAY1)
    assert not report.failed()
    assert messages(report, "national-no-cache")[0] == (
        'no cached copy of the national data "Limite et chiffres clés de la commune": nothing to publish offline. '
        "Hint: run 'portalgen national' once with a connection.")
    assert {o.status for o in report.outcomes} == {"missing"}
    assert national_tree(site) == {}


def test_refresh_with_unchanged_answers_only_moves_the_fetch_date(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    data_before = {p: b for p, b in national_tree(site).items() if p.startswith("data/")}
    report = run_national(site, NationalOptions(refresh=True), fetch=FakeFetcher(), today=DAY2)
    assert {o.status for o in report.outcomes} == {"fetched"}
    assert {p: b for p, b in national_tree(site).items() if p.startswith("data/")} == data_before
    fetched = json.loads((site / "national/cache/fetched.json").read_text(encoding="utf-8"))
    assert (fetched["budget"]["fetched"], fetched["budget"]["changed"]) == ("2025-12-31", "2025-12-30")
    text = (site / "datasets/national-budget.yml").read_text(encoding="utf-8")
    assert "modified: 2025-12-31" in text and "dernière modification constatée le 30/12/2025" in text


def test_answers_cached_for_another_commune_are_not_used(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    (site / "portal.yml").write_text(PORTAL.replace('"41298"', '"41299"'), encoding="utf-8")
    report = run_national(site, NationalOptions(offline=True), today=DAY2)
    assert {o.status for o in report.outcomes} == {"missing"}
    assert len(messages(report, "national-no-cache")) == 5
    assert messages(report, "national-stale")[0] == (
        "datasets/national-commune.yml:1: datasets/national-commune.yml has no cached answers for the commune 41299 "
        "(the INSEE code changed, or the cache was deleted); it stays published as it is. Hint: run 'portalgen "
        "national --refresh' with a connection, or delete the file.")


def test_a_damaged_cache_index_is_ignored_and_everything_is_fetched_again(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    (site / "national/cache/fetched.json").write_text("{not json", encoding="utf-8")
    fetcher = FakeFetcher()
    report = run_national(site, fetch=fetcher, today=DAY2)
    assert messages(report, "national-cache-damaged") == [
        "national/cache/fetched.json: the cache index is damaged (JSONDecodeError); the cached answers are ignored. "
        "Hint: run 'portalgen national --refresh' to fetch everything again."]
    assert len(fetcher.calls) == 6
    assert json.loads((site / "national/cache/fetched.json").read_text(encoding="utf-8"))["commune"]["fetched"] == "2025-12-31"


# --------------------------------------------------------------------------------------------
# Bad input: wrong INSEE codes
# --------------------------------------------------------------------------------------------

def test_a_merged_commune_is_named_with_its_new_code(tmp_path):
    site = write_site(tmp_path / "site", {"portal.yml": PORTAL.replace('"41298"', '"41290"')})
    answers = {
        f"{GEO}/communes_associees_deleguees?code=41290&fields=nom,code,type,chefLieu":
            FIXTURES / "geo-communes-deleguees-41290.json",
        f"{GEO}/communes/41298?fields=nom,code": FIXTURES / "geo-commune-41298-court.json",
    }
    report = run_national(site, fetch=FakeFetcher(answers), today=DAY1)
    assert report.failed()
    assert [f.format() for f in report.findings if f.level is Level.ERROR] == [
        'portal.yml:4:10: commune.insee: the INSEE code 41290 is no longer that of a commune: "Vieux-Bourg-sur-'
        'Lérette" merged into "Saint-Aubin-sur-Lérette" (INSEE code 41298) and is now a commune déléguée; no '
        'national data is published under the old code. Hint: write insee: "41298" under commune: in portal.yml '
        "(and the name of the new commune), then run 'portalgen national' again."]
    assert [o.status for o in report.outcomes] == ["stopped"] * 5
    assert national_tree(site) == {}
    assert not (site / "national").exists() or not any((site / "national").rglob("*.json"))


def test_an_unknown_code_gets_codes_of_communes_with_a_close_name(tmp_path):
    site = write_site(tmp_path / "site", {"portal.yml": PORTAL.replace('"41298"', '"41999"')})
    answers = {
        f"{GEO}/communes_associees_deleguees?code=41999&fields=nom,code,type,chefLieu":
            FIXTURES / "geo-communes-deleguees-vide.json",
        f"{GEO}/communes?nom=Saint-Aubin-sur-L%C3%A9rette&fields=nom,code,codeDepartement&boost=population&limit=5":
            FIXTURES / "geo-communes-par-nom.json",
    }
    report = run_national(site, fetch=FakeFetcher(answers), today=DAY1)
    assert [f.format() for f in report.findings if f.level is Level.ERROR] == [
        "portal.yml:4:10: commune.insee: the INSEE code 41999 matches no current commune (geo.api.gouv.fr answers "
        "404). Hint: communes with a close name: 41298 (Saint-Aubin-sur-Lérette, 41), 41299 (Saint-Aubin-des-Prés, "
        "41); write the right one as insee: in portal.yml."]
    assert national_tree(site) == {}


def test_an_unknown_code_without_close_names_points_to_the_cog(tmp_path):
    site = write_site(tmp_path / "site", {"portal.yml": PORTAL.replace('"41298"', '"41999"')})
    answers = {f"{GEO}/communes_associees_deleguees?code=41999&fields=nom,code,type,chefLieu":
               FIXTURES / "geo-communes-deleguees-vide.json"}
    report = run_national(site, fetch=FakeFetcher(answers), today=DAY1)
    [finding] = [f for f in report.findings if f.level is Level.ERROR]
    assert finding.hint == ("check the code of your commune in the INSEE Code officiel géographique "
                            "(https://www.insee.fr/fr/information/2560452)")


def test_a_source_without_the_commune_is_a_warning_when_the_code_is_right(site):
    answers = recorded_answers()
    del answers["https://plateforme.adresse.data.gouv.fr/ban/communes/41298/download/csv-legacy/adresses"]
    answers[f"{GEO}/communes/41298?fields=nom,code"] = FIXTURES / "geo-commune-41298-court.json"
    report = run_national(site, NationalOptions(sources=("adresses", "budget")), fetch=FakeFetcher(answers), today=DAY1)
    assert not report.failed()
    assert messages(report, "national-not-found") == [
        'Base Adresse Nationale has no data for the commune 41298 ("Adresses de la commune (Base Adresse Nationale)": '
        "plateforme.adresse.data.gouv.fr answers 404); its national dataset is left as it is. Hint: nothing to do: "
        "the source will be asked again with --refresh."]
    assert [(o.source, o.status) for o in report.outcomes] == [("adresses", "not-found"), ("budget", "fetched")]
    assert not (site / "datasets/national-adresses.yml").exists()


def test_a_source_with_no_rows_for_the_commune_writes_no_dataset(site):
    answers = recorded_answers()
    answers[next(u for u in answers if "ofgl" in u)] = FIXTURES / "ofgl-comptes-vide.csv"
    report = run_national(site, NationalOptions(sources=("budget",)), fetch=FakeFetcher(answers), today=DAY1)
    assert messages(report, "national-empty") == [
        "Observatoire des finances et de la gestion publique locales (OFGL) publishes no data for the commune 41298 "
        'in "Comptes de la commune (OFGL, DGFiP)"; no dataset is written.']
    assert not (site / "datasets/national-budget.yml").exists()


# --------------------------------------------------------------------------------------------
# Bad input: sources down or changed
# --------------------------------------------------------------------------------------------

def test_a_server_error_on_one_source_keeps_its_version_and_the_others_refresh(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)

    class PartlyDown(FakeFetcher):
        def __call__(self, url, dest):
            if "data.ofgl.fr" in url:
                raise FetchError(url, "the server answered HTTP 503 Service Unavailable", status=503)
            super().__call__(url, dest)

    report = run_national(site, NationalOptions(refresh=True), fetch=PartlyDown(), today=DAY2)
    assert messages(report, "national-unreachable") == [
        'data.ofgl.fr did not answer (the server answered HTTP 503 Service Unavailable): the national data "Comptes '
        'de la commune (OFGL, DGFiP)" keep their version of 30/12/2025. Hint: nothing to do: the build uses this '
        "version; run 'portalgen national --refresh' later."]
    statuses = {o.source: o.status for o in report.outcomes}
    assert statuses == {"commune": "fetched", "adresses": "fetched", "budget": "kept", "elections": "fetched",
                        "datagouv": "fetched"}
    assert "modified: 2025-12-30" in (site / "datasets/national-budget.yml").read_text(encoding="utf-8")


def test_a_changed_format_keeps_the_cached_answer(site, tmp_path):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    cached = (site / "national/cache/adresses/adresses.csv").read_bytes()
    published = (site / "data/national/adresses/adresses.csv").read_bytes()
    changed = tmp_path / "changed.csv"
    changed.write_text(FIXTURES.joinpath("ban-adresses-41298.csv").read_text(encoding="utf-8")
                       .replace(";nom_voie;", ";libelle_voie;"), encoding="utf-8")
    answers = recorded_answers()
    answers[next(u for u in answers if "plateforme.adresse" in u)] = changed
    report = run_national(site, NationalOptions(refresh=True, sources=("adresses",)), fetch=FakeFetcher(answers),
                          today=DAY2)
    assert messages(report, "national-format-changed") == [
        'the answer of Base Adresse Nationale for "Adresses de la commune (Base Adresse Nationale)" has changed format '
        "(the columns nom_voie are missing from the address file (found: id, id_fantoir, numero, rep, libelle_voie, "
        "code_postal, code_insee, nom_commune)); the version of 30/12/2025 is kept. Hint: update portalgen; if it is "
        "already up to date, report it to the portalgen developers."]
    assert (site / "national/cache/adresses/adresses.csv").read_bytes() == cached
    assert (site / "data/national/adresses/adresses.csv").read_bytes() == published
    assert [o.status for o in report.outcomes] == ["kept"]


def test_a_changed_format_on_the_first_fetch_publishes_nothing(site, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "Données des élections agrégées", "resources": []}', encoding="utf-8")
    answers = recorded_answers()
    answers["https://www.data.gouv.fr/api/1/datasets/donnees-des-elections-agregees/"] = broken
    report = run_national(site, NationalOptions(sources=("elections",)), fetch=FakeFetcher(answers), today=DAY1)
    assert messages(report, "national-format-changed") == [
        'the answer of Ministère de l\'Intérieur for "Résultats des élections dans la commune" has changed format '
        '(no resource named "general_results" in the dataset "données des élections agrégées"); nothing is published '
        "for this source. Hint: update portalgen; if it is already up to date, report it to the portalgen developers."]
    assert not (site / "datasets/national-elections.yml").exists()
    assert not (site / "national/cache/elections").exists()


def test_invalid_json_is_a_changed_format(site, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("<html>Maintenance</html>", encoding="utf-8")
    answers = recorded_answers()
    answers[next(u for u in answers if "geozone" in u)] = broken
    report = run_national(site, NationalOptions(sources=("datagouv",)), fetch=FakeFetcher(answers), today=DAY1)
    [message] = messages(report, "national-format-changed")
    assert message.startswith('the answer of data.gouv.fr for "Données sur la commune publiées sur data.gouv.fr" '
                              "has changed format (the answer is not valid JSON (")


def test_a_department_file_keeps_only_the_commune_and_may_be_gzipped(site, tmp_path):
    text = FIXTURES.joinpath("ban-adresses-41298.csv").read_text(encoding="utf-8")
    other = ("41018_0001_00005;41018_0001;5;;Grande Rue;41120;41018;Autre-Commune;;;583000.00;6700000.00;1.500000;"
             "47.400000;entrée;;;AUTRE COMMUNE;GRANDE RUE;commune;commune;0;\n")
    department = tmp_path / "adresses-41.csv.gz"
    department.write_bytes(gzip.compress((text.splitlines(keepends=True)[0] + other + "".join(
        text.splitlines(keepends=True)[1:])).encode("utf-8"), mtime=0))
    answers = recorded_answers()
    answers[next(u for u in answers if "plateforme.adresse" in u)] = department
    run_national(site, NationalOptions(sources=("adresses",)), fetch=FakeFetcher(answers), today=DAY1)
    published = (site / "data/national/adresses/adresses.csv").read_text(encoding="utf-8")
    assert "Autre-Commune" not in published and published.count("\n") == 15


# --------------------------------------------------------------------------------------------
# The commune's own files and choices are respected
# --------------------------------------------------------------------------------------------

def test_a_dataset_file_of_the_commune_is_never_overwritten(site):
    own = "title: Notre budget\ndescription: Le budget voté.\nresources: [subventions.csv]\n"
    (site / "datasets/national-budget.yml").write_text(own, encoding="utf-8")
    report = run_national(site, fetch=FakeFetcher(), today=DAY1)
    assert report.failed()
    assert messages(report, "national-conflict") == [
        "datasets/national-budget.yml:1: datasets/national-budget.yml was not written by 'portalgen national'; the "
        'national source "budget" would replace it. Hint: rename your file (the national dataset id is '
        "national-budget), or leave the source out with --source."]
    assert (site / "datasets/national-budget.yml").read_text(encoding="utf-8") == own
    assert (site / "datasets/national-adresses.yml").is_file()


def test_a_deleted_national_dataset_stays_out_until_asked_for(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    (site / "datasets/national-elections.yml").unlink()
    report = run_national(site, NationalOptions(refresh=True), fetch=FakeFetcher(), today=DAY2)
    assert messages(report, "national-left-out") == [
        'the national source "elections" is left out: its dataset file datasets/national-elections.yml was deleted. '
        "Hint: run 'portalgen national --source elections' to publish it again."]
    assert not (site / "datasets/national-elections.yml").exists()
    manifest = json.loads((site / "national/manifest.json").read_text(encoding="utf-8"))
    assert "national-elections" not in [d["id"] for d in manifest["datasets"]]
    run_national(site, NationalOptions(sources=("elections",)), fetch=FakeFetcher(), today=DAY2)
    assert (site / "datasets/national-elections.yml").is_file()


def test_the_site_still_loads_with_the_national_datasets(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    source = load_site(site)
    assert {d.id for d in source.datasets} >= set(DATASETS)


def test_an_invalid_portal_yml_stops_before_any_request(tmp_path):
    site = write_site(tmp_path / "site", {"portal.yml": PORTAL.replace('"41298"', '"4129"')})
    fetcher = FakeFetcher()
    report = run_national(site, fetch=fetcher, today=DAY1)
    assert report.failed() and fetcher.calls == []
    assert "is not an INSEE commune code" in report.findings[0].format()


def test_an_unknown_source_name_is_refused(site):
    report = run_national(site, NationalOptions(sources=("cadastre",)), fetch=FakeFetcher(), today=DAY1)
    assert [f.format() for f in report.findings] == [
        "unknown national source: cadastre. Hint: choose among commune, adresses, budget, elections, datagouv."]


@pytest.mark.parametrize("scratch", [".fetch-adresses", ".out-adresses", ".check-adresses"])
def test_no_scratch_folder_is_left_in_the_cache(site, scratch):
    answers = recorded_answers()
    del answers["https://plateforme.adresse.data.gouv.fr/ban/communes/41298/download/csv-legacy/adresses"]
    answers[f"{GEO}/communes/41298?fields=nom,code"] = FIXTURES / "geo-commune-41298-court.json"
    run_national(site, fetch=FakeFetcher(answers), today=DAY1)
    assert not (site / "national/cache" / scratch).exists()
    assert sorted(p.name for p in (site / "national/cache").iterdir()) == [
        "budget", "commune", "datagouv", "elections", "fetched.json"]


def test_large_address_files_are_read_as_a_stream(site, tmp_path):
    header = FIXTURES.joinpath("ban-adresses-41298.csv").read_text(encoding="utf-8").splitlines()[0]
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        for n in range(20000):
            out.write(f"41298_{n // 100:04d}_{n % 100:05d};;{n % 100};;Voie {n // 100};41250;41298;"
                      f"Saint-Aubin-sur-Lérette;;;1;2;1.5;47.4;entrée;;;ST AUBIN;VOIE;commune;commune;1;\n")
    answers = recorded_answers()
    answers[next(u for u in answers if "plateforme.adresse" in u)] = big
    report = run_national(site, NationalOptions(sources=("adresses",)), fetch=FakeFetcher(answers), today=DAY1)
    assert [o.status for o in report.outcomes] == ["fetched"]
    text = (site / "datasets/national-adresses.yml").read_text(encoding="utf-8")
    assert "20\u202f000 adresses sur 200 voies et lieux-dits, dont 20\u202f000 certifiées par la commune." in text


def test_the_source_names_the_cli_offers_are_the_registry_s_in_order():
    from portalgen.national.names import SOURCE_NAMES
    from portalgen.national.registry import SOURCES
    assert SOURCE_NAMES == tuple(source.name for source in SOURCES)


def test_the_cli_starts_without_the_national_fetching_code():
    # A no-change rebuild goes through the CLI: it must not pay for importing the national sources.
    import subprocess
    import sys
    code = ("import sys; from portalgen.cli import make_parser; make_parser(); "
            "print(sorted(m for m in sys.modules if m.startswith('portalgen.national')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['portalgen.national', 'portalgen.national.names']"
