"""Plain helpers shared by the tabular tests (import: from tabhelpers import ...)."""

from __future__ import annotations

from portalgen.errors import DataError


def messages(error: DataError) -> str:
    """Every finding of a DataError, formatted, one per line."""
    return "\n".join(f.format() for f in error.findings)


def column_values(table, name: str) -> list:
    return table.arrow(name).to_pylist()
