"""What the data tells: read each tabular file, guard personal data, normalise, profile, convert,
validate against its schema, and prepare its preview, map, charts and key figures.

The costly work is done once per resource and kept in the content-addressed cache
(:mod:`portalgen.cache`): a rebuild with nothing changed only reads results back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import math
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

import pyarrow as pa

from .. import tabular
from ..cache import CacheEntry, ResultCache, cache_key
from ..cachepack import remove_abandoned_scratch
from ..config.checker import INTERNAL_FIELDS
from ..config.schema import ChartConfig, FigureConfig, PrivacyRule
from ..errors import DataError, Finding, Level, Location, PortalgenError, error, info
from ..filesource import WorkFolder
from ..lockstep import Steps, run_to_end
from ..model import Dataset, KeyFigure, MapLayer, PublishedFile, RenderedChart, Resource, Site
from ..replacing import replaced
from ..workers import cores_to_fork_on

TABLE_FORMATS = set(tabular.INPUT_FORMATS)
SOURCE_FOLDER = "source"
INLINE_MAP_FEATURES = 100
INLINE_MAP_BYTES = 60_000

#: Counts the resources really processed (not read from the cache); tests use it.
WORK_COUNTER = {"processed": 0}


@dataclass(frozen=True)
class ProfileRow:
    """One line of the data dictionary: the column's profile and, with a schema, its documentation."""

    name: str
    type: str
    empty: int
    distinct: int
    min: Any
    max: Any
    top: tuple[tuple[str, int], ...]
    title: str = ""
    description: str = ""


@dataclass(frozen=True)
class TableSummary:
    """What the pages need to know about a tabular resource (``resource.table``)."""

    columns: tuple[str, ...]
    types: tuple[str, ...]
    row_count: int
    profile: tuple[ProfileRow, ...]
    preview: Any                       # tabular.Preview
    conversions: tuple[str, ...]
    privacy: Any = None                # privacy.PrivacyReport
    validation: Any = None             # schemas.ValidationReport


@dataclass(frozen=True)
class ResourceWork:
    """The cached result of the work on one resource."""

    summary: TableSummary | None
    downloads: tuple[PublishedFile, ...]
    findings: tuple[Finding, ...]
    geo: MapLayer | None
    charts: tuple[RenderedChart, ...]
    figures: tuple[KeyFigure, ...]
    publish_source: bool = True


@dataclass(frozen=True)
class WorkSettings:
    """Everything besides the input bytes that changes the result (part of the cache key)."""

    lang: str
    preview_rows: int
    schema: str | None
    privacy: tuple[tuple[str, str, str | None, str | None], ...]
    map: Any
    charts: tuple[ChartConfig, ...]
    figures: tuple[FigureConfig, ...]
    use_default_charts: bool
    salt: str
    reference_date: dt.date | None
    timestamp: dt.date | None
    read: Any


def _read_options(resource: Resource) -> tabular.ReadOptions:
    read = resource.read
    if read is None:
        return tabular.ReadOptions()
    sheet = read.sheet
    if isinstance(sheet, int):
        sheet = sheet + 1  # the config counts sheets from 0, the reader from 1
    return tabular.ReadOptions(encoding=read.encoding, delimiter=read.delimiter, quotechar=read.quotechar,
                               decimal=read.decimal, thousands=read.thousands, date_format=read.date_format,
                               sheet=sheet, header_row=read.header_row)


def _matches(resource: Resource, target: str | None, first_table: bool) -> bool:
    if target is None:
        return first_table
    wanted = target.strip().removeprefix("data/")
    return resource.path is not None and (resource.path.name == wanted or resource.path.as_posix().endswith("/" + wanted))


def _policies(resource_config) -> tuple[tuple[str, str, str | None], ...]:
    if resource_config is None:
        return ()
    items = []
    for column, rule in sorted(resource_config.privacy.items()):
        if isinstance(rule, PrivacyRule):
            items.append((column, rule.mode, rule.justification, rule.precision))
        else:
            items.append((column, str(rule), None, None))
    return tuple(items)


