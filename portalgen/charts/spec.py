"""What a chart shows: the ``charts:`` entries of a dataset file, checked and typed.

A chart is written in a dataset file as a small mapping::

    charts:
      - type: bar              # bar | line | stacked_bar
        x: annee               # column on the horizontal axis
        y: montant             # numeric column (omit it to count rows)
        aggregation: sum       # sum | count | mean
        title: Montant des subventions par année
        x_period: year         # dates on x, grouped by year or month
        unit: "€"

:func:`parse_chart_spec` turns such a mapping into a frozen :class:`ChartSpec`, or into the
list of every problem found (unknown keys with a "did you mean", bad values, missing keys).
:func:`check_chart_against_columns` then checks the columns against the data file's columns.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from ..errors import Finding, Location, error

ChartType = Literal["bar", "line", "stacked_bar"]
Aggregation = Literal["sum", "count", "mean"]
SortBy = Literal["x", "value", "none"]
Order = Literal["asc", "desc"]
Period = Literal["year", "month"]

CHART_TYPES: tuple[str, ...] = ("bar", "line", "stacked_bar")
AGGREGATIONS: tuple[str, ...] = ("sum", "count", "mean")
SORTS: tuple[str, ...] = ("x", "value", "none")
ORDERS: tuple[str, ...] = ("asc", "desc")
PERIODS: tuple[str, ...] = ("year", "month")

#: Every key a chart mapping may have, with its meaning (used in messages and docs).
CHART_KEYS: dict[str, str] = {
    "type": "kind of chart: bar, line or stacked_bar",
    "x": "column on the horizontal axis (categories or dates)",
    "y": "numeric column to add up or average; omit it to count rows",
    "aggregation": "how rows with the same x are combined: sum, count or mean",
    "group_by": "column whose values become the stacks (stacked_bar) or the lines (line)",
    "title": "title of the chart, also used in its text alternative",
    "sort": "order of the x values: x (by x), value (by size) or none (as in the file)",
    "order": "asc (ascending) or desc (descending)",
    "limit": "keep the N biggest x values and group the rest as « Autres » (the last N periods for dates)",
    "x_period": "x holds dates: group them by year or month",
    "unit": "unit of the values, shown after numbers (e.g. €, kWh, %)",
    "x_label": "name of the horizontal axis (defaults to the column name)",
    "y_label": "name of the values (defaults to e.g. « Somme de montant »)",
}

#: Words people write instead of a key or a value: only used to suggest the right one.
_KEY_ALIASES: dict[str, str] = {
    "kind": "type", "chart": "type", "graph": "type", "graphique": "type",
    "groupby": "group_by", "group": "group_by", "groupe": "group_by", "series": "group_by", "serie": "group_by",
    "stack": "group_by", "color": "group_by", "couleur": "group_by",
    "titre": "title", "name": "title", "nom": "title",
    "agg": "aggregation", "agregation": "aggregation", "aggregate": "aggregation", "function": "aggregation",
    "operation": "aggregation", "calcul": "aggregation",
    "tri": "sort", "trier": "sort", "sort_by": "sort", "order_by": "sort",
    "ordre": "order", "direction": "order",
    "limite": "limit", "top": "limit", "max": "limit",
    "period": "x_period", "periode": "x_period", "date_period": "x_period", "bucket": "x_period",
    "unite": "unit", "units": "unit",
    "xlabel": "x_label", "ylabel": "y_label", "x_title": "x_label", "y_title": "y_label",
    "value": "y", "values": "y", "valeur": "y", "column": "x", "colonne": "x",
}

_VALUE_ALIASES: dict[str, dict[str, str]] = {
    "type": {"bars": "bar", "barre": "bar", "barres": "bar", "histogram": "bar", "histogramme": "bar",
             "column": "bar", "colonne": "bar", "lines": "line", "ligne": "line", "courbe": "line",
             "courbes": "line", "stacked": "stacked_bar", "empile": "stacked_bar", "empilee": "stacked_bar",
             "barres_empilees": "stacked_bar", "stacked_bars": "stacked_bar", "stackedbar": "stacked_bar"},
    "aggregation": {"total": "sum", "somme": "sum", "add": "sum", "nombre": "count", "compte": "count",
                    "compter": "count", "number": "count", "moyenne": "mean", "average": "mean", "avg": "mean"},
    "sort": {"valeur": "value", "values": "value", "size": "value", "category": "x", "name": "x",
             "aucun": "none", "no": "none", "file": "none"},
    "order": {"ascending": "asc", "croissant": "asc", "descending": "desc", "decroissant": "desc"},
    "x_period": {"annee": "year", "annees": "year", "yearly": "year", "annual": "year", "annuel": "year",
                 "mois": "month", "monthly": "month", "mensuel": "month"},
}


@dataclass(frozen=True)
class ChartSpec:
    """A checked chart definition. Build it with :func:`parse_chart_spec`.

    ``where`` and ``key`` say where the chart was written (file and line, dotted key such as
    ``charts[0]``); they are not part of equality.
    """

    type: ChartType
    x: str
    y: str | None = None
    aggregation: Aggregation = "count"
    group_by: str | None = None
    title: str | None = None
    sort: SortBy = "x"
    order: Order = "asc"
    limit: int | None = None
    x_period: Period | None = None
    unit: str | None = None
    x_label: str | None = None
    y_label: str | None = None
    where: Location | None = field(default=None, compare=False, repr=False)
    key: str = field(default="chart", compare=False, repr=False)

    @property
    def temporal(self) -> bool:
        """True when x holds dates grouped by period (time axis)."""
        return self.x_period is not None

    def columns(self) -> dict[str, str]:
        """The data columns the chart reads, by chart key (x, y, group_by)."""
        used = {"x": self.x}
        if self.y is not None:
            used["y"] = self.y
        if self.group_by is not None:
            used["group_by"] = self.group_by
        return used


def fold(text: str) -> str:
    """Lowercase ``text`` without accents and with spaces/dashes as underscores, for loose matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()
    return "".join(ch if ch.isalnum() else "_" for ch in plain).strip("_")


