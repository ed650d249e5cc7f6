"""Election results in the commune, polling station by polling station.

Source: the results published by the Ministère de l'Intérieur for every election, gathered in one
table by data.gouv.fr: "Données des élections agrégées",
https://www.data.gouv.fr/datasets/donnees-des-elections-agregees/ (file ``general_results``: one row
per election and polling station, columns ``id_election`` such as ``2022_pres_t1``,
``id_brut_miom``, ``code_departement``, ``code_commune`` (INSEE code), ``libelle_commune``,
``code_bv``, ``inscrits``, ``abstentions``, ``votants``, ``blancs``, ``nuls``, ``exprimes`` and their
ratios). Two requests:

1. the dataset's metadata, from the data.gouv.fr API (reference
   https://www.data.gouv.fr/api/1/swagger.json)::

       GET https://www.data.gouv.fr/api/1/datasets/donnees-des-elections-agregees/

   to find the current ``general_results`` resource (its id changes when the file is replaced);
2. the commune's rows of that resource, streamed as CSV by the data.gouv.fr tabular API
   (https://tabular-api.data.gouv.fr/api/doc)::

       GET https://tabular-api.data.gouv.fr/api/resources/{resource_id}/data/csv/?code_commune__exact={insee}

Licence: Licence Ouverte 2.0.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from .files import clean_int, read_json, table_rows, write_csv
from .source import Commune, FormatChanged, OutputFile, Parsed, Producer, Source, Step, years_covered

DATASET_API = "https://www.data.gouv.fr/api/1/datasets/donnees-des-elections-agregees/"
TABULAR_API = "https://tabular-api.data.gouv.fr/api/resources"
RESOURCE_NAME = "general_results"
OUTPUT_FILE = "resultats-elections.csv"
REQUIRED = ("id_election", "code_commune", "code_bv", "inscrits", "votants", "exprimes")
HEADER = ("scrutin", "annee", "election", "tour", "bureau_de_vote", "inscrits", "votants", "abstentions",
          "blancs", "nuls", "exprimes", "participation_pct")
KINDS = {"pres": "Présidentielle", "legi": "Législatives", "euro": "Européennes", "muni": "Municipales",
         "regi": "Régionales", "dpmt": "Départementales", "cant": "Cantonales", "refe": "Référendum"}
ELECTION_ID = re.compile(r"(?P<year>\d{4})_(?P<kind>[a-z]+)_t(?P<round>\d)")


def dataset_url(commune: Commune, earlier: Mapping[str, Path]) -> str:
    return DATASET_API


def find_resource_id(metadata: object) -> str:
    """The id of the ``general_results`` CSV among the dataset's resources."""
    resources = metadata.get("resources") if isinstance(metadata, dict) else None
    if not isinstance(resources, list):
        raise FormatChanged('the dataset description has no "resources" list')
    candidates = [r for r in resources if isinstance(r, dict) and RESOURCE_NAME in
                  f"{r.get('title', '')} {r.get('url', '')}".lower()]
    candidates.sort(key=lambda r: (str(r.get("format", "")).lower() != "csv", str(r.get("id", ""))))
    if not candidates or not candidates[0].get("id"):
        raise FormatChanged(f'no resource named "{RESOURCE_NAME}" in the dataset "données des élections agrégées"')
    return str(candidates[0]["id"])


def results_url(commune: Commune, earlier: Mapping[str, Path]) -> str:
    resource = find_resource_id(read_json(earlier["jeu.json"]))
    return f"{TABULAR_API}/{resource}/data/csv/?code_commune__exact={commune.insee}"


def _participation(registered: str, voters: str) -> str:
    if not registered or not voters or int(registered) == 0:
        return ""
    return f"{100 * int(voters) / int(registered):.2f}"


def parse_results(raw: Mapping[str, Path], commune: Commune, out_dir: Path) -> Parsed:
    rows: dict[tuple[str, str], tuple] = {}
    for line, values in table_rows(raw["resultats.csv"], REQUIRED, "the election results"):
        if values["code_commune"].zfill(5) != commune.insee:
            continue
        match = ELECTION_ID.fullmatch(values["id_election"])
        if not match:
            raise FormatChanged(f'line {line}: the election id "{values["id_election"]}" is not like 2022_pres_t1')
        registered, voters = clean_int(values["inscrits"]), clean_int(values["votants"])
        abstentions = clean_int(values.get("abstentions")) or (
            str(int(registered) - int(voters)) if registered and voters else "")
        rows[(values["id_election"], values["code_bv"])] = (
            values["id_election"], match["year"], KINDS.get(match["kind"], match["kind"]), match["round"],
            values["code_bv"], registered, voters, abstentions, clean_int(values.get("blancs")),
            clean_int(values.get("nuls")), clean_int(values["exprimes"]), _participation(registered, voters))
    ordered = [rows[key] for key in sorted(rows, key=lambda k: (k[0], k[1].zfill(8)))]
    write_csv(out_dir / OUTPUT_FILE, HEADER, ordered)
    years = sorted({int(row[1]) for row in ordered})
    elections = sorted({row[0] for row in ordered})
    summary = (f"{len(elections)} tours de scrutin de {years[0]} à {years[-1]}, "
               f"{len({row[4] for row in ordered})} bureaux de vote." if years else "")
    return Parsed(
        files=(OutputFile(OUTPUT_FILE, "Participation par scrutin et bureau de vote",
                          "Une ligne par tour de scrutin et bureau de vote : inscrits, votants, abstentions, "
                          "blancs, nuls, exprimés et taux de participation."),),
        summary=summary, rows=len(ordered), temporal=years_covered(years), facts={"scrutins": elections})


SOURCE = Source(
    name="elections",
    dataset_id="national-elections",
    title="Résultats des élections dans la commune",
    description=(
        "La participation à chaque élection dans la commune (présidentielles, législatives, européennes, "
        "régionales, départementales, municipales), bureau de vote par bureau de vote, telle que publiée par "
        "le ministère de l'Intérieur et rassemblée par data.gouv.fr."),
    producer=Producer("Ministère de l'Intérieur", "https://www.data.gouv.fr/datasets/donnees-des-elections-agregees/"),
    licence="lov2",
    frequency="irregular",
    theme="Gouvernement et secteur public",
    keywords=("données nationales", "élections", "participation", "bureaux de vote"),
    documentation=("https://www.data.gouv.fr/datasets/donnees-des-elections-agregees/",
                   "https://tabular-api.data.gouv.fr/api/doc"),
    steps=(Step("jeu.json", dataset_url), Step("resultats.csv", results_url)),
    parse=parse_results,
    datagouv_url="https://www.data.gouv.fr/datasets/donnees-des-elections-agregees/",
)
