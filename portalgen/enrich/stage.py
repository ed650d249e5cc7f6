"""The enrich stage: every enricher in order, each returning new datasets and findings."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import Finding
from ..model import Site


def enrich_site(site: Site, *, cache_dir: Path) -> tuple[Site, list[Finding]]:
    findings: list[Finding] = []
    return replace(site), findings
