"""Findings about data files: always the file, the row and column when they apply, a hint."""

from __future__ import annotations

from collections.abc import Sequence

from portalgen.errors import DataError, Finding, Location, error, info, warning

#: How many rows a message lists before saying "and N more".
MAX_LISTED = 5


def where(source: str, row: int | None = None) -> Location:
    return Location.of(source, row)


def column_key(column: str | None) -> str | None:
    return f"column '{column}'" if column is not None else None


def data_error(source: str, message: str, *, row: int | None = None, column: str | None = None,
               hint: str | None = None, code: str) -> Finding:
    return error(message, where(source, row), key=column_key(column), hint=hint, code=code)


def data_warning(source: str, message: str, *, row: int | None = None, column: str | None = None,
                 hint: str | None = None, code: str) -> Finding:
    return warning(message, where(source, row), key=column_key(column), hint=hint, code=code)


def data_info(source: str, message: str, *, row: int | None = None, column: str | None = None,
              hint: str | None = None, code: str) -> Finding:
    return info(message, where(source, row), key=column_key(column), hint=hint, code=code)


def fail(source: str, message: str, *, row: int | None = None, column: str | None = None,
         hint: str | None = None, code: str) -> DataError:
    """A DataError carrying one finding (raise it)."""
    return DataError([data_error(source, message, row=row, column=column, hint=hint, code=code)])


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 column', '3 columns'."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def listing(items: Sequence[str], total: int | None = None) -> str:
    """'a, b, c' with 'and N more' when the list was cut."""
    shown = list(items[:MAX_LISTED])
    total = len(items) if total is None else total
    text = ", ".join(shown)
    if total > len(shown):
        text += f" and {total - len(shown)} more"
    return text


def quote_value(value: str, limit: int = 40) -> str:
    """A cell value for a message: quoted, shortened when long."""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return "'" + text.replace("\n", "\\n").replace("\r", "\\r") + "'"
