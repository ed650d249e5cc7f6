"""Write the data files of the sample site (a fictional commune) deterministically.

Saint-Aubin-sur-Lérette does not exist: every name, amount, identifier and coordinate
below is invented. Identifiers follow the real formats (INSEE code, SIREN/SIRET with a
valid Luhn key, RNA number, ACTES subject codes) so the files validate against the
SCDL schemas, but they are not meant to designate any real body.

Usage::

    python sample_site/tools/generate_data.py            # writes sample_site/data/
    python sample_site/tools/generate_data.py --out DIR  # writes somewhere else

The output depends only on this file: every random draw comes from a
``random.Random`` seeded with a fixed string per dataset, and no date is taken from
the clock. Running it twice gives byte-identical files.

The sample is kept up to date as of late November 2026. When a year is added, its
draws come after those of the years already published (or from a stream of their
own), so that an update never rewrites the published past; the only exception is the
budget, whose subsidy articles (657362, 6574) follow the subventions file.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import io
import json
import math
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

SEED = "saint-aubin-sur-lerette-2025"
DATA_DIR = Path(__file__).resolve().parents[1] / "data"

# --------------------------------------------------------------------------------------
# The commune
# --------------------------------------------------------------------------------------

COMMUNE = "Saint-Aubin-sur-Lérette"
COMMUNE_LONG = f"Commune de {COMMUNE}"
DEPT = "41"
INSEE = "41298"
POSTCODE = "41250"
CENTRE_LAT = 47.4872
CENTRE_LON = 1.5833
DOMAIN = "saint-aubin-sur-lerette.fr"
WWW = f"https://www.{DOMAIN}"
PREF_ID = "PREF041"
COUNCIL_SIZE = 27  # conseil municipal of a commune of 3 500 to 4 999 inhabitants


def luhn_ok(digits: str) -> bool:
    """True when ``digits`` passes the Luhn check used by SIREN and SIRET numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def luhn_key(body: str) -> str:
    """The digit to append to ``body`` so that the result passes the Luhn check."""
    for key in "0123456789":
        if luhn_ok(body + key):
            return key
    raise AssertionError("unreachable")


# A commune's SIREN is 21 + department (2 digits) + 0 + commune number (3 digits) + key.
SIREN = "21" + DEPT + "0" + INSEE[2:] + luhn_key("21" + DEPT + "0" + INSEE[2:])
SIRET = SIREN + "0001" + luhn_key(SIREN + "0001")            # the mairie
SIRET_RESTAURATION = SIREN + "0003" + luhn_key(SIREN + "0003")  # restaurant scolaire (second establishment)
CCAS_SIREN = "26410412" + luhn_key("26410412")  # the CCAS, a public body of its own
CCAS_SIRET = CCAS_SIREN + "0001" + luhn_key(CCAS_SIREN + "0001")


def make_siret(rng: random.Random, first_digit: str) -> str:
    """A random 14-digit SIRET whose SIREN and SIRET both pass the Luhn check."""
    body = first_digit + "".join(rng.choice("0123456789") for _ in range(7))
    siren = body + luhn_key(body)
    nic = "000" + rng.choice("12")
    return siren + nic + luhn_key(siren + nic)


# Streets of the bourg and hamlets: FANTOIR-like code and a point (metres east, north of
# the mairie) used to place addresses.
@dataclass(frozen=True)
class Street:
    name: str
    fantoir: str
    east: float
    north: float


STREETS = {s.name: s for s in (
    Street("Place de la Mairie", "0100", 0, 0),
    Street("Grande Rue", "0040", 140, 25),
    Street("Place de l'Église", "0110", 45, 70),
    Street("Rue des Écoles", "0060", -260, 185),
    Street("Allée des Tilleuls", "0010", -320, 330),
    Street("Rue Jeanne-Bourgeois", "0075", 210, 260),
    Street("Rue Pasteur", "0115", 310, 120),
    Street("Rue du 8-Mai-1945", "0005", -210, 60),
    Street("Rue de la Lérette", "0080", -110, -260),
    Street("Rue du Moulin", "0095", -520, -330),
    Street("Rue du Stade", "0150", 460, -360),
    Street("Chemin des Prés", "0030", 620, -110),
    Street("Chemin du Cimetière", "0025", -360, 560),
    Street("Chemin de l'Étang", "0020", -720, -930),
    Street("Route de Blois", "0130", -900, 420),
    Street("Route de Romorantin", "0135", 820, -720),
    Street("Rue des Artisans", "0012", 1320, 510),
    Street("Hameau de la Brosse", "B001", -2400, 1500),
    Street("Hameau du Chêne-Rond", "B004", 2100, -1800),
)}

M_PER_DEG_LAT = 111_200.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(CENTRE_LAT))


def to_latlon(east: float, north: float) -> tuple[float, float]:
    """Metres from the mairie to (latitude, longitude), rounded to 6 decimals (~10 cm)."""
    return round(CENTRE_LAT + north / M_PER_DEG_LAT, 6), round(CENTRE_LON + east / M_PER_DEG_LON, 6)


def address_point(rng: random.Random, street: str, spread: float = 60) -> tuple[float, float]:
    s = STREETS[street]
    return to_latlon(s.east + rng.uniform(-spread, spread), s.north + rng.uniform(-spread, spread))


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in metres between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


# --------------------------------------------------------------------------------------
# Writing helpers
# --------------------------------------------------------------------------------------

def csv_text(header: list[str], rows: list[list], *, delimiter: str = ",", newline: str = "\n") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def money(value: float) -> str:
    return f"{value:.2f}"


def fr_money(value: float) -> str:
    """An amount as French office software exports it: decimal comma, no thousands separator."""
    return f"{value:.2f}".replace(".", ",")