def _resource_config(dataset: Dataset, resource: Resource):
    index = next(i for i, r in enumerate(dataset.resources) if r is resource)
    item = dataset.config.resources[index] if index < len(dataset.config.resources) else None
    return None if isinstance(item, str) else item


# ----------------------------------------------------------------------------------------------
# The work on one resource (pure: input file + settings -> files in `folder` + a ResourceWork)
# ----------------------------------------------------------------------------------------------

def _apply_privacy(table, normalised, settings: WorkSettings, label: str, dataset_file: str, findings: list):
    from .. import privacy
    policies = {column: privacy.ColumnPolicy(mode=mode, justification=justification, precision=precision)
                for column, mode, justification, precision in settings.privacy}
    names = list(table.column_names)
    columns = [table.arrow(name) for name in names]
    if all(c.type == pa.string() for c in columns):
        # Text columns as the table's Python values (read once, kept from the reading of a small table), no
        # pandas frame (the texts are those pandas gives, nulls aside, which the scan reads as "").
        texts = privacy.string_cell_texts([table.values(name) for name in names])
        report = privacy.scan_texts(names, texts, table.row_count, file_label=label, schema_id=settings.schema,
                                    column_policies=policies, config_file=dataset_file,
                                    reference_date=settings.reference_date)
    else:
        report = privacy.scan_table(table.frame, file_label=label, schema_id=settings.schema,
                                    column_policies=policies, config_file=dataset_file,
                                    reference_date=settings.reference_date)
    findings.extend(report.to_findings())
    if not report.ok_to_publish:
        return normalised, report, False
    changing = {c: p for c, p in policies.items() if p.anonymises and c in names}
    if not changing:
        return normalised, report, True
    anonymised = privacy.anonymise(table.frame[list(changing)].astype(str), changing, salt=settings.salt,
                                   file_label=label)
    arrays, columns = {}, []
    for column in normalised.columns:
        if column.name in changing and column.name not in anonymised.columns:
            continue  # dropped
        if column.name in changing:
            values = [None if v in ("", "nan", "None") else str(v) for v in anonymised[column.name].tolist()]
            arrays[column.name] = pa.chunked_array([pa.array(values, type=pa.string())])
            columns.append(tabular.Column(column.name, tabular.STRING))
        else:
            arrays[column.name] = normalised.arrow(column.name)
            columns.append(column)
    point_columns = normalised.point_columns
    if point_columns and any(c in changing for c in point_columns):
        point_columns = None
    anonymised_table = replace(normalised, arrays=arrays, columns=tuple(columns), point_columns=point_columns,
                               geometry=None if normalised.geometry is not None and changing else normalised.geometry)
    return anonymised_table, report, False


def _schema(settings: WorkSettings, site_root: Path, cache_root: Path, dataset_file: str, findings: list):
    if not settings.schema:
        return None
    from ..schemas import resolve_schema
    try:
        return resolve_schema(settings.schema, site_dir=site_root, cache_dir=cache_root / "schemas",
                              config_file=dataset_file, config_key="schema")
    except PortalgenError as exc:
        findings.extend(exc.findings)
        return None


def _schema_types(table, schema_info):
    """Columns the schema declares as text stay text (codes, postcodes, intervals…), whatever they look like."""
    if schema_info is None:
        return table
    from ..schemas import field_docs
    text_fields = {name for name, doc in field_docs(schema_info).items() if doc.type == "string"}
    columns = tuple(
        tabular.ColumnDetection(name=c.name, type=tabular.STRING)
        if c.name in text_fields and (c.type != tabular.STRING or c.blockers)
        else c for c in table.detection.columns)
    return replace(table, detection=replace(table.detection, columns=columns))


def _profile_rows(normalised, schema_info) -> tuple[ProfileRow, ...]:
    docs = {}
    if schema_info is not None:
        from ..schemas import field_docs
        docs = field_docs(schema_info)
    rows = []
    for p in tabular.profile(normalised):
        doc = docs.get(p.name)
        rows.append(ProfileRow(p.name, p.type, p.empty, p.distinct, p.min, p.max, p.top,
                               title=doc.title if doc and doc.title != p.name else "",
                               description=doc.description if doc else ""))
    return tuple(rows)