def suggest(word: str, choices: list[str] | tuple[str, ...], aliases: Mapping[str, str] | None = None) -> str | None:
    """The choice closest to ``word`` (accent/case insensitive, known aliases first), or None."""
    folded = fold(word)
    if aliases and folded in aliases:
        return aliases[folded]
    by_fold = {fold(choice): choice for choice in choices}
    if folded in by_fold:
        return by_fold[folded]
    close = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.6)
    return by_fold[close[0]] if close else None


def did_you_mean(word: str, choices, aliases: Mapping[str, str] | None = None) -> str:
    """`` Did you mean 'x'?`` or an empty string."""
    found = suggest(word, choices, aliases)
    return f"did you mean '{found}'?" if found else ""


class _Collector:
    """Collects findings for one chart mapping, each at its key's line when known."""

    def __init__(self, where: Location, key_prefix: str, key_locations: Mapping[str, Location] | None):
        self.where = where
        self.key_prefix = key_prefix
        self.key_locations = key_locations or {}
        self.findings: list[Finding] = []

    def problem(self, key: str | None, message: str, hint: str | None = None, code: str = "chart-spec") -> None:
        where = self.key_locations.get(key, self.where) if key else self.where
        full_key = f"{self.key_prefix}.{key}" if key else self.key_prefix
        self.findings.append(error(message, where, key=full_key, hint=hint, code=code))


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def _text(raw: Mapping[str, Any], key: str, out: _Collector, *, required: bool = False,
          what: str = "a text") -> str | None:
    if key not in raw:
        if required:
            out.problem(None, f"the chart has no '{key}' key ({CHART_KEYS[key]})",
                        hint=f"add '{key}: …' to the chart", code="chart-missing-key")
        return None
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or (isinstance(value, str) and not value.strip()):
        if value is None and not required:
            return None
        out.problem(key, f"'{key}' must be {what}, not {_describe(value)}",
                    hint=f"write '{key}: …' with {what}", code="chart-bad-value")
        return None
    return str(value).strip()


def _choice(raw: Mapping[str, Any], key: str, choices: tuple[str, ...], out: _Collector) -> str | None:
    if key not in raw or raw[key] is None:
        return None
    value = raw[key]
    if isinstance(value, str) and value.strip().lower() in choices:
        return value.strip().lower()
    allowed = ", ".join(choices)
    suggestion = did_you_mean(str(value), choices, _VALUE_ALIASES.get(key)) if isinstance(value, str) else ""
    hint = f"{suggestion} '{key}' accepts: {allowed}" if suggestion else f"'{key}' accepts: {allowed}"
    out.problem(key, f"'{key}' cannot be {_describe(value)}", hint=hint, code="chart-bad-value")
    return None


