"""Shared helpers for the schema tests: the reference folder and small CSV writers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "scdl"


def reference_dir() -> Path:
    """The SCDL reference folder, or skip the test when this environment does not have it."""
    if not (REFERENCE / "expected-validation.json").is_file():
        pytest.skip("../shared/reference not available")
    return REFERENCE


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """Write a normalised CSV (UTF-8, comma, LF) and return its path."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path