def _map_layer(normalised, plain_frame, settings: WorkSettings, schema_info, folder: WorkFolder, stem: str,
               label: str, source_geojson: Path | None, findings: list) -> tuple[MapLayer | None, PublishedFile | None]:
    """The table's map layer and, when its points are drawn from coordinate columns, the GeoJSON
    download written for them."""
    from .. import geo
    map_config = settings.map
    if map_config is not None and not map_config.enabled:
        return None, None
    configured_popup = list(map_config.popup) if map_config and map_config.popup else None
    if source_geojson is not None and normalised.geometry is not None:
        text = source_geojson.read_text(encoding="utf-8")
        features, problems = geo.validate_geojson(json.loads(text), label)
        findings.extend(problems)
        summary = geo.summarize_features(features)
        points_only = summary.points > 0 and summary.lines == 0 and summary.polygons == 0
        popup = tuple(geo.popup_fields(list(normalised.column_names), configured_popup))
        inline = text if len(features) <= INLINE_MAP_FEATURES and len(text) <= INLINE_MAP_BYTES else None
        return MapLayer(filename="", feature_count=len(features), geometry="points" if points_only else "shapes",
                        bbox=summary.bbox, popup_fields=popup, inline=inline), None
    coords = None
    if map_config is not None and (map_config.latitude or map_config.geopoint):
        coords = geo.CoordinateColumns(latitude=map_config.latitude, longitude=map_config.longitude,
                                       geopoint=map_config.geopoint, source="config")
    if coords is None and schema_info is not None:
        from ..schemas import geo_fields
        fields = geo_fields(schema_info)
        if fields is not None:
            candidate = geo.CoordinateColumns.from_geo_fields(fields)
            if all(c in normalised.column_names for c in (candidate.latitude, candidate.longitude, candidate.geopoint) if c):
                coords = candidate
    if coords is None:
        coords = geo.find_coordinate_columns(list(normalised.column_names))
    if coords is None:
        return None, None
    epsg = map_config.epsg if map_config else None
    first_row_number = int(normalised.row_numbers[0]) if normalised.row_count else 2
    properties = list(normalised.column_names)
    json_columns = _small_map_json_columns(normalised, coords)
    if json_columns is None:
        frame = plain_frame()
        points = geo.extract_points(frame, coords, file_label=label, epsg=epsg, first_row_number=first_row_number)
    else:
        points = geo.extract_number_points(normalised.values(coords.latitude), normalised.values(coords.longitude),
                                           coords, file_label=label, epsg=epsg, first_row_number=first_row_number)
    findings.extend(points.findings)
    if not points.rows:
        return None, None
    if json_columns is None:
        collection = geo.points_to_geojson(frame, points, properties)
    else:
        collection = geo.point_collection(points, properties, [[column[row] for row in points.rows]
                                                               for column in json_columns])
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    data = text.encode("utf-8")  # the bytes write_text writes (no newline translation on POSIX), hashed here
    path = Path(folder.keep(f"{stem}.geojson", data))
    download = PublishedFile(filename=path.name, format="GeoJSON", media_type="application/geo+json",
                             size=len(data), sha256=hashlib.sha256(data).hexdigest(), role="derived",
                             source=path, title=path.name)
    bbox = (min(points.lon), min(points.lat), max(points.lon), max(points.lat))
    popup = tuple(geo.popup_fields(properties, configured_popup))
    inline = text if len(points.rows) <= INLINE_MAP_FEATURES and len(text) <= INLINE_MAP_BYTES else None
    return MapLayer(filename=path.name, feature_count=len(points.rows), geometry="points", bbox=bbox,
                    popup_fields=popup, inline=inline), download


