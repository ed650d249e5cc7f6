"""Find the Table Schema a dataset follows: a known schema by name, a file in the site, or a URL.

Known schemas (SCDL and a few others useful to a commune) are defined in
:mod:`portalgen.schemas.definitions` and need no network. A schema given by URL is
downloaded once into a cache folder; later builds read the cached copy and work offline.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Location, PortalgenError, error
from .definitions import ALL_DEFINITIONS, SchemaDefinition

Fetcher = Callable[[str], bytes]
"""Downloads a URL and returns its bytes; raises ``OSError`` (or ``urllib.error.URLError``) on failure."""

FETCH_TIMEOUT_SECONDS = 20
USER_AGENT = "portalgen (static open data portal generator)"


@dataclass(frozen=True)
class SchemaInfo:
    """A schema ready to use: what it is, where it comes from, and its Table Schema descriptor.

    ``source`` is ``"builtin"``, ``"file"`` or ``"url"``. ``url`` is the canonical URL for
    known schemas and the download URL for remote ones (None for a local file, whose path is
    in ``location``). ``definition`` is set for known schemas only.
    """

    id: str
    title: str
    version: str | None
    url: str | None
    explanation: str | None
    source: str
    is_scdl: bool = False
    location: str | None = None
    definition: SchemaDefinition | None = field(default=None, compare=False, repr=False)
    _descriptor: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def descriptor(self) -> dict[str, Any]:
        """A fresh copy of the frictionless-compatible Table Schema descriptor."""
        return copy.deepcopy(dict(self._descriptor))

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.get("name", "") for f in self._descriptor.get("fields", []))


def _info_from_definition(definition: SchemaDefinition) -> SchemaInfo:
    return SchemaInfo(
        id=definition.id, title=definition.title, version=definition.version,
        url=definition.url, explanation=definition.explanation, source="builtin",
        is_scdl=definition.scdl, definition=definition, _descriptor=definition.descriptor(),
    )


KNOWN_SCHEMAS: tuple[SchemaInfo, ...] = tuple(_info_from_definition(d) for d in ALL_DEFINITIONS)


def _normalise_name(name: str) -> str:
    return name.strip().strip("/").lower()


def _names_of(definition: SchemaDefinition) -> set[str]:
    names = {definition.id, definition.name, *definition.aliases}
    if definition.scdl:
        names.add(f"scdl/{definition.name}")
    return {_normalise_name(n) for n in names}


_BY_NAME: dict[str, SchemaInfo] = {
    name: info for info in KNOWN_SCHEMAS for name in _names_of(info.definition)  # type: ignore[arg-type]
}
_BY_URL: dict[str, SchemaInfo] = {info.url: info for info in KNOWN_SCHEMAS if info.url}


def known_schemas(*, scdl_only: bool = False) -> tuple[SchemaInfo, ...]:
    """The schemas portalgen knows offline, in presentation order (SCDL first)."""
    return tuple(s for s in KNOWN_SCHEMAS if s.is_scdl or not scdl_only)


def find_known_schema(name: str | None) -> SchemaInfo | None:
    """A known schema by id (``scdl/subventions``, ``etalab/schema-irve-statique``), bare name
    (``subventions``), alias, or canonical URL. Case-insensitive. None when unknown."""
    if not isinstance(name, str):
        return None
    return _BY_URL.get(name.strip()) or _BY_NAME.get(_normalise_name(name))


def is_url(ref: str) -> bool:
    return bool(re.match(r"^https?://", ref.strip(), re.IGNORECASE))


def _looks_like_path(ref: str) -> bool:
    lowered = ref.lower()
    return lowered.endswith((".json", ".yml", ".yaml")) or ref.startswith((".", "/", "~"))


def resolve_schema(ref: str, *, site_dir: Path | str = ".", cache_dir: Path | str | None = None,
                   fetch: Fetcher | None = None, config_file: str | None = None,
                   config_key: str | None = None) -> SchemaInfo:
    """Turn a ``schema:`` value from the config into a :class:`SchemaInfo`.

    ``ref`` is a known schema name, a path to a JSON/YAML Table Schema relative to
    ``site_dir``, or an http(s) URL. A URL equal to a known schema's canonical URL needs no
    download. Other URLs are read from ``cache_dir`` if present, otherwise downloaded with
    ``fetch`` (default: urllib) and saved there. ``config_file``/``config_key`` only serve to
    say where the reference was written in error messages.

    Raises :class:`PortalgenError` with a plain explanation and a hint when the schema cannot
    be found, downloaded or read.
    """
    where = Location(config_file) if config_file else None
    text = ref.strip()
    if not text:
        raise PortalgenError(error("The schema reference is empty", where, key=config_key,
                                   hint="write a schema name such as scdl/subventions, "
                                        "a path to a schema file, or a URL",
                                   code="schema-empty"))
    known = find_known_schema(text)
    if known is not None:
        return known
    if is_url(text):
        return _load_url_schema(text, cache_dir=cache_dir, fetch=fetch, where=where, key=config_key)
    if _looks_like_path(text) or (Path(site_dir) / text).is_file():
        return _load_file_schema(text, Path(site_dir), where=where, key=config_key)
    raise PortalgenError(error(
        f"Unknown schema '{text}'", where, key=config_key,
        hint=_unknown_name_hint(text), code="schema-unknown"))


def load_descriptor(ref: str, **options: Any) -> dict[str, Any]:
    """The frictionless-compatible Table Schema descriptor for ``ref`` (see :func:`resolve_schema`)."""
    return resolve_schema(ref, **options).descriptor()


def _unknown_name_hint(name: str) -> str:
    candidates = sorted(_BY_NAME)
    close = difflib.get_close_matches(_normalise_name(name), candidates, n=3, cutoff=0.6)
    known = ", ".join(info.id for info in KNOWN_SCHEMAS)
    if close:
        return f"did you mean {' or '.join(close)}? Known schemas: {known}; " \
               "or give a path to a schema file (.json) or a URL"
    return f"known schemas: {known}; or give a path to a schema file (.json) or a URL"


def _parse_schema_text(text: str, origin: str, *, yaml_allowed: bool) -> dict[str, Any]:
    """Parse a Table Schema document. Raises ValueError with a plain reason."""
    try:
        data = yaml.safe_load(text) if yaml_allowed else json.loads(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{origin} is not valid {'YAML' if yaml_allowed else 'JSON'}: "
                         f"{str(exc).splitlines()[0]}") from exc
    problem = table_schema_problem(data)
    if problem:
        raise ValueError(f"{origin} is not a Table Schema: {problem}")
    return data


def table_schema_problem(data: Any) -> str | None:
    """Why ``data`` is not a usable Table Schema descriptor, or None when it is."""
    if not isinstance(data, dict):
        return "the document is not an object"
    fields = data.get("fields")
    if not isinstance(fields, list) or not fields:
        return "it has no 'fields' list"
    names: set[str] = set()
    for position, item in enumerate(fields, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
            return f"field number {position} has no name"
        if item["name"] in names:
            return f"the field name '{item['name']}' appears twice"
        names.add(item["name"])
    return None


def _info_from_descriptor(descriptor: dict[str, Any], *, ref: str, source: str,
                          url: str | None, location: str | None) -> SchemaInfo:
    version = descriptor.get("version")
    version_text = str(version).removeprefix("v") if version is not None else None
    title = descriptor.get("title") or descriptor.get("name") or ref
    return SchemaInfo(id=ref, title=str(title), version=version_text, url=url,
                      explanation=descriptor.get("description"), source=source,
                      location=location, _descriptor=descriptor)


def _load_file_schema(ref: str, site_dir: Path, *, where: Location | None,
                      key: str | None) -> SchemaInfo:
    path = Path(ref).expanduser()
    full = path if path.is_absolute() else site_dir / path
    if not full.is_file():
        raise PortalgenError(error(
            f"Schema file '{ref}' not found (looked for {full})", where, key=key,
            hint="check the path: it is relative to the site folder (where portal.yml is)",
            code="schema-file-missing"))
    try:
        text = full.read_text(encoding="utf-8-sig")
        descriptor = _parse_schema_text(text, f"schema file '{ref}'",
                                        yaml_allowed=full.suffix.lower() in (".yml", ".yaml"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise PortalgenError(error(str(exc), Location(str(full)), key=key,
                                   hint="the file must be a Table Schema in JSON (UTF-8) with a "
                                        "'fields' list", code="schema-file-invalid")) from exc
    return _info_from_descriptor(descriptor, ref=ref, source="file", url=None, location=str(full))


def cache_path_for(url: str, cache_dir: Path | str) -> Path:
    """Where the downloaded copy of ``url`` is kept (stable name: readable slug + hash)."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    slug = re.sub(r"[^A-Za-z0-9]+", "-", url.split("://", 1)[-1]).strip("-")[-60:]
    return Path(cache_dir) / f"{slug}-{digest}.json"


