"""`portalgen init`: create a new site folder that builds and passes `check` at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import Location, PortalgenError, error
from .read.datasets import slugify

# Département names by code (code officiel géographique), to fill portal.yml from the INSEE code.
DEPARTMENTS = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence", "05": "Hautes-Alpes",
    "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes", "09": "Ariège", "10": "Aube", "11": "Aude",
    "12": "Aveyron", "13": "Bouches-du-Rhône", "14": "Calvados", "15": "Cantal", "16": "Charente",
    "17": "Charente-Maritime", "18": "Cher", "19": "Corrèze", "2A": "Corse-du-Sud", "2B": "Haute-Corse",
    "21": "Côte-d'Or", "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne", "25": "Doubs", "26": "Drôme",
    "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère", "30": "Gard", "31": "Haute-Garonne", "32": "Gers",
    "33": "Gironde", "34": "Hérault", "35": "Ille-et-Vilaine", "36": "Indre", "37": "Indre-et-Loire", "38": "Isère",
    "39": "Jura", "40": "Landes", "41": "Loir-et-Cher", "42": "Loire", "43": "Haute-Loire", "44": "Loire-Atlantique",
    "45": "Loiret", "46": "Lot", "47": "Lot-et-Garonne", "48": "Lozère", "49": "Maine-et-Loire", "50": "Manche",
    "51": "Marne", "52": "Haute-Marne", "53": "Mayenne", "54": "Meurthe-et-Moselle", "55": "Meuse", "56": "Morbihan",
    "57": "Moselle", "58": "Nièvre", "59": "Nord", "60": "Oise", "61": "Orne", "62": "Pas-de-Calais",
    "63": "Puy-de-Dôme", "64": "Pyrénées-Atlantiques", "65": "Hautes-Pyrénées", "66": "Pyrénées-Orientales",
    "67": "Bas-Rhin", "68": "Haut-Rhin", "69": "Rhône", "70": "Haute-Saône", "71": "Saône-et-Loire", "72": "Sarthe",
    "73": "Savoie", "74": "Haute-Savoie", "75": "Paris", "76": "Seine-Maritime", "77": "Seine-et-Marne",
    "78": "Yvelines", "79": "Deux-Sèvres", "80": "Somme", "81": "Tarn", "82": "Tarn-et-Garonne", "83": "Var",
    "84": "Vaucluse", "85": "Vendée", "86": "Vienne", "87": "Haute-Vienne", "88": "Vosges", "89": "Yonne",
    "90": "Territoire de Belfort", "91": "Essonne", "92": "Hauts-de-Seine", "93": "Seine-Saint-Denis",
    "94": "Val-de-Marne", "95": "Val-d'Oise", "971": "Guadeloupe", "972": "Martinique", "973": "Guyane",
    "974": "La Réunion", "976": "Mayotte",
}


def department_of(insee: str) -> str | None:
    code = insee[:3] if insee.startswith("97") else insee[:2]
    return DEPARTMENTS.get(code)


@dataclass(frozen=True)
class InitAnswers:
    commune: str | None = None
    insee: str | None = None
    site_url: str | None = None
    email: str | None = None
    language: str = "fr"


def ask_answers(answers: InitAnswers) -> InitAnswers:
    """Ask the questions not answered by flags (only when a person is at the terminal)."""
    def ask(question: str, default: str | None) -> str | None:
        suffix = f" [{default}]" if default else ""
        reply = input(f"{question}{suffix} : ").strip()
        return reply or default

    commune = answers.commune or ask("Nom de la commune", None)
    insee = answers.insee or ask("Code INSEE de la commune (5 caractères)", None)
    slug = slugify(commune or "commune")
    site_url = answers.site_url or ask("Adresse publique du portail", f"https://data.{slug}.fr/")
    email = answers.email or ask("Adresse email de contact pour les données", f"opendata@{slug}.fr")
    return replace(answers, commune=commune, insee=insee, site_url=site_url, email=email)


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def create_site(target: Path, answers: InitAnswers) -> None:
    commune = (answers.commune or "Ma Commune").strip()
    insee = (answers.insee or "").strip()
    problems = []
    if target.exists() and any(target.iterdir()):
        problems.append(error(f"the folder {target} already exists and is not empty", Location(str(target)),
                              code="init-exists", hint="choose a new folder name"))
    if insee and not re.fullmatch(r"(\d{5}|2[AB]\d{3})", insee):
        problems.append(error(f'"{insee}" is not an INSEE commune code', None, key="--insee", code="init-insee",
                              hint="the code officiel géographique has 5 characters, e.g. 35238"))
    if problems:
        raise PortalgenError(problems)
    slug = slugify(commune)
    site_url = answers.site_url or f"https://data.{slug}.fr/"
    if not site_url.endswith("/"):
        site_url += "/"
    email = answers.email or f"opendata@{slug}.fr"
    department = department_of(insee) if insee else None
    fr = answers.language != "en"
    lines = [
        "# Réglages du portail. Référence complète : README.md, « Configuration ».",
        f"title: {_yaml_str(('Données ouvertes de ' if fr else 'Open data of ') + commune)}",
        f"tagline: {_yaml_str('Les données publiques de la commune, ouvertes à tous' if fr else 'Public data of the commune, open to all')}",
        "description: |",
        "  " + ("La commune publie ses données pour rendre compte de son action et permettre à chacun de les "
                "réutiliser librement." if fr else "The commune publishes its data so that everyone can reuse it."),
        "commune:",
        f"  name: {_yaml_str(commune)}",
        f"  insee: {_yaml_str(insee or '00000')}" if insee else "  insee: \"35238\"   # à remplacer par le code INSEE de la commune",
    ]
    if department:
        lines.append(f"  department: {_yaml_str(department)}")
    lines += [
        f"site_url: {site_url}",
        f"language: {answers.language}",
        "licence: lov2",
        "publisher:",
        f"  name: {_yaml_str(('Mairie de ' if fr else 'Town hall of ') + commune)}",
        f"  email: {email}",
        "contact:",
        f"  email: {email}",
    ]
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("datasets", "data", "pages", "news", "reuses"):
        (target / folder).mkdir(exist_ok=True)
    (target / "portal.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (target / "data" / "equipements-exemple.csv").write_text(
        "nom,type,adresse,latitude,longitude\n"
        "Mairie,Administration,1 place de la Mairie,48.1000,-1.6700\n"
        "Bibliothèque,Culture,2 rue des Écoles,48.1010,-1.6710\n", encoding="utf-8")
    (target / "datasets" / "equipements-exemple.yml").write_text(
        "# Un jeu de données d'exemple : remplacez-le par les vôtres.\n"
        "title: Équipements publics (exemple)\n"
        "description: |\n"
        "  Liste d'exemple des équipements publics de la commune, avec leurs coordonnées.\n"
        "  Remplacez ce fichier et data/equipements-exemple.csv par vos propres données.\n"
        "resources:\n"
        "  - path: equipements-exemple.csv\n"
        "    title: Liste des équipements\n"
        "    description: Une ligne par équipement, avec son nom, son type, son adresse et ses coordonnées.\n"
        "keywords: [équipements, services publics]\n"
        "theme: Gouvernement et secteur public\n"
        "frequency: irregular\n"
        "temporal: {start: 2026-01-01, end: 2026-12-31}\n", encoding="utf-8")
    (target / "pages" / "a-propos.md").write_text(
        "---\ntitle: À propos\nnav: true\n---\n"
        f"Ce portail publie les données ouvertes de {commune}.\n", encoding="utf-8")
    (target / ".gitignore").write_text("_site/\n.portalgen-cache/\n", encoding="utf-8")