def _chart_specs(settings: WorkSettings, schema_info, where: Location, findings: list):
    from .. import charts
    specs = []
    for index, chart in enumerate(settings.charts):
        mapping = {f.name: getattr(chart, f.name) for f in dataclasses.fields(chart)
                   if f.name not in (*INTERNAL_FIELDS, "resource") and getattr(chart, f.name) is not None}
        spec = charts.parse_chart_spec(mapping, chart.where or where, key_prefix=f"charts[{index}]")
        if isinstance(spec, list):
            findings.extend(spec)
        else:
            specs.append(spec)
    if not settings.charts and settings.use_default_charts and schema_info is not None:
        from ..charts.spec import spec_from_suggestion
        from ..schemas import chart_suggestions
        for suggestion in chart_suggestions(schema_info):
            spec = spec_from_suggestion(suggestion, where)
            if not isinstance(spec, list):
                specs.append(spec)
    return specs


def _plain_frame(normalised):
    """The normalised table with numpy dtypes (the chart and map code expect plain pandas columns)."""
    return normalised.arrow_table().to_pandas(date_as_object=False)


def _small_map_json_columns(normalised, coords) -> list[list] | None:
    """For a small table whose coordinates are two number columns, every column's cells as the JSON values
    :func:`geo.points_to_geojson` reads from the plain frame (:func:`_plain_frame`), taken from the table's
    Python values instead: building that frame costs more than the rest of a small table's map. None for
    other tables (texts to parse, a geopoint, many rows), which go through the frame.

    The plain frame's columns give: texts as they are; integers as ints, or as floats when the column has an
    empty cell (pandas then holds it as float64); numbers as floats, None when not finite; dates as ISO
    dates; date-times as ISO date-times, a midnight as its date (pandas timestamps). Tested equal."""
    types = {column.name: column.type for column in normalised.columns}
    if (normalised.row_count > tabular.convert.SMALL_TABLE_ROWS or coords.geopoint is not None
            or any(types.get(name) not in (tabular.INTEGER, tabular.NUMBER)
                   for name in (coords.latitude, coords.longitude))):
        return None
    columns = []
    for column in normalised.columns:
        try:
            values = normalised.values(column.name)
        except (OverflowError, ValueError):  # a date Python cannot hold (before year 1)
            return None
        if column.type in (tabular.STRING, tabular.BOOLEAN):
            columns.append(values)
        elif column.type == tabular.INTEGER:
            columns.append(values if None not in values else [None if v is None else float(v) for v in values])
        elif column.type == tabular.NUMBER:
            columns.append([v if v is not None and math.isfinite(v) else None for v in values])
        elif column.type == tabular.DATE:
            columns.append([None if v is None else v.isoformat() for v in values])
        elif column.type == tabular.DATETIME:
            columns.append([None if v is None else v.date().isoformat() if v.time() == dt.time() else v.isoformat()
                            for v in values])
        else:
            return None
    return columns


def _render_charts(normalised, plain_frame, specs, settings: WorkSettings, label: str, findings: list,
                   declared: bool):
    from .. import charts
    types = {c.name: c.type for c in normalised.columns}
    rendered = []
    for index, spec in enumerate(specs):
        problems = charts.check_chart_against_columns(spec, types, spec.where, data_label=label)
        if problems:
            if declared:
                findings.extend(problems)
            continue
        data = charts.aggregate(plain_frame(), spec)
        if data.is_empty and not declared:
            continue
        from ..read.datasets import slugify
        prefix = f"chart-{slugify(label)}-{index + 1}"  # unique in the site: several charts may share a page
        svg = charts.render_svg(data, spec, lang=settings.lang, id_prefix=prefix, show_title=False)
        title = charts.chart_title(spec, settings.lang) if hasattr(charts, "chart_title") else (spec.title or "")
        rendered.append(RenderedChart(title=str(title), svg=svg, alt=charts.describe_chart(data, spec, settings.lang),
                                      table_html=charts.render_table_html(data, spec, settings.lang)))
    return tuple(rendered)


