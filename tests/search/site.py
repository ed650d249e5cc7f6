"""A small site written for the search tests: accents, several themes, producers, formats, licences,
maps and years, and a title with markup in it. Built with the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path

from ..helpers import write_site

PORTAL = """\
title: Données ouvertes de Recherchéville
commune:
  name: Recherchéville
  insee: "35238"
site_url: https://donnees.rechercheville.example/
publisher:
  name: Mairie de Recherchéville
catalogue_page_size: 3
"""


def _points(*names: str) -> str:
    features = [{"type": "Feature", "properties": {"nom": name},
                 "geometry": {"type": "Point", "coordinates": [-1.68 + n / 1000, 48.11 + n / 1000]}}
                for n, name in enumerate(names)]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


FILES = {
    "portal.yml": PORTAL,
    "datasets/equipements-sportifs.yml": """\
        title: Équipements sportifs
        description: Gymnases, stades et piscines de la commune, avec leur adresse.
        keywords: [gymnase, piscine]
        theme: Sports et loisirs
        producer: Service des sports
        modified: 2024-03-01
        resources:
          - equipements-sportifs.csv
          - equipements-sportifs.geojson
        """,
    "datasets/budget-primitif-2024.yml": """\
        title: Budget primitif 2024
        description: Le budget voté par le conseil municipal, par chapitre.
        keywords: [Budget, finances]
        theme: Économie et finances
        producer: Direction des finances
        modified: 2024-04-02
        resources: [budget-2024.csv]
        """,
    "datasets/subventions-associations.yml": """\
        title: Subventions aux associations
        description: Les montants attribués aux clubs et associations en 2023.
        keywords: [budget, associations]
        theme: Économie et finances
        producer: Direction des finances
        modified: 2023-11-20
        resources: [subventions-2023.csv, subventions-2023.json]
        """,
    "datasets/arbres-alignement.yml": """\
        title: Arbres d'alignement
        description: Essences et hauteur des arbres plantés le long des rues.
        keywords: [nature]
        theme: Environnement
        licence: odc-odbl
        resources: [arbres.geojson]
        """,
    "datasets/menus-cantine.yml": """\
        title: Menus de la cantine scolaire
        description: Les repas servis dans les écoles, semaine par semaine.
        keywords: [école]
        theme: Éducation
        modified: 2023-09-01
        resources: [menus.csv]
        """,
    "datasets/horaires-services.yml": """\
        title: Horaires <img src=x onerror="window.pwned=1"> des services
        description: Jours et heures d'ouverture des services municipaux.
        theme: Vie citoyenne
        producer: Secrétariat général
        modified: 2022-12-15
        resources: [horaires.txt]
        """,
    "data/equipements-sportifs.csv": "nom,type\nGymnase municipal,gymnase\nPiscine,piscine\n",
    "data/equipements-sportifs.geojson": _points("Gymnase municipal", "Piscine"),
    "data/budget-2024.csv": "chapitre,libelle,montant\n011,Charges générales,812500\n012,Personnel,1450000\n",
    "data/subventions-2023.csv": "beneficiaire,montant\nClub de football,4500\nChorale,300\n",
    "data/subventions-2023.json": '[{"beneficiaire": "Club de football", "montant": 4500}]\n',
    "data/arbres.geojson": _points("Platane", "Tilleul"),
    "data/menus.csv": "date,plat\n2023-09-04,Lasagnes\n2023-09-05,Poisson\n",
    "data/horaires.txt": "Mairie : du lundi au vendredi, 9h-12h.\n",
}

TITLES = {
    "equipements-sportifs": "Équipements sportifs",
    "budget-primitif-2024": "Budget primitif 2024",
    "subventions-associations": "Subventions aux associations",
    "arbres-alignement": "Arbres d'alignement",
    "menus-cantine": "Menus de la cantine scolaire",
    "horaires-services": 'Horaires <img src=x onerror="window.pwned=1"> des services',
}


def write_search_site(root: Path) -> Path:
    """Write the site into ``root`` and return it."""
    return write_site(root, FILES, minimal=False)
