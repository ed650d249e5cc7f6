"""Recorded answers of the national sources, served by a fake fetcher: the tests never touch the network."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Callable

import pytest

from portalgen.national import adresses, budget, commune, datagouv, elections
from portalgen.national.http import FetchError
from portalgen.national.source import Commune

from ..helpers import write_site

FIXTURES = Path(__file__).parent / "fixtures"
INSEE = "41298"
NAME = "Saint-Aubin-sur-Lérette"
COMMUNE = Commune(INSEE, NAME)
DAY1 = dt.date(2025, 12, 30)   # before the build date of the tests (SOURCE_DATE_EPOCH = 2026-01-01)
DAY2 = dt.date(2025, 12, 31)
GEO = "https://geo.api.gouv.fr"
ELECTIONS_RESOURCE = "8e1f0c2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f"

PORTAL = f"""\
title: Données ouvertes de {NAME}
commune:
  name: {NAME}
  insee: "{INSEE}"
  population: 4012
site_url: https://example.org/saint-aubin/
publisher:
  name: Mairie de {NAME}
  email: mairie@example.org
"""


def recorded_answers(insee: str = INSEE) -> dict[str, Path]:
    """URL → recorded answer, the URLs built by the sources themselves (so their shape is tested too)."""
    town = Commune(insee, NAME)
    return {
        commune.commune_url(town, {}): FIXTURES / "geo-commune-41298.json",
        adresses.addresses_url(town, {}): FIXTURES / "ban-adresses-41298.csv",
        budget.accounts_url(town, {}): FIXTURES / "ofgl-comptes-41298.csv",
        elections.DATASET_API: FIXTURES / "datagouv-elections-jeu.json",
        f"{elections.TABULAR_API}/{ELECTIONS_RESOURCE}/data/csv/?code_commune__exact={insee}":
            FIXTURES / "tabular-general-results-41298.csv",
        datagouv.datasets_url(town, {}): FIXTURES / "datagouv-jeux-41298.json",
    }


class FakeFetcher:
    """Answers from recorded files; unknown URLs are 404; ``fail`` makes every request fail like a dead network."""

    def __init__(self, answers: dict[str, Path] | None = None, *, fail: Callable[[str], FetchError] | None = None):
        self.answers = recorded_answers() if answers is None else answers
        self.fail = fail
        self.calls: list[str] = []

    def __call__(self, url: str, dest: Path) -> None:
        self.calls.append(url)
        if self.fail is not None:
            raise self.fail(url)
        source = self.answers.get(url)
        if source is None:
            raise FetchError(url, "the server answered HTTP 404 Not Found", status=404)
        shutil.copyfile(source, dest)


def offline(url: str) -> FetchError:
    return FetchError(url, "no connection (the server name cannot be resolved)", offline=True)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {"portal.yml": PORTAL})
