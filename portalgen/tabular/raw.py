"""What a reader hands over before columns are named, cleaned and typed."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from portalgen.errors import Finding


@dataclass(frozen=True, eq=False)
class RawTable:
    """Header cells and text columns as found in the file, with each row's source number."""

    header: tuple[str, ...]
    columns: tuple[pa.ChunkedArray, ...]
    rows: np.ndarray
    header_row: int | None = None
    title_rows: tuple[str, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None
    quotechar: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = field(default=())
    geometry: tuple[str | None, ...] | None = None
    derived_columns: tuple[str, ...] = ()
    #: The columns' values as Python lists, when the reader made a small table from them (see
    #: :func:`small_text_columns`): each is ``column.to_pylist()``, which reading the table would
    #: otherwise make again.
    texts: tuple[list[str], ...] | None = None


def text_columns(rows: list[list[str]], width: int) -> list[pa.Array]:
    """Transpose rows of text (all ``width`` long) into Arrow string arrays."""
    if not rows:
        return [pa.array([], type=pa.string()) for _ in range(width)]
    return [pa.array(column, type=pa.string()) for column in zip(*rows)]


def small_text_columns(rows: list[list[str]], width: int) -> tuple[list[pa.Array], tuple[list[str], ...]]:
    """:func:`text_columns` of a small table, with each column's cells as a list: the same strings the
    array is made of, so the list is what ``to_pylist`` of the array gives (tested equal), kept for
    :attr:`RawTable.texts` instead of converting the array back (~5-10 µs a column)."""
    texts = tuple(list(column) for column in zip(*rows)) if rows else tuple([] for _ in range(width))
    return [pa.array(column, type=pa.string()) for column in texts], texts


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of small lists.

    Lists of cells are not cyclic; the collector would only rescan them again and again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
