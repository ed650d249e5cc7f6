"""Datasets and their resources: resolve every file safely inside the site's data/ folder."""

from __future__ import annotations

import errno
import mimetypes
import os
import posixpath
import re
import stat
import unicodedata
from pathlib import Path

from ..config.load import DatasetSource, SiteSource
from ..config.schema import ResourceConfig
from ..errors import Finding, Location, error
from ..fingerprint import FileHashes
from ..licences import LICENCES, find_licence
from ..model import Dataset, PublishedFile, Resource

DATA_DIR = "data"

MEDIA_TYPES = {
    "csv": "text/csv", "tsv": "text/tab-separated-values", "txt": "text/plain",
    "json": "application/json", "geojson": "application/geo+json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel", "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pdf": "application/pdf", "zip": "application/zip", "xml": "application/xml",
    "parquet": "application/vnd.apache.parquet", "shp": "application/octet-stream",
    "kml": "application/vnd.google-earth.kml+xml", "gpx": "application/gpx+xml",
    "html": "text/html", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
    "odt": "application/vnd.oasis.opendocument.text", "docx":
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def media_type_for(fmt: str) -> str:
    return MEDIA_TYPES.get(fmt.lower()) or mimetypes.types_map.get("." + fmt.lower(), "application/octet-stream")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_DRIVE = re.compile(r"[A-Za-z]:")  # a Windows drive (C:), refused like an absolute path


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", text).strip("-")[:60].strip("-") or "fichier"


def resolve_data_path(root: Path, raw: str, where: Location, key: str, *,
                      data_root: Path | None = None) -> tuple[Path | None, list[Finding]]:
    """Resolve a resource path under data/, refusing anything that leaves the site folder.

    ``data_root``: the resolved data/ folder, when the caller resolved it once for every resource."""
    path, _, findings = _resolve_data_file(root, raw, where, key, data_root=data_root)
    return path, findings


def _resolve_data_file(root: Path, raw: str, where: Location, key: str, *, data_root: Path | None = None
                       ) -> tuple[Path | None, os.stat_result | None, list[Finding]]:
    """:func:`resolve_data_path`, also giving the file's status (what ``stat()`` tells of it)."""
    hint_escape = "put the file in the site's data/ folder and write its path relative to it, e.g. budget/2024.csv"
    text = raw.strip().replace("\\", "/")
    if not text:
        return None, None, [error("the file path is empty", where, key=key, hint=hint_escape, code="resource-path")]
    if text.startswith("/") or _DRIVE.match(text):  # what PurePosixPath(text).is_absolute() tells, unparsed
        return None, None, [error(f'the path "{raw}" is absolute; only files inside the site may be published',
                                  where, key=key, hint=hint_escape, code="path-escape")]
    normal = posixpath.normpath(text)
    if normal.startswith(DATA_DIR + "/"):
        normal = normal[len(DATA_DIR) + 1:]
    if normal == ".." or normal.startswith("../"):
        return None, None, [error(f'the path "{raw}" leaves the data/ folder', where, key=key, hint=hint_escape,
                                  code="path-escape")]
    data_root = data_root or (root / DATA_DIR).resolve()
    found = _plain_file_inside(data_root, normal)
    if found is not None:
        return found[0], found[1], []
    candidate = data_root / normal
    try:
        resolved = candidate.resolve(strict=False)
    except (OSError, RuntimeError):
        return None, None, [error(f'the path "{raw}" cannot be resolved (a symbolic link loop?)', where, key=key,
                                  hint=hint_escape, code="path-escape")]
    if not resolved.is_relative_to(data_root):
        return None, None, [error(f'the path "{raw}" leads outside the data/ folder (through a symbolic link)',
                                  where, key=key, hint=hint_escape, code="path-escape")]
    status = _stat(resolved)  # one look-up for what exists(), is_file() and stat() would each ask
    if status is None:
        close = _close_files(data_root, normal)
        hint = f"did you mean '{close}'?" if close else f"check the file name; files are looked for in {DATA_DIR}/"
        return None, None, [error(f'the file "{DATA_DIR}/{normal}" does not exist', where, key=key, hint=hint,
                                  code="missing-file")]
    if not stat.S_ISREG(status.st_mode):
        return None, None, [error(f'"{DATA_DIR}/{normal}" is a folder, not a file', where, key=key,
                                  hint="name a file inside it", code="missing-file")]
    if status.st_size == 0:
        return None, None, [error(f'the file "{DATA_DIR}/{normal}" is empty (0 bytes)', where, key=key,
                                  hint="export the data again, or remove this resource", code="empty-file")]
    return resolved, status, []


def _plain_file_inside(data_root: Path, normal: str) -> tuple[Path, os.stat_result] | None:
    """The common case of :func:`_resolve_data_file` at a few system calls: a non-empty regular file
    reached from the resolved data/ folder through folders that are not symbolic links.

    ``Path.resolve`` looks up every part of the whole path (the site's folders above data/ too) and
    pathlib parses it three times more. Here only the parts below data/ are looked up, once each, with
    ``lstat``: when none is a symbolic link, ``data_root`` (resolved already) joined with ``normal``
    (normalised: no '.', '..' or empty part) is exactly what ``resolve`` gives, and the last part's
    ``lstat`` is its ``stat``. Anything else (a link, a missing part, a folder, an empty file, '.') gives
    None, and the general path decides, with its messages."""
    base = str(data_root)
    if normal == "." or base.endswith("/"):
        return None
    here = base
    status = None
    for part in normal.split("/"):
        here = f"{here}/{part}"
        try:
            status = os.lstat(here)
        except (OSError, ValueError):
            return None
        if stat.S_ISLNK(status.st_mode):
            return None
    if status is None or not stat.S_ISREG(status.st_mode) or status.st_size == 0:
        return None
    return Path(here), status


#: The errors for which pathlib's exists() and is_file() answer False rather than raise.
_MISSING_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def _stat(path: Path) -> os.stat_result | None:
    """``path.stat()``, or None where ``path.exists()`` would be False."""
    try:
        return path.stat()
    except OSError as exc:
        if exc.errno in _MISSING_ERRNOS:
            return None
        raise
    except ValueError:
        return None


def _close_files(data_root: Path, wanted: str) -> str | None:
    import difflib
    if not data_root.is_dir():
        return None
    names = sorted(p.relative_to(data_root).as_posix() for p in data_root.rglob("*") if p.is_file())
    match = difflib.get_close_matches(wanted, names, n=1, cutoff=0.6)
    return match[0] if match else None


def _read_resource(site: SiteSource, source: DatasetSource, index: int, item: ResourceConfig | str,
                   used_ids: set[str], data_root: Path | None,
                   hashes: FileHashes) -> tuple[Resource | None, list[Finding]]:
    dataset = source.config
    key = f"resources[{index}]"
    if isinstance(item, str):
        config = ResourceConfig(path=item)
        where = dataset.where or Location(source.file)
        locs = dataset.key_locations.get("resources")
        where = locs or where
    else:
        config = item
        where = item.where or Location(source.file)
    where = Location(source.file, where.line, where.column)
    if config.path is not None:
        path, status, problems = _resolve_data_file(
            site.root, config.path, where, f"{key}.path" if not isinstance(item, str) else key, data_root=data_root)
        if path is None:
            return None, problems
        name = path.name
        fmt = (config.format or path.suffix.lstrip(".") or "bin").lower()
        base_id = slugify(path.stem)
        published = PublishedFile(
            filename=name, format=fmt.upper(), media_type=media_type_for(fmt), size=status.st_size,
            sha256=hashes.sha256(path, status), role="source", source=path, title=config.title or name)
        url = None
    else:
        url = config.url
        tail = url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
        name = tail or "lien"
        fmt = (config.format or (tail.rsplit(".", 1)[-1] if "." in tail else "html")).lower()
        base_id = slugify(tail.rsplit(".", 1)[0] if "." in tail else tail)
        path = None
        published = None
    resource_id = base_id
    n = 2
    while resource_id in used_ids:
        resource_id = f"{base_id}-{n}"
        n += 1
    used_ids.add(resource_id)
    return Resource(
        id=resource_id, title=config.title or name, description=config.description or "",
        format=fmt, where=where, path=path, url=url, read=config.read, source_file=published,
    ), []


def read_dataset(site: SiteSource, source: DatasetSource, data_root: Path | None = None,
                 hashes: FileHashes | None = None) -> tuple[Dataset | None, list[Finding]]:
    """One dataset with its files resolved; ``hashes``: files the build has read and hashed already."""
    hashes = hashes if hashes is not None else FileHashes()
    config = source.config
    findings: list[Finding] = []
    where = Location(source.file, config.where.line if config.where else None)
    licence_name = config.licence or site.config.licence
    licence = find_licence(licence_name)
    if licence is None:
        loc = config.key_locations.get("licence") or where
        findings.append(error(
            f'unknown licence "{licence_name}"', Location(source.file, loc.line, loc.column), key="licence",
            hint="use one of data.gouv.fr's licence ids: " + ", ".join(sorted(LICENCES)), code="licence-unknown"))
    resources = []
    used: set[str] = set()
    for index, item in enumerate(config.resources):
        resource, problems = _read_resource(site, source, index, item, used, data_root, hashes)
        findings += problems
        if resource is not None:
            resources.append(resource)
    if findings:
        return None, findings
    temporal = config.temporal
    return Dataset(
        id=source.id, title=config.title.strip(), description=config.description, licence=licence,
        keywords=tuple(k.strip() for k in config.keywords if k.strip()), theme=config.theme,
        producer=config.producer, frequency=config.frequency,
        temporal_start=temporal.start if temporal else None, temporal_end=temporal.end if temporal else None,
        schema=config.schema, issued=config.issued, modified=config.modified, featured=config.featured,
        resources=tuple(resources), file=source.file, where=where, config=config,
    ), []


def read_datasets(site: SiteSource, hashes: FileHashes | None = None) -> tuple[tuple[Dataset, ...], list[Finding]]:
    """Every dataset of the site, with its files resolved; problems of all datasets at once.

    ``hashes``: the files the build read and hashed already (its inputs' fingerprint), not read again."""
    hashes = hashes if hashes is not None else FileHashes()
    datasets, findings = [], []
    site_licence = find_licence(site.config.licence)
    if site_licence is None:
        loc = site.config.key_locations.get("licence")
        findings.append(error(f'unknown licence "{site.config.licence}"', loc, key="licence",
                              hint="use one of data.gouv.fr's licence ids: " + ", ".join(sorted(LICENCES)),
                              code="licence-unknown"))
    data_root = (site.root / DATA_DIR).resolve()  # once, not for every resource
    for source in site.datasets:
        dataset, problems = read_dataset(site, source, data_root, hashes)
        findings += problems
        if dataset is not None:
            datasets.append(dataset)
    return tuple(datasets), findings
