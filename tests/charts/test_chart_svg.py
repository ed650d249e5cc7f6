"""render_svg / render_table_html: well-formed, accessible, escaped, French numbers, deterministic."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from portalgen.charts.aggregate import ChartData, aggregate, empty_chart_data
from portalgen.charts.spec import ChartSpec, parse_chart_spec
from portalgen.charts.svg import (AXIS_COLOUR, OTHER_COLOUR, PALETTE, TEXT_COLOUR, describe_chart, format_compact,
                                  format_number, format_rounded, nice_ticks, render_chart_html, render_svg, render_table_html)
from portalgen.errors import Location

SVG = "{http://www.w3.org/2000/svg}"
NNBSP = "\u202f"
NBSP = "\u00a0"


def spec(**keys) -> ChartSpec:
    result = parse_chart_spec(keys, Location("datasets/test.yml", 3))
    assert isinstance(result, ChartSpec), [str(f) for f in result]
    return result


def read_csv(tmp_path, text: str) -> pd.DataFrame:
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def visible(text: ET.Element) -> str:
    """The drawn text of a <text> element (without its <title> tooltip)."""
    return (text.text or "") + "".join(child.tail or "" for child in text)


def texts(root: ET.Element) -> list[str]:
    return [visible(t) for t in root.iter(f"{SVG}text")]


BUDGET = "annee,montant\n2019,12500\n2020,13000\n2021,15000\n2022,16800\n2023,18200\n"


@pytest.fixture
def budget(tmp_path):
    return read_csv(tmp_path, BUDGET)


def test_alt_text_example_in_french(budget):
    chart = spec(type="bar", x="annee", y="montant", title="montant total par année", unit="€", x_period="year")
    desc = describe_chart(aggregate(budget, chart), chart, "fr")
    assert desc == (f"Diagramme en barres{NBSP}: montant total par année, de 2019 (12{NNBSP}500{NBSP}€) "
                    f"à 2023 (18{NNBSP}200{NBSP}€).")


def test_alt_text_in_english(budget):
    chart = spec(type="bar", x="annee", y="montant", title="Total amount by year", unit="€", x_period="year")
    desc = describe_chart(aggregate(budget, chart), chart, "en")
    assert desc == "Bar chart: Total amount by year, from 2019 (€12,500) to 2023 (€18,200)."


def test_svg_root_is_responsive_and_labelled(budget):
    chart = spec(type="bar", x="annee", y="montant", unit="€")
    svg = render_svg(aggregate(budget, chart), chart)
    root = parse(svg)
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 640 \d+(\.\d)?", root.get("viewBox"))
    assert root.get("height") is None
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert list(root)[:2] == [title, desc]
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Somme de montant par annee"
    assert desc.text.startswith(f"Diagramme en barres{NBSP}: Somme de montant par annee, 5 catégories")


def test_svg_is_static_and_local(budget):
    for chart in (spec(type="bar", x="annee", y="montant"), spec(type="line", x="annee", y="montant")):
        svg = render_svg(aggregate(budget, chart), chart)
        assert "<script" not in svg and "javascript:" not in svg and " on" not in svg.replace(" one", "")
        assert "@import" not in svg and "<style" not in svg and "href" not in svg
        assert re.findall(r"https?://[^\"']+", svg) == ["http://www.w3.org/2000/svg"]


def test_bars_gridlines_axis_and_value_labels(budget):
    chart = spec(type="bar", x="annee", y="montant")
    root = parse(render_svg(aggregate(budget, chart), chart))
    bars = root.find(f".//{SVG}g[@class='bars']")
    assert len(bars.findall(f"{SVG}rect")) == 5
    labels = texts(root)
    for year in ("2019", "2023"):
        assert year in labels
    assert f"12{NNBSP}500" in labels and f"18{NNBSP}200" in labels  # value labels
    assert f"20{NNBSP}000" in labels  # a tick
    grid = root.find(f".//{SVG}g[@class='grid']")
    assert len(grid.findall(f"{SVG}line")) >= 4
    heights = [float(r.get("height")) for r in bars.findall(f"{SVG}rect")]
    assert heights == sorted(heights)  # taller bars for bigger amounts


def test_english_numbers(budget):
    chart = spec(type="bar", x="annee", y="montant")
    labels = texts(parse(render_svg(aggregate(budget, chart), chart, lang="en")))
    assert "12,500" in labels and "20,000" in labels


def test_big_axis_ticks_are_compact():
    df = pd.DataFrame({"k": ["a", "b", "c"], "v": [1_200_000, 2_600_000, 300_000]})
    chart = spec(type="bar", x="k", y="v")
    root = parse(render_svg(aggregate(df, chart), chart))
    ticks = [visible(t) for t in root.find(f".//{SVG}g[@class='grid']").findall(f"{SVG}text")]
    assert ticks == ["0", f"1{NBSP}M", f"2{NBSP}M", f"3{NBSP}M"]
    assert f"1{NNBSP}200{NNBSP}000" in texts(root)  # value labels in full where they fit
    half = pd.DataFrame({"k": ["a", "b"], "v": [1_200_000, 300_000]})
    root = parse(render_svg(aggregate(half, chart), chart, lang="en"))
    ticks = [visible(t) for t in root.find(f".//{SVG}g[@class='grid']").findall(f"{SVG}text")]
    assert ticks == ["0", "0.5M", "1.0M", "1.5M"]


@pytest.mark.parametrize("value, lang, expected", [
    (1234567.891, "fr", f"1{NNBSP}234{NNBSP}567,89"),
    (1234567.891, "en", "1,234,567.89"),
    (12500, "fr", f"12{NNBSP}500"),
    (1000.5, "fr", f"1{NNBSP}000,5"),
    (-2500.25, "fr", f"-2{NNBSP}500,25"),
    (0.125, "fr", "0,125"),
    (0.0, "fr", "0"),
    (999, "en", "999"),
])
def test_format_number(value, lang, expected):
    assert format_number(value, lang) == expected


@pytest.mark.parametrize("value, lang, expected", [
    (1_200_000, "fr", f"1,2{NBSP}M"),
    (1_200_000, "en", "1.2M"),
    (3_000_000_000, "fr", f"3{NBSP}Md"),
    (3_000_000_000, "en", "3B"),
    (12_500, "fr", f"12,5{NBSP}k"),
    (950, "fr", "950"),
])
def test_format_compact(value, lang, expected):
    assert format_compact(value, lang) == expected


@pytest.mark.parametrize("value, lang, expected", [
    (35577901.7, "fr", f"35{NNBSP}577{NNBSP}902"),
    (12.345, "fr", "12,3"),
    (12.0, "en", "12"),
    (3.14159, "en", "3.14"),
    (0.5, "fr", "0,5"),
])
def test_format_rounded_for_labels_and_sentences(value, lang, expected):
    assert format_rounded(value, lang) == expected


def test_labels_and_description_are_rounded_but_the_table_is_not():
    df = pd.DataFrame({"an": ["2020", "2021"], "v": [1234.56, 99.99]})
    chart = spec(type="bar", x="an", y="v", sort="none")
    data = aggregate(df, chart)
    assert f"1{NNBSP}235" in texts(parse(render_svg(data, chart)))
    assert f"2020 (1{NNBSP}235)" in describe_chart(data, chart)
    assert f"1{NNBSP}234,56" in render_table_html(data, chart)


def test_tick_decimals_follow_the_step():
    df = pd.DataFrame({"k": ["a", "b"], "v": [3.0, 10.0]})
    chart = spec(type="bar", x="k", y="v")
    root = parse(render_svg(aggregate(df, chart), chart))
    ticks = [visible(t) for t in root.find(f".//{SVG}g[@class='grid']").findall(f"{SVG}text")]
    assert ticks == ["0", "2,5", "5,0", "7,5", "10,0", "12,5"]
    big = pd.DataFrame({"k": ["a", "b"], "v": [1_000_000, 10_000_000]})
    root = parse(render_svg(aggregate(big, chart), chart, lang="en"))
    ticks = [visible(t) for t in root.find(f".//{SVG}g[@class='grid']").findall(f"{SVG}text")]
    assert ticks == ["0", "2.5M", "5.0M", "7.5M", "10.0M", "12.5M"]


def test_nice_ticks():
    assert nice_ticks(0, 18200) == [0, 5000, 10000, 15000, 20000]
    assert nice_ticks(-3, 7) == [-4, -2, 0, 2, 4, 6, 8]
    assert nice_ticks(0, 0) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]


def test_escaping_of_category_names():
    nasty = ['<script>alert("x")</script>', "Tom & Jerry", "l'école \"Jules\"", "ctrl\x01char"]
    df = pd.DataFrame({"nom": nasty, "v": [4, 3, 2, 1]})
    chart = spec(type="bar", x="nom", y="v", title="A <b>title</b> & co")
    svg = render_svg(aggregate(df, chart), chart)
    assert "<script>" not in svg and "<b>" not in svg and "\x01" not in svg
    root = parse(svg)
    labels = texts(root)
    tooltips = [t.text for t in root.iter(f"{SVG}title")]
    shown = labels + tooltips
    assert "Tom & Jerry" in shown
    assert any("alert(\"x\")" in s for s in shown)
    assert "l'école \"Jules\"" in shown
    assert "ctrlchar" in shown
    assert root.find(f"{SVG}title").text == "A <b>title</b> & co"
    table = render_table_html(aggregate(df, chart), chart)
    assert "<script>" not in table
    assert "Tom &amp; Jerry" in table
    ET.fromstring(table)


def test_long_labels_are_truncated_and_rotated_with_full_text_in_a_tooltip():
    names = ["Association sportive intercommunale de la vallée du Lérette", "Club",
             "Comité des fêtes et de l'animation du bourg", "Amicale"]
    df = pd.DataFrame({"asso": names, "v": [1, 2, 3, 4]})
    chart = spec(type="bar", x="asso", y="v")
    root = parse(render_svg(aggregate(df, chart), chart))
    axis = root.find(f".//{SVG}g[@class='x-axis']")
    labels = axis.findall(f"{SVG}text")
    assert all("rotate(-45" in t.get("transform") for t in labels)
    long_one = next(t for t in labels if t.find(f"{SVG}title") is not None
                    and t.find(f"{SVG}title").text == names[0])
    shown = visible(long_one)
    assert shown.endswith("…") and len(shown) <= 24
    # the first rotated label fits inside the picture
    first_x = float(labels[0].get("x"))
    assert first_x - len(visible(labels[0])) * 12 * 0.58 * 0.71 > -1


def test_stacked_bars_use_patterns_and_a_text_legend(tmp_path):
    df = read_csv(tmp_path, "an,service,m\n2021,Voirie,100\n2021,Sport,50\n2022,Voirie,80\n2022,Culture,70\n"
                            "2022,Sport,30\n")
    chart = spec(type="stacked_bar", x="an", y="m", group_by="service", unit="€")
    data = aggregate(df, chart)
    root = parse(render_svg(data, chart))
    patterns = root.findall(f".//{SVG}pattern")
    assert len(patterns) == len(data.series) - 1  # the first series is plain
    legend = root.find(f".//{SVG}g[@class='legend']")
    assert [t.text for t in legend.findall(f"{SVG}text")] == list(data.series)
    fills = [r.get("fill") for r in legend.findall(f"{SVG}rect")]
    assert fills[0] == PALETTE[0] and all(f.startswith("url(#") for f in fills[1:])
    assert len(set(fills)) == len(fills)
    pattern_ids = {p.get("id") for p in patterns}
    assert {f[5:-1] for f in fills[1:]} <= pattern_ids
    labels = texts(root)
    assert "150" in labels and "180" in labels  # totals above the stacks
    desc = root.find(f"{SVG}desc").text
    assert "3 séries (Voirie, Sport, Culture)" in desc
    assert f"2 catégories{NBSP}; total le plus élevé{NBSP}: 2022 (180{NBSP}€)" in desc


def test_line_chart_with_series_dashes_markers_and_gaps(tmp_path):
    df = read_csv(tmp_path, "an,site,t\n2020,Nord,10\n2021,Nord,12\n2022,Nord,11\n2021,Sud,8\n2022,Sud,9\n")
    chart = spec(type="line", x="an", y="t", group_by="site", aggregation="mean")
    root = parse(render_svg(aggregate(df, chart), chart, lang="en"))
    paths = root.find(f".//{SVG}g[@class='lines']").findall(f"{SVG}path")
    lines = [p for p in paths if p.get("fill") == "none"]
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") is None and lines[1].get("stroke-dasharray")
    assert lines[1].get("d").count("M") == 1  # the Sud line starts at 2021
    assert root.find(f"{SVG}desc").text == "Line chart: Average t by an and site, 2 series (Nord, Sud); from 2020 to 2022."


def test_other_category_and_series_are_named_by_language():
    df = pd.DataFrame({"k": list("ABCDEF"), "v": [60, 50, 40, 3, 2, 1]})
    chart = spec(type="bar", x="k", y="v", sort="value", limit=3)
    data = aggregate(df, chart)
    assert "Autres" in texts(parse(render_svg(data, chart)))
    assert "Other" in texts(parse(render_svg(data, chart, lang="en")))
    assert "regroupées dans « Autres »" in describe_chart(data, chart)
    other = ChartData(("a",), ("x", "y"), ((1.0,), (2.0,)), other_series=True)
    stacked = spec(type="stacked_bar", x="k", y="v", group_by="g")
    legend = parse(render_svg(other, stacked)).find(f".//{SVG}g[@class='legend']")
    assert [t.text for t in legend.findall(f"{SVG}text")] == ["x", "Autres"]
    assert legend.findall(f"{SVG}rect")[1].get("stroke") == OTHER_COLOUR


def test_month_labels_in_french_and_english(tmp_path):
    df = read_csv(tmp_path, "d,n\n2023-01-05,1\n2023-02-05,2\n2023-03-05,3\n")
    chart = spec(type="line", x="d", y="n", x_period="month")
    data = aggregate(df, chart)
    assert {"janv. 2023", "févr. 2023", "mars 2023"} <= set(texts(parse(render_svg(data, chart))))
    assert "Jan 2023" in texts(parse(render_svg(data, chart, lang="en")))
    assert "de janvier 2023 (1) à mars 2023 (3)" in describe_chart(data, chart)
    assert "<th scope=\"row\">février 2023</th>" in render_table_html(data, chart)


def test_many_months_thin_the_axis_labels_and_stay_small():
    dates = pd.date_range("2000-01-01", "2024-12-01", freq="MS")
    df = pd.DataFrame({"d": dates.strftime("%Y-%m-%d"), "v": range(len(dates))})
    chart = spec(type="line", x="d", y="v", x_period="month")
    svg = render_svg(aggregate(df, chart), chart)
    root = parse(svg)
    shown = root.find(f".//{SVG}g[@class='x-axis']").findall(f"{SVG}text")
    assert 5 <= len(shown) <= 40
    assert len(svg.encode()) < 40_000


def test_size_of_a_large_bar_chart():
    df = pd.DataFrame({"k": [f"Catégorie {i}" for i in range(200)], "v": range(200)})
    chart = spec(type="bar", x="k", y="v")
    svg = render_svg(aggregate(df, chart), chart)
    parse(svg)
    assert len(svg.encode()) < 25_000


def test_negative_values():
    df = pd.DataFrame({"k": ["a", "b"], "v": [-500, 1200]})
    chart = spec(type="bar", x="k", y="v")
    root = parse(render_svg(aggregate(df, chart), chart))
    assert "-500" in texts(root)
    zero = [line for line in root.find(f".//{SVG}g[@class='grid']").findall(f"{SVG}line")
            if line.get("stroke") == AXIS_COLOUR]
    assert len(zero) == 1


@pytest.mark.parametrize("lang, words", [("fr", "Pas de données"), ("en", "No data")])
def test_empty_data_renders_a_no_data_figure(tmp_path, lang, words):
    chart = spec(type="bar", x="annee", y="montant")
    data = aggregate(read_csv(tmp_path, "annee,montant\n"), chart)
    root = parse(render_svg(data, chart, lang=lang))
    assert words in texts(root)
    assert root.find(f"{SVG}desc").text.endswith(f"{words}.")
    table = render_table_html(data, chart, lang)
    assert words in table and "<caption>" in table
    ET.fromstring(table)


def test_output_is_deterministic(tmp_path):
    df = read_csv(tmp_path, "an,s,m\n2021,A,1\n2022,B,2\n2021,B,3\n")
    chart = spec(type="stacked_bar", x="an", y="m", group_by="s")
    first = render_svg(aggregate(df, chart), chart)
    again = render_svg(aggregate(df.iloc[::-1].reset_index(drop=True), chart), chart)
    assert first == again
    assert render_svg(aggregate(df, chart), chart, id_prefix="budget chart 1").count('id="budget-chart-1-') == 3


def test_id_prefix_differs_between_charts(tmp_path):
    df = read_csv(tmp_path, BUDGET)
    one = render_svg(aggregate(df, spec(type="bar", x="annee", y="montant")), spec(type="bar", x="annee", y="montant"))
    two = render_svg(aggregate(df, spec(type="line", x="annee", y="montant")),
                     spec(type="line", x="annee", y="montant"))
    id_one = parse(one).find(f"{SVG}title").get("id")
    id_two = parse(two).find(f"{SVG}title").get("id")
    assert id_one != id_two


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def test_palette_contrast():
    for colour in PALETTE + (OTHER_COLOUR, AXIS_COLOUR):
        assert _contrast_with_white(colour) >= 4.5, colour  # ≥ 3:1 needed for shapes; 4.5 allows white text
    assert _contrast_with_white(TEXT_COLOUR) >= 7
    assert len(set(PALETTE)) == len(PALETTE)


def test_table_html(tmp_path):
    df = read_csv(tmp_path, "an,service,m\n2021,Voirie,1000.5\n2021,Sport,50\n2022,Voirie,2000\n")
    chart = spec(type="stacked_bar", x="an", y="m", group_by="service", unit="€", title="Dépenses")
    table = render_table_html(aggregate(df, chart), chart)
    root = ET.fromstring(table)
    assert root.find("caption").text == "Dépenses"
    heads = [(th.get("scope"), th.text) for th in root.iter("th")]
    assert heads[:4] == [("col", "An"), ("col", "Voirie (€)"), ("col", "Sport (€)"), ("col", "Total (€)")]
    assert ("row", "2021") in heads and ("row", "2022") in heads
    first_row = root.find("tbody").findall("tr")[0]
    assert [td.text for td in first_row.findall("td")] == [f"1{NNBSP}000,5", "50", f"1{NNBSP}050,5"]
    english = ET.fromstring(render_table_html(aggregate(df, chart), chart, "en"))
    assert [td.text for td in english.find("tbody").findall("tr")[0].findall("td")] == ["1,000.5", "50", "1,050.5"]


def test_single_series_table_and_figure(tmp_path):
    df = read_csv(tmp_path, BUDGET)
    chart = spec(type="bar", x="annee", y="montant", x_label="Exercice")
    table = ET.fromstring(render_table_html(aggregate(df, chart), chart))
    assert [th.text for th in table.find("thead").iter("th")] == ["Exercice", "Somme de montant"]
    html = render_chart_html(aggregate(df, chart), chart, "fr", id_prefix="c1")
    assert html.startswith('<figure class="portalgen-chart">')
    assert "<details>\n<summary>Voir les données du graphique</summary>" in html
    ET.fromstring(html)


def test_empty_chart_data_helper():
    assert empty_chart_data().is_empty
