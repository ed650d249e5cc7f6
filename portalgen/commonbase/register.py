"""The register of deliberations: the rows of an ``scdl/deliberations`` file, ready to browse.

Rows are read from the normalised CSV the table stage published (UTF-8, comma, ISO dates), so
whatever the commune exported (cp1252, semicolons, dd/mm/yyyy) reads the same. Each entry links
to its document: a copy published on the portal when one of the dataset's files (or a file in
``data/`` named by ``DELIB_URL``) is the deliberation's text, otherwise ``DELIB_URL`` itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from .. import routes
from ..errors import Finding, Level, Location
from ..filesource import FileSource, open_text
from ..model import Dataset
from ..read.datasets import resolve_data_path

REQUIRED_COLUMNS = ("DELIB_DATE", "DELIB_OBJET")
NO_DATE = "sans-date"


@dataclass(frozen=True)
class Votes:
    """The vote on a deliberation (None for a count the file does not give)."""

    members: int | None
    voters: int | None
    yes: int | None
    no: int | None
    abstention: int | None

    @property
    def unanimous(self) -> bool:
        return bool(self.yes) and self.no == 0 and self.abstention == 0


@dataclass(frozen=True)
class RegisterEntry:
    """One deliberation. ``document`` is an output path of the site or an absolute URL.

    ``subject_code`` is the ACTES code (``7.5``), ``domain_code`` its first part (``7``).
    ``original_url`` is DELIB_URL when ``document`` is a copy published on the portal."""

    id: str
    date: dt.date | None
    date_text: str
    year: str
    subject_code: str
    subject_name: str
    domain_code: str
    object: str
    votes: Votes | None
    budget: str
    document: str | None
    document_is_local: bool
    original_url: str | None
    row: int


@dataclass(frozen=True)
class Subject:
    """A subject of the filter: an ACTES domain (``7``) or a matière (``7.5``)."""

    code: str
    name: str
    count: int


@dataclass(frozen=True)
class SubjectGroup:
    domain: Subject
    subjects: tuple[Subject, ...]


@dataclass(frozen=True)
class YearGroup:
    year: str                  # "2024", or NO_DATE
    anchor: str                # id of the year's section
    entries: tuple[RegisterEntry, ...]


@dataclass(frozen=True)
class Register:
    """A browsable register: entries grouped by year (newest first) and the subjects to filter on.

    ``documents`` are files of ``data/`` named by DELIB_URL but not declared as resources,
    to publish at the given output paths."""

    dataset_id: str
    years: tuple[YearGroup, ...]
    subjects: tuple[SubjectGroup, ...]
    documents: tuple[tuple[str, Path], ...] = ()
    csv_download: str | None = None

    @property
    def count(self) -> int:
        return sum(len(group.entries) for group in self.years)

    @property
    def entries(self) -> tuple[RegisterEntry, ...]:
        return tuple(e for group in self.years for e in group.entries)


def _int(text: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


def _votes(row: dict[str, str]) -> Votes | None:
    votes = Votes(_int(row.get("VOTE_EFFECTIF", "")), _int(row.get("VOTE_REEL", "")),
                  _int(row.get("VOTE_POUR", "")), _int(row.get("VOTE_CONTRE", "")),
                  _int(row.get("VOTE_ABSTENTION", "")))
    if votes.yes is None and votes.no is None and votes.abstention is None:
        return None
    return votes


def local_documents(dataset: Dataset, site_root: Path) -> dict[str, str]:
    """The dataset's files that are not tables (its PDFs…), published on the portal: lower-case
    path under data/ and lower-case file name -> output path."""
    data_root = (site_root / "data").resolve()
    by_path: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for resource in dataset.resources:
        if resource.path is None or resource.source_file is None or resource.table is not None:
            continue
        target = routes.dataset_file(dataset.id, resource.source_file.filename)
        by_name.setdefault(resource.path.name.casefold(), target)
        if resource.path.is_relative_to(data_root):
            by_path.setdefault(resource.path.relative_to(data_root).as_posix().casefold(), target)
    return {**by_name, **by_path}


@dataclass(frozen=True)
class _Link:
    document: str | None
    is_local: bool
    original: str | None
    publish: tuple[str, Path] | None = None


def document_link(cell: str, delib_id: str, local: dict[str, str], *, dataset_id: str, site_root: Path,
                  where: Location) -> tuple[_Link, list[Finding]]:
    """Where an entry's document is: a copy on the portal when there is one, else DELIB_URL."""
    cell = (cell or "").strip()
    by_id = local.get(f"{delib_id.casefold()}.pdf") if delib_id else None
    if not cell:
        return _Link(by_id, by_id is not None, None), []
    parsed = urlparse(cell)
    if parsed.scheme in ("http", "https"):
        name = posixpath.basename(unquote(parsed.path)).casefold()
        copy = local.get(name) or by_id
        return _Link(copy or cell, copy is not None, cell if copy else None), []
    if parsed.scheme:  # mailto:, ftp:… are not documents of the register
        return _Link(by_id, by_id is not None, None), []
    relative = posixpath.normpath(cell.replace("\\", "/")).removeprefix("data/")
    copy = local.get(relative.casefold()) or local.get(posixpath.basename(relative).casefold())
    if copy:
        return _Link(copy, True, None), []
    path, problems = resolve_data_path(site_root, relative, where, "DELIB_URL")
    if path is None:
        findings = [Finding(Level.WARNING, f"the document '{cell}' named in column DELIB_URL cannot be linked "
                                           f"from the register: {p.message}", where,
                            hint=f"{p.hint + '; or ' if p.hint else ''}write the document's full web address "
                                 "(https://…) in DELIB_URL",
                            code="register-document-missing") for p in problems]
        return _Link(by_id, by_id is not None, None), findings
    target = routes.register_document(dataset_id, path.name)
    return _Link(target, True, None, (target, path)), []


