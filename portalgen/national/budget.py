"""The commune's accounts, year by year, from the OFGL's financial aggregates (built on DGFiP balances).

Source: the dataset ``ofgl-base-communes`` of the Observatoire des finances et de la gestion
publique locales, https://data.ofgl.fr/explore/dataset/ofgl-base-communes/ — the main budget's
aggregates (Dépenses de fonctionnement, Recettes de fonctionnement, Épargne brute, Encours de
dette, Dépenses d'équipement…) computed from the DGFiP accounting balances, which are published
account by account on data.economie.gouv.fr ("Balances comptables des communes en <année>",
https://data.economie.gouv.fr/explore/?q=balances+comptables+des+communes). One streamed export of
the Opendatasoft Explore API v2.1 (https://help.opendatasoft.com/apis/ods-explore-v2/)::

    GET https://data.ofgl.fr/api/explore/v2.1/catalog/datasets/ofgl-base-communes/exports/csv
        ?where=com_code="{insee}" and type_de_budget="Budget principal"
        &select=exer,com_code,com_name,agregat,montant,euros_par_habitant,ptot
        &order_by=exer,agregat&delimiter=;

answers a semicolon CSV (with a BOM) with one row per year (``exer``) and aggregate (``agregat``):
``montant`` in euros, ``euros_par_habitant``, ``ptot`` (total population). An unknown code answers
the header alone. Licence: Licence Ouverte 2.0.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping
from urllib.parse import urlencode

from .files import clean_int, clean_number, table_rows, write_csv
from .source import Commune, FormatChanged, OutputFile, Parsed, Producer, Source, Step, years_covered

EXPORT = "https://data.ofgl.fr/api/explore/v2.1/catalog/datasets/ofgl-base-communes/exports/csv"
OUTPUT_FILE = "comptes.csv"
REQUIRED = ("exer", "agregat", "montant")
HEADER = ("exercice", "agregat", "montant", "euros_par_habitant", "population")


def accounts_url(commune: Commune, earlier: Mapping[str, Path]) -> str:
    query = {
        "where": f'com_code="{commune.insee}" and type_de_budget="Budget principal"',
        "select": "exer,com_code,com_name,agregat,montant,euros_par_habitant,ptot",
        "order_by": "exer,agregat",
        "delimiter": ";",
    }
    return f"{EXPORT}?{urlencode(query)}"


def parse_accounts(raw: Mapping[str, Path], commune: Commune, out_dir: Path) -> Parsed:
    rows: dict[tuple[int, str], tuple] = {}
    for line, values in table_rows(raw["comptes.csv"], REQUIRED, "the accounts file"):
        if values.get("com_code") and values["com_code"] != commune.insee:
            continue
        year = re.match(r"\d{4}", values["exer"])
        if not year or not values["agregat"]:
            raise FormatChanged(f'line {line} of the accounts file has no year in "exer" '
                                f'("{values["exer"]}") or no aggregate name')
        key = (int(year.group()), values["agregat"])
        rows[key] = (key[0], key[1], clean_number(values["montant"], 2),
                     clean_number(values.get("euros_par_habitant"), 2), clean_int(values.get("ptot")))
    ordered = [rows[key] for key in sorted(rows)]
    write_csv(out_dir / OUTPUT_FILE, HEADER, ordered)
    years = sorted({row[0] for row in ordered})
    summary = (f"Comptes du budget principal de {years[0]} à {years[-1]}, "
               f"{len({row[1] for row in ordered})} agrégats par exercice." if years else "")
    return Parsed(
        files=(OutputFile(OUTPUT_FILE, "Agrégats financiers du budget principal",
                          "Une ligne par exercice et par agrégat : montant en euros, montant par habitant "
                          "et population de l'exercice."),),
        summary=summary, rows=len(ordered), temporal=years_covered(years),
        facts={"exercices": years})


SOURCE = Source(
    name="budget",
    dataset_id="national-budget",
    title="Comptes de la commune (OFGL, DGFiP)",
    description=(
        "Les grands agrégats des comptes de la commune, exercice par exercice : dépenses et recettes de "
        "fonctionnement, épargne, investissement, dette… Ils sont calculés par l'Observatoire des finances "
        "et de la gestion publique locales (OFGL) à partir des balances comptables tenues par la DGFiP "
        "(budget principal seul, en euros). L'exercice le plus récent est provisoire jusqu'en décembre de "
        "l'année suivante."),
    producer=Producer("Observatoire des finances et de la gestion publique locales (OFGL)", "https://data.ofgl.fr"),
    licence="lov2",
    frequency="annual",
    theme="Économie et finances",
    keywords=("données nationales", "budget", "comptes", "finances locales", "OFGL", "DGFiP"),
    documentation=("https://data.ofgl.fr/explore/dataset/ofgl-base-communes/",
                   "https://help.opendatasoft.com/apis/ods-explore-v2/",
                   "https://data.economie.gouv.fr/explore/?q=balances+comptables+des+communes"),
    steps=(Step("comptes.csv", accounts_url),),
    parse=parse_accounts,
)
