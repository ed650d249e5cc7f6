"""Table Schemas (SCDL and others): registry, honest validation, field documentation, catalogue.csv.

Typical use by the pipeline::

    info = resolve_schema(dataset.schema, site_dir=site, cache_dir=site / ".portalgen-cache" / "schemas")
    report = validate_table(normalised_csv, info)
    for line in report_lines(report):
        print(line)
"""

from .catalogue_csv import (CATALOGUE_COLUMNS, CatalogueRow, catalogue_frequency_label,
                            catalogue_licence_label, catalogue_problems, missing_catalogue_values,
                            write_catalogue_csv)
from .custom_checks import is_valid_siren, is_valid_siret
from .definitions import ChartSuggestion, GeoFields, SchemaDefinition
from .field_info import FieldDoc, chart_suggestions, field_docs, field_rules, geo_fields
from .registry import (Fetcher, SchemaInfo, cache_path_for, find_known_schema, known_schemas,
                       load_descriptor, resolve_schema)
from .report import (CONFORME, NON_CONFORME, NON_VERIFIE, ValidationIssue, ValidationReport,
                     kind_label, report_findings, report_lines)
from .validate import validate_table

__all__ = [
    "CATALOGUE_COLUMNS",
    "CONFORME",
    "CatalogueRow",
    "ChartSuggestion",
    "Fetcher",
    "FieldDoc",
    "GeoFields",
    "NON_CONFORME",
    "NON_VERIFIE",
    "SchemaDefinition",
    "SchemaInfo",
    "ValidationIssue",
    "ValidationReport",
    "cache_path_for",
    "catalogue_frequency_label",
    "catalogue_licence_label",
    "catalogue_problems",
    "chart_suggestions",
    "field_docs",
    "field_rules",
    "find_known_schema",
    "geo_fields",
    "is_valid_siren",
    "is_valid_siret",
    "kind_label",
    "known_schemas",
    "load_descriptor",
    "missing_catalogue_values",
    "report_findings",
    "report_lines",
    "resolve_schema",
    "validate_table",
    "write_catalogue_csv",
]
