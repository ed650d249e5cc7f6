"""Read a worksheet of an XLSX (openpyxl) or ODS (pandas + odfpy) file into text columns.

Cells are turned into text the way the data means them, not the way a cell format shows
them: numbers with a dot decimal and up to 15 significant digits (as Excel stores them),
dates as ISO 8601, booleans as true/false. Title rows above the header are skipped.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa

from portalgen.tabular.detect import find_header
from portalgen.tabular.model import ReadOptions
from portalgen.tabular.problems import data_info, fail
from portalgen.tabular.raw import RawTable, text_columns
from portalgen.tabular.sniff import binary_kind, check_not_empty, read_head

HEAD_ROWS = 30


def cell_text(value: object) -> str:
    """A spreadsheet cell value as text (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = f"{value:.15g}"
        if "e" in text:
            text = format(Decimal(text), "f")
        return text
    if isinstance(value, dt.datetime):
        stamp = value.replace(tzinfo=None)
        if stamp.microsecond:
            stamp = (stamp + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        if stamp.time() == dt.time(0, 0):
            return stamp.date().isoformat()
        return stamp.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).isoformat()
    return str(value)


def _check_kind(path: Path, source: str, fmt: str) -> None:
    check_not_empty(path, source)
    kind = binary_kind(read_head(path), path)
    expected = fmt.upper()
    if kind == expected:
        return
    if kind is None:
        raise fail(source, f"this file is named .{fmt} but contains text, not an {expected} workbook "
                           "(maybe a CSV file)", code="data.wrong_format",
                   hint="declare the resource format as csv, or save the file again as "
                        f"{expected} from the spreadsheet software")
    if kind.startswith("XLS/DOC"):
        raise fail(source, "this is an old Excel 97-2003 file (.xls), which portalgen cannot read",
                   code="data.wrong_format",
                   hint="open it in a spreadsheet and save it as .xlsx (Excel workbook) or .ods")
    raise fail(source, f"this looks like a {kind} file, not {expected}", code="data.wrong_format",
               hint="check the file, or declare its real format for this resource")


def _choose_sheet(names: Sequence[str], visible: Sequence[bool], wanted: str | int | None,
                  source: str) -> str:
    if wanted is None:
        for name, shown in zip(names, visible):
            if shown:
                return name
        return names[0]
    if isinstance(wanted, int) or (isinstance(wanted, str) and wanted.isdigit() and wanted not in names):
        number = int(wanted)
        if 1 <= number <= len(names):
            return names[number - 1]
        raise fail(source, f"there is no sheet number {number}: the file has {len(names)} "
                           f"({', '.join(repr(n) for n in names)})", code="data.no_sheet",
                   hint="sheet numbers start at 1; or give the sheet name")
    if wanted in names:
        return wanted
    folded = {n.casefold().strip(): n for n in names}
    if str(wanted).casefold().strip() in folded:
        return folded[str(wanted).casefold().strip()]
    raise fail(source, f"there is no sheet named {wanted!r}; sheets are {', '.join(repr(n) for n in names)}",
               code="data.no_sheet", hint="give one of these names, or the sheet number (1 for the first)")


def _xlsx_rows(path: Path, source: str, wanted: str | int | None
               ) -> tuple[str, tuple[str, ...], Iterable[Sequence[object]]]:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    names = tuple(workbook.sheetnames)
    visible = [getattr(workbook[n], "sheet_state", "visible") == "visible" for n in names]
    name = _choose_sheet(names, visible, wanted, source)
    sheet = workbook[name]
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()

    def rows() -> Iterable[Sequence[object]]:
        try:
            yield from sheet.iter_rows(values_only=True)
        finally:
            workbook.close()

    return name, names, rows()


def _ods_rows(path: Path, source: str, wanted: str | int | None
              ) -> tuple[str, tuple[str, ...], Iterable[Sequence[object]]]:
    import pandas as pd

    with pd.ExcelFile(path, engine="odf") as book:
        names = tuple(str(n) for n in book.sheet_names)
        name = _choose_sheet(names, [True] * len(names), wanted, source)
        frame = pd.read_excel(book, sheet_name=name, header=None, dtype=object, na_filter=False)
    rows = ([None if v == "" else v for v in row] for row in frame.itertuples(index=False, name=None))
    return name, names, rows


def _pick_header(head: list[list[str]], head_numbers: list[int], options: ReadOptions, source: str) -> int:
    if options.header_row is not None:
        if options.header_row in head_numbers:
            return head_numbers.index(options.header_row)
        raise fail(source, f"header_row {options.header_row} is beyond the rows read", row=options.header_row,
                   code="data.bad_header_row", hint="check header_row for this resource")
    skip = options.skip_rows or 0
    offset = sum(1 for n in head_numbers if n <= skip)
    index = find_header(head[offset:])
    if index is None:
        raise fail(source, "the sheet is empty", code="data.empty_file",
                   hint="choose another sheet with 'sheet', or check the file")
    return offset + index


def read_sheet(path: Path, source: str, fmt: str, options: ReadOptions) -> RawTable:
    """Read one worksheet of an XLSX or ODS file into a RawTable."""
    _check_kind(path, source, fmt)
    reader = _xlsx_rows if fmt == "xlsx" else _ods_rows
    name, names, row_values = reader(path, source, options.sheet)
    iterator = iter(row_values)
    head: list[list[str]] = []
    limit = max(HEAD_ROWS, (options.header_row or 0), (options.skip_rows or 0) + HEAD_ROWS)
    for values in iterator:
        head.append([cell_text(v) for v in values])
        if len(head) >= limit:
            break
    numbers = list(range(1, len(head) + 1))
    header_index = _pick_header(head, numbers, options, source)
    header = list(head[header_index])
    titles = tuple(" ".join(c.strip() for c in row if c.strip()) for row in head[:header_index]
                   if any(c.strip() for c in row))
    body: list[list[str]] = head[header_index + 1:]
    body_numbers = numbers[header_index + 1:]
    next_number = len(head) + 1
    for values in iterator:
        body.append([cell_text(v) for v in values])
        body_numbers.append(next_number)
        next_number += 1
    width = max([len(header)] + [len(r) for r in body])
    while width > len(header) and not any(len(r) >= width and r[width - 1].strip() for r in body):
        width -= 1
    header = header + [""] * (width - len(header))
    rows = [r[:width] + [""] * (width - len(r[:width])) for r in body]
    columns = tuple(pa.chunked_array([a], type=pa.string()) for a in text_columns(rows, width))
    findings = []
    if len(names) > 1 and options.sheet is None:
        others = [n for n in names if n != name]
        findings.append(data_info(source, f"the workbook has {len(names)} sheets; sheet {name!r} was read "
                                          f"(others: {', '.join(repr(n) for n in others)})",
                                  code="data.other_sheets",
                                  hint="set 'sheet' for this resource to read another one"))
    return RawTable(header=tuple(header), columns=columns,
                    rows=np.array(body_numbers, dtype=np.int64),
                    header_row=header_index + 1, title_rows=titles, sheet=name, sheets=names,
                    findings=tuple(findings))