def read_entries(csv_file: FileSource, dataset: Dataset, *, label: str, site_root: Path
                 ) -> tuple[list[RegisterEntry], list[tuple[str, Path]], list[Finding]]:
    """The deliberations of one normalised CSV, the local documents they name, and problems."""
    findings: list[Finding] = []
    with open_text(csv_file) as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            return [], [], [Finding(
                Level.WARNING, f"no register of deliberations for this file: column(s) {', '.join(missing)} "
                               "missing", Location(label), code="register-columns",
                hint="name the columns as the scdl/deliberations schema does (DELIB_DATE, DELIB_OBJET…)")]
        rows = list(reader)
    local = local_documents(dataset, site_root)
    entries, documents = [], []
    for number, row in enumerate(rows, start=2):
        date = _date(row.get("DELIB_DATE", ""))
        code = (row.get("DELIB_MATIERE_CODE") or "").strip()
        delib_id = (row.get("DELIB_ID") or "").strip()
        link, problems = document_link(row.get("DELIB_URL", ""), delib_id, local, dataset_id=dataset.id,
                                       site_root=site_root, where=Location(label, number))
        findings += problems
        if link.publish is not None and link.publish not in documents:
            documents.append(link.publish)
        budget = " ".join(x for x in ((row.get("BUDGET_NOM") or "").strip(),
                                      (row.get("BUDGET_ANNEE") or "").strip()) if x)
        entries.append(RegisterEntry(
            id=delib_id, date=date, date_text=(row.get("DELIB_DATE") or "").strip(),
            year=str(date.year) if date else NO_DATE, subject_code=code,
            subject_name=(row.get("DELIB_MATIERE_NOM") or "").strip(), domain_code=code.split(".")[0],
            object=(row.get("DELIB_OBJET") or "").strip(), votes=_votes(row), budget=budget,
            document=link.document, document_is_local=link.is_local, original_url=link.original, row=number))
    return entries, documents, findings


def _subjects(entries: list[RegisterEntry]) -> tuple[SubjectGroup, ...]:
    def code_key(code: str) -> tuple:
        return tuple(int(p) if p.isdigit() else 10**6 for p in code.split(".")) + (code,)

    by_code: dict[str, list[RegisterEntry]] = {}
    for entry in entries:
        if entry.subject_code:
            by_code.setdefault(entry.subject_code, []).append(entry)
    domains: dict[str, list[Subject]] = {}
    for code in sorted(by_code, key=code_key):
        names = sorted({e.subject_name for e in by_code[code] if e.subject_name})
        domains.setdefault(code.split(".")[0], []).append(Subject(code, names[0] if names else code,
                                                                  len(by_code[code])))
    groups = []
    for domain, subjects in sorted(domains.items(), key=lambda item: code_key(item[0])):
        names = sorted({s.name.split("/")[0].strip() for s in subjects if "/" in s.name})
        name = names[0] if names else domain
        groups.append(SubjectGroup(Subject(domain, name, sum(s.count for s in subjects)), tuple(subjects)))
    return tuple(groups)


def build_register(dataset_id: str, entries: list[RegisterEntry], documents: list[tuple[str, Path]],
                   csv_download: str | None = None) -> Register:
    """Group entries by year, newest first (entries without a date last), newest entries first."""
    ordered = sorted(entries, key=lambda e: (e.date or dt.date.min, e.id), reverse=True)
    years: dict[str, list[RegisterEntry]] = {}
    for entry in ordered:
        years.setdefault(entry.year, []).append(entry)
    groups = tuple(YearGroup(year, f"annee-{year}", tuple(items))
                   for year, items in sorted(years.items(), key=lambda item: (item[0] != NO_DATE, item[0]),
                                             reverse=True))
    return Register(dataset_id, groups, _subjects(entries), tuple(sorted(set(documents))), csv_download)
