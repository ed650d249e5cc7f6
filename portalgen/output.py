"""Collect every output file in memory (or as a file, or part of one, to copy), then write the site atomically.

The new site is written into a temporary folder beside OUT and swapped in at the end:
a failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import glob
import os
import posixpath
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .errors import Finding, Location, PortalgenError, error
from .filesource import Content, content_size, holds_exactly, write_new_file

MARKER = ".portalgen-site"


@dataclass
class OutputPlan:
    """Every file the build will write, each with the item that owns it."""

    files: dict[str, Content] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def add(self, path: str, content: str | Content, owner: str) -> None:
        key = output_key(path)
        if key in self.files:
            if self.owners[key] != owner:
                self.findings.append(error(
                    f'two items write the same file "{key}": {self.owners[key]} and {owner}', None,
                    code="path-collision", hint="rename one of them (file names become addresses)"))
            return
        self.files[key] = content.encode("utf-8") if isinstance(content, str) else content
        self.owners[key] = owner

    def __contains__(self, path: str) -> bool:
        return path in self.files


def output_key(path: str) -> str:
    """The key of an output path in the plan: ``PurePosixPath(path).as_posix()``, refused when absolute or
    with a ``..`` part.

    A build adds some 60,000 paths at 10,000 datasets, nearly all already in that form (the routes make
    them so); making a PurePosixPath of each costs more than the rest of OutputPlan.add. A path whose
    parts, split at "/", are none empty, "." or ".." is relative and exactly what PurePosixPath would
    write back, so it is its own key; any other path takes the general way (tests/test_output.py compares
    both on odd paths)."""
    parts = path.split("/")
    if "" not in parts and "." not in parts and ".." not in parts:
        return path
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts:
        raise ValueError(f"output path escapes the site: {path}")  # a bug in routes, not user input
    return pure.as_posix()


def _check_out_dir(out_dir: Path, site_dir: Path) -> None:
    out = out_dir.resolve()
    site = site_dir.resolve()
    if out == site or site.is_relative_to(out):
        raise PortalgenError(error(f"the output folder {out_dir} contains the site itself", Location(str(out_dir)),
                                   code="out-dir", hint="choose another folder with -o, e.g. _site"))
    if out.exists() and not out.is_dir():
        raise PortalgenError(error(f"the output path {out_dir} is a file, not a folder", Location(str(out_dir)),
                                   code="out-dir", hint="choose a folder with -o"))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise PortalgenError(error(
            f"the output folder {out_dir} is not empty and was not made by portalgen; it will not be replaced",
            Location(str(out_dir)), code="out-dir",
            hint="choose an empty or new folder with -o, or empty this one yourself"))


def read_marker(out_dir: Path) -> str | None:
    """The fingerprint of the inputs the site in ``out_dir`` was built from, if portalgen wrote it."""
    try:
        lines = (out_dir / MARKER).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return lines[1].strip() if len(lines) > 1 else None


def write_site(plan: OutputPlan, out_dir: Path, site_dir: Path, marker: str | None = None) -> int:
    """Write every planned file into a temporary folder, then swap it into ``out_dir``. Returns bytes written.

    ``marker`` (the fingerprint of the inputs) goes into the marker file, so the next build can tell
    whether anything changed. A file whose bytes are those of the same file in the site being replaced is
    linked to it instead of written again (see :func:`_write_share`)."""
    if plan.findings:
        raise PortalgenError(plan.findings)
    _check_out_dir(out_dir, site_dir)
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.parent / f".{out_dir.name}.tmp-{os.getpid()}"
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    for leftover in (tmp, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    replaced = sorted(out_dir.parent.glob(f".{glob.escape(out_dir.name)}.old-*"))  # of builds that ended early
    previous = f"{out_dir}/" if (out_dir / MARKER).is_file() else None  # a site portalgen wrote
    try:
        tmp.mkdir()
        (tmp / MARKER).write_text("This folder was written by portalgen build; it is replaced at each build.\n"
                                  f"{marker or ''}\n")
        total = _write_files(plan.files, tmp, previous)
        if out_dir.exists():
            out_dir.rename(old)
        tmp.rename(out_dir)
    except BaseException:
        if not out_dir.exists() and old.exists():
            old.rename(out_dir)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if len(plan.files) >= PARALLEL_WRITE_FROM:
        remove_in_background([old, *replaced])
    else:
        for folder in (old, *replaced):
            shutil.rmtree(folder, ignore_errors=True)
    return total


def remove_in_background(folders: list[Path]) -> None:
    """Remove ``folders`` (a replaced site) in a detached process, so that the build ends as soon as the
    new site is in place.

    Removing a big tree can take longer than writing it: on disks that discard freed blocks at once, each
    folder and file removed waits for the disk (measured on a 2,000-dataset site: 57 s of waiting, 4 s of
    CPU). The remover is a grandchild in its own session (no zombie left to a long-lived ``serve``, no
    Ctrl-C in the terminal stops it half-way); a folder it leaves (the machine stopped) is removed by the
    next build of the same site. Where a process cannot be forked, the folders are removed here."""
    try:
        child = os.fork() if hasattr(os, "fork") else None
    except OSError:
        child = None
    if child is None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        return
    if child == 0:
        try:
            if os.fork() == 0:
                os.setsid()
                for folder in folders:
                    shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


#: From this many files, two processes write them (creating files and folders is mostly system time, which
#: a second core halves); below it, forking costs more than it saves.
PARALLEL_WRITE_FROM = 2000


def _folders(names: list[str]) -> list[str]:
    """Every folder the files need, each after its parent: one mkdir each, none to look up first."""
    folders = set()
    for name in names:
        folder = posixpath.dirname(name)
        while folder and folder not in folders:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    return sorted(folders, key=lambda folder: folder.count("/"))


def _branch(name: str) -> str:
    """The folder two levels down that holds ``name`` (``datasets/x`` for ``datasets/x/source/x.csv``), or its
    own folder when it is nearer the top."""
    parts = name.split("/", 2)
    return "/".join(parts[:2]) if len(parts) > 2 else posixpath.dirname(name)


def _shares(names: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The top folders (made first), and two shares of the (sorted) ``names``: each share is every other
    branch (:func:`_branch`) whole, so that each writer also makes the folders of its own share."""
    tops = sorted({name.split("/", 1)[0] for name in names if "/" in name})
    branches = sorted({_branch(name) for name in names})
    second = set(branches[1::2])
    shares: tuple[list[str], list[str]] = ([], [])
    for name in names:
        shares[_branch(name) in second].append(name)
    return tops, shares[0], shares[1]


