"""profile: per-column facts (type, empty cells, distinct values, min/max, top values)."""

from __future__ import annotations

from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc

from portalgen.tabular.formatting import canonical_strings, canonical_text
from portalgen.tabular.model import (
    BOOLEAN, INTEGER, NUMERIC_TYPES, STRING, TEMPORAL_TYPES, Column, ColumnProfile, NormalisedTable,
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


#: Up to this many values, a text or integer column is counted in Python (each Arrow call costs more
#: than counting a few dozen values); both ways give the same profile (tested).
SMALL_COLUMN = 512
#: Types whose Python values sort as Arrow sorts them and print as canonical_strings writes them.
_PYTHON_COUNTED = (STRING, BOOLEAN, INTEGER)


def _small_counts(values: pa.ChunkedArray, column_type: str, k: int) -> tuple[int, tuple[tuple[str, int], ...]]:
    """The number of distinct non-empty values, and the k most frequent (as :func:`_top_values`)."""
    counts = Counter(v for v in values.to_pylist() if v is not None)
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]
    return len(counts), tuple((str(value), count) for value, count in top)


def profile_column(column: Column, values: pa.ChunkedArray) -> ColumnProfile:
    """The profile of one normalised column."""
    empty = values.null_count
    count = len(values) - empty
    if len(values) <= SMALL_COLUMN and column.type in _PYTHON_COUNTED and values.type in (pa.string(), pa.int64()):
        distinct, top = _small_counts(values, column.type, TOP_VALUES)
    else:
        counts = _value_counts(values)
        distinct, top = counts.num_rows, _top_values(counts, column.type, TOP_VALUES)
    low = high = None
    if count and (column.type in NUMERIC_TYPES or column.type in TEMPORAL_TYPES):
        bounds = pc.min_max(values).as_py()
        low, high = bounds["min"], bounds["max"]
        if column.type in TEMPORAL_TYPES:
            low, high = canonical_text(low), canonical_text(high)
    return ColumnProfile(name=column.name, type=column.type, count=count, empty=empty, distinct=distinct,
                         min=low, max=high, top=top)


def profile(normalised: NormalisedTable) -> tuple[ColumnProfile, ...]:
    """Profile every column, in column order."""
    return tuple(profile_column(c, normalised.arrow(c.name)) for c in normalised.columns)
