"""syndicat.yml: checked like portal.yml, and its defaults merged into each commune's portal.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from portalgen.config.load import load_site
from portalgen.errors import PortalgenError
from portalgen.syndicat.inherit import apply_defaults, rebase_theme, relative_file
from portalgen.syndicat.load import load_syndicat, output_folder
from portalgen.syndicat.worker import CommuneTask, build_commune

from .support import COMMUNES, SYNDICAT_YML, write, write_syndicat


def load_problems(root: Path) -> list[str]:
    with pytest.raises(PortalgenError) as caught:
        load_syndicat(root)
    return [f.format() for f in caught.value.findings]


def merged(tmp_path: Path, portal: str, syndicat_yml: str = SYNDICAT_YML, slug: str = "aubin"):
    root = write_syndicat(tmp_path / "syndicat", syndicat_yml=syndicat_yml,
                          extra_files={f"communes/{slug}/portal.yml": portal})
    source = load_syndicat(root)
    commune = source.commune(slug)
    config = load_site(commune.folder).config
    return apply_defaults(config, source.config, syndicat_root=root, commune_root=commune.folder,
                          commune_url=commune.url)


PORTAL = """\
title: Données ouvertes de Saint-Aubin
commune:
  name: Saint-Aubin
  insee: "41001"
"""


def test_a_valid_syndicat_lists_its_communes_sorted_with_their_addresses(tmp_path):
    root = write_syndicat(tmp_path / "s", extra_files={"communes/_modele/portal.yml": PORTAL,
                                                       "communes/.cache/x": "ignored"})
    source = load_syndicat(root)
    assert [c.slug for c in source.communes] == sorted(COMMUNES)
    aubin = source.commune("aubin")
    assert aubin.url == "https://opendata.lerette.fr/aubin/" and aubin.out_folder == "aubin"
    assert source.problems == ()
    assert source.config.portal_title == "Données ouvertes – Syndicat mixte de la Lérette"


def test_unknown_keys_name_the_file_line_and_a_suggestion(tmp_path):
    text = SYNDICAT_YML.replace("defaults:\n  theme: default", "defaults:\n  theme: default\n  licnce: lov2") + "desciption: x\n"
    problems = load_problems(write(tmp_path, {"syndicat.yml": text, "communes/a/portal.yml": PORTAL}))
    assert any(p.startswith("syndicat.yml:9:3: defaults.licnce: unknown key 'licnce'") and "did you mean 'licence'" in p
               for p in problems), problems
    assert any("desciption" in p and "did you mean 'description'" in p for p in problems), problems


def test_bad_values_in_defaults_are_reported_with_their_line(tmp_path):
    text = SYNDICAT_YML.replace("  map:\n    tiles: none", "  preview_rows: beaucoup\n  contact:\n    email: pas-un-email")
    text = text.replace("  contact:\n    email: opendata@lerette.fr\n    phone: \"02 00 00 00 00\"\n", "", 1)
    problems = load_problems(write(tmp_path, {"syndicat.yml": text, "communes/a/portal.yml": PORTAL}))
    assert any(p.startswith("syndicat.yml:") and "defaults.preview_rows: expected a whole number" in p for p in problems), problems
    assert any("defaults.contact.email" in p and "not an email address" in p for p in problems), problems


@pytest.mark.parametrize("pattern, message", [
    ("https://opendata.lerette.fr/communes/", "does not contain {slug} exactly once"),
    ("http://{slug}.lerette.fr/", "is not a web address pattern"),
])
def test_the_communes_url_must_be_a_pattern_with_slug(tmp_path, pattern, message):
    text = SYNDICAT_YML.replace("site_url: https://opendata.lerette.fr/\n",
                                f"site_url: https://opendata.lerette.fr/\ncommunes_url: \"{pattern}\"\n")
    problems = load_problems(write(tmp_path, {"syndicat.yml": text, "communes/a/portal.yml": PORTAL}))
    assert any(p.startswith("syndicat.yml:3:") and message in p for p in problems), problems


def test_missing_file_and_missing_communes_folder(tmp_path):
    assert "no syndicat.yml" in load_problems(tmp_path)[0]
    write(tmp_path, {"syndicat.yml": SYNDICAT_YML})
    problems = load_problems(tmp_path)
    assert 'there is no "communes" folder' in problems[0] and "portalgen init" in problems[0]


def test_folders_that_cannot_be_a_commune_are_reported_not_built(tmp_path):
    text = SYNDICAT_YML.replace("site_url: https://opendata.lerette.fr/\n",
                                "site_url: https://opendata.lerette.fr/\ncommunes_url: https://opendata.lerette.fr/{slug}/\n")
    root = write_syndicat(tmp_path, syndicat_yml=text, extra_files={
        "communes/Saint Pierre/portal.yml": PORTAL, "communes/datasets/portal.yml": PORTAL})
    source = load_syndicat(root)
    assert [c.slug for c in source.communes] == sorted(COMMUNES)
    problems = dict(source.problems)
    assert 'the folder name "Saint Pierre" cannot be a commune slug' in problems["Saint Pierre"].format()
    assert problems["Saint Pierre"].where.file == "communes/Saint Pierre"
    reserved = problems["datasets"].format()
    assert reserved.startswith("syndicat.yml:3:") and "regional portal uses" in reserved and "communes/{slug}/" in reserved


def test_output_folder_follows_the_address_pattern(tmp_path):
    root = write_syndicat(tmp_path)
    config = load_syndicat(root).config
    sub_folder = config.__class__(**{**config.__dict__, "communes_url": "https://opendata.lerette.fr/c/{slug}/"})
    sub_domain = config.__class__(**{**config.__dict__, "communes_url": "https://{slug}.lerette.fr/"})
    assert output_folder(config, "aubin") == "aubin"
    assert output_folder(sub_folder, "aubin") == "c/aubin"
    assert output_folder(sub_domain, "aubin") == "aubin"
    assert sub_domain.commune_url("aubin") == "https://aubin.lerette.fr/"


# ----------------------------------------------------------------------------------------------
# Merge rules
# ----------------------------------------------------------------------------------------------

def test_a_commune_inherits_what_it_does_not_write(tmp_path):
    config = merged(tmp_path, PORTAL)
    assert config.licence == "odc-odbl" and config.theme == "default"
    assert config.contact.email == "opendata@lerette.fr" and config.contact.phone == "02 00 00 00 00"
    assert config.map.tiles == "none" and config.legal.host.name == "Syndicat mixte de la Lérette"
    assert config.site_url == "https://opendata.lerette.fr/aubin/"
    # inherited values point at syndicat.yml, seen from the commune folder
    assert config.key_locations["licence"].file == "../../syndicat.yml"
    assert config.key_locations["licence"].line == 9
    assert config.contact.key_locations["email"].file == "../../syndicat.yml"
    assert config.key_locations["site_url"].file == "../../syndicat.yml"


def test_what_a_commune_writes_wins_and_mappings_merge_key_by_key(tmp_path):
    portal = PORTAL + """\
