"""Load a syndicat folder: syndicat.yml, checked key by key, and the list of its communes.

A syndicat folder holds ``syndicat.yml`` and ``communes/<slug>/``, each a normal site folder.
Folders whose name starts with ``.`` or ``_`` are ignored (a ``_modele`` folder to copy, say).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..config.checker import INVALID, CheckContext, convert_dataclass
from ..config.yamlsource import compose_file
from ..errors import Finding, Location, PortalgenError, error
from .schema import SyndicatConfig

SYNDICAT_FILE = "syndicat.yml"
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")

#: First path segments of the regional portal: a commune published in a folder of that name would overwrite it.
RESERVED_NAMES = frozenset({"accessibilite", "assets", "catalog", "datasets", "observatoire", "search", "index.html",
                            "404.html", "catalog.ttl", "catalog.rdf", "catalog.jsonld", "robots.txt", "sitemap.xml"})


@dataclass(frozen=True)
class CommuneEntry:
    """One commune of the syndicat: its folder, its public address and its folder in the output."""

    slug: str
    folder: Path
    url: str
    out_folder: str          # posix path relative to the output folder


@dataclass(frozen=True)
class SyndicatSource:
    """The checked syndicat.yml, its communes (sorted by slug), and the problems found in the communes folder."""

    root: Path
    config: SyndicatConfig
    communes: tuple[CommuneEntry, ...]
    problems: tuple[tuple[str, Finding], ...]   # (folder name, problem) for folders that cannot be built
    fingerprint: str                            # identifies syndicat.yml's content and the portalgen version

    def commune(self, slug: str) -> CommuneEntry | None:
        return next((c for c in self.communes if c.slug == slug), None)


def output_folder(config: SyndicatConfig, slug: str) -> str:
    """Where a commune's site goes in the output: the sub-folder its address has under site_url, else its slug."""
    url = config.commune_url(slug)
    if url.startswith(config.site_url):
        folder = url[len(config.site_url):].strip("/")
        if folder:
            return posixpath.normpath(folder)
    return slug


def load_syndicat_config(root: Path) -> tuple[SyndicatConfig | None, list[Finding], bytes]:
    """Read and check syndicat.yml; return the config (None on errors), the findings and the file's bytes."""
    path = root / SYNDICAT_FILE
    if not path.is_file():
        return None, [error(f"no {SYNDICAT_FILE} in {root}", Location(str(root)), code="syndicat-no-config",
                            hint="give the syndicat folder (the one holding syndicat.yml and communes/)")], b""
    try:
        node = compose_file(path, SYNDICAT_FILE)
    except PortalgenError as exc:
        return None, list(exc.findings), b""
    if node is None:
        return None, [error("the file is empty", Location(SYNDICAT_FILE, 1), code="config-empty",
                            hint="write at least 'name:' and 'site_url:' (see README, syndicat.yml)")], b""
    ctx = CheckContext(SYNDICAT_FILE)
    config = convert_dataclass(node, SyndicatConfig, "", ctx)
    return (None if config is INVALID else config), ctx.findings, path.read_bytes()


def _commune_problems(config: SyndicatConfig, names: list[str]) -> dict[str, Finding]:
    problems: dict[str, Finding] = {}
    pattern_where = config.key_locations.get("communes_url") or config.where
    for name in names:
        where = Location(f"{config.communes_dir}/{name}")
        if not SLUG_RE.fullmatch(name):
            problems[name] = error(
                f'the folder name "{name}" cannot be a commune slug (it becomes part of the portal\'s address)',
                where, code="syndicat-slug",
                hint="rename the folder with lowercase letters, digits and dashes only, e.g. saint-aubin")
            continue
        folder = output_folder(config, name)
        if folder.split("/")[0] in RESERVED_NAMES:
            problems[name] = error(
                f'the commune "{name}" would be published in the folder "{folder}/", which the regional portal uses',
                pattern_where, key="communes_url", code="syndicat-reserved",
                hint="rename the commune folder, or publish the communes in a sub-folder, "
                     "e.g. communes_url: " + config.site_url + "communes/{slug}/")
    return problems


def load_syndicat(root: Path) -> SyndicatSource:
    """Load syndicat.yml and list the communes; raise PortalgenError when syndicat.yml itself has problems."""
    root = Path(root)
    config, findings, raw = load_syndicat_config(root)
    if config is None or findings:
        raise PortalgenError(findings)
    communes_dir = root / config.communes_dir
    if not communes_dir.is_dir():
        raise PortalgenError(error(
            f'there is no "{config.communes_dir}" folder in {root}', config.key_locations.get("communes_dir")
            or Location(SYNDICAT_FILE), key="communes_dir", code="syndicat-no-communes",
            hint=f"create {config.communes_dir}/<slug>/ with one site folder per commune (portalgen init "
                 f"{config.communes_dir}/<slug>)"))
    names = sorted(p.name for p in communes_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    problems = _commune_problems(config, names)
    communes = tuple(CommuneEntry(slug=name, folder=communes_dir / name, url=config.commune_url(name),
                                  out_folder=output_folder(config, name))
                     for name in names if name not in problems)
    digest = hashlib.sha256(f"portalgen {__version__}\n".encode() + raw).hexdigest()[:16]
    return SyndicatSource(root=root, config=config, communes=communes,
                          problems=tuple(sorted(problems.items())), fingerprint=digest)
