"""Fixture sites for the common-base tests: a commune with SCDL datasets written by hand."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from portalgen.pipeline import BuildReport, build
from tests.helpers import write_site


def luhn_complete(prefix: str) -> str:
    """``prefix`` followed by the digit that makes it pass the Luhn check (SIREN/SIRET check digit)."""
    for digit in "0123456789":
        candidate = prefix + digit
        total = 0
        for position, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def siret(siren_start: str, establishment: str) -> str:
    """A valid SIRET: a valid SIREN (8 digits + check digit), then 4 digits + check digit."""
    return luhn_complete(luhn_complete(siren_start) + establishment)


COMMUNE_SIRET = siret("21350238", "0001")
BENEFICIARY_A = siret("41234567", "0001")
BENEFICIARY_B = siret("52345678", "0002")

PORTAL = f"""\
title: Données ouvertes de Testville
commune:
  name: Testville
  insee: "35238"
  siret: "{COMMUNE_SIRET}"
site_url: https://example.org/testville/
publisher:
  name: Mairie de Testville
  email: mairie@testville.fr
"""

PORTAL_WITHOUT_SIRET = PORTAL.replace(f'  siret: "{COMMUNE_SIRET}"\n', "")

SUBVENTIONS_HEADER = ("nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;"
                      "rnaBeneficiaire;objet;montant;nature;conditionsVersement;datesPeriodeVersement;idRAE;"
                      "notificationUE;pourcentageSubvention;dispositifAide")

VALID_SUBVENTIONS_ROWS = [
    f"Commune de Testville;{COMMUNE_SIRET};15/03/2024;DCM-2024-011;Association sportive de Testville;{BENEFICIARY_A};"
    "W351234567;Équipement des équipes de jeunes;1500,50;aide en numéraire;unique;2024-04-01;;non;1;",
    f"Commune de Testville;{COMMUNE_SIRET};15/03/2024;DCM-2024-011;Chorale « Les Voix de l'Étang »;{BENEFICIARY_B};"
    ";Concert de printemps à l'église;300,00;aide en nature;unique;2024-05-02;;non;0,5;",
    f"Commune de Testville;{COMMUNE_SIRET};20/06/2024;DCM-2024-020;Comité des fêtes;;W351234569;"
    "Fête de la musique – édition 2024;2000,00;aide en numéraire;échelonné;2024-06-01/2024-09-30;;non;1;",
]


def cp1252_csv(header: str, rows: list[str]) -> bytes:
    """A spreadsheet export: Windows-1252, semicolons, Windows line ends."""
    return ("\r\n".join([header, *rows]) + "\r\n").encode("cp1252")


def subventions_dataset(path: str = "subventions.csv") -> str:
    return f"""\
title: Subventions aux associations
description: Les subventions versées aux associations de Testville.
resources:
  - {path}
