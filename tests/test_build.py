"""Build real sites and assert on the output files."""

from __future__ import annotations

import subprocess
import sys
from portalgen.cli import main
from portalgen.pipeline import build
from tests.helpers import broken_internal_links, dangerous_markup, external_references, tree_bytes, write_site


def test_minimal_site_has_the_contract_pages(tmp_path):
    site = write_site(tmp_path / "site")
    report = build(site)
    assert report.written, [f.format() for f in report.findings]
    out = site / "_site"
    for rel in ("index.html", "datasets/index.html", "datasets/subventions/index.html", "404.html",
                "datasets/subventions/subventions.csv", "assets/portal.css"):
        assert (out / rel).is_file(), rel
    page = (out / "datasets/subventions/index.html").read_text()
    assert "<h1>Subventions</h1>" in page
    assert 'lang="fr"' in page
    assert 'href="../../assets/portal.css"' in page
    assert (out / "datasets/subventions/subventions.csv").read_bytes() == (site / "data/subventions.csv").read_bytes()


def test_two_builds_are_byte_identical(tmp_path):
    site = write_site(tmp_path / "site", {"news/a.md": "---\ntitle: A\ndate: 2025-01-02\n---\nTexte\n",
                                          "pages/a-propos.md": "---\ntitle: À propos\nnav: true\n---\nTexte\n"})
    assert build(site, tmp_path / "one").written
    assert build(site, tmp_path / "two").written
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_templates_compiled_by_an_earlier_build_give_the_same_site(tmp_path, monkeypatch):
    from portalgen.render.env import TemplateBytecodeCache
    site = write_site(tmp_path / "site", {"news/a.md": "---\ntitle: A\ndate: 2025-01-02\n---\nTexte\n"})
    monkeypatch.setattr(TemplateBytecodeCache, "store", {})
    assert build(site, tmp_path / "one").written
    assert list((site / ".portalgen-cache" / "templates").glob("*.jinja"))
    TemplateBytecodeCache.store = {}  # as in a new process: the templates come from the cache folder only
    assert build(site, tmp_path / "two").written
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")


def test_source_date_epoch_sets_generated_on(tmp_path, monkeypatch):
    site = write_site(tmp_path / "site")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01
    build(site)
    assert "Généré le 1er janvier 2025." in (site / "_site/index.html").read_text()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    build(site)
    assert "Généré le" not in (site / "_site/index.html").read_text()


def test_every_internal_link_resolves_and_nothing_loads_from_another_host(tmp_path):
    files = {f"datasets/d{i:03}.yml": f"title: Jeu {i}\ndescription: x\nresources: [subventions.csv]\n"
             for i in range(120)}
    files.update({"news/a.md": "---\ntitle: A\ndate: 2025-01-02\ndatasets: [d001]\n---\nTexte\n",
                  "reuses/carte.md": "---\ntitle: Carte\ntype: application\ndatasets: [d002]\n---\nUne carte.\n",
                  "pages/a-propos.md": "---\ntitle: À propos\nnav: true\n---\nTexte\n"})
    site = write_site(tmp_path / "site", files)
    assert build(site).written
    out = site / "_site"
    assert broken_internal_links(out) == []
    assert external_references(out) == []


def test_catalogue_is_paginated_beyond_50(tmp_path):
    files = {f"datasets/d{i:03}.yml": f"title: Jeu {i:03}\ndescription: x\nresources: [subventions.csv]\n"
             for i in range(120)}
    site = write_site(tmp_path / "site", files)
    build(site)
    out = site / "_site/datasets"
    assert (out / "page/2/index.html").is_file() and (out / "page/3/index.html").is_file()
    assert not (out / "page/4").exists()
    first = (out / "index.html").read_text()
    assert first.count('class="card dataset-card"') == 50
    assert 'href="page/2/"' in first and 'rel="next"' in first
    assert (out / "page/3/index.html").read_text().count('class="card dataset-card"') == 121 - 100


def test_html_and_script_in_text_fields_never_reach_a_page(tmp_path):
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
    site = write_site(tmp_path / "site", {
        "portal.yml": f"""\
            title: 'Portail {evil}'
            description: 'Pourquoi {evil}'
            commune: {{name: Testville, insee: "35238"}}
            site_url: https://example.org/
            """,
        "datasets/subventions.yml": f"title: 'Titre {evil}'\ndescription: 'Texte **gras** {evil}'\n"
                                    f"keywords: ['{evil}']\nresources: [subventions.csv]\n",
        "pages/p.md": f"---\ntitle: 'Page {evil}'\n---\nCorps {evil}\n",
    })
    assert build(site).written
    assert dangerous_markup(site / "_site") == []
    for page in (site / "_site").rglob("*.html"):
        assert "<script>alert" not in page.read_text(), page
    dataset = (site / "_site/datasets/subventions/index.html").read_text()
    assert "<strong>gras</strong>" in dataset
    assert "&lt;script&gt;" in dataset  # the title is shown, escaped


