"""aggregate(): the numbers behind a chart, from real CSV files."""

from __future__ import annotations

import pandas as pd
import pytest

from portalgen.charts.aggregate import MAX_BAR_CATEGORIES, MAX_SERIES, ChartData, aggregate, natural_key
from portalgen.charts.spec import ChartSpec, parse_chart_spec
from portalgen.errors import Location, PortalgenError


def spec(**keys) -> ChartSpec:
    result = parse_chart_spec(keys, Location("datasets/test.yml", 3))
    assert isinstance(result, ChartSpec), [str(f) for f in result]
    return result


def read_csv(tmp_path, text: str) -> pd.DataFrame:
    """Read like the portal does after normalisation: every cell as text."""
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


BUDGET = (
    "annee,service,montant\n"
    "2021,Voirie,1000\n"
    "2019,Culture,250.5\n"
    "2019,Voirie,12250\n"
    "2020,Culture,\n"
    "2021,Sport,4000\n"
    "2023,Voirie,18200\n"
    "2020,Voirie,abc\n"
    ",Voirie,10\n"
)


def test_sum_by_category_from_text_numbers(tmp_path):
    df = read_csv(tmp_path, BUDGET)
    data = aggregate(df, spec(type="bar", x="annee", y="montant"))
    assert data.categories == ("2019", "2021", "2023")
    assert data.values == ((12500.5, 5000.0, 18200.0),)
    assert data.skipped_rows == 3  # empty amount, "abc", empty year
    assert data.total_rows == 8
    assert not data.is_empty and not data.other_category


def test_count_rows_and_count_of_filled_values(tmp_path):
    df = read_csv(tmp_path, BUDGET)
    rows = aggregate(df, spec(type="bar", x="service"))
    assert dict(zip(rows.categories, rows.values[0])) == {"Culture": 2.0, "Sport": 1.0, "Voirie": 5.0}
    filled = aggregate(df, spec(type="bar", x="service", y="montant", aggregation="count"))
    assert dict(zip(filled.categories, filled.values[0])) == {"Culture": 1.0, "Sport": 1.0, "Voirie": 5.0}


def test_mean(tmp_path):
    df = read_csv(tmp_path, "q,v\nA,1\nA,2\nB,10\nA,6\n")
    data = aggregate(df, spec(type="bar", x="q", y="v", aggregation="mean"))
    assert data.values == ((3.0, 10.0),)


def test_year_period_from_iso_french_and_year_only(tmp_path):
    df = read_csv(tmp_path, "date,m\n2019-03-04,1\n17/05/2021,2\n2021-12-31T23:00:00,3\n2019,4\nnot a date,5\n")
    data = aggregate(df, spec(type="bar", x="date", y="m", x_period="year"))
    assert data.categories == ("2019", "2020", "2021")  # 2020 filled in
    assert data.values == ((5.0, 0.0, 5.0),)
    assert data.skipped_rows == 1


def test_month_period_fills_gaps_with_zero_for_sums_and_none_for_means(tmp_path):
    df = read_csv(tmp_path, "jour,kwh\n2023-01-15,10\n2023-01-20,20\n2023-04-01,5\n2023-02,1\n")
    summed = aggregate(df, spec(type="line", x="jour", y="kwh", x_period="month"))
    assert summed.categories == ("2023-01", "2023-02", "2023-03", "2023-04")
    assert summed.values == ((30.0, 1.0, 0.0, 5.0),)
    averaged = aggregate(df, spec(type="line", x="jour", y="kwh", x_period="month", aggregation="mean"))
    assert averaged.values == ((15.0, 1.0, None, 5.0),)


def test_year_numbers_and_real_dates_columns():
    years = pd.DataFrame({"annee": [2022, 2020, 2022], "n": [1, 2, 3]})
    data = aggregate(years, spec(type="bar", x="annee", y="n", x_period="year"))
    assert (data.categories, data.values) == (("2020", "2021", "2022"), ((2.0, 0.0, 4.0),))
    dates = pd.DataFrame({"d": pd.to_datetime(["2024-02-01", "2024-03-09", None]), "n": [1.5, 2.5, 9.0]})
    monthly = aggregate(dates, spec(type="bar", x="d", y="n", x_period="month"))
    assert (monthly.categories, monthly.values, monthly.skipped_rows) == (("2024-02", "2024-03"), ((1.5, 2.5),), 1)


