"""Turn a table into the few numbers a chart draws.

:func:`aggregate` groups the rows of a DataFrame by the chart's x column (and by ``group_by``),
combines the y values (sum, count or mean) and returns a frozen :class:`ChartData` whose
order is fully determined by the data and the spec (never by hash order or the clock).

Rules, in order:

* rows whose x (or group) is empty, or whose y is not a number for sum/mean, are skipped and
  counted in ``ChartData.skipped_rows``; numbers are expected in the normalised form
  (``1234.5``: dot decimals, no thousands separator);
* with ``x_period``, x is read as dates (ISO ``2023-05-17``, ``2023-05``, ``2023``, a year
  number, or ``17/05/2023``) and grouped by year (``2023``) or month (``2023-05``); missing
  periods between the first and the last are filled (0 for sums and counts, empty for means);
* series (``group_by`` values) are ordered biggest first; past :data:`MAX_SERIES` the smallest
  are grouped into one « Autres » series;
* ``limit`` keeps the N biggest categories and groups the rest into « Autres » (not done when
  only one category would be grouped); on a time axis or a line chart it keeps the last N x
  values instead. Bar charts with more than :data:`MAX_BAR_CATEGORIES` categories are limited
  the same way even without ``limit``, so that the chart stays readable;
* then categories are sorted as the spec says (x, value or file order), « Autres » last.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import PortalgenError
from .spec import ChartSpec, check_chart_against_columns

MAX_SERIES = 8
MAX_BAR_CATEGORIES = 40
MAX_FILLED_PERIODS = 600


@dataclass(frozen=True)
class ChartData:
    """The numbers of a chart.

    ``values[s][c]`` is the value of series ``series[s]`` for category ``categories[c]``
    (``None`` when there is no value, e.g. a mean over no rows). Categories are x labels
    (years ``2023`` or months ``2023-05`` on a time axis). When ``other_category`` is true the
    last category groups the smaller ones (shown as « Autres »); ``other_series`` likewise for
    the last series.
    """

    categories: tuple[str, ...]
    series: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]
    other_category: bool = False
    other_series: bool = False
    skipped_rows: int = 0
    total_rows: int = 0

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to draw."""
        return not self.categories or not self.series

    def category_totals(self) -> tuple[float | None, ...]:
        """Sum over series for each category (None where every series is empty)."""
        totals: list[float | None] = []
        for c in range(len(self.categories)):
            present = [row[c] for row in self.values if row[c] is not None]
            totals.append(float(sum(present)) if present else None)
        return tuple(totals)


def empty_chart_data(*, skipped_rows: int = 0, total_rows: int = 0) -> ChartData:
    """A ChartData with nothing to draw (renders as a « Pas de données » figure)."""
    return ChartData((), (), (), skipped_rows=skipped_rows, total_rows=total_rows)


_NATURAL_SPLIT = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that orders ``2`` before ``10`` and ignores case, then breaks ties exactly."""
    parts = _NATURAL_SPLIT.split(text.casefold())
    return (tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p != ""), text)


def _label(value) -> str | None:
    """A category label for one x/group value, or None for an empty value."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat() if (value.hour or value.minute or value.second) else value.date().isoformat()
    if value is pd.NaT or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def labels_of(column: pd.Series) -> pd.Series:
    """Each value of ``column`` as a text label (None for empty values)."""
    if pd.api.types.is_float_dtype(column.dtype) or column.dtype == object or pd.api.types.is_datetime64_any_dtype(column.dtype):
        return pd.Series([_label(v) for v in column.tolist()], index=column.index, dtype=object)
    as_text = column.astype("string").str.strip()
    return as_text.where(as_text.notna() & (as_text != ""), None).astype(object)


