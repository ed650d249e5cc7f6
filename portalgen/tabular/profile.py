"""profile: per-column facts (type, empty cells, distinct values, min/max, top values)."""

from __future__ import annotations

from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc

from portalgen.tabular.formatting import canonical_strings, canonical_text, canonical_values
from portalgen.tabular.model import (
    BOOLEAN, DATE, DATETIME, INTEGER, NUMBER, NUMERIC_TYPES, STRING, TEMPORAL_TYPES, Column, ColumnProfile,
    NormalisedTable,
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


#: Up to this many values, a column is counted in Python (each Arrow call costs more than counting a
#: few dozen values); both ways give the same profile (tested).
SMALL_COLUMN = 512
#: Types counted in Python, with the Arrow type of their values: Python values sort as Arrow sorts them
#: and print as canonical_strings writes them. (A date Python cannot hold, before year 1, fails either
#: way: the general path reads its bounds in Python too.)
_PYTHON_COUNTED = {STRING: pa.string(), BOOLEAN: pa.string(), INTEGER: pa.int64(), NUMBER: pa.float64(),
                   DATE: pa.date32(), DATETIME: pa.timestamp("s")}


def _counted_in_python(column: Column, values: pa.ChunkedArray, python: list | None) -> bool:
    """Whether the column is small and of a type counted in Python. Numbers need a further look:
    Python counts 0.0 and -0.0 as one value, and NaN apart from itself (Arrow keeps -0.0 apart)."""
    if python is None or len(values) > SMALL_COLUMN or _PYTHON_COUNTED.get(column.type) != values.type:
        return False
    return column.type != NUMBER or all(v != 0 and v == v for v in python if v is not None)


def _small_counts(values: list, column_type: str, k: int) -> tuple[int, tuple[tuple[str, int], ...]]:
    """The number of distinct non-empty values, and the k most frequent (as :func:`_top_values`)."""
    counts = Counter(values)
    counts.pop(None, None)  # empty cells are not values
    if len(counts) == sum(counts.values()):
        # Every value once (identifiers, amounts, dates, labels: most columns of a small table): most
        # frequent first, ties by ascending value, is the values in ascending order, which sorting the
        # distinct values gives without a key made per value (tested equal).
        top = [(value, 1) for value in sorted(counts)[:k]]
    else:
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]
    texts = canonical_values([value for value, _ in top], column_type)
    return len(counts), tuple(zip(texts, (count for _, count in top)))


def profile_column(column: Column, values: pa.ChunkedArray, python: list | None = None) -> ColumnProfile:
    """The profile of one normalised column; ``python``, when the caller has them, are its values as
    Python objects, which small columns are counted from."""
    empty = values.null_count
    count = len(values) - empty
    low = high = None
    if _counted_in_python(column, values, python):
        distinct, top = _small_counts(python, column.type, TOP_VALUES)
        if count and (column.type in NUMERIC_TYPES or column.type in TEMPORAL_TYPES):
            filled = [v for v in python if v is not None]
            low, high = min(filled), max(filled)
            if column.type in TEMPORAL_TYPES:
                low, high = canonical_text(low), canonical_text(high)
        return ColumnProfile(name=column.name, type=column.type, count=count, empty=empty, distinct=distinct,
                             min=low, max=high, top=top)
    counts = _value_counts(values)
    distinct, top = counts.num_rows, _top_values(counts, column.type, TOP_VALUES)
    if count and (column.type in NUMERIC_TYPES or column.type in TEMPORAL_TYPES):
        bounds = pc.min_max(values).as_py()
        low, high = bounds["min"], bounds["max"]
        if column.type in TEMPORAL_TYPES:
            low, high = canonical_text(low), canonical_text(high)
    return ColumnProfile(name=column.name, type=column.type, count=count, empty=empty, distinct=distinct,
                         min=low, max=high, top=top)


def profile(normalised: NormalisedTable) -> tuple[ColumnProfile, ...]:
    """Profile every column, in column order."""
    small = normalised.row_count <= SMALL_COLUMN
    return tuple(profile_column(c, normalised.arrow(c.name),
                                normalised.values(c.name) if small and c.type in _PYTHON_COUNTED else None)
                 for c in normalised.columns)