def test_site_templates_and_static_override_the_theme(tmp_path):
    site = write_site(tmp_path / "site", {
        "templates/page.html": '{% extends "theme:page.html" %}{% block title %}SURCHARGE{% endblock %}',
        "static/portal.css": "body { color: red; }",
        "pages/p.md": "---\ntitle: P\n---\nx\n",
    })
    build(site)
    out = site / "_site"
    assert "<title>SURCHARGE</title>" in (out / "pages/p/index.html").read_text()
    assert (out / "assets/portal.css").read_text() == "body { color: red; }"


def test_english_interface(tmp_path):
    site = write_site(tmp_path / "site", {"portal.yml": "title: Open data\ncommune: {name: T, insee: '35238'}\n"
                                                        "language: en\nsite_url: https://example.org/\n"})
    build(site)
    page = (site / "_site/datasets/subventions/index.html").read_text()
    assert 'lang="en"' in page and "Files to download" in page and "Fichiers" not in page


def test_links_work_under_a_sub_folder(tmp_path):
    site = write_site(tmp_path / "site")
    build(site)
    page = (site / "_site/datasets/subventions/index.html").read_text()
    assert 'href="../../"' in page  # home, relative: the same build works at / and under /repo/
    not_found = (site / "_site/404.html").read_text()
    assert '<base href="/testville/">' in not_found


def test_init_then_check_then_build(tmp_path, capsys):
    target = tmp_path / "nouvelle"
    assert main(["init", str(target), "--commune", "Saint-Aubin", "--insee", "35238", "--yes"]) == 0
    portal = (target / "portal.yml").read_text()
    assert 'department: "Ille-et-Vilaine"' in portal and "site_url: https://data.saint-aubin.fr/" in portal
    assert main(["check", str(target)]) == 0
    assert main(["build", str(target)]) == 0
    assert (target / "_site/datasets/equipements-exemple/index.html").is_file()


def test_init_refuses_a_non_empty_folder_and_a_bad_insee(tmp_path, capsys):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "f").write_text("")
    assert main(["init", str(tmp_path / "x"), "--yes"]) == 1
    assert main(["init", str(tmp_path / "y"), "--insee", "123", "--yes"]) == 1
    err = capsys.readouterr().err
    assert "already exists and is not empty" in err and '"123" is not an INSEE commune code' in err


def test_python_dash_m_runs_the_cli(tmp_path):
    site = write_site(tmp_path / "site")
    result = subprocess.run([sys.executable, "-m", "portalgen", "build", str(site), "-o", str(tmp_path / "o")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Built" in result.stdout


def test_python_dash_m_reports_a_failed_build_and_its_exit_code(tmp_path):
    site = write_site(tmp_path / "site", {"datasets/x.yml": "title: [unclosed\n"})
    result = subprocess.run([sys.executable, "-m", "portalgen", "build", str(site), "-o", str(tmp_path / "o")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "x.yml" in result.stderr
    assert not (tmp_path / "o").exists()


def test_the_command_ends_after_its_exit_handlers_with_its_output_flushed():
    """``exit_now`` skips Python's teardown, not the exit handlers nor what is still buffered."""
    script = ("import atexit, sys; from portalgen.cli import exit_now; "
              "atexit.register(lambda: print('handler ran')); print('buffered', end=' '); "
              "print('error text', end='', file=sys.stderr); exit_now(3)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (3, "buffered handler ran\n", "error text")


def test_two_items_writing_the_same_path_is_an_error(tmp_path, capsys):
    site = write_site(tmp_path / "site", {
        "data/a/liste.csv": "x\n1\n", "data/b/liste.csv": "x\n2\n",
        "datasets/subventions.yml": "title: S\ndescription: x\nresources: [a/liste.csv, b/liste.csv]\n"})
    assert main(["check", str(site)]) == 1
    assert 'two items write the same file "datasets/subventions/source/liste.csv"' in capsys.readouterr().err


def test_broken_site_template_is_reported_with_its_line(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n{{ doc.title | nosuchfilter }}\n{% endblock %}\n",
                                          "pages/p.md": "---\ntitle: P\n---\nx\n"})
    assert main(["build", str(site)]) == 1
    err = capsys.readouterr().err
    assert "template error" in err and "nosuchfilter" in err


def test_a_build_sets_the_collector_for_itself_and_puts_it_back(tmp_path, monkeypatch):
    """During a build: young collections far apart, each stage's results frozen; after it, Python's settings
    and no frozen object left (a long-lived process, `serve` or a syndicat, builds again and again)."""
    import gc

    from portalgen.enrich import stage
    from portalgen.pipeline import BUILD_YOUNG_COLLECTION_EVERY
    seen = []

    def look(site, context):
        seen.append((gc.get_threshold(), gc.get_freeze_count()))
        return site, []

    monkeypatch.setattr(stage, "ENRICHERS", (*stage.ENRICHERS, look))
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    site = write_site(tmp_path / "site")
    assert build(site).written
    (threshold, *older), frozen = seen[0]
    assert threshold == max(before[0], BUILD_YOUNG_COLLECTION_EVERY) and tuple(older) == before[1:]
    assert frozen > 0  # what the read stage made
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
