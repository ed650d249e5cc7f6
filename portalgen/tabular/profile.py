"""profile: per-column facts (type, empty cells, distinct values, min/max, top values)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from portalgen.tabular.formatting import canonical_strings, canonical_text
from portalgen.tabular.model import (
    NUMERIC_TYPES, TEMPORAL_TYPES, Column, ColumnProfile, NormalisedTable,
)

TOP_VALUES = 5


def _value_counts(values: pa.ChunkedArray) -> pa.Table:
    """Each distinct non-empty value with its count."""
    counted = pc.value_counts(values)
    table = pa.table({"values": counted.field("values"), "counts": counted.field("counts")})
    if values.null_count:
        table = table.filter(pc.is_valid(table["values"]))
    return table


def _top_values(table: pa.Table, column_type: str, k: int) -> tuple[tuple[str, int], ...]:
    """The k most frequent values, most frequent first, ties by ascending value."""
    if table.num_rows == 0:
        return ()
    keys = [("counts", "descending"), ("values", "ascending")]
    top = pc.select_k_unstable(table, k=min(k, table.num_rows), sort_keys=keys)
    chosen = table.take(top).sort_by(keys)
    texts = canonical_strings(chosen["values"], column_type).to_pylist()
    return tuple(zip(texts, (int(c) for c in chosen["counts"].to_pylist())))


def profile_column(column: Column, values: pa.ChunkedArray) -> ColumnProfile:
    """The profile of one normalised column."""
    empty = values.null_count
    count = len(values) - empty
    counts = _value_counts(values)
    low = high = None
    if count and (column.type in NUMERIC_TYPES or column.type in TEMPORAL_TYPES):
        bounds = pc.min_max(values).as_py()
        low, high = bounds["min"], bounds["max"]
        if column.type in TEMPORAL_TYPES:
            low, high = canonical_text(low), canonical_text(high)
    return ColumnProfile(name=column.name, type=column.type, count=count, empty=empty, distinct=counts.num_rows,
                         min=low, max=high, top=_top_values(counts, column.type, TOP_VALUES))


def profile(normalised: NormalisedTable) -> tuple[ColumnProfile, ...]:
    """Profile every column, in column order."""
    return tuple(profile_column(c, normalised.arrow(c.name)) for c in normalised.columns)
