"""``catalogue.csv``: the site's datasets in the SCDL "catalogue" format, and what it lacks.

Rows are built from portal.yml and the datasets; :func:`catalogue_findings` turns the values the
catalogue schema requires but the configuration does not give into warnings that name the file
and key to fill in.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence

from .. import routes
from ..config.load import CONFIG_FILE
from ..config.schema import ProducerEntry
from ..errors import Finding, Location, warning
from ..model import Dataset, Site
from ..render.text import plain_summary
from ..schemas import CatalogueRow, catalogue_frequency_label, catalogue_licence_label
from ..schemas.catalogue_csv import cell_problems, missing_cell_values

DEFAULT_MAILLE = "Communale"
COMMUNE_PRODUCER_KINDS = ("service", "commune")
DESCRIPTION_LIMIT = 2000

SITE_COLUMNS = ("COLL_NOM", "COLL_SIRET", "URL")
"""Columns filled from portal.yml: reported once for the site, not per dataset."""

COLUMN_LABELS = {
    "THEME": "theme", "PRODUCTEUR_NOM": "producer name", "PRODUCTEUR_SIRET": "producer SIRET",
    "COUV_SPAT_MAILLE": "spatial granularity", "COUV_SPAT_NOM": "territory covered",
    "COUV_TEMP_DEBUT": "start of the period covered", "COUV_TEMP_FIN": "end of the period covered",
    "DATE_PUBL": "date of first publication", "DATE_MAJ": "date of last update", "MOTS_CLES": "keywords",
    "TITRE": "title", "DESCRIPTION": "description", "LICENCE": "licence", "FREQ_MAJ": "update frequency",
    "NOMBRE_RESSOURCES": "number of files", "FORMAT_RESSOURCES": "file formats", "ID": "identifier",
}

DATASET_KEYS = {
    "THEME": ("theme", "add 'theme: …' (e.g. theme: Économie et finances)"),
    "COUV_TEMP_DEBUT": ("temporal",
                        "add 'temporal: {start: YYYY-MM-DD, end: YYYY-MM-DD}' (the period the data covers)"),
    "COUV_TEMP_FIN": ("temporal", "add the end of the period covered: 'temporal: {start: …, end: YYYY-MM-DD}'"),
    "DATE_PUBL": ("issued", "add 'issued: YYYY-MM-DD' (date of first publication)"),
    "DATE_MAJ": ("modified", "add 'modified: YYYY-MM-DD' (date of the last update of the data)"),
    "MOTS_CLES": ("keywords", "add 'keywords: [mot, mot]'"),
}


def publisher_name(site: Site) -> str:
    config = site.config
    return config.publisher.name if config.publisher else config.commune.name


def plain_description(markdown_text: str) -> str:
    """The whole Markdown description as one line of plain text (shortened at a word boundary)."""
    paragraphs = [plain_summary(p, DESCRIPTION_LIMIT) for p in re.split(r"\n\s*\n", markdown_text or "") if p.strip()]
    return plain_summary(" ".join(p for p in paragraphs if p), DESCRIPTION_LIMIT)


def _producer(site: Site, dataset: Dataset) -> tuple[str, str, ProducerEntry | None, bool]:
    """(name, SIRET, entry, external) of the dataset's producer; the SIRET is empty when unknown.

    A producer that is the commune or one of its services (the default for producers not
    declared in portal.yml) shares the commune's SIRET; ``external`` is True for the others."""
    topic = site.producer_of(dataset)
    entry = topic.entry if topic is not None else None
    name = dataset.producer or publisher_name(site)
    kind = entry.kind if entry is not None else "service"
    if dataset.producer is None or kind in COMMUNE_PRODUCER_KINDS:
        return name, site.config.commune.siret or "", entry, False
    return name, str(getattr(entry, "siret", None) or ""), entry, True


def _formats(dataset: Dataset) -> list[str]:
    formats = set()
    for resource in dataset.resources:
        if resource.is_remote:
            formats.add(resource.format.lower())
        for published in resource.all_files:
            formats.add(published.format.lower())
    return sorted(formats)


def catalogue_row(site: Site, dataset: Dataset) -> CatalogueRow:
    """The catalogue row of one dataset."""
    config = site.config
    producer, producer_siret, _, _ = _producer(site, dataset)
    url = routes.absolute_url(config.site_url, routes.dataset(dataset.id)) if config.site_url else ""
    return CatalogueRow(
        coll_nom=publisher_name(site), coll_siret=config.commune.siret or "", id=dataset.id, titre=dataset.title,
        description=plain_description(dataset.description), theme=dataset.theme or "",
        producteur_nom=producer, producteur_siret=producer_siret, couv_spat_maille=DEFAULT_MAILLE,
        couv_spat_nom=config.commune.name, couv_temp_debut=dataset.temporal_start,
        couv_temp_fin=dataset.temporal_end, date_publ=dataset.issued,
        freq_maj=catalogue_frequency_label(dataset.frequency) or "", date_maj=dataset.modified,
        mots_cles=dataset.keywords, licence=catalogue_licence_label(dataset.licence.id) or "",
        nombre_ressources=len(dataset.resources), format_ressources=_formats(dataset), url=url)


