"""Real commune data through the whole build: encodings, normalised downloads, cache, privacy, maps, charts."""

from __future__ import annotations

import json
import textwrap

import pandas as pd
import pytest

from portalgen.cli import main
from portalgen.enrich import tables
from portalgen.pipeline import build
from tests.helpers import write_site

SUBVENTIONS_CP1252 = (
    "Bénéficiaire;Montant;Date de vote\r\n"
    "Comité des fêtes;1 234,56;31/12/2023\r\n"
    "Association « Les Écureuils »;500;15/03/2024\r\n"
    "Club de football;12 000,5;01/02/2024\r\n"
).encode("cp1252")


def site_with(tmp_path, files, dataset=None):
    base = {"data/subventions.csv": SUBVENTIONS_CP1252}
    if dataset is not None:
        base["datasets/subventions.yml"] = dataset
    base.update(files)
    return write_site(tmp_path / "site", base)


def test_windows_export_is_published_as_clean_utf8(tmp_path, capsys):
    site = site_with(tmp_path, {})
    assert main(["build", str(site)]) == 0
    out = site / "_site/datasets/subventions"
    published = (out / "subventions.csv").read_bytes().decode("utf-8")
    assert published.splitlines() == [
        "Bénéficiaire,Montant,Date de vote",
        "Comité des fêtes,1234.56,2023-12-31",
        "Association « Les Écureuils »,500,2024-03-15",
        "Club de football,12000.5,2024-02-01",
    ]
    assert (out / "source/subventions.csv").read_bytes() == SUBVENTIONS_CP1252  # the original, as "fichier source"
    page = (out / "index.html").read_text()
    assert "fichier source" in page and "normalisé" in page
    assert "1\u202f234,56" in page  # the preview uses French number formatting


def test_check_says_what_was_converted(tmp_path, capsys):
    site = site_with(tmp_path, {})
    assert main(["check", str(site)]) == 0
    err = capsys.readouterr().err
    assert "data/subventions.csv: converted for publication: encoding Windows-1252 → UTF-8; separator ';' → ','" in err
    assert "dd/mm/yyyy (Date de vote) → ISO 8601" in err


def test_every_download_round_trips_the_same_rows(tmp_path):
    site = site_with(tmp_path, {})
    build(site)
    out = site / "_site/datasets/subventions"
    expected = pd.read_csv(out / "subventions.csv")
    frames = {
        "json": pd.DataFrame(json.loads((out / "subventions.json").read_text())),
        "xlsx": pd.read_excel(out / "subventions.xlsx"),
        "parquet": pd.read_parquet(out / "subventions.parquet"),
    }
    for name, frame in frames.items():
        assert list(frame.columns) == list(expected.columns), name
        assert len(frame) == len(expected), name
        assert frame["Montant"].astype(float).tolist() == expected["Montant"].astype(float).tolist(), name
        assert frame["Bénéficiaire"].tolist() == expected["Bénéficiaire"].tolist(), name
    page = (out / "index.html").read_text()
    for name in ("subventions.csv", "subventions.json", "subventions.xlsx", "subventions.parquet"):
        assert f'href="{name}"' in page
    import hashlib
    digest = hashlib.sha256((out / "subventions.parquet").read_bytes()).hexdigest()
    assert digest in page  # the sha256 of each download is on the page


def test_rebuild_with_nothing_changed_does_no_data_work(tmp_path):
    site = site_with(tmp_path, {"data/autre.csv": "a,b\n1,2\n",
                                "datasets/autre.yml": "title: Autre\ndescription: x\nresources: [autre.csv]\n"})
    tables.WORK_COUNTER["processed"] = 0
    assert build(site).written
    assert tables.WORK_COUNTER["processed"] == 2
    assert build(site).up_to_date  # nothing changed at all: the build stops at once
    (site / "pages").mkdir()
    (site / "pages/a-propos.md").write_text("---\ntitle: À propos\n---\nTexte\n")
    assert build(site).written  # a page changed: everything is rendered again…
    assert tables.WORK_COUNTER["processed"] == 2  # …but the data work all came from the cache
    (site / "data/autre.csv").write_text("a,b\n1,3\n")
    assert build(site).written
    assert tables.WORK_COUNTER["processed"] == 3  # only the changed file was redone
    assert (site / "_site/datasets/autre/autre.csv").read_text() == "a,b\n1,3\n"


