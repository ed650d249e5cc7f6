"""Whether a dataset follows the schema it declares: one honest status per file and per dataset.

The table enricher validates each tabular file it could read and publish. This module looks at
every tabular file of a dataset with a ``schema:``, including those that were not validated
(unreadable, withheld for personal data, remote), so that a dataset is "conforme" only when
every one of its tabular files was validated and passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Finding, Level, Location, PortalgenError
from ..model import Dataset, Resource
from ..schemas import (CONFORME, NON_CONFORME, NON_VERIFIE, SchemaInfo, ValidationReport, find_known_schema,
                       report_lines, resolve_schema)
from ..tabular import INPUT_FORMATS

TABLE_FORMATS = frozenset(INPUT_FORMATS)
STATUS_ORDER = {NON_CONFORME: 0, NON_VERIFIE: 1, CONFORME: 2}
STATUS_KEYS = {CONFORME: "conforme", NON_CONFORME: "non_conforme", NON_VERIFIE: "non_verifie"}
_SCHEMA_URL = re.compile(r"^https?://schema\.data\.gouv\.fr/schemas/([^/]+/[^/]+)/", re.IGNORECASE)


def status_key(status: str | None) -> str:
    """The message-key form of a status: conforme, non_conforme or non_verifie."""
    return STATUS_KEYS.get(status or "", "non_verifie")


@dataclass(frozen=True)
class SchemaSummary:
    """What the pages say about a schema: name, version, canonical address, why it matters."""

    id: str
    title: str
    version: str | None
    url: str | None
    explanation: str | None = None
    is_scdl: bool = False

    @property
    def name(self) -> str:
        """Title and version, as badges show it: « Subventions v2.1.1 »."""
        return f"{self.title} v{self.version}" if self.version else self.title


@dataclass(frozen=True)
class FileConformity:
    """One tabular file of a dataset and its validation (``report`` None when it did not run).

    ``reason`` says in French why the file was not checked when ``report`` is None.
    """

    resource_id: str
    title: str
    label: str
    status: str
    report: ValidationReport | None = None
    reason: str | None = None

    @property
    def status_key(self) -> str:
        return status_key(self.status)


@dataclass(frozen=True)
class DatasetConformity:
    """A dataset with a schema: the schema, each tabular file's result and the overall status.

    ``status`` is "conforme" only when there is at least one tabular file and each was
    validated without error; ``reason`` explains a dataset-level "non vérifié".
    """

    dataset_id: str
    schema: SchemaSummary
    status: str
    files: tuple[FileConformity, ...]
    reason: str | None = None

    @property
    def is_conforme(self) -> bool:
        return self.status == CONFORME

    @property
    def status_key(self) -> str:
        return status_key(self.status)


def _no_download(url: str) -> bytes:
    raise OSError("no download while checking conformity (the table stage caches schemas)")


def _summary_of(info: SchemaInfo) -> SchemaSummary:
    known = info if info.definition is not None else _known_by_url(info.url or info.id)
    if known is not None and known is not info:
        return SchemaSummary(known.id, info.title or known.title, info.version or known.version,
                             info.url or known.url, known.explanation, known.is_scdl)
    return SchemaSummary(info.id, info.title, info.version, info.url, info.explanation, info.is_scdl)


def _known_by_url(ref: str | None) -> SchemaInfo | None:
    """A known schema from a schema.data.gouv.fr address of any version."""
    if not ref:
        return None
    match = _SCHEMA_URL.match(ref.strip())
    return find_known_schema(match.group(1)) if match else None


def schema_summary(dataset: Dataset, *, site_root: Path, cache_dir: Path) -> SchemaSummary | None:
    """The schema a dataset declares, resolved without any network access (None without ``schema:``).

    A schema that cannot be resolved offline keeps the reference as its name."""
    if not dataset.schema:
        return None
    report = next((r.table.validation for r in dataset.resources
                   if r.table is not None and r.table.validation is not None), None)
    known = find_known_schema(dataset.schema)
    if known is not None:
        return _summary_of(known)
    try:
        info = resolve_schema(dataset.schema, site_dir=site_root, cache_dir=cache_dir / "schemas",
                              fetch=_no_download)
    except PortalgenError:
        if report is not None:
            return SchemaSummary(report.schema_id, report.schema_title, report.schema_version, report.schema_url)
        return SchemaSummary(dataset.schema, dataset.schema, None,
                             dataset.schema if dataset.schema.startswith(("http://", "https://")) else None)
    return _summary_of(info)


def data_label(resource: Resource, site_root: Path) -> str:
    """How build messages name a resource: ``data/<path>`` for a local file, its URL otherwise."""
    if resource.path is None:
        return resource.url or resource.title
    data_root = (site_root / "data").resolve()
    try:
        return f"data/{resource.path.relative_to(data_root).as_posix()}"
    except ValueError:
        return resource.path.name


def is_tabular(resource: Resource) -> bool:
    return resource.format in TABLE_FORMATS


def _file_conformity(resource: Resource, label: str) -> FileConformity:
    report = resource.table.validation if resource.table is not None else None
    if report is not None:
        return FileConformity(resource.id, resource.title, label, report.status, report)
    if resource.path is None:
        reason = "fichier distant : portalgen ne vérifie que les fichiers publiés sur le portail"
    elif resource.table is None:
        reason = ("le fichier n'a pas pu être lu ou n'a pas été publié (voir les messages de "
                  "« portalgen check »)")
    else:
        reason = "la validation n'a pas pu être faite (voir les messages de « portalgen check »)"
    return FileConformity(resource.id, resource.title, label, NON_VERIFIE, None, reason)


def worst_status(statuses: list[str]) -> str:
    """The worst of some statuses: non conforme, then non vérifié, then conforme."""
    return min(statuses, key=lambda s: STATUS_ORDER.get(s, 1)) if statuses else NON_VERIFIE


def dataset_conformity(dataset: Dataset, *, site_root: Path, cache_dir: Path) -> DatasetConformity | None:
    """The conformity of a dataset with a ``schema:`` (None for a dataset without one)."""
    schema = schema_summary(dataset, site_root=site_root, cache_dir=cache_dir)
    if schema is None:
        return None
    files = tuple(_file_conformity(r, data_label(r, site_root)) for r in dataset.resources if is_tabular(r))
    if not files:
        return DatasetConformity(dataset.id, schema, NON_VERIFIE, (),
                                 "le jeu de données n'a aucun fichier tabulaire (CSV, tableur, JSON) à vérifier")
    return DatasetConformity(dataset.id, schema, worst_status([f.status for f in files]), files)


def report_line_findings(conformity: DatasetConformity, dataset: Dataset) -> list[Finding]:
    """For each non-conforme file, one note with the whole validation report, as ``check`` prints it."""
    findings = []
    for item in conformity.files:
        if item.report is None or item.status != NON_CONFORME:
            continue
        lines = "\n".join(f"    {line}" for line in report_lines(item.report))
        findings.append(Finding(Level.INFO, f"validation report of this file (dataset {dataset.id}):\n{lines}",
                                Location(item.label), code="schema-report"))
    return findings
