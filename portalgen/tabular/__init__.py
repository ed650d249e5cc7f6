"""Tabular data: read what communes have, normalise it, profile it, publish clean downloads.

Pure functions, no knowledge of the site configuration. The pipeline calls, per resource::

    table = read_table(path, fmt, ReadOptions(...))      # DataError when unreadable
    data = normalise(table)                              # typed columns + conversions + findings
    columns = profile(data)
    files = write_downloads(data, out_dir, stem, timestamp=modified)
    shown = preview(data, 50)
    figures = compute_figures(data, specs)               # default figures first
"""

from portalgen.tabular.convert import FORMATS, MEDIA_TYPES, XLSX_MAX_ROWS, download_plan, download_steps, write_downloads
from portalgen.tabular.figures import compute_figures, default_figures
from portalgen.tabular.formatting import format_date_fr, format_number_fr
from portalgen.tabular.model import (
    BOOLEAN, COLUMN_TYPES, DATE, DATETIME, INPUT_FORMATS, INTEGER, NUMBER, STRING, Column, ColumnDetection,
    ColumnProfile, DerivedFile, Detection, Figure, FigureGroup, FigureSpec, NormalisedTable, PlannedDownload,
    Preview, ReadOptions, Table,
)
from portalgen.tabular.normalise import normalise
from portalgen.tabular.preview import preview
from portalgen.tabular.profile import profile
from portalgen.tabular.read import check_options, read_table, read_table_steps

__all__ = [
    "BOOLEAN", "COLUMN_TYPES", "DATE", "DATETIME", "FORMATS", "INPUT_FORMATS", "INTEGER", "MEDIA_TYPES",
    "NUMBER", "STRING", "XLSX_MAX_ROWS",
    "Column", "ColumnDetection", "ColumnProfile", "DerivedFile", "Detection", "Figure", "FigureGroup",
    "FigureSpec", "NormalisedTable", "PlannedDownload", "Preview", "ReadOptions", "Table",
    "check_options", "compute_figures", "default_figures", "download_plan", "download_steps",
    "format_date_fr", "format_number_fr", "normalise", "preview", "profile", "read_table", "read_table_steps",
    "write_downloads",
]
