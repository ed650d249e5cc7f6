"""The register of deliberations: grouped by year, each entry linking to its document, filterable."""

from __future__ import annotations

import datetime as dt
from html import unescape
from pathlib import Path

from portalgen.commonbase import build_register, read_entries
from tests.commonbase.support import (DELIBERATIONS_HEADER, TINY_PDF, deliberation, heading_problems, parse_page)
from tests.helpers import broken_internal_links, dangerous_markup, external_references

REGISTER = "datasets/deliberations/registre/index.html"


def _sections(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('<section class="register-year" id="')[1:]]


def test_register_groups_entries_by_year_newest_first(full_site):
    _, out, _ = full_site
    path = out / REGISTER
    html = unescape(path.read_text(encoding="utf-8"))
    assert "<h1>Registre des délibérations</h1>" in html
    assert "5 délibérations, issues du jeu de données « Délibérations du conseil municipal »." in html
    assert _sections(html) == ["annee-2024", "annee-2023"]
    page = parse_page(path)
    assert [text for level, text in page.headings if level == 2] == ["2024 3 délibérations", "2023 2 délibérations"]
    rows = page.tables["register"]
    header = ["Date", "Numéro", "Objet", "Matière", "Votes", "Document"]
    assert [r for r in rows if r == header] == [header, header]  # one table per year, each with its header
    entries = [r for r in rows if r != header]
    assert [r[1] for r in entries] == ["DCM-2024-012", "DCM-2024-011", "DCM-2024-009", "DCM-2023-002", "DCM-2023-001"]
    budget = next(r for r in entries if r[1] == "DCM-2024-009")
    assert budget[0] == "28 mars 2024"
    assert budget[2] == "Vote du budget primitif 2024 Budget : Budget principal 2024"
    assert budget[3] == "7.1 Finances locales / Décisions budgétaires"
    assert budget[4] == "16 pour, 3 contre, 0 abstention"
    assert next(r for r in entries if r[1] == "DCM-2024-011")[4] == "19 pour, 0 contre, 0 abstention unanimité"
    assert heading_problems(path) == []


def test_each_entry_links_to_its_document(full_site):
    _, out, report = full_site
    links = {text: href for href, text, _ in parse_page(out / REGISTER).links}
    # a PDF of the dataset with the same name as DELIB_URL's file: the copy on the portal, and the original address
    assert links["Texte (sur ce portail) de la délibération DCM-2024-009"] == "../dcm-2024-009.pdf"
    assert links["adresse d'origine de la délibération DCM-2024-009"] == \
        "https://www.testville.fr/deliberations/DCM-2024-009.pdf"
    # no DELIB_URL, but the dataset has the PDF named after the deliberation
    assert links["Texte (sur ce portail) de la délibération DCM-2024-011"] == "../dcm-2024-011.pdf"
    # DELIB_URL names a file of data/ that is not a resource: it is published beside the register
    assert links["Texte (sur ce portail) de la délibération DCM-2023-002"] == "documents/dcm-2023-002.pdf"
    assert (out / "datasets/deliberations/registre/documents/dcm-2023-002.pdf").read_bytes() == TINY_PDF
    # a web address is linked as it is
    assert links["Texte de la délibération DCM-2023-001"] == "https://www.testville.fr/deliberations/DCM-2023-001.pdf"
    # a local file that does not exist: no link, and a warning naming the row
    assert "Texte de la délibération DCM-2024-012" not in links
    missing = [f for f in report.findings if f.code == "register-document-missing"]
    assert len(missing) == 1
    assert missing[0].where.file == "data/deliberations.csv" and missing[0].where.line == 6
    assert "introuvable.pdf" in missing[0].message and "https://" in missing[0].hint
    assert broken_internal_links(out) == []


def test_register_is_filterable_without_needing_javascript_to_read_it(full_site):
    _, out, _ = full_site
    html = unescape((out / REGISTER).read_text(encoding="utf-8"))
    # the filter form is hidden until register.js shows it; every entry is in the page without it
    assert '<form class="filters register-filters" data-register hidden' in html
    assert '<script src="../../../assets/register.js" defer></script>' in html
    assert (out / "assets/register.js").is_file() and (out / "assets/commonbase.css").is_file()
    for option in ('<option value="2024">2024</option>', '<option value="2023">2023</option>',
                   '<option value="7">Finances locales : toutes (3)</option>',
                   '<option value="7.5">7.5 – Subventions (1)</option>'):
        assert option in html
    assert html.count('<tr data-subject="7.1">') == 2
    assert '<a href="#annee-2023">2023</a>' in html
    assert dangerous_markup(out) == [] and external_references(out) == []


def test_dataset_page_links_to_its_register(full_site):
    _, out, _ = full_site
    links = {text: href for href, text, _ in parse_page(out / "datasets/deliberations/index.html").links}
    assert links["Parcourir le registre des délibérations"] == "registre/"
    assert "Parcourir le registre des délibérations" not in {
        text for _, text, _ in parse_page(out / "datasets/subventions/index.html").links}


def test_read_entries_handles_missing_dates_votes_and_columns(tmp_path, full_site):
    site, _, report = full_site
    dataset = report.site.dataset("deliberations")
    csv_path = tmp_path / "delibs.csv"
    csv_path.write_text("\n".join([
        DELIBERATIONS_HEADER,
        deliberation("A-1", "", "3.1", "Domaine et patrimoine/Acquisitions", "Achat d'un terrain", ",,,,", ""),
        deliberation("A-2", "2022-12-01", "3.1", "Domaine et patrimoine/Acquisitions", "Achat d'un local",
                     "19,19,10,5,4", "https://www.testville.fr/a-2.pdf"),
    ]) + "\n", encoding="utf-8")
    entries, documents, findings = read_entries(csv_path, dataset, label="data/delibs.csv", site_root=site)
    assert findings == [] and documents == []
    undated, dated = entries
    assert undated.date is None and undated.year == "sans-date" and undated.votes is None and undated.document is None
    assert dated.date == dt.date(2022, 12, 1) and dated.votes.abstention == 4 and not dated.votes.unanimous
    register = build_register("deliberations", entries, documents)
    assert [g.year for g in register.years] == ["2022", "sans-date"]
    assert [(g.domain.code, g.domain.name, [s.code for s in g.subjects]) for g in register.subjects] == [
        ("3", "Domaine et patrimoine", ["3.1"])]

    bad = tmp_path / "bad.csv"
    bad.write_text("DELIB_ID,DATE\nA,2024-01-01\n", encoding="utf-8")
    entries, _, findings = read_entries(bad, dataset, label="data/bad.csv", site_root=site)
    assert entries == [] and len(findings) == 1
    assert "DELIB_DATE, DELIB_OBJET" in findings[0].message and findings[0].where.file == "data/bad.csv"


def test_document_paths_cannot_leave_the_data_folder(tmp_path, full_site):
    site, _, report = full_site
    dataset = report.site.dataset("deliberations")
    csv_path = tmp_path / "delibs.csv"
    csv_path.write_text("\n".join([DELIBERATIONS_HEADER, deliberation(
        "X-1", "2024-01-01", "7.1", "Finances locales/Divers", "Objet", "1,1,1,0,0", "../portal.yml")]) + "\n",
        encoding="utf-8")
    entries, documents, findings = read_entries(csv_path, dataset, label="data/delibs.csv", site_root=site)
    assert documents == [] and entries[0].document is None
    assert [f.code for f in findings] == ["register-document-missing"]
    assert "leaves the data/ folder" in findings[0].message
    assert Path(site / "portal.yml").is_file()