def default_fetch(url: str) -> bytes:
    """Download ``url`` with urllib (timeout, identifying User-Agent)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
        return response.read()


def _load_url_schema(url: str, *, cache_dir: Path | str | None, fetch: Fetcher | None,
                     where: Location | None, key: str | None) -> SchemaInfo:
    cached = cache_path_for(url, cache_dir) if cache_dir is not None else None
    if cached is not None and cached.is_file():
        try:
            descriptor = _parse_schema_text(cached.read_text(encoding="utf-8"),
                                            f"cached copy of {url}", yaml_allowed=False)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise PortalgenError(error(
                str(exc), Location(str(cached)), key=key,
                hint="delete this cached file and build again while connected to the internet",
                code="schema-cache-invalid")) from exc
        return _info_from_descriptor(descriptor, ref=url, source="url", url=url,
                                     location=str(cached))
    try:
        raw = (fetch or default_fetch)(url)
    except (OSError, urllib.error.URLError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        cache_note = (f"it is not in the schema cache ({cache_dir})" if cache_dir is not None
                      else "no schema cache folder is configured")
        raise PortalgenError(error(
            f"Cannot download schema {url} ({reason}), and {cache_note}", where, key=key,
            hint="build once with an internet connection so the schema gets cached, or save the "
                 "schema file into the site and point 'schema:' to that file",
            code="schema-download-failed")) from exc
    try:
        text = raw.decode("utf-8-sig")
        descriptor = _parse_schema_text(text, f"the schema downloaded from {url}", yaml_allowed=False)
    except (UnicodeDecodeError, ValueError) as exc:
        raise PortalgenError(error(
            str(exc), where, key=key,
            hint="check that the URL points to the schema.json file itself, not to a web page",
            code="schema-url-invalid")) from exc
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(".tmp")
        temporary.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                             encoding="utf-8")
        temporary.replace(cached)
    return _info_from_descriptor(descriptor, ref=url, source="url", url=url,
                                 location=str(cached) if cached else None)


def descriptor_of(schema: "SchemaInfo | Mapping[str, Any]") -> dict[str, Any]:
    """The descriptor of a :class:`SchemaInfo`, or a copy of a descriptor mapping."""
    if isinstance(schema, SchemaInfo):
        return schema.descriptor()
    return copy.deepcopy(dict(schema))