def test_bad_data_files_are_all_reported_with_rows(tmp_path, capsys):
    files = {
        "data/ragged.csv": "a,b,c\n1,2,3\n4,5\n6,7,8\n",
        "data/binaire.csv": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        "data/quote.csv": 'a,b\n1,"non fermé\n2,3\n',
        "datasets/ragged.yml": "title: R\ndescription: x\nresources: [ragged.csv]\n",
        "datasets/binaire.yml": "title: B\ndescription: x\nresources: [binaire.csv]\n",
        "datasets/quote.yml": "title: Q\ndescription: x\nresources: [quote.csv]\n",
    }
    site = site_with(tmp_path, files)
    assert main(["check", str(site)]) == 1
    err = capsys.readouterr().err
    assert "data/ragged.csv:3" in err and "2 fields" in err
    assert "data/binaire.csv" in err and "PDF" in err
    assert "data/quote.csv" in err and "quote" in err
    assert "check failed: 3 errors" in err


def test_big_file_keeps_the_page_small(tmp_path):
    rows = "\n".join(f"{i},Libellé numéro {i} avec un peu de texte,{i * 1.5}" for i in range(60_000))
    site = site_with(tmp_path, {"data/gros.csv": "id,libelle,valeur\n" + rows + "\n",
                                "datasets/gros.yml": "title: Gros\ndescription: x\nresources: [gros.csv]\n"})
    assert build(site).written
    page = site / "_site/datasets/gros/index.html"
    assert page.stat().st_size <= 300_000
    assert "Les 50 premières lignes sur 60\u202f000." in page.read_text()


EQUIPEMENTS = "nom,telephone,latitude,longitude\n" + "\n".join(
    f"Équipement {i},02 54 00 00 {i:02d},{47.48 + i / 1000:.4f},{1.58 + i / 1000:.4f}" for i in range(20)) + "\n"


def test_points_get_a_map_and_a_geojson_download(tmp_path):
    site = site_with(tmp_path, {
        "data/equipements.csv": EQUIPEMENTS,
        "datasets/equipements.yml": textwrap.dedent("""\
            title: Équipements
            description: x
            resources:
              - path: equipements.csv
                privacy: {telephone: {mode: reviewed, justification: standards des équipements publics}}
            """)})
    report = build(site)
    assert report.written, [f.format() for f in report.findings]
    out = site / "_site/datasets/equipements"
    collection = json.loads((out / "equipements.geojson").read_text())
    assert len(collection["features"]) == 20
    assert collection["features"][0]["geometry"] == {"type": "Point", "coordinates": [1.58, 47.48]}
    page = (out / "index.html").read_text()
    assert "data-map=" in page and "Passer la carte" in page and 'id="apres-carte"' in page
    assert "../../assets/vendor/leaflet/leaflet.js" in page


def test_swapped_coordinates_are_fixed_with_a_warning(tmp_path, capsys):
    swapped = "nom,latitude,longitude\nA,1.58,47.48\nB,1.59,47.49\n"
    site = site_with(tmp_path, {"data/eq.csv": swapped,
                                "datasets/eq.yml": "title: E\ndescription: x\nresources: [eq.csv]\n"})
    assert main(["build", str(site)]) == 0
    err = capsys.readouterr().err
    assert "data/eq.csv" in err and "swapped" in err
    collection = json.loads((site / "_site/datasets/eq/eq.geojson").read_text())
    assert collection["features"][0]["geometry"]["coordinates"] == [1.58, 47.48]


def test_ten_thousand_points_page_stays_small_and_loads_the_geojson(tmp_path):
    rows = "\n".join(f"P{i},{47 + (i % 100) / 100:.4f},{1 + (i // 100) / 100:.4f}" for i in range(10_000))
    site = site_with(tmp_path, {"data/points.csv": "nom,latitude,longitude\n" + rows + "\n",
                                "datasets/points.yml": "title: P\ndescription: x\nresources: [points.csv]\n"})
    assert build(site).written
    page = site / "_site/datasets/points/index.html"
    assert page.stat().st_size <= 100_000
    config = page.read_text()
    assert "points.geojson" in config and "inline-points" not in config


def test_chart_on_a_missing_column_names_the_dataset_file(tmp_path, capsys):
    dataset = textwrap.dedent("""\
        title: Subventions
        description: x
        resources: [subventions.csv]
        charts:
          - type: bar
            x: Bénéficiaire
            y: Montan
        """)
    site = site_with(tmp_path, {}, dataset)
    assert main(["check", str(site)]) == 1
    err = capsys.readouterr().err
    assert "datasets/subventions.yml" in err and "Montan" in err and "Montant" in err


