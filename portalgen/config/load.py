"""Load a site folder's configuration: portal.yml and datasets/*.yml, checking every key in one pass."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Finding, Location, PortalgenError, error
from ..workers import map_forked
from .checker import INVALID, CheckContext, convert_dataclass
from .schema import DatasetConfig, SiteConfig
from .yamlsource import compose_file

CONFIG_FILE = "portal.yml"
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")

#: From this many dataset files, they are read and checked on every core: below it, forking costs
#: more than it saves (a file takes about half a millisecond, sending its result back a quarter).
PARALLEL_LOAD_FROM = 200


@dataclass(frozen=True)
class DatasetSource:
    """A dataset's config with its id and the file it was declared in."""

    id: str
    config: DatasetConfig
    file: str


@dataclass(frozen=True)
class SiteSource:
    """Everything read from the site's configuration files."""

    root: Path
    config: SiteConfig
    datasets: tuple[DatasetSource, ...]

    def display(self, path: Path) -> str:
        """A path as shown in messages: relative to the site folder."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def load_site_config(root: Path) -> tuple[SiteConfig | None, list[Finding]]:
    """Read and check portal.yml; return the config (None on errors) and all findings."""
    path = root / CONFIG_FILE
    display = _display(root, path)
    if not path.is_file():
        return None, [error(f"no {CONFIG_FILE} in {root}", Location(str(root)), code="no-config",
                            hint="run 'portalgen init' to create a site, or give the site folder as argument")]
    try:
        node = compose_file(path, display)
    except PortalgenError as exc:
        return None, exc.findings
    if node is None:
        return None, [error("the file is empty", Location(display, 1), code="config-empty",
                            hint="write at least 'title:' and 'commune:' (see README, configuration reference)")]
    ctx = CheckContext(display)
    config = convert_dataclass(node, SiteConfig, "", ctx)
    return (None if config is INVALID else config), ctx.findings


def load_dataset_file(root: Path, path: Path) -> tuple[DatasetSource | None, list[Finding]]:
    """Read and check one datasets/<id>.yml file."""
    display = _display(root, path)
    dataset_id = path.stem
    findings: list[Finding] = []
    if not SLUG_RE.fullmatch(dataset_id):
        findings.append(error(
            f'the file name "{path.name}" is not a valid dataset id', Location(display), code="dataset-id",
            hint="rename the file with lowercase letters, digits and dashes only, e.g. subventions-2024.yml"))
    try:
        node = compose_file(path, display)
    except PortalgenError as exc:
        return None, findings + exc.findings
    if node is None:
        return None, findings + [error("the file is empty", Location(display, 1), code="config-empty",
                                       hint="write at least title, description and resources")]
    ctx = CheckContext(display)
    config = convert_dataclass(node, DatasetConfig, "", ctx)
    findings += ctx.findings
    if config is INVALID or findings:
        return None, findings
    return DatasetSource(dataset_id, config, display), findings


def load_site(root: Path) -> SiteSource:
    """Load portal.yml and every dataset file; raise PortalgenError with every problem found."""
    root = Path(root)
    config, findings = load_site_config(root)
    datasets: list[DatasetSource] = []
    seen: dict[str, str] = {}
    if config is not None:
        for dataset_id, dataset in sorted(config.datasets.items()):
            where = config.key_locations.get("datasets")
            if not SLUG_RE.fullmatch(dataset_id):
                findings.append(error(f'"{dataset_id}" is not a valid dataset id', dataset.where or where,
                                      key=f"datasets.{dataset_id}", code="dataset-id",
                                      hint="use lowercase letters, digits and dashes only"))
                continue
            datasets.append(DatasetSource(dataset_id, dataset, CONFIG_FILE))
            seen[dataset_id] = f"{CONFIG_FILE}:{dataset.where.line if dataset.where else ''}"
    dataset_dir = root / "datasets"
    if dataset_dir.is_dir():
        files = sorted(p for p in dataset_dir.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
        loaded = map_forked(functools.partial(load_dataset_file, root), files, parallel_from=PARALLEL_LOAD_FROM)
        for source, problems in loaded:
            findings += problems
            if source is None:
                continue
            if source.id in seen:
                findings.append(error(
                    f'the dataset id "{source.id}" is already used by {seen[source.id]}',
                    Location(source.file, 1), code="dataset-duplicate",
                    hint="rename one of the two files (the file name is the dataset id)"))
                continue
            seen[source.id] = source.file
            datasets.append(source)
    if any(f.level.value == "error" for f in findings) or config is None:
        raise PortalgenError(findings)
    return SiteSource(root=root, config=config, datasets=tuple(sorted(datasets, key=lambda d: d.id)))
