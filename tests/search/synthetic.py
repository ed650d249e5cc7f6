"""A generated catalogue of any size, as site model objects, with attributes a test can predict.

Dataset ``i`` gets its subject, theme, producer, formats, licence, schema and date from simple
rules on ``i`` (no randomness), so a test can say which datasets a query or a filter must return
without searching itself. Each subject's words appear in no other subject's title or description.
Used by tests/search/test_browser.py (1,000 datasets) and bench/bench_search.py (10,000).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portalgen.config.schema import CommuneConfig, DatasetConfig, PublisherConfig, SiteConfig
from portalgen.errors import Location
from portalgen.licences import LICENCES
from portalgen.model import Dataset, Resource, Site

# (title start, description): the words of one subject are not used by any other.
SUBJECTS = (
    ("Équipements sportifs", "Gymnases, stades et piscines ouverts au public, avec leurs horaires."),
    ("Budget primitif", "Prévisions de dépenses et de recettes votées par le conseil, par chapitre."),
    ("Subventions aux associations", "Montants attribués aux clubs et comités de la commune."),
    ("Stationnement vélo", "Arceaux et abris pour bicyclettes installés sur la voirie."),
    ("Fontaines d'eau potable", "Points d'eau où remplir une gourde gratuitement."),
    ("Délibérations du conseil municipal", "Décisions adoptées en séance publique, avec leur objet."),
    ("Menus de la cantine", "Repas servis aux élèves des écoles maternelles et élémentaires."),
    ("Consommation d'énergie des bâtiments", "Électricité et gaz utilisés par les bâtiments communaux."),
    ("Prénoms des nouveau-nés", "Prénoms donnés aux enfants nés dans la ville, par année."),
    ("Arbres d'alignement", "Essences, hauteur et âge des arbres plantés le long des rues."),
    ("Collecte des déchets", "Tournées de ramassage des ordures ménagères et du tri sélectif."),
    ("Fréquentation de la médiathèque", "Entrées, prêts et inscriptions des lecteurs, mois par mois."),
)
PLACES = ("Centre-ville", "Quartier Nord", "Quartier Sud", "Les Hauts", "Zone artisanale", "Bourg")
THEMES = ("Sports et loisirs", "Économie et finances", "Vie citoyenne", "Mobilité", "Environnement", "Culture")
PRODUCERS = ("Service des sports", "Direction des finances", "Services techniques", None)  # None: the publisher
PUBLISHER = "Mairie de Synthéville"
KEYWORDS = ("données locales", "open data", "Budget", "budget", "carte", "équipement", "énergie", "école")
FIRST_YEAR = 2017


def subject_of(i: int) -> int:
    return i % len(SUBJECTS)


def theme_of(i: int) -> str:
    return THEMES[(i // 3) % len(THEMES)]


def producer_of(i: int) -> str:
    return PRODUCERS[i % len(PRODUCERS)] or PUBLISHER


def formats_of(i: int) -> tuple[str, ...]:
    formats = ["csv"]
    if i % 5 == 0:
        formats.append("geojson")
    if i % 3 == 0:
        formats.append("xlsx")
    if i % 11 == 0:
        formats.append("pdf")
    return tuple(formats)


def licence_of(i: int) -> str:
    return "odc-odbl" if i % 4 == 1 else "lov2"


def schema_of(i: int) -> str | None:
    if i % 9 == 0:
        return "scdl/subventions"
    if i % 13 == 0:
        return "https://schemas.example.org/mon-schema.json"
    return None


def modified_of(i: int) -> dt.date | None:
    if i % 17 == 16:
        return None
    return dt.date(FIRST_YEAR + i % 8, 1 + (i * 7) % 12, 1 + (i * 5) % 28)


def keywords_of(i: int) -> tuple[str, ...]:
    return (KEYWORDS[i % len(KEYWORDS)], KEYWORDS[(i // 2 + 3) % len(KEYWORDS)])


def title_of(i: int) -> str:
    return f"{SUBJECTS[subject_of(i)][0]} – {PLACES[(i // len(SUBJECTS)) % len(PLACES)]} n°{i}"


def dataset_id(i: int) -> str:
    return f"jeu-{i:05d}"


def make_dataset(i: int) -> Dataset:
    title = title_of(i)
    description = f"{SUBJECTS[subject_of(i)][1]}\n\nJeu numéro {i} du catalogue généré."
    file = f"datasets/{dataset_id(i)}.yml"
    where = Location(file, 1)
    resources = tuple(
        Resource(id=f"fichier-{fmt}", title=f"Fichier {fmt.upper()}", description="", format=fmt, where=where,
                 url=f"https://files.example.org/{dataset_id(i)}.{fmt}")
        for fmt in formats_of(i))
    config = DatasetConfig(title=title, description=description, resources=tuple(r.url for r in resources))
    producer = PRODUCERS[i % len(PRODUCERS)]
    return Dataset(
        id=dataset_id(i), title=title, description=description, licence=LICENCES[licence_of(i)],
        keywords=keywords_of(i), theme=theme_of(i), producer=producer, frequency="annual",
        temporal_start=None, temporal_end=None, schema=schema_of(i), issued=None, modified=modified_of(i),
        featured=False, resources=resources, file=file, where=where, config=config)


def make_site(count: int, root: Path, *, page_size: int = 50) -> Site:
    """A site of ``count`` generated datasets (nothing is read from ``root``; it is the site folder)."""
    config = SiteConfig(title="Données de Synthéville", commune=CommuneConfig(name="Synthéville", insee="35238"),
                        publisher=PublisherConfig(name=PUBLISHER), catalogue_page_size=page_size)
    return Site(root=root, config=config, datasets=tuple(make_dataset(i) for i in range(count)))


def write_catalogue_site(site: Site, out: Path) -> None:
    """Render only what the search needs (catalogue pages, theme files, search index) into ``out``.

    Dataset pages are not rendered: the generated datasets have no files to show.
    """
    from portalgen.output import OutputPlan, write_site
    from portalgen.render.pages import Renderer, copy_static, render_catalogue
    from portalgen.render.search import render_search
    from portalgen.theme import load_theme

    plan, theme = OutputPlan(), load_theme(site.config.theme, site.root)
    renderer = Renderer(site, theme, plan)
    copy_static(theme, plan)
    render_catalogue(renderer)
    render_search(renderer)
    assert not plan.findings, plan.findings
    site.root.mkdir(parents=True, exist_ok=True)
    write_site(plan, out, site.root)