def catalogue_rows(site: Site) -> tuple[CatalogueRow, ...]:
    """One row per dataset of the site, in identifier order."""
    return tuple(catalogue_row(site, d) for d in sorted(site.datasets, key=lambda d: d.id))


def _dataset_location(dataset: Dataset, key: str | None) -> Location:
    loc = dataset.config.key_locations.get(key) if key else None
    return Location(dataset.file, loc.line, loc.column) if loc is not None else dataset.where


def _site_location(site: Site, key: str) -> Location:
    loc = site.config.key_locations.get(key)
    return Location(CONFIG_FILE, loc.line, loc.column) if loc is not None else Location(CONFIG_FILE)


def _producer_siret_hint(name: str, entry: ProducerEntry | None) -> str:
    has_siret_key = any(f.name == "siret" for f in dataclasses.fields(ProducerEntry))
    if entry is not None and has_siret_key:
        return f"add 'siret: \"…\"' (14 digits, quoted) to the producer '{name}' under producers: in {CONFIG_FILE}"
    return (f"the producer '{name}' is declared in {CONFIG_FILE} as not being a service of the commune, so its "
            "SIRET is unknown and catalogue.csv leaves PRODUCTEUR_SIRET empty; if it is a service of the commune, "
            "give it 'kind: service' under producers:")


def catalogue_findings(site: Site, rows: Sequence[CatalogueRow],
                       cells: Sequence[Mapping[str, str]]) -> list[Finding]:
    """Warnings for the values the SCDL catalogue requires that the configuration does not give.

    One warning for the site (portal.yml) and at most one per dataset, listing every missing
    value with where to write it. ``site_url`` is checked by the quality stage. ``cells[i]`` is
    :func:`catalogue_cells` of ``rows[i]`` (made once for the file and these checks)."""
    findings: list[Finding] = []
    if not site.config.commune.siret:
        findings.append(warning(
            "catalogue.csv (SCDL catalogue) needs the commune's SIRET in COLL_SIRET and PRODUCTEUR_SIRET, "
            f"and {CONFIG_FILE} does not give it", _site_location(site, "commune"), key="commune.siret",
            hint=f"add 'siret: \"…\"' (14 digits, quoted) under commune: in {CONFIG_FILE}; find it on "
                 "annuaire-entreprises.data.gouv.fr", code="catalogue-missing-siret"))
    by_id = {d.id: d for d in site.datasets}
    for row, row_cells in zip(rows, cells, strict=True):
        dataset = by_id.get(row.id)
        if dataset is None:
            continue
        missing = [(c, h) for c, h in missing_cell_values(row_cells) if c not in SITE_COLUMNS]
        if not site.config.commune.siret:
            missing = [(c, h) for c, h in missing if c != "PRODUCTEUR_SIRET" or _producer(site, dataset)[3]]
        problems = [p for p in cell_problems(row_cells)
                    if p.column not in SITE_COLUMNS and p.message != f"{p.column} is empty"]
        if not missing and not problems:
            continue
        names, hints, keys = [], [], []
        for column, generic_hint in missing:
            names.append(f"{COLUMN_LABELS.get(column, column)} ({column})")
            key, hint = DATASET_KEYS.get(column, (None, generic_hint))
            if column == "PRODUCTEUR_SIRET":
                name, _, entry, _ = _producer(site, dataset)
                key, hint = "producer", _producer_siret_hint(name, entry)
            start_also_missing = column == "COUV_TEMP_FIN" and any(c == "COUV_TEMP_DEBUT" for c, _ in missing)
            if hint not in hints and not start_also_missing:
                hints.append(hint)
            if key:
                keys.append(key)
        for problem in problems:
            names.append(problem.message)
            if problem.hint not in hints:
                hints.append(problem.hint)
        message = (f"catalogue.csv (SCDL catalogue): dataset '{dataset.id}' lacks values the catalogue schema "
                   f"requires: {', '.join(names)}")
        findings.append(warning(message, _dataset_location(dataset, keys[0] if keys else None),
                                key=keys[0] if keys else None,
                                hint=f"in {dataset.file}: " + "; ".join(hints), code="catalogue-missing-value"))
    return findings
