"""parse_chart_spec and check_chart_against_columns: good specs, and every kind of bad one."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import yaml

from portalgen.charts.spec import ChartSpec, check_chart_against_columns, parse_chart_spec, spec_from_suggestion
from portalgen.errors import Level, Location

WHERE = Location("datasets/budget.yml", 12, 5)


def parse_ok(mapping) -> ChartSpec:
    result = parse_chart_spec(mapping, WHERE, key_prefix="charts[0]")
    assert isinstance(result, ChartSpec), [str(f) for f in result]
    return result


def parse_bad(mapping, **kwargs) -> list:
    result = parse_chart_spec(mapping, WHERE, key_prefix="charts[0]", **kwargs)
    assert isinstance(result, list) and result, f"expected problems, got {result!r}"
    assert all(f.level is Level.ERROR for f in result)
    return result


def test_spec_read_from_a_dataset_file(tmp_path):
    path = tmp_path / "datasets" / "subventions.yml"
    path.parent.mkdir()
    path.write_text(
        "title: Subventions\n"
        "charts:\n"
        "  - type: stacked_bar\n"
        "    x: date_convention\n"
        "    y: montant\n"
        "    group_by: nature\n"
        "    x_period: year\n"
        "    title: Subventions par année\n"
        "    unit: €\n"
        "    sort: x\n"
        "    order: desc\n"
        "    limit: 5\n"
        "    x_label: Année\n"
        "    y_label: Montant versé\n",
        encoding="utf-8",
    )
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["charts"][0]
    spec = parse_chart_spec(raw, Location("datasets/subventions.yml", 3), key_prefix="charts[0]")
    assert spec == ChartSpec(type="stacked_bar", x="date_convention", y="montant", aggregation="sum",
                             group_by="nature", title="Subventions par année", sort="x", order="desc", limit=5,
                             x_period="year", unit="€", x_label="Année", y_label="Montant versé")
    assert spec.where == Location("datasets/subventions.yml", 3)
    assert spec.key == "charts[0]"
    assert spec.temporal
    assert spec.columns() == {"x": "date_convention", "y": "montant", "group_by": "nature"}


def test_defaults():
    spec = parse_ok({"type": "bar", "x": "quartier"})
    assert (spec.y, spec.aggregation, spec.sort, spec.order, spec.limit, spec.x_period) == (
        None, "count", "x", "asc", None, None)
    assert parse_ok({"type": "bar", "x": "annee", "y": "montant"}).aggregation == "sum"
    by_value = parse_ok({"type": "bar", "x": "service", "y": "montant", "sort": "value"})
    assert by_value.order == "desc"
    assert parse_ok({"type": "line", "x": "annee", "y": "m", "aggregation": "mean"}).aggregation == "mean"


def test_values_are_case_insensitive_and_numbers_as_column_names():
    spec = parse_ok({"type": "Bar", "x": 2023, "aggregation": "COUNT", "x_period": "Year"})
    assert (spec.type, spec.x, spec.aggregation, spec.x_period) == ("bar", "2023", "count", "year")


def test_unknown_key_with_did_you_mean():
    findings = parse_bad({"type": "stacked_bar", "x": "annee", "y": "montant", "groupby": "nature"})
    unknown = [f for f in findings if f.code == "chart-unknown-key"]
    assert len(unknown) == 1
    assert unknown[0].key == "charts[0].groupby"
    assert "did you mean 'group_by'?" in unknown[0].hint
    assert unknown[0].where == WHERE
    text = unknown[0].format()
    assert text.startswith("datasets/budget.yml:12:5: charts[0].groupby: unknown chart key 'groupby'")


@pytest.mark.parametrize("key, expected", [("titre", "title"), ("titel", "title"), ("agregation", "aggregation"),
                                           ("periode", "x_period"), ("limite", "limit"), ("sort_by", "sort")])
def test_unknown_key_suggestions(key, expected):
    findings = parse_bad({"type": "bar", "x": "a", key: "x"})
    assert f"did you mean '{expected}'?" in findings[0].hint


def test_unrelated_unknown_key_lists_known_keys():
    findings = parse_bad({"type": "bar", "x": "a", "zzzz": 1})
    assert "known keys: type, x, y" in findings[0].hint
    assert "did you mean" not in findings[0].hint


def test_key_locations_give_the_line_of_the_bad_value():
    places = {"type": Location("datasets/budget.yml", 14, 11)}
    findings = parse_bad({"type": "barres", "x": "annee"}, key_locations=places)
    assert findings[0].where == Location("datasets/budget.yml", 14, 11)
    assert findings[0].key == "charts[0].type"
    assert "did you mean 'bar'?" in findings[0].hint
    assert "bar, line, stacked_bar" in findings[0].hint


@pytest.mark.parametrize("mapping, key, words", [
    ({"type": "pie", "x": "a"}, "type", "cannot be 'pie'"),
    ({"type": "bar", "x": "a", "aggregation": "moyenne", "y": "b"}, "aggregation", "did you mean 'mean'?"),
    ({"type": "bar", "x": "a", "sort": "size"}, "sort", "did you mean 'value'?"),
    ({"type": "bar", "x": "a", "order": "croissant"}, "order", "did you mean 'asc'?"),
    ({"type": "bar", "x": "a", "x_period": "mois"}, "x_period", "did you mean 'month'?"),
    ({"type": "bar", "x": "a", "x_period": "week"}, "x_period", "cannot be 'week'"),
    ({"type": "bar", "x": ["a", "b"]}, "x", "not a list"),
    ({"type": "bar", "x": "a", "y": {"col": 1}}, "y", "not a mapping"),
    ({"type": "bar", "x": "a", "title": True}, "title", "true (true/false)"),
    ({"type": "bar", "x": "   "}, "x", "must be a column name"),
    ({"type": "bar", "x": "a", "limit": 0}, "limit", "1 or more"),
    ({"type": "bar", "x": "a", "limit": "dix"}, "limit", "not 'dix'"),
    ({"type": "bar", "x": "a", "limit": True}, "limit", "whole number"),
    ({"type": "bar", "x": "a", "limit": 2.5}, "limit", "whole number"),
])
def test_bad_values(mapping, key, words):
    findings = parse_bad(mapping)
    assert [f.key for f in findings] == [f"charts[0].{key}"]
    assert words in findings[0].format()


def test_missing_required_keys():
    findings = parse_bad({"title": "Sans type ni x"})
    messages = " | ".join(f.message for f in findings)
    assert "no 'x' key" in messages and "no 'type' key" in messages
    assert all(f.key == "charts[0]" for f in findings)


@pytest.mark.parametrize("value, words", [("bar", "not 'bar'"), (["bar"], "not a list"), (None, "not empty")])
def test_chart_must_be_a_mapping(value, words):
    findings = parse_bad(value)
    assert findings[0].code == "chart-not-mapping"
    assert words in findings[0].message


@pytest.mark.parametrize("mapping, code", [
    ({"type": "bar", "x": "a", "aggregation": "sum"}, "chart-needs-y"),
    ({"type": "line", "x": "a", "aggregation": "mean"}, "chart-needs-y"),
    ({"type": "stacked_bar", "x": "a", "y": "b"}, "chart-needs-group"),
    ({"type": "bar", "x": "a", "group_by": "c"}, "chart-group-on-bar"),
    ({"type": "stacked_bar", "x": "a", "y": "b", "group_by": "c", "aggregation": "mean"}, "chart-stacked-mean"),
    ({"type": "line", "x": "a", "sort": "value"}, "chart-line-sort"),
    ({"type": "line", "x": "a", "group_by": "a"}, "chart-group-is-x"),
])
def test_inconsistent_combinations(mapping, code):
    findings = parse_bad(mapping)
    assert [f.code for f in findings] == [code]
    assert findings[0].hint


def test_every_problem_reported_at_once():
    findings = parse_bad({"type": "camembert", "x": "a", "sort": "taille", "order": "up", "limit": -1,
                          "couleur": "rouge"})
    assert sorted(f.key for f in findings) == sorted(
        ["charts[0].couleur", "charts[0].type", "charts[0].sort", "charts[0].order", "charts[0].limit"])


def test_spec_from_schema_suggestion():
    @dataclass(frozen=True)
    class Suggestion:
        title: str
        kind: str
        measure: str
        category_field: str
        value_field: str | None = None
        date_part: str | None = None
        series_field: str | None = None
        limit: int | None = None

    spec = spec_from_suggestion(Suggestion("Votés", "bar", "sum", "annee", "montant", series_field="section"),
                                WHERE)
    assert (spec.type, spec.group_by, spec.y) == ("stacked_bar", "section", "montant")
    top = spec_from_suggestion(Suggestion("Par nature", "bar", "count", "nature", limit=10), WHERE)
    assert (top.type, top.sort, top.order, top.limit) == ("bar", "value", "desc", 10)
    dated = spec_from_suggestion(Suggestion("Par an", "line", "count", "date", date_part="year"), WHERE)
    assert dated.x_period == "year"


# ---------------------------------------------------------------------------------------------
# check_chart_against_columns
# ---------------------------------------------------------------------------------------------

COLUMNS = {"annee": "integer", "Montant": "number", "service": "string", "date_vote": "date",
           "nb_agents": "integer", "commentaire": "string"}


def test_columns_all_fine():
    spec = parse_ok({"type": "stacked_bar", "x": "date_vote", "y": "Montant", "group_by": "service",
                     "x_period": "month"})
    assert check_chart_against_columns(spec, COLUMNS) == []


def test_unknown_column_with_case_suggestion():
    spec = parse_ok({"type": "bar", "x": "annee", "y": "montant"})
    findings = check_chart_against_columns(spec, COLUMNS, data_label="data/budget.csv")
    assert len(findings) == 1
    finding = findings[0]
    assert finding.key == "charts[0].y"
    assert finding.where == WHERE
    assert "'montant', which is not a column of data/budget.csv" in finding.message
    assert "did you mean 'Montant'?" in finding.hint
    assert finding.format().startswith("datasets/budget.yml:12:5: charts[0].y:")


def test_unknown_column_close_names_and_unrelated_names():
    spec = parse_ok({"type": "stacked_bar", "x": "anne", "y": "nb_agent", "group_by": "zzz"})
    findings = {f.key: f for f in check_chart_against_columns(spec, COLUMNS, Location("datasets/rh.yml", 4))}
    assert set(findings) == {"charts[0].x", "charts[0].y", "charts[0].group_by"}
    assert "'annee'" in findings["charts[0].x"].hint
    assert "'nb_agents'" in findings["charts[0].y"].hint
    assert findings["charts[0].group_by"].hint.startswith("the columns are: annee, Montant, service")
    assert all(f.where == Location("datasets/rh.yml", 4) for f in findings.values())


def test_y_must_be_numeric_for_sum_and_mean():
    spec = parse_ok({"type": "bar", "x": "annee", "y": "service"})
    findings = check_chart_against_columns(spec, COLUMNS)
    assert [f.code for f in findings] == ["chart-y-not-numeric"]
    assert "add up column 'service'" in findings[0].message
    assert "Montant" in findings[0].hint and "aggregation: count" in findings[0].hint
    mean = parse_ok({"type": "line", "x": "annee", "y": "commentaire", "aggregation": "mean"})
    assert "average" in check_chart_against_columns(mean, COLUMNS)[0].message


def test_count_of_a_text_column_is_fine():
    spec = parse_ok({"type": "bar", "x": "annee", "y": "commentaire", "aggregation": "count"})
    assert check_chart_against_columns(spec, COLUMNS) == []


def test_x_period_needs_dates():
    spec = parse_ok({"type": "bar", "x": "Montant", "x_period": "year"})
    findings = check_chart_against_columns(spec, COLUMNS)
    assert [f.code for f in findings] == ["chart-x-not-date"]
    assert findings[0].key == "charts[0].x_period"
    years = parse_ok({"type": "bar", "x": "annee", "x_period": "year"})
    assert check_chart_against_columns(years, COLUMNS) == []


def test_no_columns_at_all():
    spec = parse_ok({"type": "bar", "x": "annee"})
    findings = check_chart_against_columns(spec, {})
    assert findings[0].hint == "the file has no columns"