def _write_files(files: dict[str, Content], root: Path, previous: str | None = None) -> int:
    """Write ``files`` under ``root``; returns the bytes written. ``previous``: the folder of the site being
    replaced, whose unchanged files are linked (:func:`_write_share`). Big sites: a forked process
    (:class:`workers.Forked`) makes the folders and files of every other branch (a dataset's folder, say)
    while this one makes the others; if it fails, its share is written again here, where the error, disk
    full or permissions, is raised and names the file."""
    names = sorted(files)
    if len(names) < PARALLEL_WRITE_FROM:
        return _write_share(files, names, root, previous=previous)
    from .workers import Forked  # (and multiprocessing with it: not for the small sites)
    tops, first, second = _shares(names)
    for folder in tops:
        os.mkdir(f"{root}/{folder}")
    made = frozenset(tops)
    with Forked(lambda: _write_share(files, second, root, made, previous)) as other_share:
        return _write_share(files, first, root, made, previous) + other_share.result()


def _write_share(files: dict[str, Content], names: list[str], root: Path, made: frozenset[str] = frozenset(),
                 previous: str | None = None) -> int:
    """Make the folders ``names`` need (but those ``made`` already), then write the files ``names``; returns
    the bytes written (those of linked files included). A folder that exists (its share written again after
    its process failed) is fine.

    With ``previous`` (the folder of the site being replaced), a file whose bytes are exactly those of the
    file of the same name there becomes a second name of that file (a hard link) instead of a new file: a
    rebuild after a small change then writes only what changed (comparing costs a read; creating a file
    costs far more system time), and removing the old site frees none of the files the new one keeps.
    An unchanged file keeps its date, so web servers and sync tools see it unchanged. Where a link cannot
    be made (a disk that has none, another device), the file is written."""
    for folder in _folders(names):
        if folder not in made:
            try:
                os.mkdir(f"{root}/{folder}")
            except FileExistsError:
                pass
    prefix = f"{root}/"  # names are POSIX paths: joined as text, a pathlib join costs more than the open
    total = 0
    for name in names:
        content = files[name]
        if previous is not None and _linked(previous + name, prefix + name, content):
            total += content_size(content)
        else:
            total += write_new_file(prefix + name, content)
    return total


def _linked(old: str, new: str, content: Content) -> bool:
    """Whether ``new`` was made a hard link to ``old``, which holds exactly ``content``."""
    if not holds_exactly(old, content):
        return False
    try:
        os.link(old, new, follow_symlinks=False)
    except OSError:
        return False
    return True
