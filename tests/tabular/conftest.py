"""Helpers for the tabular tests: small real files written in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from portalgen.tabular import normalise, read_table


@pytest.fixture
def write_text(tmp_path: Path):
    """write_text(name, text, encoding='utf-8') → Path; bytes exactly as the encoding gives."""

    def _write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return _write


@pytest.fixture
def write_bytes(tmp_path: Path):
    def _write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _write


@pytest.fixture
def load(write_text):
    """load(text, name='data.csv', encoding='utf-8', **read_options) → NormalisedTable."""
    from portalgen.tabular import ReadOptions

    def _load(text: str, name: str = "data.csv", encoding: str = "utf-8", **options):
        path = write_text(name, text, encoding)
        return normalise(read_table(path, options=ReadOptions(**options)))

    return _load