def _figures(normalised, settings: WorkSettings, first: bool, findings: list, where: Location):
    specs = [tabular.FigureSpec(label=f.label, op=f.op, column=f.column, filter=dict(f.filter), unit=f.unit,
                                decimals=f.decimals) for f in settings.figures]
    try:
        figures = tabular.compute_figures(normalised, specs, include_defaults=first)
    except DataError as exc:
        findings.extend(replace(f, level=Level.ERROR, where=where) for f in exc.findings)
        figures = tabular.default_figures(normalised) if first else ()
    return tuple(KeyFigure(label=f.label, display=f.display) for f in figures)


def process_resource_steps(resource: Resource, settings: WorkSettings, *, folder: Path | WorkFolder, label: str,
                           dataset_file: str, first_table: bool, where: Location, site_root: Path,
                           cache_root: Path) -> Steps[ResourceWork]:
    """Read, guard, normalise, profile, convert, validate and draw one tabular resource into ``folder``
    (a path: a folder that exists; a :class:`WorkFolder` in memory: its files kept there when they can be).

    In steps (see :mod:`portalgen.lockstep`): each ``yield`` ends one, so that many small tables can go
    through each step together."""
    WORK_COUNTER["processed"] += 1
    findings: list[Finding] = []
    try:
        table = yield from tabular.read_table_steps(resource.path, resource.format, _read_options(resource),
                                                    source=label)
    except DataError as exc:
        return ResourceWork(None, (), tuple(exc.findings), None, (), ())
    yield
    schema_info = _schema(settings, site_root, cache_root, dataset_file, findings)
    table = _schema_types(table, schema_info)
    normalised = tabular.normalise(table)
    findings.extend(normalised.findings)
    yield
    normalised, privacy_report, publish_source = _apply_privacy(table, normalised, settings, label, dataset_file,
                                                                findings)
    yield
    if privacy_report is not None and not privacy_report.ok_to_publish:
        return ResourceWork(None, (), tuple(findings), None, (), (), publish_source=False)
    if not normalised.columns:
        findings.append(error("the privacy rules remove every column: nothing is left to publish", Location(label),
                              code="privacy-nothing-left", hint="publish only the columns that hold no personal data, "
                              "or remove this resource"))
        return ResourceWork(None, (), tuple(findings), None, (), (), publish_source=False)
    if normalised.conversions:
        findings.append(info(f"converted for publication: {'; '.join(normalised.conversions)}", Location(label),
                             code="data-converted"))
    if not isinstance(folder, WorkFolder):
        folder = WorkFolder(folder)
    stem = resource.id
    timestamp = dt.datetime.combine(settings.timestamp, dt.time()) if settings.timestamp else None
    geojson_source = resource.path if resource.format == "geojson" else None
    # Plain pandas columns, for the map and the charts: made when first needed (most tables have neither).
    plain_frame = functools.cache(lambda: _plain_frame(normalised))
    layer, geojson_download = _map_layer(normalised, plain_frame, settings, schema_info, folder, stem, label,
                                         geojson_source, findings)
    yield
    formats = [f for f in tabular.FORMATS if not (f == "GeoJSON" and (geojson_download or geojson_source))]
    derived = yield from tabular.download_steps(normalised, folder, stem, timestamp=timestamp, formats=formats)
    downloads = [PublishedFile(filename=d.name, format=d.format, media_type=d.media_type, size=d.size,
                               sha256=d.sha256, role="normalised" if d.format == "CSV" else "derived",
                               source=Path(folder.path, d.name), title=d.name) for d in derived]
    if geojson_download is not None:
        downloads.append(geojson_download)
    validation = None
    if schema_info is not None:
        from ..schemas import report_findings, validate_table
        csv_file = next((d.source for d in downloads if d.format == "CSV"), None)
        if csv_file is not None:
            folder.write_out(str(csv_file))  # the validator reads the file
            validation = validate_table(csv_file, schema_info)
            findings.extend(f if f.level is not Level.ERROR else replace(f, level=Level.WARNING)
                            for f in report_findings(validation, label))
    profile = _profile_rows(normalised, schema_info)
    yield
    preview = tabular.preview(normalised, settings.preview_rows)
    yield
    summary = TableSummary(
        columns=normalised.column_names, types=tuple(c.type for c in normalised.columns),
        row_count=normalised.row_count, profile=profile, preview=preview, conversions=normalised.conversions,
        privacy=privacy_report, validation=validation)
    specs = _chart_specs(settings, schema_info, where, findings)
    charts = _render_charts(normalised, plain_frame, specs, settings, label, findings, declared=bool(settings.charts))
    yield
    figures = _figures(normalised, settings, first_table, findings, where)
    return ResourceWork(summary, tuple(downloads), tuple(findings), layer, charts, figures,
                        publish_source=publish_source)


