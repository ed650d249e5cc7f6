"""Quality criteria of data.gouv.fr, computed for each dataset, and the checks the DCAT
catalogue needs (a public ``site_url``).

Results go to ``dataset.quality`` (a :class:`portalgen.dcat.quality.QualityReport`)
and ``site.extras["metadata"]`` gives the theme
partials their JSON-LD and alternate-link helpers. This enricher must run after every enricher
that adds files to the datasets (its "open format" criterion counts the derived CSV files).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..config.load import CONFIG_FILE
from ..dcat.quality import QualityReport, evaluate, judged_at
from ..dcat.schemaorg import TemplateHelpers
from ..errors import Finding, Location, error, warning
from ..model import Dataset, Site
from ..replacing import replaced


def site_url_findings(site: Site) -> list[Finding]:
    """An error when site_url is missing (the catalogue's addresses need it), a warning when it is http://."""
    config = site.config
    where = config.key_locations.get("site_url")
    where = Location(CONFIG_FILE, where.line, where.column) if where else Location(CONFIG_FILE)
    if not config.site_url:
        return [error(
            "site_url is not set: the DCAT catalogue for data.gouv.fr, the sitemap and the feed need the "
            "portal's public address", where, key="site_url", code="site-url-missing",
            hint="add the address the portal is published at to portal.yml, exactly as the browser shows it, "
                 "e.g. 'site_url: https://data.ma-commune.fr/' or 'site_url: https://mairie.github.io/donnees/'")]
    if config.site_url.lower().startswith("http://"):
        return [warning(
            f'site_url "{config.site_url}" starts with http://: data.gouv.fr\'s harvester does not follow the '
            "redirect most hosts make to https://", where, key="site_url", code="site-url-http",
            hint="write the https:// address of the portal")]
    return []


def _location(dataset: Dataset, config_key: str | None) -> Location:
    loc = dataset.config.key_locations.get(config_key) if config_key else None
    if loc is None:
        return dataset.where
    return Location(dataset.file, loc.line, loc.column)


def quality_findings(dataset: Dataset, report: QualityReport) -> list[Finding]:
    """A warning for each failed criterion that has something to say, pointing at the YAML key to fix."""
    return [warning(f"quality: {criterion.message}", _location(dataset, criterion.config_key),
                    key=criterion.config_key, hint=criterion.hint, code=f"quality-{criterion.key.replace('_', '-')}")
            for criterion in report.failed if criterion.message]


def enrich(site: Site, context) -> tuple[Site, list[Finding]]:
    """Score every dataset; report missing site_url and each failed criterion with its fix.

    The score shown on pages judges "up to date" at the build date (SOURCE_DATE_EPOCH) only, so a
    page never depends on the day it was built; ``check`` judges it at today's date when unset.
    """
    findings = site_url_findings(site)
    today = site.build_date or dt.date.today()
    datasets = []
    for dataset in site.datasets:
        report = evaluate(dataset, site.build_date)
        checked = report if site.build_date else judged_at(report, dataset, today)
        findings += quality_findings(dataset, checked)
        datasets.append(replaced(dataset, quality=report))
    extras = {**site.extras, "metadata": TemplateHelpers()}
    return replace(site, datasets=tuple(datasets), extras=extras), findings


def scores_carried_over(later: Site, before: Site, scored: Site) -> Site:
    """``enrich(later)``'s site, from ``scored`` = ``enrich(before)``'s, where ``later`` is ``before`` as a stage
    that sets nothing this enricher reads made it (the common base: each dataset's ``validation``, the site's
    extras), its datasets in the same order.

    Lets the build score the site while the common base waits for its forked check (see
    :func:`portalgen.enrich.stage.commonbase_and_quality`): a dataset that stage kept as it was (most: those
    without a schema) is the scored one as it is, the others are given their report, which is the same since
    nothing it judges changed."""
    datasets = tuple(
        scored_dataset if dataset is old else replaced(dataset, quality=scored_dataset.quality)
        for dataset, old, scored_dataset in zip(later.datasets, before.datasets, scored.datasets, strict=True))
    return replace(later, datasets=datasets, extras={**later.extras, "metadata": scored.extras["metadata"]})
