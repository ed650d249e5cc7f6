"""Merge the syndicat's defaults into a commune's portal.yml.

Rules (README, "Syndicats"):

* a key the commune's portal.yml writes wins; a key it does not write comes from syndicat.yml's
  ``defaults`` (then from portalgen's own default);
* mappings (publisher, contact, map, feedback, accessibility, legal, and the mappings inside them
  such as legal.host or accessibility.audit) are merged key by key, with the same rule;
  ``extra`` too, by its first-level keys;
* lists (navigation, themes, producers, accessibility.non_accessible…) are replaced as a whole;
* ``site_url`` comes from the syndicat's ``communes_url`` unless portal.yml writes one;
* a theme given as a path is relative to the syndicat folder (a bare name is looked up in the
  syndicat's ``themes/`` folder, then among the installed themes).

Every inherited value keeps the location it was written at (``../../syndicat.yml:12``, relative
to the commune folder), so a problem with it names syndicat.yml and the right line.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..config.checker import schema_fields
from ..config.load import SiteSource
from ..config.schema import SiteConfig
from ..errors import Location
from .load import SYNDICAT_FILE
from .schema import SiteDefaults, SyndicatConfig

#: Keys of SiteDefaults merged key by key when both sides write them.
DICT_KEYS = frozenset({"extra"})


def relative_file(syndicat_root: Path, commune_root: Path) -> str:
    """syndicat.yml as seen from the commune folder (e.g. ``../../syndicat.yml``)."""
    return Path(os.path.relpath(Path(syndicat_root).resolve() / SYNDICAT_FILE, Path(commune_root).resolve())).as_posix()


def relocate(value: Any, file: str) -> Any:
    """``value`` with every location (its own and nested ones) moved to ``file``, same line and column."""
    if isinstance(value, tuple):
        return tuple(relocate(v, file) for v in value)
    if isinstance(value, dict):
        return {k: relocate(v, file) for k, v in value.items()}
    if not (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        return value
    changes = {f.name: relocate(getattr(value, f.name), file) for f in schema_fields(type(value))}
    where = getattr(value, "where", None)
    locations = getattr(value, "key_locations", None)
    if where is not None:
        changes["where"] = Location(file, where.line, where.column)
    if locations is not None:
        changes["key_locations"] = {k: Location(file, loc.line, loc.column) for k, loc in locations.items()}
    return replace(value, **changes)


def merge_mapping(own: Any, inherited: Any) -> Any:
    """A config mapping: the keys ``own`` writes, completed by those ``inherited`` writes (recursively)."""
    changes: dict[str, Any] = {}
    locations = dict(own.key_locations)
    for name, where in inherited.key_locations.items():
        mine, theirs = getattr(own, name), getattr(inherited, name)
        if name not in own.key_locations:
            changes[name] = theirs
            locations[name] = where
        elif _is_config(mine) and _is_config(theirs):
            changes[name] = merge_mapping(mine, theirs)
    return replace(own, **changes, key_locations=locations) if changes or locations != own.key_locations else own


def _is_config(value: Any) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, type) and hasattr(value, "key_locations")


def rebase_theme(theme: str, syndicat_root: Path, commune_root: Path) -> str:
    """A theme named in syndicat.yml, as the commune's site must name it to find the same folder."""
    syndicat_root, commune_root = Path(syndicat_root).resolve(), Path(commune_root).resolve()
    if "/" in theme or theme.startswith("."):
        target = syndicat_root / theme
    elif (syndicat_root / "themes" / theme / "templates").is_dir():
        target = syndicat_root / "themes" / theme
    else:
        return theme  # an installed theme: the same name works everywhere
    relative = Path(os.path.relpath(target, commune_root)).as_posix()
    return relative if relative.startswith(".") else "./" + relative


def apply_defaults(config: SiteConfig, syndicat: SyndicatConfig, *, syndicat_root: Path, commune_root: Path,
                   commune_url: str) -> SiteConfig:
    """The commune's settings once the syndicat's defaults and address are merged in (see the module's rules)."""
    file = relative_file(syndicat_root, commune_root)
    defaults: SiteDefaults = relocate(syndicat.defaults, file)
    changes: dict[str, Any] = {}
    locations = dict(config.key_locations)
    for name, where in defaults.key_locations.items():
        inherited = getattr(defaults, name)
        own = getattr(config, name)
        if name == "theme":
            inherited = rebase_theme(inherited, syndicat_root, commune_root)
        if name not in config.key_locations:
            changes[name] = inherited
            locations[name] = where
        elif name in DICT_KEYS:
            changes[name] = {**inherited, **own}
        elif _is_config(own) and _is_config(inherited):
            changes[name] = merge_mapping(own, inherited)
    if "site_url" not in config.key_locations:
        changes["site_url"] = commune_url
        pattern_where = syndicat.key_locations.get("communes_url") or syndicat.key_locations.get("site_url")
        if pattern_where is not None:
            locations["site_url"] = Location(file, pattern_where.line, pattern_where.column)
    return replace(config, **changes, key_locations=locations)


def with_defaults(source: SiteSource, syndicat: SyndicatConfig, *, syndicat_root: Path, commune_url: str) -> SiteSource:
    """A loaded commune site with the syndicat's defaults merged into its portal.yml."""
    config = apply_defaults(source.config, syndicat, syndicat_root=syndicat_root, commune_root=source.root,
                            commune_url=commune_url)
    return replace(source, config=config)