licence: cc-by
site_url: https://data.saint-aubin.fr/
contact:
  email: donnees@saint-aubin.fr
navigation:
  - title: Mairie
    url: https://www.saint-aubin.fr/
extra:
  couleur: vert
"""
    syndicat_yml = SYNDICAT_YML + """\
  navigation:
    - title: Syndicat
      url: https://www.lerette.fr/
    - title: Aide
      url: https://www.lerette.fr/aide/
  extra:
    couleur: bleu
    logo: syndicat.svg
"""
    config = merged(tmp_path, portal, syndicat_yml)
    assert config.licence == "cc-by" and config.key_locations["licence"].file == "portal.yml"
    assert config.site_url == "https://data.saint-aubin.fr/"
    assert config.contact.email == "donnees@saint-aubin.fr"          # the commune's
    assert config.contact.phone == "02 00 00 00 00"                  # completed from the syndicat's
    assert config.contact.key_locations["email"].file == "portal.yml"
    assert config.contact.key_locations["phone"].file == "../../syndicat.yml"
    assert [link.title for link in config.navigation] == ["Mairie"]   # lists are replaced as a whole
    assert config.extra == {"couleur": "vert", "logo": "syndicat.svg"}


def test_a_theme_path_is_relative_to_the_syndicat_folder(tmp_path):
    root = tmp_path / "s"
    commune = root / "communes" / "aubin"
    (root / "themes" / "lerette" / "templates").mkdir(parents=True)
    commune.mkdir(parents=True)
    assert relative_file(root, commune) == "../../syndicat.yml"
    assert rebase_theme("themes/lerette", root, commune) == "../../themes/lerette"
    assert rebase_theme("lerette", root, commune) == "../../themes/lerette"
    assert rebase_theme("default", root, commune) == "default"


def test_a_bad_inherited_value_fails_the_commune_naming_syndicat_yml(tmp_path):
    text = SYNDICAT_YML.replace("  theme: default", "  theme: themes/absent")
    root = write_syndicat(tmp_path / "s", syndicat_yml=text, communes={"aubin": COMMUNES["aubin"]})
    source = load_syndicat(root)
    result = build_commune(CommuneTask(root, source.config, "communes", source.commune("aubin"), tmp_path / "out",
                                       tmp_path / "cache"))
    assert not result.ok
    messages = [f.format() for f in result.errors]
    assert any(m.startswith("syndicat.yml:8:10: theme: the theme") and "cannot be found" in m for m in messages), messages
    assert not (tmp_path / "out" / "aubin").exists()


def test_regional_pages_without_any_built_commune(tmp_path):
    """Before the first commune builds (or when all fail), the regional portal still stands, and says so."""
    from portalgen.syndicat import assemble
    root = write_syndicat(tmp_path / "s", communes={"aubin": COMMUNES["aubin"]})
    out = tmp_path / "out"
    out.mkdir()
    result = assemble(load_syndicat(root), out)
    assert result.findings == () and (result.communes, result.datasets) == (0, 0)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Aucune commune n&#39;a encore publié de portail." in home
    assert (out / "catalog.ttl").is_file() and (out / "observatoire" / "observatoire.csv").read_text().count("\n") == 1
    assert "data-map" not in (out / "observatoire" / "index.html").read_text(encoding="utf-8")