# ----------------------------------------------------------------------------------------------
# The stage
# ----------------------------------------------------------------------------------------------

def _settings(site: Site, dataset: Dataset, resource: Resource, first_table: bool, salt: str) -> WorkSettings:
    """The settings of the work on ``resource``; ``salt`` is :func:`site_salt` (the same for every resource)."""
    config = _resource_config(dataset, resource)
    mine = lambda items: tuple(i for i in items if _matches(resource, i.resource, first_table))  # noqa: E731
    return WorkSettings(
        lang=site.config.language, preview_rows=site.config.preview_rows, schema=dataset.schema,
        privacy=_policies(config), map=config.map if config else None, charts=mine(dataset.config.charts),
        figures=mine(dataset.config.figures), use_default_charts=first_table, salt=salt,
        reference_date=site.build_date, timestamp=dataset.modified, read=resource.read)


SALT_VARIABLE = "PORTALGEN_PRIVACY_SALT"


def site_salt(site: Site) -> str:
    """The salt of the `hash` privacy mode: keep it secret in PORTALGEN_PRIVACY_SALT (a CI secret), since a hashed
    phone number can be found again by trying every number with a known salt. Without it, a salt derived from the
    commune is used and the hashes only hide values from a casual reader."""
    return os.environ.get(SALT_VARIABLE) or f"portalgen:{site.config.commune.insee}:{site.config.site_url or ''}"


def _settings_key(settings: WorkSettings) -> Any:
    """``settings`` as plain JSON values (dataclasses as dicts of their fields, dates as ISO text), for the cache key."""
    return _plain(settings)


#: The fields of each dataclass met in work settings that are part of the key (their locations in the
#: YAML are not), None for the other types met: looked up once per type, as :func:`dataclasses.fields` and
#: even :func:`dataclasses.is_dataclass` are slow for every value of every resource.
_KEY_FIELDS: dict[type, tuple[str, ...] | None] = {}
_SCALARS = frozenset({str, int, float, bool})


def _key_fields(kind: type) -> tuple[str, ...] | None:
    """The key's fields of the dataclass ``kind``, None when ``kind`` is no dataclass."""
    if kind not in _KEY_FIELDS:
        is_dataclass = dataclasses.is_dataclass(kind)
        _KEY_FIELDS[kind] = tuple(field.name for field in dataclasses.fields(kind)
                                  if field.name not in INTERNAL_FIELDS) if is_dataclass else None
    return _KEY_FIELDS[kind]