def numbers_of(column: pd.Series) -> pd.Series:
    """Values of ``column`` as floats (NaN where a value is empty or not a number)."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return column.astype(float)
    if pd.api.types.is_numeric_dtype(column.dtype):
        return column.astype(float)
    text = column.astype("string").str.strip()
    return pd.to_numeric(text, errors="coerce").astype(float)


_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
_YEAR_ONLY = r"^(\d{4})$"
_ISO_DATE = r"^(\d{4})-(\d{1,2})(?:$|-\d{1,2}(?:$|[T ]))"
_FRENCH_DATE = r"^(?:\d{1,2})/(\d{1,2})/(\d{4})(?:$|[T ])"


def periods_of(column: pd.Series, period: str) -> pd.Series:
    """Each value of a date column as a period label: ``2023`` (year) or ``2023-05`` (month).

    Accepts dates and datetimes, ISO texts (``2023-05-17``, ``2023-05-17T10:00+02:00``,
    ``2023-05``, ``2023``), French dates (``17/05/2023``) and year numbers; anything else becomes
    None. The date is taken as written (a time zone never moves it to another day).
    """
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        dates = column
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_localize(None)
        labels = dates.dt.strftime("%Y" if period == "year" else "%Y-%m")
        return labels.where(dates.notna(), None).astype(object)
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        years = column.astype(float)
        valid = years.notna() & (years == years.round()) & years.between(1000, 9999) & (period == "year")
        return pd.Series([f"{int(v):04d}" if ok else None for v, ok in zip(years.tolist(), valid.tolist())],
                         index=column.index, dtype=object)
    text = column.astype("string").str.strip()
    iso = text.str.extract(_ISO_DATE)
    french = text.str.extract(_FRENCH_DATE)
    year = iso[0].fillna(french[1])
    month = iso[1].fillna(french[0])
    if period == "year":
        year = year.fillna(text.str.extract(_YEAR_ONLY, expand=False))
    month_number = pd.to_numeric(month, errors="coerce")
    valid = year.notna() & (month_number.between(1, 12) | (month.isna() & (period == "year")))
    if period == "year":
        labels = year
    else:
        labels = year + "-" + month.str.zfill(2)
    return pd.Series([label if ok and isinstance(label, str) else None
                      for label, ok in zip(labels.tolist(), valid.fillna(False).tolist())],
                     index=column.index, dtype=object)


def _period_range(first: str, last: str, period: str) -> list[str]:
    if period == "year":
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    y0, m0 = (int(p) for p in first.split("-"))
    y1, m1 = (int(p) for p in last.split("-"))
    out = []
    y, m = y0, m0
    while (y, m) <= (y1, m1):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def _period_count(first: str, last: str, period: str) -> int:
    if period == "year":
        return int(last) - int(first) + 1
    y0, m0 = (int(p) for p in first.split("-"))
    y1, m1 = (int(p) for p in last.split("-"))
    return (y1 - y0) * 12 + (m1 - m0) + 1


@dataclass(frozen=True)
class _Cells:
    """Per (category, series) sums and row counts, from which any aggregation is computed."""

    sums: dict[tuple[str, str], float]
    counts: dict[tuple[str, str], int]

    def value(self, keys: list[tuple[str, str]], aggregation: str) -> float | None:
        total = sum(self.sums.get(k, 0.0) for k in keys)
        count = sum(self.counts.get(k, 0) for k in keys)
        if aggregation == "sum":
            return float(total)
        if aggregation == "count":
            return float(count)
        return float(total / count) if count else None


def _prepare(df: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """A frame with columns x, g, y (one row per usable data row), in file order."""
    x = periods_of(df[spec.x], spec.x_period) if spec.x_period else labels_of(df[spec.x])
    g = labels_of(df[spec.group_by]) if spec.group_by else pd.Series([""] * len(df), index=df.index, dtype=object)
    if spec.aggregation == "count":
        if spec.y is None:
            y = pd.Series(np.ones(len(df)), index=df.index)
        else:
            present = labels_of(df[spec.y]).notna()
            y = pd.Series(np.where(present, 1.0, np.nan), index=df.index)
    else:
        y = numbers_of(df[spec.y])
    frame = pd.DataFrame({"x": x, "g": g, "y": y})
    keep = frame["x"].notna() & frame["g"].notna() & frame["y"].notna() & np.isfinite(frame["y"].astype(float))
    return frame[keep]


def _cells(frame: pd.DataFrame) -> _Cells:
    grouped = frame.groupby(["x", "g"], sort=True)["y"].agg(["sum", "count"])
    sums = {(str(x), str(g)): float(s) for (x, g), s in grouped["sum"].items()}
    counts = {(str(x), str(g)): int(c) for (x, g), c in grouped["count"].items()}
    return _Cells(sums, counts)


def _first_seen(values: pd.Series) -> list[str]:
    return [str(v) for v in pd.unique(values)]


def _rank(names: list[str], score: dict[str, float | None]) -> list[str]:
    """Names biggest score first; ties (and empty scores, last) in natural order."""
    return sorted(names, key=lambda n: (score[n] is None, -(score[n] or 0.0), natural_key(n)))


def aggregate(df: pd.DataFrame, spec: ChartSpec) -> ChartData:
    """Compute the categories, series and values a chart of ``df`` shows (see the module doc).

    ``df`` must contain the spec's columns (check them first with
    :func:`~portalgen.charts.spec.check_chart_against_columns`; a missing one raises
    :class:`~portalgen.errors.PortalgenError`). Empty or unusable data gives a ChartData whose
    ``is_empty`` is true.
    """
    missing = {key: column for key, column in spec.columns().items() if column not in df.columns}
    if missing:
        present = {str(c): "string" for c in df.columns}
        raise PortalgenError([f for f in check_chart_against_columns(spec, present)
                              if f.code == "chart-unknown-column"])
    total_rows = int(len(df))
    if total_rows == 0:
        return empty_chart_data()
    frame = _prepare(df, spec)
    skipped = total_rows - int(len(frame))
    if frame.empty:
        return empty_chart_data(skipped_rows=skipped, total_rows=total_rows)
    cells = _cells(frame)
    agg = spec.aggregation
    categories = _first_seen(frame["x"])
    series = _first_seen(frame["g"])

    # Series: biggest first, the smallest grouped past MAX_SERIES.
    series_score = {s: cells.value([(c, s) for c in categories], agg) for s in series}
    if not spec.group_by:
        ranked_series = series
    elif all(_NUMBER.match(s) for s in series):
        ranked_series = sorted(series, key=natural_key)  # years, numbers: in their own order
    else:
        ranked_series = _rank(series, series_score)
    series_groups: list[list[str]] = [[s] for s in ranked_series]
    other_series = False
    if len(series_groups) > MAX_SERIES:
        series_groups = series_groups[: MAX_SERIES - 1] + [[s for g in series_groups[MAX_SERIES - 1:] for s in g]]
        other_series = True
    all_series = [s for group in series_groups for s in group]

    def category_score(members: list[str]) -> float | None:
        return cells.value([(c, s) for c in members for s in all_series], agg)

    # Categories: limit, fill periods, sort.
    x_ordered = spec.temporal or spec.type == "line"
    limit = spec.limit
    if limit is None and spec.type != "line" and not spec.temporal and len(categories) > MAX_BAR_CATEGORIES:
        limit = MAX_BAR_CATEGORIES - 1
    category_groups: list[list[str]] = [[c] for c in categories]
    other_category = False
    if spec.temporal:
        ordered = sorted(categories)
        if _period_count(ordered[0], ordered[-1], spec.x_period) <= MAX_FILLED_PERIODS:
            ordered = _period_range(ordered[0], ordered[-1], spec.x_period)
        if limit is not None:
            ordered = ordered[-limit:]
        category_groups = [[c] for c in ordered]
    elif limit is not None and len(categories) > limit:
        if x_ordered:
            kept = set(sorted(categories, key=natural_key)[-limit:])
            category_groups = [[c] for c in categories if c in kept]
        elif len(categories) - limit > 1:
            scores = {c: category_score([c]) for c in categories}
            top = _rank(categories, scores)[:limit]
            rest = [c for c in categories if c not in set(top)]
            category_groups = [[c] for c in categories if c in set(top)] + [rest]
            other_category = True

    plain_groups = category_groups[:-1] if other_category else category_groups
    if spec.sort == "x":
        plain_groups = sorted(plain_groups, key=lambda g: natural_key(g[0]), reverse=spec.order == "desc")
    elif spec.sort == "value":
        scores = {g[0]: category_score(g) for g in plain_groups}
        ranked = _rank([g[0] for g in plain_groups], scores)
        if spec.order == "asc":
            ranked = _rank_ascending([g[0] for g in plain_groups], scores)
        plain_groups = [[name] for name in ranked]
    elif spec.order == "desc":
        plain_groups = list(reversed(plain_groups))
    category_groups = plain_groups + ([category_groups[-1]] if other_category else [])

    fill_missing = agg != "mean"
    values = []
    for members in series_groups:
        row = []
        for cat_members in category_groups:
            keys = [(c, s) for c in cat_members for s in members]
            if not fill_missing and not any(k in cells.counts for k in keys):
                row.append(None)
            else:
                row.append(cells.value(keys, agg))
        values.append(tuple(row))

    series_names = [g[0] for g in series_groups[:-1]] + (["Autres"] if other_series else [series_groups[-1][0]])
    category_names = [g[0] for g in category_groups[:-1]] + (
        ["Autres"] if other_category else [category_groups[-1][0]])
    return ChartData(
        categories=tuple(category_names), series=tuple(series_names), values=tuple(values),
        other_category=other_category, other_series=other_series, skipped_rows=skipped, total_rows=total_rows,
    )


def _rank_ascending(names: list[str], score: dict[str, float | None]) -> list[str]:
    """Names smallest score first; ties in natural order; empty scores last."""
    return sorted(names, key=lambda n: (score[n] is None, score[n] or 0.0, natural_key(n)))
