"""What the portal gets from the national data: the manifest, the enricher, the partial templates, the command."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
import yaml

from portalgen.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main
from portalgen.national import NationalOptions, load_manifest, run_national
from portalgen.national import enrich as national_enrich
from portalgen.enrich import enrich_site
from portalgen.pipeline import CACHE_DIR, build, read_site
from portalgen.render.env import make_environment
from portalgen.model import Site
from portalgen.render.i18n import Catalogue, load_catalogue
from portalgen.theme import load_theme

from ..helpers import dangerous_markup, write_site
from .conftest import DAY1, INSEE, PORTAL, FakeFetcher, offline

MESSAGES = Path(__file__).parents[2] / "themes/default/messages.yml"


def test_the_manifest_lists_the_national_datasets_and_the_boundary(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    manifest = load_manifest(site)
    assert manifest is not None and manifest.insee == INSEE
    assert manifest.dataset_ids == ("national-adresses", "national-budget", "national-commune",
                                    "national-datagouv", "national-elections")
    assert manifest.boundary_path == "data/national/commune/limite-communale.geojson"
    assert manifest.boundary_dataset == "national-commune"
    assert manifest.bbox == (1.539914, 47.4532, 1.626686, 47.510947)
    assert manifest.bbox_wkt == ("POLYGON((1.539914 47.4532,1.626686 47.4532,1.626686 47.510947,1.539914 47.510947,"
                                 "1.539914 47.4532))")
    assert manifest.centre_wkt == "POINT(1.5833 47.4872)"
    assert manifest.commune["population"] == 4127 and manifest.commune["codes_postaux"] == ["41250"]
    assert manifest.commune["epci"] == {"code": "200030385", "nom": "Communauté de communes du Val de Lérette"}
    budget = manifest.dataset("national-budget")
    assert (budget.producer, budget.licence, budget.frequency) == (
        "Observatoire des finances et de la gestion publique locales (OFGL)", "lov2", "annual")
    assert budget.fetched.isoformat() == "2025-12-30" and budget.facts == {"exercices": [2021, 2022, 2023]}
    assert [link["title"] for link in manifest.links][0] == "Arbres remarquables du Val de Lérette"
    assert json.loads(manifest.boundary_geojson(site))["type"] == "FeatureCollection"


def test_the_manifest_keeps_the_facts_of_sources_not_run(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    run_national(site, NationalOptions(sources=("budget",), refresh=True), fetch=FakeFetcher(fail=offline), today=DAY1)
    manifest = load_manifest(site)
    assert manifest.commune["population"] == 4127
    assert len(manifest.links) == 3


def test_no_manifest_means_no_national_part(tmp_path):
    assert load_manifest(tmp_path) is None
    (tmp_path / "national").mkdir()
    (tmp_path / "national/manifest.json").write_text("[]", encoding="utf-8")
    assert load_manifest(tmp_path) is None


def test_the_enricher_puts_the_manifest_and_the_boundary_on_the_site(site):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    (site / "datasets/national-elections.yml").unlink()
    loaded, _ = read_site(site)
    enriched, findings = national_enrich.enrich(loaded)
    assert findings == []
    national = enriched.extras["national"]
    assert "national-elections" not in national.dataset_ids and "national-budget" in national.dataset_ids
    assert enriched.extras["national_boundary"].startswith('{"type":"FeatureCollection"')


@dataclass(frozen=True)
class Rendering:
    """A site read and enriched as the build does it (national enricher included), ready to render partials."""

    site: Site
    env: object

    def partial(self, name: str, **context) -> str:
        template = self.env.from_string('{% include "partials/' + name + '" %}')
        return unescape(template.render(site=self.site, config=self.site.config, page_path="index.html", **context))


def rendering(site_root: Path) -> Rendering:
    loaded, _ = read_site(site_root)
    enriched, _ = enrich_site(loaded, cache_dir=site_root / CACHE_DIR)
    enriched, _ = national_enrich.enrich(enriched)
    theme = load_theme("default", site_root)
    env, _ = make_environment(theme, "fr")
    merged = load_catalogue(list(theme.message_files), "fr")
    env.globals.update(_=merged.get, _n=merged.plural, base_path="/")
    return Rendering(enriched, env)


@pytest.fixture(scope="module")
def national_site(tmp_path_factory) -> Rendering:
    """One site with every national dataset, enriched once for all the template tests."""
    root = write_site(tmp_path_factory.mktemp("national") / "site", {"portal.yml": PORTAL})
    run_national(root, fetch=FakeFetcher(), today=DAY1)
    return rendering(root)


def test_the_home_section_shows_the_figures_the_datasets_and_the_links(national_site):
    html = national_site.partial("national_section.html")
    assert '<h2 id="donnees-nationales">Données nationales sur la commune</h2>' in html
    assert "4\u202f127" in html or "4 127" in html
    assert "Communauté de communes du Val de Lérette" in html
    assert 'href="datasets/national-budget/"' in html
    assert '<a href="https://www.data.gouv.fr/datasets/arbres-remarquables-du-val-de-lerette/">' in html
    assert dangerous_markup_in(html) == []


def test_the_provenance_box_appears_on_national_datasets_only(national_site):
    html = national_site.partial("national_provenance.html", dataset=national_site.site.dataset("national-budget"))
    assert "Donnée nationale" in html and 'href="https://data.ofgl.fr"' in html
    assert '<time datetime="2025-12-30">' in html
    assert national_site.partial("national_provenance.html",
                                 dataset=national_site.site.dataset("subventions")).strip() == ""


def test_the_socle_block_counts_the_national_datasets(national_site, site):
    html = rendering(site).partial("national_socle.html")
    assert "Aucune donnée nationale n'est encore reprise : lancez « portalgen national »." in html
    html = national_site.partial("national_socle.html")
    assert "5 jeux de données nationaux sur la commune, publiés automatiquement." in html


def test_the_map_partial_carries_the_boundary_as_a_layer(national_site):
    html = national_site.partial("national_map.html")
    assert 'datasets/national-commune/source/limite-communale.geojson' in html
    assert '<script type="application/json" id="national-boundary">{"type":"FeatureCollection"' in html
    assert dangerous_markup_in(html) == []


def dangerous_markup_in(html: str) -> list[str]:
    from tempfile import TemporaryDirectory
    with TemporaryDirectory() as folder:
        Path(folder, "page.html").write_text(html, encoding="utf-8")
        return dangerous_markup(Path(folder))


def test_the_proposed_messages_are_complete_and_bilingual():
    messages = {k: v for k, v in yaml.safe_load(MESSAGES.read_text(encoding="utf-8")).items()
                if k.startswith("national.")}
    used = set()
    for template in (Path(__file__).parents[2] / "themes/default/templates/partials").glob("national_*.html"):
        text = template.read_text(encoding="utf-8")
        used |= {m for m in re.findall(r"_\('(national\.[a-z_.]+)'", text)}
        used |= {f"{m}.{form}" for m in re.findall(r"_n\('(national\.[a-z_.]+)'", text) for form in ("one", "other")}
    assert used <= set(messages), used - set(messages)
    assert all(set(entry) == {"fr", "en"} for entry in messages.values())
    assert isinstance(Catalogue(messages, "en").get("national.title"), str)


# --------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------

def test_the_command_offline_without_cache_exits_ok_and_says_what_it_did(site, capsys):
    code = main(["national", str(site), "--offline"])
    out, err = capsys.readouterr()
    assert code == EXIT_OK
    assert "National data for Saint-Aubin-sur-Lérette (INSEE 41298):" in out
    assert "  commune    not available" in out
    assert "warning: no cached copy of the national data" in err


def test_the_command_uses_the_cache_and_names_the_versions(site, capsys):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    code = main(["national", str(site), "--offline", "--source", "budget", "adresses"])
    out, _ = capsys.readouterr()
    assert code == EXIT_OK
    assert out.splitlines()[1:] == [
        "  adresses   from the cache, version of 30/12/2025 → datasets/national-adresses.yml (0 files changed)",
        "  budget     from the cache, version of 30/12/2025 → datasets/national-budget.yml (0 files changed)"]


def test_the_command_fails_on_a_conflicting_file(site, capsys):
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    (site / "datasets/national-budget.yml").write_text("title: X\ndescription: Y\nresources: [subventions.csv]\n",
                                                       encoding="utf-8")
    code = main(["national", str(site), "--offline"])
    _, err = capsys.readouterr()
    assert code == EXIT_PROBLEMS
    assert "error: datasets/national-budget.yml:1: datasets/national-budget.yml was not written by" in err


def test_the_command_refuses_contradictory_or_unknown_options(site, capsys):
    assert main(["national", str(site), "--offline", "--refresh"]) == EXIT_USAGE
    assert main(["national", str(site), "--source", "cadastre"]) == EXIT_USAGE
    capsys.readouterr()


def test_the_boundary_is_the_spatial_coverage_in_the_catalogue(site, tmp_path):
    from rdflib import Graph, Namespace
    run_national(site, fetch=FakeFetcher(), today=DAY1)
    report = build(site, tmp_path / "out")
    assert report.written, [f.format() for f in report.findings]
    graph = Graph().parse(tmp_path / "out" / "catalog.ttl", format="turtle")
    dcat = Namespace("http://www.w3.org/ns/dcat#")
    boxes = [str(o) for o in graph.objects(None, dcat.bbox)]
    assert boxes and boxes[0].startswith("POLYGON((1.539914 47.4532")
