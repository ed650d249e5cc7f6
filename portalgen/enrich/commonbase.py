"""The common base of local data at check time: conformity of each dataset with a schema, the
validation reports ``check`` prints, the registers of deliberations, catalogue.csv and what it
lacks, and the coverage of the common base. The result goes to ``site.extras["commonbase"]``.

Runs after :func:`portalgen.enrich.tables.enrich` (it reads the validation reports and the
normalised CSV files that stage produced).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from .. import routes
from ..cache import ResultCache, cache_key
from ..commonbase import (DELIBERATIONS_SCHEMA, EXTRAS_KEY, CommonBase, DatasetConformity, FileConformity,
                          Register, build_register, catalogue_findings, catalogue_rows, common_base_coverage,
                          dataset_conformity, read_entries, report_line_findings)
from ..commonbase.conformity import SchemaSummary, data_label
from ..errors import Finding
from ..model import Dataset, Site
from ..replacing import replaced
from ..schemas import ValidationReport, find_known_schema, validate_table
from ..schemas.validate import import_validator, joined_report, rows_checked_apart
from ..schemas.catalogue_csv import catalogue_cells, cells_csv_text, in_file_order
from ..workers import Forked

CATALOGUE_FILE = "catalogue.csv"

T = TypeVar("T")


def dataset_register(site: Site, dataset: Dataset) -> tuple[Register | None, list[Finding]]:
    """The register of a deliberations dataset, from the normalised CSV of each of its tables."""
    findings: list[Finding] = []
    entries, documents, csv_download = [], [], None
    for resource in dataset.resources:
        normalised = next((d for d in resource.downloads if d.format == "CSV"), None)
        if resource.table is None or normalised is None:
            continue
        found, docs, problems = read_entries(normalised.source, dataset, label=data_label(resource, site.root),
                                             site_root=site.root)
        entries += found
        documents += docs
        findings += problems
        if csv_download is None and found:
            csv_download = routes.dataset_file(dataset.id, normalised.filename)
    if not entries:
        return None, findings
    return build_register(dataset.id, entries, documents, csv_download), findings


#: From this many datasets, catalogue.csv is checked in two halves at once (see :func:`_check_catalogue`).
CHECK_IN_HALVES_FROM = 1000


def prepare_catalogue_check(site: Site) -> None:
    """Import here what the forked check of catalogue.csv imports first (frictionless, ~0.45 s of CPU), so
    that the forked process inherits it: otherwise the import starts that check, while this process soon
    has nothing left to do but wait for it, the other core idle.

    Called while the data work's worker processes run (this process then mostly waits for them), and
    only on sites big enough for catalogue.csv to be checked in halves (:data:`CHECK_IN_HALVES_FROM`), where
    it will most likely be checked (the check is cached by catalogue.csv's text, unknown before the data
    work). Importing frictionless changes nothing the build makes or says (:func:`import_validator`)."""
    if len(site.datasets) >= CHECK_IN_HALVES_FROM:
        import_validator()


def _validate_catalogue(file_cells: Sequence[Mapping[str, str]], text: str, key: str,
                        cache: ResultCache) -> tuple[bytes, ValidationReport]:
    """catalogue.csv (``text``, made of ``file_cells``, its rows' cells in its order) and its validation against
    the SCDL catalogue schema, kept in the cache."""
    def work(folder):
        (folder / CATALOGUE_FILE).write_text(text, encoding="utf-8", newline="")
        return _check_catalogue(folder, file_cells)

    entry = cache.compute(key, work)
    return (entry.folder / CATALOGUE_FILE).read_bytes(), entry.value


def _check_catalogue(folder: Path, file_cells: Sequence[Mapping[str, str]]) -> ValidationReport:
    """The report of ``folder``/catalogue.csv against the SCDL catalogue schema.

    frictionless checks some 3,000 rows a second (far fewer when every row has an error, as when portal.yml
    gives no SIRET), and this runs alone at the end of the stage, the other core idle: on big sites, a forked
    process checks the second half of the rows while this one checks the first, and the two reports are
    joined into the one a single pass gives (:func:`joined_report`; the catalogue schema compares no two rows).
    Each half is the next of the file's rows (``file_cells``, in the file's order) written as the file writes
    them."""
    schema = find_known_schema("scdl/catalogue")
    if len(file_cells) >= CHECK_IN_HALVES_FROM and rows_checked_apart(schema):
        import_validator()
        middle = len(file_cells) // 2
        halves = (file_cells[:middle], file_cells[middle:])
        paths = [folder / f"half-{number}.csv" for number in (1, 2)]
        try:
            for path, half in zip(paths, halves):
                path.write_text(cells_csv_text(half), encoding="utf-8", newline="")
            with Forked(partial(validate_table, paths[1], schema)) as second:
                report = joined_report([validate_table(paths[0], schema), second.result()])
        finally:  # never kept in the cache entry
            for path in paths:
                path.unlink(missing_ok=True)
        if report is not None:
            return report
    return validate_table(folder / CATALOGUE_FILE, schema)


def catalogue_conformity(report: ValidationReport) -> DatasetConformity:
    """The catalogue.csv of the portal, checked against the SCDL catalogue schema."""
    info = find_known_schema("scdl/catalogue")
    schema = SchemaSummary(info.id, info.title, info.version, info.url, info.explanation, info.is_scdl)
    item = FileConformity("catalogue", CATALOGUE_FILE, CATALOGUE_FILE, report.status, report)
    return DatasetConformity("", schema, report.status, (item,))


def enrich(site: Site, context) -> tuple[Site, list[Finding]]:
    """Compute :class:`portalgen.commonbase.CommonBase` and the findings ``check`` shows about it."""
    checked, findings, _ = enrich_meanwhile(site, context, lambda site: None)
    return checked, findings


def enrich_meanwhile(site: Site, context, meanwhile: Callable[[Site], T]) -> tuple[Site, list[Finding], T]:
    """:func:`enrich`, and ``meanwhile(site)`` done while the forked check of catalogue.csv runs.

    The check (frictionless, ~1 ms per dataset on big sites) outlasts the rest of this stage: the main process
    would wait for it with nothing to do. ``meanwhile`` is given the site this stage was given, so it must read
    nothing this stage sets (a dataset's ``validation``, the site's extras)."""
    rows = catalogue_rows(site)
    cells = [catalogue_cells(row) for row in rows]  # made once: the file, its halves, the findings
    file_cells = in_file_order(cells)
    text = cells_csv_text(file_cells)  # catalogue_csv_text(rows); made once: the cache key, and the file validated
    key = cache_key("scdl-catalogue-csv", text)
    cache = ResultCache(context.cache_dir)
    # Validating catalogue.csv (frictionless, ~1 ms per dataset) needs nothing the rest of this stage
    # makes: when it is not cached, a forked process does it meanwhile (the cache is process-safe).
    with Forked(partial(_validate_catalogue, file_cells, text, key, cache), fork=not cache.has(key)) as validation:
        checked, findings, conformities, registers = _dataset_conformities(site, context)
        findings += catalogue_findings(site, rows, cells)
        done_meanwhile = meanwhile(site)
        csv_bytes, report = validation.result()
    catalogue = catalogue_conformity(report)
    common_base = CommonBase(
        conformities=tuple(conformities.items()), registers=tuple(registers),
        coverage=common_base_coverage(site, conformities, catalogue), catalogue=catalogue, catalogue_csv=csv_bytes)
    return replace(checked, extras={**site.extras, EXTRAS_KEY: common_base}), findings, done_meanwhile


def _dataset_conformities(site: Site, context) -> tuple[Site, list[Finding], dict[str, DatasetConformity],
                                                         list[tuple[str, Register]]]:
    """Each dataset's conformity with its schema (set on the dataset), with the findings about it, and the
    registers of the deliberations datasets."""
    findings: list[Finding] = []
    conformities: dict[str, DatasetConformity] = {}
    registers: list[tuple[str, Register]] = []
    datasets = []
    for dataset in site.datasets:
        conformity = dataset_conformity(dataset, site_root=site.root, cache_dir=context.cache_dir)
        if conformity is None:  # most datasets have no schema: kept as they are (even a :func:`replaced` costs a few µs each)
            datasets.append(dataset if dataset.validation is None else replaced(dataset, validation=None))
            continue
        datasets.append(replaced(dataset, validation=conformity))  # the one verdict: badge, report, observatory
        conformities[dataset.id] = conformity
        findings += report_line_findings(conformity, dataset)
        if conformity.schema.id == DELIBERATIONS_SCHEMA:
            register, problems = dataset_register(site, dataset)
            findings += problems
            if register is not None:
                registers.append((dataset.id, register))
    return replace(site, datasets=tuple(datasets)), findings, conformities, registers
