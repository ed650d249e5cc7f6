"""The enrich stage scores quality while the common base waits for its forked check of catalogue.csv
(stage.commonbase_and_quality): the site and the findings are those of commonbase.enrich then quality.enrich,
in the same order, whether the check is forked (not cached yet) or not (cached), with or without a build date,
with datasets that fail criteria, one with a schema (its ``validation`` set by the common base) and one whose
stale ``validation`` the common base drops."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from portalgen.dcat.quality import SCORED, Criterion, evaluate
from portalgen.enrich import commonbase, quality, tables
from portalgen.enrich.stage import EnrichContext, commonbase_and_quality
from portalgen.national import enrich as national
from portalgen.pipeline import read_site

from .support import INVALID_SUBVENTIONS_ROWS, PORTAL, subventions_site

EXTRA = {
    "datasets/notes.yml": "title: Notes <script>alert(1)</script>\ndescription: x\nkeywords: []\nresources: [notes.csv]\n",
    "data/notes.csv": "a;b\n1,5;« <b>x</b> »\n;\n2024-01-31;été\n",
    "datasets/long.yml": "title: Longue\ndescription: " + "é" * 300 + "\nfrequency: annual\nmodified: 2020-01-01\n"
                         "theme: Nowhere\nresources:\n  - path: long.csv\n    description: the rows\n",
    "data/long.csv": "x,y\n,\n1,2\n",
}


def _sequential(site, context):
    checked, found = commonbase.enrich(site, context)
    scored, more = quality.enrich(checked, context)
    return scored, found + more


@pytest.mark.parametrize("portal", [PORTAL, PORTAL.replace("site_url: https://", "site_url: http://"),
                                    "\n".join(line for line in PORTAL.splitlines() if not line.startswith("site_url"))])
@pytest.mark.parametrize("build_date", [None, dt.date(2026, 1, 1)])
def test_quality_scored_meanwhile_is_commonbase_then_quality(tmp_path, portal, build_date):
    site, _ = read_site(subventions_site(tmp_path / "site", INVALID_SUBVENTIONS_ROWS, portal=portal, extra=EXTRA))
    context = EnrichContext(cache_dir=tmp_path / "cache")
    for enricher in (tables.enrich, national.enrich):
        site, _ = enricher(site, context)
    site = replace(site, build_date=build_date)
    stale = replace(site, datasets=tuple(replace(d, validation="stale") if d.id == "notes" else d
                                         for d in site.datasets))
    for before in (site, stale):
        forked_cache = EnrichContext(cache_dir=tmp_path / f"cache-{id(before)}")  # catalogue.csv not checked yet
        overlapped = commonbase_and_quality(before, forked_cache)
        assert overlapped == _sequential(before, context)  # ``context``'s cache: the check not forked
        assert overlapped == commonbase_and_quality(before, forked_cache)  # now cached
        assert list(overlapped[0].extras) == list(_sequential(before, context)[0].extras)
        assert any(f.code.startswith("quality-") for f in overlapped[1])


def test_shared_passed_criteria_are_the_ones_made_each_time(tmp_path):
    site, _ = read_site(subventions_site(tmp_path / "site", extra=EXTRA))
    for dataset in site.datasets:
        for criterion in evaluate(dataset, dt.date(2026, 1, 1)).criteria:
            if criterion.passed:
                assert criterion == Criterion(criterion.key, True, criterion.key in SCORED)