def fr_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based) given weekday (0 = Monday) of a month."""
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


# --------------------------------------------------------------------------------------
# 1. Délibérations (scdl/deliberations)
# --------------------------------------------------------------------------------------

ACTES = {
    "1.1": "Commande publique/Marchés publics",
    "1.4": "Commande publique/Autres types de contrats",
    "2.1": "Urbanisme/Documents d'urbanisme",
    "2.3": "Urbanisme/Droit de préemption urbain",
    "3.1": "Domaine et patrimoine/Acquisitions",
    "3.2": "Domaine et patrimoine/Aliénations",
    "3.3": "Domaine et patrimoine/Locations",
    "3.5": "Domaine et patrimoine/Actes de gestion du domaine public",
    "4.1": "Fonction publique/Personnels titulaires et stagiaires de la FPT",
    "4.2": "Fonction publique/Personnels contractuels",
    "4.5": "Fonction publique/Régime indemnitaire",
    "5.1": "Institutions et vie politique/Election exécutif",
    "5.2": "Institutions et vie politique/Fonctionnement des assemblées",
    "5.3": "Institutions et vie politique/Désignation de représentants",
    "5.6": "Institutions et vie politique/Exercice des mandats locaux",
    "5.7": "Institutions et vie politique/Intercommunalité",
    "7.1": "Finances locales/Décisions budgétaires",
    "7.2": "Finances locales/Fiscalité",
    "7.3": "Finances locales/Emprunts",
    "7.5": "Finances locales/Subventions",
    "7.10": "Finances locales/Divers",
    "8.1": "Domaines de compétences par thèmes/Enseignement",
    "8.2": "Domaines de compétences par thèmes/Aide sociale",
    "8.3": "Domaines de compétences par thèmes/Voirie",
    "8.4": "Domaines de compétences par thèmes/Aménagement du territoire",
    "8.5": "Domaines de compétences par thèmes/Politique de la ville-habitat-logement",
    "8.7": "Domaines de compétences par thèmes/Transports",
    "8.8": "Domaines de compétences par thèmes/Environnement",
    "8.9": "Domaines de compétences par thèmes/Culture",
    "9.1": "Autres domaines de compétences/Autres domaines de compétences des communes",
    "9.4": "Autres domaines de compétences/Vœux et motions",
}

# Items voted every year: (code, subject with {y}/{y1}/{ym1} for the year, next, previous year,
# budget: "" | "principal" | "lotissement", contested, month of the session).
RECURRING_ITEMS = [
    ("7.5", "Demandes de subventions au titre de la dotation d'équipement des territoires ruraux {y}", "principal",
     False, 2),
    ("4.2", "Recrutement d'agents contractuels pour l'accueil de loisirs de l'été {y}", "", False, 5),
    ("8.3", "Programme de travaux de voirie {y}", "principal", False, 5),
    ("7.1", "Décision modificative n° 1 du budget principal {y}", "principal", False, 6),
    ("7.10", "Tarifs de la restauration scolaire et de l'accueil périscolaire à compter de la rentrée {y}", "", True, 6),
    ("8.1", "Participation aux frais de scolarité des élèves domiciliés hors de la commune, année scolaire {y}-{y1}",
     "", False, 9),
    ("8.8", "Rapport annuel sur le prix et la qualité du service public de l'eau potable {ym1}", "", False, 9),
    ("7.10", "Admission en non-valeur de produits irrécouvrables", "principal", False, 9),
    ("7.1", "Décision modificative n° 2 du budget principal {y}", "principal", False, 10),
    ("5.7", "Approbation du rapport de la commission locale d'évaluation des charges transférées {y}", "", False, 10),
    ("9.1", "Rapport annuel d'activité du syndicat intercommunal de collecte des déchets {ym1}", "", False, 10),
    ("3.5", "Tarifs d'occupation du domaine public pour l'année {y1}", "", False, 12),
    ("7.10", "Tarifs municipaux {y1} : salle des fêtes, cimetière, médiathèque", "", False, 12),
    ("7.10", "Indemnité de gardiennage de l'église Saint-Aubin pour {y}", "principal", False, 12),
    ("4.1", "Mise à jour du tableau des effectifs au 1er janvier {y1}", "", False, 12),
]

# Items voted once: (code, subject, budget, contested, (year, month) or None to place at random).
ONE_OFF_ITEMS = [
    ("5.3", "Désignation du correspondant incendie et secours", "", False, (2022, 2)),
    ("2.1", "Modification simplifiée n° 2 du plan local d'urbanisme : modalités de mise à disposition du public", "",
     False, (2022, 5)),
    ("1.1", "Attribution du marché de fourniture des repas du restaurant scolaire pour la période 2022-2025", "",
     False, (2022, 6)),
    ("8.8", "Extinction de l'éclairage public de 23 h à 5 h sur l'ensemble de la commune à compter du 1er octobre 2022",
     "", True, (2022, 9)),
    ("8.8", "Adoption du plan de sobriété énergétique des bâtiments communaux", "", False, (2022, 10)),
    ("8.4", "Aménagement du centre-bourg : approbation de l'avant-projet définitif", "principal", True, (2022, 12)),
    ("1.1", "Attribution du marché d'entretien des espaces verts 2023-2025", "", False, (2022, 12)),
    ("8.7", "Installation d'une consigne collective à vélos sur l'aire de covoiturage de la route de Blois",
     "principal", False, (2022, 12)),
    ("1.1", "Attribution du marché de remplacement des luminaires d'éclairage public par des luminaires LED",
     "principal", False, (2023, 2)),
    ("7.3", "Souscription d'un emprunt de 400 000 € pour la rénovation énergétique de l'école Marie-Curie",
     "principal", True, (2023, 5)),
    ("1.1", "Attribution du marché de travaux de rénovation énergétique de l'école élémentaire Marie-Curie",
     "principal", False, (2023, 5)),
    ("3.1", "Acquisition amiable de l'ancienne boulangerie, 18 Grande Rue", "principal", True, (2023, 6)),
    ("1.1", "Aménagement du centre-bourg : attribution des lots 1 à 4 du marché de travaux", "principal", True,
     (2023, 10)),
    ("3.5", "Dénomination des voies du lotissement communal Les Guérets", "", False, (2022, 7)),
    ("8.3", "Création d'une zone de rencontre limitée à 20 km/h dans le centre-bourg", "", False, (2024, 5)),
    ("2.1", "Avis de la commune sur le projet de plan local d'urbanisme intercommunal arrêté", "", True, (2024, 9)),
    ("1.4", "Convention de mise à disposition du gymnase au collège du Val de Lérette", "", False, None),
    ("1.4", "Convention avec la communauté de communes pour l'instruction des autorisations d'urbanisme", "", False,
     None),
    ("1.4", "Convention de partenariat avec l'office de tourisme intercommunal", "", False, None),
    ("2.3", "Renonciation à l'exercice du droit de préemption urbain sur la parcelle AB 214, Grande Rue", "", False,
     None),
    ("3.1", "Acquisition de la parcelle cadastrée ZC 45 au lieu-dit la Noue pour l'extension du plan d'eau",
     "principal", False, None),
    ("3.2", "Cession d'un délaissé de voirie chemin des Prés (parcelle AC 302)", "", False, None),
    ("3.2", "Vente des lots n° 5 à 7 du lotissement communal Les Guérets", "lotissement", False, None),
    ("3.2", "Vente du lot n° 4 du lotissement communal Les Guérets", "lotissement", False, None),
    ("3.3", "Renouvellement du bail du logement communal situé 4 place de l'Église", "", False, None),
    ("3.3", "Bail commercial de la supérette du centre-bourg : révision du loyer", "", False, None),

    ("3.5", "Convention d'occupation du domaine public pour l'installation d'une antenne de téléphonie mobile", "",
     True, None),
    ("4.1", "Création d'un poste d'adjoint technique territorial à temps complet", "principal", False, None),
    ("4.1", "Création d'un poste de rédacteur territorial au service urbanisme", "principal", False, None),
    ("4.2", "Création d'un emploi non permanent pour accroissement temporaire d'activité à la médiathèque", "",
     False, None),
    ("4.5", "Mise à jour du régime indemnitaire tenant compte des fonctions, des sujétions, de l'expertise et de "
     "l'engagement professionnel (RIFSEEP)", "", False, None),
    ("5.3", "Désignation d'un délégué titulaire et d'un délégué suppléant au syndicat départemental d'énergie", "",
     False, None),
    ("5.7", "Modification des statuts de la communauté de communes du Val de Lérette", "", False, None),
    ("7.5", "Demande de subvention au conseil départemental pour l'aménagement du centre-bourg", "principal", False,
     None),
    ("8.1", "Classe de découverte de l'école Marie-Curie : participation de la commune", "principal", False, None),
    ("8.1", "Avis sur l'organisation du temps scolaire sur quatre jours", "", False, None),
    ("8.2", "Convention avec l'épicerie solidaire La Passerelle", "", False, None),
    ("8.3", "Intégration des voies du lotissement du Clos des Vignes dans le domaine public communal", "", False, None),
    ("8.4", "Adhésion au programme Petites villes de demain porté par la communauté de communes", "", False, None),
    ("8.5", "Garantie d'emprunt accordée à un bailleur social pour la construction de 12 logements rue du Moulin", "",
     False, None),
    ("8.8", "Plantation de haies bocagères au lieu-dit la Brosse : convention avec la fédération des chasseurs", "",
     False, None),
    ("8.9", "Règlement intérieur et tarifs de la médiathèque Jeanne-Bourgeois", "", False, None),
    ("8.9", "Convention avec l'école de musique intercommunale", "", False, None),
    ("9.4", "Motion pour le maintien du service des urgences de l'hôpital de proximité", "", False, None),
    ("9.4", "Vœu pour le maintien de la trésorerie de proximité", "", False, None),
]

YEARS_DELIB = (2022, 2023, 2024)  # the register as first published (one random stream)
SESSION_MONTHS = [2, 3, 5, 6, 7, 9, 10, 12]
BUDGET_NAMES = {"principal": "Budget principal", "lotissement": "Budget annexe lotissement Les Guérets"}

# Years added by the later updates of the register. They draw from a random stream of their own, so that
# publishing a new year never rewrites the decisions already published.
LATER_YEARS_DELIB = (2025, 2026)
REGISTER_END = dt.date(2026, 10, 31)  # the register is published up to the October 2026 session
# Municipal elections of 15 March 2026, won in the first round: the new council is installed on the Friday
# after the election, and the budget is voted in April, as the law allows in a year of council renewal.
ELECTION_YEAR = 2026
INSTALLATION_DAY = dt.date(2026, 3, 20)

# Items voted once in the later years: (code, subject, budget, contested, (year, month)).
LATER_ONE_OFF_ITEMS = [
    ("7.5", "Demande de subvention au titre du fonds vert pour la liaison cyclable du bourg au hameau du Chêne-Rond",
     "principal", False, (2025, 2)),
    ("8.4", "Reconversion de l'ancienne boulangerie, 18 Grande Rue, en tiers-lieu : approbation du projet et du plan "
     "de financement", "principal", True, (2025, 5)),
    ("1.1", "Attribution du marché de travaux de la liaison cyclable du bourg au hameau du Chêne-Rond", "principal",
     False, (2025, 5)),
    ("1.1", "Attribution du marché de fourniture des repas du restaurant scolaire pour la période 2025-2029", "",
     False, (2025, 6)),
    ("9.4", "Motion pour le maintien de la ligne de car régionale Blois – Romorantin", "", False, (2025, 7)),
    ("1.1", "Tiers-lieu de l'ancienne boulangerie : attribution des lots 1 à 5 du marché de travaux", "principal",
     True, (2025, 10)),
    ("1.1", "Attribution du marché d'entretien des espaces verts 2026-2028", "", False, (2025, 12)),
    ("8.9", "Adhésion au réseau intercommunal des médiathèques du Val de Lérette", "", False, (2025, 12)),
    ("7.1", "Autorisation d'engager et de mandater des dépenses d'investissement avant le vote du budget "
     "primitif 2026", "principal", False, (2026, 2)),
    ("5.1", "Élection du maire", "", False, (2026, 3)),
    ("5.1", "Détermination du nombre d'adjoints au maire", "", False, (2026, 3)),
    ("5.1", "Élection des adjoints au maire", "", False, (2026, 3)),
    ("5.2", "Délégations consenties au maire par le conseil municipal (article L. 2122-22 du code général des "
     "collectivités territoriales)", "", True, (2026, 3)),
    ("5.6", "Indemnités de fonction du maire, des adjoints et des conseillers municipaux délégués", "principal",
     False, (2026, 3)),
    ("5.2", "Création des commissions municipales et désignation de leurs membres", "", False, (2026, 4)),
    ("5.3", "Élection des membres du conseil d'administration du centre communal d'action sociale", "", False,
     (2026, 4)),
    ("5.3", "Désignation des délégués de la commune au syndicat départemental d'énergie", "", False, (2026, 4)),
    ("5.3", "Désignation du correspondant incendie et secours", "", False, (2026, 5)),
    ("8.3", "Liaison cyclable du Chêne-Rond : convention d'entretien avec le département le long de la route "
     "départementale", "", False, (2026, 5)),
    ("5.2", "Adoption du règlement intérieur du conseil municipal", "", True, (2026, 6)),
    ("4.1", "Création d'un poste d'adjoint d'animation territorial pour le tiers-lieu", "principal", False, (2026, 7)),
    ("3.3", "Tiers-lieu L'Ancienne Boulangerie : règlement intérieur et tarifs de location des espaces", "", False,
     (2026, 9)),
]


@dataclass(frozen=True)
class Deliberation:
    id: str
    date: dt.date
    code: str
    subject: str
    budget_year: str
    budget_name: str
    pref_date: dt.date
    voters: int
    pour: int
    contre: int
    abstention: int

    @property
    def url(self) -> str:
        return f"{WWW}/deliberations/{self.date.year}/{self.id}.pdf"


def _vote(rng: random.Random, contested: bool) -> tuple[int, int, int, int]:
    present = rng.randint(19, 26)
    proxies = rng.randint(0, min(3, COUNCIL_SIZE - present))
    voters = present + proxies
    if contested:
        contre = rng.randint(2, 5)
        abstention = rng.randint(0, 3)
    else:
        contre = 0
        abstention = rng.choice([0, 0, 0, 0, 1])
    return voters, voters - contre - abstention, contre, abstention


def _budget_session(year: int) -> list[tuple[str, str, str, str, bool]]:
    prev = str(year - 1)
    return [
        ("7.1", f"Approbation du compte de gestion {prev} du budget principal", prev, BUDGET_NAMES["principal"], False),
        ("7.1", f"Vote du compte administratif {prev} du budget principal", prev, BUDGET_NAMES["principal"], True),
        ("7.1", f"Affectation du résultat de fonctionnement {prev}", prev, BUDGET_NAMES["principal"], False),
        ("7.2", f"Vote des taux d'imposition des taxes directes locales pour {year}", str(year),
         BUDGET_NAMES["principal"], False),
        ("7.1", f"Vote du budget primitif {year} du budget principal", str(year), BUDGET_NAMES["principal"], True),
        ("7.1", f"Vote du budget primitif {year} du budget annexe du lotissement Les Guérets", str(year),
         BUDGET_NAMES["lotissement"], False),
        ("7.5", f"Attribution des subventions aux associations pour l'année {year}", str(year),
         BUDGET_NAMES["principal"], False),
    ]


def build_deliberations() -> list[Deliberation]:
    """The register of council decisions 2022 to October 2026, numbered per year in session order."""
    return _first_register() + _later_register()


def _first_register() -> list[Deliberation]:
    """The decisions of 2022-2024, as first published."""
    rng = random.Random(SEED + "-deliberations")
    agenda: dict[tuple[int, int], list[tuple[str, str, str, str, bool]]] = {
        (y, m): [] for y in YEARS_DELIB for m in SESSION_MONTHS}
    for year in YEARS_DELIB:
        agenda[(year, 2)].append(("7.1", f"Débat d'orientation budgétaire {year}", "", "", False))
        agenda[(year, 3)] += _budget_session(year)
    loose = []
    for code, subject, budget, contested, when in ONE_OFF_ITEMS:
        item = (code, subject, budget, contested)
        if when is None:
            loose.append(item)
        else:
            year, month = when
            agenda[(year, month)].append((code, subject, str(year) if budget else "", BUDGET_NAMES.get(budget, ""),
                                          contested))
    for year in YEARS_DELIB:
        for code, subject, budget, contested, month in RECURRING_ITEMS:
            text = subject.format(y=year, y1=year + 1, ym1=year - 1)
            agenda[(year, month)].append((code, text, str(year) if budget else "", BUDGET_NAMES.get(budget, ""),
                                          contested))
    rng.shuffle(loose)
    free_sessions = [(y, m) for y in YEARS_DELIB for m in SESSION_MONTHS if m != 3]
    for i, (code, subject, budget, contested) in enumerate(loose):
        year, month = free_sessions[(i * 7 + rng.randint(0, 3)) % len(free_sessions)]
        agenda[(year, month)].append((code, subject, str(year) if budget else "", BUDGET_NAMES.get(budget, ""),
                                      contested))
    result: list[Deliberation] = []
    for year in YEARS_DELIB:
        number = 0
        for month in SESSION_MONTHS:
            day = nth_weekday(year, month, 3, 4 if month == 3 else 2)  # a Thursday
            for code, subject, budget_year, budget_name, contested in agenda[(year, month)]:
                number += 1
                voters, pour, contre, abstention = _vote(rng, contested)
                result.append(Deliberation(
                    id=f"DCM-{year}-{number:03d}", date=day, code=code, subject=subject,
                    budget_year=budget_year, budget_name=budget_name,
                    pref_date=day + dt.timedelta(days=rng.randint(1, 6)),
                    voters=voters, pour=pour, contre=contre, abstention=abstention))
    return result


def session_days(year: int) -> dict[int, dt.date]:
    """The day of each session of a later year, by month, up to ``REGISTER_END``: a Thursday (the 2nd of the
    month, the 4th in March for the budget), except in the election year."""
    if year == ELECTION_YEAR:
        days = {month: nth_weekday(year, month, 3, 2) for month in SESSION_MONTHS if month != 3}
        days[3] = INSTALLATION_DAY
        days[4] = nth_weekday(year, 4, 3, 2)
    else:
        days = {month: nth_weekday(year, month, 3, 4 if month == 3 else 2) for month in SESSION_MONTHS}
    return {month: day for month, day in sorted(days.items()) if day <= REGISTER_END}


def _later_register() -> list[Deliberation]:
    """The decisions of 2025 and 2026 (up to ``REGISTER_END``)."""
    rng = random.Random(SEED + "-deliberations-2025-2026")
    result: list[Deliberation] = []
    for year in LATER_YEARS_DELIB:
        days = session_days(year)
        agenda: dict[int, list[tuple[str, str, str, str, bool]]] = {month: [] for month in days}
        agenda[2].append(("7.1", f"Débat d'orientation budgétaire {year}", "", "", False))
        agenda[4 if year == ELECTION_YEAR else 3] += _budget_session(year)
        for code, subject, budget, contested, (when_year, month) in LATER_ONE_OFF_ITEMS:
            if when_year == year:
                agenda[month].append((code, subject, str(year) if budget else "", BUDGET_NAMES.get(budget, ""),
                                      contested))
        for code, subject, budget, contested, month in RECURRING_ITEMS:
            if month in agenda:  # the sessions still to come in the current year are not in the register
                text = subject.format(y=year, y1=year + 1, ym1=year - 1)
                agenda[month].append((code, text, str(year) if budget else "", BUDGET_NAMES.get(budget, ""),
                                      contested))
        number = 0
        for month, day in days.items():
            for code, subject, budget_year, budget_name, contested in agenda[month]:
                number += 1
                voters, pour, contre, abstention = _vote(rng, contested)
                result.append(Deliberation(
                    id=f"DCM-{year}-{number:03d}", date=day, code=code, subject=subject,
                    budget_year=budget_year, budget_name=budget_name,
                    pref_date=day + dt.timedelta(days=rng.randint(1, 6)),
                    voters=voters, pour=pour, contre=contre, abstention=abstention))
    return result


DELIB_HEADER = ["COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE", "DELIB_MATIERE_NOM",
                "DELIB_OBJET", "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID", "PREF_DATE", "VOTE_EFFECTIF", "VOTE_REEL",
                "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION", "DELIB_URL"]


def deliberations_csv(delibs: list[Deliberation]) -> str:
    rows = [[COMMUNE_LONG, SIRET, d.id, d.date.isoformat(), d.code, ACTES[d.code], d.subject, d.budget_year,
             d.budget_name, PREF_ID, d.pref_date.isoformat(), COUNCIL_SIZE, d.voters, d.pour, d.contre,
             d.abstention, d.url] for d in delibs]
    return csv_text(DELIB_HEADER, rows)


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def tiny_pdf(lines: list[str], title: str) -> bytes:
    """A one-page PDF (Helvetica, WinAnsi) with the given lines of text; no dates inside."""
    content_lines = ["BT", "/F1 11 Tf", "14 TL", "56 780 Td"]
    for i, line in enumerate(lines):
        if i == 0:
            content_lines += ["/F1 14 Tf", f"({_pdf_string(line)}) Tj", "/F1 11 Tf", "T*"]
        else:
            content_lines.append(f"({_pdf_string(line)}) '")
    content_lines.append("ET")
    stream = "\n".join(content_lines).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        ("<< /Title (" + _pdf_string(title) + ") /Author (" + _pdf_string(f"Mairie de {COMMUNE}") +
         ") /Producer (generate_data.py) >>").encode("cp1252"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def deliberation_pdf(d: Deliberation, annex: list[str] = ()) -> bytes:
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]
    when = f"{d.date.day} {months[d.date.month - 1]} {d.date.year}"
    subject_lines = _wrap(d.subject, 80)
    lines = [f"Commune de {COMMUNE} - Extrait du registre des délibérations",
             "",
             f"Séance du conseil municipal du {when}",
             f"Délibération n° {d.id} - matière {d.code} ({ACTES[d.code]})",
             "",
             "Objet :", *subject_lines,
             "",
             f"Conseillers en exercice : {COUNCIL_SIZE} - votants : {d.voters}",
             f"Pour : {d.pour} - contre : {d.contre} - abstentions : {d.abstention}",
             "",
             "Le conseil municipal, après en avoir délibéré, adopte la délibération.",
             *annex,
             f"Transmis en préfecture de Loir-et-Cher le {d.pref_date.strftime('%d/%m/%Y')}.",
             "",
             "Document d'exemple généré pour le portail de démonstration (commune fictive)."]
    return tiny_pdf(lines, f"Délibération {d.id}")


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])


# --------------------------------------------------------------------------------------
# 2. Subventions (scdl/subventions), exported as French office software does
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Association:
    name: str
    base: float           # usual yearly amount in euros
    object: str           # subject of the yearly grant
    siret_first: str | None  # first digit of its SIREN, None when it has no SIRET
    rna: bool
    staggered: bool       # paid in instalments
    in_kind: bool         # also gets rooms or equipment lent free of charge


ASSOCIATIONS = [
    Association("Comité des fêtes de Saint-Aubin", 6500, "Organisation de la fête de la Saint-Jean et du marché de Noël",
                "4", True, True, True),
    Association("Union sportive Saint-Aubin football (USSA)", 5200, "Fonctionnement de l'école de football",
                "4", True, True, True),
    Association("Judo-club saint-aubinois", 1800, "Fonctionnement annuel du club", "5", True, False, True),
    Association("Tennis club de la Lérette", 1600, "Fonctionnement annuel et entretien des courts", "4", True, False, True),
    Association("Basket-club Lérette-Sologne", 2100, "Fonctionnement annuel du club", "8", True, False, True),
    Association("Gym volontaire saint-aubinoise", 700, "Cours de gymnastique d’entretien pour adultes", "5", True, False, True),
    Association("Cyclo-randonneurs de la Lérette", 450, "Organisation de la randonnée « La Lérette à vélo »",
                None, True, False, False),
    Association("Les Pêcheurs de la Lérette", 600, "Alevinage et entretien des berges de la Lérette", "7", True, False, False),
    Association("Harmonie municipale de Saint-Aubin", 3200, "Fonctionnement de l'harmonie et concerts publics",
                "4", True, True, True),
    Association("Théâtre de la Lérette", 900, "Création et représentations de la saison théâtrale", "5", True, False, True),
    Association("Ciné-club Le Rayon vert", 650, "Programmation mensuelle de films à l'espace La Grange",
                None, True, False, True),
    Association("Les Amis de l’église Saint-Aubin", 500, "Restauration du mobilier de l’église et visites d’été",
                None, True, False, False),
    Association("Club de l'Âge d'or", 800, "Activités et sorties des aînés", "4", True, False, True),
    Association("Association des parents d'élèves Marie-Curie et Les Tilleuls", 600,
                "Organisation de la kermesse et des actions pour les écoles", None, True, False, True),
    Association("Coopérative scolaire de l'école élémentaire Marie-Curie", 2400, "Sorties et projets pédagogiques",
                "7", False, False, False),
    Association("Coopérative scolaire de l'école maternelle Les Tilleuls", 1500, "Sorties et projets pédagogiques",
                "7", False, False, False),
    Association("Amicale des sapeurs-pompiers de Saint-Aubin", 1200, "Fonctionnement de l'amicale et Sainte-Barbe",
                "4", True, False, False),
    Association("Épicerie solidaire La Passerelle", 3500, "Aide alimentaire aux foyers en difficulté",
                "8", True, True, True),
    Association("Jardins partagés du Clos fleuri", 350, "Entretien des jardins partagés et ateliers de jardinage",
                None, True, False, True),
    Association("Œnophiles et gourmets de Sologne", 300, "Salon des vins et produits du terroir", None, True, False, True),
    Association("Société de chasse de Saint-Aubin", 400, "Régulation des populations de sangliers", "7", True, False, False),
    Association("Comité de jumelage Saint-Aubin – Mühlbach", 1400, "Échanges avec la commune jumelle allemande",
                "4", True, False, False),
    Association("Twirling-club aubinois", 550, "Fonctionnement annuel du club", None, True, False, True),
]


SUBSIDY_YEARS = range(2019, 2027)
EVENT_ORGANISERS = ("Comité des fêtes", "Cyclo", "Théâtre", "Œnophiles", "Comité de jumelage")


def subventions_rows(delibs: list[Deliberation]) -> list[list[str]]:
    rng = random.Random(SEED + "-subventions")
    identity = {a.name: (make_siret(rng, a.siret_first) if a.siret_first else "",
                         f"W41{rng.randint(2, 3)}{rng.randint(0, 999999):06d}" if a.rna else "")
                for a in ASSOCIATIONS}
    decisions = {int(d.budget_year): d for d in delibs
                 if d.code == "7.5" and d.subject.startswith("Attribution des subventions")}
    rows = []
    for year in SUBSIDY_YEARS:  # one random stream, year after year: a new year leaves the earlier ones as they were
        if year in decisions:
            ref, day = decisions[year].id, decisions[year].date
        else:  # years before the published register of deliberations
            day = nth_weekday(year, 3, 3, 4)
            ref = f"DCM-{year}-{rng.randint(6, 11):03d}"
        entries = []
        # The CCAS is a public body: SIRET only.
        entries.append(("Centre communal d'action sociale (CCAS) de Saint-Aubin-sur-Lérette", CCAS_SIRET, "",
                        f"Subvention d'équilibre du budget du CCAS {year}", round(26000 * 1.02 ** (year - 2019), -2),
                        "aide en numéraire", True))
        for a in ASSOCIATIONS:
            amount = a.base * (1 + 0.015 * (year - 2019)) * rng.uniform(0.92, 1.08)
            if year == 2020 and a.name.startswith(EVENT_ORGANISERS):
                amount *= 0.4  # events cancelled
            amount = round(amount / 10) * 10 + (rng.choice([0, 0, 0, 0.5]) if amount < 1000 else 0)
            nature = "aide en numéraire;aide en nature" if a.in_kind and rng.random() < 0.5 else "aide en numéraire"
            entries.append((a.name, identity[a.name][0], identity[a.name][1], f"{a.object} – année {year}",
                            amount, nature, a.staggered))
        if year == 2020:
            entries.append(("Épicerie solidaire La Passerelle", identity["Épicerie solidaire La Passerelle"][0],
                            identity["Épicerie solidaire La Passerelle"][1],
                            "Aide exceptionnelle – distribution de colis pendant le confinement", 2000.0,
                            "aide en numéraire", False))
        if year == 2022:
            entries.append(("Comité des fêtes de Saint-Aubin", identity["Comité des fêtes de Saint-Aubin"][0],
                            identity["Comité des fêtes de Saint-Aubin"][1],
                            "Aide exceptionnelle pour les 50 ans du comité (feu d’artifice et location de matériel)",
                            1500.0, "aide en numéraire", False))
        if year == 2023:
            entries.append(("Union sportive Saint-Aubin football (USSA)",
                            identity["Union sportive Saint-Aubin football (USSA)"][0],
                            identity["Union sportive Saint-Aubin football (USSA)"][1],
                            "Aide à l'équipement : achat de buts mobiles pour le terrain annexe", 2750.0,
                            "aide en numéraire", False))
        if year == 2024:
            entries.append(("Théâtre de la Lérette", identity["Théâtre de la Lérette"][0],
                            identity["Théâtre de la Lérette"][1],
                            "Festival « Scènes de Sologne » 2024 : aide au projet (budget prévisionnel 9 800 €)",
                            1200.0, "aide en numéraire", False))
        if year == 2025:
            entries.append(("Cyclo-randonneurs de la Lérette", "",
                            identity["Cyclo-randonneurs de la Lérette"][1],
                            "30e édition de « La Lérette à vélo » : balisage et sécurisation du parcours", 800.0,
                            "aide en numéraire", False))
        if year == 2026:
            entries.append(("Comité de jumelage Saint-Aubin – Mühlbach",
                            identity["Comité de jumelage Saint-Aubin – Mühlbach"][0],
                            identity["Comité de jumelage Saint-Aubin – Mühlbach"][1],
                            "40 ans du jumelage : accueil de la délégation de Mühlbach en mai 2026 (budget "
                            "prévisionnel 6 500 €)", 1800.0, "aide en numéraire", False))
        for name, siret, rna, objet, amount, nature, staggered in entries:
            convention = day
            if staggered:
                start = day + dt.timedelta(days=rng.randint(20, 40))
                end = dt.date(year, 10, 15)
                period = f"{start.isoformat()}/{end.isoformat()}"
                conditions = "échelonné"
            else:
                period = (day + dt.timedelta(days=rng.randint(21, 60))).isoformat()
                conditions = "unique"
            rows.append([f"Commune de {COMMUNE}", SIRET, fr_date(convention), ref, name, siret, rna, objet,
                         fr_money(amount), nature, conditions, period, "", "non", "1", ""])
    return rows


SUBVENTIONS_HEADER = ["nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire",
                      "idBeneficiaire", "rnaBeneficiaire", "objet", "montant", "nature", "conditionsVersement",
                      "datesPeriodeVersement", "idRAE", "notificationUE", "pourcentageSubvention", "dispositifAide"]


def grant_totals(delibs: list[Deliberation]) -> dict[int, tuple[float, float]]:
    """Per year: (grant to the CCAS, total of the other grants), as in the subventions file."""
    totals: dict[int, list[float]] = {}
    for row in subventions_rows(delibs):
        year = int(row[2][-4:])
        amount = float(row[8].replace(",", "."))
        totals.setdefault(year, [0.0, 0.0])[0 if row[5] == CCAS_SIRET else 1] += amount
    return {year: (round(ccas, 2), round(others, 2)) for year, (ccas, others) in totals.items()}


def grants_annex(delibs: list[Deliberation], decision: Deliberation) -> list[str]:
    """Lines listing the grants decided by ``decision``, as in the annex of the deliberation."""
    lines = ["", "Annexe : montants attribués"]
    total = 0.0
    for row in subventions_rows(delibs):
        if row[3] == decision.id:
            amount = float(row[8].replace(",", "."))
            total += amount
            lines.append(f"- {row[4]} : {row[8]} EUR".replace("’", "'"))
    lines += [f"Total : {fr_money(total)} EUR", ""]
    return lines


def subventions_bytes(delibs: list[Deliberation]) -> bytes:
    text = csv_text(SUBVENTIONS_HEADER, subventions_rows(delibs), delimiter=";", newline="\r\n")
    return text.encode("cp1252")


# --------------------------------------------------------------------------------------
# 3. Équipements (scdl/equipements)
# --------------------------------------------------------------------------------------

ADM, JUS, SAN, SOC, SPO, ENS, CUL_TE, CULT, MOB, AUT = (
    "Equipement administratif", "Equipement de justice", "Equipement sanitaire", "Equipement social et d'animation",
    "Equipement sportif et de loisirs", "Equipement d'enseignement", "Equipement cultuel", "Equipement culturel",
    "Equipement de mobilité", "Autre équipement")

HOURS_MAIRIE = "Mo-Fr 08:30-12:00,13:30-17:30; Sa 09:00-12:00"
# (theme, code, type, name, number, street, erp type, erp category, hours, phone suffix, email, web path)
EQUIPMENTS = [
    (ADM, "01010401", "Mairie", "Hôtel de ville de Saint-Aubin-sur-Lérette", "1", "Place de la Mairie", "W", 4,
     HOURS_MAIRIE, "12340", "mairie", "/"),
    (ADM, "01010601", "Agence postale communale", "Agence postale communale", "12", "Grande Rue", "W", 5,
     "Tu-Fr 09:00-12:00; Sa 09:00-11:30", "12345", None, "/agence-postale"),
    (ADM, "01020301", "Centre technique municipal", "Centre technique municipal", "5", "Rue des Artisans", None, None,
     "Mo-Fr 07:30-12:00,13:30-16:30", "12350", "services-techniques", None),
    (ADM, "01030101", "Espace France services", "Espace France services de la Lérette", "3", "Place de la Mairie", "W", 5,
     "Mo,We,Fr 09:00-12:00,14:00-17:00", "12342", "france-services", "/france-services"),
    (ADM, "01040201", "Halle de marché", "Halle du marché", "2", "Place de l'Église", "M", 5, "Sa 07:00-13:00",
     None, None, "/marche"),
    (JUS, "02020101", "Gendarmerie", "Brigade de gendarmerie de Saint-Aubin-sur-Lérette", "28", "Route de Blois", "W", 5,
     "Mo-Sa 08:00-12:00,14:00-18:00", "12700", None, None),
    (JUS, "02030101", "Police municipale", "Poste de police municipale", "14", "Grande Rue", "W", 5,
     "Mo-Fr 08:30-12:00", "12348", "police-municipale", None),
    (SAN, "03010301", "Maison de santé pluriprofessionnelle", "Maison de santé de la Lérette", "10", "Rue Pasteur", "U", 5,
     "Mo-Fr 08:00-19:30; Sa 08:30-12:00", "12400", None, None),
    (SAN, "03030101", "Centre d'incendie et de secours", "Centre d'incendie et de secours", "30", "Route de Blois", None, None,
     None, None, None, None),
    (SOC, "04010101", "Centre communal d'action sociale", "CCAS de Saint-Aubin-sur-Lérette", "1", "Place de la Mairie", "W", 4,
     "Mo,Th 09:00-12:00", "12341", "ccas", "/ccas"),
    (SOC, "04020201", "Multi-accueil petite enfance", "Multi-accueil Les P'tits Aubinois", "8", "Rue Jeanne-Bourgeois", "R", 5,
     "Mo-Fr 07:30-18:45", "12360", "multi-accueil", "/petite-enfance"),
    (SOC, "04020301", "Relais petite enfance", "Relais petite enfance de la Lérette", "8 bis", "Rue Jeanne-Bourgeois", "W", 5,
     "Tu,Th 13:30-17:30", "12361", "rpe", "/petite-enfance"),
    (SOC, "04030101", "Accueil de loisirs sans hébergement", "Accueil de loisirs Les Castors", "15", "Rue des Écoles", "R", 5,
     "Mo,Tu,Th,Fr 07:15-08:50,16:30-18:45; We 07:30-18:30", "12365", "periscolaire", "/enfance-jeunesse"),
    (SOC, "04040101", "Résidence autonomie", "Résidence autonomie Les Glycines", "3", "Allée des Tilleuls", "J", 4,
     None, "12370", "residence-glycines", "/seniors"),
    (SOC, "04050101", "Maison des associations", "Maison des associations", "6", "Rue Pasteur", "L", 5, None, None,
     None, "/associations"),
    (SOC, "04050201", "Salle des fêtes", "Espace de la Lérette (salle des fêtes)", "2", "Rue de la Lérette", "L", 3, None,
     "12356", None, "/location-de-salles"),
    (SOC, "04050202", "Salle des fêtes", "Salle communale de la Brosse", "1", "Hameau de la Brosse", "L", 5, None, None,
     None, "/location-de-salles"),
    (ENS, "06010101", "École maternelle", "École maternelle publique Les Tilleuls", "9", "Allée des Tilleuls", "R", 4,
     "Mo,Tu,Th,Fr 08:50-11:50,13:30-16:30", "12380", None, "/ecoles"),
    (ENS, "06010201", "École élémentaire", "École élémentaire publique Marie-Curie", "11", "Rue des Écoles", "R", 4,
     "Mo,Tu,Th,Fr 08:45-12:00,13:30-16:15", "12381", None, "/ecoles"),
    (ENS, "06010301", "Restaurant scolaire", "Restaurant scolaire municipal", "13", "Rue des Écoles", "N", 4,
     "Mo,Tu,Th,Fr 11:30-13:30", "12382", "restauration-scolaire", "/restauration-scolaire"),
    (ENS, "06020101", "Collège", "Collège du Val de Lérette", "40", "Route de Blois", "R", 3, None, "12500", None, None),
    (CULT, "07010101", "Médiathèque", "Médiathèque Jeanne-Bourgeois", "1", "Rue Jeanne-Bourgeois", "S", 5,
     "Tu 15:00-18:30; We 10:00-12:30,14:00-18:30; Fr 15:00-18:30; Sa 10:00-12:30,14:00-17:00", "12395",
     "mediatheque", "/mediatheque"),
    (CULT, "07020101", "École de musique", "École municipale de musique", "3", "Rue Jeanne-Bourgeois", "R", 5,
     "Mo-Fr 16:30-20:00; We 13:30-19:00", "12390", "ecole-musique", "/ecole-de-musique"),
    (CULT, "07030101", "Salle de spectacle", "Espace culturel La Grange", "22", "Grande Rue", "L", 4, None, "12396",
     None, "/la-grange"),
    (CULT, "07040101", "Musée", "Maison du patrimoine solognot", "30", "Grande Rue", "Y", 5,
     "Jul-Aug We-Su 14:30-18:30", None, None, "/patrimoine"),
    (CUL_TE, "08010101", "Église", "Église Saint-Aubin", "4", "Place de l'Église", "V", 3, None, None, None, "/patrimoine"),
    (CUL_TE, "08010201", "Chapelle", "Chapelle Saint-Roch de la Brosse", "3", "Hameau de la Brosse", "V", 5, None, None,
     None, "/patrimoine"),
    (SPO, "05010101", "Gymnase", "Gymnase municipal Roger-Mercier", "4", "Rue du Stade", "X", 3,
     "Mo-Fr 08:00-22:00; Sa 09:00-18:00", "12355", None, "/sports"),
    (SPO, "05010201", "Dojo", "Dojo municipal", "2", "Rue du Stade", "X", 5, None, None, None, "/sports"),
    (SPO, "05020101", "Terrain de football", "Stade municipal (terrain d'honneur)", "6", "Rue du Stade", "PA", 4, None,
     None, None, "/sports"),
    (SPO, "05020102", "Terrain de football", "Terrain de football annexe", "8", "Rue du Stade", "PA", 5, None, None,
     None, "/sports"),
    (SPO, "05030101", "Court de tennis", "Courts de tennis extérieurs", "10", "Rue du Stade", "PA", 5, None, None, None,
     "/sports"),
    (SPO, "05030201", "Salle de tennis", "Salle de tennis couverte", "12", "Rue du Stade", "X", 5, None, None, None,
     "/sports"),
    (SPO, "05040101", "Plateau multisports", "City-stade des Prés", "1", "Chemin des Prés", "PA", 5, None, None, None,
     "/sports"),
    (SPO, "05040201", "Skatepark", "Skatepark des Prés", "3", "Chemin des Prés", "PA", 5, None, None, None, "/sports"),
    (SPO, "05050101", "Boulodrome", "Boulodrome couvert", "5", "Chemin des Prés", "X", 5, None, None, None, "/sports"),
    (SPO, "05060101", "Base de loisirs", "Base de loisirs du plan d'eau de la Noue", "1", "Chemin de l'Étang", "PA", 4,
     "Apr-Oct 08:00-21:00", None, None, "/plan-d-eau"),
    (SPO, "05060201", "Parcours sportif", "Parcours de santé du Bois-Brûlé", "50", "Route de Romorantin", None, None,
     None, None, None, None),
    (SPO, "05070101", "Aire de jeux", "Aire de jeux du square des Tilleuls", "1", "Allée des Tilleuls", None, None, None,
     None, None, None),
    (SPO, "05070102", "Aire de jeux", "Aire de jeux de la place de l'Église", "1", "Place de l'Église", None, None, None,
     None, None, None),
    (MOB, "09010101", "Aire de covoiturage", "Aire de covoiturage de la route de Blois", "55", "Route de Blois", None,
     None, None, None, None, None),
    (MOB, "09020101", "Parc de stationnement", "Parking de la Lérette", "4", "Rue de la Lérette", None, None, None, None,
     None, None),
    (AUT, "10010101", "Cimetière", "Cimetière communal", "1", "Chemin du Cimetière", None, None,
     "Apr-Sep 08:00-20:00; Oct-Mar 08:30-17:30", None, None, "/cimetiere"),
    (AUT, "10020101", "Déchèterie", "Déchèterie intercommunale des Artisans", "12", "Rue des Artisans", None, None,
     "Mo,We,Fr,Sa 09:00-12:00,14:00-18:00", None, None, None),
    # Opened in September 2026 in the former bakery bought in 2023 (listed last so the others keep their draws).
    (SOC, "04050301", "Tiers-lieu", "Tiers-lieu L'Ancienne Boulangerie", "18", "Grande Rue", "L", 5,
     "Tu-Fr 09:00-18:00; Sa 09:00-12:30", "12347", "tiers-lieu", "/tiers-lieu"),
]

EQUIP_HEADER = ["COLL_NOM", "COLL_SIRET", "EQUIP_UID", "EQUIP_THEME", "EQUIP_CODE", "EQUIP_TYPE", "EQUIP_NOM",
                "ADR_NUMERO", "ADR_NOMVOIE", "ADR_CODEPOSTAL", "ADR_COMMUNE", "ADR_CLE_INTEROP", "ERP_ID", "ERP_TYPE",
                "ERP_CATEGORIE", "EQUIP_LAT", "EQUIP_LONG", "EQUIP_OUVERTURE", "EQUIP_TEL", "EQUIP_EMAIL", "EQUIP_WEB"]


def equipment_points() -> dict[str, tuple[float, float]]:
    """Coordinates of every facility, by name (shared by the bike-parking and fountain files)."""
    rng = random.Random(SEED + "-equipements")
    return {e[3]: address_point(rng, e[5], spread=45) for e in EQUIPMENTS}


def _camel(text: str) -> str:
    """'Place de l'Église' -> 'PlaceDeLEglise' (ASCII letters and digits only)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", ascii_text))


