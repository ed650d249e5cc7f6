"""The datasets about the commune already published on data.gouv.fr, as a list of links.

Source: the data.gouv.fr catalogue API (udata; reference https://www.data.gouv.fr/api/1/swagger.json,
parameter ``geozone`` of ``/datasets/``). Datasets declare the places
they cover as spatial zones whose ids are ``fr:commune:{insee}``; one request lists them, most
recently updated first::

    GET https://www.data.gouv.fr/api/1/datasets/?geozone=fr:commune:{insee}&page_size=100&sort=-last_update

answers ``{"data": [...], "page": 1, "page_size": 100, "total": N, "next_page": …}``; each dataset
has ``id``, ``title``, ``page`` (its address), ``license``, ``last_update``, ``organization``
({name, …} or null) and ``owner``. Only the first 100 are listed (the total is said). The list is
made of the catalogue's public metadata (Licence Ouverte 2.0); each dataset keeps its own licence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from .files import read_json, write_csv
from .source import Commune, FormatChanged, OutputFile, Parsed, Producer, Source, Step

API = "https://www.data.gouv.fr/api/1/datasets/"
PAGE_SIZE = 100
OUTPUT_FILE = "jeux-de-donnees.csv"
HEADER = ("titre", "producteur", "adresse", "licence", "mise_a_jour", "identifiant")


def datasets_url(commune: Commune, earlier: Mapping[str, Path]) -> str:
    return f"{API}?geozone=fr:commune:{commune.insee}&page_size={PAGE_SIZE}&sort=-last_update"


def _producer(item: dict) -> str:
    organization = item.get("organization")
    if isinstance(organization, dict) and organization.get("name"):
        return str(organization["name"])
    owner = item.get("owner")
    if isinstance(owner, dict):
        return " ".join(str(owner.get(k) or "") for k in ("first_name", "last_name")).strip()
    return ""


def parse_datasets(raw: Mapping[str, Path], commune: Commune, out_dir: Path) -> Parsed:
    answer = read_json(raw["jeux.json"])
    if not isinstance(answer, dict) or not isinstance(answer.get("data"), list):
        raise FormatChanged('the answer has no "data" list of datasets')
    rows = []
    for item in answer["data"]:
        if not isinstance(item, dict) or not item.get("id") or not item.get("title"):
            raise FormatChanged("a dataset of the list has no id or title")
        page = str(item.get("page") or f"https://www.data.gouv.fr/datasets/{item['id']}/")
        updated = str(item.get("last_update") or item.get("last_modified") or "")[:10]
        rows.append((str(item["title"]).strip(), _producer(item), page, str(item.get("license") or ""),
                     updated, str(item["id"])))
    rows.sort(key=lambda row: (row[0].casefold(), row[5]))
    write_csv(out_dir / OUTPUT_FILE, HEADER, rows)
    total = answer.get("total") if isinstance(answer.get("total"), int) else len(rows)
    summary = f"{len(rows)} jeux de données déclarent couvrir la commune"
    summary += f" (les {len(rows)} plus récemment mis à jour sur {total})." if total > len(rows) else "."
    links = [{"title": r[0], "url": r[2], "producer": r[1]} for r in rows]
    return Parsed(
        files=(OutputFile(OUTPUT_FILE, "Jeux de données sur la commune publiés sur data.gouv.fr",
                          "Une ligne par jeu de données : titre, producteur, adresse sur data.gouv.fr, licence "
                          "et date de mise à jour."),),
        summary=summary, rows=len(rows), facts={"total": total, "links": links})


SOURCE = Source(
    name="datagouv",
    dataset_id="national-datagouv",
    title="Données sur la commune publiées sur data.gouv.fr",
    description=(
        "La liste des jeux de données de la plateforme nationale data.gouv.fr qui déclarent couvrir la "
        "commune : données de l'État, des opérateurs, de l'intercommunalité ou d'autres producteurs. Chaque "
        "ligne renvoie vers la page du jeu de données sur data.gouv.fr, où se trouvent ses fichiers et sa "
        "licence."),
    producer=Producer("data.gouv.fr", "https://www.data.gouv.fr"),
    licence="lov2",
    frequency="weekly",
    theme="Territoire",
    keywords=("données nationales", "data.gouv.fr", "catalogue"),
    documentation=("https://www.data.gouv.fr/api/1/swagger.json",),
    steps=(Step("jeux.json", datasets_url),),
    parse=parse_datasets,
)
