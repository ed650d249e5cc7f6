"""preview: the first rows of a table as text ready for a French page."""

from __future__ import annotations

from portalgen.tabular.formatting import display_values, looks_like_year_column
from portalgen.tabular.model import NormalisedTable, Preview


def preview(normalised: NormalisedTable, n: int = 50) -> Preview:
    """Column names, types and the first ``n`` rows, each cell formatted for display
    (1 234,5 · 31/12/2023 · empty cells as '')."""
    shown = min(max(n, 0), normalised.row_count)
    cells_by_column = []
    for column in normalised.columns:
        # Every row shown: the table's Python values (converted once, shared with the profile and the
        # downloads) are the slice's.
        values = (normalised.values(column.name) if shown == normalised.row_count
                  else normalised.arrow(column.name).slice(0, shown).to_pylist())
        group = not looks_like_year_column(column.name)
        decimals = column.decimals if column.fixed_decimals else None
        cells_by_column.append(display_values(values, column.type, decimals=decimals, group_integers=group))
    rows = tuple(tuple(cells) for cells in zip(*cells_by_column)) if cells_by_column else tuple(
        () for _ in range(shown))
    return Preview(columns=normalised.column_names, types=tuple(c.type for c in normalised.columns),
                   rows=rows, source_rows=tuple(normalised.row_numbers[:shown].tolist()),
                   total_rows=normalised.row_count)