def equipements_csv() -> str:
    points = equipment_points()
    counters: dict[str, int] = {}
    rows = []
    for theme, code, kind, name, number, street, erp_type, erp_cat, hours, phone, email, web in EQUIPMENTS:
        counters[code] = counters.get(code, 0) + 1
        equip_code = f"{code}-{counters[code]:03d}"
        num, _, suffix = number.partition(" ")
        key = f"{INSEE}_{STREETS[street].fantoir}_{int(num):05d}{'_' + suffix if suffix else ''}".lower()
        erp_id = f"{INSEE}-{_camel(street)}-{num}{suffix}" if erp_type else ""
        lat, lon = points[name]
        rows.append([COMMUNE_LONG, SIRET, f"{INSEE}-{equip_code}", theme, equip_code, kind, name, number, street,
                     POSTCODE, COMMUNE, key, erp_id, erp_type or "", erp_cat or "", f"{lat:.6f}", f"{lon:.6f}",
                     hours or "", f"+33 2548{phone}" if phone else "", f"{email}@{DOMAIN}" if email else "",
                     f"{WWW}{web}" if web else ""])
    return csv_text(EQUIP_HEADER, rows)


# --------------------------------------------------------------------------------------
# 4. Budget (scdl/budget)
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BudgetLine:
    section: str          # fonctionnement | investissement
    codrd: str            # dépense | recette
    chapter: str
    chapter_label: str
    nature: str
    nature_label: str
    function: str
    function_label: str
    amount_2021: float    # voted amount (budget primitif) in 2021
    growth: float         # yearly growth
    kind: str = "réel"    # réel | ordre
    bp_only: bool = False  # transfers and carried-over results exist only in the voted budget
    operation: str = ""
    years: tuple[int, ...] = (2021, 2022, 2023, 2024, 2025, 2026)
    voted: tuple[tuple[int, float], ...] = ()  # (year, amount) replacing the growth formula for those years