def _plain(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in _SCALARS:  # most settings: as they are
        return value
    names = _key_fields(kind)
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Job:
    """The work on one tabular resource, ready to run here or in a worker process."""

    key: str
    resource: Resource
    settings: WorkSettings
    label: str
    dataset_file: str
    first_table: bool
    where: Location


#: Below this many resources to (re)process, worker processes cost more than they save.
PARALLEL_FROM = 8


def _plan(site: Site) -> dict[tuple[str, str], Job]:
    jobs = {}
    data_root = (site.root / "data").resolve()
    inside_data = os.path.join(str(data_root), "")
    salt = site_salt(site)
    for dataset in site.datasets:
        first = True
        for resource in dataset.resources:
            if resource.path is None or resource.format not in TABLE_FORMATS:
                continue
            if resource.format == "txt" and not (resource.read and resource.read.delimiter):
                continue  # a .txt file is a text (a notice…) unless its reading options say it is a table
            settings = _settings(site, dataset, resource, first, salt)
            key = cache_key("table", resource.source_file.sha256, resource.format, _settings_key(settings))
            jobs[(dataset.id, resource.id)] = Job(key, resource, settings,
                                                   _data_label(resource.path, data_root, inside_data),
                                                   dataset.file, first, dataset.where)
            first = False
    return jobs


def _data_label(path: Path, data_root: Path, inside_data: str) -> str:
    """``data/`` and ``path`` relative to ``data_root``, with '/': ``f"data/{path.relative_to(data_root).as_posix()}"``,
    told from the path's text when it starts with ``inside_data`` (``data_root``'s text ending with the separator).

    The read stage resolves every local resource path inside ``data_root`` (it reports the others), so this is
    almost always the case; pathlib's ``relative_to`` parses both paths again for each resource, a fifth of the
    planning's time. A path's text has no redundant separator or ``.`` part (pathlib drops them), so what follows
    the prefix is what ``relative_to`` gives (tested); any other path takes the general way, and its error."""
    text = str(path)
    if text.startswith(inside_data) and os.sep == "/":
        return f"data/{text[len(inside_data):]}"
    return f"data/{path.relative_to(data_root).as_posix()}"


#: Inputs up to this size have their work's files stored in one packed cache entry (see
#: :mod:`portalgen.cachepack`): a small table's work costs about 10 ms of CPU, of which creating its
#: five or six files and a folder on the cache's disk was a large and very variable share. The files
#: are first made in a scratch folder in memory, only 64 MiB in a Docker container: the files of a CSV
#: are about 4 to 5 times its size (measured: 2.2 MB from 0.45 MB), so at this limit 8 workers hold at
#: most ~40 MiB there at once (a compressed XLSX may make more: a full scratch folder only sends the
#: work to a folder entry). Above it the work costs far more than creating its files, and the folder
#: layout is kept as it was.
PACK_INPUT_BYTES = 1 << 20


def _work(job: Job, cache_dir: Path, site_root: Path) -> Callable[[Path | WorkFolder], Steps[ResourceWork]]:
    """The work of ``job`` in steps, given the folder to work in."""
    return lambda folder: process_resource_steps(
        job.resource, job.settings, folder=folder, label=job.label, dataset_file=job.dataset_file,
        first_table=job.first_table, where=job.where, site_root=site_root, cache_root=cache_dir)


def _is_small(job: Job) -> bool:
    source = job.resource.source_file
    return source is not None and source.size <= PACK_INPUT_BYTES


#: Small inputs run in lockstep (see :mod:`portalgen.lockstep`) in groups of at most this many bytes of input
#: (and at most a batch of jobs): each holds its table in memory until the group is done.
LOCKSTEP_INPUT_BYTES = 4 << 20


def _lockstep_groups(jobs: list[Job]) -> list[list[Job]]:
    """``jobs`` in order, in groups to run together: small inputs up to LOCKSTEP_INPUT_BYTES a group, each
    other job alone."""
    groups: list[list[Job]] = []
    group: list[Job] = []
    group_bytes = 0
    for job in jobs:
        size = job.resource.source_file.size if _is_small(job) else None
        if group and (size is None or group_bytes + size > LOCKSTEP_INPUT_BYTES):
            groups.append(group)
            group, group_bytes = [], 0
        if size is None:
            groups.append([job])
            continue
        group.append(job)
        group_bytes += size
    if group:
        groups.append(group)
    return groups


def _run_all(jobs: list[Job], cache_dir: Path, site_root: Path) -> list[tuple[str, bytes]]:
    """Do the work of a batch of jobs and store it; returns each job's key and stored bytes (see
    :meth:`ResultCache.store`), which a worker process sends to its parent so that it need not read them
    back from the cache. A small input's work is packed, its files kept in memory until the entry is
    written, and small inputs run in lockstep."""
    cache = ResultCache(cache_dir)
    results: list[tuple[str, bytes]] = []
    for group in _lockstep_groups(jobs):
        if _is_small(group[0]):
            stored = cache.store_in_lockstep([(job.key, _work(job, cache_dir, site_root)) for job in group])
        else:
            work = _work(group[0], cache_dir, site_root)
            stored = [cache.store(group[0].key, lambda folder: run_to_end(work(folder)))]
        results += zip((job.key for job in group), stored)
    return results


def _worker_start() -> None:
    """Worker set-up: the site model inherited from the parent is never garbage; frozen, the collector
    stops walking it at every full collection, and its memory pages stay shared with the parent."""
    import gc
    gc.freeze()


#: Jobs sent to a worker at once: enough to make the round trips cheap, few enough that the
#: workers finish together and the progress moves.
BATCH_SIZE = 16


def _run_missing(jobs: list[Job], cache: ResultCache, site_root: Path, progress,
                 while_workers_run: Callable[[], None] = lambda: None,
                 settle: Callable[[], None] = lambda: None) -> dict[str, CacheEntry]:
    """Compute every result the cache lacks: in worker processes when there are many (the cache is
    process-safe: each entry is written under a temporary name and renamed into place). Returns the
    entries computed, decoded from the bytes the work stored. ``while_workers_run`` is called once the
    worker processes have their work (this process then mostly waits for their results); not called when
    the work is done here. ``settle`` is called after each batch of results is decoded (see
    :class:`~portalgen.enrich.stage.EnrichContext`)."""
    missing = [job for job in jobs if not cache.has(job.key)]
    if missing:
        remove_abandoned_scratch()  # left by a worker killed in an earlier build
    workers = min(cores_to_fork_on(), 8)
    parallel = len(missing) >= PARALLEL_FROM and workers >= 2
    size = max(1, min(BATCH_SIZE, len(missing) // (workers * 4))) if parallel else BATCH_SIZE
    batches = [missing[start:start + size] for start in range(0, len(missing), size)]
    computed: dict[str, CacheEntry | None] = {}

    def receive(results: list[tuple[str, bytes]]) -> None:
        computed.update((key, cache.decode(key, data)) for key, data in results)
        settle()
        progress.advance(len(computed), len(missing))

    if not parallel:
        for batch in batches:
            receive(_run_all(batch, cache.root, site_root))
    else:
        import concurrent.futures
        import multiprocessing
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                                    initializer=_worker_start) as pool:
            futures = [pool.submit(_run_all, batch, cache.root, site_root) for batch in batches]
            while_workers_run()
            for future in concurrent.futures.as_completed(futures):
                receive(future.result())
    return {key: entry for key, entry in computed.items() if entry is not None}


def enrich(site: Site, context) -> tuple[Site, list[Finding]]:
    cache = ResultCache(context.cache_dir)
    jobs = _plan(site)
    computed = _run_missing(list(jobs.values()), cache, site.root, context.progress, context.while_data_workers_run,
                            context.settle)
    findings: list[Finding] = []
    datasets = []
    for dataset in site.datasets:
        resources, charts, figures = [], [], []
        for resource in dataset.resources:
            job = jobs.get((dataset.id, resource.id))
            if job is None:
                resources.append(resource)
                continue
            entry = computed.get(job.key) or cache.get(job.key)
            if entry is None:  # removed under our feet: compute it here
                entry = cache.decode(*_run_all([job], cache.root, site.root)[0])
            work: ResourceWork = entry.value
            findings.extend(work.findings)
            source_file = resource.source_file if work.publish_source else None
            if source_file is not None and work.downloads:
                # The original stays available as "fichier source", beside the normalised downloads.
                source_file = replaced(source_file, filename=f"{SOURCE_FOLDER}/{source_file.filename}")
            geo = work.geo
            if geo is not None and not geo.filename:  # the source GeoJSON itself is the map layer
                geo = replaced(geo, filename=source_file.filename) if source_file else None
            resources.append(replaced(resource, table=work.summary, downloads=work.downloads, geo=geo,
                                     source_file=source_file))
            charts.extend(work.charts)
            figures.extend(work.figures)
        datasets.append(replaced(dataset, resources=tuple(resources), charts=tuple(charts), figures=tuple(figures),
                                privacy=tuple(r.table.privacy for r in resources if r.table and r.table.privacy)))
    return replace(site, datasets=tuple(datasets)), findings