licence: lov2
keywords: [subventions, associations]
theme: Économie et finances
frequency: annual
temporal: {{start: 2024-01-01, end: 2024-12-31}}
schema: scdl/subventions
issued: 2024-07-01
modified: 2024-07-01
"""


def subventions_site(root: Path, rows: list[str] | None = None, *, portal: str = PORTAL,
                     extra: dict[str, str | bytes] | None = None) -> Path:
    """A site with one scdl/subventions dataset whose file is a cp1252 ';' decimal-comma export."""
    files: dict[str, str | bytes] = {
        "portal.yml": portal,
        "datasets/subventions.yml": subventions_dataset(),
        "data/subventions.csv": cp1252_csv(SUBVENTIONS_HEADER, VALID_SUBVENTIONS_ROWS if rows is None else rows),
    }
    files.update(extra or {})
    return write_site(root, files, minimal=False)


def built(site: Path, out: Path | None = None) -> tuple[BuildReport, Path]:
    """Build ``site`` and return the report and output folder; fails the test when nothing was written."""
    report = build(site, out)
    assert report.written, "\n".join(f.format() for f in report.findings)
    return report, report.out_dir


DELIBERATIONS_HEADER = ("COLL_NOM,COLL_SIRET,DELIB_ID,DELIB_DATE,DELIB_MATIERE_CODE,DELIB_MATIERE_NOM,DELIB_OBJET,"
                        "BUDGET_ANNEE,BUDGET_NOM,PREF_ID,PREF_DATE,VOTE_EFFECTIF,VOTE_REEL,VOTE_POUR,VOTE_CONTRE,"
                        "VOTE_ABSTENTION,DELIB_URL")


def deliberation(delib_id: str, date: str, code: str, matiere: str, objet: str, votes: str, url: str,
                 budget: str = ",") -> str:
    return (f"Commune de Testville,{COMMUNE_SIRET},{delib_id},{date},{code},{matiere},\"{objet}\",{budget},"
            f"PREF035,{date},{votes},{url}")


DELIBERATIONS_ROWS = [
    deliberation("DCM-2023-001", "2023-02-09", "7.1", "Finances locales/Décisions budgétaires",
                 "Débat d'orientation budgétaire 2023", "19,19,19,0,0",
                 "https://www.testville.fr/deliberations/DCM-2023-001.pdf"),
    deliberation("DCM-2023-002", "2023-06-15", "5.3", "Institutions et vie politique/Désignation de représentants",
                 "Désignation du correspondant défense", "19,18,17,0,1", "annexes/dcm-2023-002.pdf"),
    deliberation("DCM-2024-009", "2024-03-28", "7.1", "Finances locales/Décisions budgétaires",
                 "Vote du budget primitif 2024", "19,19,16,3,0",
                 "https://www.testville.fr/deliberations/DCM-2024-009.pdf", budget="2024,Budget principal"),
    deliberation("DCM-2024-011", "2024-03-28", "7.5", "Finances locales/Subventions",
                 "Attribution des subventions aux associations", "19,19,19,0,0", ""),
    deliberation("DCM-2024-012", "2024-05-02", "8.5", "Domaines de compétences par thèmes/Politique de la ville",
                 "Convention avec le centre social", "19,19,19,0,0", "introuvable.pdf"),
]

TINY_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

DELIBERATIONS_DATASET = """\
title: Délibérations du conseil municipal
description: Les délibérations adoptées par le conseil municipal de Testville depuis 2023.
resources:
  - deliberations.csv
  - path: dcm-2024-009.pdf
    title: Délibération DCM-2024-009
  - path: dcm-2024-011.pdf
    title: Délibération DCM-2024-011
licence: lov2
keywords: [délibérations]
theme: Vie municipale
frequency: irregular
temporal: {start: 2023-01-01, end: 2024-12-31}
schema: scdl/deliberations
issued: 2023-03-01
modified: 2024-06-01
"""


def deliberations_files() -> dict[str, str | bytes]:
    """The files of a deliberations dataset: the CSV, two declared PDFs and one PDF only named by DELIB_URL."""
    return {
        "datasets/deliberations.yml": DELIBERATIONS_DATASET,
        "data/deliberations.csv": "\n".join([DELIBERATIONS_HEADER, *DELIBERATIONS_ROWS]) + "\n",
        "data/dcm-2024-009.pdf": TINY_PDF,
        "data/dcm-2024-011.pdf": TINY_PDF,
        "data/annexes/dcm-2023-002.pdf": TINY_PDF,
    }


class _Page(HTMLParser):
    """Collects headings, table rows (cell texts) per table class, and links of a page."""

    def __init__(self):
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.tables: dict[str, list[list[str]]] = {}
        self.links: list[tuple[str, str, str]] = []   # (href, text, class)
        self._heading: list | None = None
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._link: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [int(tag[1]), []]
        elif tag == "table":
            self._table = attrs.get("class") or ""
            self.tables.setdefault(self._table, [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a":
            self._link = [attrs.get("href", ""), [], attrs.get("class") or ""]

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading:
            self.headings.append((self._heading[0], " ".join("".join(self._heading[1]).split())))
            self._heading = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._table is not None:
                self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join("".join(self._link[1]).split()), self._link[2]))
            self._link = None

    def handle_data(self, data):
        for target in (self._heading[1] if self._heading else None, self._cell,
                       self._link[1] if self._link else None):
            if target is not None:
                target.append(data)


def parse_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def heading_problems(path: Path) -> list[str]:
    """Headings that skip a level (h1 then h3) or a page without exactly one h1."""
    levels = [level for level, _ in parse_page(path).headings]
    problems = [] if levels.count(1) == 1 and levels[:1] == [1] else [f"h1 count/position wrong: {levels}"]
    for before, after in zip(levels, levels[1:]):
        if after > before + 1:
            problems.append(f"h{before} followed by h{after}")
    return problems


def wrong_check_digit(siret_text: str) -> str:
    return siret_text[:-1] + str((int(siret_text[-1]) + 1) % 10)


INVALID_SUBVENTIONS_ROWS = [
    VALID_SUBVENTIONS_ROWS[0].replace(BENEFICIARY_A, wrong_check_digit(BENEFICIARY_A)),
    VALID_SUBVENTIONS_ROWS[1].replace("aide en nature", "subvention"),
    VALID_SUBVENTIONS_ROWS[2].replace("Comité des fêtes", ""),
]