def test_sorting_by_x_naturally_by_value_and_as_in_the_file(tmp_path):
    df = read_csv(tmp_path, "lot,n\nlot 10,5\nlot 2,7\nLot 1,7\nlot 3,1\n")
    by_x = aggregate(df, spec(type="bar", x="lot", y="n"))
    assert by_x.categories == ("Lot 1", "lot 2", "lot 3", "lot 10")
    by_x_desc = aggregate(df, spec(type="bar", x="lot", y="n", order="desc"))
    assert by_x_desc.categories == ("lot 10", "lot 3", "lot 2", "Lot 1")
    by_value = aggregate(df, spec(type="bar", x="lot", y="n", sort="value"))
    assert by_value.categories == ("Lot 1", "lot 2", "lot 10", "lot 3")  # ties in natural order
    ascending = aggregate(df, spec(type="bar", x="lot", y="n", sort="value", order="asc"))
    assert ascending.categories == ("lot 3", "lot 10", "Lot 1", "lot 2")
    as_file = aggregate(df, spec(type="bar", x="lot", y="n", sort="none"))
    assert as_file.categories == ("lot 10", "lot 2", "Lot 1", "lot 3")


def test_limit_groups_the_rest_as_autres(tmp_path):
    df = read_csv(tmp_path, "asso,m\nA,100\nB,50\nC,10\nD,5\nE,1\nA,1\n")
    data = aggregate(df, spec(type="bar", x="asso", y="m", sort="value", limit=2))
    assert data.categories == ("A", "B", "Autres")
    assert data.values == ((101.0, 50.0, 16.0),)
    assert data.other_category
    by_name = aggregate(df, spec(type="bar", x="asso", y="m", limit=2, order="desc"))
    assert by_name.categories == ("B", "A", "Autres")  # the top 2 by value, shown by name; Autres last


def test_limit_does_not_group_a_single_leftover(tmp_path):
    df = read_csv(tmp_path, "asso,m\nA,100\nB,50\nC,10\n")
    data = aggregate(df, spec(type="bar", x="asso", y="m", limit=2))
    assert data.categories == ("A", "B", "C") and not data.other_category


def test_limit_on_a_time_axis_keeps_the_last_periods(tmp_path):
    df = read_csv(tmp_path, "d,m\n2018-01-01,1\n2019-01-01,2\n2020-01-01,3\n2021-01-01,4\n")
    data = aggregate(df, spec(type="line", x="d", y="m", x_period="year", limit=2))
    assert data.categories == ("2020", "2021") and not data.other_category


def test_mean_of_autres_is_over_its_rows(tmp_path):
    df = read_csv(tmp_path, "k,v\nA,100\nB,50\nC,10\nC,20\nD,30\n")
    data = aggregate(df, spec(type="bar", x="k", y="v", aggregation="mean", sort="value", limit=1))
    assert data.categories == ("A", "Autres")
    assert data.values == ((100.0, pytest.approx(110 / 4)),)


def test_many_bar_categories_are_capped():
    df = pd.DataFrame({"k": [f"c{i:03d}" for i in range(100)], "v": range(100)})
    data = aggregate(df, spec(type="bar", x="k", y="v"))
    assert len(data.categories) == MAX_BAR_CATEGORIES and data.other_category
    assert sum(data.values[0]) == sum(range(100))
    lines = aggregate(df, spec(type="line", x="k", y="v"))
    assert len(lines.categories) == 100


def test_stacked_series_order_and_missing_cells(tmp_path):
    df = read_csv(tmp_path, BUDGET)
    data = aggregate(df, spec(type="stacked_bar", x="annee", y="montant", group_by="service"))
    assert data.series == ("Voirie", "Sport", "Culture")  # biggest total first
    assert data.categories == ("2019", "2021", "2023")
    assert data.values == ((12250.0, 1000.0, 18200.0), (0.0, 4000.0, 0.0), (250.5, 0.0, 0.0))
    assert data.category_totals() == (12500.5, 5000.0, 18200.0)


