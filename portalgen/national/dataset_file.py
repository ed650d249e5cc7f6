"""The ``datasets/national-<source>.yml`` files: ordinary dataset files, with their provenance spelled out.

Only keys of the current schema (:class:`portalgen.config.schema.DatasetConfig`) are written, so
the national datasets go through the normal pipeline. The provenance is in the ``producer`` key
(the national producer, not the commune: it becomes the publisher in DCAT), in ``licence``,
``frequency``, ``modified`` (the day the copy was last fetched, i.e. known to be current),
``temporal`` (the years covered, or the day of the snapshot) and ``datagouv_url``, and in a
"Provenance" paragraph of the description (source addresses, licence, day fetched). The first
line marks the file as written by ``portalgen national``: a file without it is the commune's
own and is never overwritten.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from ..licences import find_licence
from .cache import FetchRecord
from .source import Parsed, Source

MARKER = "# Written by 'portalgen national'"
DATA_SUBDIR = "national"
FREQUENCY_FR = {
    "continuous": "en continu", "daily": "chaque jour", "weekly": "chaque semaine", "monthly": "chaque mois",
    "quarterly": "chaque trimestre", "semiannual": "deux fois par an", "annual": "chaque année",
    "biennial": "tous les deux ans", "irregular": "de façon irrégulière", "never": "jamais",
    "unknown": "à un rythme non précisé",
}


def dataset_path(site_root: Path, source: Source) -> Path:
    return site_root / "datasets" / f"{source.dataset_id}.yml"


def data_dir(site_root: Path, source: Source) -> Path:
    """Where the normalised files of a source go: data/national/<source>/."""
    return site_root / "data" / DATA_SUBDIR / source.name


def is_ours(path: Path) -> bool:
    """True when the file does not exist or was written by portalgen national."""
    if not path.exists():
        return True
    with path.open(encoding="utf-8", errors="replace") as handle:
        return handle.readline().startswith(MARKER)


def french_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:   # the same date twice is written twice, not as &id001/*id001
        return True


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def provenance_text(source: Source, record: FetchRecord) -> str:
    """The French "Provenance" paragraph: producer, source addresses, licence, day fetched, update rhythm."""
    licence = find_licence(source.licence)
    licence_text = f"[{licence.label_fr}]({licence.url})" if licence and licence.url else source.licence
    urls = [record.files[step.name].url for step in source.steps if step.name in record.files]
    lines = [
        "**Provenance.** Données nationales sur la commune, reprises telles que publiées par leur producteur "
        f"et récupérées le {french_date(record.fetched)} par `portalgen national`.",
        "",
        f"- Producteur : [{source.producer.name}]({source.producer.url})",
        *(f"- Source : <{url}>" for url in urls),
        f"- Licence : {licence_text}",
        f"- Mise à jour par le producteur : {FREQUENCY_FR.get(source.frequency, source.frequency)} ; "
        f"dernière modification constatée le {french_date(record.changed)}",
    ]
    if source.documentation:
        lines.append("- Documentation : " + ", ".join(f"<{url}>" for url in source.documentation))
    return "\n".join(lines)


def dataset_yaml(source: Source, parsed: Parsed, record: FetchRecord) -> str:
    """The text of datasets/<id>.yml for a source (same input → same bytes)."""
    description = source.description
    if parsed.summary:
        description += "\n\n" + parsed.summary
    description += "\n\n" + provenance_text(source, record) + "\n"
    resources = []
    for output in parsed.files:
        resource = {"path": f"{DATA_SUBDIR}/{source.name}/{output.name}", "title": output.title,
                    "description": output.description}
        if not output.map:
            resource["map"] = {"enabled": False}
        elif output.popup:
            resource["map"] = {"popup": list(output.popup)}
        resources.append(resource)
    data: dict = {
        "title": source.title,
        "description": description,
        "resources": resources,
        "licence": source.licence,
        "keywords": list(source.keywords),
        "theme": source.theme,
        "producer": source.producer.name,
        "frequency": source.frequency,
    }
    start, end = parsed.temporal or (record.fetched, record.fetched)   # a snapshot: the state on the day fetched
    data["temporal"] = {"start": start, "end": end}
    data["modified"] = record.fetched   # the copy is known to be current on that day
    if source.datagouv_url:
        data["datagouv_url"] = source.datagouv_url
    header = (f"{MARKER} from the national source \"{source.name}\" ({source.producer.name}).\n"
              "# Do not edit: the next 'portalgen national' replaces this file. To stop publishing these data,\n"
              "# delete this file: 'portalgen national' then leaves the source out (bring it back with\n"
              f"# 'portalgen national --source {source.name}').\n")
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=110, indent=2)
    return header + body
