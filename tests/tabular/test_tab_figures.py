"""Key figures and French number formatting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from portalgen.errors import DataError
from portalgen.tabular import FigureSpec, compute_figures, default_figures, format_date_fr, format_number_fr

from tabhelpers import messages

NNBSP = "\u202f"

SUBSIDIES = (
    "association;secteur;montant;date_vote;annee\n"
    "Club de foot;Sport;1 500,50;12/04/2023;2023\n"
    "Comité des fêtes;Culture;800;01/06/2023;2023\n"
    "Judo club;Sport;1 200;15/09/2022;2022\n"
    "Chorale;Culture;;20/01/2024;2024\n"
    "Tennis;Sport;300,25;20/01/2024;2024\n"
)


@pytest.mark.parametrize("value, decimals, expected", [
    (1234.56, None, f"1{NNBSP}234,56"),
    (1234567, None, f"1{NNBSP}234{NNBSP}567"),
    (0.1, None, "0,1"),
    (-1234.5, 2, f"-1{NNBSP}234,50"),
    (2.675, 2, "2,68"),  # half up on the written value, not the binary float
    (999.5, 0, f"1{NNBSP}000"),
    (-0.004, 2, "0,00"),
    (1e-7, None, "0,0000001"),
    (1e21, None, "1" + (NNBSP + "000") * 7),
    (Decimal("12.340"), None, "12,34"),
    (12, 2, "12,00"),
    (None, None, ""),
    (float("nan"), None, ""),
])
def test_format_number_fr(value, decimals, expected):
    assert format_number_fr(value, decimals) == expected


def test_format_number_fr_without_grouping():
    assert format_number_fr(2023, grouping=False) == "2023"


def test_format_date_fr():
    assert format_date_fr(dt.date(2023, 1, 2)) == "02/01/2023"
    assert format_date_fr(dt.datetime(2023, 1, 2, 18, 5)) == "02/01/2023 18:05"
    assert format_date_fr(dt.datetime(2023, 1, 2, 18, 5, 9)) == "02/01/2023 18:05:09"


def test_default_figures_rows_and_period(load):
    figures = default_figures(load(SUBSIDIES))
    assert [(f.label, f.value, f.display) for f in figures] == [
        ("Nombre de lignes", 5, "5"),
        ("Période couverte", "2022-09-15/2024-01-20", "du 15/09/2022 au 20/01/2024"),
    ]


def test_default_figures_without_dates(load):
    assert [f.label for f in default_figures(load("a\n1\n"))] == ["Nombre de lignes"]


def test_compute_figures(load):
    data = load(SUBSIDIES)
    specs = [
        FigureSpec("Total versé", "sum", "montant", unit="€"),
        FigureSpec("Subventions sport", "count", "association", filter={"secteur": "Sport"}),
        FigureSpec("Montant moyen", "mean", "montant"),
        FigureSpec("Plus petite", "min", "montant"),
        FigureSpec("Dernier vote", "max", "date_vote"),
        FigureSpec("Dernière subvention", "latest", "montant"),
        FigureSpec("Montants 2023", "sum", "montant", filter={"annee": 2023}),
    ]
    figures = {f.label: f for f in compute_figures(data, specs, include_defaults=False)}
    assert figures["Total versé"].value == 3800.75
    assert figures["Total versé"].display == f"3{NNBSP}800,75\u00a0€"
    assert figures["Subventions sport"].display == "3"
    assert figures["Montant moyen"].value == pytest.approx(950.1875)
    assert figures["Montant moyen"].display == "950,19"
    assert figures["Plus petite"].display == "300,25"
    assert figures["Dernier vote"].value == "2024-01-20"
    assert figures["Dernier vote"].display == "20/01/2024"
    # two rows share the latest date: the later row in the file wins; empty values are skipped
    assert figures["Dernière subvention"].display == "300,25"
    assert figures["Montants 2023"].display == f"2{NNBSP}300,50"


def test_group_by(load):
    figure = compute_figures(load(SUBSIDIES), [FigureSpec("Par secteur", "sum", "montant", group_by="secteur")],
                             include_defaults=False)[0]
    assert [(g.key, g.display) for g in figure.groups] == [("Culture", "800,00"), ("Sport", f"3{NNBSP}000,75")]
    by_year = compute_figures(load(SUBSIDIES), [FigureSpec("Par an", "count", group_by="annee")],
                              include_defaults=False)[0]
    assert [(g.key, g.value) for g in by_year.groups] == [("2022", 1), ("2023", 2), ("2024", 2)]


def test_compute_figures_includes_defaults_first(load):
    figures = compute_figures(load(SUBSIDIES), [FigureSpec("Total", "sum", "montant")])
    assert [f.label for f in figures] == ["Nombre de lignes", "Période couverte", "Total"]


def test_bad_figure_specs_are_all_reported(load):
    data = load(SUBSIDIES)
    with pytest.raises(DataError) as caught:
        compute_figures(data, [
            FigureSpec("A", "sum", "montan"),
            FigureSpec("B", "sum", "association"),
            FigureSpec("C", "median", "montant"),
            FigureSpec("D", "count", "montant", filter={"secteurs": "Sport"}),
        ])
    text = messages(caught.value)
    assert "key figure 'A': column 'montan' is not a column of the table. Hint: did you mean 'montant'?" in text
    assert "key figure 'B': column 'association' is not numeric (string), so it has no sum" in text
    assert "key figure 'C': operation 'median' is unknown" in text
    assert "key figure 'D': filter column 'secteurs' is not a column of the table" in text
    assert all(f.where.file == data.source for f in caught.value.findings)
