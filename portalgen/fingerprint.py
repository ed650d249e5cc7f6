"""A fingerprint of everything a build reads, so a rebuild with nothing changed can stop at once.

It covers every file of the site folder (but its output and cache), the theme folders, the
portalgen code, and the settings that change the output (SOURCE_DATE_EPOCH, the privacy salt,
a --site-url override). Content hashes, not dates, so the fingerprint (written into the
output's marker file) is the same on every machine. File hashes are remembered by size and
modification time, so unchanged big data files are not read again; the files it does read and hash
are noted in a :class:`FileHashes`, so that the read stage does not read them again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterator

from .cache import code_version


def sha256_file(path: Path | str) -> str:
    """The sha256 of a file's content, read now."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class FileHashes:
    """sha256 of the files this build read and hashed, with the size and modification time they had then.

    The fingerprint reads every input file it does not know yet (on a first build, all of them), and the
    read stage then needs the sha256 of each data file: it takes it from here instead of reading the file
    a second time. Only hashes of content read during this build are noted (never the remembered ones of
    :class:`HashMemo`), and one is given only while the file keeps the size and modification time it had
    when read, so the read stage gets what reading the file itself would give."""

    def __init__(self) -> None:
        self._read: dict[str, tuple[int, int, str]] = {}

    def note(self, path: str, status: os.stat_result, sha256: str) -> None:
        self._read[path] = (status.st_size, status.st_mtime_ns, sha256)

    def sha256(self, path: Path, status: os.stat_result) -> str:
        """The sha256 of ``path``, whose ``stat()`` is ``status``: noted, or read now."""
        noted = self._read.get(str(path))
        if noted is not None and noted[0] == status.st_size and noted[1] == status.st_mtime_ns:
            return noted[2]
        return sha256_file(path)


class HashMemo:
    """sha256 of files, remembered by (size, mtime) in the cache folder; those it reads are noted in
    ``read_now``."""

    def __init__(self, path: Path, read_now: FileHashes | None = None):
        self.path = path
        try:
            self.known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.changed = False
        self.read_now = read_now if read_now is not None else FileHashes()

    def sha256(self, file: str) -> str:
        status = os.stat(file)
        stamp = [status.st_size, status.st_mtime_ns]
        known = self.known.get(file)
        if known and known[0] == stamp:
            return known[1]
        digest = sha256_file(file)
        self.known[file] = [stamp, digest]
        self.changed = True
        self.read_now.note(file, status, digest)
        return digest

    def save(self) -> None:
        if self.changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.known, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)


def _files(root: Path, skip: set[Path]) -> Iterator[tuple[str, str]]:
    """(path, path relative to ``root`` with '/') of the files under ``root``, in a stable order: strings,
    as ``os.walk`` gives them (what ``str()`` and ``relative_to().as_posix()`` of pathlib's paths give,
    at a fraction of the cost for thousands of files)."""
    prefix = os.path.join(str(root), "")
    for directory, folders, files in os.walk(root):
        here = Path(directory)
        folders[:] = sorted(f for f in folders if not f.startswith(".") and (here / f).resolve() not in skip
                            and f != "__pycache__")
        inside = directory[len(prefix):].replace(os.sep, "/")
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(directory, name), f"{inside}/{name}" if inside else name


def build_fingerprint(site_dir: Path, out_dir: Path, cache_dir: Path, theme_dirs: list[Path],
                      settings: dict, read_now: FileHashes | None = None) -> str:
    """The inputs' fingerprint; the files read to make it are noted in ``read_now`` (see :class:`FileHashes`)."""
    memo = HashMemo(cache_dir / "file-hashes.json", read_now)
    digest = hashlib.sha256()
    digest.update(json.dumps([code_version(), settings], sort_keys=True).encode())
    skip = {out_dir.resolve(), cache_dir.resolve(), (site_dir / "_site").resolve()}
    roots = [("site", site_dir.resolve())] + [(f"theme{i}", d) for i, d in enumerate(theme_dirs)]
    for label, root in roots:
        if not root.is_dir():
            continue
        for file, relative in _files(root, skip):
            digest.update(f"{label}:{relative}:{memo.sha256(file)}\n".encode())
    memo.save()
    return digest.hexdigest()