def _limit(raw: Mapping[str, Any], out: _Collector) -> int | None:
    value = raw.get("limit")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        out.problem("limit", f"'limit' must be a whole number of 1 or more, not {_describe(value)}",
                    hint="e.g. 'limit: 10' keeps the ten biggest values and groups the rest as « Autres »",
                    code="chart-bad-value")
        return None
    return value


def parse_chart_spec(mapping: Any, where: Location, *, key_prefix: str = "chart",
                     key_locations: Mapping[str, Location] | None = None) -> ChartSpec | list[Finding]:
    """Check one chart mapping from a dataset file and build its :class:`ChartSpec`.

    ``where`` is the location of the mapping (dataset file and line); ``key_locations`` may give
    the location of each key's value for more precise lines; ``key_prefix`` is the dotted path of
    the chart in the file (e.g. ``charts[1]``). Returns the spec, or the list of every problem.
    """
    out = _Collector(where, key_prefix, key_locations)
    if not isinstance(mapping, Mapping):
        out.problem(None, f"a chart must be a mapping of keys (type, x, y…), not {_describe(mapping)}",
                    hint="write the chart as indented 'key: value' lines, e.g. 'type: bar' and 'x: annee'",
                    code="chart-not-mapping")
        return out.findings
    raw = {str(k): v for k, v in mapping.items()}
    for key in sorted(raw):
        if key not in CHART_KEYS:
            suggestion = did_you_mean(key, list(CHART_KEYS), _KEY_ALIASES)
            known = ", ".join(CHART_KEYS)
            out.problem(key, f"unknown chart key '{key}'",
                        hint=f"{suggestion} Known keys: {known}" if suggestion else f"known keys: {known}",
                        code="chart-unknown-key")

    chart_type = _choice(raw, "type", CHART_TYPES, out)
    if "type" not in raw or raw["type"] is None:
        out.problem(None, "the chart has no 'type' key", hint="add 'type: bar', 'type: line' or 'type: stacked_bar'",
                    code="chart-missing-key")
    x = _text(raw, "x", out, required=True, what="a column name")
    y = _text(raw, "y", out, what="a column name")
    group_by = _text(raw, "group_by", out, what="a column name")
    title = _text(raw, "title", out)
    unit = _text(raw, "unit", out)
    x_label = _text(raw, "x_label", out)
    y_label = _text(raw, "y_label", out)
    aggregation = _choice(raw, "aggregation", AGGREGATIONS, out)
    sort = _choice(raw, "sort", SORTS, out)
    order = _choice(raw, "order", ORDERS, out)
    x_period = _choice(raw, "x_period", PERIODS, out)
    limit = _limit(raw, out)

    bad_aggregation = "aggregation" in raw and raw["aggregation"] is not None and aggregation is None
    if aggregation is None and not bad_aggregation:
        aggregation = "sum" if y is not None else "count"
    if aggregation in ("sum", "mean") and y is None and "y" not in raw:
        out.problem("aggregation", f"'aggregation: {aggregation}' needs a 'y' column to {'add up' if aggregation == 'sum' else 'average'}",
                    hint="add 'y: <numeric column>', or use 'aggregation: count' to count rows", code="chart-needs-y")
    if chart_type == "stacked_bar" and group_by is None and "group_by" not in raw:
        out.problem(None, "a stacked_bar chart needs 'group_by': the column whose values make the stacks",
                    hint="add 'group_by: <column>', or use 'type: bar' for simple bars", code="chart-needs-group")
    if chart_type == "bar" and group_by is not None:
        out.problem("group_by", "a bar chart cannot use 'group_by'",
                    hint="use 'type: stacked_bar' to split each bar by this column", code="chart-group-on-bar")
    if chart_type == "stacked_bar" and aggregation == "mean":
        out.problem("aggregation", "averages cannot be stacked: the height of a stack would mean nothing",
                    hint="use 'aggregation: sum' or 'count', or 'type: line' with group_by to compare averages",
                    code="chart-stacked-mean")
    if chart_type == "line" and sort == "value":
        out.problem("sort", "a line chart follows the order of x; 'sort: value' would scramble it",
                    hint="remove 'sort', or use 'type: bar' to rank values", code="chart-line-sort")
    if x is not None and group_by is not None and x == group_by:
        out.problem("group_by", f"'group_by' is the same column as 'x' ({x})",
                    hint="choose another column to split by, or remove 'group_by'", code="chart-group-is-x")

    if out.findings or chart_type is None or x is None or aggregation is None:
        return out.findings
    sort_value = sort or "x"
    default_order = "desc" if sort_value == "value" else "asc"
    return ChartSpec(
        type=chart_type, x=x, y=y, aggregation=aggregation, group_by=group_by, title=title,
        sort=sort_value, order=order or default_order, limit=limit, x_period=x_period, unit=unit,
        x_label=x_label, y_label=y_label, where=where, key=key_prefix,
    )