def test_declared_chart_and_key_figures_are_on_the_page(tmp_path):
    dataset = textwrap.dedent("""\
        title: Subventions
        description: x
        resources: [subventions.csv]
        charts:
          - type: bar
            x: Bénéficiaire
            y: Montant
            title: Montant par bénéficiaire
        figures:
          - label: Montant total versé
            op: sum
            column: Montant
            unit: €
        """)
    site = site_with(tmp_path, {}, dataset)
    report = build(site)
    assert report.written, [f.format() for f in report.findings]
    page = (site / "_site/datasets/subventions/index.html").read_text()
    assert "<svg" in page and "Montant par bénéficiaire" in page and "<details>" in page
    assert "Montant total versé" in page and "13\u202f735,06\u00a0€" in page or "13\u202f735,06 €" in page


PEOPLE = ("nom,prenom,email,telephone,date_naissance,adresse,quartier\n"
          "Martin,Jeanne,jeanne.martin@gmail.com,06 12 34 56 78,1984-03-12,12 rue des Lilas,Centre\n"
          "Durand,Paul,paul.durand@orange.fr,07 98 76 54 32,1990-11-02,3 chemin du Moulin,Les Noues\n"
          "Petit,Lucie,lucie.petit@free.fr,06 11 22 33 44,1975-06-30,8 place de l'Église,Centre\n")


def test_personal_data_blocks_the_build_with_a_way_out(tmp_path, capsys):
    site = site_with(tmp_path, {"data/inscrits.csv": PEOPLE,
                                "datasets/inscrits.yml": "title: I\ndescription: x\nresources: [inscrits.csv]\n"})
    assert main(["build", str(site)]) == 1
    err = capsys.readouterr().err
    assert "data/inscrits.csv" in err and "email" in err and "privacy" in err
    assert not (site / "_site").exists()


ORIGINALS = ["jeanne.martin@gmail.com", "06 12 34 56 78", "0612345678", "1984-03-12", "12 rue des Lilas", "Durand",
             "Jeanne", "paul.durand"]


@pytest.mark.parametrize("mode", ["drop", "mask", "hash", "generalise"])
def test_anonymised_values_appear_nowhere_in_the_output(tmp_path, mode):
    rules = "\n".join(f"        {c}: {mode}" for c in ("nom", "prenom", "email", "telephone", "date_naissance", "adresse"))
    if mode == "generalise":
        rules = "\n".join(f"        {c}: {m}" for c, m in (("nom", "mask"), ("prenom", "mask"), ("email", "mask"),
                                                           ("telephone", "mask"), ("date_naissance", "generalise"),
                                                           ("adresse", "generalise")))
    dataset = "title: I\ndescription: x\nresources:\n  - path: inscrits.csv\n    privacy:\n" + rules + "\n"
    site = site_with(tmp_path, {"data/inscrits.csv": PEOPLE, "datasets/inscrits.yml": dataset})
    report = build(site)
    assert report.written, [f.format() for f in report.findings]
    out = site / "_site"
    assert (out / "datasets/inscrits/inscrits.csv").is_file()
    assert not (out / "datasets/inscrits/source").exists()  # the raw file is never published
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for original in ORIGINALS:
                assert original.encode("utf-8") not in data, (mode, path, original)


def test_rebuild_with_nothing_changed_stops_at_once(tmp_path, capsys):
    site = site_with(tmp_path, {})
    assert main(["build", str(site)]) == 0
    before = {p: p.stat().st_mtime_ns for p in (site / "_site").rglob("*")}
    assert main(["build", str(site)]) == 0
    assert "Nothing changed since the last build" in capsys.readouterr().out
    assert {p: p.stat().st_mtime_ns for p in (site / "_site").rglob("*")} == before
    (site / "datasets/subventions.yml").write_text("title: Autre titre\ndescription: x\nresources: [subventions.csv]\n")
    assert main(["build", str(site)]) == 0
    assert "Autre titre" in (site / "_site/datasets/subventions/index.html").read_text()


def test_rebuild_with_nothing_changed_does_not_load_the_data_libraries(tmp_path):
    """The no-change rebuild compares fingerprints only: a fresh `portalgen build` process must not spend its time
    importing pandas, pyarrow, jinja2 or rdflib (about 3 s on a busy machine), nor the config schema, the YAML
    reader or multiprocessing (~0.15 s: most of a no-change rebuild of a small site)."""
    import subprocess
    import sys
    site = site_with(tmp_path, {})
    assert main(["build", str(site)]) == 0
    script = ("import sys; from portalgen.cli import main; code = main(['build', sys.argv[1]]); "
              "print(sorted(m for m in ('pandas', 'pyarrow', 'jinja2', 'rdflib', 'portalgen.config.schema', 'yaml', "
              "'multiprocessing') if m in sys.modules)); "
              "sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, str(site)], capture_output=True, text=True, check=True)
    assert "Nothing changed since the last build" in done.stdout
    assert done.stdout.strip().endswith("[]"), done.stdout