def test_year_like_series_keep_their_order(tmp_path):
    df = read_csv(tmp_path, "q,an,n\nA,2023,1\nA,2021,9\nB,2022,5\n")
    data = aggregate(df, spec(type="stacked_bar", x="q", group_by="an", y="n"))
    assert data.series == ("2021", "2022", "2023")


def test_multi_line_means_leave_gaps_as_none(tmp_path):
    df = read_csv(tmp_path, "an,site,t\n2020,Nord,10\n2021,Nord,12\n2021,Sud,8\n")
    data = aggregate(df, spec(type="line", x="an", y="t", group_by="site", aggregation="mean"))
    assert data.series == ("Nord", "Sud")
    assert data.values == ((10.0, 12.0), (None, 8.0))


def test_too_many_series_are_grouped():
    rows = [{"x": "a", "g": f"g{i}", "v": 100 - i} for i in range(12)]
    data = aggregate(pd.DataFrame(rows), spec(type="stacked_bar", x="x", y="v", group_by="g"))
    assert len(data.series) == MAX_SERIES and data.other_series
    assert data.series[-1] == "Autres"
    assert data.values[-1] == (float(sum(100 - i for i in range(MAX_SERIES - 1, 12))),)


@pytest.mark.parametrize("text", ["annee,montant\n", "annee,montant\n,\n,12\n2020,abc\n"])
def test_empty_or_unusable_data(tmp_path, text):
    data = aggregate(read_csv(tmp_path, text), spec(type="bar", x="annee", y="montant"))
    assert data.is_empty
    assert data == ChartData((), (), (), skipped_rows=data.skipped_rows, total_rows=data.total_rows)


def test_same_rows_in_another_order_give_the_same_numbers(tmp_path):
    df = read_csv(tmp_path, BUDGET)
    shuffled = df.sample(frac=1, random_state=3).reset_index(drop=True)
    for chart in (spec(type="stacked_bar", x="annee", y="montant", group_by="service"),
                  spec(type="bar", x="service", y="montant", sort="value", limit=1)):
        assert aggregate(df, chart) == aggregate(shuffled, chart)


def test_numbers_already_numeric_and_float_labels():
    df = pd.DataFrame({"zone": [1.0, 2.0, 1.0, 2.5], "v": [1, 2, 3, 4]})
    data = aggregate(df, spec(type="bar", x="zone", y="v"))
    assert data.categories == ("1", "2", "2.5")
    assert data.values == ((4.0, 2.0, 4.0),)


def test_natural_key():
    assert sorted(["a10", "a2", "A1", "b"], key=natural_key) == ["A1", "a2", "a10", "b"]


def test_dates_with_time_zones_stay_on_their_written_day(tmp_path):
    df = read_csv(tmp_path, "t,n\n2023-01-01T00:30:00+01:00,1\n2022-12-31T23:30:00-05:00,2\n2023-13-01,4\n")
    data = aggregate(df, spec(type="bar", x="t", y="n", x_period="year"))
    assert (data.categories, data.values, data.skipped_rows) == (("2022", "2023"), ((2.0, 1.0),), 1)


def test_time_axis_bars_can_be_ranked_by_value(tmp_path):
    df = read_csv(tmp_path, "d,n\n2019-05-01,5\n2020-05-01,9\n2021-05-01,1\n")
    data = aggregate(df, spec(type="bar", x="d", y="n", x_period="year", sort="value"))
    assert data.categories == ("2020", "2019", "2021")


def test_missing_column_raises_a_clear_error(tmp_path):
    df = read_csv(tmp_path, BUDGET)
    with pytest.raises(PortalgenError) as caught:
        aggregate(df, spec(type="bar", x="Annee", y="montant"))
    assert [f.code for f in caught.value.findings] == ["chart-unknown-column"]
    assert "did you mean 'annee'?" in caught.value.findings[0].hint