F, I, D, R = "fonctionnement", "investissement", "dépense", "recette"
ADMIN = ("020", "Administration générale de la collectivité")
NONVENT = ("01", "Opérations non ventilables")
SCHOOLS = ("212", "Écoles primaires")
MATERNELLE = ("211", "Écoles maternelles")
CANTINE = ("251", "Hébergement et restauration scolaires")
SPORT = ("411", "Salles de sports, gymnases")
VOIRIE = ("822", "Voirie communale et routes")
CULTURE = ("321", "Bibliothèques et médiathèques")
SOCIAL = ("520", "Interventions sociales")
ASSOC = ("025", "Aides aux associations")
ECLAIRAGE = ("814", "Éclairage public")
URBA = ("820", "Services communs (aménagement urbain)")
INCENDIE = ("113", "Pompiers, incendies et secours")
CULTURE_COMMON = ("30", "Services communs (culture)")

BUDGET_YEARS = (2021, 2022, 2023, 2024, 2025, 2026)
ACCOUNT_YEARS = (2021, 2022, 2023, 2024, 2025)  # the compte administratif 2026 is voted in spring 2027

BUDGET_LINES = [
    BudgetLine(F, D, "011", "Charges à caractère général", "60612", "Énergie - Électricité", *ADMIN, 98000, 0.18),
    BudgetLine(F, D, "011", "Charges à caractère général", "60621", "Combustibles", *SCHOOLS, 52000, 0.22),
    BudgetLine(F, D, "011", "Charges à caractère général", "60611", "Eau et assainissement", *ADMIN, 14500, 0.03),
    BudgetLine(F, D, "011", "Charges à caractère général", "6042", "Achats de prestations de services",
               *CANTINE, 158000, 0.05),
    BudgetLine(F, D, "011", "Charges à caractère général", "60632", "Fournitures de petit équipement",
               *ADMIN, 36000, 0.02),
    BudgetLine(F, D, "011", "Charges à caractère général", "6067", "Fournitures scolaires", *SCHOOLS, 17500, 0.02),
    BudgetLine(F, D, "011", "Charges à caractère général", "615221", "Entretien et réparations bâtiments publics",
               *ADMIN, 68000, 0.04),
    BudgetLine(F, D, "011", "Charges à caractère général", "615231", "Entretien et réparations voiries",
               *VOIRIE, 45000, 0.03),
    BudgetLine(F, D, "011", "Charges à caractère général", "6156", "Maintenance", *ADMIN, 27000, 0.05),
    BudgetLine(F, D, "011", "Charges à caractère général", "616", "Primes d'assurances", *ADMIN, 24000, 0.06),
    BudgetLine(F, D, "011", "Charges à caractère général", "6232", "Fêtes et cérémonies", *ADMIN, 16000, 0.02),
    BudgetLine(F, D, "011", "Charges à caractère général", "6262", "Frais de télécommunications", *ADMIN, 9800, -0.02),
    BudgetLine(F, D, "012", "Charges de personnel et frais assimilés", "64111", "Rémunération principale",
               *ADMIN, 880000, 0.035),
    BudgetLine(F, D, "012", "Charges de personnel et frais assimilés", "64131", "Rémunérations (personnel non titulaire)",
               *ADMIN, 165000, 0.04),
    BudgetLine(F, D, "012", "Charges de personnel et frais assimilés", "6451", "Cotisations à l'URSSAF",
               *ADMIN, 172000, 0.035),
    BudgetLine(F, D, "012", "Charges de personnel et frais assimilés", "6453", "Cotisations aux caisses de retraite",
               *ADMIN, 238000, 0.04),
    BudgetLine(F, D, "014", "Atténuations de produits", "739223",
               "Fonds de péréquation des ressources communales et intercommunales", *NONVENT, 14500, 0.01),
    BudgetLine(F, D, "65", "Autres charges de gestion courante", "6531", "Indemnités des élus", *ADMIN, 61000, 0.03),
    BudgetLine(F, D, "65", "Autres charges de gestion courante", "6553", "Service d'incendie", *INCENDIE, 98000, 0.03),
    BudgetLine(F, D, "65", "Autres charges de gestion courante", "657362", "Subvention de fonctionnement au CCAS",
               *SOCIAL, 27000, 0.02),
    BudgetLine(F, D, "65", "Autres charges de gestion courante", "6574",
               "Subventions de fonctionnement aux associations et autres personnes de droit privé",
               *ASSOC, 42000, 0.02),
    BudgetLine(F, D, "66", "Charges financières", "66111", "Intérêts réglés à l'échéance", *NONVENT, 46000, -0.06),
    BudgetLine(F, D, "67", "Charges exceptionnelles", "673", "Titres annulés (sur exercices antérieurs)",
               *NONVENT, 3000, 0.0),
    BudgetLine(F, D, "042", "Opérations d'ordre de transfert entre sections", "6811",
               "Dotations aux amortissements des immobilisations", *NONVENT, 178000, 0.03, kind="ordre"),
    BudgetLine(F, D, "023", "Virement à la section d'investissement", "023", "Virement à la section d'investissement",
               *NONVENT, 0, 0.0, kind="ordre", bp_only=True),
    BudgetLine(F, R, "013", "Atténuations de charges", "6419", "Remboursements sur rémunérations du personnel",
               *ADMIN, 32000, 0.0),
    BudgetLine(F, R, "70", "Produits des services, du domaine et ventes diverses", "7067",
               "Redevances et droits des services périscolaires et d'enseignement", *CANTINE, 205000, 0.04),
    BudgetLine(F, R, "70", "Produits des services, du domaine et ventes diverses", "70323",
               "Redevance d'occupation du domaine public communal", *ADMIN, 6200, 0.02),
    BudgetLine(F, R, "70", "Produits des services, du domaine et ventes diverses", "7062",
               "Redevances et droits des services à caractère culturel", *CULTURE, 7400, 0.03),
    BudgetLine(F, R, "73", "Impôts et taxes", "73111", "Impôts directs locaux", *NONVENT, 1480000, 0.04),
    BudgetLine(F, R, "73", "Impôts et taxes", "73211", "Attribution de compensation", *NONVENT, 312000, 0.0),
    BudgetLine(F, R, "73", "Impôts et taxes", "7381", "Taxe additionnelle aux droits de mutation", *NONVENT,
               95000, -0.04),
    BudgetLine(F, R, "74", "Dotations, subventions et participations", "7411", "Dotation forfaitaire",
               *NONVENT, 468000, -0.005),
    BudgetLine(F, R, "74", "Dotations, subventions et participations", "74121", "Dotation de solidarité rurale",
               *NONVENT, 186000, 0.05),
    BudgetLine(F, R, "74", "Dotations, subventions et participations", "74127", "Dotation nationale de péréquation",
               *NONVENT, 61000, 0.0),
    BudgetLine(F, R, "74", "Dotations, subventions et participations", "7478", "Participations d'autres organismes",
               *MATERNELLE, 58000, 0.03),
    BudgetLine(F, R, "75", "Autres produits de gestion courante", "752", "Revenus des immeubles", *ADMIN, 48000, 0.03),
    BudgetLine(F, R, "002", "Résultat de fonctionnement reporté", "002", "Résultat de fonctionnement reporté",
               *NONVENT, 180000, 0.04, bp_only=True),
    BudgetLine(I, D, "16", "Emprunts et dettes assimilées", "1641", "Emprunts en euros", *NONVENT, 212000, 0.05),
    BudgetLine(I, D, "20", "Immobilisations incorporelles", "202",
               "Frais liés à la réalisation des documents d'urbanisme", *URBA, 18000, 0.0, years=(2021, 2022)),
    BudgetLine(I, D, "21", "Immobilisations corporelles", "2183", "Matériel de bureau et matériel informatique",
               *ADMIN, 22000, 0.02),
    BudgetLine(I, D, "21", "Immobilisations corporelles", "2188", "Autres immobilisations corporelles", *ADMIN,
               48000, 0.03),
    BudgetLine(I, D, "21", "Immobilisations corporelles", "2152", "Installations de voirie", *ECLAIRAGE, 64000, 0.1),
    BudgetLine(I, D, "21", "Immobilisations corporelles", "2151", "Réseaux de voirie", *VOIRIE, 230000, 0.04),
    BudgetLine(I, D, "21", "Immobilisations corporelles", "21318", "Autres bâtiments publics", *ADMIN, 95000, 0.03),
    BudgetLine(I, D, "21", "Immobilisations corporelles", "2128", "Autres agencements et aménagements de terrains",
               *VOIRIE, 185000, 0.0, operation="Voie verte de la Lérette", years=(2021,)),
    BudgetLine(I, D, "23", "Immobilisations en cours", "2313", "Constructions", *SCHOOLS, 440000, 0.0,
               operation="Rénovation énergétique de l'école élémentaire Marie-Curie", years=(2022, 2023)),
    BudgetLine(I, D, "23", "Immobilisations en cours", "2313", "Constructions", *SPORT, 260000, 0.0,
               operation="Rénovation du gymnase municipal Roger-Mercier", years=(2023, 2024)),
    BudgetLine(I, D, "23", "Immobilisations en cours", "2315", "Installations, matériel et outillage techniques",
               *VOIRIE, 290000, 0.0, operation="Aménagement du centre-bourg", years=(2021, 2023, 2024)),
    BudgetLine(I, D, "23", "Immobilisations en cours", "2315", "Installations, matériel et outillage techniques",
               *VOIRIE, 0, 0.0, operation="Liaison cyclable du bourg au hameau du Chêne-Rond", years=(2025, 2026),
               voted=((2025, 365000), (2026, 95000))),
    BudgetLine(I, D, "23", "Immobilisations en cours", "2313", "Constructions", *CULTURE_COMMON, 0, 0.0,
               operation="Tiers-lieu de l'ancienne boulangerie", years=(2025, 2026),
               voted=((2025, 60000), (2026, 410000))),
    BudgetLine(I, R, "10", "Dotations, fonds divers et réserves", "10222", "Fonds de compensation de la TVA",
               *NONVENT, 96000, 0.08),
    BudgetLine(I, R, "10", "Dotations, fonds divers et réserves", "10226", "Taxe d'aménagement", *NONVENT, 21000, 0.03),
    BudgetLine(I, R, "10", "Dotations, fonds divers et réserves", "1068", "Excédents de fonctionnement capitalisés",
               *NONVENT, 0, 0.0),
    BudgetLine(I, R, "13", "Subventions d'investissement", "1341", "Dotation d'équipement des territoires ruraux",
               *SCHOOLS, 132000, 0.0, years=(2022, 2023, 2024)),
    BudgetLine(I, R, "13", "Subventions d'investissement", "1323", "Subventions d'équipement des départements",
               *VOIRIE, 74000, 0.05),
    BudgetLine(I, R, "13", "Subventions d'investissement", "1321", "Subventions d'équipement de l'État (fonds vert)",
               *VOIRIE, 0, 0.0, years=(2025, 2026), voted=((2025, 146000), (2026, 38000))),
    BudgetLine(I, R, "13", "Subventions d'investissement", "1341", "Dotation d'équipement des territoires ruraux",
               *CULTURE_COMMON, 0, 0.0, years=(2026,), voted=((2026, 123000),)),
    BudgetLine(I, R, "16", "Emprunts et dettes assimilées", "1641", "Emprunts en euros", *NONVENT, 400000, 0.0,
               years=(2023,)),
    BudgetLine(I, R, "040", "Opérations d'ordre de transfert entre sections", "28188",
               "Amortissements des autres immobilisations corporelles", *NONVENT, 178000, 0.03, kind="ordre"),
    BudgetLine(I, R, "021", "Virement de la section de fonctionnement", "021", "Virement de la section de fonctionnement",
               *NONVENT, 0, 0.0, kind="ordre", bp_only=True),
]

