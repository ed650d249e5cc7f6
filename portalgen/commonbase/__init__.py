"""The common base of local data (socle commun des données locales, SCDL) on the portal.

:mod:`portalgen.enrich.commonbase` computes, at check time, a :class:`CommonBase` put on
``site.extras["commonbase"]``: each dataset's conformity to its schema, the coverage of the
common base, the registers of deliberations and ``catalogue.csv``.
:mod:`portalgen.render.commonbase` turns it into pages.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .catalogue import catalogue_findings, catalogue_row, catalogue_rows
from .conformity import (DatasetConformity, FileConformity, SchemaSummary, dataset_conformity,
                         report_line_findings, schema_summary, worst_status)
from .coverage import Coverage, PublishedDataset, SocleItem, common_base_coverage
from .register import Register, RegisterEntry, Subject, SubjectGroup, Votes, YearGroup, build_register, read_entries

EXTRAS_KEY = "commonbase"
DELIBERATIONS_SCHEMA = "scdl/deliberations"


@dataclass(frozen=True)
class CommonBase:
    """Everything the common-base pages need, computed by the enricher.

    ``conformities`` and ``registers`` are (dataset id, value) pairs in dataset order;
    ``catalogue`` is the conformity of ``catalogue_csv`` (the bytes of catalogue.csv)."""

    conformities: tuple[tuple[str, DatasetConformity], ...]
    registers: tuple[tuple[str, Register], ...]
    coverage: Coverage
    catalogue: DatasetConformity
    catalogue_csv: bytes

    def conformity(self, dataset_id: str) -> DatasetConformity | None:
        """The conformity of a dataset with a schema (None without one)."""
        return self._conformity_by_id.get(dataset_id)

    def register(self, dataset_id: str) -> Register | None:
        """The register of a deliberations dataset (None for other datasets)."""
        return self._register_by_id.get(dataset_id)

    @functools.cached_property
    def _conformity_by_id(self) -> dict[str, DatasetConformity]:
        return dict(self.conformities)  # made once: every dataset page asks

    @functools.cached_property
    def _register_by_id(self) -> dict[str, Register]:
        return dict(self.registers)


__all__ = [
    "CommonBase", "Coverage", "DELIBERATIONS_SCHEMA", "DatasetConformity", "EXTRAS_KEY", "FileConformity",
    "PublishedDataset", "Register", "RegisterEntry", "SchemaSummary", "SocleItem", "Subject", "SubjectGroup",
    "Votes", "YearGroup", "build_register", "catalogue_findings", "catalogue_row", "catalogue_rows",
    "common_base_coverage", "dataset_conformity", "read_entries", "report_line_findings", "schema_summary",
    "worst_status",
]
