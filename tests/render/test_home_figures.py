"""The home page's figures and lists, computed in Python, equal what their template expressions and the full
sorts they replace give."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

import jinja2

from portalgen.render.pages import by_title, file_count, latest_datasets

TITLES = ["Budget", "budget", "Écoles", "ecoles", "", "Zèbre", "<script>alert('x')</script>", "1 234,56", "Œuvres",
          "a" * 300, "😀", "Budget"]


def odd_site(count: int, seed: int) -> SimpleNamespace:
    chance = random.Random(seed)
    datasets = [SimpleNamespace(
        id=f"jeu-{n:03d}", title=chance.choice(TITLES), featured=chance.random() < 0.3,
        resources=[object()] * chance.choice([0, 0, 1, 2, 7]),
        modified=chance.choice([None, dt.date(2024, 1, 15), dt.date(2024, 1, 15), dt.date(2019, 12, 31)]))
        for n in chance.sample(range(count * 2), count)]
    return SimpleNamespace(datasets=datasets)


def test_file_count_is_the_template_expression():
    expression = jinja2.Environment().from_string(
        "{{ site.datasets|map(attribute='resources')|map('length')|sum }}")
    for count, seed in [(0, 0), (1, 1), (5, 2), (40, 3), (300, 4)]:
        site = odd_site(count, seed)
        assert str(file_count(site)) == expression.render(site=site)


def test_latest_and_featured_are_the_full_sorts_cut():
    for count, seed in [(0, 0), (1, 1), (5, 2), (6, 5), (7, 6), (40, 3), (300, 4)]:
        site = odd_site(count, seed)
        latest = sorted(site.datasets, key=lambda d: (d.modified or dt.date.min, d.id), reverse=True)
        for keep in (1, 6, 10):
            assert latest_datasets(site, keep) == latest[:keep]
        assert by_title([d for d in site.datasets if d.featured]) == [d for d in by_title(site.datasets) if d.featured]
