"""Key figures of a table: sums, counts, averages, extremes, latest values, and the defaults
(number of rows, period covered), each with a French display text."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from portalgen.errors import DataError
from portalgen.tabular.formatting import (
    canonical_text, display_value, format_date_fr, format_number_fr, looks_like_year_column,
)
from portalgen.tabular.model import (
    BOOLEAN, DATE, DATETIME, INTEGER, NUMBER, NUMERIC_TYPES, STRING, TEMPORAL_TYPES, Column, Figure,
    FigureGroup, FigureSpec, NormalisedTable,
)
from portalgen.tabular.problems import data_error
from portalgen.tabular.textmatch import SMALL_COLUMN

OPERATIONS = ("sum", "count", "mean", "min", "max", "latest")
MAX_GROUPS = 100
ROWS_LABEL = "Nombre de lignes"
PERIOD_LABEL = "Période couverte"
EMPTY_GROUP = "(non renseigné)"
_TRUE_WORDS = ("true", "vrai", "oui", "yes")
_FALSE_WORDS = ("false", "faux", "non", "no")


class _Problem(Exception):
    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


def _column(normalised: NormalisedTable, name: str, role: str) -> Column:
    try:
        return normalised.column(name)
    except KeyError:
        close = difflib.get_close_matches(name, normalised.column_names, n=1)
        hint = f"did you mean {close[0]!r}?" if close else (
            "columns are " + ", ".join(repr(n) for n in normalised.column_names))
        raise _Problem(f"{role} {name!r} is not a column of the table", hint) from None


def _filter_value(column: Column, value: object) -> object:
    """A filter value from the config, typed like the column."""
    text = str(value).strip()
    try:
        if column.type == INTEGER:
            return int(float(text.replace(",", ".")))
        if column.type == NUMBER:
            return float(text.replace(",", "."))
        if column.type == DATE:
            if isinstance(value, dt.date):
                return value
            if "/" in text:
                return dt.datetime.strptime(text, "%d/%m/%Y").date()
            return dt.date.fromisoformat(text)
        if column.type == DATETIME:
            if isinstance(value, dt.datetime):
                return value
            return dt.datetime.fromisoformat(text)
    except ValueError:
        raise _Problem(f"filter value {value!r} does not fit column {column.name!r} ({column.type})",
                       "give a value written like the column's values") from None
    return text


def _row_mask(normalised: NormalisedTable, spec: FigureSpec) -> pa.Array | None:
    mask = None
    for name, value in spec.filter:
        column = _column(normalised, name, "filter column")
        values = normalised.arrow(name)
        if column.type in (STRING, BOOLEAN) and isinstance(value, bool):
            words = _TRUE_WORDS if value else _FALSE_WORDS
            condition = pc.is_in(pc.utf8_lower(values), value_set=pa.array(words))
        elif column.type in (STRING, BOOLEAN):
            condition = pc.equal(values, _filter_value(column, value))
        else:
            typed = pa.scalar(_filter_value(column, value), type=values.type)
            condition = pc.equal(values, typed)
        condition = pc.fill_null(condition, False)
        mask = condition if mask is None else pc.and_(mask, condition)
    return mask


def _date_column(normalised: NormalisedTable, spec: FigureSpec | None = None) -> Column | None:
    if spec is not None and spec.date_column:
        column = _column(normalised, spec.date_column, "date_column")
        if column.type not in TEMPORAL_TYPES:
            raise _Problem(f"date_column {column.name!r} does not hold dates", "name a date column")
        return column
    return next((c for c in normalised.columns if c.type in TEMPORAL_TYPES), None)


def _reduce(op: str, column: Column | None, values: pa.Array | None, dates: pa.Array | None,
            length: int) -> object:
    if op == "count":
        return length if values is None else len(values) - values.null_count
    assert column is not None and values is not None
    if op == "latest":
        if dates is not None:
            order = pa.table({"d": dates, "i": pa.array(range(len(values)), pa.int64()), "v": values})
            order = order.filter(pc.and_(pc.is_valid(order["v"]), pc.is_valid(order["d"])))
            if order.num_rows == 0:
                return None
            last = order.sort_by([("d", "ascending"), ("i", "ascending")]).slice(order.num_rows - 1)
            return last["v"][0].as_py()
        valid = values.drop_null()
        return valid[len(valid) - 1].as_py() if len(valid) else None
    if len(values) - values.null_count == 0:
        return None
    if op == "sum":
        total = pc.sum(values).as_py()
        return round(total, column.decimals or 0) if column.type == NUMBER else total
    if op == "mean":
        return pc.mean(values).as_py()
    bounds = pc.min_max(values).as_py()
    return bounds["min"] if op == "min" else bounds["max"]


def _display(op: str, column: Column | None, value: object, spec: FigureSpec) -> str:
    if value is None:
        text = "–"
    elif op == "count":
        text = format_number_fr(value)
    elif op == "mean":
        decimals = spec.decimals if spec.decimals is not None else max((column.decimals or 0) if column else 0, 1)
        text = format_number_fr(value, decimals)
    elif column is not None and column.type in NUMERIC_TYPES and isinstance(value, (int, float)):
        decimals = spec.decimals if spec.decimals is not None else (column.decimals if column.type == NUMBER else None)
        text = format_number_fr(value, decimals)
    else:
        text = display_value(value, column.type if column else STRING)
    if spec.unit and value is not None:
        text += "\u00a0" + spec.unit
    return text


def _json_ready(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return canonical_text(value)
    return value


def _compute(normalised: NormalisedTable, spec: FigureSpec) -> Figure:
    if spec.op not in OPERATIONS:
        raise _Problem(f"operation {spec.op!r} is unknown", "use one of " + ", ".join(OPERATIONS))
    column = _column(normalised, spec.column, "column") if spec.column else None
    if column is None and spec.op != "count":
        raise _Problem(f"operation {spec.op!r} needs a column", "add 'column' to this figure")
    if spec.op in ("sum", "mean") and column.type not in NUMERIC_TYPES:
        raise _Problem(f"column {column.name!r} is not numeric ({column.type}), so it has no {spec.op}",
                       "choose a numeric column; a column with a few non-numbers (n/a, NC) stays text: "
                       "empty those cells")
    if spec.op in ("min", "max") and column.type not in NUMERIC_TYPES + TEMPORAL_TYPES:
        raise _Problem(f"column {column.name!r} holds text, so it has no {spec.op}",
                       "choose a numeric or date column")
    table = normalised.arrow_table()
    mask = _row_mask(normalised, spec)
    if mask is not None:
        table = table.filter(mask)
    date_column = _date_column(normalised, spec) if spec.op == "latest" else None

    def reduce(part: pa.Table) -> object:
        values = part[column.name].combine_chunks() if column else None
        dates = part[date_column.name].combine_chunks() if date_column else None
        return _reduce(spec.op, column, values, dates, part.num_rows)

    groups: tuple[FigureGroup, ...] = ()
    if spec.group_by:
        group_column = _column(normalised, spec.group_by, "group_by")
        keys = table[group_column.name]
        distinct = pc.unique(keys).drop_null()
        if len(distinct) > MAX_GROUPS:
            raise _Problem(f"group_by {group_column.name!r} has {len(distinct)} different values; "
                           f"at most {MAX_GROUPS} can be shown", "group by a column with fewer values")
        result = []
        for key in pc.array_sort_indices(distinct).to_pylist():
            key_value = distinct[key]
            part = table.filter(pc.fill_null(pc.equal(keys, key_value), False))
            value = reduce(part)
            key_text = display_value(key_value.as_py(), group_column.type,
                                     group_integers=not looks_like_year_column(group_column.name))
            result.append(FigureGroup(key_text, _json_ready(value),
                                      _display(spec.op, column, value, spec)))
        if keys.null_count:
            part = table.filter(pc.is_null(keys))
            value = reduce(part)
            result.append(FigureGroup(None, _json_ready(value), _display(spec.op, column, value, spec)))
        groups = tuple(result)
    value = reduce(table)
    return Figure(spec.label, spec.op, spec.column, _json_ready(value), _display(spec.op, column, value, spec),
                  groups)


def _bounds(normalised: NormalisedTable, name: str) -> tuple:
    """The smallest and largest value of a column (None, None when it has none), as ``pc.min_max`` gives
    them. A small column's are read from its Python values (converted once per table, shared with the
    profile): an Arrow call costs more than looking at a few dozen values. Dates and date-times compare
    in Python as in Arrow (tested equal)."""
    if normalised.row_count <= SMALL_COLUMN:
        filled = [value for value in normalised.values(name) if value is not None]
        return (min(filled), max(filled)) if filled else (None, None)
    bounds = pc.min_max(normalised.arrow(name)).as_py()
    return bounds["min"], bounds["max"]


def default_figures(normalised: NormalisedTable) -> tuple[Figure, ...]:
    """Number of rows, and the period covered by the first date column (when there is one)."""
    rows = normalised.row_count
    figures = [Figure(ROWS_LABEL, "count", None, rows, format_number_fr(rows))]
    date_column = _date_column(normalised)
    if date_column is not None:
        first, last = _bounds(normalised, date_column.name)
        if first is not None:
            if first == last:
                display = f"le {format_date_fr(first)}"
            else:
                display = f"du {format_date_fr(first)} au {format_date_fr(last)}"
            figures.append(Figure(PERIOD_LABEL, "period", date_column.name,
                                  f"{canonical_text(first)}/{canonical_text(last)}", display))
    return tuple(figures)


def compute_figures(normalised: NormalisedTable, specs: Sequence[FigureSpec], *,
                    include_defaults: bool = True) -> tuple[Figure, ...]:
    """The default figures (unless ``include_defaults`` is False), then one Figure per spec.

    Raises DataError listing every spec that cannot be computed (unknown column, sum of text…).
    """
    figures = list(default_figures(normalised)) if include_defaults else []
    problems = []
    for spec in specs:
        try:
            figures.append(_compute(normalised, spec))
        except _Problem as problem:
            problems.append(data_error(normalised.source, f"key figure {spec.label!r}: {problem}",
                                       hint=problem.hint, code="data.bad_figure"))
    if problems:
        raise DataError(problems)
    return tuple(figures)
