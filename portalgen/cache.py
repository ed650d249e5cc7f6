"""A content-addressed cache of the costly per-resource work (normalisation, profiling,
conversions, validation, privacy scan).

The key covers the input bytes (their sha256), the settings that change the result and the
portalgen version, so a rebuild with nothing changed does none of that work, and changing one
file redoes only that file's work. An entry is a folder holding ``result.pickle`` and the files
the work produced; it is written under a temporary name and renamed into place, so an
interrupted build never leaves a half-written entry.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from . import __version__


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """The portalgen version and a hash of its code: results made by other code are never reused."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_key(*parts: Any) -> str:
    """A stable key for JSON-serialisable parts (dataclasses are turned into their repr)."""
    payload = json.dumps([code_version(), *parts], sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CacheEntry:
    folder: Path
    value: Any


class ResultCache:
    def __init__(self, root: Path):
        self.root = root

    def _folder(self, key: str) -> Path:
        return self.root / "work" / key[:2] / key

    def has(self, key: str) -> bool:
        """Whether an entry is stored for ``key`` (without reading it)."""
        return (self._folder(key) / "result.pickle").is_file()

    def get(self, key: str) -> CacheEntry | None:
        folder = self._folder(key)
        result = folder / "result.pickle"
        if not result.is_file():
            return None
        try:
            with result.open("rb") as handle:
                return CacheEntry(folder, pickle.load(handle))
        except Exception:  # a corrupt or incompatible entry is recomputed
            shutil.rmtree(folder, ignore_errors=True)
            return None

    def compute(self, key: str, work: Callable[[Path], Any]) -> CacheEntry:
        """Return the cached entry for ``key``, or run ``work(folder)`` and store its result."""
        entry = self.get(key)
        if entry is not None:
            return entry
        folder = self._folder(key)
        tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            value = _relocatable(work(tmp), tmp, folder)
            with (tmp / "result.pickle").open("wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            try:
                tmp.rename(folder)
            except OSError:
                # Another process (a syndicat's other commune with the same file) stored it first:
                # its entry is as good as ours, and may be in use.
                shutil.rmtree(tmp, ignore_errors=True)
                return self.get(key)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return CacheEntry(folder, value)


#: Values that hold no path (most of a result: preview cells, counts…), returned at once.
_PLAIN = (str, int, float, bytes, type(None))


def _relocatable(value: Any, tmp: Path, final: Path) -> Any:
    """Paths into the temporary folder are rewritten to the final one (results may hold paths)."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, Path):
        try:
            return final / value.relative_to(tmp)
        except ValueError:
            return value
    if isinstance(value, tuple):
        items = tuple(_relocatable(v, tmp, final) for v in value)
        return items if any(a is not b for a, b in zip(items, value)) else value
    if isinstance(value, list):
        return [_relocatable(v, tmp, final) for v in value]
    if isinstance(value, dict):
        return {k: _relocatable(v, tmp, final) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _relocatable(getattr(value, f.name), tmp, final) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes) if any(
            changes[name] is not getattr(value, name) for name in changes) else value
    return value
