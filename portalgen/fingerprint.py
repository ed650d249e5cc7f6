"""A fingerprint of everything a build reads, so a rebuild with nothing changed can stop at once.

It covers every file of the site folder (but its output and cache), the theme folders, the
portalgen code, and the settings that change the output (SOURCE_DATE_EPOCH, the privacy salt,
a --site-url override). Content hashes, not dates, so the fingerprint (written into the
output's marker file) is the same on every machine. File hashes are remembered by size and
modification time, so unchanged big data files are not read again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .cache import code_version


class HashMemo:
    """sha256 of files, remembered by (size, mtime) in the cache folder."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.changed = False

    def sha256(self, file: Path) -> str:
        stat = file.stat()
        key = str(file)
        stamp = [stat.st_size, stat.st_mtime_ns]
        known = self.known.get(key)
        if known and known[0] == stamp:
            return known[1]
        digest = hashlib.sha256()
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        self.known[key] = [stamp, digest.hexdigest()]
        self.changed = True
        return digest.hexdigest()

    def save(self) -> None:
        if self.changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.known, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)


def _files(root: Path, skip: set[Path]):
    for directory, folders, files in os.walk(root):
        here = Path(directory)
        folders[:] = sorted(f for f in folders if not f.startswith(".") and (here / f).resolve() not in skip
                            and f != "__pycache__")
        for name in sorted(files):
            if not name.startswith("."):
                yield here / name


def build_fingerprint(site_dir: Path, out_dir: Path, cache_dir: Path, theme_dirs: list[Path],
                      settings: dict) -> str:
    memo = HashMemo(cache_dir / "file-hashes.json")
    digest = hashlib.sha256()
    digest.update(json.dumps([code_version(), settings], sort_keys=True).encode())
    skip = {out_dir.resolve(), cache_dir.resolve(), (site_dir / "_site").resolve()}
    roots = [("site", site_dir.resolve())] + [(f"theme{i}", d) for i, d in enumerate(theme_dirs)]
    for label, root in roots:
        if not root.is_dir():
            continue
        for file in _files(root, skip):
            digest.update(f"{label}:{file.relative_to(root).as_posix()}:{memo.sha256(file)}\n".encode())
    memo.save()
    return digest.hexdigest()