BUDGET_HEADER = ["BGT_NATDEC", "BGT_ANNEE", "BGT_SIRET", "BGT_NOM", "BGT_CONTNAT", "BGT_CONTNAT_LABEL", "BGT_NATURE",
                 "BGT_NATURE_LABEL", "BGT_FONCTION", "BGT_FONCTION_LABEL", "BGT_OPERATION", "BGT_SECTION",
                 "BGT_OPBUDG", "BGT_CODRD", "BGT_MTREAL", "BGT_MTBUDGPREC", "BGT_MTRARPREC", "BGT_MTPROPNOUV",
                 "BGT_MTPREV", "BGT_CREDOUV", "BGT_MTRAR3112", "BGT_ARTSPE"]


BALANCING = {"023", "021", "1068"}  # set so that each section of the budget primitif is balanced


def _balance(entries: list[dict]) -> None:
    """Set the transfer between sections (023/021) and the capitalised surplus (1068) so that the
    voted budget is balanced: in each section, expenses equal receipts (new credits + carried over)."""
    def total(section: str, codrd: str, skip: set[str]) -> float:
        return sum(e["proposed"] + e["carried"] for e in entries
                   if e["line"].section == section and e["line"].codrd == codrd and e["line"].nature not in skip)

    by_nature = {e["line"].nature + e["line"].codrd: e for e in entries}
    transfer = total(F, R, set()) - total(F, D, {"023"})
    assert transfer > 0, "the operating section cannot fund investment"
    by_nature["023" + D]["proposed"] = by_nature["021" + R]["proposed"] = round(transfer, 2)
    surplus = total(I, D, set()) - total(I, R, {"1068"})
    assert surplus > 0, "1068 would be negative: raise investment expenses"
    by_nature["1068" + R]["proposed"] = round(surplus, 2)


