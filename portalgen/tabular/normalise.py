"""normalise: a Table of text → typed columns, with what changed said in plain words.

Numbers lose their thousands separators and get a dot decimal (integers stay integers),
dates become ISO 8601, text is trimmed, empty cells become null. Booleans are kept as
written. Columns that are numbers or dates but for a few cells stay text, and a warning
names the rows that stopped them.
"""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from portalgen.errors import Finding
from portalgen.tabular import values as V
from portalgen.tabular.geo import find_point_columns
from portalgen.tabular.model import (
    DATE, DATETIME, INTEGER, NUMBER, Column, ColumnDetection, NormalisedTable, Table, chunked,
)
from portalgen.tabular.problems import data_warning, listing, plural, quote_value
from portalgen.tabular.textmatch import SMALL_COLUMN


def _family_of(detection: ColumnDetection) -> V.DateFamily | None:
    for family in V.DATE_FAMILIES:
        if detection.date_label in (family.label, family.time_label(True), family.time_label(False)):
            return family
    return None


def _to_null_if_empty(text: pa.ChunkedArray, texts: list[str | None] | None = None
                      ) -> tuple[pa.ChunkedArray, list[str | None] | None]:
    """Empty cells as null (the column is not copied when it has none), and, when ``texts`` (a small
    column's values read into Python) are given, the same values in Python: empty texts as None."""
    if texts is None and len(text) <= SMALL_COLUMN:
        texts = text.to_pylist()
    if texts is not None and "" not in texts:  # one look costs less than two Arrow calls
        return text, texts
    empty = pc.equal(text, "")
    if not pc.any(empty).as_py():
        return text, texts
    return pc.if_else(empty, pa.scalar(None, pa.string()), text), None if texts is None else [t or None for t in texts]


def _typed(detection: ColumnDetection, text: pa.ChunkedArray, texts: list[str | None] | None = None
           ) -> tuple[pa.ChunkedArray, tuple[int, int] | None, list | None]:
    """The column converted to its detected type, the fewest/most decimals seen (numbers), and its
    values in Python when they were made there (see ``keep_values``: text kept as text, small number
    columns); ``texts``: a small column's values already read into Python, if any."""
    if detection.type in (INTEGER, NUMBER):
        numbers = V.typed_numbers(text, V.NumberFormat(detection.decimal or ".", detection.thousands),
                                  integer=detection.type == INTEGER, texts=texts)
        return numbers.numbers, numbers.decimals, numbers.python
    if detection.type in (DATE, DATETIME):
        family = _family_of(detection)
        if family is not None and detection.type == DATE and texts is not None:
            return V.small_family_dates(texts, family), None, None  # what the lines below give (see there)
        if family is not None:
            stamps = V.parse_family(text, family, texts).timestamps
        else:
            stamps = V.parse_with_format(text, detection.date_format or "").timestamps
        if detection.type == DATE:
            return V.to_dates(stamps), None, None
        return stamps, None, None
    return text, None, texts


def _blocker_warning(source: str, detection: ColumnDetection) -> Finding:
    rows = [f"row {row}: {quote_value(value)}" for row, value in detection.blockers]
    listed = listing(rows, detection.blocked_count)
    count = detection.blocked_count
    verb = "is" if count == 1 else "are"
    first_row = detection.blockers[0][0] if detection.blockers else None
    if detection.blocked_type == NUMBER:
        message = (f"column {detection.name!r} looks numeric but {plural(count, 'value')} {verb} not a number "
                   f"({listed}); the column is kept as text")
        hint = ("leave a cell empty when there is no value (instead of n/a, -, NC…), or write the number; "
                "then the column is published as numbers")
        code = "data.not_numeric"
    else:
        label = f" ({detection.date_label})" if detection.date_label else ""
        message = (f"column {detection.name!r} looks like dates{label} but {plural(count, 'value')} {verb} not a "
                   f"valid date written that way ({listed}); the column is kept as text")
        hint = detection.hint or ("correct those cells or leave them empty; all dates of a column must be "
                                  "written the same way, e.g. 31/12/2023")
        code = "data.not_date"
    return data_warning(source, message, row=first_row, hint=hint, code=code)


def _column_conversions(detections: tuple[ColumnDetection, ...]) -> list[str]:
    notes = []
    commas = [d.name for d in detections if d.type == NUMBER and d.decimal == ","]
    if commas:
        notes.append(f"{plural(len(commas), 'column')} with decimal commas ({listing(commas)}) → dot decimals")
    grouped = [d.name for d in detections if d.type in (INTEGER, NUMBER) and d.thousands]
    if grouped:
        notes.append(f"{plural(len(grouped), 'column')} with thousands separators ({listing(grouped)}) "
                     "→ plain numbers")
    by_format: dict[tuple[str, str], list[str]] = defaultdict(list)
    for d in detections:
        if d.type in (DATE, DATETIME) and d.date_label and d.date_label != "yyyy-mm-dd":
            by_format[(d.type, d.date_label)].append(d.name)
    for (kind, label), names in sorted(by_format.items()):
        word = "date column" if kind == DATE else "date-time column"
        notes.append(f"{plural(len(names), word)} {label} ({listing(names)}) → ISO 8601")
    return notes


def normalise(table: Table) -> NormalisedTable:
    """Type every column of a Table as detected (see the module docstring)."""
    columns: list[Column] = []
    arrays: dict[str, pa.ChunkedArray] = {}
    findings: list[Finding] = list(table.findings)
    small = table.row_count <= SMALL_COLUMN
    kept: dict[str, list] = {}
    for detection in table.detection.columns:
        text, texts = _to_null_if_empty(table.arrow(detection.name),
                                        table.values(detection.name) if small else None)
        typed, decimals, python = _typed(detection, text, texts)
        arrays[detection.name] = chunked(typed)
        if python is not None:
            kept[detection.name] = python
        source_format = detection.date_label
        if detection.type == NUMBER and detection.decimal == ",":
            source_format = "decimal comma"
        columns.append(Column(detection.name, detection.type, decimals[1] if decimals else None, source_format,
                              fixed_decimals=bool(decimals) and decimals[0] == decimals[1]))
        if detection.blockers:
            findings.append(_blocker_warning(table.source, detection))
    point_columns, geo_findings = find_point_columns(table.source, columns, arrays)
    findings.extend(geo_findings)
    conversions = list(table.conversions) + _column_conversions(table.detection.columns)
    normalised = NormalisedTable(source=table.source, arrays=arrays, row_numbers=table.row_numbers,
                                 columns=tuple(columns), detection=table.detection, conversions=tuple(conversions),
                                 findings=tuple(findings), geometry=table.geometry,
                                 derived_columns=table.derived_columns, point_columns=point_columns)
    for name, values in kept.items():
        normalised.keep_values(name, values)
    return normalised