def spec_from_suggestion(suggestion: Any, where: Location, *, key_prefix: str = "chart") -> ChartSpec | list[Finding]:
    """A ChartSpec from a schema's default chart (an object with ``title``, ``kind``, ``measure``,
    ``category_field``, ``value_field``, ``date_part``, ``series_field``, ``limit`` attributes).

    A bar chart with a series field becomes a stacked bar chart; ``date_part`` becomes ``x_period``.
    """
    kind = getattr(suggestion, "kind", "bar")
    series = getattr(suggestion, "series_field", None)
    mapping: dict[str, Any] = {
        "type": "stacked_bar" if kind == "bar" and series else kind,
        "x": getattr(suggestion, "category_field", None),
        "aggregation": getattr(suggestion, "measure", "count"),
        "title": getattr(suggestion, "title", None),
    }
    optional = {"y": getattr(suggestion, "value_field", None), "group_by": series,
                "x_period": getattr(suggestion, "date_part", None), "limit": getattr(suggestion, "limit", None)}
    mapping.update({key: value for key, value in optional.items() if value is not None})
    if mapping["type"] != "line" and mapping.get("limit") is not None and "sort" not in mapping:
        mapping["sort"] = "value"
    return parse_chart_spec(mapping, where, key_prefix=key_prefix)


NUMERIC_TYPES = frozenset({"integer", "number", "float", "int", "decimal", "numeric", "year"})
DATE_TYPES = frozenset({"date", "datetime", "year", "yearmonth", "timestamp"})
TEXT_TYPES = frozenset({"string", "text", "str", "any"})


def _column_suggestion(name: str, columns: list[str]) -> str:
    by_fold: dict[str, str] = {}
    for column in columns:
        by_fold.setdefault(fold(column), column)
    if fold(name) in by_fold:
        return f"did you mean '{by_fold[fold(name)]}'? (names must match exactly, with case and accents)"
    close = difflib.get_close_matches(fold(name), list(by_fold), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"'{by_fold[c]}'" for c in close) + "?"
    shown = ", ".join(columns[:12]) + (", …" if len(columns) > 12 else "")
    return f"the columns are: {shown}" if columns else "the file has no columns"


def check_chart_against_columns(spec: ChartSpec, columns: Mapping[str, str], where: Location | None = None,
                                *, data_label: str | None = None) -> list[Finding]:
    """Check that the chart's columns exist in the data, that y is numeric and x fits ``x_period``.

    ``columns`` maps each column name to its inferred type (integer, number, string, date…).
    ``where`` defaults to where the spec was written; ``data_label`` names the data file in messages.
    """
    place = where or spec.where or Location("?")
    names = list(columns)
    in_file = f" of {data_label}" if data_label else ""
    findings: list[Finding] = []
    for chart_key, column in spec.columns().items():
        if column not in columns:
            findings.append(error(
                f"the chart uses column '{column}', which is not a column{in_file}", place,
                key=f"{spec.key}.{chart_key}", hint=_column_suggestion(column, names), code="chart-unknown-column"))
    if spec.y is not None and spec.y in columns and spec.aggregation in ("sum", "mean"):
        kind = str(columns[spec.y]).lower()
        if kind not in NUMERIC_TYPES - {"year"}:
            numeric = [n for n in names if str(columns[n]).lower() in NUMERIC_TYPES - {"year"}]
            hint = ("numeric columns: " + ", ".join(numeric[:8])) if numeric else "this file has no numeric column"
            verb = "add up" if spec.aggregation == "sum" else "average"
            findings.append(error(
                f"the chart would {verb} column '{spec.y}', but its values are {kind}, not numbers", place,
                key=f"{spec.key}.y", hint=hint + "; or use 'aggregation: count' to count rows",
                code="chart-y-not-numeric"))
    if spec.x_period is not None and spec.x in columns:
        kind = str(columns[spec.x]).lower()
        if kind not in DATE_TYPES | TEXT_TYPES | {"integer", "int"}:
            findings.append(error(
                f"'x_period: {spec.x_period}' needs dates in column '{spec.x}', but its values are {kind}", place,
                key=f"{spec.key}.x_period", hint="remove 'x_period', or point 'x' at a date column",
                code="chart-x-not-date"))
    return findings