def budget_csv(grants: dict[int, tuple[float, float]]) -> str:
    """Budget primitif 2021-2026 and compte administratif 2021-2025 of the budget principal, by nature.

    ``grants`` gives, per year, the grant to the CCAS and the total of the grants to associations (see
    ``grant_totals``): the budget primitif opens at least these credits on articles 657362 and 6574, and the
    compte administratif shows them as paid."""
    rng = random.Random(SEED + "-budget")
    rows = []
    voted: dict[tuple[int, int], float] = {}
    rar: dict[tuple[int, int], float] = {}
    for year in BUDGET_YEARS:  # one random stream, year after year: a new year leaves the earlier ones as they were
        ccas_grant, association_grants = grants[year]
        entries = []
        for index, line in enumerate(BUDGET_LINES):
            if year not in line.years:
                continue
            amount = dict(line.voted).get(year, line.amount_2021 * (1 + line.growth) ** (year - 2021))
            base = amount * rng.uniform(0.97, 1.03)
            if line.nature == "60612" and year >= 2023:
                base *= 1.25  # energy prices
            proposed = round(base, -2)
            if line.nature == "657362":
                proposed = ccas_grant
            elif line.nature == "6574":
                proposed = max(proposed, math.ceil(association_grants / 100) * 100)
            entries.append({"index": index, "line": line, "proposed": proposed,
                            "previous": voted.get((year - 1, index)), "carried": rar.get((year - 1, index), 0.0)})
        _balance(entries)
        bp_rows, ca_rows = [], []
        for e in entries:
            line, proposed, previous, carried = e["line"], e["proposed"], e["previous"], e["carried"]
            voted[(year, e["index"])] = proposed
            common = [COMMUNE_LONG, line.chapter, line.chapter_label, line.nature, line.nature_label,
                      line.function, line.function_label, line.operation, line.section, line.kind, line.codrd]
            bp_rows.append(["budget primitif", str(year), SIRET, *common, "",
                            money(previous) if previous is not None else "",
                            money(carried) if carried else "", money(proposed), "",
                            money(proposed + carried), "", "non spécialisé"])
            if line.bp_only or year not in ACCOUNT_YEARS:
                continue
            amended = proposed if line.nature in BALANCING else round(proposed * rng.uniform(1.0, 1.05), 2)
            forecast = amended + carried
            if line.section == F:
                ratio = rng.uniform(0.90, 0.99) if line.codrd == D else rng.uniform(0.99, 1.06)
                realised, remaining = forecast * ratio, 0.0
            else:
                ratio = rng.uniform(0.55, 0.95) if line.codrd == D else rng.uniform(0.6, 1.0)
                if line.nature in ("1641", "1068", "10222") or line.kind == "ordre":
                    ratio = 1.0
                realised = forecast * ratio
                remaining = round((forecast - realised) * rng.uniform(0.4, 0.9), 2) if ratio < 1 else 0.0
            if line.nature == "657362":
                realised = ccas_grant  # the grants voted in March are all paid within the year
            elif line.nature == "6574":
                realised = association_grants
            if remaining:
                rar[(year, e["index"])] = remaining
            ca_rows.append(["compte administratif", str(year), SIRET, *common, money(realised), "",
                            money(carried) if carried else "", "", money(forecast), money(forecast),
                            money(remaining) if remaining else "", "non spécialisé"])
        rows += bp_rows + ca_rows
    return csv_text(BUDGET_HEADER, rows)


# --------------------------------------------------------------------------------------
# 5. Prénoms (scdl/prenoms)
# --------------------------------------------------------------------------------------

BOYS = ["Gabriel", "Léo", "Raphaël", "Arthur", "Louis", "Jules", "Adam", "Maël", "Lucas", "Hugo", "Noah", "Liam",
        "Gabin", "Sacha", "Paul", "Nathan", "Aaron", "Ethan", "Tom", "Léon", "Timéo", "Noé", "Malo", "Nino",
        "Axel", "Victor", "Martin", "Mathis", "Théo", "Nolan", "Marius", "Isaac", "Naël", "Antoine", "Valentin",
        "Baptiste", "Côme", "Augustin", "Jean-Baptiste", "Eliott", "Robin", "Clément"]
GIRLS = ["Jade", "Louise", "Emma", "Ambre", "Alice", "Rose", "Lina", "Mia", "Léna", "Anna", "Chloé", "Inès",
         "Léa", "Julia", "Mila", "Agathe", "Zoé", "Juliette", "Manon", "Lou", "Romane", "Léonie", "Iris", "Jeanne",
         "Nina", "Camille", "Lucie", "Margaux", "Capucine", "Adèle", "Victoire", "Maëlys", "Héloïse", "Anaïs",
         "Éléonore", "Clémence", "Marie-Lou", "Apolline", "Salomé", "Élise"]

PRENOMS_YEARS = range(2015, 2026)  # the births of a year are counted in January of the next one
PRENOMS_HEADER = ["COMMUNE_NOM", "COLL_INSEE", "ENFANT_SEXE", "ENFANT_PRENOM", "NOMBRE_OCCURRENCES", "ANNEE"]


def prenoms_csv() -> str:
    rng = random.Random(SEED + "-prenoms")
    rows = []
    for year in PRENOMS_YEARS:  # one random stream, year after year: a new year leaves the earlier ones as they were
        births = round(46 - 0.8 * (year - 2015) + rng.uniform(-4, 4))
        for sex, names in (("F", GIRLS), ("M", BOYS)):
            count = births // 2 + (rng.randint(-3, 3))
            weights = [1 / (1 + i) ** 0.7 for i in range(len(names))]
            shifted = names[(year - 2015) % 5:] + names[:(year - 2015) % 5]  # fashions change
            drawn: dict[str, int] = {}
            for name in rng.choices(shifted, weights=weights, k=count):
                drawn[name] = drawn.get(name, 0) + 1
            for name, n in sorted(drawn.items(), key=lambda kv: (-kv[1], kv[0])):
                rows.append([COMMUNE, INSEE, sex, name, n, year])
    return csv_text(PRENOMS_HEADER, rows)


# --------------------------------------------------------------------------------------
# 6. Menus de la restauration scolaire (scdl/menus-collectifs)
# --------------------------------------------------------------------------------------

BIO, AOP, LR = "agriculture biologique", "appellation d'origine protégée", "label rouge"
GLUTEN, OEUFS, POISSONS, LAIT, CELERI, MOUTARDE, FRUITS_COQUE, SULFITES, SOJA = (
    "céréales contenant du gluten", "oeufs", "poissons", "lait", "céleri", "moutarde", "fruits à coques",
    "anhydride sulfureux et sulfites", "soja")
LOCAL_FARM = "GAEC de la Brosse"
LOCAL_DAIRY = "Fromagerie du Chêne-Rond"

# (name, siqo, label, allergens)
STARTERS = [
    ("carottes râpées vinaigrette", [BIO], "", [MOUTARDE]),
    ("salade de lentilles aux échalotes", [], "", [MOUTARDE]),
    ("betteraves vinaigrette", [], "", [MOUTARDE]),
    ("concombre à la crème", [], "", [LAIT]),
    ("potage de légumes du jardin", [BIO], LOCAL_FARM, [CELERI]),
    ("taboulé à la menthe", [], "", [GLUTEN]),
    ("céleri rémoulade", [], "", [CELERI, OEUFS, MOUTARDE]),
    ("salade de pâtes au thon", [], "", [GLUTEN, POISSONS, OEUFS]),
    ("oeuf dur mayonnaise", [], "", [OEUFS, MOUTARDE]),
    ("salade verte aux croûtons", [], "", [GLUTEN]),
    ("velouté de potiron", [BIO], LOCAL_FARM, [LAIT]),
    ("radis beurre", [], "", [LAIT]),
]
MAINS = [
    ("poulet rôti aux herbes", [LR], "", []),
    ("sauté de porc au caramel", [], "", [SOJA]),
    ("boeuf bourguignon", [], "", [SULFITES]),
    ("filet de lieu sauce citron", [], "", [POISSONS, LAIT]),
    ("lasagnes à la bolognaise", [], "", [GLUTEN, LAIT, OEUFS]),
    ("hachis parmentier", [], "", [LAIT]),
    ("blanquette de veau à l'ancienne", [], "", [LAIT, GLUTEN]),
    ("rôti de dinde au jus", [], "", []),
    ("poisson pané et citron", [], "", [POISSONS, GLUTEN]),
    ("saucisse de volaille grillée", [], "", []),
    ("sauté de boeuf aux olives", [], "", []),
    ("cuisse de canette aux pommes", [], "", []),
]
VEGETARIAN_MAINS = [
    ("dahl de lentilles corail au lait de coco", [BIO], "", []),
    ("gratin de pâtes aux légumes", [], "", [GLUTEN, LAIT]),
    ("boulettes de pois chiches sauce tomate", [], "", [GLUTEN]),
    ("quiche aux poireaux", [], "", [GLUTEN, OEUFS, LAIT]),
    ("chili sin carne", [BIO], "", []),
    ("omelette aux fines herbes", [BIO], LOCAL_FARM, [OEUFS]),
    ("galette de sarrasin aux champignons", [], "", [LAIT, OEUFS]),
]
SIDES = [
    ("haricots verts persillés", [], "", []),
    ("riz pilaf", [], "", []),
    ("purée de pommes de terre", [BIO], LOCAL_FARM, [LAIT]),
    ("frites", [], "", []),
    ("semoule aux légumes", [], "", [GLUTEN, CELERI]),
    ("petits pois et carottes", [], "", []),
    ("gratin de chou-fleur", [], "", [LAIT]),
    ("coquillettes", [BIO], "", [GLUTEN]),
    ("lentilles vertes", [], "", []),
    ("poêlée de légumes d'automne", [BIO], LOCAL_FARM, []),
]
CHEESES = [
    ("yaourt nature", [BIO], LOCAL_DAIRY, [LAIT]),
    ("emmental", [], "", [LAIT]),
    ("camembert", [], "", [LAIT]),
    ("fromage blanc", [BIO], LOCAL_DAIRY, [LAIT]),
    ("selles-sur-cher", [AOP], "", [LAIT]),
    ("petit suisse", [], "", [LAIT]),
    ("coulommiers", [], "", [LAIT]),
]
DESSERTS = [
    ("pomme", [BIO], LOCAL_FARM, []),
    ("poire", [], LOCAL_FARM, []),
    ("compote de pommes", [BIO], "", []),
    ("banane", [], "", []),
    ("clémentine", [], "", []),
    ("crème dessert au chocolat", [], "", [LAIT]),
    ("gâteau au yaourt maison", [], "", [GLUTEN, OEUFS, LAIT]),
    ("kiwi", [BIO], "", []),
    ("tarte aux pommes", [], "", [GLUTEN, OEUFS, LAIT]),
    ("riz au lait", [], "", [LAIT]),
    ("raisin", [], "", []),
    ("moelleux aux noix", [], "", [GLUTEN, OEUFS, LAIT, FRUITS_COQUE]),
]

