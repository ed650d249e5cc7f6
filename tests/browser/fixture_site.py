"""A small site that exercises every page type of the default theme, for the real-browser checks.

Used beside ``sample_site/`` (when it exists): it has pagination of the catalogue and of the news,
accented text, Markdown with tables and lists, a remote resource, a table with coordinates, a
page in the navigation, an external navigation link and featured datasets and reuses.
"""

from __future__ import annotations

from pathlib import Path

PORTAL_YML = """\
title: Données ouvertes de Testville-sur-Lérette
tagline: Les données publiques de la commune, libres et réutilisables
description: |
  La commune publie ses données pour **rendre compte** de son action.

  - budgets et subventions ;
  - équipements publics ;
  - [la délibération du conseil](https://www.example.org/deliberation).
commune:
  name: Testville-sur-Lérette
  insee: "35238"
  population: 4321
  department: Ille-et-Vilaine
  latitude: 48.1113
  longitude: -1.6800
site_url: https://data.testville.example/
publisher:
  name: Mairie de Testville-sur-Lérette
  email: mairie@testville.example
  url: https://www.testville.example/
  address: 1 place de la Mairie, 35000 Testville-sur-Lérette
contact:
  email: donnees@testville.example
  phone: 02 99 00 00 00
navigation:
  - title: Site de la mairie
    url: https://www.testville.example/
catalogue_page_size: 3
preview_rows: 5
"""

DATASETS = {
    "budget-primitif-2024": ("""\
title: Budget primitif 2024
description: |
  Le budget primitif voté par le conseil municipal le 28 mars 2024.

  | Section | Montant |
  | --- | --- |
  | Fonctionnement | 3 200 000 € |
  | Investissement | 1 100 000 € |
resources:
  - path: budget-2024.csv
    title: Budget 2024 par chapitre
keywords: [budget, finances]
theme: Économie et finances
frequency: annual
temporal: {start: 2024-01-01, end: 2024-12-31}
issued: 2024-04-02
modified: 2024-04-02
featured: true
""", {"budget-2024.csv": "chapitre;libellé;montant\n011;Charges à caractère général;812500,50\n"
                         "012;Charges de personnel;1450000\n65;Autres charges;210000\n"
                         "21;Immobilisations corporelles;640000\n23;Travaux en cours;460000\n"
                         "70;Produits des services;180000\n73;Impôts et taxes;2100000\n"}),
    "equipements-publics": ("""\
title: Équipements publics
description: Écoles, salles, gymnases et bibliothèque de la commune, avec leurs coordonnées.
resources: [equipements.csv]
keywords: [équipements, carte]
theme: Aménagement du territoire
frequency: irregular
modified: 2024-06-15
featured: true
""", {"equipements.csv": "nom,type,adresse,latitude,longitude\n"
                         "Mairie,administration,1 place de la Mairie,48.1113,-1.6800\n"
                         "École Jules-Ferry,école,3 rue des Écoles,48.1131,-1.6791\n"
                         "Gymnase municipal,sport,12 allée du Stade,48.1098,-1.6832\n"
                         "Bibliothèque,culture,5 rue de la Lérette,48.1120,-1.6770\n"}),
    "subventions-associations": ("""\
title: Subventions aux associations
description: Les subventions versées aux associations en 2023.
resources: [subventions-2023.csv]
keywords: subventions
theme: Économie et finances
frequency: annual
modified: 2024-01-20
""", {"subventions-2023.csv": "beneficiaire,objet,montant\nClub de football,Fonctionnement,4500\n"
                              "Comité des fêtes,Fête de la musique,1200\nAmicale laïque,Sorties scolaires,800\n"}),
    "frequentation-piscine": ("""\
title: Fréquentation de la piscine
description: Entrées à la piscine municipale, par mois et par type de public.
resources:
  - frequentation-piscine.csv
  - url: https://www.example.org/frequentation-piscines-departement.csv
    title: Fichier départemental
    format: csv
frequency: monthly
modified: 2024-02-01
""", {"frequentation-piscine.csv": "mois,public,entrees\n2024-01,scolaires,1250\n2024-01,adultes,980\n"
                                   "2024-02,scolaires,1190\n2024-02,adultes,1010\n"}),
    "horaires-dechetterie": ("""\
title: Horaires de la déchetterie
description: Jours et heures d'ouverture, avec une notice.
resources:
  - path: horaires.json
    title: Horaires (JSON)
  - path: notice.txt
    title: Notice
frequency: irregular
""", {"horaires.json": '[{"jour": "lundi", "horaires": "fermé"}, {"jour": "mardi", "horaires": "9h-12h"}, '
                      '{"jour": "samedi", "horaires": "9h-18h"}]\n',
      "notice.txt": "Les dépôts sont gratuits pour les habitants.\n"}),
}

PAGES = {
    "a-propos": """\
---
title: À propos
nav: true
order: 1
---
Ce portail publie les **données ouvertes** de la commune.

## Licence

Les données sont sous [Licence Ouverte 2.0](https://www.etalab.gouv.fr/licence-ouverte-open-licence/).
""",
    "mentions-legales": """\
---
title: Mentions légales
---
Directeur de la publication : le maire.

| Hébergeur | Adresse |
| --- | --- |
| Exemple SAS | 1 rue de l'Exemple |
""",
}

REUSES = {
    "carte-equipements": """\
---
title: Carte des équipements
type: application
author: Association Testville numérique
url: https://www.example.org/carte
datasets: [equipements-publics]
date: 2024-07-01
featured: true
---
Une carte interactive des équipements publics.
""",
    "article-budget": """\
---
title: Le budget expliqué aux habitants
type: article
url: https://www.example.org/budget
datasets: [budget-primitif-2024]
date: 2024-05-10
---
Un article qui explique le **budget primitif** en quelques chiffres.
""",
}


def news_items(count: int = 11) -> dict[str, str]:
    """``count`` news posts (more than one page of the news list), one of them linked to a dataset."""
    items = {}
    for number in range(1, count + 1):
        month = (number - 1) % 12 + 1
        related = "datasets: [budget-primitif-2024]\n" if number == 1 else ""
        items[f"actualite-{number:02d}"] = (
            f"---\ntitle: Actualité numéro {number}\ndate: 2024-{month:02d}-15\nauthor: Service communication\n"
            f"tags: [vie locale]\n{related}---\nLe conseil municipal s'est réuni : voici ce qui a été décidé.\n\n"
            f"1. premier point ;\n2. second point.\n")
    return items


def write_fixture_site(root: Path) -> Path:
    """Write the fixture site into ``root`` (created if needed) and return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "portal.yml").write_text(PORTAL_YML, encoding="utf-8")
    for folder in ("datasets", "data", "pages", "news", "reuses"):
        (root / folder).mkdir(exist_ok=True)
    for dataset_id, (yml, files) in DATASETS.items():
        (root / "datasets" / f"{dataset_id}.yml").write_text(yml, encoding="utf-8")
        for name, content in files.items():
            (root / "data" / name).write_text(content, encoding="utf-8")
    for folder, documents in (("pages", PAGES), ("reuses", REUSES), ("news", news_items())):
        for slug, text in documents.items():
            (root / folder / f"{slug}.md").write_text(text, encoding="utf-8")
    return root
