"""The syndicat's output folder: its marker, the regional files, and copies of shard outputs.

OUT holds one folder per commune (each written atomically by the single-site build), the
communes' summaries (``observatoire/communes/<slug>.json``), the regional files and a marker,
``.portalgen-syndicat``, that says what wrote the folder (syndicat, shard, communes built or
failed, regional files). The marker is what ``portalgen merge`` reads in each shard output.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, PortalgenError, error
from ..filesource import Content, content_size, write_new_file
from ..output import MARKER as SITE_MARKER
from ..output import OutputPlan
from .summary import CommuneSummary, summary_from_json
from .worker import SUMMARIES_DIR

MARKER = ".portalgen-syndicat"
MARKER_FORMAT = 1


@dataclass(frozen=True)
class Marker:
    """What a build-all run wrote into OUT."""

    fingerprint: str
    syndicat: str                       # the syndicat folder, as merge should find it
    shard: str | None                   # "K/N", or None for a whole build or a merge
    built: tuple[str, ...]              # communes built without error in this run
    failed: tuple[tuple[str, tuple[str, ...]], ...]   # (slug, problems as text) of communes that failed
    regional_files: tuple[str, ...] = ()

    def to_json(self) -> bytes:
        data = {"format": MARKER_FORMAT, "fingerprint": self.fingerprint, "syndicat": self.syndicat,
                "shard": self.shard, "built": list(self.built),
                "failed": [{"commune": slug, "problems": list(problems)} for slug, problems in self.failed],
                "regional_files": list(self.regional_files),
                "note": "This folder was written by portalgen build-all or merge; it is updated at each build."}
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def read_marker(out_dir: Path) -> Marker | None:
    """The marker of a syndicat output, or None when the folder has none (or an unreadable one)."""
    path = Path(out_dir) / MARKER
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != MARKER_FORMAT:
            return None
        return Marker(fingerprint=data["fingerprint"], syndicat=data["syndicat"], shard=data.get("shard"),
                      built=tuple(data.get("built") or ()),
                      failed=tuple((f["commune"], tuple(f.get("problems") or ())) for f in data.get("failed") or ()),
                      regional_files=tuple(data.get("regional_files") or ()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_marker(out_dir: Path, marker: Marker) -> None:
    write_atomically(Path(out_dir) / MARKER, marker.to_json())


def check_out_dir(out_dir: Path, syndicat_root: Path) -> None:
    """Refuse an output folder that would overwrite the sources or a folder portalgen did not make."""
    out = Path(out_dir).resolve()
    root = Path(syndicat_root).resolve()
    if out == root or root.is_relative_to(out):
        raise PortalgenError(error(f"the output folder {out_dir} contains the syndicat folder itself",
                                   Location(str(out_dir)), code="out-dir",
                                   hint="choose another folder with -o, e.g. _site"))
    if out.exists() and not out.is_dir():
        raise PortalgenError(error(f"the output path {out_dir} is a file, not a folder", Location(str(out_dir)),
                                   code="out-dir", hint="choose a folder with -o"))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise PortalgenError(error(
            f"the output folder {out_dir} is not empty and was not made by portalgen build-all; it will not be "
            "written into", Location(str(out_dir)), code="out-dir",
            hint="choose an empty or new folder with -o, or empty this one yourself"))


def write_atomically(target: Path, content: Content) -> None:
    """Write one file so that a reader sees the old or the new content, never half of it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    write_new_file(tmp, content)
    os.replace(tmp, target)


def write_regional(out_dir: Path, plan: OutputPlan, previous: tuple[str, ...] = ()) -> int:
    """Write the regional files; remove those a previous build wrote and this one does not. Returns bytes written."""
    if plan.findings:
        raise PortalgenError(plan.findings)
    out_dir = Path(out_dir)
    total = 0
    for rel in sorted(plan.files):
        content = plan.files[rel]
        write_atomically(out_dir / rel, content)
        total += content_size(content)
    for rel in sorted(set(previous) - set(plan.files)):
        stale = out_dir / rel
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
    return total


def read_summaries(out_dir: Path, slugs: set[str] | None = None) -> dict[str, CommuneSummary]:
    """The communes' summaries found in ``out_dir`` (only ``slugs`` when given); unreadable ones are skipped."""
    folder = Path(out_dir) / SUMMARIES_DIR
    found: dict[str, CommuneSummary] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.json")):
        if slugs is not None and path.stem not in slugs:
            continue
        try:
            summary = summary_from_json(path.read_bytes())
        except (OSError, ValueError, TypeError):
            continue
        if summary.slug == path.stem:
            found[summary.slug] = summary
    return found


def remove_commune(out_dir: Path, summary: CommuneSummary) -> None:
    """Remove a commune that left the syndicat: its summary, and its site when portalgen wrote it."""
    site = Path(out_dir) / summary.out_folder
    if (site / SITE_MARKER).is_file():
        shutil.rmtree(site)
    (Path(out_dir) / SUMMARIES_DIR / f"{summary.slug}.json").unlink(missing_ok=True)


def copy_commune(source_out: Path, out_dir: Path, summary: CommuneSummary, summary_bytes: bytes) -> None:
    """Copy one built commune (site and summary) from a shard output into ``out_dir``; the old copy is swapped out."""
    source = Path(source_out) / summary.out_folder
    target = Path(out_dir) / summary.out_folder
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    for leftover in (tmp, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(source, tmp, symlinks=True)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    write_atomically(Path(out_dir) / SUMMARIES_DIR / f"{summary.slug}.json", summary_bytes)
