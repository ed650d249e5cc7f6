"""Themes and producers: declared in portal.yml, or found in the datasets' `theme:` and `producer:` keys."""

from __future__ import annotations

from ..config.schema import SiteConfig
from ..errors import Finding, error
from ..model import Dataset, Topic
from .datasets import slugify


def _topics(kind: str, entries, datasets: tuple[Dataset, ...], value_of, default: str | None
            ) -> tuple[tuple[Topic, ...], list[Finding]]:
    findings: list[Finding] = []
    declared = {}
    for entry in entries:
        slug = slugify(entry.name)
        if slug in declared:
            findings.append(error(f'the {kind} "{entry.name}" is declared twice (same address "{slug}")', entry.where,
                                  key=f"{kind}s", code=f"{kind}-duplicate", hint="keep only one of them"))
            continue
        declared[slug] = entry
    members: dict[str, list[str]] = {slug: [] for slug in declared}
    names: dict[str, str] = {slug: e.name for slug, e in declared.items()}
    for dataset in datasets:
        name = value_of(dataset) or default
        if not name:
            continue
        slug = slugify(name)
        names.setdefault(slug, name)
        members.setdefault(slug, []).append(dataset.id)
    topics = tuple(
        Topic(kind=kind, slug=slug, name=names[slug], description=getattr(declared.get(slug), "description", ""),
              dataset_ids=tuple(sorted(ids)), entry=declared.get(slug))
        for slug, ids in sorted(members.items(), key=lambda item: names[item[0]].casefold()))
    return topics, findings


def read_topics(config: SiteConfig, datasets: tuple[Dataset, ...]
                ) -> tuple[tuple[Topic, ...], tuple[Topic, ...], list[Finding]]:
    publisher = config.publisher.name if config.publisher else None
    themes, f1 = _topics("theme", config.themes, datasets, lambda d: d.theme, None)
    producers, f2 = _topics("producer", config.producers, datasets, lambda d: d.producer, publisher)
    return themes, producers, f1 + f2
