"""The schema a dataset follows, as data.gouv.fr recognises it: its canonical schema.json URL.

data.gouv.fr matches ``dct:conformsTo`` against the URLs schema.data.gouv.fr lists
(``https://schema.data.gouv.fr/schemas/<id>/<version>/schema.json``); any other form arrives as an
unknown schema. Known schemas come from :mod:`portalgen.schemas.registry` (offline); a schema
given as a URL is used as written; a schema file inside the site has no public URL and is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCHEMA_SITE = "https://schema.data.gouv.fr/schemas/"
_CANONICAL = re.compile(r"^https://schema\.data\.gouv\.fr/schemas/(?P<id>.+)/(?P<version>[^/]+)/schema\.json$")


@dataclass(frozen=True)
class SchemaReference:
    """What ``dct:conformsTo`` points to."""

    url: str
    title: str
    known: bool          # listed on schema.data.gouv.fr (data.gouv.fr will show and validate it)


def canonical_schema_url(schema_id: str, version: str) -> str:
    """https://schema.data.gouv.fr/schemas/<id>/<version>/schema.json"""
    return f"{SCHEMA_SITE}{schema_id.strip('/')}/{version}/schema.json"


def parse_canonical_url(url: str) -> tuple[str, str] | None:
    """(id, version) of a schema.data.gouv.fr schema URL, or None for another URL."""
    match = _CANONICAL.match(url.strip())
    return (match["id"], match["version"]) if match else None


def schema_reference(schema: str | None) -> SchemaReference | None:
    """The conformsTo target of a dataset's ``schema:`` value, or None when it has no public URL."""
    if not schema or not schema.strip():
        return None
    text = schema.strip()
    try:
        from ..schemas.registry import find_known_schema
    except ImportError:  # pragma: no cover - the registry ships with portalgen
        find_known_schema = None
    if find_known_schema is not None:
        info = find_known_schema(text)
        if info is not None and info.url:
            return SchemaReference(url=info.url, title=info.title or info.id,
                                   known=parse_canonical_url(info.url) is not None)
    if re.match(r"^https?://", text, re.IGNORECASE):
        return SchemaReference(url=text, title=text, known=parse_canonical_url(text) is not None)
    return None
