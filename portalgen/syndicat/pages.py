"""The regional portal's pages, rendered with the syndicat's theme (the communes' look).

The theme's ``base.html`` expects a site and its config; the regional pages give it light
stand-ins (:class:`RegionalSite`, :class:`RegionalConfig`) built from syndicat.yml, and the
templates under ``templates/syndicat/`` override its footer. Every page and file goes into an
:class:`portalgen.output.OutputPlan`, which the caller writes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence
from urllib.parse import urlparse

import jinja2
import pandas as pd

from .. import routes
from ..charts import ChartSpec, aggregate, render_chart_html
from ..config.schema import AccessibilityConfig, ContactConfig, MapConfig, PublisherConfig
from ..output import OutputPlan
from ..render.env import make_environment
from ..render.pages import NavItem, copy_static
from ..render.vendor import add_map_libraries
from ..search import fold
from ..theme import ThemeStack
from .observatory import CommuneFigures, Totals, observatory_csv, scdl_schema_count
from .regional_search import ordered_entries, regional_index
from .schema import SyndicatConfig
from .summary import CommuneSummary, DatasetSummary

OBSERVATORY = "observatoire/index.html"
OBSERVATORY_CSV = "observatoire/observatoire.csv"
COMMUNES_GEOJSON = "observatoire/communes.geojson"
OWNER = "regional portal"


@dataclass(frozen=True)
class RegionalCommune:
    """What base.html reads of ``config.commune`` (the brand's initial)."""

    name: str
    department: str | None = None


@dataclass(frozen=True)
class RegionalConfig:
    """The settings the theme's templates read, for the regional pages."""

    title: str
    tagline: str | None
    description: str
    site_url: str
    language: str
    commune: RegionalCommune
    publisher: PublisherConfig | None
    contact: ContactConfig | None
    accessibility: AccessibilityConfig
    map: MapConfig
    legal_url: str | None


@dataclass(frozen=True)
class RegionalSite:
    """What base.html reads of ``site``."""

    build_date: dt.date | None
    producers: tuple = ()
    datasets: tuple = ()
    extras: dict = field(default_factory=dict)


def regional_config(config: SyndicatConfig) -> RegionalConfig:
    publisher = config.publisher or PublisherConfig(name=config.name)
    return RegionalConfig(
        title=config.portal_title, tagline=config.tagline, description=config.description, site_url=config.site_url,
        language=config.language, commune=RegionalCommune(config.name), publisher=publisher,
        contact=config.contact or config.defaults.contact, accessibility=config.accessibility,
        map=config.map or config.defaults.map or MapConfig(), legal_url=config.legal_url)


def commune_target(config: SyndicatConfig, summary: CommuneSummary, page: str = "index.html") -> str:
    """Link target of a commune page: its output path when published under the regional site, else its address."""
    if summary.site_url.startswith(config.site_url) and summary.site_url == config.commune_url(summary.slug):
        return f"{summary.out_folder}/{page}"
    return summary.site_url.rstrip("/") + "/" + routes.url_path(page)


def percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100)


@dataclass(frozen=True)
class Regional:
    """Everything the regional pages show."""

    config: SyndicatConfig
    summaries: tuple[CommuneSummary, ...]     # in name order
    rows: tuple[CommuneFigures, ...]          # same order
    totals: Totals
    reference: dt.date | None


class AliasLoader(jinja2.BaseLoader):
    """A loader that serves some templates under another name.

    The regional pages ask for "base.html" (so the theme's own pages, such as accessibility.html,
    get the regional footer too) and receive ``syndicat/base.html``, which extends the theme's real
    base.html under the name ``syndicat/portal-base.html``.
    """

    def __init__(self, inner: jinja2.BaseLoader, aliases: dict[str, str]):
        self.inner = inner
        self.aliases = aliases

    def get_source(self, environment, template):
        return self.inner.get_source(environment, self.aliases.get(template, template))

    def list_templates(self):
        return sorted(set(self.inner.list_templates()) | set(self.aliases))


REGIONAL_ALIASES = {"base.html": "syndicat/base.html", "syndicat/portal-base.html": "base.html"}


class RegionalRenderer:
    """Renders the theme's templates for the regional pages into an output plan."""

    def __init__(self, regional: Regional, theme: ThemeStack, plan: OutputPlan):
        self.regional = regional
        self.plan = plan
        self.lang = regional.config.language
        self.env, self.messages = make_environment(theme, self.lang)
        self.env.loader = AliasLoader(self.env.loader, REGIONAL_ALIASES)
        self.env.globals["base_path"] = urlparse(regional.config.site_url).path or "/"
        self.env.filters["percent"] = percent
        self.config = regional_config(regional.config)
        self.site = RegionalSite(build_date=regional.reference)
        _ = self.messages.get
        self.navigation = [NavItem(_("syndicat.nav.communes"), routes.home(), "home"),
                           NavItem(_("nav.datasets"), routes.catalogue(), "datasets"),
                           NavItem(_("syndicat.nav.observatory"), OBSERVATORY, "observatoire")]

    def render(self, path: str, template: str, section: str, **context) -> None:
        html = self.env.get_template(template).render(
            site=self.site, config=self.config, page_path=path, navigation=self.navigation, section=section,
            syndicat=self.regional.config, totals=self.regional.totals, reference=self.regional.reference,
            commune_target=lambda summary, page="index.html": commune_target(self.regional.config, summary, page),
            observatory_path=OBSERVATORY, csv_path=OBSERVATORY_CSV, geojson_path=COMMUNES_GEOJSON,
            scdl_known=scdl_schema_count(), **context)
        self.plan.add(path, html, OWNER)

    def card(self, commune: CommuneSummary, dataset: DatasetSummary, page_path: str, heading: str = "h3") -> str:
        return self.env.get_template("syndicat/dataset_card.html").render(
            page_path=page_path, config=self.config, commune=commune, dataset=dataset, heading=heading,
            target=commune_target(self.regional.config, commune, routes.dataset(dataset.id))).strip()


