"""The cache of raw answers in the site folder: ``SITE/national/cache/<source>/<step>`` and ``fetched.json``.

The cache is what makes builds offline and reproducible: ``portalgen national`` only asks the
network for what the cache lacks (or everything with ``--refresh``), and a failed or malformed
answer never replaces a good cached one. ``fetched.json`` records, per source, the commune
(``insee``), the day of the last successful download (``fetched``), the day its bytes last
changed (``changed``) and, per file, the URL, size and SHA-256. Answers cached for another INSEE
code (portal.yml was changed) are ignored. It is written with sorted keys, so the same state always gives
the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ..errors import Finding, Location, warning
from ..fingerprint import sha256_file
from .files import json_text, replace_if_changed, write_text_if_changed

NATIONAL_DIR = "national"
CACHE_DIR = f"{NATIONAL_DIR}/cache"
FETCHED_FILE = "fetched.json"


@dataclass(frozen=True)
class CachedFile:
    url: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class FetchRecord:
    """When a source was fetched, and what its cached files are."""

    insee: str
    fetched: dt.date
    changed: dt.date
    files: Mapping[str, CachedFile]

    def to_json(self) -> dict:
        return {"insee": self.insee, "fetched": self.fetched.isoformat(), "changed": self.changed.isoformat(),
                "files": {name: {"url": f.url, "bytes": f.bytes, "sha256": f.sha256}
                          for name, f in sorted(self.files.items())}}

    @classmethod
    def from_json(cls, data: Mapping) -> "FetchRecord":
        files = {str(name): CachedFile(str(f["url"]), int(f["bytes"]), str(f["sha256"]))
                 for name, f in dict(data.get("files") or {}).items()}
        return cls(str(data["insee"]), dt.date.fromisoformat(data["fetched"]), dt.date.fromisoformat(data["changed"]),
                   files)


class NationalCache:
    """The cache folder of one site, for the commune ``insee``."""

    def __init__(self, site_root: Path, insee: str):
        self.root = Path(site_root) / CACHE_DIR
        self.site_root = Path(site_root)
        self.insee = insee
        self._records: dict[str, FetchRecord] | None = None
        self.findings: list[Finding] = []

    @property
    def fetched_path(self) -> Path:
        return self.root / FETCHED_FILE

    def source_dir(self, source: str) -> Path:
        return self.root / source

    def scratch_dir(self, source: str, purpose: str) -> Path:
        """Where a source's scratch folder for ``purpose`` (fetch, out, check) is, inside the cache."""
        return self.root / f".{purpose}-{source}"

    def staging_dir(self, source: str, purpose: str) -> Path:
        """An empty scratch folder inside the cache (same file system, so moves are atomic)."""
        path = self.scratch_dir(source, purpose)
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        return path

    def records(self) -> dict[str, FetchRecord]:
        if self._records is None:
            self._records = self._load()
        return self._records

    def record(self, source: str) -> FetchRecord | None:
        """The record of a source's cached answers, if they are about this commune."""
        record = self.records().get(source)
        return record if record is not None and record.insee == self.insee else None

    def raw_files(self, source: str, names: tuple[str, ...]) -> dict[str, Path] | None:
        """The cached answers of a source, when every step's file is there and recorded."""
        record = self.record(source)
        if record is None:
            return None
        paths = {name: self.source_dir(source) / name for name in names}
        if not all(path.is_file() and name in record.files for name, path in paths.items()):
            return None
        return paths

    def store(self, source: str, staged: Mapping[str, Path], urls: Mapping[str, str], today: dt.date) -> FetchRecord:
        """Move freshly fetched answers into the cache and record them; ``changed`` moves only when bytes did."""
        previous = self.record(source)
        files: dict[str, CachedFile] = {}
        changed = False
        for name, path in sorted(staged.items()):
            files[name] = CachedFile(urls[name], path.stat().st_size, sha256_file(path))
            old = previous.files.get(name) if previous else None
            changed |= old is None or old.sha256 != files[name].sha256
            replace_if_changed(path, self.source_dir(source) / name)
        changed |= previous is None or set(previous.files) != set(files)
        record = FetchRecord(insee=self.insee, fetched=today,
                             changed=today if changed or previous is None else previous.changed, files=files)
        self.records()[source] = record
        self._save()
        return record

    def _load(self) -> dict[str, FetchRecord]:
        path = self.fetched_path
        if not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return {str(name): FetchRecord.from_json(entry) for name, entry in dict(data).items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            self.findings.append(warning(
                f"the cache index is damaged ({exc.__class__.__name__}); the cached answers are ignored",
                Location(f"{CACHE_DIR}/{FETCHED_FILE}"), code="national-cache-damaged",
                hint="run 'portalgen national --refresh' to fetch everything again"))
            return {}

    def _save(self) -> None:
        data = {name: record.to_json() for name, record in sorted(self.records().items())}
        write_text_if_changed(self.fetched_path, json_text(data, sort_keys=True))