MENUS_HEADER = ["menuCollNom", "menuCollSiret", "menuEtablissementNom", "menuEtablissementSiret", "menuRestaurantNom",
                "menuRestaurantInsee", "menuRestaurantId", "menuRestaurantIdType", "menuRestaurantType",
                "menuRestaurantConvive", "menuDate", "menuRepasType", "menuPlatType", "menuPlatNom", "menuPlatCode",
                "menuPlatSiqo", "menuPlatLabel", "menuPlatPrecision", "menuPlatRegime", "menuPlatAllergene",
                "menuPlatTexture", "menuPlatNutriscore", "menuPlatPrix", "menuPublicationDate",
                "menuModificationDate", "menuModificationInfo"]

# The file holds the menus published so far in the school year 2026-2027: the menus of a month are published a
# few days before it starts, so on 26 November 2026 those of December are not out yet.
MENUS_FIRST_DAY = dt.date(2026, 9, 1)   # la rentrée
MENUS_LAST_DAY = dt.date(2026, 11, 30)
MENUS_PUBLISHED_DAYS_BEFORE = 3
# School holidays of zone B, and public holidays falling on a school day.
NO_SCHOOL = [(dt.date(2026, 10, 17), dt.date(2026, 11, 1)), (dt.date(2026, 11, 11), dt.date(2026, 11, 11)),
             (dt.date(2026, 12, 19), dt.date(2027, 1, 3))]
TASTE_WEEK = (dt.date(2026, 10, 12), dt.date(2026, 10, 16))  # la semaine du goût
LATE_CHANGE = dt.date(2026, 11, 19)  # a dish replaced two days before (delivery problem)


