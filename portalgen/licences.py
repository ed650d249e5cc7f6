"""Licences a commune may publish under, keyed by data.gouv.fr's licence ids.

``title`` is data.gouv.fr's exact licence title: its DCAT harvester matches licences by
title and URL strings, so these must stay byte-identical to its licence list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    id: str
    title: str          # data.gouv.fr's title, matched by its harvester
    label_fr: str       # what residents read
    label_en: str
    url: str | None     # data.gouv.fr's canonical URL for the licence
    open: bool = True

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_fr


LICENCES: dict[str, Licence] = {lic.id: lic for lic in (
    Licence("lov2", "Licence Ouverte / Open Licence version 2.0", "Licence Ouverte 2.0 (Etalab)",
            "Open Licence 2.0 (Etalab)", "https://www.etalab.gouv.fr/licence-ouverte-open-licence"),
    Licence("fr-lo", "Licence Ouverte / Open Licence", "Licence Ouverte 1.0 (Etalab)", "Open Licence 1.0 (Etalab)",
            "https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Licence_Ouverte.pdf"),
    Licence("odc-odbl", "Open Data Commons Open Database License (ODbL)", "ODbL (Open Database License)",
            "ODbL (Open Database License)", "http://opendatacommons.org/licenses/odbl/summary/"),
    Licence("odc-by", "Open Data Commons Attribution License", "ODC Attribution", "ODC Attribution",
            "http://opendatacommons.org/licenses/by/summary/"),
    Licence("odc-pddl", "Open Data Commons Public Domain Dedication and Licence (PDDL)", "ODC PDDL (domaine public)",
            "ODC PDDL (public domain)", "http://opendatacommons.org/licenses/pddl/summary/"),
    Licence("cc-by", "Creative Commons Attribution", "Creative Commons Attribution (CC BY)",
            "Creative Commons Attribution (CC BY)", "http://www.opendefinition.org/licenses/cc-by"),
    Licence("cc-by-sa", "Creative Commons Attribution Share-Alike", "Creative Commons Attribution – Partage à l'identique (CC BY-SA)",
            "Creative Commons Attribution Share-Alike (CC BY-SA)", "http://www.opendefinition.org/licenses/cc-by-sa"),
    Licence("cc-zero", "Creative Commons CCZero", "Creative Commons Zéro (CC0)", "Creative Commons Zero (CC0)",
            "http://www.opendefinition.org/licenses/cc-zero"),
    Licence("other-open", "Other (Open)", "Autre licence ouverte", "Other open licence", None),
    Licence("other-at", "Other (Attribution)", "Autre licence (attribution)", "Other licence (attribution)", None),
    Licence("other-pd", "Other (Public Domain)", "Autre (domaine public)", "Other (public domain)", None),
)}

ALIASES = {
    "etalab-2.0": "lov2", "lo-2.0": "lov2", "licence-ouverte": "lov2", "licence-ouverte-2.0": "lov2", "lo2": "lov2",
    "odbl": "odc-odbl", "odbl-1.0": "odc-odbl", "cc-by-4.0": "cc-by", "cc-by-sa-4.0": "cc-by-sa", "cc0": "cc-zero",
    "cc0-1.0": "cc-zero", "pddl": "odc-pddl",
}


def find_licence(name: str) -> Licence | None:
    key = name.strip().lower()
    return LICENCES.get(ALIASES.get(key, key))