def _map_data(regional: Regional, messages) -> dict | None:
    """The GeoJSON of the communes that give coordinates, and the layer spec map.js reads (None without any)."""
    placed = [(r, s) for r, s in zip(regional.rows, regional.summaries) if r.has_position]
    if not placed:
        return None
    name, count, quality = (messages("syndicat.map.commune"), messages("syndicat.map.datasets"),
                            messages("syndicat.map.quality"))
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r.longitude, r.latitude]},
                 "properties": {name: r.name, count: r.datasets,
                                quality: "" if r.quality is None else f"{round(r.quality)} %"}}
                for r, _ in placed]
    lons = [r.longitude for r, _ in placed]
    lats = [r.latitude for r, _ in placed]
    return {"geojson": {"type": "FeatureCollection", "features": features},
            "layer": {"geometry": "points", "count": len(features), "bbox": [min(lons), min(lats), max(lons), max(lats)],
                      "popup": [name, count, quality], "inline": "communes-geojson"}}


def _chart_html(regional: Regional, messages, lang: str) -> str | None:
    rows = [r for r in regional.rows]
    if not rows:
        return None
    scdl, other = messages("syndicat.chart.scdl"), messages("syndicat.chart.other")
    frame = pd.DataFrame({
        "commune": [r.name for r in rows for _ in (0, 1)],
        "type": [label for _ in rows for label in (scdl, other)],
        "jeux": [value for r in rows for value in (r.scdl_datasets, r.datasets - r.scdl_datasets)],
    })
    spec = ChartSpec(type="stacked_bar", x="commune", y="jeux", aggregation="sum", group_by="type",
                     title=messages("syndicat.chart.title"), sort="value", order="desc",
                     x_label=messages("syndicat.chart.x"), y_label=messages("syndicat.chart.y"))
    return render_chart_html(aggregate(frame, spec), spec, lang, id_prefix="observatoire-chart")


def _compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def render_regional(regional: Regional, theme: ThemeStack, plan: OutputPlan) -> None:
    """Every regional page and file: home, catalogue with search, observatory, CSV, GeoJSON, assets."""
    r = RegionalRenderer(regional, theme, plan)
    config = regional.config
    copy_static(theme, plan)
    add_map_libraries(plan)
    map_data = _map_data(regional, r.messages.get)
    layer = map_data["layer"] if map_data else None
    if layer is not None:
        plan.add(COMMUNES_GEOJSON, _compact_json(map_data["geojson"]) + "\n", OWNER)
        layer = {**layer, "url": COMMUNES_GEOJSON}
    geojson_text = _compact_json(map_data["geojson"]).replace("</", "<\\/") if map_data else None
    pairs = list(zip(regional.summaries, regional.rows))
    r.render(routes.home(), "syndicat/home.html", "home", communes=pairs, map_layer=layer, map_geojson=geojson_text)

    entries = ordered_entries(regional.summaries)
    size = config.catalogue_page_size
    pages = max(1, math.ceil(len(entries) / size))
    for number in range(1, pages + 1):
        path = routes.catalogue(number)
        cards = [r.card(c, d, path, "h2") for c, d in entries[(number - 1) * size: number * size]]
        r.render(path, "syndicat/catalogue.html", "datasets", cards=cards, page_number=number, page_count=pages,
                 page_link=routes.catalogue, total=len(entries))
    index = regional_index(entries, message=r.messages.get,
                           card=lambda c, d: r.card(c, d, routes.catalogue()))
    for name, content in index.files:
        plan.add(routes.search_file(name), content, OWNER)

    plan.add(OBSERVATORY_CSV, observatory_csv(regional.rows), OWNER)
    r.render(OBSERVATORY, "syndicat/observatory.html", "observatoire", communes=pairs,
             chart_html=_chart_html(regional, r.messages.get, r.lang), map_layer=layer, map_geojson=geojson_text)
    r.render(routes.accessibility(), "accessibility.html", "accessibility")


def name_order(summaries: Sequence[CommuneSummary]) -> list[CommuneSummary]:
    """Communes in the order people look for them: by name (accents and case ignored), then slug."""
    return sorted(summaries, key=lambda s: (fold(s.name), s.slug))


def theme_root(config: SyndicatConfig, syndicat_root: Path) -> tuple[str, Path]:
    """The theme of the regional pages (the communes' default theme) and the folder it is resolved from."""
    return (config.defaults.theme or "default"), Path(syndicat_root)
