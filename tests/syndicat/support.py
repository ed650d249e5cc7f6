"""A tiny syndicat written in tmp_path: four communes inheriting the syndicat's defaults, one overriding them."""

from __future__ import annotations

import textwrap
from pathlib import Path

SYNDICAT_YML = """\
name: Syndicat mixte de la Lérette
site_url: https://opendata.lerette.fr/
description: Le syndicat publie les données de ses communes.
publisher:
  name: Syndicat mixte de la Lérette
  email: contact@lerette.fr
defaults:
  theme: default
  licence: odc-odbl
  contact:
    email: opendata@lerette.fr
    phone: "02 00 00 00 00"
  map:
    tiles: none
  legal:
    host:
      name: Syndicat mixte de la Lérette
"""

PORTAL = """\
title: Données ouvertes de {name}
commune:
  name: {name}
  insee: "{insee}"
  latitude: {lat}
  longitude: {lon}
publisher:
  name: Mairie de {name}
"""

DATASET = """\
title: {title}
description: {title} de la commune de {name}, mis à jour chaque année par le secrétariat de mairie, avec ses limites.
frequency: annual
modified: {modified}
keywords: [{keyword}]
{extra}resources:
  - {file}
"""

COMMUNES = {
    "aubin": ("Saint-Aubin", "41001", 47.49, 1.58),
    "bercy": ("Bercy-sur-Lérette", "41002", 47.51, 1.62),
    "civray": ("Civray", "41003", 47.45, 1.55),
}


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def commune_files(slug: str, name: str, insee: str, lat: float, lon: float, *, datasets: int = 2) -> dict[str, str]:
    files = {f"communes/{slug}/portal.yml": PORTAL.format(name=name, insee=insee, lat=lat, lon=lon)}
    for i in range(datasets):
        scdl = i == 0
        title = "Subventions" if scdl else f"Équipements {i}"
        extra = "schema: scdl/subventions\n" if scdl else ""
        file = f"data-{i}.csv"
        files[f"communes/{slug}/datasets/jeu-{i}.yml"] = DATASET.format(
            title=title, name=name, modified=f"2024-0{i + 1}-15", keyword="budget" if scdl else "sport", extra=extra,
            file=file)
        files[f"communes/{slug}/data/{file}"] = f"nom,montant\n{name} club,{100 + i}\nChorale {slug},{30 + i}\n"
    return files


def write_syndicat(root: Path, *, extra_files: dict[str, str | bytes] | None = None,
                   communes: dict | None = None, syndicat_yml: str = SYNDICAT_YML) -> Path:
    files: dict[str, str | bytes] = {"syndicat.yml": syndicat_yml}
    for slug, (name, insee, lat, lon) in (communes or COMMUNES).items():
        files.update(commune_files(slug, name, insee, lat, lon))
    files.update(extra_files or {})
    return write(root, files)


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def code_digest() -> str:
    """A hash of portalgen's code and built-in themes: what the pipeline's "nothing changed" fingerprint covers.

    Other people may edit the working tree while the tests run; tests that depend on that fingerprint
    compare it before and after."""
    import hashlib
    repo = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for folder in (repo / "portalgen", repo / "themes"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(repo).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