def school_days(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day <= end:
        if day.weekday() in (0, 1, 3, 4) and not any(a <= day <= b for a, b in NO_SCHOOL):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _json_list(values: list[str]) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")) if values else ""


def menus_csv() -> str:
    rng = random.Random(SEED + "-menus")
    restaurants = [("Restaurant scolaire Marie-Curie (élémentaire)", "élémentaire", "CP;CE1;CE2;CM1;CM2"),
                   ("Restaurant scolaire Les Tilleuls (maternelle)", "maternelle",
                    "petite section;moyenne section;grande section")]
    codes: dict[str, str] = {}

    def code_of(name: str) -> str:
        if name not in codes:
            codes[name] = f"SAL{len(codes) + 1:04d}"
        return codes[name]

    rows = []
    days = school_days(MENUS_FIRST_DAY, MENUS_LAST_DAY)
    menus = {}
    for day in days:
        vegetarian = day.weekday() == 3  # the weekly vegetarian menu, on Thursdays
        starters = [s for s in STARTERS if POISSONS not in s[3]] if vegetarian else STARTERS
        dishes = [("entrée", rng.choice(starters), []),
                  ("plat principal", rng.choice(VEGETARIAN_MAINS if vegetarian else MAINS),
                   ["végétarien"] if vegetarian else []),
                  ("garniture", rng.choice(SIDES), []),
                  ("produit laitier", rng.choice(CHEESES), []),
                  ("dessert", rng.choice(DESSERTS), [])]
        menus[day] = dishes
    changed = LATE_CHANGE
    assert changed in days
    for restaurant, kind, guests in restaurants:
        for day in days:
            month_start = day.replace(day=1)
            published = (month_start - dt.timedelta(days=MENUS_PUBLISHED_DAYS_BEFORE)).isoformat() + "T10:00:00Z"
            for course, (name, siqo, label, allergens), regime in menus[day]:
                modified, info = "", ""
                if day == changed and course == "dessert":
                    name, siqo, label, allergens = "compote de pommes", [BIO], "", []
                    modified = (day - dt.timedelta(days=2)).isoformat() + "T15:20:00Z"
                    info = "fruit remplacé suite à un aléa de livraison"
                precision = "semaine du goût" if TASTE_WEEK[0] <= day <= TASTE_WEEK[1] else ""
                rows.append([COMMUNE_LONG, SIRET, "Service de restauration scolaire de Saint-Aubin-sur-Lérette",
                             SIRET_RESTAURATION, restaurant, INSEE, "", "sans", kind, guests, day.isoformat(),
                             "déjeuner", course, name, code_of(name), _json_list(siqo), label, precision,
                             _json_list(regime), _json_list(allergens), "", "", "", published, modified, info])
    return csv_text(MENUS_HEADER, rows)


# --------------------------------------------------------------------------------------
# 7. Aménagements cyclables (GeoJSON LineStrings)
# --------------------------------------------------------------------------------------

# (id, name, type, surface, year, managed by, waypoints in metres from the mairie)
CYCLE_ROUTES = [
    ("SAL-CY-01", "Voie verte de la Lérette", "voie verte", "sable stabilisé", 2021,
     [(-2300, -1200), (-1700, -1050), (-1150, -820), (-720, -600), (-300, -330), (150, -280), (700, -420),
      (1300, -600), (1900, -900)]),
    ("SAL-CY-02", "Piste cyclable de la route de Blois", "piste cyclable bidirectionnelle", "enrobé", 2019,
     [(-180, 120), (-420, 230), (-700, 340), (-980, 440), (-1350, 590)]),
    ("SAL-CY-03", "Bandes cyclables de la rue des Écoles", "bande cyclable", "enrobé", 2020,
     [(-40, 40), (-150, 110), (-260, 185), (-330, 300)]),
    ("SAL-CY-04", "Liaison bourg – collège", "piste cyclable bidirectionnelle", "enrobé", 2022,
     [(-330, 300), (-560, 360), (-800, 390), (-900, 420)]),
    ("SAL-CY-05", "Chaussée à voie centrale banalisée de la route de Romorantin", "chaussée à voie centrale banalisée",
     "enrobé", 2023, [(200, -120), (430, -330), (640, -540), (820, -720), (1150, -1050)]),
    ("SAL-CY-06", "Boucle de la Brosse", "itinéraire jalonné sur voie partagée", "enrobé", 2018,
     [(-900, 420), (-1300, 800), (-1800, 1200), (-2400, 1500), (-2600, 1000), (-2300, 400), (-1350, 590)]),
    ("SAL-CY-07", "Accès au plan d'eau de la Noue", "voie verte", "sable stabilisé", 2021,
     [(-300, -330), (-450, -560), (-600, -780), (-720, -930)]),
    ("SAL-CY-08", "Zone de rencontre du centre-bourg", "zone de rencontre", "pavés", 2024,
     [(-60, -20), (0, 0), (140, 25), (260, 40)]),
    ("SAL-CY-09", "Double-sens cyclable de la rue Pasteur", "double sens cyclable", "enrobé", 2025,
     [(150, 30), (230, 75), (310, 120), (420, 190)]),
    ("SAL-CY-10", "Liaison cyclable du bourg au hameau du Chêne-Rond", "piste cyclable bidirectionnelle", "enrobé",
     2026, [(1150, -1050), (1430, -1270), (1760, -1530), (2100, -1800)]),
]


def cycle_geojson() -> str:
    features = []
    for ident, name, kind, surface, year, waypoints in CYCLE_ROUTES:
        coords = [[p[1], p[0]] for p in (to_latlon(e, n) for e, n in waypoints)]
        length = sum(haversine_m(tuple(a), tuple(b)) for a, b in zip(coords, coords[1:]))
        features.append({
            "type": "Feature",
            "properties": {"id": ident, "nom": name, "type_amenagement": kind, "revetement": surface,
                           "sens": "double sens", "longueur_m": round(length), "annee_mise_en_service": year,
                           "gestionnaire": COMMUNE_LONG},
            "geometry": {"type": "LineString", "coordinates": coords},
        })
    collection = {"type": "FeatureCollection", "name": "amenagements-cyclables", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------------------
# 8. Stationnement cyclable (etalab/schema-stationnement-cyclable) and fontaines
# --------------------------------------------------------------------------------------

BIKE_HEADER = ["id_local", "id_osm", "code_com", "coordonneesxy", "capacite", "capacite_cargo", "type_accroche",
               "mobilier", "acces", "gratuit", "protection", "couverture", "surveillance", "lumiere", "url_info",
               "d_service", "source", "proprietaire", "gestionnaire", "date_maj", "commentaires"]

# (near facility, capacity, cargo, furniture, covered, lit, year, comment)
BIKE_PARKINGS = [
    ("Hôtel de ville de Saint-Aubin-sur-Lérette", 8, 0, "ARCEAU", False, True, 2019, ""),
    ("Agence postale communale", 4, 0, "ARCEAU", False, True, 2020, ""),
    ("École élémentaire publique Marie-Curie", 20, 2, "ARCEAU", True, True, 2021, "Abri couvert devant le portail"),
    ("École maternelle publique Les Tilleuls", 10, 2, "ARCEAU", True, True, 2021, "Places pour vélos cargos et remorques"),
    ("Collège du Val de Lérette", 40, 0, "RATELIER", True, True, 2016, "Abri du collège, accessible aux horaires scolaires"),
    ("Médiathèque Jeanne-Bourgeois", 6, 1, "ARCEAU", False, True, 2022, ""),
    ("Gymnase municipal Roger-Mercier", 12, 0, "ARCEAU", False, True, 2018, ""),
    ("Stade municipal (terrain d'honneur)", 16, 0, "ARCEAU", False, False, 2018, ""),
    ("Espace de la Lérette (salle des fêtes)", 10, 0, "ARCEAU", False, True, 2020, ""),
    ("Maison de santé de la Lérette", 6, 0, "ARCEAU", False, True, 2021, ""),
    ("Base de loisirs du plan d'eau de la Noue", 24, 2, "ARCEAU", False, False, 2021, "Au départ de la voie verte"),
    ("Église Saint-Aubin", 6, 0, "ARCEAU", False, True, 2019, ""),
    ("Halle du marché", 10, 2, "ARCEAU", False, True, 2024, "Installés avec la zone de rencontre du centre-bourg"),
    ("Espace culturel La Grange", 6, 0, "ARCEAU", False, True, 2022, ""),
    ("City-stade des Prés", 8, 0, "ARCEAU", False, False, 2020, ""),
    ("Aire de covoiturage de la route de Blois", 10, 0, "ARCEAU", True, True, 2023,
     "Consigne collective fermée de 10 places, accès par badge délivré en mairie"),
    ("Multi-accueil Les P'tits Aubinois", 4, 2, "ARCEAU", True, True, 2022, ""),
    ("Espace France services de la Lérette", 4, 0, "ARCEAU", False, True, 2023, ""),
    ("Maison des associations", 6, 0, "ARCEAU", False, True, 2025, ""),
    ("Tiers-lieu L'Ancienne Boulangerie", 6, 1, "ARCEAU", True, True, 2026, "Abri couvert dans la cour du tiers-lieu"),
]
BIKE_INVENTORY_DAY = "2026-09-14"  # the inventory is checked every year; last update after the tiers-lieu opened


def bike_parking_csv() -> str:
    rng = random.Random(SEED + "-stationnement-velo")
    points = equipment_points()
    rows = []
    for number, (near, capacity, cargo, furniture, covered, lit, year, comment) in enumerate(BIKE_PARKINGS, start=1):
        lat, lon = points[near]
        lat = round(lat + rng.uniform(-0.00015, 0.00015), 6)
        lon = round(lon + rng.uniform(-0.0002, 0.0002), 6)
        locker = "Consigne" in comment
        rows.append([f"SAL-VELO-{number:03d}", "", INSEE, f"[{lon:.6f},{lat:.6f}]", capacity, cargo or "",
                     "CADRE ET ROUE" if furniture == "ARCEAU" else "ROUE", furniture,
                     "ABONNEMENT OU INSCRIPTION PREALABLE" if locker else "LIBRE ACCES", "true",
                     "CONSIGNE COLLECTIVE FERMEE" if locker else "STATIONNEMENT NON FERME",
                     "true" if covered else "false", "false", "true" if lit else "false",
                     f"{WWW}/se-deplacer/velo", year, COMMUNE_LONG, COMMUNE_LONG, COMMUNE_LONG, BIKE_INVENTORY_DAY,
                     comment])
    return csv_text(BIKE_HEADER, rows)


FOUNTAIN_HEADER = ["id", "type_fontaine", "modele", "gestionnaire", "siren_gestionnaire", "latitude", "longitude",
                   "adresse", "code_commune_insee", "precision_geo", "conditions_acces", "date_installation",
                   "indisponible", "accessible_pmr", "remplissage_contenant_possible"]

# (near facility, type, model, address, precision, access, installed, unavailable since, pmr, refill)
FOUNTAINS = [
    ("Halle du marché", "borne fontaine", "Borne fonte à bouton poussoir", "2 place de l'Église",
     "à l'angle de la halle", "aucune", "2024-05-17", "", True, True),
    ("Cimetière communal", "robinet", "", "1 chemin du Cimetière", "près de l'entrée principale",
     "établissement soumis à horaires", "", "", True, True),
    ("Stade municipal (terrain d'honneur)", "borne fontaine", "Borne inox double hauteur", "6 rue du Stade",
     "entre les vestiaires et la tribune", "aucune", "2019-06-03", "", True, True),
    ("Base de loisirs du plan d'eau de la Noue", "borne fontaine", "Borne inox double hauteur", "1 chemin de l'Étang",
     "à côté de l'aire de pique-nique", "aucune", "2021-07-01", "", True, True),
    ("Parcours de santé du Bois-Brûlé", "autre", "Robinet mural sur abri", "50 route de Romorantin",
     "sur le mur de l'abri du départ du parcours", "aucune", "2020-04-15", "2026-03-16", False, True),
    ("Aire de jeux du square des Tilleuls", "borne fontaine", "Borne fonte à bouton poussoir", "1 allée des Tilleuls",
     "à l'entrée du square", "aucune", "2022-04-20", "", True, False),
    ("Gymnase municipal Roger-Mercier", "robinet", "", "4 rue du Stade", "dans le hall, à gauche de l'accueil",
     "établissement soumis à horaires", "", "", True, True),
    ("Skatepark des Prés", "borne fontaine", "Borne inox double hauteur", "3 chemin des Prés",
     "à l'entrée du skatepark, côté city-stade", "aucune", "2025-06-12", "", True, True),
]


def fountains_csv() -> str:
    rng = random.Random(SEED + "-fontaines")
    points = equipment_points()
    rows = []
    for number, (near, kind, model, address, precision, access, installed, unavailable, pmr, refill) in enumerate(
            FOUNTAINS, start=1):
        lat, lon = points[near]
        lat = round(lat + rng.uniform(-0.0001, 0.0001), 6)
        lon = round(lon + rng.uniform(-0.00015, 0.00015), 6)
        rows.append([f"SAL-FONT-{number:02d}", kind, model, COMMUNE_LONG, SIREN, f"{lat:.6f}", f"{lon:.6f}", address,
                     INSEE, precision, access, installed, unavailable, "true" if pmr else "false",
                     "true" if refill else "false"])
    return csv_text(FOUNTAIN_HEADER, rows)


# --------------------------------------------------------------------------------------
# 9. Fréquentation de la médiathèque (XLSX with a title row above the header)
# --------------------------------------------------------------------------------------

XLSX_TIMESTAMP = dt.datetime(2026, 11, 6, 9, 0, 0)
MEDIATHEQUE_FIRST_MONTH = (2019, 1)
MEDIATHEQUE_LAST_MONTH = (2026, 10)  # the workbook is completed at the beginning of each month


def mediatheque_rows() -> list[list]:
    rng = random.Random(SEED + "-mediatheque")
    seasonal = [1.05, 1.08, 1.1, 1.0, 0.95, 0.9, 0.85, 0.55, 1.0, 1.08, 1.1, 0.9]
    rows = []
    for year in range(MEDIATHEQUE_FIRST_MONTH[0], MEDIATHEQUE_LAST_MONTH[0] + 1):
        for month in range(1, 13):
            if (year, month) > MEDIATHEQUE_LAST_MONTH:
                break
            trend = 1 + 0.03 * (year - 2019)
            factor = seasonal[month - 1] * trend * rng.uniform(0.93, 1.07)
            if (year, month) in ((2020, 3),):
                factor *= 0.45
            if (year, month) in ((2020, 4),):
                factor = 0
            if (year, month) in ((2020, 5),):
                factor *= 0.35  # reopened on 12 May with "prêt à emporter"
            if (year, month) in ((2020, 11),):
                factor *= 0.3
            if year == 2021 and month <= 6:
                factor *= 0.75
            visits = round(1450 * factor)
            loans = round(2300 * factor * rng.uniform(0.95, 1.05))
            if (year, month) == (2020, 5):
                loans = round(loans * 2.2)  # click-and-collect
            registrations = round(max(0, 22 * factor * rng.uniform(0.7, 1.3) + (25 if month == 9 else 0)))
            if year >= 2026:
                registrations = round(registrations * 1.3)  # one library card for the intercommunal network
            events = max(rng.randint(2, 6) - (2 if month in (7, 8) else 0), 0)
            if (year, month) == (2020, 3):  # closed on 17 March 2020
                events = min(events, 1)
            elif (2020, 4) <= (year, month) <= (2021, 5):  # events suspended until June 2021
                events = 0
            participants = sum(rng.randint(8, 35) for _ in range(events))
            rows.append([dt.date(year, month, 1), visits, loans, registrations, events, participants])
    return rows


def mediatheque_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Fréquentation"
    ws["A1"] = (f"Fréquentation de la médiathèque Jeanne-Bourgeois, {MEDIATHEQUE_FIRST_MONTH[0]}-"
                f"{MEDIATHEQUE_LAST_MONTH[0]}")
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells("A1:F1")
    header = ["Mois", "Entrées", "Prêts de documents", "Nouvelles inscriptions", "Animations",
              "Participants aux animations"]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in mediatheque_rows():
        ws.append(row)
    for cell in ws["A"][2:]:
        cell.number_format = "mmmm yyyy"
    for column, width in zip("ABCDEF", (16, 10, 12, 14, 12, 16)):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A3"
    wb.properties.creator = "Médiathèque Jeanne-Bourgeois"
    wb.properties.title = "Fréquentation de la médiathèque"
    wb.properties.created = XLSX_TIMESTAMP
    wb.properties.modified = XLSX_TIMESTAMP
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_zip(buffer.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite an OOXML zip with fixed entry dates and a fixed core.xml modification date."""
    stamp = XLSX_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=XLSX_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


# --------------------------------------------------------------------------------------
# 10. Consommations énergétiques des bâtiments communaux (plain CSV, UTF-8, comma)
# --------------------------------------------------------------------------------------

# (building, code, surface m², energies with yearly kWh around 2021, heating share of the energy)
BUILDINGS = [
    ("Hôtel de ville", "BAT-01", 640, {"électricité": (62000, 0.15), "gaz naturel": (78000, 0.9)}),
    ("École élémentaire Marie-Curie", "BAT-02", 1850, {"électricité": (48000, 0.1), "gaz naturel": (215000, 0.92)}),
    ("École maternelle Les Tilleuls", "BAT-03", 920, {"électricité": (29000, 0.1), "gaz naturel": (118000, 0.92)}),
    ("Restaurant scolaire", "BAT-04", 480, {"électricité": (71000, 0.05), "gaz naturel": (64000, 0.55)}),
    ("Gymnase Roger-Mercier", "BAT-05", 1600, {"électricité": (58000, 0.2), "gaz naturel": (182000, 0.9)}),
    ("Espace de la Lérette (salle des fêtes)", "BAT-06", 710, {"électricité": (34000, 0.25),
                                                               "gaz naturel": (69000, 0.9)}),
    ("Médiathèque Jeanne-Bourgeois", "BAT-07", 520, {"électricité": (39000, 0.6)}),
    ("Centre technique municipal", "BAT-08", 850, {"électricité": (26000, 0.2), "fioul domestique": (31000, 0.95)}),
    ("Église Saint-Aubin", "BAT-09", 730, {"électricité": (9500, 0.7)}),
    ("Éclairage public", "EP-01", None, {"électricité": (248000, 0.0)}),
]
PRICES = {  # € TTC per kWh
    "électricité": {2021: 0.168, 2022: 0.186, 2023: 0.284, 2024: 0.262, 2025: 0.241, 2026: 0.236},
    "gaz naturel": {2021: 0.061, 2022: 0.118, 2023: 0.132, 2024: 0.098, 2025: 0.094, 2026: 0.089},
    "fioul domestique": {2021: 0.082, 2022: 0.142, 2023: 0.121, 2024: 0.113, 2025: 0.109, 2026: 0.104},
}
ENERGY_FIRST_YEAR = 2021
ENERGY_LATER_YEARS = 2025  # from this year on, the draws come from a stream of their own (see energy_csv)
ENERGY_LAST_MONTH = (2026, 9)  # the bills of a month arrive a few weeks later
HEATING = [0.19, 0.16, 0.13, 0.08, 0.03, 0.0, 0.0, 0.0, 0.02, 0.07, 0.14, 0.18]
NIGHT_LENGTH = [1.35, 1.2, 1.05, 0.9, 0.78, 0.72, 0.75, 0.85, 0.98, 1.12, 1.28, 1.38]

ENERGY_HEADER = ["batiment", "code_batiment", "energie", "mois", "date_releve", "consommation_kwh", "cout_ttc_eur",
                 "surface_m2"]


def energy_csv() -> str:
    first_rng = random.Random(SEED + "-energie")  # 2021-2024, as first published
    later_rng = random.Random(SEED + "-energie-2025")  # the years added since, so that the first ones stay as they were
    rows = []
    for building, code, surface, energies in BUILDINGS:
        for energy, (yearly, heating_share) in energies.items():
            for year in range(ENERGY_FIRST_YEAR, ENERGY_LAST_MONTH[0] + 1):
                rng = first_rng if year < ENERGY_LATER_YEARS else later_rng
                for month in range(1, 13):
                    if (year, month) > ENERGY_LAST_MONTH:
                        break
                    if code == "EP-01":
                        share = NIGHT_LENGTH[month - 1] / sum(NIGHT_LENGTH)
                        saving = 1.0
                        if (year, month) >= (2022, 10):
                            saving *= 0.62  # lights off from 23:00 to 05:00
                        if year >= 2024:
                            saving *= 0.8  # LED retrofit finished in 2023
                    else:
                        share = heating_share * HEATING[month - 1] + (1 - heating_share) / 12
                        if "École" in building or "Restaurant" in building:
                            share *= 0.25 if month == 8 else (0.7 if month == 7 else 1.0)
                        saving = 0.88 if (year, month) >= (2022, 10) else 1.0  # sobriété: 19 °C in buildings
                        if code == "BAT-02" and year >= 2024:
                            saving *= 0.7  # energy renovation of the school
                        if code == "BAT-05" and year >= 2025:
                            saving *= 0.8  # renovation of the gymnasium, finished in 2024
                    kwh = round(yearly * share * saving * rng.uniform(0.92, 1.08))
                    if energy == "fioul domestique" and month in (6, 7, 8):
                        kwh = 0
                    cost = kwh * PRICES[energy][year]
                    reading = (dt.date(year, month, calendar.monthrange(year, month)[1]) + dt.timedelta(days=1))
                    while reading.weekday() >= 5:
                        reading += dt.timedelta(days=1)
                    rows.append([building, code, energy, f"{year}-{month:02d}", reading.isoformat(), kwh,
                                 money(cost), surface if surface else ""])
    return csv_text(ENERGY_HEADER, rows)


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------

PDF_DELIBERATIONS = ("Vote du budget primitif 2026 du budget principal",
                     "Attribution des subventions aux associations pour l'année 2026")


def generate(out_dir: Path = DATA_DIR) -> list[Path]:
    """Write every data file of the sample site into ``out_dir``; return the paths written."""
    out_dir = Path(out_dir)
    delibs = build_deliberations()
    written = [
        write_bytes(out_dir / "deliberations-2022-2026.csv", deliberations_csv(delibs).encode("utf-8")),
        write_bytes(out_dir / "subventions-2019-2026.csv", subventions_bytes(delibs)),
        write_bytes(out_dir / "equipements-publics.csv", equipements_csv().encode("utf-8")),
        write_bytes(out_dir / "budget-2021-2026.csv", budget_csv(grant_totals(delibs)).encode("utf-8")),
        write_bytes(out_dir / "prenoms-2015-2025.csv", prenoms_csv().encode("utf-8")),
        write_bytes(out_dir / "menus-cantine-2026-sept-nov.csv", menus_csv().encode("utf-8")),
        write_bytes(out_dir / "amenagements-cyclables.geojson", cycle_geojson().encode("utf-8")),
        write_bytes(out_dir / "stationnement-velo.csv", bike_parking_csv().encode("utf-8")),
        write_bytes(out_dir / "fontaines-eau-potable.csv", fountains_csv().encode("utf-8")),
        write_bytes(out_dir / "frequentation-mediatheque-2019-2026.xlsx", mediatheque_xlsx()),
        write_bytes(out_dir / "consommations-energie-batiments-2021-2026.csv", energy_csv().encode("utf-8")),
    ]
    for d in delibs:
        if d.subject in PDF_DELIBERATIONS:
            annex = grants_annex(delibs, d) if d.code == "7.5" else []
            written.append(write_bytes(out_dir / f"{d.id.lower()}.pdf", deliberation_pdf(d, annex)))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default: sample_site/data)")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
