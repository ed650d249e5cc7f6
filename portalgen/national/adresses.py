"""The commune's addresses, from the Base Adresse Nationale (BAN).

Source: the per-commune export of the BAN platform, the same file as the "Télécharger les adresses"
button of https://adresse.data.gouv.fr/commune/{insee}::

    GET https://plateforme.adresse.data.gouv.fr/ban/communes/{insee}/download/csv-legacy/adresses

It is the "format CSV classique" documented at https://adresse.data.gouv.fr/outils/telechargements/format-csv
(schema: https://github.com/BaseAdresseNationale/adresse.data.gouv.fr/blob/master/public/schemas/adresses-csv.md):
semicolon-separated UTF-8 with the columns ``id``, ``id_fantoir``, ``numero``, ``rep``, ``nom_voie``,
``code_postal``, ``code_insee``, ``nom_commune``, ``code_insee_ancienne_commune``,
``nom_ancienne_commune``, ``x``, ``y``, ``lon``, ``lat``, ``type_position``, ``alias``, ``nom_ld``,
``libelle_acheminement``, ``nom_afnor``, ``source_position``, ``source_nom_voie``,
``certification_commune`` (and ``cad_parcelles`` in recent exports). The national and
per-département files of https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/ have the same
columns (gzipped): this parser reads them too, keeping the commune's rows. A commune absent from
the BAN answers 404 ("Commune non présente dans la BAN"). Licence: Licence Ouverte 2.0.

The answer is streamed to disk by the fetcher and read here line by line; a large city's
hundreds of thousands of addresses never sit in memory as text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

from .files import clean_number, french_int, table_rows, write_csv
from .source import Commune, OutputFile, Parsed, Producer, Source, Step

BAN_PLATFORM = "https://plateforme.adresse.data.gouv.fr"
OUTPUT_FILE = "adresses.csv"
REQUIRED = ("id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune", "lon", "lat")
HEADER = ("identifiant", "numero", "rep", "nom_voie", "lieu_dit", "code_postal", "code_insee", "nom_commune",
          "ancienne_commune", "latitude", "longitude", "type_position", "source_position", "certifiee_commune")


def addresses_url(commune: Commune, earlier: Mapping[str, Path]) -> str:
    return f"{BAN_PLATFORM}/ban/communes/{commune.insee}/download/csv-legacy/adresses"


def _sort_key(row: tuple[str, ...]) -> tuple:
    number = row[1]
    return (row[3].casefold(), int(number) if number.isdigit() else 10 ** 9, row[2].casefold(), row[0])


def parse_addresses(raw: Mapping[str, Path], commune: Commune, out_dir: Path) -> Parsed:
    rows: list[tuple[str, ...]] = []
    for _, cell in table_rows(raw["adresses.csv"], REQUIRED, "the address file"):
        if cell["code_insee"] != commune.insee:
            continue
        certification = cell.get("certification_commune", "")
        rows.append((cell["id"], cell["numero"], cell["rep"], cell["nom_voie"], cell.get("nom_ld", ""),
                     cell["code_postal"], cell["code_insee"], cell["nom_commune"], cell.get("nom_ancienne_commune", ""),
                     clean_number(cell["lat"], 6), clean_number(cell["lon"], 6), cell.get("type_position", ""),
                     cell.get("source_position", ""),
                     "oui" if certification == "1" else "non" if certification == "0" else ""))
    rows.sort(key=_sort_key)
    write_csv(out_dir / OUTPUT_FILE, HEADER, rows)
    streets = len({row[3].casefold() for row in rows if row[3]})
    certified = sum(1 for row in rows if row[13] == "oui")
    postcodes = sorted({row[5] for row in rows if re.fullmatch(r"\d{5}", row[5])})
    summary = (f"{french_int(len(rows))} adresses sur {french_int(streets)} voies et lieux-dits"
               + (f", dont {french_int(certified)} certifiées par la commune" if certified else "") + ".")
    return Parsed(
        files=(OutputFile(OUTPUT_FILE, "Adresses de la commune",
                          "Une ligne par adresse : numéro, voie, code postal et position (WGS 84).",
                          popup=("numero", "rep", "nom_voie", "lieu_dit", "code_postal")),),
        summary=summary, rows=len(rows),
        facts={"adresses": len(rows), "voies": streets, "certifiees": certified, "codes_postaux": postcodes})


SOURCE = Source(
    name="adresses",
    dataset_id="national-adresses",
    title="Adresses de la commune (Base Adresse Nationale)",
    description=(
        "Toutes les adresses de la commune connues de la Base Adresse Nationale, la base d'adresses de "
        "référence de l'État : numéro, voie ou lieu-dit, code postal et position. La commune est la seule "
        "autorité compétente pour nommer les voies et numéroter : une adresse fausse ou absente se corrige "
        "dans sa Base Adresse Locale (https://adresse.data.gouv.fr)."),
    producer=Producer("Base Adresse Nationale", "https://adresse.data.gouv.fr"),
    licence="lov2",
    frequency="weekly",
    theme="Territoire",
    keywords=("données nationales", "adresses", "voies", "Base Adresse Nationale"),
    documentation=("https://adresse.data.gouv.fr/outils/telechargements/format-csv",
                   "https://github.com/BaseAdresseNationale/adresse.data.gouv.fr/blob/master/public/schemas/adresses-csv.md"),
    steps=(Step("adresses.csv", addresses_url),),
    parse=parse_addresses,
    datagouv_url="https://www.data.gouv.fr/datasets/base-adresse-nationale/",
)
