"""Pages around the data: reuses, news and agenda, themes and producers, feedback, mandatory pages."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from urllib.parse import unquote

from portalgen.cli import main
from portalgen.pipeline import build
from tests.helpers import broken_internal_links, dangerous_markup, write_site

STORY = {
    "portal.yml": """\
        title: Données ouvertes de Testville
        commune: {name: Testville, insee: "35238"}
        site_url: https://example.org/testville/
        publisher: {name: Mairie de Testville, email: mairie@testville.fr}
        themes:
          - name: Économie et finances
            description: Budget, subventions et marchés.
        producers:
          - name: Service finances
            kind: service
            description: Prépare le budget.
        legal:
          director: Marie Dupont, maire
          host: {name: GitHub Inc., address: "88 Colin P Kelly Jr St, San Francisco"}
        """,
    "datasets/subventions.yml": """\
        title: Subventions
        description: Les subventions versées aux associations.
        resources: [subventions.csv]
        theme: Économie et finances
        producer: Service finances
        datagouv_url: https://www.data.gouv.fr/fr/datasets/subventions-testville/
        """,
    "datasets/budget.yml": """\
        title: Budget
        description: Le budget.
        resources: [subventions.csv]
        theme: Environnement
        """,
    "reuses/carte.md": "---\ntitle: Carte des associations\ntype: application\nauthor: Jeanne\n"
                       "url: https://example.org/carte\ndatasets: [subventions]\ndate: 2025-03-01\n---\nUne carte.\n",
    "reuses/article.md": "---\ntitle: Où va l'argent ?\ntype: article\ndatasets: [budget]\n---\nUn article.\n",
    "news/atelier.md": "---\ntitle: Atelier données\ndate: 2027-05-12\nevent: true\nplace: Médiathèque\n---\nVenez !\n",
    "news/lancement.md": "---\ntitle: Lancement du portail\ndate: 2025-01-15\nauthor: La mairie\n---\nC'est parti.\n",
}


PORTAL = textwrap.dedent(STORY["portal.yml"])


def test_story_pages_are_built_and_linked(tmp_path):
    site = write_site(tmp_path / "site", STORY)
    report = build(site)
    assert report.written, [f.format() for f in report.findings]
    out = site / "_site"
    for rel in ("themes/index.html", "themes/economie-et-finances/index.html", "themes/environnement/index.html",
                "producers/service-finances/index.html", "producers/mairie-de-testville/index.html",
                "reuses/index.html", "reuses/carte/index.html", "news/feed.xml", "accessibilite/index.html",
                "mentions-legales/index.html", "donnees-personnelles/index.html"):
        assert (out / rel).is_file(), rel
    assert broken_internal_links(out) == []
    theme = (out / "themes/economie-et-finances/index.html").read_text()
    assert "Budget, subventions et marchés." in theme and "../../datasets/subventions/" in theme
    assert "../../datasets/budget/" not in theme
    home = (out / "index.html").read_text()
    assert "Atelier données" in home and 'data-event-date="2027-05-12"' in home and "Médiathèque" in home
    assert "Accessibilité : non conforme" in home


def test_reuse_showcase_filters_and_proposal_link(tmp_path):
    site = write_site(tmp_path / "site", STORY)
    build(site)
    page = (site / "_site/reuses/index.html").read_text()
    assert 'data-type="application" data-datasets="subventions"' in page
    assert '<option value="article">Article</option>' in page
    assert 'href="mailto:mairie@testville.fr?subject=Proposition%20de%20r%C3%A9utilisation' in page
    dataset = (site / "_site/datasets/subventions/index.html").read_text()
    assert "Carte des associations" in dataset  # the dataset page lists its reuses


def test_report_an_error_link_prefilled_with_dataset_and_url(tmp_path):
    site = write_site(tmp_path / "site", STORY)
    build(site)
    page = (site / "_site/datasets/subventions/index.html").read_text()
    start = page.index('href="mailto:mairie@testville.fr?subject=Erreur')
    link = unquote(page[start + 6: page.index('"', start + 6)].replace("&amp;", "&"))
    assert "Erreur dans les données : Subventions" in link
    assert "https://example.org/testville/datasets/subventions/" in link
    assert "https://www.data.gouv.fr/fr/datasets/subventions-testville/" in page


def test_configured_error_form_replaces_email(tmp_path):
    files = dict(STORY)
    files["portal.yml"] = PORTAL + "feedback:\n  error_url: https://forms.example.org/erreur?jeu={dataset}\n"
    site = write_site(tmp_path / "site", files)
    build(site)
    page = (site / "_site/datasets/subventions/index.html").read_text()
    assert 'href="https://forms.example.org/erreur?jeu=subventions"' in page


def test_atom_feed_is_valid_and_absolute(tmp_path):
    site = write_site(tmp_path / "site", STORY)
    build(site)
    feed = ET.parse(site / "_site/news/feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == ["Atelier données", "Lancement du portail"]
    assert entries[1].find("a:link", ns).get("href") == "https://example.org/testville/news/lancement/"


def test_accessibility_statement_with_audit(tmp_path):
    files = dict(STORY)
    files["portal.yml"] = PORTAL + (
        "accessibility:\n  audit: {date: 2025-06-01, rate: 87.5, auditor: Access42}\n  contact: a11y@testville.fr\n")
    site = write_site(tmp_path / "site", files)
    build(site)
    page = (site / "_site/accessibilite/index.html").read_text()
    assert "partiellement conforme" in page and "87,5 %" in page and "Access42" in page
    assert "Défenseur des droits" in page and "mailto:a11y@testville.fr" in page
    assert "Accessibilité : partiellement conforme" in (site / "_site/index.html").read_text()
    legal = (site / "_site/mentions-legales/index.html").read_text()
    assert "Marie Dupont, maire" in legal and "GitHub Inc." in legal


def test_english_story_pages(tmp_path):
    files = dict(STORY)
    files["portal.yml"] = PORTAL + "language: en\n"
    site = write_site(tmp_path / "site", files)
    build(site)
    assert "Accessibility statement" in (site / "_site/accessibilite/index.html").read_text()
    assert "Report an error in this data" in (site / "_site/datasets/subventions/index.html").read_text()
    assert "12 May 2027" in (site / "_site/index.html").read_text()


def test_reuse_pointing_to_a_missing_dataset_and_missing_image(tmp_path, capsys):
    files = dict(STORY)
    files["reuses/carte.md"] = "---\ntitle: Carte\ntype: application\nimage: static/carte.png\ndatasets: [subvention]\n---\nx\n"
    site = write_site(tmp_path / "site", files)
    assert main(["check", str(site)]) == 1
    err = capsys.readouterr().err
    assert ('reuses/carte.md:5:11: datasets: the dataset "subvention" does not exist. '
            "Hint: did you mean 'subventions'?") in err
    assert ('reuses/carte.md:4:8: image: the image "static/carte.png" does not exist. '
            "Hint: put the image in the site's static/ folder, e.g. static/reuses/carte.png.") in err


def test_unknown_reuse_type_and_duplicate_theme(tmp_path, capsys):
    files = dict(STORY)
    files["reuses/carte.md"] = "---\ntitle: Carte\ntype: appli\n---\nx\n"
    files["portal.yml"] = PORTAL.replace(
        "producers:", "  - name: Economie et finances\nproducers:")
    site = write_site(tmp_path / "site", files)
    assert main(["check", str(site)]) == 1
    err = capsys.readouterr().err
    assert ('reuses/carte.md:3:7: type: expected one of application, visualisation, article, api, service, autre, '
            'found the text "appli". Hint: choose one of the values listed.') in err
    assert 'the theme "Economie et finances" is declared twice (same address "economie-et-finances")' in err


XSS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">clic</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"></svg>',
    '"><script>alert(2)</script>',
    "<a href='data:text/html;base64,PHNjcmlwdD4='>x</a>",
    "[lien](javascript:alert(3))",
    "<body onload=alert(4)>",
]


def test_xss_corpus_through_every_text_field(tmp_path):
    corpus = " ".join(XSS)
    quoted = corpus.replace("'", "''")
    files = {
        "portal.yml": f"""\
            title: 'Portail {quoted}'
            tagline: '{quoted}'
            description: '{quoted}'
            commune: {{name: 'Testville {quoted}', insee: "35238", department: '{quoted}'}}
            site_url: https://example.org/
            publisher: {{name: '{quoted}', address: '{quoted}', email: mairie@testville.fr}}
            navigation: [{{title: '{quoted}', url: pages/p/}}]
            themes: [{{name: 'Thème {quoted}', description: '{quoted}'}}]
            producers: [{{name: 'Service {quoted}', description: '{quoted}'}}]
            legal: {{director: '{quoted}', host: {{name: '{quoted}'}}}}
            accessibility: {{non_accessible: ['{quoted}']}}
            """,
        "datasets/subventions.yml": f"""\
            title: 'Titre {quoted}'
            description: 'Texte {quoted}'
            keywords: ['{quoted}']
            theme: 'Thème {quoted}'
            producer: 'Service {quoted}'
            resources:
              - path: subventions.csv
                title: '{quoted}'
                description: '{quoted}'
            """,
        "pages/p.md": f"---\ntitle: '{quoted}'\nnav: true\n---\n{corpus}\n",
        "news/n.md": f"---\ntitle: '{quoted}'\ndate: 2025-01-01\nauthor: '{quoted}'\nsummary: '{quoted}'\n"
                     f"place: '{quoted}'\nevent: true\n---\n{corpus}\n",
        "reuses/r.md": f"---\ntitle: '{quoted}'\nauthor: '{quoted}'\ndatasets: [subventions]\n---\n{corpus}\n",
        "data/subventions.csv": "beneficiaire,montant\n\"<script>alert(9)</script>\",1\n\"<img src=x onerror=alert(8)>\",2\n",
    }
    site = write_site(tmp_path / "site", files)
    report = build(site)
    assert report.written, [f.format() for f in report.findings]
    out = site / "_site"
    assert dangerous_markup(out) == []
    for path in out.rglob("*"):
        if path.suffix in (".html", ".xml", ".svg"):  # markup; data files (JSON, CSV, RDF) carry the text as data
            text = path.read_text(encoding="utf-8")
            assert "<script>alert" not in text, path
            assert "<iframe" not in text, path
            assert "<svg onload" not in text, path
