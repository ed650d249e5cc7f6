"""Is the INSEE code of portal.yml a current commune? If not, was it merged, and into which commune?

When ``https://geo.api.gouv.fr/communes/{insee}`` answers 404, the code is not a current commune
(the API only serves the communes of the current Code officiel géographique). Most codes that
disappeared did so in a merger ("commune nouvelle"): the former commune usually lives on as a
*commune déléguée* (or *associée*), listed by the same API with its ``chefLieu``, the code of the
commune it now belongs to (https://geo.api.gouv.fr/decoupage-administratif/communes, endpoint
``/communes_associees_deleguees``)::

    GET https://geo.api.gouv.fr/communes_associees_deleguees?code={insee}&fields=nom,code,type,chefLieu
    → [{"nom": "…", "code": "…", "type": "commune-deleguee", "chefLieu": "…"}]

Otherwise the code is unknown, and a search by the commune's name suggests codes
(``/communes?nom=…``). The full history of codes is in the INSEE COG ("mouvements des communes",
https://www.insee.fr/fr/information/2560452).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from ..errors import Finding, Location, error, warning
from .files import read_json
from .http import FetchError, Fetcher
from .source import FormatChanged

GEO_API = "https://geo.api.gouv.fr"
COG_HISTORY = "https://www.insee.fr/fr/information/2560452"
KIND_LABELS = {"commune-deleguee": "commune déléguée", "commune-associee": "commune associée"}


@dataclass(frozen=True)
class CodeCheck:
    """What the State's geographic API says of an INSEE code."""

    status: Literal["current", "merged", "unknown", "unchecked"]
    insee: str
    old_name: str | None = None
    kind: str | None = None                  # commune-deleguee or commune-associee, when merged
    new_code: str | None = None
    new_name: str | None = None
    suggestions: tuple[tuple[str, str, str], ...] = ()   # (code, nom, code département) found by name
    reason: str = ""                         # why the check could not be made


def _get_json(fetch: Fetcher, url: str, workdir: Path, name: str):
    path = workdir / name
    fetch(url, path)
    return read_json(path)


def check_code(insee: str, name: str, fetch: Fetcher, workdir: Path, *, known_missing: bool = False) -> CodeCheck:
    """Ask the geographic API whether ``insee`` is a current commune, a merged one, or unknown."""
    try:
        if not known_missing:
            try:
                _get_json(fetch, f"{GEO_API}/communes/{insee}?fields=nom,code", workdir, "code.json")
                return CodeCheck("current", insee)
            except FetchError as exc:
                if not exc.not_found:
                    raise
        former = _get_json(fetch, f"{GEO_API}/communes_associees_deleguees?code={insee}&fields=nom,code,type,chefLieu",
                           workdir, "deleguees.json")
        for item in former if isinstance(former, list) else []:
            if isinstance(item, dict) and item.get("chefLieu") and str(item["chefLieu"]) != insee:
                new_code = str(item["chefLieu"])
                return CodeCheck("merged", insee, old_name=str(item.get("nom") or ""), kind=str(item.get("type") or ""),
                                 new_code=new_code, new_name=_name_of(fetch, new_code, workdir))
        return CodeCheck("unknown", insee, suggestions=_by_name(fetch, name, workdir))
    except FetchError as exc:
        return CodeCheck("unchecked", insee, reason=exc.reason)
    except FormatChanged as exc:
        return CodeCheck("unchecked", insee, reason=str(exc))


def _name_of(fetch: Fetcher, code: str, workdir: Path) -> str | None:
    try:
        data = _get_json(fetch, f"{GEO_API}/communes/{code}?fields=nom,code", workdir, "nouvelle.json")
    except (FetchError, FormatChanged):
        return None
    return str(data.get("nom")) if isinstance(data, dict) and data.get("nom") else None


def _by_name(fetch: Fetcher, name: str, workdir: Path) -> tuple[tuple[str, str, str], ...]:
    if not name.strip():
        return ()
    url = f"{GEO_API}/communes?nom={quote(name)}&fields=nom,code,codeDepartement&boost=population&limit=5"
    try:
        found = _get_json(fetch, url, workdir, "par-nom.json")
    except (FetchError, FormatChanged):
        return ()
    return tuple((str(c["code"]), str(c.get("nom") or ""), str(c.get("codeDepartement") or ""))
                 for c in (found if isinstance(found, list) else []) if isinstance(c, dict) and c.get("code"))


def code_finding(check: CodeCheck, where: Location | None, *, source_label: str) -> Finding | None:
    """The message for a code that is not a current commune (None when it is, or could not be checked)."""
    key = "commune.insee"
    if check.status == "merged":
        kind = KIND_LABELS.get(check.kind or "", "former commune")
        new = f'"{check.new_name}" (INSEE code {check.new_code})' if check.new_name else f"INSEE code {check.new_code}"
        old = f'"{check.old_name}"' if check.old_name else "it"
        return error(
            f"the INSEE code {check.insee} is no longer that of a commune: {old} merged into {new} and is now "
            f"a {kind}; no national data is published under the old code",
            where, key=key, code="national-insee-merged",
            hint=f'write insee: "{check.new_code}" under commune: in portal.yml (and the name of the new commune), '
                 "then run 'portalgen national' again")
    if check.status == "unknown":
        if check.suggestions:
            listed = ", ".join(f"{code} ({nom}, {dep})" for code, nom, dep in check.suggestions)
            hint = f"communes with a close name: {listed}; write the right one as insee: in portal.yml"
        else:
            hint = f"check the code of your commune in the INSEE Code officiel géographique ({COG_HISTORY})"
        return error(f"the INSEE code {check.insee} matches no current commune ({source_label} answers 404)",
                     where, key=key, code="national-insee-unknown", hint=hint)
    if check.status == "unchecked":
        return warning(f"{source_label} has no data for the INSEE code {check.insee}, and the code could not be "
                       f"checked ({check.reason})", where, key=key, code="national-insee-unchecked",
                       hint="check the code in portal.yml, then run 'portalgen national' again")
    return None
