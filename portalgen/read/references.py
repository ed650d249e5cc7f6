"""Cross-references between documents and datasets, and files that documents point to."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..errors import Finding, error
from ..model import Document


def check_document_references(root: Path, documents: tuple[Document, ...], dataset_ids: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    for doc in documents:
        for dataset_id in doc.meta.datasets:
            if dataset_id not in dataset_ids:
                loc = doc.meta.key_locations.get("datasets")
                close = difflib.get_close_matches(dataset_id, sorted(dataset_ids), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "write the id of a dataset (its file name in datasets/)"
                findings.append(error(f'the dataset "{dataset_id}" does not exist', loc or doc.where,
                                      key="datasets", hint=hint, code="unknown-dataset"))
        image = getattr(doc.meta, "image", None)
        if image:
            loc = doc.meta.key_locations.get("image") or doc.where
            static = (root / "static").resolve()
            relative = image.removeprefix("static/")
            target = (static / relative).resolve()
            if not target.is_relative_to(static):
                findings.append(error(f'the image "{image}" is outside the static/ folder', loc, key="image",
                                      code="path-escape", hint="put the image in static/ and write e.g. static/reuses/carte.png"))
            elif not target.is_file():
                findings.append(error(f'the image "{image}" does not exist', loc, key="image", code="missing-file",
                                      hint="put the image in the site's static/ folder, e.g. static/reuses/carte.png"))
    return findings


def check_home_charts(config, dataset_ids: set[str]) -> list[Finding]:
    findings = []
    where = config.key_locations.get("home_charts")
    for dataset_id in config.home_charts:
        if dataset_id not in dataset_ids:
            close = difflib.get_close_matches(dataset_id, sorted(dataset_ids), n=1)
            hint = f"did you mean '{close[0]}'?" if close else "write the id of a dataset (its file name in datasets/)"
            findings.append(error(f'the dataset "{dataset_id}" does not exist', where, key="home_charts",
                                  hint=hint, code="unknown-dataset"))
    return findings
